"""Themed events in the hours ledger: the breakout part of an attended, hours-eligible event counts as
online intervision (accreditation/selectors.py ``attended_events``, the /uren/ overview and CSV)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intervisie.accreditation import selectors
from intervisie.events.enums import EventStatus, RegistrationKind, RegistrationStatus
from tests.factories import EnrolmentFactory, EventFactory, RegistrationFactory, at, register

OVERVIEW = "/uren/"


@pytest.fixture
def enrolled(bob, today):
    """Bob's SKJ period started a year ago."""
    return EnrolmentFactory(user=bob, register=register(), period_start=today - dt.timedelta(days=365))


def past_event(today, *, days_ago=20, **fields):
    """An event ``days_ago`` days back: plenary 19:00–19:45, breakouts 20:00–21:15 (75 minutes)."""
    day = today - dt.timedelta(days=days_ago)
    fields.setdefault("title", f"Hechting {days_ago}")
    return EventFactory(
        plenary_starts_at=at(day, 19),
        plenary_ends_at=at(day, 19, 45),
        breakout_starts_at=at(day, 20),
        breakout_ends_at=at(day, 21, 15),
        registration_deadline=at(day, 12) - dt.timedelta(days=2),
        **fields,
    )


def took_part(event, user, *, attended=True, **fields):
    return RegistrationFactory(event=event, user=user, attended=attended, **fields)


def _csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def _counted(user):
    [(_enrolment, ledger)] = selectors.ledgers(user)
    return ledger


# --- The selector and the ledger ---------------------------------------------------------------------


def test_attended_events_counts_only_the_breakout_minutes(bob, today):
    event = past_event(today)
    registration = took_part(event, bob)
    [line] = selectors.attended_meetings(bob)
    assert line.kind == "event"
    assert line.source == registration
    assert (line.starts_at, line.ends_at) == (event.breakout_starts_at, event.breakout_ends_at)
    assert (line.present, line.contact_minutes, line.online, line.confirmed) == (True, 75, True, True)


def test_attended_event_in_the_ledger_gives_hours(bob, today, enrolled):
    took_part(past_event(today), bob)
    ledger = _counted(bob)
    [line] = ledger.counted
    assert (line.minutes, line.hours) == (75, Decimal("1.25"))
    assert ledger.not_counted == []


def test_event_not_hours_eligible_is_not_in_the_ledger(bob, today, enrolled):
    took_part(past_event(today, hours_eligible=False), bob)
    assert selectors.attended_meetings(bob) == []
    ledger = _counted(bob)
    assert (ledger.counted, ledger.not_counted) == ([], [])


def test_absent_at_event_is_not_counted_with_reason(bob, today, enrolled):
    took_part(past_event(today), bob, attended=False)
    ledger = _counted(bob)
    assert ledger.counted == []
    [line] = ledger.not_counted
    assert line.reason_text == "Je was er niet bij"


def test_event_without_registered_attendance_is_not_in_the_ledger(bob, today, enrolled):
    took_part(past_event(today), bob, attended=None)
    assert selectors.attended_meetings(bob) == []


def test_cancelled_or_waitlisted_registration_is_not_in_the_ledger(bob, today, enrolled):
    took_part(past_event(today, days_ago=20), bob, status=RegistrationStatus.CANCELLED)
    took_part(past_event(today, days_ago=30), bob, status=RegistrationStatus.WAITLIST)
    assert selectors.attended_meetings(bob) == []


def test_cancelled_event_is_not_counted(bob, today, enrolled):
    took_part(past_event(today, status=EventStatus.CANCELLED), bob)
    [line] = _counted(bob).not_counted
    assert line.reason_text == "De bijeenkomst is afgelast"


def test_coach_who_led_a_breakout_gets_no_reflection_hours(bob, today, enrolled):
    """Leading a group is not one's own reflection."""
    took_part(past_event(today), bob, kind=RegistrationKind.COACH, role="")
    assert selectors.attended_meetings(bob) == []


def test_someone_elses_attendance_does_not_count_for_me(bob, charlie, today, enrolled):
    took_part(past_event(today), charlie)
    assert selectors.attended_meetings(bob) == []


# --- The overview page and the CSV -------------------------------------------------------------------


def test_overview_shows_the_event_as_themabijeenkomst(client, bob, today, enrolled):
    event = past_event(today, title="Hechting en trauma")
    took_part(event, bob)
    client.force_login(bob)
    html = client.get(OVERVIEW).content.decode()
    assert (
        f'<a href="{reverse("events:detail", args=[event.slug])}">Themabijeenkomst: Hechting en trauma</a>'
        in html
    )
    assert "20:00–21:15" in html
    assert '<td data-label="Minuten">75</td>' in html


def test_overview_absent_event_listed_under_not_counted(client, bob, today, enrolled):
    took_part(past_event(today, title="Rouw"), bob, attended=False)
    client.force_login(bob)
    html = client.get(OVERVIEW).content.decode()
    not_counted = html.split('class="not-counted"')[1]
    assert "Themabijeenkomst: Rouw" in not_counted
    assert "Je was er niet bij" in not_counted
    assert "Themabijeenkomst: Rouw" not in html.split('class="not-counted"')[0]


def test_export_csv_has_a_row_for_the_event(client, bob, today, enrolled):
    event = past_event(today, title="Hechting en trauma")
    took_part(event, bob)
    took_part(past_event(today, days_ago=30, hours_eligible=False), bob)
    took_part(past_event(today, days_ago=40), bob, attended=False)
    client.force_login(bob)
    rows = _csv_rows(client.get(reverse("accreditation:export_csv")))
    day = today - dt.timedelta(days=20)
    assert rows[1:] == [
        [
            day.strftime("%d-%m-%Y"),
            "Themabijeenkomst: Hechting en trauma",
            "coach in kleine groep",
            "intervisie in kleine groep",
            "20:00",
            "21:15",
            "75",
            "1,25",
            "SKJ – jeugd- en gezinsprofessional",
            "ja",
        ]
    ]


def _overview_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    return len(queries)


def test_overview_query_count_does_not_grow_with_events(client, bob, today, enrolled):
    client.force_login(bob)
    took_part(past_event(today, days_ago=10), bob)
    one = _overview_queries(client)
    took_part(past_event(today, days_ago=20), bob)
    took_part(past_event(today, days_ago=30), bob, attended=False)
    three = _overview_queries(client)
    assert one == three
