"""Attendance and calendar pages as a planner (alice, organisation manager), the begeleider, a member
(bob), a member of another group (erik) and an outsider (charlie). Outsiders get 404 everywhere."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Membership
from intervisie.meetings.attendance import AttendanceEntry, attendance_confirm, attendance_register
from intervisie.meetings.calendar import calendar_feed_for
from intervisie.meetings.enums import MeetingStatus, RsvpAnswer
from intervisie.meetings.models import Attendance, CalendarFeed, Meeting, Rsvp
from tests.factories import GroupFactory, MeetingFactory, MembershipFactory, UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
START = datetime(2025, 3, 4, 19, 0, tzinfo=AMS)  # 19:00–21:00 Dutch time
PREFIX = "aanwezig"


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, 4, hour, minute, tzinfo=AMS)


def _meeting(group, *, starts_at=START, minutes=120, **fields) -> Meeting:
    fields.setdefault("title", "Intervisie maart")
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), **fields
    )


def _join(user, group, state=S.MEMBER) -> Membership:
    return MembershipFactory(user=user, group=group, state=state)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form_data(rows) -> dict:
    """POST data for the attendance formset: rows of (user, present, arrived, left); present is True
    (aanwezig), False (afwezig) or None (niet ingevuld)."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(len(rows)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": str(len(rows)),
    }
    for i, (user, present, arrived, left) in enumerate(rows):
        data[f"{PREFIX}-{i}-user"] = str(user.pk)
        data[f"{PREFIX}-{i}-present"] = {True: "ja", False: "nee", None: ""}[present]
        data[f"{PREFIX}-{i}-arrived_at"] = arrived
        data[f"{PREFIX}-{i}-left_at"] = left
    return data


@pytest.fixture
def erik(db):
    """Erik is a member of another group, in another organisation."""
    user = UserFactory(email="erik@example.nl", name="Erik Mulder")
    _join(user, GroupFactory(name="Intervisie Zwolle"))
    return user


@pytest.fixture
def meeting(group, bob, dina):
    _join(bob, group)
    return _meeting(group)


@pytest.fixture
def url(meeting):
    return reverse("meetings:attendance", args=[meeting.pk])


# --- Who may register attendance ----------------------------------------------------------------------


def test_attendance_page_for_manager_lists_participants_with_meeting_times(
    client, alice, url, group, charlie
):
    _join(charlie, group, S.REQUESTED)  # asked to join, not taking part yet
    client.force_login(alice)
    response = client.get(url)
    html = _text(response)
    assert response.status_code == 200
    assert "<h1>Aanwezigheid: Intervisie maart</h1>" in html
    assert "Intervisie Utrecht Oost · dinsdag 4 maart 2025, 19:00–21:00 uur" in html
    assert "Bob de Vries" in html and "Dina Smit" in html
    assert "Charlie Bakker" not in html
    assert html.count('value="19:00"') == 2
    assert html.count('value="21:00"') == 2
    # Nobody is present by default: the begeleider says who was there.
    assert 'name="aanwezig-0-present" value="" id="id_aanwezig-0-present_0" checked' in html
    assert 'name="aanwezig-1-present" value="" id="id_aanwezig-1-present_0" checked' in html
    assert 'name="aanwezig-0-present" value="ja" id="id_aanwezig-0-present_1">' in html
    assert '<legend class="visually-hidden">Was Bob de Vries er?</legend>' in html


def test_attendance_page_for_begeleider(client, begeleider, url):
    client.force_login(begeleider)
    response = client.get(url)
    assert response.status_code == 200
    assert "Aanwezigheid opslaan" in _text(response)


def test_attendance_page_for_planner_member(client, bob, group, url):
    Membership.objects.filter(user=bob, group=group).update(is_planner=True)
    client.force_login(bob)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["bob", "charlie", "erik"])
def test_attendance_page_hidden_from_member_outsider_and_other_group(
    client, request, who, url, meeting, dina
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 404
    response = client.post(url, _form_data([(dina, False, "", "")]))
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_attendance_page_for_unknown_meeting_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("meetings:attendance", args=[999999])).status_code == 404


