"""What the home page shows a person who is logged in: one function per part of the dashboard.

Each function reads only what its part needs, with a fixed number of queries however many groups,
meetings, applications or events there are (tests/dashboard/test_selectors.py counts them with one
and with three of each). The parts follow the person's own ties to groups, organisations and events,
never the superuser or staff flag: a platform admin sees what their own roles give them, plus a link
to the admin (DESIGN.md: an admin never reads confidential content).

Nothing here reads case texts, reflections or session notes. The only case field that leaves the
database is the title of the person's own case (``own_title`` below); for other people's cases only
the fact that one is planned is read.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case as SqlCase
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from intervisie.accounts.enums import Role
from intervisie.accreditation.ledger import Ledger, Rules, compute_ledger
from intervisie.accreditation.models import Enrolment
from intervisie.accreditation.selectors import attended_meetings
from intervisie.cases.domain import rotation
from intervisie.cases.models import Case
from intervisie.events.enums import EventStatus, RegistrationKind, RegistrationStatus
from intervisie.events.models import Breakout, Event, Registration
from intervisie.groups.enums import PARTICIPANT_STATES, GroupStatus, MembershipState
from intervisie.groups.models import IntervisionGroup, Membership
from intervisie.groups.selectors import waitlist_ahead
from intervisie.meetings.attendance import attendances_to_confirm
from intervisie.meetings.domain import Quorum, meeting_quorum, meetings_with_counts
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Attendance, Charter, CharterAgreement, Meeting, Rsvp
from intervisie.organisations.models import Organisation
from intervisie.programmes.enums import ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Partner, Programme, Signup
from intervisie.providers.models import ProviderMember
from intervisie.trajectories.enums import OPEN_STATES, TrajectoryState
from intervisie.trajectories.models import Trajectory

S = MembershipState

# How many items a list on the dashboard shows; the rest is behind a link ("en nog 4").
LIST_MAX = 5
# Groups shown per organisation for a manager; a large organisation has its own dashboard.
GROUPS_PER_ORGANISATION = 6
# Quorum warnings look this far ahead: a series planned for the year has no answers yet, and a
# warning for a meeting months away would only be noise.
QUORUM_WINDOW = timedelta(days=21)
# An organiser keeps seeing a past event this long (attendance to register, evaluation to read).
EVENT_AFTERCARE = timedelta(days=30)
# The joining states in the order the person sees them: an offer with a deadline first.
JOINING_ORDER = [S.OFFERED, S.INTRODUCTION, S.TRIAL, S.REQUESTED, S.WAITLISTED]
# A person's memberships that wait for a decision by the begeleider or organisation manager.
DECISION_STATES = [S.REQUESTED, S.INTRODUCTION, S.TRIAL]
# Case rotation and bringing cases are for members and people on trial (cases/rules.py).
BRINGS_CASES = {S.MEMBER, S.TRIAL}


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _current_charters(group_ids, *, user=None) -> dict[int, Charter]:
    """Each group's newest charter (one query); with ``user``, annotated ``agreed``."""
    newest = Charter.objects.filter(group=OuterRef("group")).order_by("-version").values("version")[:1]
    charters = Charter.objects.filter(group_id__in=group_ids, version=Subquery(newest)).select_related(
        "group"
    )
    if user is not None:
        charters = charters.annotate(
            agreed=Exists(CharterAgreement.objects.filter(charter=OuterRef("pk"), user=user))
        )
    return {charter.group_id: charter for charter in charters}


def _membership_count(states) -> Coalesce:
    """Subquery: a group's memberships in ``states``. A subquery rather than a join, so several
    counts on one row cannot multiply each other."""
    rows = (
        Membership.objects.filter(group=OuterRef("pk"), state__in=list(states))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


# --- A member: the next meeting and what to prepare -------------------------------------------------


@dataclass
class MemberPart:
    memberships: list[Membership]  # the groups the person takes part in (kennismaking, trial, member)
    next_meeting: Meeting | None = None  # with ``my_answer``
    next_membership: Membership | None = None  # the person's membership in the next meeting's group
    own_cases: list[dict] = field(default_factory=list)  # {"pk", "title"} of their cases for it
    others_bring: int = 0  # how many cases others bring to it (never their titles)
    turn: object | None = None  # whose turn it is by the rotation, when nobody brings a case yet
    to_confirm: list[Attendance] = field(default_factory=list)
    to_confirm_count: int = 0
    charters_to_agree: list[Charter] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.memberships)

    @property
    def turn_is_mine(self) -> bool:
        return (
            self.turn is not None
            and self.next_membership is not None
            and self.turn.pk == self.next_membership.user_id
        )

    @property
    def reads_cases(self) -> bool:
        """Members and people on trial read the next meeting's cases (cases/rules.py)."""
        return self.next_membership is not None and self.next_membership.state in BRINGS_CASES

    @property
    def has_preparation(self) -> bool:
        return bool(
            self.own_cases
            or self.turn
            or (self.others_bring and self.reads_cases)
            or self.to_confirm_count
            or self.charters_to_agree
        )

    @property
    def to_confirm_more(self) -> int:
        return max(0, self.to_confirm_count - len(self.to_confirm))


