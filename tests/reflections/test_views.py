"""The reflection and evaluation page, the begeleider's shared reflections, the evaluation trend, the
personal list and the reflectieverslag PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from intervisie.groups.enums import MembershipState
from intervisie.reflections import domain
from intervisie.reflections.models import Evaluation, Reflection
from tests.factories import MembershipFactory, UserFactory, past_meeting

TEXTS = {
    "methods_text": "Ik stelde open vragen aan de ouders.",
    "values_text": "Ik vind de stem van het kind het belangrijkst.",
    "personal_text": "Ik merkte dat ik boos werd en wil daar rustiger mee omgaan.",
}


def _page(meeting) -> str:
    return reverse("reflections:meeting", args=[meeting.pk])


def _reflect(meeting, user, *, shared=False, **texts):
    return domain.reflection_save(
        meeting=meeting, user=user, shared_with_begeleider=shared, **{**TEXTS, **texts}
    )


def _evaluate(meeting, user, how, method):
    return domain.evaluation_save(
        meeting=meeting,
        user=user,
        how_it_went=how,
        method_rating=method,
        still_bothers=f"Zorg van {user.name}",
        will_do=f"Plan van {user.name}",
    )


# --- The meeting page: writing -------------------------------------------------------------------------


def test_meeting_page_member_sees_both_forms_private_by_default(client, member, meeting):
    client.force_login(member)
    response = client.get(_page(meeting))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Reflectie op Intervisie oktober</h1>" in html
    assert "Methoden en technieken" in html
    assert "Normen en waarden" in html
    assert "Persoonlijk: denken, voelen, willen" in html
    assert "Wat je hier schrijft is privé, tenzij je het deelt met de begeleider." in html
    assert 'name="shared_with_begeleider"' in html
    assert 'name="shared_with_begeleider" checked' not in html
    assert "Hoe vond je de methode?" in html


def test_meeting_page_post_reflection_saves_private(client, member, meeting):
    client.force_login(member)
    response = client.post(_page(meeting), {"form": "reflection", **TEXTS}, follow=True)

    assert "Je reflectie is bewaard. Alleen jij kunt hem lezen." in response.content.decode()
    reflection = Reflection.objects.get(user=member, meeting=meeting)
    assert reflection.shared_with_begeleider is False
    assert reflection.values_text == TEXTS["values_text"]
    # Coming back, the texts are filled in.
    assert TEXTS["personal_text"] in response.content.decode()


def test_meeting_page_post_reflection_shared(client, member, meeting):
    client.force_login(member)
    response = client.post(
        _page(meeting), {"form": "reflection", "shared_with_begeleider": "on", **TEXTS}, follow=True
    )

    assert "Je reflectie is bewaard en gedeeld met de begeleider." in response.content.decode()
    assert Reflection.objects.get().shared_with_begeleider is True


def test_meeting_page_reflection_too_long_keeps_typed_text(client, member, meeting):
    client.force_login(member)
    too_long = "a" * 3001
    response = client.post(
        _page(meeting), {"form": "reflection", "methods_text": too_long, "values_text": "Mijn waarden"}
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert "Dit is te lang: gebruik hoogstens 3000 tekens (nu 3001)." in html
    assert too_long in html
    assert "Mijn waarden" in html
    assert not Reflection.objects.exists()


def test_meeting_page_reflection_all_empty_shows_message(client, member, meeting):
    client.force_login(member)
    response = client.post(_page(meeting), {"form": "reflection", "shared_with_begeleider": "on"})

    assert response.status_code == 400
    assert "Schrijf bij minstens één van de drie onderdelen iets." in response.content.decode()
    assert not Reflection.objects.exists()


def test_meeting_page_post_evaluation_saves(client, member, meeting):
    client.force_login(member)
    response = client.post(
        _page(meeting),
        {
            "form": "evaluation",
            "how_it_went": "4",
            "method_rating": "5",
            "still_bothers": "",
            "will_do": "Rust nemen",
        },
        follow=True,
    )

    assert "Dank je wel. Je evaluatie is bewaard." in response.content.decode()
    evaluation = Evaluation.objects.get()
    assert (evaluation.how_it_went, evaluation.method_rating, evaluation.will_do) == (4, 5, "Rust nemen")


@pytest.mark.parametrize("score", ["0", "6", "", "vier"])
def test_meeting_page_evaluation_bad_score_keeps_typed_values(client, member, meeting, score):
    client.force_login(member)
    response = client.post(
        _page(meeting),
        {
            "form": "evaluation",
            "how_it_went": score,
            "method_rating": "3",
            "will_do": "Mijn plan",
            "still_bothers": "Mijn zorg",
        },
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert "Kies een cijfer van 1 tot en met 5." in html
    assert "Mijn plan" in html
    assert "Mijn zorg" in html
    assert (
        '<input type="radio" name="method_rating" value="3" id="id_method_rating_2" required checked>' in html
    )
    assert not Evaluation.objects.exists()


def test_meeting_page_evaluation_text_too_long_keeps_scores(client, member, meeting):
    client.force_login(member)
    response = client.post(
        _page(meeting),
        {"form": "evaluation", "how_it_went": "2", "method_rating": "3", "will_do": "x" * 1001},
    )

    assert response.status_code == 400
    assert "Dit is te lang: gebruik hoogstens 1000 tekens (nu 1001)." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_meeting_page_future_meeting_cannot_be_written(client, member, guided_group):
    future = past_meeting(guided_group, days_ago=-3)
    client.force_login(member)
    html = client.get(_page(future)).content.decode()
    assert "Je kunt pas iets schrijven als de bijeenkomst begonnen is." in html
    assert 'name="methods_text"' not in html

    client.post(_page(future), {"form": "reflection", **TEXTS})
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("who", ["begeleider", "alice", "charlie"])
def test_meeting_page_non_participants_get_404(client, member, meeting, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_page(meeting)).status_code == 404
    assert client.post(_page(meeting), {"form": "reflection", **TEXTS}).status_code == 404
    assert not Reflection.objects.exists()


def test_meeting_page_other_participant_never_sees_someones_reflection(client, member, danielle, meeting):
    _reflect(meeting, member, shared=True)
    client.force_login(danielle)
    html = client.get(_page(meeting)).content.decode()

    assert TEXTS["personal_text"] not in html
    assert "Wat je hier schrijft is privé" in html


def test_meeting_page_unknown_meeting_404(client, member):
    client.force_login(member)
    assert client.get(reverse("reflections:meeting", args=[999999])).status_code == 404


def test_meeting_page_anonymous_redirects_to_login(client, meeting):
    response = client.get(_page(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Shared reflections for the begeleider ------------------------------------------------------------


def _shared_url(group) -> str:
    return reverse("reflections:shared", args=[group.slug])


def test_shared_begeleider_sees_only_shared_reflections(
    client, begeleider, member, danielle, meeting, guided_group
):
    _reflect(meeting, member, shared=True, personal_text="Gedeeld door Bob")
    _reflect(meeting, danielle, shared=False, personal_text="Privé van Daniëlle")
    client.force_login(begeleider)
    html = client.get(_shared_url(guided_group)).content.decode()

    assert "Gedeeld door Bob" in html
    assert "Bob de Vries · Intervisie oktober" in html
    assert "Privé van Daniëlle" not in html
    assert "Daniëlle" not in html


def test_shared_begeleider_does_not_see_unshared_reflection(
    client, begeleider, member, meeting, guided_group
):
    _reflect(meeting, member, shared=False)
    client.force_login(begeleider)
    html = client.get(_shared_url(guided_group)).content.decode()

    assert "Er zijn nog geen reflecties met je gedeeld." in html
    assert TEXTS["personal_text"] not in html


@pytest.mark.parametrize("who", ["member", "alice", "charlie"])
def test_shared_others_get_404(client, meeting, guided_group, who, request, member):
    _reflect(meeting, member, shared=True)
    client.force_login(request.getfixturevalue(who))
    assert client.get(_shared_url(guided_group)).status_code == 404


# --- Evaluation trend -------------------------------------------------------------------------------


def _trend_url(group) -> str:
    return reverse("reflections:evaluations", args=[group.slug])


def _more_members(group, count):
    people = []
    for i in range(count):
        person = UserFactory(name=f"Extra Lid {i}")
        MembershipFactory(user=person, group=group, state=MembershipState.MEMBER)
        people.append(person)
    return people


def test_trend_four_answers_shows_no_averages(client, begeleider, member, danielle, meeting, guided_group):
    """Four is below the platform's anonymity floor (MIN_GROUP_SIZE = 5)."""
    _evaluate(meeting, member, 5, 1)
    _evaluate(meeting, danielle, 3, 2)
    for person in _more_members(guided_group, 2):
        _evaluate(meeting, person, 4, 3)
    client.force_login(begeleider)
    html = client.get(_trend_url(guided_group)).content.decode()

    assert "te weinig antwoorden om te tonen" in html
    assert "<td>4</td>" in html
    assert "<meter" not in html
    for text in ("Bob de Vries", "Daniëlle", "Zorg van", "Plan van"):
        assert text not in html


