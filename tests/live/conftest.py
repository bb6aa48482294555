import pytest

from intervisie.live.domain import session_start
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker
from tests.factories import MeetingFactory, make_case


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
    return make_case(
        group=group,
        bringer=erin,
        title="Ruzie aan tafel",
        situation="Elke avond ruzie bij het eten.",
        question="Hoe krijg ik rust aan tafel?",
    )


@pytest.fixture
def session(meeting, method, case, member, erin, begeleider):
    """Running session: Bob chairs, Erin brings the case, Bea (begeleider) started it."""
    return session_start(meeting=meeting, method=method, case=case, chair=member, bringer=erin, by=begeleider)