def member_part(*, user, now: datetime | None = None) -> MemberPart:
    """The person's groups, their next meeting with their answer, and what to prepare: their own case
    for it, whose turn it is to bring one, attendance to sign off, agreements to agree to.

    At most eight queries: memberships, next meeting, its cases, charters, rotation (two, only when
    nobody brings a case yet), attendance to confirm (two).
    """
    now = _now(now)
    memberships = list(
        Membership.objects.filter(user=user, state__in=PARTICIPANT_STATES)
        .select_related("group")
        .order_by("group__name", "pk")
    )
    part = MemberPart(memberships=memberships)
    if not memberships:
        return part
    by_group = {m.group_id: m for m in memberships}

    answer = Rsvp.objects.filter(meeting=OuterRef("pk"), user=user).values("answer")[:1]
    part.next_meeting = (
        Meeting.objects.filter(group_id__in=by_group, status=MeetingStatus.PLANNED, ends_at__gt=now)
        .select_related("group", "method")
        .annotate(my_answer=Subquery(answer))
        .order_by("starts_at", "pk")
        .first()
    )
    if part.next_meeting is not None:
        meeting = part.next_meeting
        part.next_membership = by_group[meeting.group_id]
        # Only the person's own titles are read; for other cases just that they exist.
        cases = Case.objects.filter(meeting=meeting).values(
            "pk",
            "bringer_id",
            own_title=SqlCase(When(bringer=user, then=F("title")), default=Value("")),
        )
        for case in cases:
            if case["bringer_id"] == user.pk:
                part.own_cases.append({"pk": case["pk"], "title": case["own_title"]})
            else:
                part.others_bring += 1
        if not part.own_cases and not part.others_bring and part.reads_cases:
            order = rotation(meeting.group)
            part.turn = order[0].user if order else None

    charters = _current_charters(list(by_group), user=user)
    part.charters_to_agree = sorted(
        (c for c in charters.values() if not c.agreed), key=lambda c: c.group.name.casefold()
    )
    waiting = attendances_to_confirm(user)
    part.to_confirm_count = waiting.count()
    if part.to_confirm_count:
        part.to_confirm = list(waiting[:LIST_MAX])
    return part


# --- Reflection hours per register --------------------------------------------------------------------


@dataclass
class HoursPart:
    entries: list[tuple[Enrolment, Ledger]]
    takes_part: bool  # in a group: worth a hint to add a register when there is none

    @property
    def shown(self) -> bool:
        return bool(self.entries) or self.takes_part


def hours_part(*, user, takes_part: bool, today: date | None = None) -> HoursPart:
    """Progress per registration period, from the same ledger as "Mijn uren" (so the figures agree).
    One query without a registration period, three with any number of them."""
    today = today or timezone.localdate()
    enrolments = list(Enrolment.objects.filter(user=user).select_related("register"))
    if not enrolments:
        return HoursPart(entries=[], takes_part=takes_part)
    meetings = attended_meetings(user)
    entries = [
        (
            enrolment,
            compute_ledger(
                rules=Rules.from_register(enrolment.register),
                meetings=meetings,
                period_start=enrolment.period_start,
                today=today,
            ),
        )
        for enrolment in enrolments
    ]
    return HoursPart(entries=entries, takes_part=takes_part)


# --- Someone halfway through joining ------------------------------------------------------------------


def joining_part(*, user) -> list[Membership]:
    """The person's memberships on the way in (requested, waitlisted with ``position``, offered,
    kennismaking, proefperiode), an offer first. One query."""
    memberships = list(
        Membership.objects.filter(user=user, state__in=JOINING_ORDER)
        .select_related("group")
        .annotate(ahead=waitlist_ahead())
        .order_by("-updated_at", "-pk")
    )
    for membership in memberships:
        membership.position = membership.ahead + 1 if membership.state == S.WAITLISTED else None
    memberships.sort(key=lambda m: JOINING_ORDER.index(m.state))
    return memberships


# --- A begeleider (and a member who plans): groups, attendance, quorum ---------------------------------


