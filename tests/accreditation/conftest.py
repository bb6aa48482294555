import datetime as dt

import pytest
from django.utils import timezone

from intervisie.groups.enums import MembershipState
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MethodFactory,
    UserFactory,
    give_totp,
)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def past_meeting(group, day: dt.date, *, start=(19, 0), minutes: int = 120, **kwargs):
    """A meeting on ``day`` (local time) that has taken place."""
    starts_at = at(day, *start)
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes), **kwargs
    )


def attend(meeting, user, **kwargs):
    return AttendanceFactory(meeting=meeting, user=user, **kwargs)


@pytest.fixture
def begeleider(db):
    """Bea runs ``group`` as its begeleider and is registered with LVSC, so she may sign."""
    user = UserFactory(
        email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"], supervisor_register="LVSC"
    )
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
def method(db):
    return MethodFactory(name="Incidentmethode", slug="incidentmethode")


@pytest.fixture
def today():
    return timezone.localdate()
