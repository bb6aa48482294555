"""Who may mark someone's SKJ or Registerplein number as checked (``accounts.verify_registration``, defined
in groups/rules.py because it asks about memberships)."""

from django.contrib.auth.models import AnonymousUser

from intervisie.groups.domain import membership_request
from intervisie.groups.models import Membership
from tests.factories import GroupFactory, OrganisationFactory, UserFactory, give_totp

PERM = "accounts.verify_registration"


def test_verify_registration_platform_admin_may(bob):
    admin = UserFactory(roles=["beheerder"])
    assert admin.has_perm(PERM, bob)


def test_verify_registration_superuser_may(bob):
    assert UserFactory(is_superuser=True).has_perm(PERM, bob)


def test_verify_registration_manager_of_the_persons_group_may(alice, bob, group):
    membership_request(user=bob, group=group, motivation="Ik wil graag meedoen.")
    assert alice.has_perm(PERM, bob)


def test_verify_registration_manager_may_not_after_the_person_left(alice, bob, group):
    """Only active memberships count: a manager keeps no hold over people who left or were declined."""
    Membership.objects.create(user=bob, group=group, state="left", motivation="")
    assert not alice.has_perm(PERM, bob)


def test_verify_registration_manager_of_another_organisation_may_not(bob, group):
    membership_request(user=bob, group=group, motivation="Ik wil graag meedoen.")
    other = UserFactory(roles=["organisatiebeheerder"])
    give_totp(other)
    GroupFactory(organisation=OrganisationFactory(managers=[other]))
    assert not other.has_perm(PERM, bob)


def test_verify_registration_manager_without_a_membership_link_may_not(alice, charlie, group):
    assert not alice.has_perm(PERM, charlie)


def test_verify_registration_the_person_themselves_may_not(bob, group):
    membership_request(user=bob, group=group, motivation="Ik wil graag meedoen.")
    assert not bob.has_perm(PERM, bob)


def test_verify_registration_manager_may_not_verify_own_number(alice, group):
    """A manager who is also in one of their own groups still cannot vouch for themselves."""
    membership_request(user=alice, group=group, motivation="Ik doe zelf ook mee.")
    assert not alice.has_perm(PERM, alice)


def test_verify_registration_anonymous_may_not(bob):
    assert not AnonymousUser().has_perm(PERM, bob)
