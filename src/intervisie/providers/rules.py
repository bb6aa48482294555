"""Who manages a provider: its owners (``ProviderMember.is_owner``).

A profile is not confidential content, so the permission is an ordinary rule. It is always asked
about a provider, and ``accounts.User.has_perm`` then asks only the rule: a superuser or staff flag
does not open someone's practice. A platform admin who must step in adds themselves as an owner,
visibly, in the admin (the ``ProviderAdmin``'s begeleiders), as anyone else would be added.
"""

import rules


@rules.predicate
def is_provider_owner(user, provider):
    if provider is None or not user or not user.is_authenticated:
        return False
    return provider.members.filter(user_id=user.pk, is_owner=True).exists()


rules.add_perm("providers.manage_provider", is_provider_owner)
