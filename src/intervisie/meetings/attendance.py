"""Attendance: who was at a meeting and from when to when, and each person's sign-off.

The begeleider (or a planner) registers attendance per person with the actual arrival and departure
time; only contact time counts for the registers (see ``Attendance.contact_minutes`` and
shared/domain/REGISTERS.md), so late arrival and early departure are stored as they happened.
Each person then confirms their own row ("Klopt, bevestigen") or says it is not right ("Klopt niet").

Every change goes through a keyword-only function here that validates, saves, writes the audit log
and queues e-mail in one transaction.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Exists, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.groups.domain import group_notify_recipients
from intervisie.groups.selectors import took_part_exists, took_part_user_ids
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Attendance, Meeting

NOTE_MAX_LENGTH = 500


class AttendanceError(Exception):
    """A change that is not possible; the message is Dutch and meant for the person.

    ``errors`` maps a user id to ``{"arrived_at" | "left_at": message}`` when the problem is with the
    times of one person, so a form can show it at the right field.
    """

    def __init__(self, message: str, *, errors: dict[int, dict[str, str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}


@dataclass(frozen=True)
class AttendanceEntry:
    """One person's line on the attendance form. Times are aware datetimes; ``None`` means the
    meeting's own start or end."""

    user_id: int
    present: bool | None  # None: not registered (no line is stored)
    arrived_at: datetime | None = None
    left_at: datetime | None = None


# --- Time helpers (pure) ---------------------------------------------------------------------------


def meeting_tz() -> ZoneInfo:
    """Meetings happen in Dutch time, whatever the viewer's time zone."""
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime) -> datetime:
    return moment.astimezone(meeting_tz())


def clock(moment: datetime | None) -> str:
    """``19:30`` in Dutch time, or ``""``."""
    return local(moment).strftime("%H:%M") if moment else ""


def on_meeting_day(meeting: Meeting, value: time) -> datetime:
    """The moment ``value`` (a clock time typed on the form) on the meeting's date, in Dutch time.

    A meeting that runs past midnight: a time before the start time belongs to the next day.
    """
    start = local(meeting.starts_at)
    day: date = start.date()
    if local(meeting.ends_at).date() != day and value < start.time().replace(second=0, microsecond=0):
        day += timedelta(days=1)
    return datetime.combine(day, value, tzinfo=meeting_tz())


def attendance_time_errors(*, meeting: Meeting, arrived_at: datetime, left_at: datetime) -> dict[str, str]:
    """What is wrong with one person's times, per field. Empty when the times are fine.

    Times must lie within the meeting: late arrival and early departure only. Pure: no queries.
    """
    errors = {}
    start, end = clock(meeting.starts_at), clock(meeting.ends_at)
    if arrived_at < meeting.starts_at:
        errors["arrived_at"] = _(
            "Dat is vóór het begin van de bijeenkomst. Vul een tijd in vanaf %(start)s."
        ) % {"start": start}
    elif arrived_at >= meeting.ends_at:
        errors["arrived_at"] = _(
            "Dat is niet tijdens de bijeenkomst. Vul een tijd in tussen %(start)s en %(end)s."
        ) % {"start": start, "end": end}
    if left_at > meeting.ends_at:
        errors["left_at"] = _(
            "Dat is na het einde van de bijeenkomst. Vul een tijd in tot en met %(end)s."
        ) % {"end": end}
    elif left_at <= meeting.starts_at:
        errors["left_at"] = _(
            "Dat is niet tijdens de bijeenkomst. Vul een tijd in tussen %(start)s en %(end)s."
        ) % {"start": start, "end": end}
    elif "arrived_at" not in errors and left_at <= arrived_at:
        errors["left_at"] = _("De tijd van weggaan moet later zijn dan de tijd van binnenkomen.")
    return errors


def attendance_closed_reason(meeting: Meeting, *, now: datetime | None = None) -> str:
    """Why attendance cannot be registered for ``meeting`` now, or ``""`` when it can."""
    now = now or timezone.now()
    if meeting.status == MeetingStatus.CANCELLED:
        return _("Deze bijeenkomst is afgelast. Je kunt er geen aanwezigheid voor registreren.")
    if now < meeting.starts_at:
        when = date_format(local(meeting.starts_at), "l j F Y, H:i")
        return _(
            "Deze bijeenkomst is nog niet begonnen. Je kunt de aanwezigheid registreren vanaf %(when)s uur."
        ) % {"when": when}
    return ""


# --- Reading -----------------------------------------------------------------------------------------


def attendance_people(meeting: Meeting) -> QuerySet:
    """Who is on the attendance form: everyone who took part in the group on the meeting's date
    (also if they left since), never someone who joined later: evidence counts only what happened.
    One query, sorted by name."""
    took_part = took_part_user_ids(
        group_id=meeting.group_id, starts_at=meeting.starts_at, ends_at=meeting.ends_at
    )
    return get_user_model().objects.filter(pk__in=took_part).order_by("name", "email")


def _with_meeting_days(attendances: QuerySet) -> QuerySet:
    return attendances.annotate(
        meeting_first_day=TruncDate("meeting__starts_at"), meeting_last_day=TruncDate("meeting__ends_at")
    )


