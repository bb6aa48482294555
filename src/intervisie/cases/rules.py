"""Case texts are confidential: only the group's own circle reads them (DESIGN.md).

Who reads what, as a group would expect:
- the group's begeleider and its members: every case of the group;
- someone on trial (proefperiode): the cases of meetings from the day their trial began, and their
  own cases; never the group's history;
- someone in kennismaking (introduction): no case texts at all;
- organisation managers, organisers, researchers, platform admins, staff and superusers: nothing.
Every permission here is confidential (common/permissions.py), so no superuser flag opens it.
"""

import rules

from intervisie.common.permissions import add_confidential_perm, is_person
from intervisie.groups.enums import MembershipState
from intervisie.groups.rules import is_group_begeleider
from intervisie.groups.selectors import participation, trial_reads_from


def _reads_all(user, group) -> bool:
    """The begeleider and members read all of a group's cases."""
    if is_group_begeleider(user, group):
        return True
    membership = participation(user, group)
    return membership is not None and membership.state == MembershipState.MEMBER


def _reads_meeting(user, meeting) -> bool:
    if meeting is None:
        return False
    if _reads_all(user, meeting.group):
        return True
    since = trial_reads_from(participation(user, meeting.group))
    return since is not None and meeting.starts_at >= since


@rules.predicate
def reads_group_cases(user, group):
    """Sees the group's case list: the begeleider and members (all), someone on trial (a part)."""
    if group is None or not user or not user.is_authenticated:
        return False
    if is_group_begeleider(user, group):
        return True
    membership = participation(user, group)
    return membership is not None and membership.state in {MembershipState.MEMBER, MembershipState.TRIAL}


@rules.predicate
def brings_cases(user, group):
    """Members and people on trial bring cases; someone in kennismaking does not yet."""
    membership = participation(user, group)
    return membership is not None and membership.state in {MembershipState.MEMBER, MembershipState.TRIAL}


@rules.predicate
def reads_meeting_cases(user, meeting):
    return bool(user and user.is_authenticated) and _reads_meeting(user, meeting)


@rules.predicate
def reads_case(user, case):
    if case is None or not user or not user.is_authenticated:
        return False
    if _reads_all(user, case.group):
        return True
    if case.bringer_id == user.pk and brings_cases(user, case.group):
        return True
    return case.meeting is not None and _reads_meeting(user, case.meeting)


@rules.predicate
def is_case_bringer(user, case):
    return case is not None and is_person(user, case.bringer_id)


@rules.predicate
def still_brings_cases_in(user, case):
    return case is not None and brings_cases(user, case.group)


add_confidential_perm("cases.view_group_cases", reads_group_cases)  # group object
add_confidential_perm("cases.add_case", brings_cases)  # group object
add_confidential_perm("cases.view_meeting_cases", reads_meeting_cases)  # meeting object
add_confidential_perm("cases.view_case", reads_case)  # case object
# Only the bringer changes a case, and only while they still take part (a former member cannot).
add_confidential_perm("cases.change_case", is_case_bringer & still_brings_cases_in)
add_confidential_perm("cases.view_rotation", reads_group_cases)  # group object
