"""Who works on a trajectory: the begeleiders of its provider. A client's request holds personal data
and the provider's notes, so the permission is confidential (common/permissions.py): no superuser or
staff flag opens it; a platform admin who must step in is added to the provider, visibly."""

import rules

from intervisie.common.permissions import add_confidential_perm
from intervisie.groups.enums import PARTICIPANT_STATES


@rules.predicate
def works_for_provider(user, trajectory):
    if trajectory is None or not user or not user.is_authenticated:
        return False
    return trajectory.provider.members.filter(user_id=user.pk).exists()


add_confidential_perm("trajectories.manage_trajectory", works_for_provider)


@rules.predicate
def takes_part(user, trajectory):
    """In the trajectory's group (introduction, trial or member)."""
    if trajectory is None or trajectory.group_id is None or not user or not user.is_authenticated:
        return False
    return trajectory.group.memberships.filter(user_id=user.pk, state__in=PARTICIPANT_STATES).exists()


# The reader: the provider's own documents and our theory, for the group and its begeleiders.
add_confidential_perm("trajectories.read_reader", works_for_provider | takes_part)

# The report's permission lives with the report; import it so it is registered with the app.
from intervisie.trajectories import rules_report  # noqa: E402, F401
