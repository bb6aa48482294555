"""Reads for the kartrekker's pages: their programmes, the recruitment figures (per category against the
target mix, per partner, per week) and the list of sign-ups. Each function costs a fixed number of
queries, whatever the number of programmes, partners or sign-ups (no query per row).

Counts here are of people the kartrekker sees by name anyway (the sign-up list), so the anonymity floor
(common.anonymity) does not apply to them; partner pages and reports, which are about other people's
recruits and answers, apply it themselves."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from intervisie.organisations.models import Organisation
from intervisie.programmes.enums import INITIATOR_KINDS, Category, SignupStatus
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, RecruitmentText, Signup
from intervisie.programmes.timeline import Step, programme_timeline

# Sign-ups that still count for the groups: not declined, not withdrawn.
ACTIVE_STATUSES = (
    SignupStatus.AWAITING_CONSENT,
    SignupStatus.SIGNED_UP,
    SignupStatus.INVITED,
    SignupStatus.RESERVE,
    SignupStatus.PLACED,
)


# --- The kartrekker's programmes ---------------------------------------------------------------------------


def initiator_choices(*, user) -> QuerySet[Organisation]:
    """The organisations ``user`` manages from which a programme may start (a gemeente, kenniswerkplaats
    or opleiding). Empty for everyone else, a superuser too: starting a programme is an organisation's
    act, not an admin's."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(managers=user, kind__in=INITIATOR_KINDS).order_by("name")


def my_programmes(*, user, query: str = "") -> QuerySet[Programme]:
    """The programmes ``user`` runs as kartrekker, manages as a manager of the initiator, or guides as
    begeleider of one of its groups; with the number of active sign-ups. One query."""
    if not user.is_authenticated:
        return Programme.objects.none()
    mine = Programme.objects.filter(
        Q(kartrekker=user) | Q(initiator__managers=user) | Q(groups__begeleider=user)
    ).values("pk")
    active = (
        Signup.objects.filter(programme=OuterRef("pk"), status__in=ACTIVE_STATUSES)
        .order_by()
        .values("programme")
        .annotate(count=Count("pk"))
        .values("count")
    )
    programmes = (
        Programme.objects.filter(pk__in=mine)
        .select_related("initiator", "kartrekker")
        .annotate(active_signups=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)))
    )
    for word in query.split():
        programmes = programmes.filter(Q(name__icontains=word) | Q(initiator__name__icontains=word))
    return programmes.order_by("-school_year", "name", "pk")


def managed_organisation_ids(*, user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Organisation.objects.filter(managers=user).values_list("pk", flat=True))


# --- Recruitment figures -----------------------------------------------------------------------------------


def targets(programme: Programme) -> dict[str, int]:
    """How many people of each category the groups need together: group count × the mix per group."""
    mix = programme.target_mix or {}
    return {c.value: programme.group_count * int(mix.get(c.value, 0)) for c in Category}


def status_counts(*, programme: Programme) -> dict[str, Counter]:
    """Per category, the number of sign-ups in each status. One query."""
    counts: dict[str, Counter] = {c.value: Counter() for c in Category}
    rows = (
        programme.signups.order_by()
        .values_list("category", "status")
        .annotate(count=Count("pk"))
        .values_list("category", "status", "count")
    )
    for category, status, count in rows:
        counts.setdefault(category, Counter())[status] += count
    return counts


def active_counts(counts: dict[str, Counter]) -> dict[str, int]:
    return {category: sum(per_status[s] for s in ACTIVE_STATUSES) for category, per_status in counts.items()}


@dataclass
class CategoryRow:
    category: Category
    target: int
    active: int
    awaiting_consent: int
    signed_up: int
    invited: int
    placed: int
    reserve: int
    declined: int
    withdrawn: int

    @property
    def missing(self) -> int:
        return max(0, self.target - self.active)


def category_rows(*, programme: Programme, counts: dict[str, Counter] | None = None) -> list[CategoryRow]:
    """Per category: the target, the active sign-ups and how many are in each status."""
    counts = counts if counts is not None else status_counts(programme=programme)
    goal = targets(programme)
    rows = []
    for category in Category:
        per_status = counts.get(category.value, Counter())
        rows.append(
            CategoryRow(
                category=category,
                target=goal[category.value],
                active=sum(per_status[s] for s in ACTIVE_STATUSES),
                awaiting_consent=per_status[SignupStatus.AWAITING_CONSENT],
                signed_up=per_status[SignupStatus.SIGNED_UP],
                invited=per_status[SignupStatus.INVITED],
                placed=per_status[SignupStatus.PLACED],
                reserve=per_status[SignupStatus.RESERVE],
                declined=per_status[SignupStatus.DECLINED],
                withdrawn=per_status[SignupStatus.WITHDRAWN],
            )
        )
    return rows


