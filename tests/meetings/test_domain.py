"""Planning, changing, cancelling and RSVP (meetings/domain.py), without the web pages."""

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import Format
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings import domain
from intervisie.meetings.enums import MeetingStatus, RsvpAnswer
from intervisie.meetings.models import Meeting, MeetingSeries, Rsvp
from tests.factories import (
    CharterFactory,
    MeetingFactory,
    MembershipFactory,
    MethodFactory,
    RsvpFactory,
    UserFactory,
    days_from_today,
)

AMS = ZoneInfo("Europe/Amsterdam")


def _plan(group, by, **fields):
    values = {
        "title": "Intervisie oktober",
        "starts_at": days_from_today(14, 19),
        "ends_at": days_from_today(14, 21),
        "format": Format.IN_PERSON,
        "location": "Buurthuis De Linde, Utrecht",
    }
    values.update(fields)
    return domain.meeting_plan(group=group, by=by, **values)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# --- meeting_gaps (pure) -------------------------------------------------------------------------------


def _m(day: int, month: int = 1, *, cancelled: bool = False):
    return SimpleNamespace(starts_at=datetime(2026, month, day, 19, 0, tzinfo=AMS), is_cancelled=cancelled)


def test_meeting_gaps_exactly_the_maximum_is_fine():
    # 6 January + 8 weeks = 3 March: exactly 56 days.
    assert domain.meeting_gaps([_m(6), _m(3, 3)], 8) == []


def test_meeting_gaps_one_day_longer_than_the_maximum_is_reported():
    first, second = _m(6), _m(4, 3)
    gaps = domain.meeting_gaps([second, first], 8)
    assert len(gaps) == 1
    assert gaps[0].before is first and gaps[0].after is second
    assert (gaps[0].days, gaps[0].weeks) == (57, 8)


def test_meeting_gaps_a_cancelled_meeting_does_not_bridge_the_gap():
    meetings = [_m(6), _m(3, 2, cancelled=True), _m(31, 3)]
    gaps = domain.meeting_gaps(meetings, 8)
    assert [(g.before.starts_at.date(), g.after.starts_at.date()) for g in gaps] == [
        (date(2026, 1, 6), date(2026, 3, 31))
    ]


def test_meeting_gaps_uses_the_given_rule():
    meetings = [_m(6), _m(3, 2), _m(31, 3)]  # four weeks, then eight weeks
    assert [g.days for g in domain.meeting_gaps(meetings, 4)] == [56]
    assert domain.meeting_gaps(meetings, 8) == []


def test_meeting_gaps_with_none_or_one_meeting_is_empty():
    assert domain.meeting_gaps([], 8) == []
    assert domain.meeting_gaps([_m(6)], 1) == []


def test_meeting_gaps_counts_calendar_days_across_summer_time():
    # 19:00 on both days; the clocks go forward on 29 March 2026, which must not make it 56 days + 1 hour.
    assert (
        domain.meeting_gaps([_m(10, 3), SimpleNamespace(starts_at=datetime(2026, 5, 5, 19, tzinfo=AMS))], 8)
        == []
    )


def test_group_meeting_gaps_follows_the_charter_or_eight_weeks(group):
    MeetingFactory(group=group, starts_at=days_from_today(7))
    MeetingFactory(group=group, starts_at=days_from_today(7 + 42))  # six weeks later
    assert domain.group_meeting_gaps(group) == []
    charter = CharterFactory(group=group, max_gap_weeks=5)
    assert [g.days for g in domain.group_meeting_gaps(group, charter=charter)] == [42]


def test_group_meeting_gaps_includes_the_last_meeting_held(group):
    MeetingFactory(group=group, starts_at=days_from_today(-100))  # older ones do not matter
    MeetingFactory(group=group, starts_at=days_from_today(-30))
    MeetingFactory(group=group, starts_at=days_from_today(40))
    assert [g.days for g in domain.group_meeting_gaps(group)] == [70]


# --- meeting_problems (pure) ---------------------------------------------------------------------------


