import pytest
from django.core.exceptions import ValidationError

from intervisie.common.models import AuditEntry
from intervisie.methods.domain import StepData, method_copy, method_update_steps
from intervisie.methods.models import MethodTemplate, Speaker
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roddel():
    return MethodTemplate.objects.get(group=None, slug="roddelmethode")


def _data(method) -> list[StepData]:
    return [
        StepData(
            id=s.pk,
            name=s.name,
            instruction=s.instruction,
            minutes=s.minutes,
            speaker=s.speaker,
            bringer_listens_only=s.bringer_listens_only,
            shares_answers=s.shares_answers,
        )
        for s in method.steps.order_by("position")
    ]


def test_method_copy_copies_all_steps_into_the_group(roddel, group, alice):
    copy = method_copy(method=roddel, group=group, by=alice)

    assert copy.group == group
    assert copy.based_on == roddel
    assert copy.slug == "roddelmethode"
    assert copy.name == "Roddelmethode"
    fields = [
        "position",
        "name",
        "instruction",
        "minutes",
        "speaker",
        "bringer_listens_only",
        "shares_answers",
    ]
    assert list(copy.steps.values_list(*fields)) == list(roddel.steps.values_list(*fields))
    entry = AuditEntry.objects.get(action="method.copy")
    assert entry.actor == alice
    assert entry.object_id == str(copy.pk)


def test_method_copy_twice_gets_a_unique_slug_per_group(roddel, group, alice):
    first = method_copy(method=roddel, group=group, by=alice)
    second = method_copy(method=roddel, group=group, by=alice)
    elsewhere = method_copy(method=roddel, group=GroupFactory(), by=alice)

    assert [first.slug, second.slug, elsewhere.slug] == ["roddelmethode", "roddelmethode-2", "roddelmethode"]


def test_method_update_steps_changes_the_copy_not_the_library(roddel, group, alice):
    library_before = list(roddel.steps.values_list("name", "minutes"))
    copy = method_copy(method=roddel, group=group, by=alice)
    steps = _data(copy)
    steps[0].name = "Onze vraag"
    steps[0].minutes = 20
    steps.reverse()

    method_update_steps(method=copy, steps=steps, by=alice)

    assert list(copy.steps.order_by("position").values_list("name", "minutes"))[-1] == ("Onze vraag", 20)
    assert list(roddel.steps.values_list("name", "minutes")) == library_before
    assert MethodTemplate.objects.get(pk=roddel.pk).total_minutes == 55
    entry = AuditEntry.objects.get(action="method.update_steps")
    assert entry.data == {"steps": 5, "minutes": 65}


def test_method_update_steps_adds_and_removes_steps(roddel, group, alice):
    copy = method_copy(method=roddel, group=group, by=alice)
    steps = _data(copy)[:2]
    steps.append(
        StepData(
            name="Afsluiten", instruction="Zeg kort hoe het was.", minutes=5, speaker=Speaker.EVERYONE_IN_TURN
        )
    )

    method_update_steps(method=copy, steps=steps, by=alice)

    assert list(copy.steps.order_by("position").values_list("position", "name")) == [
        (1, "Vraag inleiden"),
        (2, "Verhelderende vragen"),
        (3, "Afsluiten"),
    ]


def test_method_update_steps_shares_answers_only_for_silent_writing(roddel, group, alice):
    copy = method_copy(method=roddel, group=group, by=alice)
    steps = _data(copy)
    steps[0].shares_answers = True  # a bringer step
    steps[1].speaker = Speaker.SILENT_WRITING
    steps[1].shares_answers = True

    method_update_steps(method=copy, steps=steps, by=alice)

    assert list(copy.steps.order_by("position").values_list("shares_answers", flat=True)) == [
        False,
        True,
        False,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda steps: steps.clear(), "Een methode heeft minstens één stap nodig."),
        (lambda steps: setattr(steps[0], "name", "  "), "Elke stap heeft een naam nodig."),
        (lambda steps: setattr(steps[0], "minutes", 0), "Een stap duurt minstens 1 en hooguit 120 minuten."),
        (
            lambda steps: setattr(steps[0], "minutes", 121),
            "Een stap duurt minstens 1 en hooguit 120 minuten.",
        ),
        (lambda steps: setattr(steps[0], "speaker", "iemand"), "Kies wie er praat in deze stap."),
    ],
)
def test_method_update_steps_refuses_bad_steps(roddel, group, alice, change, message):
    copy = method_copy(method=roddel, group=group, by=alice)
    steps = _data(copy)
    change(steps)

    with pytest.raises(ValidationError) as error:
        method_update_steps(method=copy, steps=steps, by=alice)

    assert error.value.messages == [message]
    assert copy.steps.count() == 5


def test_method_update_steps_refuses_the_library(roddel, alice):
    with pytest.raises(ValidationError) as error:
        method_update_steps(method=roddel, steps=_data(roddel), by=alice)
    assert error.value.messages == [
        "Een methode uit de bibliotheek kun je niet aanpassen. Maak eerst een kopie."
    ]


def test_method_update_steps_refuses_a_step_of_another_method(roddel, group, alice):
    copy = method_copy(method=roddel, group=group, by=alice)
    steps = _data(copy)
    steps[0].id = roddel.steps.first().pk

    with pytest.raises(ValidationError) as error:
        method_update_steps(method=copy, steps=steps, by=alice)
    assert error.value.messages == ["Deze stap hoort niet bij deze methode."]
    assert roddel.steps.count() == 5
