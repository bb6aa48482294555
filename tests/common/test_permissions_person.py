"""``is_person`` (common/permissions.py): the one check behind every "it is your own" rule. Kept apart
from test_permissions.py, which checks the confidential permissions and stays as it is."""

from django.contrib.auth.models import AnonymousUser

from intervisie.common.permissions import is_person
from tests.factories import UserFactory


def test_is_person_only_for_the_logged_in_person_pointed_to(db):
    bob, charlie = UserFactory(), UserFactory()
    assert is_person(bob, bob.pk) is True
    assert is_person(bob, charlie.pk) is False
    assert is_person(bob, None) is False  # e.g. a statement nobody signed yet
    assert is_person(AnonymousUser(), bob.pk) is False
    assert is_person(None, bob.pk) is False