def test_meeting_problems_none_for_a_good_meeting():
    now = timezone.now()
    problems = domain.meeting_problems(
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
        format=Format.IN_PERSON,
        location="Utrecht",
        now=now,
    )
    assert problems == {}


def test_meeting_problems_names_each_field():
    now = timezone.now()
    problems = domain.meeting_problems(
        starts_at=now - timedelta(hours=1),
        ends_at=now - timedelta(hours=2),
        format=Format.HYBRID,
        location="  ",
        rsvp_deadline=now,
        now=now,
    )
    assert problems == {
        "ends_at": "De eindtijd moet na de begintijd liggen.",
        "starts_at": "Deze datum en tijd zijn al voorbij. Kies een moment in de toekomst.",
        "location": "Vul de plaats en het adres in. Alleen bij een online bijeenkomst mag dit leeg blijven.",
        "rsvp_deadline": "Kies een moment vóór het begin van de bijeenkomst.",
    }


def test_meeting_problems_online_needs_no_location():
    now = timezone.now()
    problems = domain.meeting_problems(
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=1),
        format=Format.ONLINE,
        location="",
        now=now,
    )
    assert problems == {}


# --- meeting_plan ----------------------------------------------------------------------------------------


def test_meeting_plan_online_gets_a_hard_to_guess_video_room(group, alice):
    first = _plan(group, alice, format=Format.ONLINE, location="wordt genegeerd")
    second = _plan(group, alice, format=Format.HYBRID)
    assert first.video_room.startswith("intervisiewijzer-")
    assert len(first.video_room) == len("intervisiewijzer-") + 20
    assert first.video_room[len("intervisiewijzer-") :].isalnum()
    assert first.video_room != second.video_room
    assert first.video_url == f"{settings.VIDEO_BASE_URL.rstrip('/')}/{first.video_room}"
    assert first.location == ""  # an online meeting has no place


def test_meeting_plan_in_person_has_no_video(group, alice):
    meeting = _plan(group, alice)
    assert meeting.video_room == "" and meeting.video_url == ""


def test_meeting_plan_saves_audits_and_emails_the_group(group, alice, member, planner, begeleider, charlie):
    method = MethodFactory(name="Incidentmethode", slug="incidentmethode")
    meeting = _plan(group, alice, method=method, is_start_meeting=True)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence, meeting.method, meeting.is_start_meeting) == (
        MeetingStatus.PLANNED,
        0,
        method,
        True,
    )
    entry = AuditEntry.objects.get(action="meeting.plan")
    assert (entry.actor, entry.object_id) == (alice, str(meeting.pk))
    assert _recipients() == ["bea@example.nl", "bob@example.nl", "pien@example.nl"]
    message = mail.outbox[0]
    assert "Nieuwe bijeenkomst van Intervisie Utrecht Oost" in message.subject
    assert f"/bijeenkomsten/{meeting.pk}/" in message.body
    assert "Buurthuis De Linde, Utrecht" in message.body
    assert message.alternatives and "Geef door of je komt" in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts_at": days_from_today(-1, 19), "ends_at": days_from_today(-1, 21)}, "starts_at"),
        ({"ends_at": days_from_today(14, 18)}, "ends_at"),
        ({"location": ""}, "location"),
        ({"title": "x" * 121}, "title"),
    ],
)
def test_meeting_plan_refuses_bad_input_and_saves_nothing(group, alice, member, fields, field):
    with pytest.raises(ValidationError) as caught:
        _plan(group, alice, **fields)
    assert field in caught.value.message_dict
    assert not Meeting.objects.exists()
    assert mail.outbox == []


# --- series_plan -----------------------------------------------------------------------------------------


