import json
import re
from datetime import date, time
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders

from intervisie.groups.domain import membership_request
from intervisie.groups.enums import Audience, Format, Province
from intervisie.groups.models import Method
from tests.api.schema_check import answer_problems, problems
from tests.factories import GroupFactory, MethodFactory, OrganisationFactory, UserFactory, make_programme

pytestmark = pytest.mark.django_db


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_group_list_shows_published_groups_only(client, group):
    GroupFactory(name="Verborgen groep", is_published=False)
    response = client.get("/api/groups")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["count"] == 1
    assert names(response) == ["Intervisie Utrecht Oost"]
    item = body["items"][0]
    assert item["slug"] == group.slug
    assert item["url"] == f"http://testserver/groepen/{group.slug}/"
    assert item["organisation"] == {
        "slug": "gezinshuis-netwerk-midden",
        "name": "Gezinshuis Netwerk Midden",
        "kind": {"code": "zorgaanbieder", "label": "Zorgaanbieder"},
        "website": "",
    }
    assert item["province"] == {"code": "UT", "label": "Utrecht"}
    assert item["status"]["code"] == "open"
    assert item["open_places"] == 6
    assert item["weekday"] == {"code": 2, "label": "dinsdag"}


def test_group_list_filters_like_the_search_page(client, organisation):
    intervisie = MethodFactory(name="Incidentmethode")
    GroupFactory(
        name="Zwolle avond",
        organisation=organisation,
        place="Zwolle",
        province=Province.OVERIJSSEL,
        latitude=52.5125,
        longitude=6.0944,
        weekday=1,
        cost_per_year=Decimal("300"),
        methods=[intervisie],
        for_skj=True,
    )
    GroupFactory(
        name="Online GHO",
        organisation=organisation,
        format=Format.ONLINE,
        place="",
        province="",
        latitude=None,
        longitude=None,
        has_begeleider=False,
        audience=Audience.JEUGDZORGWERKERS,
    )
    GroupFactory(
        name="Utrecht vol",
        organisation=organisation,
        min_members=2,
        max_members=2,
        external_members=2,
        has_waitlist=False,
        cost_per_year=Decimal("50"),
    )

    def search(query):
        response = client.get(f"/api/groups?{query}&sort=name")
        assert response.status_code == 200, response.content
        return names(response)

    assert search("province=OV") == ["Zwolle avond"]
    assert search("province=OV&online=true") == ["Online GHO", "Zwolle avond"]
    assert search("format=online") == ["Online GHO"]
    assert search("audience=jeugdzorgwerkers") == ["Online GHO"]
    assert search("method=incidentmethode") == ["Zwolle avond"]
    assert search("begeleider=no") == ["Online GHO"]
    # Derived from SKJ's rules, not the group's own flag: "Utrecht vol" is too small a group (two places).
    assert search("register=skj") == ["Online GHO", "Zwolle avond"]
    assert search("open_places=true") == ["Online GHO", "Zwolle avond"]
    assert search("weekday=1&weekday=3") == ["Zwolle avond"]
    assert search("max_cost=100") == ["Online GHO", "Utrecht vol"]
    assert search("q=zwolle") == ["Zwolle avond"]
    assert search("near=8011&distance=10") == ["Zwolle avond"]
    assert search("near=Utrecht&distance=25") == ["Utrecht vol"]


def test_group_list_sorts_by_distance_from_a_place(client, organisation):
    GroupFactory(
        name="A Zwolle", organisation=organisation, place="Zwolle", latitude=52.5125, longitude=6.0944
    )
    GroupFactory(name="B Utrecht", organisation=organisation)
    response = client.get("/api/groups?near=Amersfoort&sort=distance")
    assert names(response) == ["B Utrecht", "A Zwolle"]