@dataclass
class LeadPart:
    groups: list[IntervisionGroup]  # with participants, next_meeting_at, next_meeting_pk, is_guided
    to_register: list[Meeting] = field(default_factory=list)
    to_register_count: int = 0
    quorum: list[tuple[Meeting, Quorum]] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.groups)

    @property
    def guides(self) -> bool:
        return any(g.is_guided for g in self.groups)

    @property
    def plans(self) -> bool:
        return any(not g.is_guided for g in self.groups)

    @property
    def to_register_more(self) -> int:
        return max(0, self.to_register_count - len(self.to_register))


def lead_part(*, user, now: datetime | None = None) -> LeadPart:
    """The groups the person guides as begeleider or plans for as a member; past meetings whose
    attendance nobody registered; coming meetings (the next three weeks) with fewer people coming
    than the charter's minimum. Five queries at most."""
    now = _now(now)
    planned = Membership.objects.filter(user=user, state__in=PARTICIPANT_STATES, is_planner=True)
    upcoming = Meeting.objects.filter(
        group=OuterRef("pk"), status=MeetingStatus.PLANNED, ends_at__gt=now
    ).order_by("starts_at", "pk")
    groups = list(
        IntervisionGroup.objects.filter(Q(begeleider=user) | Q(pk__in=planned.values("group_id")))
        .annotate(
            participants=_membership_count(PARTICIPANT_STATES),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
            next_meeting_pk=Subquery(upcoming.values("pk")[:1]),
        )
        .order_by("name", "pk")
    )
    part = LeadPart(groups=groups)
    if not groups:
        return part
    for group in groups:
        group.is_guided = group.begeleider_id == user.pk
    ids = [g.pk for g in groups]

    unregistered = (
        Meeting.objects.filter(group_id__in=ids, status=MeetingStatus.PLANNED, ends_at__lte=now)
        .filter(~Exists(Attendance.objects.filter(meeting=OuterRef("pk"))))
        .select_related("group")
        .order_by("-starts_at", "-pk")
    )
    part.to_register_count = unregistered.count()
    if part.to_register_count:
        part.to_register = list(unregistered[:LIST_MAX])

    soon = meetings_with_counts(
        Meeting.objects.filter(
            group_id__in=ids,
            status=MeetingStatus.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + QUORUM_WINDOW,
        )
    ).select_related("group")
    soon = list(soon.order_by("starts_at", "pk"))
    if soon:
        charters = _current_charters({m.group_id for m in soon})
        for meeting in soon:
            quorum = meeting_quorum(
                meeting, coming=meeting.coming_count, charter=charters.get(meeting.group_id), now=now
            )
            if quorum.too_few:
                part.quorum.append((meeting, quorum))
    return part


# --- Applications to decide (begeleider and organisation manager) -------------------------------------


@dataclass
class ApplicationsPart:
    memberships: list[Membership]
    count: int

    @property
    def shown(self) -> bool:
        return self.count > 0

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.memberships))


def applications_part(*, user) -> ApplicationsPart:
    """Requests, kennismakingen and trials in the groups the person guides or whose organisation they
    manage: each waits for their decision. Longest waiting first. Two queries (none without such
    groups)."""
    groups = IntervisionGroup.objects.filter(
        Q(begeleider=user) | Q(organisation__in=Organisation.objects.filter(managers=user))
    ).values("pk")
    waiting = (
        Membership.objects.filter(group_id__in=groups, state__in=DECISION_STATES)
        .exclude(user=user)
        .select_related("user", "group")
        .order_by("created_at", "pk")
    )
    count = waiting.count()
    return ApplicationsPart(memberships=list(waiting[:LIST_MAX]) if count else [], count=count)


# --- An organisation manager ---------------------------------------------------------------------------


