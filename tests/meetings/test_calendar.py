"""Calendar files (meetings/calendar.py): one .ics per meeting and the personal subscription feed.

Every file is read back with a real iCalendar parser (icalendar.Calendar.from_ical).
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import Format
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Membership
from intervisie.meetings import calendar
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import CalendarFeed, Meeting
from tests.factories import GroupFactory, MeetingFactory, MembershipFactory, MethodFactory

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=AMS)
START = datetime(2025, 3, 4, 19, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.SITE_URL = "https://intervisiewijzer.nl"
    settings.VIDEO_BASE_URL = "https://meet.example.nl/"


def _meeting(group, *, starts_at=START, minutes=120, **fields) -> Meeting:
    fields.setdefault("title", "Intervisie maart")
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), **fields
    )


def _join(user, group, state=S.MEMBER) -> Membership:
    return MembershipFactory(user=user, group=group, state=state)


def _events(content: bytes) -> list:
    parsed = Calendar.from_ical(content)
    assert parsed.errors == []
    events = list(parsed.walk("VEVENT"))
    assert all(e.errors == [] for e in events)
    return events


def _meeting_with_method(group) -> Meeting:
    method = MethodFactory(name="Incidentmethode", slug="incidentmethode")
    return _meeting(group, method=method)


# --- One meeting ------------------------------------------------------------------------------------


def test_meeting_ics_parses_with_the_right_fields(group):
    meeting = _meeting_with_method(group)
    content = calendar.meeting_ics(meeting, now=NOW)

    parsed = Calendar.from_ical(content)
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == "-//Intervisiewijzer//Bijeenkomsten//NL"
    [event] = _events(content)
    assert str(event["UID"]) == f"{meeting.uid}@intervisiewijzer"
    assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)
    # 19:00–21:00 in Amsterdam is 18:00–20:00 UTC in March; written in UTC.
    assert b"DTSTART:20250304T180000Z" in content
    assert b"DTEND:20250304T200000Z" in content
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Intervisie maart – Intervisie Utrecht Oost"
    assert str(event["LOCATION"]) == "Buurthuis De Linde, Lindelaan 4, Utrecht"
    assert str(event["URL"]) == f"https://intervisiewijzer.nl/bijeenkomsten/{meeting.pk}/"
    assert str(event["DESCRIPTION"]) == (
        f"Methode: Incidentmethode\nMeer informatie: https://intervisiewijzer.nl/bijeenkomsten/{meeting.pk}/"
    )
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"


def test_meeting_ics_online_meeting_has_video_link_as_location(group):
    meeting = _meeting(group, format=Format.ONLINE, location="", video_room="ivw-utrecht-oost-maart")
    [event] = _events(calendar.meeting_ics(meeting))
    assert str(event["LOCATION"]) == "https://meet.example.nl/ivw-utrecht-oost-maart"
    assert "Online meedoen: https://meet.example.nl/ivw-utrecht-oost-maart" in str(event["DESCRIPTION"])


def test_meeting_ics_hybrid_meeting_has_place_as_location_and_link_in_description(group):
    meeting = _meeting(group, format=Format.HYBRID, video_room="ivw-hybride")
    [event] = _events(calendar.meeting_ics(meeting))
    assert str(event["LOCATION"]) == "Buurthuis De Linde, Lindelaan 4, Utrecht"
    assert "Online meedoen: https://meet.example.nl/ivw-hybride" in str(event["DESCRIPTION"])


def test_meeting_ics_changed_meeting_keeps_uid_with_higher_sequence(group):
    meeting = _meeting(group)
    [before] = _events(calendar.meeting_ics(meeting))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=START + timedelta(minutes=30), ends_at=START + timedelta(minutes=150), sequence=1
    )
    meeting.refresh_from_db()
    [after] = _events(calendar.meeting_ics(meeting))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == 1
    assert after.decoded("DTSTART") == START + timedelta(minutes=30)


def test_meeting_ics_cancelled_meeting_says_so(group):
    meeting = _meeting(group, status=MeetingStatus.CANCELLED, sequence=2, cancel_reason="Te weinig mensen.")
    [event] = _events(calendar.meeting_ics(meeting))
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["SUMMARY"]) == "Afgelast: Intervisie maart – Intervisie Utrecht Oost"
    assert str(event["DESCRIPTION"]).startswith("Deze bijeenkomst is afgelast.")
    assert "Te weinig mensen" not in str(event["DESCRIPTION"])  # reasons stay in the app


def test_meeting_ics_filename_has_date():
    meeting = Meeting(pk=7, starts_at=START, ends_at=START + timedelta(hours=2))
    assert calendar.meeting_ics_filename(meeting) == "bijeenkomst-2025-03-04-7.ics"


# --- The personal feed ----------------------------------------------------------------------------------


def test_feed_has_only_the_persons_groups_recent_and_future_meetings(group, bob):
    _join(bob, group)
    mine = _meeting(group, starts_at=NOW + timedelta(days=3), title="Volgende keer")
    cancelled = _meeting(
        group, starts_at=NOW + timedelta(days=45), title="Afgelaste keer", status=MeetingStatus.CANCELLED
    )
    _meeting(group, starts_at=NOW - timedelta(days=40), title="Vorige keer")
    _meeting(group, starts_at=NOW - timedelta(days=200), title="Lang geleden")
    other_group = GroupFactory(name="Intervisie Zwolle")
    _meeting(other_group, starts_at=NOW + timedelta(days=3), title="Niet van Bob")
    waiting = GroupFactory(name="Intervisie Ede")
    _join(bob, waiting, S.WAITLISTED)
    _meeting(waiting, starts_at=NOW + timedelta(days=3), title="Bob staat op de wachtlijst")

    feed = calendar.calendar_feed_for(user=bob)
    content = calendar.feed_ics(feed, now=NOW)
    parsed = Calendar.from_ical(content)
    assert str(parsed["X-WR-CALNAME"]) == "Intervisiewijzer: mijn bijeenkomsten"
    # Subscribing apps fetch the feed again every hour.
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in content
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in content
    events = _events(content)
    assert [str(e["SUMMARY"]) for e in events] == [
        "Vorige keer – Intervisie Utrecht Oost",
        "Volgende keer – Intervisie Utrecht Oost",
        "Afgelast: Afgelaste keer – Intervisie Utrecht Oost",
    ]
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in events}
    assert statuses[f"{mine.uid}@intervisiewijzer"] == "CONFIRMED"
    assert statuses[f"{cancelled.uid}@intervisiewijzer"] == "CANCELLED"


def test_feed_includes_groups_the_person_guides(group, begeleider):
    _meeting(group, starts_at=timezone.now() + timedelta(days=3))
    feed = calendar.calendar_feed_for(user=begeleider)
    assert [str(e["SUMMARY"]) for e in _events(calendar.feed_ics(feed))] == [
        "Intervisie maart – Intervisie Utrecht Oost"
    ]


def test_feed_stops_showing_a_group_the_person_left(group, bob):
    membership = _join(bob, group)
    _meeting(group, starts_at=timezone.now() + timedelta(days=3))
    feed = calendar.calendar_feed_for(user=bob)
    assert len(_events(calendar.feed_ics(feed))) == 1
    Membership.objects.filter(pk=membership.pk).update(state=S.LEFT)
    assert _events(calendar.feed_ics(feed)) == []


def test_calendar_feed_for_makes_one_feed_with_a_secret_token(bob):
    feed = calendar.calendar_feed_for(user=bob)
    assert len(feed.token) >= 40
    assert calendar.calendar_feed_for(user=bob).pk == feed.pk
    assert CalendarFeed.objects.filter(user=bob).count() == 1
    assert AuditEntry.objects.filter(action="calendar_feed.created", actor=bob).count() == 1
    assert calendar.feed_url(feed) == f"https://intervisiewijzer.nl/bijeenkomsten/agenda/{feed.token}.ics"
    assert calendar.webcal_url(calendar.feed_url(feed)) == (
        f"webcal://intervisiewijzer.nl/bijeenkomsten/agenda/{feed.token}.ics"
    )


def test_calendar_feed_reset_gives_a_new_token_and_logs_it(bob):
    feed = calendar.calendar_feed_for(user=bob)
    old = feed.token
    reset = calendar.calendar_feed_reset(feed=feed, by=bob)
    assert reset.token != old
    assert not CalendarFeed.objects.filter(token=old).exists()
    entry = AuditEntry.objects.get(action="calendar_feed.reset")
    assert entry.actor == bob
    assert old not in str(entry.data) and reset.token not in str(entry.data)  # a secret stays out of the log


def test_feed_follows_changes_and_cancellation_made_by_the_planning_domain(group, alice, bob):
    from intervisie.meetings import domain

    _join(bob, group)
    meeting = MeetingFactory(group=group, title="Intervisie juni")  # next week, 19:00–21:00
    feed = calendar.calendar_feed_for(user=bob)

    [event] = _events(calendar.feed_ics(feed))
    assert (int(event["SEQUENCE"]), str(event["STATUS"])) == (0, "CONFIRMED")

    domain.meeting_update(meeting=meeting, by=alice, title="Intervisie juni (andere zaal)")
    [event] = _events(calendar.feed_ics(feed))
    assert (int(event["SEQUENCE"]), str(event["STATUS"])) == (1, "CONFIRMED")
    assert str(event["SUMMARY"]) == "Intervisie juni (andere zaal) – Intervisie Utrecht Oost"

    domain.meeting_cancel(meeting=meeting, by=alice, reason="Te weinig aanmeldingen.")
    [event] = _events(calendar.feed_ics(feed))
    assert (int(event["SEQUENCE"]), str(event["STATUS"])) == (2, "CANCELLED")
    assert str(event["UID"]) == f"{meeting.uid}@intervisiewijzer"
