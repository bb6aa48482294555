import rules

from intervisie.accounts.enums import Role


@rules.predicate
def is_platform_admin(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(Role.BEHEERDER)))


@rules.predicate
def manages_an_organisation_of(user, person):
    """The user manages an organisation with a group where ``person`` has an active membership.

    Never for one's own number: a manager who is also a member cannot vouch for themselves.
    """
    if not user or not user.is_authenticated or person is None or person.pk == user.pk:
        return False
    from intervisie.groups.enums import ACTIVE_STATES
    from intervisie.groups.models import Membership

    return Membership.objects.filter(
        user=person, group__organisation__managers=user, state__in=ACTIVE_STATES
    ).exists()


rules.add_perm("accounts.verify_registration", is_platform_admin | manages_an_organisation_of)