def test_attendance_page_anonymous_goes_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_attendance_page_notes_someone_who_said_no_and_registers_nobody(client, alice, url, meeting, bob):
    Rsvp.objects.create(meeting=meeting, user=bob, answer=RsvpAnswer.NOT_COMING)
    client.force_login(alice)
    html = _text(client.get(url))
    assert "Had zich afgemeld" in html
    assert 'name="aanwezig-0-present" value="" id="id_aanwezig-0-present_0" checked' in html  # Bob
    assert 'name="aanwezig-1-present" value="" id="id_aanwezig-1-present_0" checked' in html  # Dina


def test_attendance_page_lists_only_who_took_part_on_the_meetings_date(client, alice, url, group, meeting):
    """A member who joined after the meeting is not on its form, so cannot be given its hours; someone
    who left since keeps their line."""
    later = UserFactory(name="Lotte Later")
    MembershipFactory(user=later, group=group, started_at=START + timedelta(days=20))
    gone = UserFactory(name="Gerrit Gestopt")
    MembershipFactory(
        user=gone,
        group=group,
        state=S.LEFT,
        started_at=START - timedelta(days=90),
        ended_at=START + timedelta(days=2),
    )
    client.force_login(alice)
    html = _text(client.get(url))
    assert "Lotte Later" not in html
    assert "Gerrit Gestopt" in html
    response = client.post(url, _form_data([(later, True, "19:00", "21:00")]))
    assert response.status_code == 400
    assert not Attendance.objects.filter(user=later).exists()


def test_attendance_post_leaves_not_registered_people_without_a_line(client, alice, url, meeting, bob, dina):
    client.force_login(alice)
    response = client.post(url, _form_data([(bob, True, "19:00", "21:00"), (dina, None, "19:00", "21:00")]))
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("user__name", flat=True)) == ["Bob de Vries"]
    assert _messages(response) == ["De aanwezigheid is opgeslagen: 1 van de 1 mensen was er."]


def test_attendance_post_cannot_unregister_a_registered_line(client, alice, url, meeting, bob, dina):
    attendance_register(meeting=meeting, by=alice, entries=[AttendanceEntry(user_id=bob.pk, present=True)])
    client.force_login(alice)
    response = client.post(url, _form_data([(bob, None, "19:00", "21:00"), (dina, None, "", "")]))
    assert response.status_code == 400
    assert "Kies aanwezig of afwezig: dit was al ingevuld." in _text(response)
    assert Attendance.objects.get(user=bob).present is True


# --- Saving -----------------------------------------------------------------------------------------


def test_attendance_post_saves_partial_attendance(client, alice, url, meeting, bob, dina):
    client.force_login(alice)
    response = client.post(url, _form_data([(bob, True, "19:20", "20.45"), (dina, False, "19:00", "21:00")]))
    assert response.status_code == 302
    assert response["Location"] == url
    bob_row = Attendance.objects.get(meeting=meeting, user=bob)
    assert (bob_row.arrived_at, bob_row.left_at, bob_row.contact_minutes) == (_at(19, 20), _at(20, 45), 85)
    dina_row = Attendance.objects.get(meeting=meeting, user=dina)
    assert (dina_row.present, dina_row.arrived_at, dina_row.contact_minutes) == (False, None, 0)
    assert _messages(response) == ["De aanwezigheid is opgeslagen: 1 van de 2 mensen was er."]
    assert AuditEntry.objects.filter(action="attendance.registered", actor=alice).count() == 2

    # The page now shows what was saved.
    html = _text(client.get(url))
    assert 'value="19:20"' in html and 'value="20:45"' in html


def test_attendance_post_change_clears_only_that_persons_sign_off(client, alice, meeting, url, bob, dina):
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=[
            AttendanceEntry(user_id=bob.pk, present=True),
            AttendanceEntry(user_id=dina.pk, present=True),
        ],
    )
    for person in (bob, dina):
        attendance_confirm(attendance=Attendance.objects.get(user=person), user=person)
    client.force_login(alice)
    client.post(url, _form_data([(bob, True, "19:00", "20:00"), (dina, True, "19:00", "21:00")]))
    assert Attendance.objects.get(user=bob).confirmed_at is None
    assert Attendance.objects.get(user=dina).confirmed_at is not None


