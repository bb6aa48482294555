import pytest

from intervisie.groups.enums import MembershipState
from tests.factories import MembershipFactory, UserFactory, past_meeting


@pytest.fixture
def eva(guided_group):
    """Eva Smit is on trial in the group."""
    user = UserFactory(email="eva@example.nl", name="Eva Smit", roles=["gezinshuisouder"])
    MembershipFactory(user=user, group=guided_group, state=MembershipState.TRIAL)
    return user


@pytest.fixture
def meeting(guided_group):
    """Two days ago, in the group with its begeleider."""
    return past_meeting(guided_group, title="Intervisie oktober")