@pytest.mark.parametrize(
    ("query", "loc", "message"),
    [
        ("province=XX", ["query", "province", 0], "Onbekende waarde. Kies uit: 'DR', 'FL'"),
        ("weekday=9", ["query", "weekday", 0], "Onbekende waarde. Kies uit: 1, 2, 3, 4, 5, 6, 7."),
        ("distance=7&near=Zwolle", ["query", "distance"], "Onbekende waarde. Kies uit: 10, 25, 50, 100."),
        ("max_cost=veel", ["query", "max_cost"], "Vul een getal in"),
        ("max_cost=-5", ["query", "max_cost"], "Vul 0 of meer in."),
        ("open_places=misschien", ["query", "open_places"], "Vul true of false in."),
        ("page=0", ["query", "page"], "Vul 1 of meer in."),
        ("page_size=500", ["query", "page_size"], "Vul 100 of minder in."),
        ("q=" + "x" * 101, ["query", "q"], "Gebruik hoogstens 100 tekens."),
        ("method=bestaat-niet", ["query", "method"], "bestaat-niet is geen beschikbare keuze"),
        ("near=Nergenshuizen", ["query", "near"], "We kennen de plaats 'Nergenshuizen' niet."),
        ("distance=25", ["query", "near"], "Vul een postcode of plaats in om op afstand te zoeken."),
        ("sort=distance", ["query", "near"], "Vul een postcode of plaats in om op afstand te sorteren."),
    ],
)
def test_group_list_rejects_bad_filter_values_with_a_clear_message(client, group, query, loc, message):
    response = client.get(f"/api/groups?{query}")
    assert response.status_code == 422
    assert response["Access-Control-Allow-Origin"] == "*"
    detail = response.json()["detail"]
    assert len(detail) == 1
    assert detail[0]["loc"] == loc
    assert message in detail[0]["msg"]


def test_group_list_paginates_with_links(client, organisation):
    for n in range(5):
        GroupFactory(name=f"Groep {n}", organisation=organisation)
    first = client.get("/api/groups?sort=name&page_size=2").json()
    assert (first["count"], first["page"], first["num_pages"]) == (5, 1, 3)
    assert [g["name"] for g in first["items"]] == ["Groep 0", "Groep 1"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/groups?sort=name&page_size=2&page=2"
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [g["name"] for g in last["items"]] == ["Groep 4"]
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/groups?sort=name&page_size=2&page=2"
    beyond = client.get("/api/groups?page=9").json()
    assert beyond["items"] == [] and beyond["count"] == 5


@pytest.mark.parametrize("amount", [1, 3])
def test_group_list_query_count_does_not_grow_with_groups(client, django_assert_num_queries, amount):
    method = MethodFactory(name="Balintmethode")
    begeleider = UserFactory(name="Bea Begeleider")
    for _n in range(amount):
        GroupFactory(methods=[method], begeleider=begeleider)
    # the method filter checks its slugs, then: count, the page (organisation and begeleider
    # joined), the methods of the whole page and the registers' rules (for every group's register fit)
    with django_assert_num_queries(5):
        response = client.get("/api/groups?method=balintmethode")
    assert response.json()["count"] == amount


def test_group_detail_shows_one_published_group(client, group):
    response = client.get(f"/api/groups/{group.slug}")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["name"] == "Intervisie Utrecht Oost"


def test_group_detail_unknown_or_unpublished_is_404(client, group):
    hidden = GroupFactory(name="Nog niet klaar", is_published=False)
    for slug in ("bestaat-niet", hidden.slug):
        response = client.get(f"/api/groups/{slug}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Deze groep bestaat niet of staat niet in het overzicht."}
        assert response["Access-Control-Allow-Origin"] == "*"


def test_api_never_shows_members_or_account_data(client, group, bob, alice):
    begeleider = UserFactory(email="bea.privé@example.nl", name="", roles=["begeleider"])
    group.begeleider = begeleider
    group.contact_email = "groep@gezinshuisnetwerk.nl"
    group.save()
    membership_request(user=bob, group=group, motivation="Ik zoek een groep in de buurt van Utrecht.")
    bodies = [
        client.get(url).content.decode()
        for url in ("/api/groups", f"/api/groups/{group.slug}", "/api/organisations", "/api/methods")
    ]
    for body in bodies:
        for private in (
            "bob@example.nl",
            "Bob de Vries",
            "Ik zoek een groep",
            "bea.privé@example.nl",
            "alice@example.nl",
            "Alice Jansen",
            "motivation",
            "memberships",
            "managers",
        ):
            assert private not in body
    detail = json.loads(bodies[1])
    assert detail["contact_email"] == "groep@gezinshuisnetwerk.nl"  # the group's contact is public
    assert detail["begeleider_name"] == ""
    assert detail["current_members"] == 0


def test_organisation_list_shows_organisations_with_published_groups(client, group):
    OrganisationFactory(name="Zonder groepen")
    hidden_only = OrganisationFactory(name="Alleen verborgen")
    GroupFactory(organisation=hidden_only, is_published=False)
    GroupFactory(organisation=group.organisation, is_published=False)
    response = client.get("/api/organisations")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "gezinshuis-netwerk-midden",
            "name": "Gezinshuis Netwerk Midden",
            "kind": {"code": "zorgaanbieder", "label": "Zorgaanbieder"},
            "website": "",
            "city": "Utrecht",
            "email": "",
            "description": "",
            "group_count": 1,
        }
    ]


