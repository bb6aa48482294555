"""Who reads the trajectory's report on their own page and approves it: the participants of its group
(trial or member: who took part; someone still in the kennismaking did not). The report is about the
group, so the permission is confidential (common/permissions.py): no superuser or staff flag opens it.

Registered when this module is imported: ``reporting`` and ``views_report`` import it (``VOTER_STATES`` is
the one definition of who approves, for the permission and for the rule's count alike)."""

import rules

from intervisie.common.permissions import add_confidential_perm
from intervisie.groups.enums import MembershipState

VOTER_STATES = frozenset({MembershipState.TRIAL, MembershipState.MEMBER})


@rules.predicate
def approves_report(user, trajectory):
    if trajectory is None or trajectory.group_id is None or not user or not user.is_authenticated:
        return False
    return trajectory.group.memberships.filter(user_id=user.pk, state__in=VOTER_STATES).exists()


add_confidential_perm("trajectories.respond_report", approves_report)
