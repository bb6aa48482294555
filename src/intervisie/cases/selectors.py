"""Reading cases with the confidentiality rules of ``cases.rules`` built into the query."""

from django.db.models import QuerySet

from intervisie.cases.models import Case
from intervisie.groups.enums import MembershipState
from intervisie.groups.selectors import participation, trial_reads_from


def readable_cases(user, group) -> QuerySet:
    """The group's cases ``user`` may read: all for the begeleider and members; for someone on trial
    the cases of meetings from the day their trial began and their own; none for anyone else.
    The same answer as the ``cases.view_case`` rule, as one query."""
    cases = Case.objects.filter(group=group)
    if user is None or not user.is_authenticated:
        return cases.none()
    if group.begeleider_id == user.pk:
        return cases
    membership = participation(user, group)
    if membership is None:
        return cases.none()
    if membership.state == MembershipState.MEMBER:
        return cases
    since = trial_reads_from(membership)
    if since is None:
        return cases.none()
    return cases.filter(meeting__starts_at__gte=since) | cases.filter(bringer=user)