def _took_part() -> Exists:
    return took_part_exists(
        user_ref="user_id",
        group_ref="meeting__group_id",
        first_day_ref="meeting_first_day",
        last_day_ref="meeting_last_day",
    )


def attendance_within_membership() -> QuerySet:
    """Attendance that may count as evidence: the person took part in the group on the meeting's date.
    The form refuses anyone else; this also keeps lines registered before that rule (or by hand) out
    of every ledger, list, statement and certificate, until ``check_attendance_history --fix``."""
    return _with_meeting_days(Attendance.objects.all()).filter(_took_part())


def attendance_outside_membership() -> QuerySet:
    """Attendance of people who did not take part in the group on the meeting's date (a later joiner
    marked present for a meeting before they came, or someone after they left)."""
    return (
        _with_meeting_days(Attendance.objects.all())
        .exclude(_took_part())
        .select_related("meeting", "meeting__group", "user")
        .order_by("meeting__group__name", "meeting__starts_at", "pk")
    )


def attendance_remove_outside_membership(*, by=None) -> list[dict]:
    """Remove attendance outside a membership window, one line at a time (each in its own transaction,
    checked again under the row lock). Returns what was removed, for the report.

    Side effects per line, in order: lock; check again; audit log ``attendance.removed_outside_membership``
    with the line's facts (meeting, person, presence, times, sign-off); delete.
    """
    removed = []
    for pk in list(attendance_outside_membership().values_list("pk", flat=True)):
        with transaction.atomic():
            row = attendance_outside_membership().select_for_update(of=("self",)).filter(pk=pk).first()
            if row is None:  # a membership was corrected in the meantime
                continue
            facts = {
                "meeting": row.meeting_id,
                "group": row.meeting.group_id,
                "user": row.user_id,
                **_snapshot(row.present, row.arrived_at, row.left_at),
                "confirmed_at": _utc(row.confirmed_at),
            }
            log_action(actor=by, action="attendance.removed_outside_membership", obj=row, data=facts)
            removed.append({**facts, "attendance": row})
            row.delete()
    return removed


def attendance_summary(meeting: Meeting) -> dict[str, int]:
    """Counts for the meeting page: registered, present, confirmed. One query."""
    counts = Attendance.objects.filter(meeting=meeting).aggregate(
        n_registered=Count("pk"),
        n_present=Count("pk", filter=Q(present=True)),
        n_confirmed=Count("pk", filter=Q(present=True, confirmed_at__isnull=False)),
    )
    return {key.removeprefix("n_"): value for key, value in counts.items()}