def manager_part(*, user) -> list[Organisation]:
    """The organisations the person manages, each with totals (``group_count``, ``open_places_total``,
    ``requests_total``) and ``shown_groups``: the groups that need attention first (requests waiting,
    then open places), at most GROUPS_PER_ORGANISATION. Two queries."""
    requests = (
        Membership.objects.filter(group__organisation=OuterRef("pk"), state=S.REQUESTED)
        .order_by()
        .values("group__organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # A closed group's free places are not open to anyone: they count neither in the total nor first.
    organisations = list(
        Organisation.objects.filter(managers=user)
        .annotate(
            group_count=Count("groups"),
            open_places_total=Coalesce(
                Sum("groups__open_places", filter=~Q(groups__status=GroupStatus.CLOSED)), 0
            ),
            requests_total=Coalesce(Subquery(requests), 0),
        )
        .order_by("name", "pk")
    )
    if not organisations:
        return organisations
    ranked = IntervisionGroup.objects.filter(organisation__in=[o.pk for o in organisations]).annotate(
        participants=_membership_count(PARTICIPANT_STATES),
        requests_waiting=_membership_count([S.REQUESTED]),
        waitlist_length=_membership_count([S.WAITLISTED]),
    )
    # A window numbers each organisation's groups, so one query gives the first few of each.
    ranked = ranked.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("organisation_id")],
            order_by=[
                F("requests_waiting").desc(),
                F("is_closed").asc(),
                F("open_places").desc(),
                F("name").asc(),
                F("pk").asc(),
            ],
        )
    ).filter(rank__lte=GROUPS_PER_ORGANISATION)
    shown: dict[int, list] = {o.pk: [] for o in organisations}
    for group in ranked:
        shown[group.organisation_id].append(group)
    for organisation in organisations:
        organisation.shown_groups = sorted(shown[organisation.pk], key=lambda g: g.rank)
        organisation.hidden_groups = organisation.group_count - len(organisation.shown_groups)
    return organisations


# --- An event organiser --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    code: str  # draft, coaches, compose, unplaced, send, send_changes, attendance
    count: int = 0


@dataclass
class OrganiserPart:
    events: list[Event]  # with counts and ``todos``
    is_organiser: bool  # has the organiser role: may create events

    @property
    def shown(self) -> bool:
        return bool(self.events) or self.is_organiser


