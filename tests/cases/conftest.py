import pytest

from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def other_member(db):
    """A participant of another group."""
    user = UserFactory(email="otto@example.nl", name="Otto Anders")
    MembershipFactory(user=user)
    return user
