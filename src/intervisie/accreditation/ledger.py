"""The reflection-hours ledger: which meetings count for a register, and whether a person is on schedule.

Pure Python: no database queries. The rules come from a ``Register`` row (data, never constants per
register: shared/domain/REGISTERS.md), the meetings from ``accreditation.selectors``. The same
functions serve the overview page, the CSV export and the PDFs, so the figures always agree.

The rules, as the registers write them (SKJ, Registerplein):
- a meeting that did not take place (cancelled) gives nothing;
- a meeting counts only when its planned length is at least the register's minimum (SKJ: one hour),
  so a 50-minute meeting gives 0 hours, even for someone who was there all the time;
- only contact time counts: late arrival and early departure are taken off;
- online meetings count only when the register accepts them;
- only meetings inside the registration period count.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from intervisie.accreditation.enums import NotCounted

CENT = Decimal("0.01")
# Behind schedule means: more than this share of the period's target below the expected hours.
BEHIND_MARGIN = Decimal("0.10")
# The catch-up advice assumes the rhythm SKJ suggests: meetings of two hours.
ADVICE_MEETING_HOURS = 2


@dataclass(frozen=True)
class Rules:
    """A register's reflection rules (a copy of the ``Register`` row's numbers)."""

    min_meeting_minutes: int
    points_per_hour: Decimal = Decimal("1")
    hours_required: Decimal | None = None
    period_years: int = 5
    online_counts: bool = True
    name: str = ""

    @classmethod
    def from_register(cls, register) -> "Rules":
        return cls(
            min_meeting_minutes=register.min_meeting_minutes,
            points_per_hour=Decimal(register.points_per_hour),
            hours_required=None if register.hours_required is None else Decimal(register.hours_required),
            period_years=register.period_years,
            online_counts=register.online_counts,
            name=register.name,
        )


@dataclass(frozen=True)
class AttendedMeeting:
    """One meeting as the ledger sees it for one person (built from an ``Attendance``)."""

    starts_at: datetime
    ends_at: datetime
    present: bool
    contact_minutes: int
    cancelled: bool = False
    online: bool = False
    confirmed: bool = False
    # The Attendance (or event Registration) the line came from, for display; the ledger never reads it.
    source: Any = field(default=None, compare=False)
    # "meeting" (a group's meeting, source an Attendance) or "event" (a themed event's breakout part,
    # source an events.Registration).
    kind: str = "meeting"

    @property
    def planned_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def local_date(self) -> date:
        return timezone.localdate(self.starts_at)


@dataclass(frozen=True)
class Line:
    meeting: AttendedMeeting
    minutes: int  # counted contact minutes (0 when the meeting does not count)
    hours: Decimal
    points: Decimal
    reason: NotCounted | None = None
    rules: Rules | None = field(default=None, compare=False)

    @property
    def counted(self) -> bool:
        return self.reason is None

    @property
    def reason_text(self) -> str:
        if self.reason is None:
            return ""
        if self.reason == NotCounted.TOO_SHORT:
            return str(self.reason.label) % {"minutes": self.rules.min_meeting_minutes if self.rules else ""}
        return str(self.reason.label)


def minutes_to_hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (95 minutes → 1.58)."""
    return (Decimal(minutes) / Decimal(60)).quantize(CENT, rounding=ROUND_HALF_UP)


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a year without it."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def ledger_line(meeting: AttendedMeeting, rules: Rules) -> Line:
    """Whether one meeting counts for a register, and for how many hours and points."""
    reason = None
    if meeting.cancelled:
        reason = NotCounted.CANCELLED
    elif meeting.planned_minutes < rules.min_meeting_minutes:
        reason = NotCounted.TOO_SHORT
    elif meeting.online and not rules.online_counts:
        reason = NotCounted.ONLINE
    elif not meeting.present or meeting.contact_minutes <= 0:
        reason = NotCounted.ABSENT
    if reason is not None:
        return Line(
            meeting=meeting,
            minutes=0,
            hours=Decimal("0.00"),
            points=Decimal("0.00"),
            reason=reason,
            rules=rules,
        )
    hours = minutes_to_hours(meeting.contact_minutes)
    points = (hours * rules.points_per_hour).quantize(CENT, rounding=ROUND_HALF_UP)
    return Line(meeting=meeting, minutes=meeting.contact_minutes, hours=hours, points=points, rules=rules)


