"""Group life: the charter (groepsafspraken), planning meetings, RSVP, reminders and quorum.

Every state change goes through a keyword-only function here that validates, saves, writes the audit
log and queues e-mail, in one transaction. Background jobs (reminders, quorum) are idempotent: each
meeting carries a "sent at" mark that is set under a row lock in the same transaction as the e-mails,
so a job that runs twice (or on two workers at once) sends every e-mail once.

E-mails never contain case text; they name the group, the meeting's time and place and link back.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intervisie.common.audit import log_action
from intervisie.common.dates import local_datetime
from intervisie.common.email import email_queue
from intervisie.common.video import video_provider
from intervisie.groups.enums import PARTICIPANT_STATES, Format
from intervisie.groups.models import IntervisionGroup
from intervisie.meetings.enums import BelowQuorum, MeetingStatus, RsvpAnswer
from intervisie.meetings.models import Charter, CharterAgreement, Meeting, MeetingSeries, Rsvp

User = get_user_model()

# Without a charter a group follows the common rule of thumb: at most eight weeks between meetings.
DEFAULT_MAX_GAP_WEEKS = 8
SERIES_MAX_MEETINGS = 20
SERIES_MAX_INTERVAL_WEEKS = 26
CANCEL_REASON_MAX_LENGTH = 1000  # Meeting.cancel_reason
RSVP_REASON_MAX_LENGTH = 300  # Rsvp.reason

CHARTER_FIELDS = (
    "expectations",
    "confidentiality",
    "case_choice",
    "min_attendance",
    "below_quorum",
    "schedule",
    "channel",
    "channel_use",
    "max_gap_weeks",
)
MEETING_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "format",
    "location",
    "method",
    "is_start_meeting",
    "rsvp_deadline",
)


class MeetingError(Exception):
    """A change that is not possible; the message is Dutch and meant for the person."""


# --- People ------------------------------------------------------------------------------------------


def group_participants(group: IntervisionGroup) -> list:
    """The people who take part in the group's life now (kennismaking, proefperiode, lid)."""
    return list(
        User.objects.filter(memberships__group=group, memberships__state__in=PARTICIPANT_STATES)
        .distinct()
        .order_by("name", "email")
    )


def group_planners(group: IntervisionGroup) -> list:
    """Who hears about a meeting in trouble: the begeleider and the members who plan.

    A group without either falls back to its organisation's managers, so someone is always told.
    """
    people = {}
    if group.begeleider_id:
        people[group.begeleider_id] = group.begeleider
    for user in User.objects.filter(
        memberships__group=group, memberships__state__in=PARTICIPANT_STATES, memberships__is_planner=True
    ).distinct():
        people[user.pk] = user
    if not people:
        people = {user.pk: user for user in group.organisation.managers.all()}
    return list(people.values())


def _meeting_audience(group: IntervisionGroup) -> list:
    """Who hears about a planned, changed or cancelled meeting: the participants and the begeleider."""
    people = {user.pk: user for user in group_participants(group)}
    if group.begeleider_id and group.begeleider_id not in people:
        people[group.begeleider_id] = group.begeleider
    return list(people.values())


def _is_participant(user, group: IntervisionGroup) -> bool:
    return group.memberships.filter(user=user, state__in=PARTICIPANT_STATES).exists()


def _lock_group(group_id: int) -> IntervisionGroup:
    return (
        IntervisionGroup.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=group_id)
    )


# --- Charter (groepsafspraken) -----------------------------------------------------------------------


def _check_text_lengths(obj, names: Iterable[str]) -> None:
    """Model validation does not check a TextField's max_length (only forms do); the domain does."""
    errors = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if (
            field.get_internal_type() == "TextField"
            and field.max_length
            and len(value or "") > field.max_length
        ):
            errors[name] = _("Deze tekst is te lang: hoogstens %(max)d tekens.") % {"max": field.max_length}
    if errors:
        raise ValidationError(errors)


def charter_current(group: IntervisionGroup) -> Charter | None:
    """The group's newest charter version, or None when the group made no agreements yet."""
    return Charter.objects.filter(group=group).order_by("-version").first()