@pytest.mark.parametrize(
    ("arrived", "left", "field", "message"),
    [
        ("20:30", "19:30", "left_at", "De tijd van weggaan moet later zijn dan de tijd van binnenkomen."),
        (
            "18:00",
            "21:00",
            "arrived_at",
            "Dat is vóór het begin van de bijeenkomst. Vul een tijd in vanaf 19:00.",
        ),
        (
            "19:00",
            "22:15",
            "left_at",
            "Dat is na het einde van de bijeenkomst. Vul een tijd in tot en met 21:00.",
        ),
        (
            "25:99",
            "21:00",
            "arrived_at",
            "Die tijd bestaat niet. Vul de tijd in als uu:mm, bijvoorbeeld 19:30.",
        ),
        ("half acht", "21:00", "arrived_at", "Vul de tijd in als uu:mm, bijvoorbeeld 19:30."),
        ("19:00", "", "left_at", "Vul een tijd in, bijvoorbeeld 19:30."),
    ],
)
def test_attendance_post_bad_time_shows_dutch_message_at_field_and_keeps_input(
    client, alice, url, bob, dina, arrived, left, field, message
):
    client.force_login(alice)
    response = client.post(url, _form_data([(bob, True, arrived, left), (dina, True, "19:10", "20:50")]))
    html = _text(response)
    assert response.status_code == 400
    assert f'<ul class="errorlist" id="id_aanwezig-0-{field}_error"><li>{message}</li></ul>' in html
    assert f'aria-describedby="id_aanwezig-0-{field}_error"' in html
    assert f'value="{arrived}"' in html and 'value="19:10"' in html and 'value="20:50"' in html
    assert "Niet alle tijden kloppen." in html
    assert not Attendance.objects.exists()


def test_attendance_post_ignores_times_of_someone_absent(client, alice, url, bob, dina):
    client.force_login(alice)
    response = client.post(url, _form_data([(bob, False, "25:99", ""), (dina, True, "19:00", "21:00")]))
    assert response.status_code == 302
    assert Attendance.objects.get(user=bob).present is False


def test_attendance_post_with_someone_outside_the_group_is_refused(client, alice, url, bob, charlie):
    client.force_login(alice)
    response = client.post(
        url, _form_data([(bob, True, "19:00", "21:00"), (charlie, True, "19:00", "21:00")])
    )
    assert response.status_code == 400
    assert "Deze persoon hoort niet (meer) bij de groep. Laad de pagina opnieuw." in _text(response)
    assert not Attendance.objects.exists()


def test_attendance_page_cancelled_meeting_has_no_form(client, alice, group, bob):
    _join(bob, group)
    meeting = _meeting(group, status=MeetingStatus.CANCELLED)
    url = reverse("meetings:attendance", args=[meeting.pk])
    client.force_login(alice)
    html = _text(client.get(url))
    assert "Deze bijeenkomst is afgelast. Je kunt er geen aanwezigheid voor registreren." in html
    assert "Aanwezigheid opslaan" not in html
    response = client.post(url, _form_data([(bob, True, "19:00", "21:00")]))
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_attendance_page_future_meeting_has_no_form(client, alice, group, bob):
    _join(bob, group)
    starts_at = (timezone.now() + timedelta(days=3)).astimezone(AMS).replace(hour=19, minute=0)
    meeting = _meeting(group, starts_at=starts_at)
    url = reverse("meetings:attendance", args=[meeting.pk])
    client.force_login(alice)
    html = _text(client.get(url))
    assert "Deze bijeenkomst is nog niet begonnen. Je kunt de aanwezigheid registreren vanaf" in html
    assert "Aanwezigheid opslaan" not in html
    assert client.post(url, _form_data([(bob, True, "19:00", "21:00")])).status_code == 400
    assert not Attendance.objects.exists()


def test_attendance_page_query_count_does_not_grow_with_people(
    client, alice, group, django_assert_num_queries
):
    meeting = _meeting(group)
    anna = UserFactory(name="Anna Aarts")
    _join(anna, group)
    url = reverse("meetings:attendance", args=[meeting.pk])
    client.force_login(alice)
    client.get(url)  # warm up sessions and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for name in ("Bram Bos", "Cor Claassen"):
        _join(UserFactory(name=name), group)
    Attendance.objects.create(meeting=meeting, user=anna, present=True)
    with django_assert_num_queries(len(one)):
        html = _text(client.get(url))
    assert "Cor Claassen" in html


# --- Sign-off -----------------------------------------------------------------------------------------


