"""The public directory (directory/views.py with its filters.py): search with filters in the URL, bad
input, sorting, paging, HTMX and query counts; a group's public page with its register fit; the embed."""

import pytest
from django.urls import reverse

from intervisie.groups.enums import Audience, Format, Frequency, Province
from tests.factories import GroupFactory, MethodFactory, OrganisationFactory, UserFactory

SEARCH = "/groepen/"


def names(response) -> list[str]:
    return [g.name for g in response.context["groups"]]


@pytest.fixture
def directory(db):
    org = OrganisationFactory(name="Gezinshuiskracht")
    six = MethodFactory(name="Intervisie in zes fasen", slug="zes-fasen")
    incident = MethodFactory(name="Incidentmethode", slug="incidentmethode")
    return {
        "utrecht": GroupFactory(
            name="Utrecht Oost", organisation=org, methods=[six], cost_per_year=250, weekday=2, for_skj=True
        ),
        "zwolle": GroupFactory(
            name="Zwolle Avond",
            organisation=org,
            place="Zwolle",
            municipality="Zwolle",
            province=Province.OVERIJSSEL,
            latitude=52.5125,
            longitude=6.0944,
            methods=[incident],
            has_begeleider=False,
            cost_per_year=0,
            weekday=4,
            for_registerplein=True,
            # Four times a year, 90 minutes: 6 hours a year, too few for SKJ (12); Registerplein has no number.
            frequency=Frequency.QUARTERLY,
            meeting_minutes=90,
        ),
        "online": GroupFactory(
            name="Online Noord",
            organisation=org,
            format=Format.ONLINE,
            place="",
            municipality="",
            province="",
            latitude=None,
            longitude=None,
            audience=Audience.INTEGRAAL,
            cost_per_year=600,
            weekday=1,
            for_skj=True,
            for_registerplein=True,
        ),
        "amersfoort": GroupFactory(
            name="Amersfoort Ochtend",
            organisation=org,
            place="Amersfoort",
            province=Province.UTRECHT,
            latitude=52.155,
            longitude=5.3875,
            max_members=4,
            external_members=4,
            cost_per_year=900,
            weekday=2,
            meeting_minutes=45,  # shorter than any register's minimum
        ),
    }


def test_search_without_filters_lists_all_published_groups(client, directory):
    GroupFactory(name="Verborgen groep", is_published=False)
    response = client.get(SEARCH)
    assert sorted(names(response)) == ["Amersfoort Ochtend", "Online Noord", "Utrecht Oost", "Zwolle Avond"]
    assert "4 groepen gevonden" in response.content.decode()


def test_search_free_text_matches_name_place_and_organisation(client, directory):
    assert names(client.get(SEARCH, {"q": "zwolle"})) == ["Zwolle Avond"]
    assert len(names(client.get(SEARCH, {"q": "gezinshuiskracht"}))) == 4
    assert names(client.get(SEARCH, {"q": "utrecht oost"})) == ["Utrecht Oost"]


def test_search_by_province(client, directory):
    assert sorted(names(client.get(SEARCH, {"province": "UT"}))) == ["Amersfoort Ochtend", "Utrecht Oost"]


def test_search_by_province_can_include_online_groups(client, directory):
    result = names(client.get(SEARCH, {"province": "OV", "online": "on"}))
    assert sorted(result) == ["Online Noord", "Zwolle Avond"]


def test_search_by_distance_from_postcode_sorts_nearest_first(client, directory):
    response = client.get(SEARCH, {"near": "3511", "distance": "50", "sort": "distance"})
    assert names(response) == ["Utrecht Oost", "Amersfoort Ochtend"]
    assert [g.distance_km for g in response.context["groups"]] == [0, 19]


def test_search_by_distance_from_place_name_with_online(client, directory):
    response = client.get(SEARCH, {"near": "Zwolle", "distance": "25", "online": "on"})
    assert sorted(names(response)) == ["Online Noord", "Zwolle Avond"]