@transaction.atomic
def charter_create(*, group: IntervisionGroup, by, methods: Iterable = (), **fields) -> Charter:
    """Record a new version of the group's agreements; every participant agrees to it again.

    Side effects, in order: lock the group row (so two planners cannot both make version n+1);
    validate; save the charter with version = last + 1 and its methods; audit log; e-mail each
    participant to read the new agreements and agree.
    """
    unknown = set(fields) - set(CHARTER_FIELDS)
    if unknown:
        raise TypeError(f"charter_create() got unknown fields: {sorted(unknown)}")
    group = _lock_group(group.pk)
    last = Charter.objects.filter(group=group).aggregate(last=Max("version"))["last"] or 0
    charter = Charter(group=group, version=last + 1, created_by=by, **fields)
    charter.full_clean(exclude=["group", "created_by"])
    _check_text_lengths(charter, fields)
    if charter.min_attendance > group.max_members:
        raise ValidationError(
            {
                "min_attendance": _(
                    "De groep heeft hoogstens %(max)d leden. Kies een minimum van %(max)d of minder."
                )
                % {"max": group.max_members}
            }
        )
    charter.save()
    charter.methods.set(list(methods))
    log_action(
        actor=by, action="charter.create", obj=charter, data={"group": group.pk, "version": charter.version}
    )
    for person in group_participants(group):
        email_queue(
            to=person,
            template="meetings/email/charter_new",
            context={"group": group, "charter": charter},
        )
    return charter


@transaction.atomic
def charter_agree(*, charter: Charter, user) -> CharterAgreement:
    """The person agrees to this version of the agreements. Agreeing twice changes nothing.

    Side effects, in order: validate (a participant, the current version); save the agreement with
    its time; audit log (only the first time).
    """
    group = charter.group
    if not _is_participant(user, group):
        raise MeetingError(_("Alleen deelnemers van de groep gaan akkoord met de groepsafspraken."))
    current = charter_current(group)
    if current is None or current.pk != charter.pk:
        raise MeetingError(
            _("Er is intussen een nieuwe versie van de groepsafspraken. Lees die eerst en ga dan akkoord.")
        )
    agreement, created = CharterAgreement.objects.get_or_create(charter=charter, user=user)
    if created:
        log_action(
            actor=user,
            action="charter.agree",
            obj=charter,
            data={"group": group.pk, "version": charter.version},
        )
    return agreement


@dataclass(frozen=True)
class AgreementRow:
    user: object
    agreed_at: datetime | None


def charter_agreement_rows(charter: Charter) -> list[AgreementRow]:
    """Every current participant with the time they agreed to ``charter`` (None: not yet). Two queries."""
    agreed = dict(CharterAgreement.objects.filter(charter=charter).values_list("user_id", "agreed_at"))
    return [AgreementRow(user=u, agreed_at=agreed.get(u.pk)) for u in group_participants(charter.group)]


# --- Gaps between meetings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    before: object  # the earlier meeting
    after: object  # the next one
    days: int

    @property
    def weeks(self) -> int:
        return self.days // 7


def meeting_gaps(meetings: Iterable, max_weeks: int) -> list[Gap]:
    """The pairs of consecutive meetings that lie more than ``max_weeks`` weeks apart. Pure: no queries.

    Counts calendar days between the start dates (in the site's time zone), so "every eight weeks on
    a Tuesday" is exactly 56 days and fine. Cancelled meetings do not count: they do not take place.
    """
    limit = max_weeks * 7
    held = sorted((m for m in meetings if not getattr(m, "is_cancelled", False)), key=lambda m: m.starts_at)
    gaps = []
    for before, after in pairwise(held):
        days = (timezone.localdate(after.starts_at) - timezone.localdate(before.starts_at)).days
        if days > limit:
            gaps.append(Gap(before=before, after=after, days=days))
    return gaps


def max_gap_weeks(charter: Charter | None) -> int:
    return charter.max_gap_weeks if charter is not None else DEFAULT_MAX_GAP_WEEKS


