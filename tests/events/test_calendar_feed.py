"""Themed events in the personal calendar feed, next to the group meetings."""

from icalendar import Calendar

from intervisie.events import domain
from intervisie.events.enums import RegistrationStatus
from intervisie.meetings.calendar import calendar_feed_for, feed_ics
from tests.factories import EventFactory, RegistrationFactory


def _entries(user):
    calendar = Calendar.from_ical(feed_ics(calendar_feed_for(user=user)))
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_feed_has_the_events_a_person_registered_for(bob_registration, event, bob):
    entries = _entries(bob)
    entry = entries[f"Themabijeenkomst: {event.title}"]
    assert str(entry["uid"]) == f"event-{event.uid}@intervisiewijzer"
    assert entry.decoded("dtstart") == event.plenary_starts_at
    assert entry.decoded("dtend") == event.breakout_ends_at
    assert str(entry["status"]) == "CONFIRMED"


def test_feed_marks_a_cancelled_registration_and_leaves_out_the_waitlist(bob_registration, event, bob, olga):
    domain.registration_cancel(registration=bob_registration, by=bob)
    waiting = EventFactory(title="Vol evenement", organisers=[olga])
    RegistrationFactory(event=waiting, user=bob, status=RegistrationStatus.WAITLIST)
    entries = _entries(bob)
    assert str(entries[f"Afgelast: Themabijeenkomst: {event.title}"]["status"]) == "CANCELLED"
    assert not any("Vol evenement" in summary for summary in entries)


def test_feed_leaves_out_events_of_other_people(bob_registration, event, charlie):
    assert not any("Themabijeenkomst" in summary for summary in _entries(charlie))