def test_search_filters_method_begeleider_register_day_cost_and_audience(client, directory):
    assert names(client.get(SEARCH, {"method": "zes-fasen"})) == ["Utrecht Oost"]
    assert names(client.get(SEARCH, {"begeleider": "no"})) == ["Zwolle Avond"]
    assert sorted(names(client.get(SEARCH, {"register": ["skj", "registerplein"]}))) == [
        "Online Noord",
        "Utrecht Oost",
    ]
    assert sorted(names(client.get(SEARCH, {"weekday": "2"}))) == ["Amersfoort Ochtend", "Utrecht Oost"]
    assert sorted(names(client.get(SEARCH, {"max_cost": "250"}))) == ["Utrecht Oost", "Zwolle Avond"]
    assert names(client.get(SEARCH, {"audience": "integraal"})) == ["Online Noord"]
    assert names(client.get(SEARCH, {"format": "online"})) == ["Online Noord"]


def test_search_open_places_hides_full_groups(client, directory):
    result = names(client.get(SEARCH, {"open_places": "on"}))
    assert "Amersfoort Ochtend" not in result
    assert len(result) == 3


def test_search_sorting(client, directory):
    assert names(client.get(SEARCH, {"sort": "cost"})) == [
        "Zwolle Avond",
        "Utrecht Oost",
        "Online Noord",
        "Amersfoort Ochtend",
    ]
    assert names(client.get(SEARCH, {"sort": "name"})) == [
        "Amersfoort Ochtend",
        "Online Noord",
        "Utrecht Oost",
        "Zwolle Avond",
    ]
    assert names(client.get(SEARCH, {"sort": "places"}))[-1] == "Amersfoort Ochtend"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"near": "12345"}, "near", "We kennen deze postcode niet"),
        ({"near": "0000"}, "near", "We kennen deze postcode niet"),
        ({"near": "Atlantis"}, "near", "We kennen de plaats 'Atlantis' niet"),
        ({"distance": "25"}, "near", "Vul een postcode of plaats in"),
        ({"province": "XX"}, "province", "Selecteer een geldige keuze"),
        ({"weekday": "9"}, "weekday", "Selecteer een geldige keuze"),
        ({"max_cost": "veel"}, "max_cost", "Voer een getal in"),
        ({"max_cost": "-5"}, "max_cost", "minstens 0"),
        ({"method": "bestaat-niet"}, "method", "Selecteer een geldige keuze"),
        ({"sort": "random"}, "sort", "Selecteer een geldige keuze"),
        ({"q": "x" * 101}, "q", "niet meer dan 100 tekens"),
        ({"begeleider": "misschien"}, "begeleider", "Selecteer een geldige keuze"),
    ],
)
def test_search_bad_input_shows_dutch_message_at_the_field(client, directory, params, field, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html


def test_search_bad_input_keeps_the_other_filters(client, directory):
    response = client.get(SEARCH, {"near": "Atlantis", "province": "OV"})
    assert names(response) == ["Zwolle Avond"]
    assert 'value="Atlantis"' in response.content.decode()


def test_search_paginates_with_filters_kept_in_links(client, db):
    org = OrganisationFactory()
    for i in range(25):
        GroupFactory(name=f"Groep {i:02d}", organisation=org)
    first = client.get(SEARCH, {"province": "UT", "sort": "name"})
    assert len(names(first)) == 20
    html = first.content.decode()
    assert "province=UT&amp;sort=name&amp;page=2" in html
    second = client.get(SEARCH, {"province": "UT", "sort": "name", "page": "2"})
    assert names(second) == [f"Groep {i:02d}" for i in range(20, 25)]
    assert names(client.get(SEARCH, {"page": "999"})) == names(second)  # out of range: last page
    assert names(client.get(SEARCH, {"page": "abc"}))[:1] == ["Groep 00"]


def test_search_empty_state_helps(client, directory):
    html = client.get(SEARCH, {"q": "onvindbaar"}).content.decode()
    assert "Geen groepen gevonden" in html
    assert "Alle filters wissen" in html


def test_search_htmx_request_returns_only_the_results(client, directory):
    response = client.get(SEARCH, {"province": "OV"}, headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["Vary"]  # caches keep fragment and page apart
    html = response.content.decode()
    assert "Zwolle Avond" in html
    assert "<html" not in html
    assert "1 groep gevonden" in html


@pytest.mark.parametrize("count", [1, 3])
def test_search_query_count_does_not_grow_with_results(client, db, django_assert_num_queries, count):
    org = OrganisationFactory()
    method = MethodFactory(name="Methode voor de telling", slug="methode-voor-de-telling")
    for i in range(count):
        GroupFactory(name=f"Groep {i}", organisation=org, methods=[method])
    # registers' rules + count + page + methods prefetch (+ method choices for the filter form)
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"province": "UT"})
    assert len(names(response)) == count