def group_meeting_gaps(group: IntervisionGroup, *, charter: Charter | None = None, now=None) -> list[Gap]:
    """Gaps from the last meeting held up to the last one planned (one query)."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(group=group, status=MeetingStatus.PLANNED).only(
            "pk", "starts_at", "status", "title"
        )
    )
    past = [m for m in meetings if m.starts_at < now]
    relevant = [m for m in meetings if m.starts_at >= now] + past[-1:]
    return meeting_gaps(relevant, max_gap_weeks(charter))


# --- Planning ------------------------------------------------------------------------------------------


def video_room_new() -> str:
    """A room name nobody can guess: the link is the only key to a Jitsi room."""
    return video_provider("jitsi").new_room()


def rsvp_deadline_of(meeting: Meeting) -> datetime:
    """Until when people say whether they come: the planner's deadline, or a fixed time before."""
    if meeting.rsvp_deadline:
        return meeting.rsvp_deadline
    return meeting.starts_at - timedelta(hours=settings.RSVP_DEADLINE_HOURS_BEFORE)


def meeting_problems(
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    format: str | None,
    location: str,
    rsvp_deadline: datetime | None = None,
    now: datetime,
    check_past: bool = True,
) -> dict[str, str]:
    """What is wrong with a meeting's time and place, per field (empty: nothing). Pure: no queries.

    Forms show these messages at their own fields; the domain functions refuse the same things.
    """
    problems = {}
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = _("De eindtijd moet na de begintijd liggen.")
    if check_past and starts_at and starts_at <= now:
        problems["starts_at"] = _("Deze datum en tijd zijn al voorbij. Kies een moment in de toekomst.")
    if format and format != Format.ONLINE and not (location or "").strip():
        problems["location"] = _(
            "Vul de plaats en het adres in. Alleen bij een online bijeenkomst mag dit leeg blijven."
        )
    if rsvp_deadline and starts_at:
        if rsvp_deadline >= starts_at:
            problems["rsvp_deadline"] = _("Kies een moment vóór het begin van de bijeenkomst.")
        elif check_past and rsvp_deadline <= now:
            problems["rsvp_deadline"] = _("Dit moment is al voorbij. Kies een moment in de toekomst.")
    return problems


def _check_meeting(meeting: Meeting, *, now: datetime, check_past: bool = True) -> None:
    problems = meeting_problems(
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        format=meeting.format,
        location=meeting.location,
        rsvp_deadline=meeting.rsvp_deadline,
        now=now,
        check_past=check_past,
    )
    if problems:
        raise ValidationError(problems)
    meeting.full_clean(exclude=["group", "series", "created_by", "method", "uid"])


def _prepare_video(meeting: Meeting) -> None:
    if meeting.format in {Format.ONLINE, Format.HYBRID} and not meeting.video_room:
        meeting.video_room = video_room_new()


@transaction.atomic
def meeting_plan(*, group: IntervisionGroup, by, notify: bool = True, **fields) -> Meeting:
    """Plan one meeting. Online and hybrid meetings get their own video room.

    Side effects, in order: validate (end after start, not in the past, a place unless online);
    save; audit log; e-mail the participants and the begeleider.
    """
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_plan() got unknown fields: {sorted(unknown)}")
    meeting = Meeting(group=group, created_by=by, **fields)
    meeting.location = (meeting.location or "").strip() if meeting.format != Format.ONLINE else ""
    _check_meeting(meeting, now=timezone.now())
    _prepare_video(meeting)
    meeting.save()
    log_action(actor=by, action="meeting.plan", obj=meeting, data={"group": group.pk})
    if notify:
        for person in _meeting_audience(group):
            email_queue(
                to=person,
                template="meetings/email/meeting_planned",
                context={"group": group, "meetings": [meeting], "series": None},
            )
    return meeting


def series_dates(first_date: date, count: int, every_weeks: int) -> list[date]:
    """The dates of a series: ``count`` meetings, one every ``every_weeks`` weeks. Pure."""
    return [first_date + timedelta(weeks=every_weeks * i) for i in range(count)]