@pytest.fixture
def registered(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=[
            AttendanceEntry(user_id=bob.pk, present=True, arrived_at=_at(19, 15)),
            AttendanceEntry(user_id=dina.pk, present=True),
        ],
    )
    return Attendance.objects.get(user=bob)


def test_to_confirm_page_lists_own_open_attendance(client, bob, registered):
    client.force_login(bob)
    html = _text(client.get(reverse("meetings:attendance_to_confirm")))
    assert "<h1>Aanwezigheid bevestigen</h1>" in html
    assert "Intervisie maart" in html
    assert "Je was er van 19:15 tot 21:00 uur." in html
    assert reverse("meetings:attendance_confirm", args=[registered.pk]) in html


def test_to_confirm_page_empty(client, charlie):
    client.force_login(charlie)
    html = _text(client.get(reverse("meetings:attendance_to_confirm")))
    assert "Je hebt niets te bevestigen." in html


def test_to_confirm_page_query_count_does_not_grow(
    client, alice, bob, group, registered, django_assert_num_queries
):
    client.force_login(bob)
    url = reverse("meetings:attendance_to_confirm")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for days in (42, 84):
        other = _meeting(group, starts_at=START + timedelta(days=days), title=f"Over {days} dagen")
        attendance_register(meeting=other, by=alice, entries=[AttendanceEntry(user_id=bob.pk, present=True)])
    with django_assert_num_queries(len(one)):
        html = _text(client.get(url))
    assert "Over 84 dagen" in html


def test_confirm_own_attendance_is_idempotent(client, bob, registered):
    client.force_login(bob)
    confirm = reverse("meetings:attendance_confirm", args=[registered.pk])
    back = reverse("meetings:detail", args=[registered.meeting_id])
    response = client.post(confirm, {"next": back})
    assert response["Location"] == back
    assert _messages(response) == ["Bedankt. Je aanwezigheid bij 'Intervisie maart' is bevestigd."]
    registered.refresh_from_db()
    first = registered.confirmed_at
    assert first is not None
    client.post(confirm)
    registered.refresh_from_db()
    assert registered.confirmed_at == first
    assert AuditEntry.objects.filter(action="attendance.confirmed", actor=bob).count() == 1


def test_confirm_ignores_next_to_another_site(client, bob, registered):
    client.force_login(bob)
    response = client.post(
        reverse("meetings:attendance_confirm", args=[registered.pk]), {"next": "https://example.com/"}
    )
    assert response["Location"] == reverse("meetings:attendance_to_confirm")


@pytest.mark.parametrize("who", ["alice", "dina", "charlie", "erik"])
def test_confirm_someone_elses_attendance_is_404(client, request, who, registered):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("meetings:attendance_confirm", args=[registered.pk])).status_code == 404
    assert client.get(reverse("meetings:attendance_dispute", args=[registered.pk])).status_code == 404
    response = client.post(
        reverse("meetings:attendance_dispute", args=[registered.pk]), {"note": "Niet waar."}
    )
    assert response.status_code == 404
    registered.refresh_from_db()
    assert registered.confirmed_at is None
    assert not AuditEntry.objects.filter(action__in=["attendance.confirmed", "attendance.disputed"]).exists()


def test_confirm_needs_post(client, bob, registered):
    client.force_login(bob)
    assert client.get(reverse("meetings:attendance_confirm", args=[registered.pk])).status_code == 405


def test_dispute_sends_note_to_begeleider(client, bob, begeleider, registered):
    client.force_login(bob)
    url = reverse("meetings:attendance_dispute", args=[registered.pk])
    html = _text(client.get(url))
    assert "<h1>Klopt je aanwezigheid niet?</h1>" in html
    assert "Aanwezig van 19:15 tot 21:00 uur" in html
    mail.outbox.clear()
    response = client.post(url, {"note": "Ik was er vanaf 19:00.", "next": "/bijeenkomsten/bevestigen/"})
    assert response["Location"] == "/bijeenkomsten/bevestigen/"
    assert _messages(response) == [
        "Je bericht is verstuurd. De begeleider kijkt ernaar en past de aanwezigheid zo nodig aan."
    ]
    assert "bea@example.nl" in [m.to[0] for m in mail.outbox]
    assert AuditEntry.objects.get(action="attendance.disputed").data["note"] == "Ik was er vanaf 19:00."


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Schrijf kort wat er niet klopt."),
        ("x" * 501, "Je tekst is te lang. Gebruik maximaal 500 tekens (nu 501)."),
        ("Mijn nummer is 111222333.", "lijkt. Een BSN mogen we niet bewaren."),
    ],
)
def test_dispute_bad_note_shows_message_and_keeps_text(client, bob, registered, note, message):
    client.force_login(bob)
    response = client.post(reverse("meetings:attendance_dispute", args=[registered.pk]), {"note": note})
    html = _text(response)
    assert response.status_code == 400
    assert message in html
    assert f">\n{note}</textarea>" in html
    assert not AuditEntry.objects.filter(action="attendance.disputed").exists()