def test_series_plan_every_n_weeks_at_the_same_local_time(group, alice, member):
    first = timezone.localdate() + timedelta(days=3)
    series = domain.series_plan(
        group=group,
        by=alice,
        name="Schooljaar",
        first_date=first,
        count=6,
        every_weeks=6,
        start_time=time(19, 30),
        end_time=time(21, 30),
        format=Format.IN_PERSON,
        location="Utrecht",
        first_is_start_meeting=True,
    )
    meetings = list(series.meetings.order_by("starts_at"))
    assert [timezone.localdate(m.starts_at) for m in meetings] == [
        first + timedelta(weeks=6 * i) for i in range(6)
    ]
    # Summer and winter time: always 19:30 on the clock, two hours long.
    assert {timezone.localtime(m.starts_at).time() for m in meetings} == {time(19, 30)}
    assert {m.duration_minutes for m in meetings} == {120}
    assert [m.title for m in meetings[:2]] == [
        "Schooljaar: startbijeenkomst",
        "Schooljaar: bijeenkomst 2 van 6",
    ]
    assert [m.is_start_meeting for m in meetings] == [True, False, False, False, False, False]
    assert AuditEntry.objects.filter(action="series.plan").count() == 1
    assert AuditEntry.objects.filter(action="meeting.plan").count() == 6
    # One e-mail per person with every date, not six.
    assert _recipients() == ["bob@example.nl"]
    assert mail.outbox[0].subject.endswith("6 bijeenkomsten gepland voor Intervisie Utrecht Oost")
    assert mail.outbox[0].body.count("19:30 tot 21:30 uur") == 6


def test_series_plan_online_meetings_each_get_their_own_room(group, alice):
    series = domain.series_plan(
        group=group,
        by=alice,
        name="Online reeks",
        first_date=timezone.localdate() + timedelta(days=1),
        count=3,
        every_weeks=2,
        start_time=time(9),
        end_time=time(11),
        format=Format.ONLINE,
    )
    rooms = [m.video_room for m in series.meetings.all()]
    assert len(set(rooms)) == 3 and all(rooms)


@pytest.mark.parametrize(
    ("count", "every_weeks", "field"),
    [(21, 6, "count"), (0, 6, "count"), (6, 0, "every_weeks"), (6, 27, "every_weeks")],
)
def test_series_plan_refuses_bad_counts(group, alice, count, every_weeks, field):
    with pytest.raises(ValidationError) as caught:
        domain.series_plan(
            group=group,
            by=alice,
            name="Reeks",
            first_date=timezone.localdate() + timedelta(days=1),
            count=count,
            every_weeks=every_weeks,
            start_time=time(19),
            end_time=time(21),
            format=Format.ONLINE,
        )
    assert list(caught.value.message_dict) == [field]
    assert not MeetingSeries.objects.exists()


def test_series_plan_is_all_or_nothing(group, alice, member):
    with pytest.raises(ValidationError) as caught:
        domain.series_plan(
            group=group,
            by=alice,
            name="Reeks",
            first_date=timezone.localdate() - timedelta(days=1),  # the first is in the past
            count=5,
            every_weeks=4,
            start_time=time(19),
            end_time=time(21),
            format=Format.IN_PERSON,
            location="Zwolle",
        )
    assert "starts_at" in caught.value.message_dict
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["series.plan", "meeting.plan"]).exists()
    assert mail.outbox == []


# --- meeting_update --------------------------------------------------------------------------------------


def test_meeting_update_raises_sequence_audits_and_emails(group, alice, member):
    meeting = _plan(group, alice)
    mail.outbox.clear()
    updated = domain.meeting_update(
        meeting=meeting,
        by=alice,
        starts_at=days_from_today(15, 19),
        ends_at=days_from_today(15, 21),
        title="Verzet",
    )
    updated.refresh_from_db()
    assert (updated.sequence, updated.title) == (1, "Verzet")
    entry = AuditEntry.objects.get(action="meeting.update")
    assert entry.data["changed"] == ["starts_at", "ends_at", "title"]
    assert entry.data["sequence"] == 1
    assert _recipients() == ["bob@example.nl"]
    assert mail.outbox[0].subject.startswith(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Bijeenkomst gewijzigd: Verzet"
    )
    assert "De tijd is veranderd" in mail.outbox[0].body


def test_meeting_update_without_changes_does_nothing(group, alice, member):
    meeting = _plan(group, alice)
    mail.outbox.clear()
    same = domain.meeting_update(meeting=meeting, by=alice, title=meeting.title, location=meeting.location)
    assert same.sequence == 0
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="meeting.update").exists()


