"""providers.domain: saving the profile and changing who works for a provider, with the audit log and
the e-mails, and never a provider without an owner (also when two owners remove each other at once)."""

import pytest
from django.core import mail

from intervisie.common.models import AuditEntry
from intervisie.providers.domain import (
    ProviderError,
    find_begeleider,
    provider_member_add,
    provider_member_remove,
    provider_save,
)
from intervisie.providers.models import ProviderMember
from tests.concurrency import in_threads
from tests.factories import MethodFactory, ProviderFactory, UserFactory


def _owner(provider, email):
    user = UserFactory(email=email, roles=["begeleider"])
    return provider.members.create(user=user, is_owner=True)


@pytest.mark.django_db
def test_provider_save_stores_fields_and_methods_and_logs_the_changed_names(provider, begeleider):
    method = MethodFactory(name="Incidentmethode")
    provider.city = "Utrecht"

    provider_save(provider=provider, methods=[method], changed=["city", "methods"], by=begeleider)

    provider.refresh_from_db()
    assert provider.city == "Utrecht"
    assert list(provider.methods.all()) == [method]
    entry = AuditEntry.objects.get(action="provider.changed")
    assert (entry.actor, entry.data) == (begeleider, {"fields": ["city", "methods"]})


@pytest.mark.django_db
def test_find_begeleider_needs_the_role_and_an_active_account():
    bea = UserFactory(email="bea2@example.nl", roles=["begeleider"])
    UserFactory(email="gho@example.nl", roles=["gezinshuisouder"])
    UserFactory(email="gone@example.nl", roles=["begeleider"], is_active=False)

    assert find_begeleider(email=" BEA2@example.nl ") == bea
    assert find_begeleider(email="gho@example.nl") is None
    assert find_begeleider(email="gone@example.nl") is None
    assert find_begeleider(email="niemand@example.nl") is None


@pytest.mark.django_db
def test_member_add_refuses_a_second_membership_and_changes_nothing(provider, begeleider):
    with pytest.raises(ProviderError) as refused:
        provider_member_add(provider=provider, email="bea@example.nl", is_owner=False, by=begeleider)

    assert str(refused.value) == "Bea Begeleider werkt al voor Praktijk Licht."
    assert provider.members.get().is_owner is True
    assert not AuditEntry.objects.filter(action__startswith="provider.").exists() and not mail.outbox


@pytest.mark.django_db
def test_member_remove_of_a_membership_already_gone_says_so(provider, begeleider):
    member = _owner(provider, "chris@example.nl")
    ProviderMember.objects.filter(pk=member.pk).delete()

    with pytest.raises(ProviderError) as refused:
        provider_member_remove(member=member, by=begeleider)

    assert str(refused.value) == "Deze begeleider werkt al niet meer voor Praktijk Licht."


@pytest.mark.django_db
def test_member_remove_leaves_other_providers_alone(provider, begeleider):
    other = ProviderFactory(name="Praktijk Anders")
    other.members.create(user=begeleider, is_owner=True)
    colleague = _owner(provider, "chris@example.nl")

    provider_member_remove(member=provider.members.get(user=begeleider), by=begeleider)

    assert list(provider.members.all()) == [colleague]
    assert other.members.get().user == begeleider


@pytest.mark.django_db(transaction=True)
def test_concurrency_two_owners_removing_each_other_leave_one_owner():
    """Each owner asks to remove the other at the same moment. Without the lock on the provider row both
    would see "another owner stays" and the provider would have none; with it, the second waits, sees
    that it would remove the last owner, and is refused."""
    provider = ProviderFactory(name="Praktijk Samen")
    anna, bram = _owner(provider, "anna@example.nl"), _owner(provider, "bram@example.nl")

    results = in_threads(
        lambda: provider_member_remove(member=bram, by=anna.user),
        lambda: provider_member_remove(member=anna, by=bram.user),
    )

    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ProviderError)
    assert provider.members.filter(is_owner=True).count() == 1
    assert AuditEntry.objects.filter(action="provider.member_removed").count() == 1
