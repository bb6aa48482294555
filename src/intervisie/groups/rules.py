import rules

from intervisie.accounts.rules import is_platform_admin
from intervisie.common.permissions import is_person
from intervisie.groups.enums import ACTIVE_STATES, PARTICIPANT_STATES


@rules.predicate
def is_group_begeleider(user, group):
    return bool(user and user.is_authenticated and group is not None and group.begeleider_id == user.pk)


@rules.predicate
def manages_group(user, group):
    """The group's begeleider, or a manager of its organisation."""
    if is_group_begeleider(user, group):
        return True
    if not user or not user.is_authenticated or group is None:
        return False
    return group.organisation.managers.filter(pk=user.pk).exists()


@rules.predicate
def is_group_participant(user, group):
    if not user or not user.is_authenticated or group is None:
        return False
    return group.memberships.filter(user=user, state__in=PARTICIPANT_STATES).exists()


@rules.predicate
def owns_membership(user, membership):
    return membership is not None and is_person(user, membership.user_id)


@rules.predicate
def manages_membership_group(user, membership):
    return membership is not None and manages_group(user, membership.group)


@rules.predicate
def membership_is_active(user, membership):
    return membership is not None and membership.state in ACTIVE_STATES


@rules.predicate
def manages_an_organisation_of(user, person):
    """The user manages an organisation with a group where ``person`` has an active membership.

    Never for one's own number: a manager who is also a member cannot vouch for themselves.
    """
    if not user or not user.is_authenticated or person is None or person.pk == user.pk:
        return False
    return person.memberships.filter(group__organisation__managers=user, state__in=ACTIVE_STATES).exists()


rules.add_perm("groups.manage_group", is_platform_admin | manages_group)
rules.add_perm("groups.view_members", is_platform_admin | manages_group)
rules.add_perm("groups.view_membership", owns_membership | is_platform_admin | manages_membership_group)
rules.add_perm("groups.decide_membership", is_platform_admin | manages_membership_group)
rules.add_perm("groups.leave_membership", owns_membership & membership_is_active)
# The person's own answers: withdraw, leave, accept or decline an offer. Whether the state allows it is
# the domain's call (it explains why not); this rule only says whose membership it is.
rules.add_perm("groups.respond_membership", owns_membership)

# A permission on a person (their register number), named after accounts where the number lives, but
# defined here: it asks about memberships, and accounts imports no app above it.
rules.add_perm("accounts.verify_registration", is_platform_admin | manages_an_organisation_of)
