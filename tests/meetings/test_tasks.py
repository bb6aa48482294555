"""Reminders and the quorum check: the background tasks and their management commands.

The tasks run immediately in tests (django-tasks' immediate backend), on the real clock, so meetings
are placed relative to now: REMINDER_HOURS_BEFORE is 48 and RSVP_DEADLINE_HOURS_BEFORE is 72.
"""

from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import Format
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings import domain
from intervisie.meetings.enums import BelowQuorum, MeetingStatus, RsvpAnswer
from intervisie.meetings.models import Meeting
from intervisie.meetings.tasks import check_meeting_quorum, send_meeting_reminders
from tests.factories import (
    CharterFactory,
    MeetingFactory,
    MembershipFactory,
    RsvpFactory,
    UserFactory,
)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _soon(hours: float = 24):
    return timezone.now() + timedelta(hours=hours)


def _person(group, email, **membership):
    user = UserFactory(email=email, name=email.split("@")[0].capitalize())
    MembershipFactory(user=user, group=group, **membership)
    return user


def test_settings_are_what_these_tests_assume():
    assert (settings.REMINDER_HOURS_BEFORE, settings.RSVP_DEADLINE_HOURS_BEFORE) == (48, 72)


# --- Reminders ------------------------------------------------------------------------------------------


def test_send_meeting_reminders_twice_sends_each_email_once(group, member):
    coming = _person(group, "dirk@example.nl")
    away = _person(group, "eva@example.nl")
    meeting = MeetingFactory(group=group, title="Intervisie november", starts_at=_soon(24))
    RsvpFactory(meeting=meeting, user=coming, answer=RsvpAnswer.COMING)
    RsvpFactory(meeting=meeting, user=away, answer=RsvpAnswer.NOT_COMING)

    assert send_meeting_reminders.enqueue().return_value == 1
    assert send_meeting_reminders.enqueue().return_value == 0

    # Everyone who did not cancel, once: those who said they come and those who did not answer yet.
    assert _recipients() == ["bob@example.nl", "dirk@example.nl"]
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None
    assert AuditEntry.objects.filter(action="meeting.reminder_sent", object_id=str(meeting.pk)).count() == 1
    message = mail.outbox[0]
    assert "Herinnering: Intervisie november" in message.subject
    assert "Buurthuis De Linde, Lindelaan 4, Utrecht" in message.body
    assert f"/bijeenkomsten/{meeting.pk}/" in message.body
    assert "Meld je dan af" in message.alternatives[0][0]


def test_send_meeting_reminders_online_meeting_has_the_video_link(group, member):
    meeting = MeetingFactory(
        group=group, starts_at=_soon(10), format=Format.ONLINE, location="", video_room="intervisiewijzer-abc"
    )
    send_meeting_reminders.enqueue()
    assert meeting.video_url in mail.outbox[0].body


def test_send_meeting_reminders_skips_cancelled_meetings(group, member):
    meeting = MeetingFactory(group=group, starts_at=_soon(24), status=MeetingStatus.CANCELLED)
    assert send_meeting_reminders.enqueue().return_value == 0
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


def test_send_meeting_reminders_only_within_the_window(group, member):
    MeetingFactory(group=group, starts_at=_soon(settings.REMINDER_HOURS_BEFORE + 1))  # too early
    MeetingFactory(group=group, starts_at=_soon(-1))  # already begun
    assert send_meeting_reminders.enqueue().return_value == 0
    assert mail.outbox == []


def test_send_meeting_reminders_goes_again_after_the_time_changed(group, member, alice):
    meeting = MeetingFactory(group=group, starts_at=_soon(24))
    send_meeting_reminders.enqueue()
    domain.meeting_update(meeting=meeting, by=alice, starts_at=_soon(30), ends_at=_soon(32))
    mail.outbox.clear()
    assert send_meeting_reminders.enqueue().return_value == 1
    assert _recipients() == ["bob@example.nl"]


def test_send_meeting_reminders_command_is_idempotent(group, member):
    MeetingFactory(group=group, starts_at=_soon(24))
    first, second = StringIO(), StringIO()
    call_command("send_meeting_reminders", stdout=first)
    call_command("send_meeting_reminders", stdout=second)
    assert first.getvalue().strip() == "Herinnering verstuurd voor 1 bijeenkomst(en)."
    assert second.getvalue().strip() == "Herinnering verstuurd voor 0 bijeenkomst(en)."
    assert _recipients() == ["bob@example.nl"]


# --- Quorum -----------------------------------------------------------------------------------------------