def _registration_count(**filters) -> Coalesce:
    rows = (
        Registration.objects.filter(event=OuterRef("pk"), **filters)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _event_todos(event: Event, now: datetime) -> list[Todo]:
    """What the organiser still has to do for an event, from its counts. Pure."""
    if event.status == EventStatus.DRAFT:
        return [Todo("draft")]
    todos = []
    if event.ends_at <= now:
        if event.attendance_open:
            todos.append(Todo("attendance", event.attendance_open))
        return todos
    if event.participant_count:
        needed = math.ceil(event.participant_count / event.group_max) - event.coach_count
        if needed > 0:
            todos.append(Todo("coaches", needed))
    if event.breakout_count == 0:
        if event.participant_count and event.registration_deadline <= now:
            todos.append(Todo("compose"))
    else:
        if event.unplaced_count:
            todos.append(Todo("unplaced", event.unplaced_count))
        if event.unsent_count:
            todos.append(Todo("send_changes" if event.published_at else "send", event.unsent_count))
    return todos


def organiser_part(*, user, now: datetime | None = None) -> OrganiserPart:
    """The events the person organises (drafts, coming ones, and past ones for EVENT_AFTERCARE), with
    registrations, waitlist, coaches and the open to-dos: publish, find coaches, compose, send the
    composition, register attendance. One query for any number of events."""
    now = _now(now)
    participant = {"kind": RegistrationKind.PARTICIPANT, "status": RegistrationStatus.CONFIRMED}
    coach = {"kind": RegistrationKind.COACH, "status": RegistrationStatus.CONFIRMED}
    unsent_participant = Registration.objects.filter(
        event=OuterRef("pk"), breakout__isnull=False, **participant
    ).exclude(published_breakout=F("breakout"))
    unsent_coach = Breakout.objects.filter(event=OuterRef("pk"), coach__isnull=False).exclude(
        coach__published_breakout=F("pk")
    )
    events = list(
        Event.objects.filter(organisers=user)
        .exclude(status=EventStatus.CANCELLED)
        .filter(Q(status=EventStatus.DRAFT) | Q(breakout_ends_at__gt=now - EVENT_AFTERCARE))
        .annotate(
            participant_count=_registration_count(**participant),
            waitlist_count=_registration_count(
                kind=RegistrationKind.PARTICIPANT, status=RegistrationStatus.WAITLIST
            ),
            coach_count=_registration_count(**coach),
            unplaced_count=_registration_count(breakout__isnull=True, **participant),
            attendance_open=_registration_count(attended__isnull=True, **participant),
            breakout_count=Coalesce(
                Subquery(
                    Breakout.objects.filter(event=OuterRef("pk"))
                    .order_by()
                    .values("event")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            unsent_count=Coalesce(
                Subquery(unsent_participant.order_by().values("event").annotate(n=Count("pk")).values("n")),
                0,
            )
            + Coalesce(
                Subquery(unsent_coach.order_by().values("event").annotate(n=Count("pk")).values("n")),
                0,
            ),
        )
        .order_by("plenary_starts_at", "pk")
    )
    for event in events:
        event.todos = _event_todos(event, now)
    return OrganiserPart(events=events, is_organiser=user.has_role(Role.ORGANISATOR))


# --- Themed events the person takes part in -----------------------------------------------------------


def my_events_part(*, user, now: datetime | None = None) -> list[Registration]:
    """The person's coming themed events (as participant or coach, also on the waitlist). One query."""
    now = _now(now)
    return list(
        Registration.objects.filter(user=user, event__breakout_ends_at__gt=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(event__status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        .select_related("event")
        .order_by("event__plenary_starts_at", "pk")
    )


@dataclass(frozen=True)
class ProviderPart:
    """For a begeleider who works for a provider of guided trajectories: what waits on them."""

    shown: bool
    waiting: int = 0  # new requests: a talk to plan
    open: int = 0  # every trajectory still under way


def provider_part(*, user) -> ProviderPart:
    """One query: per provider ``user`` works for, the counts of its open trajectories."""
    rows = list(
        ProviderMember.objects.filter(user_id=user.pk)
        .values("provider_id")
        .annotate(
            open=Count("provider__trajectories", filter=Q(provider__trajectories__state__in=OPEN_STATES)),
            waiting=Count(
                "provider__trajectories",
                filter=Q(provider__trajectories__state=TrajectoryState.REQUESTED),
            ),
        )
    )
    return ProviderPart(
        shown=bool(rows),
        waiting=sum(row["waiting"] for row in rows),
        open=sum(row["open"] for row in rows),
    )


# A participant sees their trajectory while it runs and until the report went out.
GUIDED_STATES = (TrajectoryState.RUNNING, TrajectoryState.REPORTING, TrajectoryState.REPORT_SENT)


@dataclass(frozen=True)
class GuidedPart:
    """Guided trajectories ``user`` takes part in (reader and dates) and the ones they asked for as a
    client (to follow them)."""

    taking_part: list = field(default_factory=list)
    asked_for: int = 0

    @property
    def shown(self) -> bool:
        return bool(self.taking_part or self.asked_for)


def guided_part(*, user) -> GuidedPart:
    """One query for both sides."""
    takes_part = Exists(
        Membership.objects.filter(
            user_id=user.pk, group_id=OuterRef("group_id"), state__in=PARTICIPANT_STATES
        )
    )
    rows = list(
        Trajectory.objects.annotate(takes_part=takes_part)
        .filter(
            Q(client_user_id=user.pk)
            | Q(client_organisation__managers=user.pk)
            | Q(state__in=GUIDED_STATES, takes_part=True)
        )
        .select_related("provider")
        .distinct()
        .order_by("pk")
    )
    taking_part = [t for t in rows if t.state in GUIDED_STATES and t.takes_part]
    return GuidedPart(taking_part=taking_part, asked_for=len(rows) - len(taking_part))


# --- "Buiten je bubbel" programmes ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammesPart:
    """The programmes the person runs (kartrekker or manager of the initiator) or guides a group of, those
    they signed up for with their account, and the partners they are the contact of."""

    runs: list = field(default_factory=list)  # Programme with signup_count, waiting_count
    takes_part: list = field(default_factory=list)  # Signup with its programme
    partners: list = field(default_factory=list)  # Partner with its programme

    @property
    def shown(self) -> bool:
        return bool(self.runs or self.takes_part or self.partners)


def programmes_part(*, user) -> ProgrammesPart:
    """Three queries for any number of programmes."""
    runs = list(
        Programme.objects.filter(
            Q(kartrekker_id=user.pk) | Q(initiator__managers=user.pk) | Q(groups__begeleider_id=user.pk)
        )
        .exclude(status=ProgrammeStatus.FINISHED)
        .annotate(
            signup_count=Count("signups", filter=~Q(signups__status=SignupStatus.WITHDRAWN), distinct=True),
            waiting_count=Count("signups", filter=Q(signups__status=SignupStatus.SIGNED_UP), distinct=True),
        )
        .order_by("-created_at")[:LIST_MAX]
    )
    takes_part = list(
        Signup.objects.filter(user_id=user.pk)
        .exclude(status__in=[SignupStatus.WITHDRAWN, SignupStatus.DECLINED])
        .select_related("programme", "group__group")
        .order_by("-created_at")[:LIST_MAX]
    )
    partners = list(
        Partner.objects.filter(contact_links__user_id=user.pk)
        .select_related("programme")
        .order_by("-programme__created_at", "name")[:LIST_MAX]
    )
    return ProgrammesPart(runs=runs, takes_part=takes_part, partners=partners)
