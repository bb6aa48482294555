"""Reading meetings and attendance for the ledger and the evidence. A fixed number of queries each,
however many meetings there are; the counting itself is done by the pure ``ledger`` module."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone

from intervisie.accreditation.ledger import AttendedMeeting, Ledger, Rules, compute_ledger, ledger_line
from intervisie.accreditation.models import Enrolment, Register
from intervisie.groups.enums import Format
from intervisie.meetings.attendance import attendance_within_membership
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Attendance, Meeting, MeetingSeries

ATTENDANCE_RELATED = ("meeting__group__begeleider", "meeting__method", "meeting__series", "user")


def evidence_attendances():
    """Attendance that may count as evidence (meetings.attendance.attendance_within_membership)."""
    return attendance_within_membership()


def attended(attendance: Attendance) -> AttendedMeeting:
    meeting = attendance.meeting
    return AttendedMeeting(
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        present=attendance.present,
        contact_minutes=attendance.contact_minutes,
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        # A hybrid meeting counts as in person: the register cannot tell from the list who joined
        # online, and Registerplein accepts online reflection with live video and sound anyway.
        online=meeting.format == Format.ONLINE,
        confirmed=attendance.confirmed_at is not None,
        source=attendance,
    )


def attended_meetings(user) -> list[AttendedMeeting]:
    """Every meeting the person has an attendance record for, and every themed event whose
    attendance was registered and that counts for reflection hours (two queries)."""
    attendances = (
        evidence_attendances()
        .filter(user=user)
        .select_related(*ATTENDANCE_RELATED)
        .order_by("meeting__starts_at", "meeting_id")
    )
    lines = [attended(a) for a in attendances] + attended_events(user)
    return sorted(lines, key=lambda m: m.starts_at)


def attended_events(user) -> list[AttendedMeeting]:
    """Themed events as ledger lines. Only the breakout part counts: that is the intervision (peers
    working on a case with a coach); the plenary part is a lecture, which registers count as training,
    not reflection. Coaches lead a breakout: that is not their own reflection, so only participants
    count. The organiser registers attendance, so the line needs no confirmation."""
    from intervisie.events.enums import EventStatus, RegistrationKind, RegistrationStatus
    from intervisie.events.models import Registration

    registrations = Registration.objects.filter(
        user=user,
        kind=RegistrationKind.PARTICIPANT,
        status=RegistrationStatus.CONFIRMED,
        attended__isnull=False,
        event__hours_eligible=True,
    ).select_related("event", "published_breakout__coach__user")
    lines = []
    for registration in registrations:
        event = registration.event
        lines.append(
            AttendedMeeting(
                starts_at=event.breakout_starts_at,
                ends_at=event.breakout_ends_at,
                present=bool(registration.attended),
                contact_minutes=event.breakout_minutes if registration.attended else 0,
                cancelled=event.status == EventStatus.CANCELLED,
                online=True,
                confirmed=True,
                source=registration,
                kind="event",
            )
        )
    return lines


def ledgers(user, *, today: date | None = None) -> list[tuple[Enrolment, Ledger]]:
    """The person's registration periods, each with its ledger (two queries in all)."""
    today = today or timezone.localdate()
    meetings = attended_meetings(user)
    return [
        (
            enrolment,
            compute_ledger(
                rules=Rules.from_register(enrolment.register),
                meetings=meetings,
                period_start=enrolment.period_start,
                today=today,
            ),
        )
        for enrolment in Enrolment.objects.filter(user=user).select_related("register")
    ]


def evidence_rules() -> Rules:
    """The rules evidence (a reflectieverklaring, a certificate's hours) is counted with.

    A statement must hold for every register the person may hand it to, so it takes the strictest
    rules of all registers: the longest minimum meeting, and online only if every register accepts it.
    """
    agg = Register.objects.aggregate(
        min_minutes=Max("min_meeting_minutes"), online_refused=Max("pk", filter=Q(online_counts=False))
    )
    return Rules(min_meeting_minutes=agg["min_minutes"] or 0, online_counts=agg["online_refused"] is None)