def test_check_meeting_quorum_twice_warns_once(group, member, begeleider):
    planner = _person(group, "pien@example.nl", is_planner=True)
    meeting = MeetingFactory(group=group, title="Intervisie december", starts_at=_soon(24))
    RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.COMING)

    assert check_meeting_quorum.enqueue().return_value == {"warned": 1, "cancelled": 0}
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}

    # The begeleider and the planner, once each; the other participants do not get this one.
    assert _recipients() == ["bea@example.nl", "pien@example.nl"]
    meeting.refresh_from_db()
    assert meeting.quorum_warning_sent_at is not None
    entry = AuditEntry.objects.get(action="meeting.quorum_warning")
    assert entry.data == {"group": group.pk, "coming": 1, "minimum": 4}
    message = mail.outbox[0]
    assert "Te weinig aanmeldingen voor Intervisie december" in message.subject
    assert "Er komt 1 deelnemer. Het minimum is 4." in message.body
    assert f"/bijeenkomsten/{meeting.pk}/afgelasten/?reden=quorum" in message.body
    assert planner.email in {m.to[0] for m in mail.outbox}


def test_check_meeting_quorum_counts_only_coming_answers_of_current_participants(group, begeleider):
    CharterFactory(group=group, min_attendance=3, below_quorum=BelowQuorum.RESCHEDULE)
    meeting = MeetingFactory(group=group, starts_at=_soon(24))
    for email in ("a@example.nl", "b@example.nl"):
        RsvpFactory(meeting=meeting, user=_person(group, email), answer=RsvpAnswer.COMING)
    RsvpFactory(meeting=meeting, user=_person(group, "nee@example.nl"), answer=RsvpAnswer.NOT_COMING)
    RsvpFactory(
        meeting=meeting, user=_person(group, "weg@example.nl", state=S.LEFT), answer=RsvpAnswer.COMING
    )
    RsvpFactory(meeting=meeting, user=UserFactory(email="ander@example.nl"), answer=RsvpAnswer.COMING)

    assert check_meeting_quorum.enqueue().return_value == {"warned": 1, "cancelled": 0}  # 2 of the 3 needed
    assert "Er komen 2 deelnemers. Het minimum is 3." in mail.outbox[0].body
    assert "Jullie afspraak hierover: We zoeken samen een nieuwe datum" in mail.outbox[0].body


def test_check_meeting_quorum_enough_people_sends_nothing(group, begeleider):
    CharterFactory(group=group, min_attendance=3)
    meeting = MeetingFactory(group=group, starts_at=_soon(24))
    for email in ("a@example.nl", "b@example.nl", "c@example.nl"):
        RsvpFactory(meeting=meeting, user=_person(group, email), answer=RsvpAnswer.COMING)
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.quorum_warning_sent_at is None


def test_check_meeting_quorum_waits_for_the_deadline(group, begeleider):
    later = MeetingFactory(group=group, starts_at=_soon(settings.RSVP_DEADLINE_HOURS_BEFORE + 2))
    own_deadline = MeetingFactory(
        group=group, starts_at=_soon(24 * 7), rsvp_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert check_meeting_quorum.enqueue().return_value == {"warned": 1, "cancelled": 0}
    later.refresh_from_db()
    own_deadline.refresh_from_db()
    assert later.quorum_warning_sent_at is None
    assert own_deadline.quorum_warning_sent_at is not None


def test_check_meeting_quorum_late_cancellation_still_warns_once(group, begeleider):
    CharterFactory(group=group, min_attendance=2, below_quorum=BelowQuorum.CONTINUE)
    people = [_person(group, f"p{n}@example.nl") for n in range(2)]
    meeting = MeetingFactory(group=group, starts_at=_soon(24))
    for person in people:
        RsvpFactory(meeting=meeting, user=person, answer=RsvpAnswer.COMING)
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    domain.rsvp_set(meeting=meeting, user=people[0], answer=RsvpAnswer.NOT_COMING, reason="Ziek")
    assert check_meeting_quorum.enqueue().return_value == {"warned": 1, "cancelled": 0}
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    assert _recipients() == ["bea@example.nl"]


def test_check_meeting_quorum_cancels_when_the_charter_says_so_and_tells_everyone_once(
    group, member, begeleider
):
    CharterFactory(group=group, min_attendance=3, below_quorum=BelowQuorum.CANCEL)
    planner = _person(group, "pien@example.nl", is_planner=True)
    away = _person(group, "eva@example.nl")
    meeting = MeetingFactory(group=group, title="Intervisie december", starts_at=_soon(24))
    RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.COMING)
    RsvpFactory(meeting=meeting, user=planner, answer=RsvpAnswer.COMING)
    RsvpFactory(meeting=meeting, user=away, answer=RsvpAnswer.NOT_COMING)

    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 1}
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    send_meeting_reminders.enqueue()  # and no reminder for a meeting that does not go ahead

    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    assert meeting.cancel_reason == (
        "Te weinig aanmeldingen: 2 van de minimaal 3 deelnemers komen. "
        "Volgens de groepsafspraken gaat de bijeenkomst dan niet door."
    )
    # Everyone in the group and the begeleider, once each, and no separate quorum warning.
    assert _recipients() == ["bea@example.nl", "bob@example.nl", "eva@example.nl", "pien@example.nl"]
    message = mail.outbox[0]
    assert message.subject.startswith(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Afgelast: Intervisie december op "
    )
    assert "Volgens de groepsafspraken gaat de bijeenkomst dan niet door." in message.body
    # The calendar event is attached, cancelled, under the same UID with a higher SEQUENCE.
    [(filename, content, mimetype)] = message.attachments
    day = timezone.localtime(meeting.starts_at)
    assert (filename, mimetype) == (f"bijeenkomst-{day:%Y-%m-%d}-{meeting.pk}.ics", "text/calendar")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert (str(event["uid"]), str(event["status"]), event["sequence"]) == (
        f"{meeting.uid}@intervisiewijzer",
        "CANCELLED",
        1,
    )
    cancel = AuditEntry.objects.get(action="meeting.cancel", object_id=str(meeting.pk))
    assert cancel.actor is None
    entry = AuditEntry.objects.get(action="meeting.quorum_cancel")
    assert entry.data == {"group": group.pk, "coming": 2, "minimum": 3}
    assert not AuditEntry.objects.filter(action="meeting.quorum_warning").exists()


