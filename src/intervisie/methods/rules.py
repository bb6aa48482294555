"""Who may see and change methods. Library methods are public; a group's copy belongs to the group.

Outsiders get 404 for a group's copy (views check ``methods.view_method`` first).
"""

import rules

from intervisie.accounts.rules import is_platform_admin
from intervisie.groups.rules import is_group_participant
from intervisie.meetings.rules import can_plan


@rules.predicate
def is_library_method(user, method):
    return method is not None and method.group_id is None


@rules.predicate
def participates_in_method_group(user, method):
    return method is not None and method.group_id is not None and is_group_participant(user, method.group)


@rules.predicate
def plans_method_group(user, method):
    return method is not None and method.group_id is not None and can_plan(user, method.group)


rules.add_perm(
    "methods.view_method",
    is_library_method | participates_in_method_group | plans_method_group | is_platform_admin,
)
# Only a group's own copy can be changed; the library stays as it is (changes go through a migration).
rules.add_perm("methods.change_method", plans_method_group | is_platform_admin)
# Group object: who may copy a library method for this group (the begeleider and the group's planners).
rules.add_perm("methods.copy_method", can_plan | is_platform_admin)
# Group object: who may see the group's own methods.
rules.add_perm("methods.view_group_methods", is_group_participant | can_plan | is_platform_admin)