@dataclass(frozen=True)
class Ledger:
    rules: Rules
    period_start: date
    period_end: date  # exclusive: the first day of the next period
    today: date
    lines: list[Line]

    @property
    def counted(self) -> list[Line]:
        return [line for line in self.lines if line.counted]

    @property
    def not_counted(self) -> list[Line]:
        return [line for line in self.lines if not line.counted]

    @property
    def minutes(self) -> int:
        return sum(line.minutes for line in self.lines)

    @property
    def hours(self) -> Decimal:
        # The sum of the rounded lines, so the table and the CSV add up to the total shown.
        return sum((line.hours for line in self.lines), Decimal("0.00"))

    @property
    def points(self) -> Decimal:
        return sum((line.points for line in self.lines), Decimal("0.00"))

    @property
    def last_day(self) -> date:
        return self.period_end - timedelta(days=1)

    @property
    def has_target(self) -> bool:
        return self.rules.hours_required is not None

    @property
    def target(self) -> Decimal | None:
        return self.rules.hours_required

    @property
    def percent(self) -> int:
        """Progress towards the target, 0-100, for the progress bar."""
        if not self.rules.hours_required:
            return 0
        return min(100, int(self.hours * 100 / self.rules.hours_required))

    @property
    def elapsed_fraction(self) -> Decimal:
        total = (self.period_end - self.period_start).days
        done = (self.today - self.period_start).days
        return min(Decimal(1), max(Decimal(0), Decimal(done) / Decimal(total)))

    @property
    def expected_hours(self) -> Decimal | None:
        """Hours a person on an even pace would have by today."""
        if self.rules.hours_required is None:
            return None
        return (self.rules.hours_required * self.elapsed_fraction).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def is_complete(self) -> bool:
        return self.has_target and self.hours >= self.rules.hours_required

    @property
    def is_over(self) -> bool:
        return self.today >= self.period_end

    @property
    def is_behind(self) -> bool:
        if self.rules.hours_required is None or self.is_complete:
            return False
        margin = self.rules.hours_required * BEHIND_MARGIN
        return self.expected_hours - self.hours > margin

    @property
    def catch_up_weeks(self) -> int | None:
        """Every how many weeks a two-hour meeting is needed to still reach the target; None when
        that is no longer possible (or there is no target)."""
        if self.rules.hours_required is None or self.is_complete:
            return None
        missing = self.rules.hours_required - self.hours
        days_left = (self.period_end - self.today).days
        if days_left <= 0:
            return None
        meetings_needed = math.ceil(missing / ADVICE_MEETING_HOURS)
        weeks = math.floor(days_left / 7 / meetings_needed)
        return weeks if weeks >= 1 else None

    @property
    def warning(self) -> str:
        """A plain Dutch warning when the person is behind schedule; empty otherwise."""
        if not self.is_behind:
            return ""
        values = {
            "hours": _format_hours(self.hours),
            "expected": formats.number_format(self.expected_hours.to_integral_value(ROUND_HALF_UP)),
        }
        if self.is_over:
            return _(
                "Je registratieperiode is voorbij. Je hebt %(hours)s uur, het doel was %(target)s uur."
            ) % {**values, "target": formats.number_format(self.rules.hours_required.normalize())}
        text = (
            _(
                "Je loopt achter: je hebt %(hours)s uur, op dit moment zou je rond %(expected)s uur moeten hebben."
            )
            % values
        )
        weeks = self.catch_up_weeks
        if weeks is None:
            advice = _(
                "Met alleen intervisie haal je het doel niet meer voor het einde van je periode. "
                "Vraag je register wat je kunt doen."
            )
        elif weeks == 1:
            advice = _("Met een bijeenkomst van 2 uur per week haal je het nog.")
        else:
            advice = _("Met een bijeenkomst van 2 uur per %(weeks)d weken haal je het nog.") % {
                "weeks": weeks
            }
        return f"{text} {advice}"


def _format_hours(value: Decimal) -> str:
    """12.00 → "12", 12.50 → "12,5" (Dutch decimal comma in the active language)."""
    value = value.quantize(CENT)
    if value == value.to_integral_value():
        return formats.number_format(value, 0)
    return formats.number_format(value.normalize())


def compute_ledger(
    *, rules: Rules, meetings: list[AttendedMeeting], period_start: date, today: date
) -> Ledger:
    """The ledger for one registration period: every meeting inside the period, with whether it
    counts, its hours and points, and the totals. Meetings outside the period are left out."""
    period_end = add_years(period_start, rules.period_years)
    inside = sorted(
        (m for m in meetings if period_start <= m.local_date < period_end),
        key=lambda m: m.starts_at,
    )
    return Ledger(
        rules=rules,
        period_start=period_start,
        period_end=period_end,
        today=today,
        lines=[ledger_line(m, rules) for m in inside],
    )
