"""Reads for the public programme pages, the sign-up forms and the recruitment pages. Nothing here
reads a sign-up's personal data for anyone but the person themselves."""

from dataclasses import dataclass, field

from django.db.models import Min, Q, QuerySet

from intervisie.programmes.enums import Category, DateKind, ProgrammeStatus
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, ProgrammeGroup, RecruitmentText

# The public list's sort orders: query value -> ordering.
SORTS = {
    "sluit": ("signup_closes_on", "name", "pk"),
    "naam": ("name", "pk"),
}


def recruiting_programmes(*, query: str = "", sort: str = "sluit") -> QuerySet[Programme]:
    """Programmes that take sign-ups, with the day of their start meeting (``start_at``), searched in
    name, theme, description, place and initiator. Two queries for a page of any size (count and page):
    the initiator is joined and the start date is an aggregate, never a query per programme."""
    programmes = (
        Programme.objects.filter(status=ProgrammeStatus.RECRUITING)
        .select_related("initiator")
        .annotate(start_at=Min("dates__starts_at", filter=Q(dates__kind=DateKind.START)))
    )
    if query:
        programmes = programmes.filter(
            Q(name__icontains=query)
            | Q(theme__icontains=query)
            | Q(description__icontains=query)
            | Q(place__icontains=query)
            | Q(initiator__name__icontains=query)
            | Q(initiator__city__icontains=query)
        )
    return programmes.order_by(*SORTS.get(sort, SORTS["sluit"]))


@dataclass
class ProgrammeDates:
    """A programme's dates by kind, in time order. ``by_group`` holds the dates that only one group has
    (groups may meet at other times); it is empty when every group meets on the same dates."""

    all: list[ProgrammeDate]
    information: list[ProgrammeDate] = field(default_factory=list)
    start: list[ProgrammeDate] = field(default_factory=list)
    meetings: list[ProgrammeDate] = field(default_factory=list)
    final: list[ProgrammeDate] = field(default_factory=list)
    by_group: dict[ProgrammeGroup, list[ProgrammeDate]] = field(default_factory=dict)


def programme_dates(programme: Programme) -> ProgrammeDates:
    """All dates of the programme in one query (with their group)."""
    dates = list(programme.dates.select_related("group").order_by("starts_at", "pk"))
    result = ProgrammeDates(all=dates)
    kinds = {
        DateKind.INFORMATION: result.information,
        DateKind.START: result.start,
        DateKind.MEETING: result.meetings,
        DateKind.FINAL: result.final,
    }
    for date in dates:
        kinds[DateKind(date.kind)].append(date)
        if date.group_id:
            result.by_group.setdefault(date.group, []).append(date)
    return result


def availability_groups(programme: Programme, dates: ProgrammeDates) -> list[tuple[ProgrammeGroup, list]]:
    """The groups a person chooses between when they do not all meet on the same dates: each group with
    its own dates. Empty when the groups share their dates (then there is nothing to choose)."""
    if not dates.by_group:
        return []
    return [(group, dates.by_group.get(group, [])) for group in programme.groups.order_by("position")]


def dates_for_group(dates: ProgrammeDates, group_id: int | None) -> list[ProgrammeDate]:
    """The dates that concern someone in ``group_id`` (the shared ones and their group's own); everything
    while they are not in a group yet."""
    if group_id is None:
        return dates.all
    return [d for d in dates.all if d.group_id in (None, group_id)]


def partner_by_code(programme: Programme, code: str) -> Partner | None:
    return Partner.objects.filter(programme=programme, code=code).first()


def recruitment_texts(programme: Programme) -> list[RecruitmentText]:
    """The programme's four texts in the order of the categories (student, professional, ouder, jongere)."""
    order = {value: i for i, value in enumerate(Category.values)}
    return sorted(programme.recruitment_texts.all(), key=lambda text: order[text.category])