@dataclass
class PartnerCell:
    category: Category
    committed: int
    active: int


@dataclass
class PartnerRow:
    partner: Partner | None  # None: sign-ups that came in without a partner's link
    cells: list[PartnerCell] = field(default_factory=list)
    contacts: int = 0

    @property
    def committed(self) -> int:
        return sum(cell.committed for cell in self.cells)

    @property
    def active(self) -> int:
        return sum(cell.active for cell in self.cells)


def partner_rows(*, programme: Programme, with_unattributed: bool = True) -> list[PartnerRow]:
    """Per partner: what it committed to recruit and how many active sign-ups came through its link, per
    category; with how many of its contact persons have an account on the partner page. Last, the
    sign-ups without a partner (when there are any and ``with_unattributed``). Two queries."""
    partners = list(
        programme.partners.select_related("organisation")
        .annotate(contact_count=Count("contact_links"))
        .order_by("name")
    )
    counts: dict[int | None, Counter] = defaultdict(Counter)
    rows = (
        programme.signups.filter(status__in=ACTIVE_STATUSES)
        .order_by()
        .values_list("partner", "category")
        .annotate(count=Count("pk"))
        .values_list("partner", "category", "count")
    )
    for partner_id, category, count in rows:
        counts[partner_id][category] += count
    result = []
    for partner in partners:
        commitments = partner.commitments or {}
        result.append(
            PartnerRow(
                partner=partner,
                cells=[
                    PartnerCell(c, int(commitments.get(c.value, 0) or 0), counts[partner.pk][c.value])
                    for c in Category
                ],
                contacts=partner.contact_count,
            )
        )
    if with_unattributed and counts.get(None):
        result.append(
            PartnerRow(partner=None, cells=[PartnerCell(c, 0, counts[None][c.value]) for c in Category])
        )
    return result


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_totals(*, programme: Programme, until: dt.date | None = None) -> list[tuple[dt.date, int, int]]:
    """Sign-ups received per week (Monday), with the running total: every sign-up that came in, also
    those declined or withdrawn later, as the recruitment's reach. Weeks without sign-ups are listed
    with 0, from the first week with one to the last (or ``until``'s week, when later). One query."""
    days = [timezone.localdate(created) for created in programme.signups.values_list("created_at", flat=True)]
    if not days:
        return []
    per_week = Counter(week_start(day) for day in days)
    first = min(per_week)
    last = max(max(per_week), week_start(until) if until else first)
    result, total, week = [], 0, first
    while week <= last:
        total += per_week[week]
        result.append((week, per_week[week], total))
        week += dt.timedelta(days=7)
    return result


# --- The sign-up list --------------------------------------------------------------------------------------

SIGNUP_SORTS = ("nieuwste", "oudste", "naam", "categorie", "status")
NO_PARTNER = "geen"


def signup_list(
    *,
    programme: Programme,
    query: str = "",
    category: str = "",
    status: str = "",
    partner: str = "",
    sort: str = "",
) -> QuerySet[Signup]:
    """The programme's sign-ups, searched (every word in the name, e-mail address or organisation),
    filtered by category, status and partner (a partner's pk, or ``NO_PARTNER``) and sorted. The related
    rows the list shows come along (no query per row)."""
    signups = programme.signups.select_related("partner", "organisation", "recorded_by")
    for word in query.split():
        signups = signups.filter(
            Q(name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(study_programme__icontains=word)
        )
    if category:
        signups = signups.filter(category=category)
    if status:
        signups = signups.filter(status=status)
    if partner == NO_PARTNER:
        signups = signups.filter(partner__isnull=True)
    elif partner:
        signups = signups.filter(partner_id=partner)
    order = {
        "oudste": ("created_at", "pk"),
        "naam": (Lower("name"), "pk"),
        "categorie": ("category", "created_at", "pk"),
        "status": ("status", "created_at", "pk"),
    }.get(sort, ("-created_at", "-pk"))
    return signups.order_by(*order)


# --- The timeline ------------------------------------------------------------------------------------------


def programme_steps(*, programme: Programme, today: dt.date | None = None, counts=None) -> list[Step]:
    """The programme's timeline (programmes.timeline) from its dates, texts and sign-ups. Three queries
    (one fewer when the status counts are given)."""
    counts = counts if counts is not None else status_counts(programme=programme)
    return programme_timeline(
        programme=programme,
        dates=ProgrammeDate.objects.filter(programme=programme).select_related("group"),
        texts_sent=dict(
            RecruitmentText.objects.filter(programme=programme).values_list("category", "sent_at")
        ),
        signup_counts=active_counts(counts),
        today=today or timezone.localdate(),
    )
