"""The library pages and a group's own methods, as the begeleider (bea), a planning member (pien), a member
(bob), an outsider (charlie) and someone not logged in see them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from intervisie.groups.enums import MembershipState as S
from intervisie.methods.domain import method_copy
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def outsiders(group, charlie):
    """Everyone who must get 404 for the group's copy: an outsider, a manager of another organisation and
    someone who left the group."""
    other_manager = UserFactory(email="olga@example.nl", roles=["organisatiebeheerder"])
    give_totp(other_manager)
    OrganisationFactory(managers=[other_manager])
    left = UserFactory(email="lex@example.nl")
    MembershipFactory(user=left, group=group, state=S.LEFT)
    return [charlie, other_manager, left]


@pytest.fixture
def roddel():
    return MethodTemplate.objects.get(group=None, slug="roddelmethode")


@pytest.fixture
def copy(roddel, group, begeleider):
    return method_copy(method=roddel, group=group, by=begeleider)


def _edit_url(copy):
    return reverse("methods:group_edit", args=[copy.group.slug, copy.slug])


def _detail_url(copy):
    return reverse("methods:group_detail", args=[copy.group.slug, copy.slug])


def _post_data(method, action="save", **changes) -> dict:
    """The edit form as the browser sends it; ``changes`` like ``{"0-minutes": "20"}``."""
    steps = list(method.steps.order_by("position"))
    data = {
        "action": action,
        "stap-TOTAL_FORMS": str(len(steps)),
        "stap-INITIAL_FORMS": str(len(steps)),
        "stap-MIN_NUM_FORMS": "0",
        "stap-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"stap-{i}-id": str(step.pk),
                f"stap-{i}-name": step.name,
                f"stap-{i}-instruction": step.instruction,
                f"stap-{i}-minutes": str(step.minutes),
                f"stap-{i}-speaker": step.speaker,
            }
        )
        if step.bringer_listens_only:
            data[f"stap-{i}-bringer_listens_only"] = "on"
        if step.shares_answers:
            data[f"stap-{i}-shares_answers"] = "on"
    for key, value in changes.items():
        if value is None:
            data.pop(f"stap-{key}", None)
        else:
            data[f"stap-{key}"] = value
    return data


# --- The public library --------------------------------------------------------------------------------


def test_library_lists_every_method_with_its_total_time_without_login(client):
    response = client.get(reverse("methods:library"))

    text = _text(response)
    assert response.status_code == 200
    for name in (
        "Intervisie in zes fasen",
        "Buiten je bubbel: de tienstappenmethode",
        "Roddelmethode",
        "Balintmethode",
    ):
        assert name in text
    assert "5 stappen" in text
    assert "samen 55 minuten" in text  # roddelmethode
    assert "samen 1 uur en 40 minuten" in text  # zes fasen
    assert "samen 2 uur" in text  # buiten je bubbel


def test_library_hides_group_copies(client, copy, group):
    copy.name = "Roddelen op onze manier"
    copy.save()

    response = client.get(reverse("methods:library"))

    assert "Roddelen op onze manier" not in _text(response)


def test_library_search_finds_by_name(client):
    response = client.get(reverse("methods:library"), {"q": "roddel"})

    text = _text(response)
    assert "1 methode gevonden" in text
    assert "Roddelmethode" in text
    assert "Balintmethode" not in text
    assert 'value="roddel"' in text


def test_library_search_without_result_says_so(client):
    response = client.get(reverse("methods:library"), {"q": "schaakmethode"})

    text = _text(response)
    assert 'Geen methode gevonden met "schaakmethode". Probeer een ander woord.' in text
    assert "Toon alle methodes" in text


def test_library_search_too_long_shows_a_message_and_all_methods(client):
    response = client.get(reverse("methods:library"), {"q": "x" * 101})

    text = _text(response)
    assert response.status_code == 200
    assert "Gebruik hooguit 100 tekens." in text
    assert "Roddelmethode" in text


@pytest.mark.parametrize("count", [1, 3])
def test_library_query_count_is_fixed(client, django_assert_num_queries, count):
    MethodTemplate.objects.filter(group=None).delete()
    for n in range(count):
        method = MethodTemplate.objects.create(name=f"Methode {n}", slug=f"methode-{n}", summary="Kort.")
        for position in (1, 2):
            MethodStep.objects.create(
                method=method,
                position=position,
                name="Stap",
                instruction="Doe iets.",
                minutes=10,
                speaker="group",
            )

    with django_assert_num_queries(1):
        response = client.get(reverse("methods:library"))

    assert _text(response).count("samen 20 minuten") == count


def test_method_detail_shows_every_step_with_speaker_minutes_and_listening(client, roddel):
    response = client.get(reverse("methods:detail", args=["roddelmethode"]))

    text = _text(response)
    for step in roddel.steps.all():
        assert f"{step.position}. {step.name}" in text
    assert "De inbrenger luistert alleen" in text
    assert text.count("De inbrenger luistert alleen") == 1
    assert "De groep" in text and "15 minuten" in text
    # Not logged in: no copy buttons.
    assert "Kopieer voor" not in text


def test_method_detail_marks_silent_writing_that_is_read_out(client):
    response = client.get(reverse("methods:detail", args=["buiten-je-bubbel"]))

    text = _text(response)
    assert "Stap 0: Start en terugblik" in text
    assert "Iedereen schrijft in stilte" in text
    assert "Daarna lees je voor wat je schreef" in text
    assert "Je schrijft eerst voor jezelf" in text
    assert "De inbrenger blikt aan het begin van de volgende bijeenkomst terug." in text


def test_method_detail_unknown_or_group_copy_is_404(client, copy):
    assert client.get(reverse("methods:detail", args=["bestaat-niet"])).status_code == 404
    copy.slug = "alleen-in-de-groep"
    copy.save()
    assert client.get(reverse("methods:detail", args=["alleen-in-de-groep"])).status_code == 404


@pytest.mark.parametrize("who", ["begeleider", "planner", "alice"])
def test_method_detail_offers_copy_to_who_may_plan(client, request, group, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("methods:detail", args=["roddelmethode"]))

    assert f"Kopieer voor {group.name}" in _text(response)


def test_method_detail_offers_no_copy_to_a_member(client, member, group):
    client.force_login(member)

    response = client.get(reverse("methods:detail", args=["roddelmethode"]))

    assert "Kopieer voor" not in _text(response)


# --- Copying -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["begeleider", "planner"])
def test_copy_creates_a_group_copy_and_opens_the_editor(client, request, group, roddel, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("methods:copy", args=["roddelmethode", group.slug]))

    copy = MethodTemplate.objects.get(group=group)
    assert response.status_code == 302
    assert response.url == _edit_url(copy)
    assert copy.based_on == roddel
    assert copy.steps.count() == 5
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Je hebt een kopie gemaakt voor {group.name}. Pas de stappen hier aan voor je groep."
    ]


def test_copy_by_member_or_outsider_is_404(client, group, member, outsiders):
    for person in [member, *outsiders]:
        client.force_login(person)
        response = client.post(reverse("methods:copy", args=["roddelmethode", group.slug]))
        assert response.status_code == 404, person.email
    assert not MethodTemplate.objects.filter(group=group).exists()


def test_copy_needs_login_and_post(client, group, begeleider):
    response = client.post(reverse("methods:copy", args=["roddelmethode", group.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))

    client.force_login(begeleider)
    assert client.get(reverse("methods:copy", args=["roddelmethode", group.slug])).status_code == 405
    assert client.post(reverse("methods:copy", args=["bestaat-niet", group.slug])).status_code == 404
    assert not MethodTemplate.objects.filter(group=group).exists()


# --- A group's copies: who sees them -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "planner", "begeleider"])
def test_group_copy_is_visible_to_the_group(client, request, copy, who):
    client.force_login(request.getfixturevalue(who))

    detail = client.get(_detail_url(copy))
    listing = client.get(reverse("methods:group_list", args=[copy.group.slug]))

    assert 'Gebaseerd op "Roddelmethode" uit de bibliotheek.' in _text(detail)
    assert "Roddelen" in _text(detail)
    assert "Roddelmethode" in _text(listing)
    assert 'gebaseerd op "Roddelmethode"' in _text(listing)


def test_group_copy_edit_link_only_for_who_may_change(client, copy, member, begeleider):
    client.force_login(member)
    assert "Stappen aanpassen" not in _text(client.get(_detail_url(copy)))
    client.force_login(begeleider)
    assert "Stappen aanpassen" in _text(client.get(_detail_url(copy)))


def test_group_copy_is_404_for_outsiders(client, copy, outsiders):
    for person in outsiders:
        client.force_login(person)
        assert client.get(_detail_url(copy)).status_code == 404, person.email
        assert client.get(reverse("methods:group_list", args=[copy.group.slug])).status_code == 404
        assert client.get(_edit_url(copy)).status_code == 404


def test_group_copy_needs_login(client, copy):
    response = client.get(_detail_url(copy))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Editing a copy ------------------------------------------------------------------------------------


def test_edit_by_member_is_404_and_changes_nothing(client, copy, member):
    client.force_login(member)

    assert client.get(_edit_url(copy)).status_code == 404
    response = client.post(_edit_url(copy), _post_data(copy, **{"0-name": "Gekaapt"}))

    assert response.status_code == 404
    assert copy.steps.get(position=1).name == "Vraag inleiden"


def test_edit_form_shows_the_steps(client, copy, begeleider):
    client.force_login(begeleider)

    response = client.get(_edit_url(copy))

    text = _text(response)
    assert 'value="Roddelen"' in text
    assert "Stap 5" in text
    assert "Stap 2 omhoog" in text and "Stap 2 omlaag" in text
    assert "Stap 1 omhoog" not in text and "Stap 5 omlaag" not in text


def test_edit_saves_names_minutes_speaker_and_removes_a_step(client, copy, planner, roddel):
    client.force_login(planner)
    data = _post_data(
        copy,
        **{
            "0-name": "Onze vraag",
            "0-minutes": "12",
            "1-speaker": Speaker.EVERYONE_IN_TURN,
            "4-DELETE": "on",
        },
    )

    response = client.post(_edit_url(copy), data)

    assert response.status_code == 302
    assert response.url == _detail_url(copy)
    assert list(copy.steps.order_by("position").values_list("name", "minutes", "speaker")) == [
        ("Onze vraag", 12, "bringer"),
        ("Verhelderende vragen", 10, "in_turn"),
        ("Roddelen", 15, "group"),
        ("Terug in de kring", 10, "bringer"),
    ]
    # The library is untouched.
    assert roddel.steps.count() == 5
    assert roddel.steps.get(position=1).name == "Vraag inleiden"
    detail = _text(client.get(_detail_url(copy)))
    assert "1. Onze vraag" in detail and "Evaluatie" not in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"0-name": ""}, "Geef de stap een naam."),
        ({"0-name": "x" * 121}, "Gebruik hooguit 120 tekens."),
        ({"0-minutes": "0"}, "Een stap duurt minstens 1 minuut."),
        ({"0-minutes": "121"}, "Een stap duurt hooguit 120 minuten."),
        ({"0-minutes": "tien"}, "Vul een heel getal in, bijvoorbeeld 10."),
        ({"0-minutes": ""}, "Vul in hoeveel minuten de stap duurt."),
        ({"0-instruction": ""}, "Schrijf kort op wat er in deze stap gebeurt."),
        ({"0-speaker": "de buurman"}, "Kies wie er praat."),
    ],
)
def test_edit_bad_input_shows_a_dutch_message_and_keeps_what_was_typed(
    client, copy, begeleider, changes, message
):
    client.force_login(begeleider)
    data = _post_data(copy, **{"1-name": "Mijn nieuwe naam", **changes})

    response = client.post(_edit_url(copy), data)

    text = _text(response)
    assert response.status_code == 200
    assert message in text
    assert "Er gaat iets mis. Kijk bij de stappen hieronder wat er anders moet." in text
    assert 'value="Mijn nieuwe naam"' in text
    assert copy.steps.get(position=2).name == "Verhelderende vragen"


def test_edit_removing_every_step_is_refused(client, copy, begeleider):
    client.force_login(begeleider)
    data = _post_data(copy, **{f"{i}-DELETE": "on" for i in range(5)})

    response = client.post(_edit_url(copy), data)

    assert "Een methode heeft minstens één stap nodig. Zet niet alle stappen op verwijderen." in _text(
        response
    )
    assert copy.steps.count() == 5


def test_edit_move_up_reorders_without_saving_and_keeps_typed_values(client, copy, begeleider):
    client.force_login(begeleider)
    data = _post_data(copy, action="up-2", **{"2-name": "Roddelen zonder inbrenger", "0-minutes": "999"})

    response = client.post(_edit_url(copy), data)

    text = _text(response)
    assert response.status_code == 200
    assert text.index('value="Roddelen zonder inbrenger"') < text.index('value="Verhelderende vragen"')
    assert 'value="999"' in text
    assert copy.steps.get(position=3).name == "Roddelen"  # nothing saved yet

    # Saving the moved form (with the minutes fixed) stores the new order.
    moved = _post_data(copy, **{"0-minutes": "10"})
    for field in ("id", "name", "instruction", "minutes", "speaker", "bringer_listens_only"):
        moved[f"stap-1-{field}"], moved[f"stap-2-{field}"] = (
            data.get(f"stap-2-{field}"),
            data.get(f"stap-1-{field}"),
        )
    moved = {key: value for key, value in moved.items() if value is not None}
    client.post(_edit_url(copy), moved)
    assert list(copy.steps.order_by("position").values_list("name", "bringer_listens_only")) == [
        ("Vraag inleiden", False),
        ("Roddelen zonder inbrenger", True),
        ("Verhelderende vragen", False),
        ("Terug in de kring", False),
        ("Evaluatie", False),
    ]


def test_edit_add_step_shows_a_new_empty_step_and_saves_it(client, copy, begeleider):
    client.force_login(begeleider)

    response = client.post(_edit_url(copy), _post_data(copy, action="add", **{"0-name": "Getypt"}))

    text = _text(response)
    assert 'name="stap-TOTAL_FORMS" value="6"' in text
    assert "Stap 6" in text
    assert 'value="Getypt"' in text
    assert copy.steps.count() == 5

    data = _post_data(copy)
    data.update(
        {
            "stap-TOTAL_FORMS": "6",
            "stap-INITIAL_FORMS": "6",
            "stap-5-id": "",
            "stap-5-name": "Napraten",
            "stap-5-instruction": "Hoe was het?",
            "stap-5-minutes": "5",
            "stap-5-speaker": Speaker.GROUP,
        }
    )
    client.post(_edit_url(copy), data)
    assert copy.steps.order_by("position").last().name == "Napraten"
    assert copy.steps.count() == 6


def test_edit_a_new_step_left_empty_gets_messages(client, copy, begeleider):
    client.force_login(begeleider)
    data = _post_data(copy)
    data.update(
        {
            "stap-TOTAL_FORMS": "6",
            "stap-INITIAL_FORMS": "6",
            "stap-5-minutes": "10",
            "stap-5-speaker": "group",
        }
    )

    response = client.post(_edit_url(copy), data)

    assert "Geef de stap een naam." in _text(response)
    assert copy.steps.count() == 5


@pytest.mark.parametrize("count", [1, 3])
def test_group_methods_query_count_is_fixed(
    client, group, member, begeleider, django_assert_num_queries, count
):
    for slug in ["roddelmethode", "balintmethode", "vijfstappenmethode"][:count]:
        method_copy(method=MethodTemplate.objects.get(group=None, slug=slug), group=group, by=begeleider)
    client.force_login(member)
    client.get(reverse("methods:library"))  # settle the session first

    with django_assert_num_queries(10):
        response = client.get(reverse("methods:group_list", args=[group.slug]))

    assert _text(response).count("gebaseerd op") == count


def test_edit_move_down_swaps_with_the_next_step(client, copy, begeleider):
    client.force_login(begeleider)

    response = client.post(_edit_url(copy), _post_data(copy, action="down-0"))

    text = _text(response)
    assert text.index('value="Verhelderende vragen"') < text.index('value="Vraag inleiden"')
