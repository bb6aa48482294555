import rules

from intervisie.accounts.enums import Role


@rules.predicate
def is_platform_admin(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(Role.BEHEERDER)))


# accounts.verify_registration is defined in groups/rules.py: who may vouch for a number depends on
# memberships, which accounts does not know.
