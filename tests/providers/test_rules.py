"""providers.manage_provider: the provider's owners, and nobody else (no superuser bypass)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from intervisie.providers.rules import is_provider_owner
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_owner_manages_the_provider(provider, begeleider):
    assert begeleider.has_perm("providers.manage_provider", provider)


def test_a_begeleider_of_the_provider_who_is_no_owner_does_not_manage_it(provider):
    colleague = UserFactory(roles=["begeleider"])
    provider.members.create(user=colleague, is_owner=False)

    assert not colleague.has_perm("providers.manage_provider", provider)


def test_an_owner_of_another_provider_does_not_manage_this_one(provider):
    other_owner = UserFactory(roles=["begeleider"])
    ProviderFactory().members.create(user=other_owner, is_owner=True)

    assert not other_owner.has_perm("providers.manage_provider", provider)


def test_superuser_and_platform_admin_do_not_manage_a_provider_they_do_not_own(
    provider, superuser, platform_admin
):
    assert not superuser.has_perm("providers.manage_provider", provider)
    assert not platform_admin.has_perm("providers.manage_provider", provider)


def test_a_superuser_who_is_added_as_owner_manages_it(provider, superuser):
    provider.members.create(user=superuser, is_owner=True)

    assert superuser.has_perm("providers.manage_provider", provider)


def test_an_anonymous_visitor_and_no_provider_are_refused(provider, begeleider):
    assert not AnonymousUser().has_perm("providers.manage_provider", provider)
    assert not is_provider_owner(begeleider, None)