def test_check_meeting_quorum_does_not_cancel_before_the_deadline_or_with_enough_people(group, begeleider):
    CharterFactory(group=group, min_attendance=2, below_quorum=BelowQuorum.CANCEL)
    later = MeetingFactory(group=group, starts_at=_soon(settings.RSVP_DEADLINE_HOURS_BEFORE + 2))
    enough = MeetingFactory(group=group, starts_at=_soon(24))
    for email in ("a@example.nl", "b@example.nl"):
        RsvpFactory(meeting=enough, user=_person(group, email), answer=RsvpAnswer.COMING)
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    assert set(Meeting.objects.values_list("pk", "status")) == {
        (later.pk, MeetingStatus.PLANNED),
        (enough.pk, MeetingStatus.PLANNED),
    }
    assert mail.outbox == []


def test_check_meeting_quorum_late_cancellation_cancels_when_the_charter_says_so(group, begeleider):
    CharterFactory(group=group, min_attendance=2, below_quorum=BelowQuorum.CANCEL)
    people = [_person(group, f"p{n}@example.nl") for n in range(2)]
    meeting = MeetingFactory(group=group, starts_at=_soon(24))
    for person in people:
        RsvpFactory(meeting=meeting, user=person, answer=RsvpAnswer.COMING)
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    domain.rsvp_set(meeting=meeting, user=people[0], answer=RsvpAnswer.NOT_COMING, reason="Ziek")
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 1}
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert meeting.cancel_reason.startswith("Te weinig aanmeldingen: 1 van de minimaal 2 deelnemers komt.")
    assert _recipients() == ["bea@example.nl", "p0@example.nl", "p1@example.nl"]


def test_check_meeting_quorum_cancel_mail_is_in_the_recipients_language(group, begeleider):
    CharterFactory(group=group, min_attendance=2, below_quorum=BelowQuorum.CANCEL)
    english = UserFactory(email="sam@example.nl", name="Sam Smith", language="en")
    MembershipFactory(user=english, group=group)
    MeetingFactory(group=group, starts_at=_soon(24))
    check_meeting_quorum.enqueue()
    [message] = [m for m in mail.outbox if m.to == ["sam@example.nl"]]
    [event] = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["summary"]).startswith("Cancelled: ")


def test_check_meeting_quorum_skips_cancelled_and_past_meetings(group, begeleider):
    MeetingFactory(group=group, starts_at=_soon(24), status=MeetingStatus.CANCELLED)
    MeetingFactory(group=group, starts_at=_soon(-3))
    assert check_meeting_quorum.enqueue().return_value == {"warned": 0, "cancelled": 0}
    assert mail.outbox == []


def test_check_meeting_quorum_without_begeleider_or_planner_tells_the_managers(group, alice, member):
    MeetingFactory(group=group, starts_at=_soon(24))
    check_meeting_quorum.enqueue()
    assert _recipients() == ["alice@example.nl"]


def test_check_meeting_quorum_command_is_idempotent(group, begeleider):
    MeetingFactory(group=group, starts_at=_soon(24))
    first, second = StringIO(), StringIO()
    call_command("check_meeting_quorum", stdout=first)
    call_command("check_meeting_quorum", stdout=second)
    assert first.getvalue().strip() == (
        "Te weinig aanmeldingen: 1 bijeenkomst(en) gewaarschuwd, 0 afgelast volgens de groepsafspraken."
    )
    assert second.getvalue().strip() == (
        "Te weinig aanmeldingen: 0 bijeenkomst(en) gewaarschuwd, 0 afgelast volgens de groepsafspraken."
    )
    assert _recipients() == ["bea@example.nl"]


def test_cancelling_after_the_quorum_warning_notifies_everyone_once(group, member, begeleider):
    meeting = MeetingFactory(group=group, starts_at=_soon(24))
    check_meeting_quorum.enqueue()
    mail.outbox.clear()
    for _attempt in range(2):
        domain.meeting_cancel(
            meeting=meeting, by=begeleider, reason="Er hebben zich te weinig mensen aangemeld."
        )
        send_meeting_reminders.enqueue()  # a cancelled meeting gets no reminder either
    assert _recipients() == ["bea@example.nl", "bob@example.nl"]
    assert all(m.subject.startswith(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Afgelast:") for m in mail.outbox)
