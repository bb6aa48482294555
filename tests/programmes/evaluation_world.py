"""A running programme as the publish step leaves it, built directly for the evaluation, report and partner
tests: each programme group has its real intervision group, placed sign-ups are members of it with their
linked account, and the groups hold meetings."""

import datetime as dt

from django.utils import timezone

from intervisie.programmes.enums import ProgrammeStatus, SignupStatus
from intervisie.programmes.evaluation import programme_evaluation_save, questions_for
from intervisie.programmes.models import PartnerContact, ProgrammeGroup, Signup
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    UserFactory,
    give_totp,
    make_programme,
    past_meeting,
)

_counter = iter(range(1, 10**9))


def running_programme(*, group_count: int = 2, **fields):
    """A programme whose groups were published: status running, a real group per programme group."""
    programme = make_programme(status="composing", group_count=group_count, **fields)
    # The kartrekker manages the initiator and the begeleiders guide groups: both log in with two factors.
    give_totp(programme.kartrekker)
    for programme_group in programme.groups.order_by("position"):
        real = GroupFactory(
            name=f"{programme.name} {programme_group.name}", begeleider=programme_group.begeleider
        )
        ProgrammeGroup.objects.filter(pk=programme_group.pk).update(group=real)
        give_totp(programme_group.begeleider)
    type(programme).objects.filter(pk=programme.pk).update(
        status=ProgrammeStatus.RUNNING, published_at=timezone.now()
    )
    programme.refresh_from_db()
    return programme


def programme_group(programme, index: int = 0) -> ProgrammeGroup:
    return programme.groups.select_related("group").order_by("position")[index]


def participant(
    programme, category: str = "professional", *, group: int = 0, partner=None, user=None, **fields
):
    """A placed sign-up with a linked account, a member of its group's real intervision group."""
    n = next(_counter)
    target = programme_group(programme, group)
    user = user or UserFactory(name=fields.pop("name", f"Deelnemer {n}"))
    signup = Signup.objects.create(
        programme=programme,
        category=category,
        partner=partner,
        name=user.name,
        email=user.email,
        status=SignupStatus.PLACED,
        group=target,
        user=user,
        **fields,
    )
    MembershipFactory(user=user, group=target.group)
    return Signup.objects.select_related("programme", "group__group").get(pk=signup.pk)


def meetings(
    programme, *, group: int = 0, count: int = 3, first_days_ago: int = 100, every: int = 21, **fields
):
    """``count`` meetings of the group that took place, two hours each, ``every`` days apart."""
    real = programme_group(programme, group).group
    return [past_meeting(real, days_ago=first_days_ago - i * every, **fields) for i in range(count)]


def answers(signup, score: int = 4, *, final: bool = False) -> dict:
    return {q.key: score for q in questions_for(signup.category, final=final)}


def evaluate(signup, meeting=None, score: int = 4, **kwargs):
    """The participant evaluates ``meeting`` (None: the final evaluation) with ``score`` everywhere."""
    return programme_evaluation_save(
        signup=signup,
        by=signup.user,
        meeting=meeting,
        answers=answers(signup, score, final=meeting is None),
        **kwargs,
    )


def contact_for(partner, user=None):
    """A partner contact who accepted the invitation."""
    user = user or UserFactory(email=partner.contact_email)
    PartnerContact.objects.create(partner=partner, user=user)
    return user


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)
