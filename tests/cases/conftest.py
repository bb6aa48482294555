import pytest
from django.utils import timezone

from intervisie.cases.models import Case
from tests.factories import MembershipFactory, UserFactory, give_totp

SECRET_TITLE = "Ruzie aan tafel met de oudste"
SECRET_SITUATION = "De oudste jongen gooide zijn bord op de grond toen zijn moeder belde."
SECRET_QUESTION = "Hoe blijf ik rustig als hij boos wordt?"


def make_case(*, group, bringer, meeting=None, brought_on=None, **fields) -> Case:
    """A stored case without the create workflow (no e-mail, no audit)."""
    values = {"title": SECRET_TITLE, "situation": SECRET_SITUATION, "question": SECRET_QUESTION, **fields}
    return Case.objects.create(
        group=group,
        bringer=bringer,
        meeting=meeting,
        brought_on=brought_on or timezone.localdate(),
        **values,
    )


@pytest.fixture
def member(bob, group):
    MembershipFactory(user=bob, group=group)
    return bob


@pytest.fixture
def begeleider(group):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    group.begeleider = user
    group.save(update_fields=["begeleider"])
    return user


@pytest.fixture
def admin_user(db):
    user = UserFactory(email="adam@example.nl", name="Adam Beheer", roles=["beheerder"])
    give_totp(user)
    return user


@pytest.fixture
def other_member(db):
    """A participant of another group."""
    user = UserFactory(email="otto@example.nl", name="Otto Anders")
    MembershipFactory(user=user)
    return user
