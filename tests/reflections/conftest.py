import datetime as dt

import pytest
from django.utils import timezone

from intervisie.groups.enums import MembershipState
from tests.factories import MeetingFactory, MembershipFactory, UserFactory, give_totp


def past_meeting(group, days_ago: int = 2, **kwargs):
    starts_at = timezone.now() - dt.timedelta(days=days_ago)
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), **kwargs
    )


@pytest.fixture
def begeleider(db):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def guided_group(group, begeleider):
    group.begeleider = begeleider
    group.save(update_fields=["begeleider"])
    return group


@pytest.fixture
def member(bob, guided_group):
    MembershipFactory(user=bob, group=guided_group, state=MembershipState.MEMBER)
    return bob


@pytest.fixture
def danielle(guided_group):
    user = UserFactory(email="danielle@example.nl", name="Daniëlle Özdemir", roles=["gezinshuisouder"])
    MembershipFactory(user=user, group=guided_group, state=MembershipState.MEMBER)
    return user


@pytest.fixture
def eva(guided_group):
    user = UserFactory(email="eva@example.nl", name="Eva Smit", roles=["gezinshuisouder"])
    MembershipFactory(user=user, group=guided_group, state=MembershipState.TRIAL)
    return user


@pytest.fixture
def meeting(guided_group):
    return past_meeting(guided_group, title="Intervisie oktober")