def _overview_list(user) -> str:
    request = RequestFactory().get("/bijeenkomsten/")
    request.user = user
    return render_to_string("meetings/attendance_to_confirm_list.html", {}, request=request)


def test_to_confirm_list_for_overview_shows_open_items(bob, registered, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = _overview_list(bob)
    assert '<h2 id="to-confirm-heading">Aanwezigheid bevestigen</h2>' in html
    assert "Je was er van 19:15 tot 21:00 uur." in html
    assert 'name="next" value="/bijeenkomsten/"' in html


def test_to_confirm_list_for_overview_is_empty_when_nothing_waits(bob, charlie, registered):
    attendance_confirm(attendance=registered, user=bob)
    assert _overview_list(bob).strip() == ""
    assert _overview_list(charlie).strip() == ""


# --- The block on the meeting page -----------------------------------------------------------------


def _block(user, meeting) -> str:
    request = RequestFactory().get(f"/bijeenkomsten/{meeting.pk}/")
    request.user = user or AnonymousUser()
    return render_to_string("meetings/attendance_block.html", {"meeting": meeting}, request=request)


def test_block_for_planner_shows_summary_and_link(alice, registered, meeting, bob):
    attendance_confirm(attendance=registered, user=bob)
    html = _block(alice, meeting)
    assert "2 van de 2 mensen waren er (1 bevestigd)." in html
    assert reverse("meetings:attendance", args=[meeting.pk]) in html
    assert "Aanwezigheid aanpassen" in html


def test_block_for_planner_before_registration(alice, meeting):
    html = _block(alice, meeting)
    assert "De aanwezigheid is nog niet ingevuld." in html
    assert "Aanwezigheid invullen" in html


def test_block_for_participant_shows_own_times_and_confirm_button(bob, registered, meeting):
    html = _block(bob, meeting)
    assert "Je was er van 19:15 tot 21:00 uur." in html
    assert "Klopt, bevestigen" in html
    assert reverse("meetings:attendance_confirm", args=[registered.pk]) in html
    assert reverse("meetings:attendance", args=[meeting.pk]) not in html  # not a planner
    attendance_confirm(attendance=registered, user=bob)
    html = _block(bob, meeting)
    assert "Klopt, bevestigen" not in html
    assert "Bevestigd" in html


def test_block_for_participant_before_registration(bob, meeting):
    assert "De begeleider heeft je aanwezigheid nog niet ingevuld." in _block(bob, meeting)


def test_block_for_anonymous_is_empty(meeting):
    assert _block(None, meeting).strip() == ""


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_block_query_count_is_fixed(request, who, meeting, registered, django_assert_max_num_queries):
    # The permission check (at most two), the counts or the roles, and the viewer's own row.
    with django_assert_max_num_queries(4):
        _block(request.getfixturevalue(who), meeting)


def test_meeting_page_shows_attendance_block_and_calendar_links(client, bob, registered, meeting):
    client.force_login(bob)
    html = _text(client.get(reverse("meetings:detail", args=[meeting.pk])))
    assert "Je was er van 19:15 tot 21:00 uur." in html
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in html
    assert reverse("meetings:calendar_feed") in html


# --- Calendar files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_meeting_ics_download(client, request, who, meeting):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="bijeenkomst-2025-03-04-{meeting.pk}.ics"'
    )
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@intervisiewijzer"


@pytest.mark.parametrize("who", ["charlie", "erik"])
def test_meeting_ics_hidden_from_outsider_and_other_group(client, request, who, meeting):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("meetings:meeting_ics", args=[meeting.pk])).status_code == 404