def test_trend_five_answers_shows_averages_without_names(
    client, begeleider, member, danielle, eva, meeting, guided_group
):
    _evaluate(meeting, member, 5, 1)
    _evaluate(meeting, danielle, 3, 2)
    _evaluate(meeting, eva, 4, 4)
    one, two = _more_members(guided_group, 2)
    _evaluate(meeting, one, 4, 3)
    _evaluate(meeting, two, 4, 5)
    client.force_login(begeleider)
    html = client.get(_trend_url(guided_group)).content.decode()

    assert "te weinig antwoorden om te tonen" not in html
    assert "<td>5</td>" in html
    assert '<meter min="1" max="5" value="4.0" aria-hidden="true"></meter> 4,0' in html
    assert '<meter min="1" max="5" value="3.0" aria-hidden="true"></meter> 3,0' in html
    for text in ("Bob de Vries", "Daniëlle", "Eva Smit", "Extra Lid", "Zorg van", "Plan van"):
        assert text not in html


def test_trend_planner_and_organisation_manager_see_it(client, alice, member, meeting, guided_group):
    planner = UserFactory(name="Piet Planner")
    MembershipFactory(user=planner, group=guided_group, state=MembershipState.MEMBER, is_planner=True)
    for user in (planner, alice):
        client.force_login(user)
        html = client.get(_trend_url(guided_group)).content.decode()
        assert "<h1>Evaluaties van Intervisie Utrecht Oost</h1>" in html