def test_method_list_gives_the_librarys_methods_for_the_filter(client):
    # The library's methods are in every database (methods migration 0003); a method outside the
    # library (left from before the directory followed it) is not offered.
    MethodFactory(name="Roos van Leary", summary="Over gedrag en houding.")
    response = client.get("/api/methods")
    body = response.json()
    slugs = [m["slug"] for m in body]
    assert "incidentmethode" in slugs and "roos-van-leary" not in slugs
    assert slugs == list(Method.objects.in_library().order_by("name").values_list("slug", flat=True))
    assert response["Access-Control-Allow-Origin"] == "*"


def test_group_records_carry_the_derived_register_fit_with_reasons(client, group):
    record = client.get(f"/api/groups/{group.slug}").json()
    fits = {fit["code"]: fit for fit in record["register_fit"]}
    skj = fits["skj-jeugd-en-gezinsprofessional"]
    assert skj["body"] == "SKJ" and isinstance(skj["fits"], bool)
    assert skj["reasons"] and {r["verdict"] for r in skj["reasons"]} <= {"meets", "fails", "note"}
    # The group's own flag stays, as its claim.
    assert record["for_skj"] is False


def _resolve(schema, ref):
    node = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_openapi_schema_is_valid_and_every_path_answers(client, group):
    programme = make_programme()
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = response.json()
    assert re.match(r"^3\.\d+\.\d+$", schema["openapi"])
    assert schema["info"]["title"] == "Intervisiewijzer API"
    assert set(schema["paths"]) == {
        "/api/groups",
        "/api/groups/{slug}",
        "/api/organisations",
        "/api/methods",
        "/api/programmes",
        "/api/programmes/{slug}",
    }
    refs = re.findall(r'"\$ref": "([^"]+)"', response.content.decode())
    assert refs
    for ref in refs:
        assert _resolve(schema, ref)  # every reference points at a component
    operation_ids = set()
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, "the API is read-only"
        operation = operations["get"]
        assert operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert operation["operationId"] not in operation_ids
        operation_ids.add(operation["operationId"])
        url = path.replace("{slug}", programme.slug if path.startswith("/api/programmes") else group.slug)
        assert client.get(url).status_code == 200
        assert client.get(path.replace("{slug}", "onbekend")).status_code < 500
    params = {p["name"] for p in schema["paths"]["/api/groups"]["get"]["parameters"]}
    assert {
        "q",
        "province",
        "format",
        "audience",
        "method",
        "begeleider",
        "register",
        "open_places",
        "weekday",
        "max_cost",
        "near",
        "distance",
        "page",
        "page_size",
    } <= params