def test_meeting_ics_anonymous_goes_to_login(client, meeting):
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 302


def test_feed_page_makes_feed_and_shows_url_and_help(client, bob, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    client.force_login(bob)
    html = _text(client.get(reverse("meetings:calendar_feed")))
    feed = CalendarFeed.objects.get(user=bob)
    assert f"/bijeenkomsten/agenda/{feed.token}.ics" in html
    assert f'href="webcal://127.0.0.1:8000/bijeenkomsten/agenda/{feed.token}.ics"' in html
    assert "Google Agenda" in html and "Outlook" in html and "Apple" in html
    assert "Houd je link geheim" in html
    client.get(reverse("meetings:calendar_feed"))
    assert CalendarFeed.objects.get(user=bob).token == feed.token  # same link on the next visit


def test_feed_page_anonymous_goes_to_login(client):
    assert client.get(reverse("meetings:calendar_feed")).status_code == 302


def test_feed_works_without_login(client, bob, meeting):
    feed = calendar_feed_for(user=bob)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=2)
    )
    response = client.get(reverse("meetings:calendar_feed_ics", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Intervisie maart – Intervisie Utrecht Oost"]


def test_feed_unknown_token_is_404(client, bob):
    calendar_feed_for(user=bob)
    assert client.get(reverse("meetings:calendar_feed_ics", args=["niet-geldig"])).status_code == 404


def test_feed_query_count_same_for_one_and_three_meetings(client, bob, group, django_assert_num_queries):
    _join(bob, group)
    feed = calendar_feed_for(user=bob)
    url = reverse("meetings:calendar_feed_ics", args=[feed.token])
    soon = timezone.now() + timedelta(days=7)
    _meeting(group, starts_at=soon)
    # The feed, its meetings, and the person's themed events.
    with django_assert_num_queries(3):
        assert len(Calendar.from_ical(client.get(url).content).walk("VEVENT")) == 1
    other = GroupFactory(name="Intervisie Amersfoort")
    _join(bob, other)
    _meeting(other, starts_at=soon + timedelta(days=1))
    _meeting(group, starts_at=soon + timedelta(days=2), status=MeetingStatus.CANCELLED)
    with django_assert_num_queries(3):
        assert len(Calendar.from_ical(client.get(url).content).walk("VEVENT")) == 3


def test_feed_reset_asks_first_then_revokes_old_link(client, bob):
    client.force_login(bob)
    old = calendar_feed_for(user=bob).token
    reset = reverse("meetings:calendar_feed_reset")

    html = _text(client.get(reset))
    assert "<h1>Weet je zeker dat je een nieuwe agendalink wilt?</h1>" in html
    client.post(reset)  # no confirmation: nothing happens
    assert CalendarFeed.objects.get(user=bob).token == old

    response = client.post(reset, {"confirm": "yes"})
    assert response["Location"] == reverse("meetings:calendar_feed")
    assert _messages(response)[0].startswith("Je hebt een nieuwe link. De oude link werkt niet meer.")
    new = CalendarFeed.objects.get(user=bob).token
    assert new != old
    client.logout()
    assert client.get(reverse("meetings:calendar_feed_ics", args=[old])).status_code == 404
    assert client.get(reverse("meetings:calendar_feed_ics", args=[new])).status_code == 200
    assert AuditEntry.objects.filter(action="calendar_feed.reset", actor=bob).count() == 1


def test_feed_reset_without_feed_goes_to_feed_page(client, bob):
    client.force_login(bob)
    response = client.post(reverse("meetings:calendar_feed_reset"), {"confirm": "yes"})
    assert response["Location"] == reverse("meetings:calendar_feed")
    assert not AuditEntry.objects.filter(action="calendar_feed.reset").exists()


def test_calendar_links_render_for_meeting_and_without(bob, meeting):
    request = RequestFactory().get("/")
    request.user = bob
    with_meeting = render_to_string("meetings/calendar_links.html", {"meeting": meeting}, request=request)
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in with_meeting
    assert "Zet deze bijeenkomst in je agenda" in with_meeting
    without = render_to_string("meetings/calendar_links.html", {}, request=request)
    assert "Zet deze bijeenkomst in je agenda" not in without
    assert reverse("meetings:calendar_feed") in without
