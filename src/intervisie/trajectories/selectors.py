from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Attendance
from intervisie.providers.models import Provider, ProviderMember
from intervisie.reflections.models import Reflection
from intervisie.trajectories.models import MeetingAspects, Trajectory


def providers_for_list(
    *, region: str = "", online: bool = False, method=None, register: str = ""
) -> QuerySet:
    """Published providers, filtered the way a client looks for one. Regions and registers are JSON lists of
    codes: a code matches with its quotes in the list's JSON text (Django's ``icontains`` on a JSONField,
    on SQLite and PostgreSQL alike)."""
    providers = Provider.objects.filter(is_published=True).prefetch_related("methods")
    if region:
        providers = providers.filter(regions__icontains=f'"{region}"')
    if online:
        providers = providers.filter(online=True)
    if method is not None:
        providers = providers.filter(methods=method)
    if register:
        providers = providers.filter(registers__icontains=f'"{register}"')
    return providers.distinct().order_by("name")


def provider_ids_of(*, user) -> list[int]:
    """The providers ``user`` works for."""
    return list(ProviderMember.objects.filter(user_id=user.pk).values_list("provider_id", flat=True))


def owned_providers(*, user) -> list:
    """The providers whose profile ``user`` manages (as an owner)."""
    return list(Provider.objects.filter(members__user_id=user.pk, members__is_owner=True).order_by("name"))


def board_trajectories(*, user) -> QuerySet:
    """The trajectories of every provider ``user`` works for, the longest waiting first."""
    return (
        Trajectory.objects.filter(provider__members__user_id=user.pk)
        .select_related("provider", "begeleider")
        .order_by("state_changed_at", "pk")
    )


def agreed_meetings(trajectory) -> list:
    """The meetings the quote pays for: the group's meetings since the client accepted (an existing group
    has older meetings that are not the trajectory's), not cancelled, at most the quoted number, in
    order. One query."""
    quote = trajectory.quote
    meetings = trajectory_meetings(trajectory)
    if quote is not None and quote.answered_at is not None:
        meetings = [meeting for meeting in meetings if meeting.starts_at >= quote.answered_at]
    return meetings[: trajectory.meetings_count]


def trajectory_meetings(trajectory) -> list:
    """The trajectory's group's meetings that go ahead, in order (none before it has a group)."""
    if trajectory.group_id is None:
        return []
    return list(trajectory.group.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"))


@dataclass
class MeetingRow:
    meeting: object
    aspects: list
    present: int
    reflected_by: list  # names of participants who wrote a reflection (never what they wrote)


def meeting_overview(*, trajectory, meetings: list) -> list[MeetingRow]:
    """Per meeting of the trajectory: the aspects the begeleider noted, how many were present and who
    wrote a reflection. Three queries whatever the number of meetings."""
    ids = [meeting.pk for meeting in meetings]
    aspects = dict(MeetingAspects.objects.filter(meeting_id__in=ids).values_list("meeting_id", "aspects"))
    present = dict(
        Attendance.objects.filter(meeting_id__in=ids, present=True)
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "n")
    )
    reflected: dict[int, list] = {}
    for meeting_id, name in (
        Reflection.objects.filter(meeting_id__in=ids)
        .order_by("user__name")
        .values_list("meeting_id", "user__name")
    ):
        reflected.setdefault(meeting_id, []).append(name)
    return [
        MeetingRow(
            meeting=meeting,
            aspects=aspects.get(meeting.pk, []),
            present=present.get(meeting.pk, 0),
            reflected_by=reflected.get(meeting.pk, []),
        )
        for meeting in meetings
    ]


def client_trajectories(*, user) -> QuerySet:
    """The trajectories ``user`` asked for, and those of the organisations they manage as client."""
    return (
        Trajectory.objects.filter(Q(client_user_id=user.pk) | Q(client_organisation__managers=user.pk))
        .select_related("provider", "quote")
        .distinct()
        .order_by("-created_at", "-pk")
    )


# A group's trajectory shows on the group's own page while it runs and after (report, certificates).
GROUP_PAGE_STATES = ("running", "reporting", "report_sent", "closed")


def group_trajectory(*, group, user):
    """The guided trajectory of ``group`` for its group page, when ``user`` may read its reader (takes part
    or works for the provider); else None. ``may_respond`` (a participant: the report's link) and
    ``may_manage`` (the provider's begeleiders: the trajectory's page) say which links to show."""
    trajectory = (
        Trajectory.objects.filter(group=group, state__in=GROUP_PAGE_STATES)
        .select_related("provider", "begeleider", "report")
        .order_by("-pk")
        .first()
    )
    if trajectory is None or not user.has_perm("trajectories.read_reader", trajectory):
        return None
    trajectory.may_respond = user.has_perm("trajectories.respond_report", trajectory)
    trajectory.may_manage = user.has_perm("trajectories.manage_trajectory", trajectory)
    return trajectory
