import rules

from intervisie.accounts.rules import is_platform_admin


@rules.predicate
def is_organisation_manager(user, organisation):
    if not user or not user.is_authenticated or organisation is None:
        return False
    return organisation.managers.filter(pk=user.pk).exists()


rules.add_perm("organisations.manage_organisation", is_platform_admin | is_organisation_manager)
