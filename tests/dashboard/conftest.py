"""People for the dashboard tests, next to alice (organisation manager), bob (member) and charlie
(outsider) from tests/conftest.py."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from intervisie.cases.models import Case
from tests.factories import UserFactory, give_totp


def at(days: int, hour: int = 19) -> datetime:
    """A moment ``days`` from today (negative: in the past) at ``hour`` o'clock, Dutch time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def case_for(meeting, bringer, *, title: str, situation: str = "Een situatie uit de praktijk.") -> Case:
    return Case.objects.create(
        group=meeting.group,
        meeting=meeting,
        bringer=bringer,
        title=title,
        situation=situation,
        question="Wat kan ik anders doen?",
        brought_on=timezone.localdate(meeting.starts_at),
    )


@pytest.fixture
def bea(group):
    """Bea is the group's begeleider (two-factor login on)."""
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    group.begeleider = user
    group.save(update_fields=["begeleider"])
    return user


@pytest.fixture
def olga(db):
    """Olga organises themed events."""
    return UserFactory(email="olga@example.nl", name="Olga Organisator", roles=["organisator"])