@transaction.atomic
def series_plan(
    *,
    group: IntervisionGroup,
    by,
    name: str,
    first_date: date,
    count: int,
    every_weeks: int,
    start_time: time,
    end_time: time,
    format: str,
    location: str = "",
    method=None,
    first_is_start_meeting: bool = False,
) -> MeetingSeries:
    """Plan a series of meetings at the same time of day, every ``every_weeks`` weeks, all or nothing.

    Side effects, in order: validate the counts and every meeting; save the series and its meetings;
    audit log (the series and each meeting); one e-mail per person with all the dates.
    """
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Geef de reeks een naam, bijvoorbeeld 'Schooljaar 2025-2026'.")
    if not 1 <= count <= SERIES_MAX_MEETINGS:
        errors["count"] = _("Plan 1 tot %(max)d bijeenkomsten tegelijk.") % {"max": SERIES_MAX_MEETINGS}
    if not 1 <= every_weeks <= SERIES_MAX_INTERVAL_WEEKS:
        errors["every_weeks"] = _("Kies om de 1 tot %(max)d weken.") % {"max": SERIES_MAX_INTERVAL_WEEKS}
    if errors:
        raise ValidationError(errors)
    series = MeetingSeries(group=group, name=name, created_by=by)
    series.full_clean(exclude=["group", "created_by"])
    series.save()
    now = timezone.now()
    meetings = []
    for number, day in enumerate(series_dates(first_date, count, every_weeks), start=1):
        is_start = first_is_start_meeting and number == 1
        # Titles are stored once for everyone in the group, so in the site's language, not the planner's.
        with translation.override(settings.LANGUAGE_CODE):
            if is_start:
                title = _("%(name)s: startbijeenkomst") % {"name": name}
            else:
                title = _("%(name)s: bijeenkomst %(number)d van %(count)d") % {
                    "name": name,
                    "number": number,
                    "count": count,
                }
        meeting = Meeting(
            group=group,
            series=series,
            title=title[:120],
            is_start_meeting=is_start,
            starts_at=local_datetime(day, start_time),
            ends_at=local_datetime(day, end_time),
            format=format,
            location=(location or "").strip() if format != Format.ONLINE else "",
            method=method,
            created_by=by,
        )
        _check_meeting(meeting, now=now)
        _prepare_video(meeting)
        meeting.save()
        meetings.append(meeting)
    log_action(
        actor=by, action="series.plan", obj=series, data={"group": group.pk, "meetings": len(meetings)}
    )
    for meeting in meetings:
        log_action(
            actor=by, action="meeting.plan", obj=meeting, data={"group": group.pk, "series": series.pk}
        )
    for person in _meeting_audience(group):
        email_queue(
            to=person,
            template="meetings/email/meeting_planned",
            context={"group": group, "meetings": meetings, "series": series},
        )
    return series