def test_group_page_shows_facts_and_join_action(client, directory):
    group = directory["utrecht"]
    response = client.get(reverse("directory:detail", kwargs={"slug": group.slug}))
    html = response.content.decode()
    assert "Utrecht Oost" in html
    assert "Intervisie in zes fasen" in html
    assert "De groep geeft zelf aan: past bij SKJ." in html
    assert reverse("groups:join", kwargs={"slug": group.slug}) in html
    assert "Er zijn 8 plekken vrij." in html


def test_group_page_full_group_offers_waitlist(client, directory):
    html = client.get(directory["amersfoort"].get_absolute_url()).content.decode()
    assert "Aanmelden voor de wachtlijst" in html


def test_unpublished_group_page_is_404_for_public_and_visible_for_manager(client, alice, organisation):
    group = GroupFactory(name="Concept", organisation=organisation, is_published=False)
    assert client.get(group.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert client.get(group.get_absolute_url()).status_code == 200


def test_unknown_group_is_404(client, db):
    assert client.get("/groepen/bestaat-niet/").status_code == 404


def test_embed_may_be_framed_only_by_configured_origins(client, directory, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://partner.example"]
    response = client.get("/embed/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://partner.example" in csp
    assert "X-Frame-Options" not in response.headers
    html = response.content.decode()
    assert 'target="_blank"' in html
    assert "Hoofdmenu" not in html  # minimal layout: no site navigation


def test_normal_pages_may_not_be_framed(client, directory):
    response = client.get(SEARCH)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_styles(client, directory):
    html = client.get(SEARCH).content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_group_page_shows_the_current_charter_to_members_only(client, alice, bob, charlie, group):
    from intervisie.groups import domain
    from intervisie.meetings.domain import charter_agree
    from tests.factories import CharterFactory

    membership = domain.membership_request(user=bob, group=group, motivation="Graag")
    domain.membership_accept(membership=membership, by=alice)
    CharterFactory(group=group, version=1, confidentiality="Oude afspraak.")
    current = CharterFactory(group=group, version=2, confidentiality="Wat hier gezegd wordt, blijft hier.")
    client.force_login(bob)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Wat hier gezegd wordt, blijft hier." in html
    assert "Oude afspraak." not in html
    assert "Je bent nog niet akkoord gegaan met deze versie." in html
    charter_agree(charter=current, user=bob)
    assert "Je bent akkoord gegaan op" in client.get(group.get_absolute_url()).content.decode()
    client.force_login(charlie)
    assert "Wat hier gezegd wordt" not in client.get(group.get_absolute_url()).content.decode()


# --- Register fit: derived from the registers' rules, the group's own claim only shown as such ----------


def test_search_register_filter_uses_the_rules_not_the_claim(client, directory):
    # Utrecht Oost claims only SKJ but meets Registerplein's rules too; Zwolle Avond claims
    # Registerplein and meets it; Amersfoort Ochtend claims nothing and meets nothing.
    assert sorted(names(client.get(SEARCH, {"register": "skj"}))) == ["Online Noord", "Utrecht Oost"]
    assert sorted(names(client.get(SEARCH, {"register": "registerplein"}))) == [
        "Online Noord",
        "Utrecht Oost",
        "Zwolle Avond",
    ]
    GroupFactory(name="Alleen beweerd", for_skj=True, for_registerplein=True, meeting_minutes=50)
    assert "Alleen beweerd" not in names(client.get(SEARCH, {"register": ["skj"]}))
    assert "Alleen beweerd" not in names(client.get(SEARCH, {"register": ["registerplein"]}))


def test_search_results_tag_the_registers_a_group_fits(client, directory):
    html = client.get(SEARCH, {"sort": "name"}).content.decode()
    tag = '<span class="tag"><span class="visually-hidden">Past bij de regels van </span>{}</span>'
    blocks = {name: html[html.index(f">{name}</a>") :] for name in ("Utrecht Oost", "Zwolle Avond")}
    utrecht = blocks["Utrecht Oost"][: blocks["Utrecht Oost"].index("</li>")]
    zwolle = blocks["Zwolle Avond"][: blocks["Zwolle Avond"].index("</li>")]
    assert tag.format("SKJ") in utrecht and tag.format("Registerplein") in utrecht
    assert tag.format("Registerplein") in zwolle and tag.format("SKJ") not in zwolle


def test_search_register_filter_paginates_in_the_database(client, db):
    org = OrganisationFactory()
    for i in range(22):
        GroupFactory(name=f"Past {i:02d}", organisation=org)
    for i in range(3):
        GroupFactory(name=f"Te kort {i}", organisation=org, meeting_minutes=45)
    first = client.get(SEARCH, {"register": "skj", "sort": "name"})
    assert first.context["page"].paginator.count == 22
    assert len(names(first)) == 20
    second = client.get(SEARCH, {"register": "skj", "sort": "name", "page": "2"})
    assert names(second) == ["Past 20", "Past 21"]


@pytest.mark.parametrize("count", [1, 3])
def test_search_register_filter_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    org = OrganisationFactory()
    for i in range(count):
        GroupFactory(name=f"Groep {i}", organisation=org, begeleider=UserFactory(supervisor_register="LVSC"))
    # registers' rules + count + page (with the begeleider joined) + methods prefetch + method choices
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"register": ["skj", "registerplein"]})
    assert len(names(response)) == count


def test_search_unknown_register_is_a_field_error(client, directory):
    response = client.get(SEARCH, {"register": "nip"})
    assert "Selecteer een geldige keuze" in " ".join(response.context["form"].errors["register"])


def test_group_page_explains_the_fit_per_register_and_shows_the_claim_as_a_claim(client, directory):
    html = client.get(directory["zwolle"].get_absolute_url()).content.decode()
    assert "De groep geeft zelf aan: past bij Registerplein." in html
    assert '<h2 id="register-fit-heading">Past de groep bij je register?</h2>' in html
    assert 'SKJ – jeugd- en gezinsprofessional: <span class="badge badge-closed">past niet</span>' in html
    assert 'Registerplein – Register Gezinshuisouders: <span class="badge badge-open">past</span>' in html
    assert (
        '<span class="badge badge-closed">voldoet niet</span> De groep komt vier keer per jaar samen, '
        "1,5 uur per keer: 6 uur per jaar. SKJ vraagt 60 uur in 5 jaar, dat is 12 uur per jaar."
    ) in html
    assert (
        '<span class="badge badge-waitlist">let op</span> De groep heeft geen begeleider. SKJ raadt een '
        "begeleider aan die staat ingeschreven bij LVSC, VGCT, NIP, NVO of NVRG."
    ) in html
    nothing = client.get(directory["amersfoort"].get_absolute_url()).content.decode()
    assert "De groep geeft zelf geen register op." in nothing


def test_group_page_query_count_with_register_fit(client, directory, django_assert_num_queries):
    # group (with organisation and begeleider) + methods + waitlist count + registers' rules
    with django_assert_num_queries(4):
        assert client.get(directory["utrecht"].get_absolute_url()).status_code == 200