def attendances_to_confirm(user) -> QuerySet:
    """The person's registered presence that waits for their sign-off, oldest meeting first."""
    return (
        Attendance.objects.filter(user=user, present=True, confirmed_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting", "meeting__group")
        .order_by("meeting__starts_at", "pk")
    )


# --- Changing ----------------------------------------------------------------------------------------


def _utc(moment: datetime | None) -> str | None:
    # In UTC, so a time typed in Dutch time compares equal to the same moment read from the database.
    return moment.astimezone(UTC).isoformat() if moment else None


def _snapshot(present: bool, arrived_at: datetime | None, left_at: datetime | None) -> dict:
    return {"present": present, "arrived_at": _utc(arrived_at), "left_at": _utc(left_at)}


@transaction.atomic
def attendance_register(
    *, meeting: Meeting, by, entries: list[AttendanceEntry], now: datetime | None = None
) -> list[Attendance]:
    """Register (or correct) who was at ``meeting``, with actual times. All entries or none.

    Side effects, in order: lock the meeting row; validate (not cancelled, started, each person on
    the form once and in the group on the meeting's date, times within the meeting and arrival
    before departure, a registered line stays registered); create or update one ``Attendance`` per
    registered entry (a change in presence or times clears that person's sign-off, because they
    confirmed something else); audit log ``attendance.registered`` per created or changed row.
    Unchanged rows and entries left "not registered" are left alone (no audit entry, sign-off kept).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    reason = attendance_closed_reason(meeting, now=now)
    if reason:
        raise AttendanceError(reason)
    allowed = set(attendance_people(meeting).values_list("pk", flat=True))
    seen: set[int] = set()
    errors: dict[int, dict[str, str]] = {}
    rows = []
    existing = {a.user_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    for entry in entries:
        if entry.user_id not in allowed or entry.user_id in seen:
            raise AttendanceError(
                _(
                    "Deze persoon deed op de dag van de bijeenkomst niet mee in de groep. Laad de pagina "
                    "opnieuw en probeer het nog eens."
                )
            )
        seen.add(entry.user_id)
        if entry.present is None:
            if entry.user_id in existing:
                errors[entry.user_id] = {"present": _("Kies aanwezig of afwezig: dit was al ingevuld.")}
            continue
        if entry.present:
            arrived_at = entry.arrived_at or meeting.starts_at
            left_at = entry.left_at or meeting.ends_at
            problems = attendance_time_errors(meeting=meeting, arrived_at=arrived_at, left_at=left_at)
            if problems:
                errors[entry.user_id] = problems
        else:
            arrived_at = left_at = None
        rows.append((entry, arrived_at, left_at))
    if errors:
        raise AttendanceError(_("Niet alles klopt. Kijk hieronder bij de namen."), errors=errors)

    saved = []
    for entry, arrived_at, left_at in rows:
        new = _snapshot(entry.present, arrived_at, left_at)
        attendance = existing.get(entry.user_id)
        if attendance is None:
            attendance = Attendance.objects.create(
                meeting=meeting,
                user_id=entry.user_id,
                present=entry.present,
                arrived_at=arrived_at,
                left_at=left_at,
                registered_by=by,
            )
            previous, cleared = None, False
        else:
            previous = _snapshot(attendance.present, attendance.arrived_at, attendance.left_at)
            if previous == new:
                saved.append(attendance)
                continue
            cleared = attendance.confirmed_at is not None
            attendance.present, attendance.arrived_at, attendance.left_at = entry.present, arrived_at, left_at
            attendance.registered_by = by
            attendance.confirmed_at = None
            attendance.save(
                update_fields=[
                    "present",
                    "arrived_at",
                    "left_at",
                    "registered_by",
                    "registered_at",
                    "confirmed_at",
                ]
            )
        log_action(
            actor=by,
            action="attendance.registered",
            obj=attendance,
            data={
                "meeting": meeting.pk,
                "user": entry.user_id,
                **new,
                "previous": previous,
                "confirmation_cleared": cleared,
            },
        )
        saved.append(attendance)
    return saved


@transaction.atomic
def attendance_confirm(*, attendance: Attendance, user, now: datetime | None = None) -> Attendance:
    """The person confirms their own registered attendance (sign-off). Idempotent.

    Side effects, in order: lock the row; validate (own row, registered as present); when not yet
    confirmed: save ``confirmed_at`` and audit log ``attendance.confirmed``. A second call changes
    nothing and writes nothing.
    """
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.user_id != user.pk:
        raise AttendanceError(_("Je kunt alleen je eigen aanwezigheid bevestigen."))
    if not attendance.present:
        raise AttendanceError(
            _(
                "Je staat als afwezig genoteerd. Er is niets te bevestigen. Klopt dat niet? Kies dan 'Klopt niet'."
            )
        )
    if attendance.confirmed_at is not None:
        return attendance
    attendance.confirmed_at = now or timezone.now()
    attendance.save(update_fields=["confirmed_at"])
    log_action(
        actor=user,
        action="attendance.confirmed",
        obj=attendance,
        data={"meeting": attendance.meeting_id, "user": user.pk},
    )
    return attendance


def _dispute_recipients(attendance: Attendance) -> list:
    """The begeleider and whoever registered the attendance; the group's managers when neither is
    known. Never the person who disputes."""
    group = attendance.meeting.group
    people = {}
    if group.begeleider_id:
        people[group.begeleider_id] = group.begeleider
    if attendance.registered_by_id:
        people[attendance.registered_by_id] = attendance.registered_by
    people.pop(attendance.user_id, None)
    if not people:
        people = {p.pk: p for p in group_notify_recipients(group) if p.pk != attendance.user_id}
    return list(people.values())


@transaction.atomic
def attendance_dispute(*, attendance: Attendance, user, note: str) -> Attendance:
    """The person says their registered attendance is not right ("Klopt niet"), with a short note.

    Side effects, in order: validate the note; lock the row; validate (own row); clear a sign-off
    given earlier (the person no longer agrees); audit log ``attendance.disputed`` with the note;
    e-mail the begeleider and whoever registered the attendance so they can correct it.
    """
    note = (note or "").strip()
    if not note:
        raise AttendanceError(_("Schrijf kort wat er niet klopt."))
    if len(note) > NOTE_MAX_LENGTH:
        raise AttendanceError(_("Je tekst is te lang: maximaal %(max)d tekens.") % {"max": NOTE_MAX_LENGTH})
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__group", "meeting__group__organisation", "registered_by", "user")
        .get(pk=attendance.pk)
    )
    if attendance.user_id != user.pk:
        raise AttendanceError(_("Je kunt alleen over je eigen aanwezigheid iets zeggen."))
    cleared = attendance.confirmed_at is not None
    if cleared:
        attendance.confirmed_at = None
        attendance.save(update_fields=["confirmed_at"])
    log_action(
        actor=user,
        action="attendance.disputed",
        obj=attendance,
        data={
            "meeting": attendance.meeting_id,
            "user": user.pk,
            "note": note,
            "confirmation_cleared": cleared,
        },
    )
    meeting = attendance.meeting
    for recipient in _dispute_recipients(attendance):
        email_queue(
            to=recipient,
            template="meetings/email/attendance_disputed",
            context={
                "attendance": attendance,
                "meeting": meeting,
                "group": meeting.group,
                "person": attendance.user,
                "note": note,
                "arrived": clock(attendance.arrived_at),
                "left": clock(attendance.left_at),
            },
        )
    return attendance
