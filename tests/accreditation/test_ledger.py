"""The ledger on its own: plain objects in, figures out, no database."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from intervisie.accreditation.enums import NotCounted
from intervisie.accreditation.ledger import (
    AttendedMeeting,
    Rules,
    add_years,
    compute_ledger,
    ledger_line,
    minutes_to_hours,
)

AMS = ZoneInfo("Europe/Amsterdam")
SKJ = Rules(
    min_meeting_minutes=60, points_per_hour=Decimal("1"), hours_required=Decimal("60"), period_years=5
)
REGISTERPLEIN = Rules(min_meeting_minutes=60, hours_required=None, period_years=5)


def meeting(
    day=dt.date(2025, 3, 4), start=(19, 0), minutes=120, *, contact=None, **kwargs
) -> AttendedMeeting:
    starts_at = dt.datetime.combine(day, dt.time(*start), tzinfo=AMS)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    return AttendedMeeting(
        starts_at=starts_at,
        ends_at=ends_at,
        present=kwargs.pop("present", True),
        contact_minutes=minutes if contact is None else contact,
        **kwargs,
    )


def ledger(meetings, *, rules=SKJ, start=dt.date(2025, 1, 1), today=dt.date(2025, 6, 1)):
    return compute_ledger(rules=rules, meetings=meetings, period_start=start, today=today)


# --- One meeting --------------------------------------------------------------------------------------


def test_ledger_line_50_minute_meeting_gives_no_hours():
    line = ledger_line(meeting(minutes=50), SKJ)
    assert line.counted is False
    assert line.reason == NotCounted.TOO_SHORT
    assert line.hours == Decimal("0.00")
    assert line.reason_text == "De bijeenkomst was korter dan 60 minuten"


def test_ledger_line_exactly_the_minimum_counts():
    line = ledger_line(meeting(minutes=60), SKJ)
    assert line.counted is True
    assert line.hours == Decimal("1.00")


def test_ledger_line_partial_attendance_counts_contact_minutes():
    # Came 20 minutes late and left 5 minutes early in a two-hour meeting: 95 minutes.
    line = ledger_line(meeting(minutes=120, contact=95), SKJ)
    assert line.counted is True
    assert line.minutes == 95
    assert line.hours == Decimal("1.58")
    assert line.points == Decimal("1.58")


def test_ledger_line_short_contact_in_long_meeting_still_counts():
    # The one-hour rule is about the meeting; only contact time counts for the person.
    line = ledger_line(meeting(minutes=120, contact=45), SKJ)
    assert line.counted is True
    assert line.hours == Decimal("0.75")


def test_ledger_line_cancelled_meeting_not_counted():
    line = ledger_line(meeting(cancelled=True), SKJ)
    assert line.reason == NotCounted.CANCELLED
    assert line.reason_text == "De bijeenkomst is afgelast"
    assert line.hours == Decimal("0.00")


def test_ledger_line_absent_not_counted():
    line = ledger_line(meeting(present=False, contact=0), SKJ)
    assert line.reason == NotCounted.ABSENT
    assert line.reason_text == "Je was er niet bij"


def test_ledger_line_online_not_counted_when_register_refuses_online():
    rules = Rules(min_meeting_minutes=60, online_counts=False)
    line = ledger_line(meeting(online=True), rules)
    assert line.reason == NotCounted.ONLINE
    assert line.reason_text == "Online bijeenkomsten tellen niet mee voor dit register"
    assert ledger_line(meeting(online=False), rules).counted is True


def test_ledger_line_online_counts_when_register_accepts_online():
    assert ledger_line(meeting(online=True), SKJ).hours == Decimal("2.00")


def test_ledger_line_points_per_hour_from_the_rules():
    rules = Rules(min_meeting_minutes=60, points_per_hour=Decimal("1.5"))
    line = ledger_line(meeting(minutes=90), rules)
    assert line.hours == Decimal("1.50")
    assert line.points == Decimal("2.25")


def test_minutes_to_hours_rounds_to_two_decimals():
    assert minutes_to_hours(100) == Decimal("1.67")
    assert minutes_to_hours(120) == Decimal("2.00")
    assert minutes_to_hours(1) == Decimal("0.02")


# --- The period ---------------------------------------------------------------------------------------


def test_add_years_keeps_the_day_and_handles_29_february():
    assert add_years(dt.date(2024, 3, 1), 5) == dt.date(2029, 3, 1)
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


def test_ledger_period_boundaries():
    start = dt.date(2021, 1, 1)
    day_before = meeting(day=dt.date(2020, 12, 31))
    first_day = meeting(day=dt.date(2021, 1, 1))
    last_day = meeting(day=dt.date(2025, 12, 31))
    next_period = meeting(day=dt.date(2026, 1, 1))
    result = ledger([next_period, last_day, day_before, first_day], start=start, today=dt.date(2025, 6, 1))
    assert result.period_end == dt.date(2026, 1, 1)
    assert result.last_day == dt.date(2025, 12, 31)
    assert [line.meeting for line in result.lines] == [first_day, last_day]
    assert result.hours == Decimal("4.00")


def test_ledger_period_uses_the_local_date():
    # 00:30 in Amsterdam on 1 January is still 31 December in UTC: it belongs to the new period.
    just_after_midnight = meeting(day=dt.date(2021, 1, 1), start=(0, 30), minutes=60)
    assert just_after_midnight.starts_at.astimezone(dt.UTC).date() == dt.date(2020, 12, 31)
    result = ledger([just_after_midnight], start=dt.date(2021, 1, 1))
    assert len(result.counted) == 1


def test_ledger_totals_add_up_the_rounded_lines():
    lines = [meeting(day=dt.date(2025, 2, d), minutes=100) for d in (3, 10, 17)]
    result = ledger(lines)
    # 3 × 1.67: the total shown matches the sum of the table.
    assert result.hours == Decimal("5.01")
    assert result.minutes == 300


def test_ledger_splits_counted_and_not_counted():
    counted = meeting(day=dt.date(2025, 2, 3))
    short = meeting(day=dt.date(2025, 2, 10), minutes=50)
    cancelled = meeting(day=dt.date(2025, 2, 17), cancelled=True)
    absent = meeting(day=dt.date(2025, 2, 24), present=False, contact=0)
    result = ledger([absent, cancelled, short, counted])
    assert [line.meeting for line in result.counted] == [counted]
    assert [line.reason for line in result.not_counted] == [
        NotCounted.TOO_SHORT,
        NotCounted.CANCELLED,
        NotCounted.ABSENT,
    ]
    assert result.hours == Decimal("2.00")


# --- On schedule --------------------------------------------------------------------------------------

# Halfway through a five-year period (913 of 1826 days): 30 of the 60 hours expected.
HALF_START = dt.date(2023, 1, 1)
HALFWAY = dt.date(2025, 7, 2)


def _hours(total_hours: int) -> list[AttendedMeeting]:
    return [meeting(day=dt.date(2024, 1, 1) + dt.timedelta(days=7 * i)) for i in range(total_hours // 2)]


def test_ledger_behind_schedule_warns_with_catch_up_rhythm():
    result = ledger(_hours(10), start=HALF_START, today=HALFWAY)
    assert result.expected_hours == Decimal("30.00")
    assert result.is_behind is True
    # 50 hours to go in 913 days: 25 meetings of two hours, one every 5 weeks.
    assert result.catch_up_weeks == 5
    assert result.warning == (
        "Je loopt achter: je hebt 10 uur, op dit moment zou je rond 30 uur moeten hebben. "
        "Met een bijeenkomst van 2 uur per 5 weken haal je het nog."
    )
    assert result.percent == 16


def test_ledger_within_margin_is_not_behind():
    # 6 hours (10 % of 60) below the expected 30 is still on schedule.
    result = ledger(_hours(24), start=HALF_START, today=HALFWAY)
    assert result.is_behind is False
    assert result.warning == ""


def test_ledger_just_past_margin_is_behind():
    result = ledger(_hours(22), start=HALF_START, today=HALFWAY)
    assert result.is_behind is True


def test_ledger_behind_without_time_to_catch_up():
    # Two months before the end with 10 of 60 hours: two-hour meetings every week are not enough.
    result = ledger(_hours(10), start=HALF_START, today=dt.date(2027, 11, 1))
    assert result.catch_up_weeks is None
    assert result.warning == (
        "Je loopt achter: je hebt 10 uur, op dit moment zou je rond 58 uur moeten hebben. "
        "Met alleen intervisie haal je het doel niet meer voor het einde van je periode. "
        "Vraag je register wat je kunt doen."
    )


def test_ledger_weekly_catch_up_advice():
    # 40 hours to go in 20 weeks: a two-hour meeting every week.
    today = dt.date(2027, 1, 1) + dt.timedelta(days=365 - 140)
    result = ledger(_hours(20), start=dt.date(2023, 1, 1), today=today)
    assert result.catch_up_weeks == 1
    assert result.warning.endswith("Met een bijeenkomst van 2 uur per week haal je het nog.")


def test_ledger_after_the_period_says_it_is_over():
    result = ledger(_hours(10), start=HALF_START, today=dt.date(2028, 3, 1))
    assert result.is_over is True
    assert result.warning == "Je registratieperiode is voorbij. Je hebt 10 uur, het doel was 60 uur."


def test_ledger_target_reached_is_complete_and_never_behind():
    many = [meeting(day=dt.date(2023, 2, 1) + dt.timedelta(days=7 * i)) for i in range(31)]
    result = ledger(many, start=HALF_START, today=dt.date(2027, 12, 1))
    assert result.hours == Decimal("62.00")
    assert result.is_complete is True
    assert result.percent == 100
    assert result.warning == ""


def test_ledger_hours_with_decimals_in_warning_use_a_comma():
    lines = [meeting(day=dt.date(2024, 1, 2), minutes=120, contact=90)]
    result = ledger(lines, start=HALF_START, today=HALFWAY)
    assert result.warning.startswith("Je loopt achter: je hebt 1,5 uur,")


def test_ledger_registerplein_without_target():
    result = ledger(_hours(10), rules=REGISTERPLEIN, start=HALF_START, today=HALFWAY)
    assert result.has_target is False
    assert result.hours == Decimal("10.00")
    assert result.expected_hours is None
    assert result.is_behind is False
    assert result.warning == ""
    assert result.percent == 0


def test_ledger_period_not_started_yet_expects_nothing():
    result = ledger([], start=dt.date(2026, 1, 1), today=dt.date(2025, 6, 1))
    assert result.expected_hours == Decimal("0.00")
    assert result.is_behind is False