def test_api_docs_page_uses_local_files_under_the_strict_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assets = [s for s in sources if s.startswith("/static/")]
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-init.js",
    }
    assert all(s.startswith("/") for s in sources), sources
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not served"
    assert "<style" not in html and "style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp


# --- The answers agree with the OpenAPI document (issue 10) ---------------------------------------------


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def test_every_kind_of_answer_fits_the_openapi_document(client, document, group):
    group.start_time = time(14, 0)
    group.start_date = date(2026, 9, 1)
    group.begeleider_name = "Bea Begeleider"
    group.has_begeleider = True
    group.save()
    group.methods.add(MethodFactory(name="Incidentmethode", summary="Eén situatie, stap voor stap."))
    GroupFactory(name="Zonder tijden", organisation=group.organisation, start_time=None, weekday=None)
    answers = {
        "/api/groups": [
            client.get("/api/groups"),
            client.get("/api/groups?province=XX&page=0"),  # 422 with two problems
        ],
        "/api/groups/{slug}": [client.get(f"/api/groups/{group.slug}"), client.get("/api/groups/onbekend")],
        "/api/organisations": [client.get("/api/organisations")],
        "/api/methods": [client.get("/api/methods")],
    }
    statuses = [response.status_code for responses in answers.values() for response in responses]
    assert statuses == [200, 422, 200, 404, 200, 200]
    for path, responses in answers.items():
        for response in responses:
            assert answer_problems(document, path, response) == []
    detail = answers["/api/groups/{slug}"][0].json()
    assert detail["start_time"] == "14:00:00"
    assert detail["start_date"] == "2026-09-01"


def test_start_time_is_documented_as_a_clock_time_without_offset(document):
    schema = document["components"]["schemas"]["GroupOut"]["properties"]["start_time"]
    text = schema["anyOf"][0]
    assert text["type"] == "string"
    assert "format" not in text  # format "time" would promise an offset (RFC 3339)
    assert re.match(text["pattern"], "19:30:00")
    assert not re.match(text["pattern"], "19:30:00+01:00")
    assert "zonder tijdzone" in schema["description"]


def test_schema_check_catches_a_time_without_offset_where_format_time_is_promised(document):
    """The checker itself: what the document used to say (format "time") and what the API sent."""
    assert problems(document, {"type": "string", "format": "time"}, "14:00:00") == [
        "$: '14:00:00' is not a time (RFC 3339)"
    ]
    assert problems(document, {"type": "string", "format": "time"}, "14:00:00+01:00") == []


def test_group_list_treats_an_empty_method_as_no_filter(client, document, organisation):
    method = MethodFactory(name="Incidentmethode")
    GroupFactory(name="Met methode", organisation=organisation, methods=[method])
    GroupFactory(name="Zonder methode", organisation=organisation)
    everything = client.get("/api/groups?method=&sort=name")
    assert everything.status_code == 200
    assert names(everything) == ["Met methode", "Zonder methode"]
    assert answer_problems(document, "/api/groups", everything) == []
    assert names(client.get("/api/groups?method=&method=incidentmethode")) == ["Met methode"]


@pytest.mark.parametrize("slug", ["abc%00def", "abc%ff", "abc%c3", "a" * 10_000, "%20", "groep%0a"])
def test_group_detail_with_a_malformed_slug_is_not_found(client, document, group, slug):
    response = client.get(f"/api/groups/{slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Deze groep bestaat niet of staat niet in het overzicht."}
    assert response["Access-Control-Allow-Origin"] == "*"
    assert answer_problems(document, "/api/groups/{slug}", response) == []


def test_api_root_leads_to_the_documentation(client):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs"
    assert client.get(response["Location"]).status_code == 200
