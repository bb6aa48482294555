import pytest

from intervisie.cases.models import Case
from intervisie.live.domain import session_start
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker
from tests.factories import MeetingFactory, MembershipFactory, UserFactory, give_totp


@pytest.fixture
def dana(group):
    """Dana is the group's begeleider."""
    user = UserFactory(email="dana@example.nl", name="Dana Visser", roles=["begeleider"])
    give_totp(user)  # begeleiders log in with two factors
    group.begeleider = user
    group.save()
    return user


@pytest.fixture
def erin(group):
    """Erin is a second member: the case bringer in most tests."""
    user = UserFactory(email="erin@example.nl", name="Erin Smit", roles=["gezinshuisouder"])
    MembershipFactory(user=user, group=group)
    return user


@pytest.fixture
def member(group, bob):
    MembershipFactory(user=bob, group=group)
    return bob


@pytest.fixture
def meeting(group):
    return MeetingFactory(group=group, title="Bijeenkomst november")


@pytest.fixture
def method():
    """A small library method: ask, write in silence (answers shared), round off."""
    template = MethodTemplate.objects.create(
        name="Drie stappen",
        slug="drie-stappen",
        summary="Een korte methode om te testen.",
        has_look_back=True,
    )
    MethodStep.objects.create(
        method=template,
        position=1,
        name="Vraag verhelderen",
        instruction="Stel vragen om de situatie te snappen.",
        minutes=5,
        speaker=Speaker.GROUP,
    )
    MethodStep.objects.create(
        method=template,
        position=2,
        name="Stil schrijven",
        instruction="Schrijf in stilte je advies op.",
        minutes=3,
        speaker=Speaker.SILENT_WRITING,
        bringer_listens_only=True,
        shares_answers=True,
    )
    MethodStep.objects.create(
        method=template,
        position=3,
        name="Afronden",
        instruction="Wat neem je mee?",
        minutes=2,
        speaker=Speaker.EVERYONE_IN_TURN,
    )
    return template


@pytest.fixture
def case(group, erin):
    return Case.objects.create(
        group=group,
        bringer=erin,
        title="Ruzie aan tafel",
        situation="Elke avond ruzie bij het eten.",
        question="Hoe krijg ik rust aan tafel?",
    )


@pytest.fixture
def session(meeting, method, case, member, erin, dana):
    """Running session: Bob chairs, Erin brings the case, Dana (begeleider) started it."""
    return session_start(meeting=meeting, method=method, case=case, chair=member, bringer=erin, by=dana)
