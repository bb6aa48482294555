"""The public API's programmes in recruitment (api/programmes.py): what partners may show on their own
sites, never a sign-up, a partner or a count of people."""

import datetime as dt

import pytest
from django.utils import timezone

from intervisie.programmes.enums import DateKind
from intervisie.programmes.models import ProgrammeDate
from tests.api.schema_check import answer_problems
from tests.factories import OrganisationFactory, make_partner, make_programme, make_signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    return make_programme(
        name="Buiten je bubbel Utrecht",
        description="Vijf gesprekken over samenwerken.",
        initiator=OrganisationFactory(name="Gemeente Utrecht", kind="gemeente", city="Utrecht"),
    )


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_list_shows_programmes_in_recruitment_only(client, programme):
    make_programme(name="Concept", status="draft")
    make_programme(name="Indelen", status="composing")
    response = client.get("/api/programmes")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert names(response) == ["Buiten je bubbel Utrecht"]
    assert response.json()["count"] == 1


def test_a_programme_carries_its_page_dates_questions_and_sign_up_pages(client, programme):
    item = client.get("/api/programmes").json()["items"][0]
    assert item["url"] == f"http://testserver/programmas/{programme.slug}/"
    assert item["theme"] == "SAMENWERKEN"
    assert item["leading_questions"][2] == "Wat kun je leren van elkaars rollen?"
    assert item["initiator"] == {
        "slug": programme.initiator.slug,
        "name": "Gemeente Utrecht",
        "kind": {"code": "gemeente", "label": "Gemeente"},
        "website": "",
    }
    assert item["signup_closes_on"] == programme.signup_closes_on.isoformat()
    assert [d["kind"]["code"] for d in item["dates"]] == ["information", "start"] + ["meeting"] * 5
    assert item["dates"][1]["kind"]["label"] == "Startbijeenkomst" and item["dates"][1]["group"] is None
    assert item["signup"] == [
        {
            "category": {"code": code, "label": label},
            "url": f"http://testserver/programmas/{programme.slug}/aanmelden/{code}/",
        }
        for code, label in [
            ("student", "Student"),
            ("professional", "Professional"),
            ("ouder", "Ouder"),
            ("jongere", "Jongere"),
        ]
    ]
    assert item["contact_email"] == programme.contact_email


def test_no_sign_up_or_partner_appears(client, programme):
    partner = make_partner(programme, name="Jeugdteam Oost", contact_email="lotte@jeugdteam.example.nl")
    make_signup(programme, "ouder", name="Mirjam Bos", email="mirjam@example.nl", partner=partner)
    body = client.get(f"/api/programmes/{programme.slug}").content.decode()
    for private in (
        "Mirjam",
        "mirjam@example.nl",
        "Jeugdteam Oost",
        "lotte@",
        partner.code,
        partner.invite_token,
    ):
        assert private not in body


def test_a_groups_own_date_names_the_group(client, programme):
    group = programme.groups.get(position=1)
    start = timezone.now() + dt.timedelta(days=200)
    ProgrammeDate.objects.create(
        programme=programme,
        kind=DateKind.MEETING,
        group=group,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    dates = client.get(f"/api/programmes/{programme.slug}").json()["dates"]
    assert [d["group"] for d in dates if d["group"]] == ["Groep B"]
    assert sum(d["group"] is None for d in dates) == 7


def test_list_searches_and_pages(client, programme):
    make_programme(
        name="Bubbel Zwolle", initiator=OrganisationFactory(name="Gemeente Zwolle", kind="gemeente")
    )
    assert names(client.get("/api/programmes?q=zwolle")) == ["Bubbel Zwolle"]
    # A NUL byte is no part of any text (and PostgreSQL refuses it in a query).
    assert names(client.get("/api/programmes?q=zwol%00le")) == ["Bubbel Zwolle"]
    first = client.get("/api/programmes?page_size=1").json()
    assert (first["count"], first["num_pages"], len(first["items"])) == (2, 2, 1)
    assert first["next"] == "http://testserver/api/programmes?page_size=1&page=2"
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["next"] is None and len(second["items"]) == 1
    assert {first["items"][0]["name"], second["items"][0]["name"]} == {
        "Buiten je bubbel Utrecht",
        "Bubbel Zwolle",
    }


@pytest.mark.parametrize(
    ("query", "loc", "message"),
    [
        ("page=0", ["query", "page"], "Vul 1 of meer in."),
        ("page_size=500", ["query", "page_size"], "Vul 100 of minder in."),
        ("page=een", ["query", "page"], "Vul een heel getal in."),
        ("q=" + "x" * 101, ["query", "q"], "Gebruik hoogstens 100 tekens."),
    ],
)
def test_bad_parameters_get_a_dutch_message(client, document, programme, query, loc, message):
    response = client.get(f"/api/programmes?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert response.json()["detail"][0]["msg"] == message
    assert answer_problems(document, "/api/programmes", response) == []


@pytest.mark.parametrize("status", ["draft", "composing"])
def test_detail_of_a_programme_not_in_recruitment_is_not_found(client, status):
    other = make_programme(status=status)
    response = client.get(f"/api/programmes/{other.slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Dit programma bestaat niet of zoekt nu geen deelnemers."}


@pytest.mark.parametrize("slug", ["onbekend", "abc%00def", "a" * 10_000, "%20"])
def test_detail_with_an_unknown_or_malformed_slug_is_not_found(client, document, slug):
    response = client.get(f"/api/programmes/{slug}")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert answer_problems(document, "/api/programmes/{slug}", response) == []


def test_answers_fit_the_openapi_document(client, document, programme):
    programme.contact_phone = "030-1234567"
    programme.save(update_fields=["contact_phone"])
    assert answer_problems(document, "/api/programmes", client.get("/api/programmes")) == []
    detail = client.get(f"/api/programmes/{programme.slug}")
    assert detail.status_code == 200
    assert answer_problems(document, "/api/programmes/{slug}", detail) == []


@pytest.mark.parametrize("amount", [1, 3])
def test_list_query_count_does_not_grow_with_programmes(client, django_assert_num_queries, amount):
    for _n in range(amount):
        make_programme(group_count=1, meetings=2)
    # the count, the page (initiator joined) and the dates of the whole page (with their group)
    with django_assert_num_queries(3):
        response = client.get("/api/programmes")
    assert response.json()["count"] == amount