def test_meeting_update_new_time_clears_the_reminder_and_quorum_marks(group, alice):
    meeting = MeetingFactory(group=group, starts_at=days_from_today(1), reminder_sent_at=timezone.now())
    Meeting.objects.filter(pk=meeting.pk).update(quorum_warning_sent_at=timezone.now())
    updated = domain.meeting_update(
        meeting=meeting, by=alice, starts_at=days_from_today(10, 19), ends_at=days_from_today(10, 21)
    )
    updated.refresh_from_db()
    assert updated.reminder_sent_at is None and updated.quorum_warning_sent_at is None


def test_meeting_update_to_online_creates_a_room_and_drops_the_place(group, alice):
    meeting = _plan(group, alice)
    updated = domain.meeting_update(meeting=meeting, by=alice, format=Format.ONLINE)
    updated.refresh_from_db()
    assert updated.video_room.startswith("intervisiewijzer-")
    assert updated.location == ""


def test_meeting_update_refuses_a_cancelled_meeting(group, alice):
    meeting = MeetingFactory(group=group, status=MeetingStatus.CANCELLED)
    with pytest.raises(domain.MeetingError, match="afgelast"):
        domain.meeting_update(meeting=meeting, by=alice, title="Toch")


def test_meeting_update_refuses_moving_into_the_past(group, alice):
    meeting = _plan(group, alice)
    with pytest.raises(ValidationError) as caught:
        domain.meeting_update(
            meeting=meeting, by=alice, starts_at=days_from_today(-2, 19), ends_at=days_from_today(-2, 21)
        )
    assert "starts_at" in caught.value.message_dict
    meeting.refresh_from_db()
    assert meeting.sequence == 0


# --- meeting_cancel --------------------------------------------------------------------------------------


def test_meeting_cancel_tells_everyone_once(group, alice, member, planner, begeleider):
    meeting = _plan(group, alice)
    mail.outbox.clear()
    cancelled = domain.meeting_cancel(meeting=meeting, by=alice, reason="De begeleider is ziek.")
    assert (cancelled.status, cancelled.sequence, cancelled.cancel_reason) == (
        MeetingStatus.CANCELLED,
        1,
        "De begeleider is ziek.",
    )
    assert cancelled.cancellation_sent_at is not None
    assert _recipients() == ["bea@example.nl", "bob@example.nl", "pien@example.nl"]
    assert "Afgelast: Intervisie oktober" in mail.outbox[0].subject
    assert "De begeleider is ziek." in mail.outbox[0].body
    # Each mail carries the cancelled calendar event, so a calendar that imported it updates.
    [(_name, content, mimetype)] = mail.outbox[0].attachments
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert (mimetype, str(event["uid"]), event["sequence"], str(event["status"])) == (
        "text/calendar",
        f"{meeting.uid}@intervisiewijzer",
        1,
        "CANCELLED",
    )
    # Twice: nothing new.
    again = domain.meeting_cancel(meeting=meeting, by=alice, reason="Nog een keer")
    assert (again.sequence, again.cancel_reason) == (1, "De begeleider is ziek.")
    assert len(mail.outbox) == 3
    assert AuditEntry.objects.filter(action="meeting.cancel").count() == 1


def test_meeting_cancel_refuses_a_meeting_that_is_over(group, alice):
    meeting = MeetingFactory(group=group, starts_at=days_from_today(-1))
    with pytest.raises(domain.MeetingError, match="al voorbij"):
        domain.meeting_cancel(meeting=meeting, by=alice, reason="Te laat")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_meeting_cancel_refuses_a_reason_that_is_too_long(group, alice):
    meeting = MeetingFactory(group=group)
    with pytest.raises(ValidationError):
        domain.meeting_cancel(meeting=meeting, by=alice, reason="x" * 1001)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


# --- rsvp_set --------------------------------------------------------------------------------------------


