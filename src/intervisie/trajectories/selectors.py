from django.db.models import QuerySet

from intervisie.meetings.enums import MeetingStatus
from intervisie.providers.models import Provider, ProviderMember
from intervisie.trajectories.models import Trajectory


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


def board_trajectories(*, user) -> QuerySet:
    """The trajectories of every provider ``user`` works for, the longest waiting first."""
    return (
        Trajectory.objects.filter(provider__members__user_id=user.pk)
        .select_related("provider", "begeleider")
        .order_by("state_changed_at", "pk")
    )


def trajectory_meetings(trajectory) -> list:
    """The trajectory's group's meetings that go ahead, in order (none before it has a group)."""
    if trajectory.group_id is None:
        return []
    return list(trajectory.group.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"))