def group_person(group, person_id: str):
    """A participant of the group, or someone who was at its meetings; None for anyone else, so a
    made-up id tells nothing about other accounts."""
    person_id = str(person_id)
    # ASCII digits only ("²".isdigit() is true, but int() refuses it) and few enough to be an id.
    if not (person_id.isascii() and person_id.isdigit() and len(person_id) <= 18):
        return None
    from intervisie.groups.enums import PARTICIPANT_STATES

    return (
        get_user_model()
        .objects.filter(pk=int(person_id))
        .filter(
            Q(memberships__group=group, memberships__state__in=PARTICIPANT_STATES)
            | Q(attendances__meeting__group=group)
        )
        .distinct()
        .first()
    )


def begeleider_label(group) -> str:
    """ "Naam (register)" of the group's begeleider, as the attendance list and CSV show it."""
    name = group.begeleider_display
    register = ""
    if group.begeleider_id and group.begeleider and group.begeleider.supervisor_register:
        register = group.begeleider.get_supervisor_register_display()
    elif group.begeleider_register:
        register = group.get_begeleider_register_display()
    if name and register:
        return f"{name} ({register})"
    return name


# --- A scope of evidence: a group's meetings in a period or in a series ----------------------------


@dataclass(frozen=True)
class Scope:
    group: object
    start: date | None = None
    end: date | None = None  # inclusive
    series: MeetingSeries | None = None

    def meeting_filter(self) -> Q:
        q = Q(meeting__group=self.group)
        if self.series is not None:
            return q & Q(meeting__series=self.series)
        if self.start:
            q &= Q(meeting__starts_at__gte=day_start(self.start))
        if self.end:
            q &= Q(meeting__starts_at__lt=day_start(self.end + timedelta(days=1)))
        return q


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def scope_period(scope: Scope, meetings: list[Meeting]) -> tuple[date | None, date | None]:
    """The period to print: the chosen dates, or the first and last meeting of a series."""
    if scope.series is None and scope.start and scope.end:
        return scope.start, scope.end
    days = [timezone.localdate(m.starts_at) for m in meetings]
    start = scope.start if scope.series is None and scope.start else (min(days) if days else None)
    end = scope.end if scope.series is None and scope.end else (max(days) if days else None)
    return start, end


@dataclass
class AttendanceList:
    """The meetings of an attendance list with everyone who was there."""

    meetings: list[Meeting]
    attendees: dict[int, list[Attendance]]  # meeting id → attendances of those present, by name


def attendance_list(scope: Scope, *, person=None) -> AttendanceList:
    """Meetings in the scope that took place; with ``person``: only those the person was at.
    Two queries."""
    own = (
        evidence_attendances()
        .filter(scope.meeting_filter(), present=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("user", "meeting__method", "meeting__group")
        .order_by("meeting__starts_at", "meeting_id")
    )
    if person is not None:
        meeting_ids = list(own.filter(user=person).values_list("meeting_id", flat=True))
        rows = list(own.filter(meeting_id__in=meeting_ids))
    else:
        rows = list(own)
    meetings: dict[int, Meeting] = {}
    attendees: dict[int, list[Attendance]] = defaultdict(list)
    for attendance in rows:
        meetings.setdefault(attendance.meeting_id, attendance.meeting)
        attendees[attendance.meeting_id].append(attendance)
    for people in attendees.values():
        people.sort(key=lambda a: (a.user.name or a.user.email).lower())
    return AttendanceList(meetings=list(meetings.values()), attendees=dict(attendees))


def person_lines(scope: Scope, person, rules: Rules) -> list:
    """The person's ledger lines for the meetings in the scope, counted with ``rules`` (one query)."""
    attendances = (
        evidence_attendances()
        .filter(scope.meeting_filter(), user=person)
        .select_related(*ATTENDANCE_RELATED)
        .order_by("meeting__starts_at", "meeting_id")
    )
    return [ledger_line(attended(a), rules) for a in attendances]


def group_hours(scope: Scope, rules: Rules) -> dict[int, dict]:
    """Per person (user id): the meetings attended and the counted hours in the scope (one query)."""
    result: dict[int, dict] = {}
    attendances = (
        evidence_attendances()
        .filter(scope.meeting_filter(), present=True, meeting__ends_at__lte=timezone.now())
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting", "user")
    )
    for attendance in attendances:
        line = ledger_line(attended(attendance), rules)
        row = result.setdefault(
            attendance.user_id,
            {"user": attendance.user, "meetings": 0, "counted": 0, "hours": Decimal("0.00")},
        )
        if attendance.contact_minutes > 0:
            row["meetings"] += 1
        if line.counted:
            row["counted"] += 1
            row["hours"] += line.hours
    return result