def test_rsvp_set_changes_one_answer_in_place(group, member):
    meeting = MeetingFactory(group=group)
    domain.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.COMING, reason="genegeerd")
    rsvp = Rsvp.objects.get()
    assert (rsvp.answer, rsvp.reason) == (RsvpAnswer.COMING, "")
    domain.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.NOT_COMING, reason="  Ziek  ")
    rsvp = Rsvp.objects.get()
    assert (rsvp.answer, rsvp.reason) == (RsvpAnswer.NOT_COMING, "Ziek")
    assert list(
        AuditEntry.objects.filter(action__startswith="rsvp.").order_by("pk").values_list("action", flat=True)
    ) == [
        "rsvp.coming",
        "rsvp.not_coming",
    ]


def test_rsvp_set_by_an_outsider_or_someone_who_left_is_refused(group, charlie, bob):
    MembershipFactory(user=bob, group=group, state=S.LEFT)
    meeting = MeetingFactory(group=group)
    for person in (charlie, bob):
        with pytest.raises(domain.MeetingError, match="Alleen deelnemers"):
            domain.rsvp_set(meeting=meeting, user=person, answer=RsvpAnswer.COMING)
    assert not Rsvp.objects.exists()


def test_rsvp_set_on_a_cancelled_or_started_meeting_is_refused(group, member):
    cancelled = MeetingFactory(group=group, status=MeetingStatus.CANCELLED)
    started = MeetingFactory(group=group, starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(domain.MeetingError, match="afgelast"):
        domain.rsvp_set(meeting=cancelled, user=member, answer=RsvpAnswer.COMING)
    with pytest.raises(domain.MeetingError, match="al begonnen of voorbij"):
        domain.rsvp_set(meeting=started, user=member, answer=RsvpAnswer.NOT_COMING)
    assert not Rsvp.objects.exists()


def test_rsvp_set_after_the_deadline_only_cancelling_is_possible(group, member):
    # Default deadline: RSVP_DEADLINE_HOURS_BEFORE (72) hours before the start; this one starts in 24.
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(hours=24))
    with pytest.raises(domain.MeetingError, match="Aanmelden kon tot"):
        domain.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.COMING)
    domain.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.NOT_COMING, reason="Ziek")
    assert Rsvp.objects.get().answer == RsvpAnswer.NOT_COMING


def test_rsvp_set_follows_the_planners_own_deadline(group, member):
    meeting = MeetingFactory(
        group=group,
        starts_at=timezone.now() + timedelta(hours=24),
        rsvp_deadline=timezone.now() + timedelta(hours=2),
    )
    domain.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.COMING)
    assert Rsvp.objects.get().answer == RsvpAnswer.COMING


def test_rsvp_set_reason_too_long_is_refused(group, member):
    meeting = MeetingFactory(group=group)
    with pytest.raises(ValidationError):
        domain.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.NOT_COMING, reason="x" * 301)


# --- Counting answers ----------------------------------------------------------------------------------


def test_coming_count_counts_only_current_participants(group, member, charlie):
    meeting = MeetingFactory(group=group)
    left = UserFactory()
    MembershipFactory(user=left, group=group, state=S.LEFT)
    waiting = UserFactory()
    MembershipFactory(user=waiting, group=group, state=S.WAITLISTED)
    trial = UserFactory()
    MembershipFactory(user=trial, group=group, state=S.TRIAL)
    for person in (member, charlie, left, waiting, trial):
        RsvpFactory(meeting=meeting, user=person, answer=RsvpAnswer.COMING)
    # A participant of another group's meeting does not count here either.
    RsvpFactory(meeting=MeetingFactory(), user=member, answer=RsvpAnswer.COMING)
    assert domain.coming_count(meeting) == 2
    annotated = domain.meetings_with_counts(Meeting.objects.filter(pk=meeting.pk)).get()
    assert (annotated.coming_count, annotated.not_coming_count) == (2, 0)


def test_quorum_minimum_comes_from_the_charter_or_the_group(group):
    assert domain.quorum_minimum(group, None) == group.min_members == 4
    assert domain.quorum_minimum(group, CharterFactory(group=group, min_attendance=3)) == 3