@pytest.mark.parametrize("who", ["member", "charlie"])
def test_trend_member_and_outsider_get_404(client, guided_group, who, request, member):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_trend_url(guided_group)).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_trend_query_count_constant(
    client, begeleider, member, guided_group, count, django_assert_num_queries
):
    for i in range(count):
        meeting = past_meeting(guided_group, days_ago=10 + i)
        _evaluate(meeting, member, 4, 4)
    client.force_login(begeleider)
    # session, user, roles, MFA check, group, the trend (one aggregate query), two navigation checks
    with django_assert_num_queries(8):
        response = client.get(_trend_url(guided_group))
    assert response.content.decode().count("te weinig antwoorden om te tonen") == count


# --- Personal list and reflectieverslag ----------------------------------------------------------------


def test_mine_lists_own_reflections_with_report_link(client, member, danielle, meeting, guided_group):
    _reflect(meeting, member, shared=True)
    _reflect(meeting, danielle)
    client.force_login(member)
    html = client.get(reverse("reflections:mine")).content.decode()

    assert "<h1>Mijn reflecties</h1>" in html
    assert "Intervisie oktober" in html
    assert "gedeeld met de begeleider" in html
    assert reverse("reflections:report_pdf", args=[guided_group.slug]) in html


def test_mine_empty(client, charlie):
    client.force_login(charlie)
    assert (
        "Je hebt nog geen reflecties geschreven." in client.get(reverse("reflections:mine")).content.decode()
    )


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_report_pdf_contains_dimensions_and_own_texts_only(client, member, danielle, meeting, guided_group):
    _reflect(meeting, member, personal_text="Ik wil rustiger reageren.")
    _reflect(meeting, danielle, personal_text="Tekst van Daniëlle")
    client.force_login(member)
    response = client.get(reverse("reflections:report_pdf", args=[guided_group.slug]))

    assert response["Content-Type"] == "application/pdf"
    assert f'filename="reflectieverslag-{guided_group.slug}.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "Reflectieverslag" in text
    assert "Bob de Vries" in text
    assert "Methoden en technieken (technisch-instrumenteel)" in text
    assert "Normen en waarden (normatief)" in text
    assert "Persoonlijk: denken, voelen, willen" in text
    assert "Ik wil rustiger reageren." in text
    assert TEXTS["methods_text"] in text
    assert "Tekst van Dani" not in text


def test_report_pdf_period_filter(client, member, guided_group):
    old = past_meeting(guided_group, days_ago=200, title="Oude bijeenkomst")
    _reflect(old, member, personal_text="Oude reflectie")
    client.force_login(member)
    start = (old.starts_at.date().replace(day=1)).isoformat()
    url = reverse("reflections:report_pdf", args=[guided_group.slug])

    assert "Oude reflectie" in _pdf_text(client.get(url, {"start": start}).content)
    later = _pdf_text(client.get(url, {"start": "2999-01-01"}).content)
    assert "Er zijn in deze periode geen reflecties geschreven." in later
    # A wrong date is ignored rather than failing.
    assert client.get(url, {"start": "morgen"}).status_code == 200


@pytest.mark.parametrize("who", ["begeleider", "alice", "charlie"])
def test_report_pdf_non_participants_get_404(client, member, meeting, guided_group, who, request):
    _reflect(meeting, member)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reflections:report_pdf", args=[guided_group.slug])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_shared_query_count_constant(
    client, begeleider, member, guided_group, count, django_assert_num_queries
):
    for i in range(count):
        _reflect(past_meeting(guided_group, days_ago=10 + i), member, shared=True)
    client.force_login(begeleider)
    # session, user, roles, MFA check, group, the shared reflections (one query), two navigation checks
    with django_assert_num_queries(8):
        response = client.get(_shared_url(guided_group))
    assert response.content.decode().count('class="card shared-reflection"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_mine_query_count_constant(client, member, guided_group, count, django_assert_num_queries):
    for i in range(count):
        _reflect(past_meeting(guided_group, days_ago=10 + i), member)
    client.force_login(member)
    # session, user, roles, the reflections with meeting and group (one query), navigation checks
    with django_assert_num_queries(6):
        response = client.get(reverse("reflections:mine"))
    assert response.content.decode().count('<li><a href="/reflectie/bijeenkomst/') == count