def _lock_meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("group", "group__organisation", "group__begeleider", "method")
        .get(pk=meeting_id)
    )


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **fields) -> Meeting:
    """Change a meeting's title, time, place or method. Calendars see a new SEQUENCE.

    A new start time or deadline also clears the reminder and quorum marks, so those go out again for
    the new time. Changing nothing is not a change: no e-mail, no new sequence.

    Side effects, in order: lock the meeting row; validate (not cancelled; a new start not in the
    past; end after start; a place unless online); save with ``update_fields`` and sequence + 1;
    audit log with the changed fields; e-mail the participants and the begeleider.
    """
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update() got unknown fields: {sorted(unknown)}")
    meeting = _lock_meeting(meeting.pk)
    if meeting.is_cancelled:
        raise MeetingError(_("Deze bijeenkomst is afgelast. Je kunt hem niet meer wijzigen."))
    if fields.get("format", meeting.format) == Format.ONLINE:
        fields["location"] = ""
    elif "location" in fields:
        fields["location"] = (fields["location"] or "").strip()
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, fields[name])
    _check_meeting(
        meeting, now=timezone.now(), check_past="starts_at" in changed or "rsvp_deadline" in changed
    )
    update_fields = [*changed, "sequence", "updated_at"]
    had_room = bool(meeting.video_room)
    _prepare_video(meeting)
    if not had_room and meeting.video_room:
        update_fields.append("video_room")
    if "starts_at" in changed or "rsvp_deadline" in changed:
        meeting.reminder_sent_at = None
        meeting.quorum_warning_sent_at = None
        update_fields += ["reminder_sent_at", "quorum_warning_sent_at"]
    meeting.sequence += 1
    meeting.save(update_fields=update_fields)
    log_action(
        actor=by,
        action="meeting.update",
        obj=meeting,
        data={"group": meeting.group_id, "changed": changed, "sequence": meeting.sequence},
    )
    for person in _meeting_audience(meeting.group):
        email_queue(
            to=person,
            template="meetings/email/meeting_changed",
            context={"group": meeting.group, "meeting": meeting, "changed": changed},
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str) -> Meeting:
    """Cancel a meeting and tell everyone, once. Cancelling a cancelled meeting changes nothing.

    Side effects, in order: lock the meeting row; validate (not over yet; a reason of at most 1000
    characters); save status, reason and sequence + 1; audit log; e-mail the participants and the
    begeleider, with the cancelled calendar event attached, unless ``cancellation_sent_at`` says it
    was done already; set that mark. ``by`` is None when the quorum check cancels by the charter.
    """
    reason = (reason or "").strip()
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "cancel_reason": _("De reden is te lang: hoogstens %(max)d tekens.")
                % {"max": CANCEL_REASON_MAX_LENGTH}
            }
        )
    meeting = _lock_meeting(meeting.pk)
    now = timezone.now()
    if not meeting.is_cancelled:
        if meeting.ends_at <= now:
            raise MeetingError(_("Deze bijeenkomst is al voorbij. Afgelasten kan niet meer."))
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = reason
        meeting.sequence += 1
        meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        log_action(
            actor=by,
            action="meeting.cancel",
            obj=meeting,
            data={"group": meeting.group_id, "sequence": meeting.sequence},
        )
    if meeting.cancellation_sent_at is None:
        from intervisie.meetings.calendar import meeting_ics, meeting_ics_filename

        for person in _meeting_audience(meeting.group):
            # The same calendar event (UID) with a higher SEQUENCE and STATUS:CANCELLED: opening it
            # updates a calendar that imported the meeting by hand; the personal feed updates itself.
            with translation.override(person.language or settings.LANGUAGE_CODE):
                ics = meeting_ics(meeting, now=now).decode()
            email_queue(
                to=person,
                template="meetings/email/meeting_cancelled",
                context={"group": meeting.group, "meeting": meeting},
                attachments=[
                    {"name": meeting_ics_filename(meeting), "mimetype": "text/calendar", "content": ics}
                ],
            )
        meeting.cancellation_sent_at = now
        meeting.save(update_fields=["cancellation_sent_at"])
    return meeting


# --- RSVP --------------------------------------------------------------------------------------------


@transaction.atomic
def rsvp_set(*, meeting: Meeting, user, answer: str, reason: str = "") -> Rsvp:
    """The person says whether they come ("Ik kom") or not ("Ik meld me af", with an optional reason).

    Saying "Ik kom" closes at the RSVP deadline (then the quorum is counted); cancelling stays
    possible until the meeting starts, because a late message is better than an empty chair.

    Side effects, in order: validate (a participant; the meeting planned and not started; the
    deadline); save (one answer per person, changed in place); audit log.
    """
    answer = RsvpAnswer(answer)
    reason = (reason or "").strip() if answer == RsvpAnswer.NOT_COMING else ""
    if len(reason) > RSVP_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("De reden is te lang: hoogstens %(max)d tekens.") % {"max": RSVP_REASON_MAX_LENGTH}}
        )
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    if not _is_participant(user, meeting.group):
        raise MeetingError(_("Alleen deelnemers van de groep melden zich aan of af."))
    now = timezone.now()
    if meeting.is_cancelled:
        raise MeetingError(_("Deze bijeenkomst is afgelast. Aan- of afmelden hoeft niet."))
    if meeting.starts_at <= now:
        raise MeetingError(_("Deze bijeenkomst is al begonnen of voorbij. Aan- of afmelden kan niet meer."))
    if answer == RsvpAnswer.COMING and rsvp_deadline_of(meeting) <= now:
        raise MeetingError(
            _(
                "Aanmelden kon tot %(deadline)s. Wil je toch komen? Overleg dan met de begeleider of "
                "planner van de groep. Afmelden kan nog wel."
            )
            % {"deadline": _format_moment(rsvp_deadline_of(meeting))}
        )
    rsvp, _created = Rsvp.objects.update_or_create(
        meeting=meeting, user=user, defaults={"answer": answer, "reason": reason}
    )
    log_action(actor=user, action=f"rsvp.{answer}", obj=meeting, data={"group": meeting.group_id})
    return rsvp


