"""Case texts are confidential: only the group's own participants and its begeleider see them.
Organisation managers, organisers, researchers and platform admins do NOT (DESIGN.md)."""

import rules

from intervisie.groups.rules import is_group_participant


@rules.predicate
def is_group_begeleider(user, group):
    return bool(user and user.is_authenticated and group is not None and group.begeleider_id == user.pk)


@rules.predicate
def may_read_case_of_group(user, case):
    return case is not None and (
        is_group_participant(user, case.group) or is_group_begeleider(user, case.group)
    )


@rules.predicate
def is_case_bringer(user, case):
    return bool(user and user.is_authenticated and case is not None and case.bringer_id == user.pk)


in_the_circle = is_group_participant | is_group_begeleider

rules.add_perm("cases.view_group_cases", in_the_circle)  # group object
rules.add_perm("cases.add_case", is_group_participant)  # group object
rules.add_perm("cases.view_case", may_read_case_of_group)  # case object
rules.add_perm("cases.change_case", is_case_bringer)  # case object
rules.add_perm("cases.view_rotation", is_group_begeleider | is_group_participant)  # group object