def _format_moment(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


# --- Counts for lists and quorum ---------------------------------------------------------------------


def _participant_rsvps(answer: str):
    """RSVPs with ``answer`` by people who take part in the meeting's group now (for a subquery)."""
    return Rsvp.objects.filter(
        answer=answer,
        user__memberships__group=OuterRef("group"),
        user__memberships__state__in=PARTICIPANT_STATES,
    )


def _count_subquery(answer: str):
    rows = (
        _participant_rsvps(answer)
        .filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def meetings_with_counts(queryset=None):
    """Meetings with ``coming_count`` and ``not_coming_count``: answers of current participants only,
    counted in the same query (no query per meeting)."""
    queryset = Meeting.objects.all() if queryset is None else queryset
    return queryset.select_related("method").annotate(
        coming_count=_count_subquery(RsvpAnswer.COMING),
        not_coming_count=_count_subquery(RsvpAnswer.NOT_COMING),
    )


def coming_count(meeting: Meeting) -> int:
    """How many current participants said "Ik kom". People who left the group do not count."""
    return (
        Rsvp.objects.filter(
            meeting=meeting,
            answer=RsvpAnswer.COMING,
            user__memberships__group_id=meeting.group_id,
            user__memberships__state__in=PARTICIPANT_STATES,
        )
        .values("user")
        .distinct()
        .count()
    )


def quorum_minimum(group: IntervisionGroup, charter: Charter | None) -> int:
    """The group's own minimum from its charter, or without a charter the group's minimum size."""
    return charter.min_attendance if charter is not None else group.min_members


@dataclass(frozen=True)
class Quorum:
    coming: int
    minimum: int
    deadline: datetime
    deadline_passed: bool

    @property
    def too_few(self) -> bool:
        return self.coming < self.minimum

    @property
    def warn(self) -> bool:
        """Show the planners a warning: the deadline passed with too few people coming."""
        return self.deadline_passed and self.too_few


def meeting_quorum(meeting: Meeting, *, coming: int, charter: Charter | None, now=None) -> Quorum:
    now = now or timezone.now()
    deadline = rsvp_deadline_of(meeting)
    return Quorum(
        coming=coming,
        minimum=quorum_minimum(meeting.group, charter),
        deadline=deadline,
        deadline_passed=deadline <= now,
    )


# --- Background jobs ---------------------------------------------------------------------------------


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail a reminder to each participant who did not cancel, REMINDER_HOURS_BEFORE hours before the
    meeting. Returns the number of meetings reminded. Idempotent (``reminder_sent_at``).

    Each meeting in its own transaction, under a row lock: a second run, or a second worker at the
    same time, finds the mark set and sends nothing.
    """
    now = now or timezone.now()
    window_end = now + timedelta(hours=settings.REMINDER_HOURS_BEFORE)
    due = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=window_end,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            meeting = _lock_meeting(pk)
            if meeting.reminder_sent_at is not None or meeting.is_cancelled:
                continue
            not_coming = set(
                Rsvp.objects.filter(meeting=meeting, answer=RsvpAnswer.NOT_COMING).values_list(
                    "user_id", flat=True
                )
            )
            recipients = [p for p in group_participants(meeting.group) if p.pk not in not_coming]
            for person in recipients:
                email_queue(
                    to=person,
                    template="meetings/email/meeting_reminder",
                    context={"group": meeting.group, "meeting": meeting},
                )
            meeting.reminder_sent_at = now
            meeting.save(update_fields=["reminder_sent_at"])
            log_action(
                actor=None,
                action="meeting.reminder_sent",
                obj=meeting,
                data={"group": meeting.group_id, "recipients": len(recipients)},
            )
            sent += 1
    return sent


def meeting_quorum_check(*, now: datetime | None = None) -> dict[str, int]:
    """After the RSVP deadline, act once on each meeting where fewer participants said "Ik kom" than
    the charter's minimum (without a charter: the group's minimum size).

    When the group's charter says a meeting below the minimum does not go ahead
    (``BelowQuorum.CANCEL``), the meeting is cancelled through ``meeting_cancel``: everyone gets the
    cancellation e-mail and calendars see STATUS:CANCELLED with a higher SEQUENCE. Otherwise (carry
    on, find a new date, or no charter) the begeleider and planners get a warning and decide.

    Returns ``{"warned": n, "cancelled": m}``. Idempotent, every meeting under a row lock in its own
    transaction: a warned meeting carries ``quorum_warning_sent_at``, a cancelled one is no longer
    planned. A meeting that had enough people at the deadline is looked at again on the next run,
    so a late cancellation that drops it below the minimum still gets its warning or cancellation,
    once.
    """
    now = now or timezone.now()
    hours = timedelta(hours=settings.RSVP_DEADLINE_HOURS_BEFORE)
    candidates = Meeting.objects.filter(
        Q(rsvp_deadline__lte=now) | Q(rsvp_deadline__isnull=True, starts_at__lte=now + hours),
        status=MeetingStatus.PLANNED,
        quorum_warning_sent_at__isnull=True,
        starts_at__gt=now,
    ).values_list("pk", flat=True)
    counts = {"warned": 0, "cancelled": 0}
    for pk in list(candidates):
        with transaction.atomic():
            meeting = _lock_meeting(pk)
            if meeting.quorum_warning_sent_at is not None or meeting.is_cancelled:
                continue
            charter = charter_current(meeting.group)
            quorum = meeting_quorum(meeting, coming=coming_count(meeting), charter=charter, now=now)
            if not quorum.warn:
                continue
            data = {"group": meeting.group_id, "coming": quorum.coming, "minimum": quorum.minimum}
            if charter is not None and charter.below_quorum == BelowQuorum.CANCEL:
                # Stored once for everyone in the group, so in the site's language (as titles are).
                with translation.override(settings.LANGUAGE_CODE):
                    reason = ngettext(
                        "Te weinig aanmeldingen: %(coming)d van de minimaal %(minimum)d deelnemers komt. "
                        "Volgens de groepsafspraken gaat de bijeenkomst dan niet door.",
                        "Te weinig aanmeldingen: %(coming)d van de minimaal %(minimum)d deelnemers komen. "
                        "Volgens de groepsafspraken gaat de bijeenkomst dan niet door.",
                        quorum.coming,
                    ) % {"coming": quorum.coming, "minimum": quorum.minimum}
                meeting_cancel(meeting=meeting, by=None, reason=reason)
                log_action(actor=None, action="meeting.quorum_cancel", obj=meeting, data=data)
                counts["cancelled"] += 1
                continue
            for person in group_planners(meeting.group):
                email_queue(
                    to=person,
                    template="meetings/email/quorum_warning",
                    context={
                        "group": meeting.group,
                        "meeting": meeting,
                        "quorum": quorum,
                        "charter": charter,
                    },
                )
            meeting.quorum_warning_sent_at = now
            meeting.save(update_fields=["quorum_warning_sent_at"])
            log_action(actor=None, action="meeting.quorum_warning", obj=meeting, data=data)
            counts["warned"] += 1
    return counts


def upcoming_for_user(user, *, now=None) -> Sequence[Meeting]:
    """A person's coming meetings across their groups (as participant or begeleider), with their own
    answer as ``my_answer`` (one query)."""
    now = now or timezone.now()
    mine = Rsvp.objects.filter(meeting=OuterRef("pk"), user=user).values("answer")[:1]
    return list(
        Meeting.objects.filter(ends_at__gt=now)
        .filter(
            Q(group__memberships__user=user, group__memberships__state__in=PARTICIPANT_STATES)
            | Q(group__begeleider=user)
        )
        .distinct()
        .select_related("group", "method")
        .annotate(my_answer=Subquery(mine))
        .order_by("starts_at", "pk")
    )
