"""Searching the directory with filters and opening a group, in a real browser."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PHONE, check_at_viewports, screenshot
from tests.factories import GroupFactory, OrganisationFactory

ZWOLLE = {"latitude": 52.5125, "longitude": 6.0944}
# What test_search_with_filters_* types and ticks, and what the shared URL must hold (nothing else).
EXPECTED_QUERY = {
    "near": ["8011"],
    "distance": ["25"],
    "begeleider": ["yes"],
    "province": ["OV"],
    "open_places": ["on"],
    "sort": ["relevance"],
}


@pytest.fixture
def groups_around_zwolle(live_server):
    """Two groups that match the search below, and one group that each filter leaves out."""
    organisation = OrganisationFactory(name="Gezinshuis Netwerk Overijssel")

    def group(name, **kwargs):
        fields = {
            "organisation": organisation,
            "place": "Zwolle",
            "municipality": "Zwolle",
            "province": "OV",
            **ZWOLLE,
            "has_begeleider": True,
            **kwargs,
        }
        return GroupFactory(name=name, **fields)

    return {
        "centrum": group(
            "Intervisie Zwolle Centrum",
            begeleider_name="Marieke de Boer",
            description="We bespreken elke zes weken een vraag uit de praktijk van het gezinshuis.",
        ),
        "zuid": group("Gezinshuizen Zwolle-Zuid", latitude=52.49, longitude=6.10),
        "no_begeleider": group(
            "Zelfsturend Kampen",
            place="Kampen",
            municipality="Kampen",
            latitude=52.555,
            longitude=5.911,
            has_begeleider=False,
        ),
        "too_far": group(
            "Intervisie Deventer", place="Deventer", municipality="Deventer", latitude=52.255, longitude=6.163
        ),
        "other_province": group(
            "Intervisie Hattem",
            place="Hattem",
            municipality="Hattem",
            province="GE",
            latitude=52.475,
            longitude=6.063,
        ),
        "full": group("Zwolle Vol", max_members=6, external_members=6),
        "elsewhere": group(
            "Intervisie Utrecht Oost",
            place="Utrecht",
            municipality="Utrecht",
            province="UT",
            latitude=52.0908,
            longitude=5.1222,
        ),
    }


def _fill_in_search(page):
    """Type a postcode, choose a distance and tick filters, the way a person would."""
    page.get_by_label("Postcode of plaats").fill("8011")
    page.get_by_label("Afstand").select_option(label="25 km")
    page.get_by_label("Begeleiding").select_option(label="Met begeleider")
    page.locator("summary", has_text="Provincie").click()
    page.get_by_label("Overijssel").check()
    page.get_by_label("Alleen groepen met een open plek").check()


def _result_names(page):
    return page.locator(".result-list").get_by_role("heading", level=2).all_inner_texts()


def test_search_with_filters_updates_results_without_reload(page, groups_around_zwolle):
    page.goto("/groepen/")
    expect(page.locator("#result-count")).to_have_text("7 groepen gevonden")
    screenshot(page, "search-01-start-laptop")
    # A full page load would wipe this marker; an HTMX swap keeps it.
    page.evaluate("window.e2eMarker = 'nog dezelfde pagina'")

    _fill_in_search(page)
    with page.expect_response(
        lambda r: "/groepen/?" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.get_by_role("button", name="Zoeken").click()

    expect(page.locator("#result-count")).to_have_text("2 groepen gevonden bij Zwolle")
    assert _result_names(page) == ["Intervisie Zwolle Centrum", "Gezinshuizen Zwolle-Zuid"]
    expect(page.locator(".result").first).to_contain_text("0 km")
    assert page.evaluate("window.e2eMarker") == "nog dezelfde pagina"
    # The filters are in the address bar, each once, so the search can be shared or bookmarked.
    page.wait_for_url(re.compile(r"[?&]open_places=on"))  # HTMX pushes the URL just after the swap
    assert parse_qs(urlsplit(page.url).query) == EXPECTED_QUERY
    screenshot(page, "search-02-filtered-laptop")


def test_search_url_with_filters_shows_same_results_when_shared(page, new_context, groups_around_zwolle):
    page.goto("/groepen/")
    _fill_in_search(page)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#result-count")).to_have_text("2 groepen gevonden bij Zwolle")
    shared_url = page.url

    other = new_context().new_page()
    other.goto(shared_url)

    expect(other.locator("#result-count")).to_have_text("2 groepen gevonden bij Zwolle")
    assert _result_names(other) == ["Intervisie Zwolle Centrum", "Gezinshuizen Zwolle-Zuid"]
    # The form shows the filters that are on, so the person can change them.
    expect(other.get_by_label("Postcode of plaats")).to_have_value("8011")
    expect(other.get_by_label("Afstand")).to_have_value("25")
    expect(other.get_by_label("Begeleiding")).to_have_value("yes")
    expect(other.get_by_label("Overijssel")).to_be_checked()
    expect(other.get_by_label("Alleen groepen met een open plek")).to_be_checked()


def test_search_untick_filter_shows_those_groups_again(page, groups_around_zwolle):
    page.goto("/groepen/")
    _fill_in_search(page)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#result-count")).to_have_text("2 groepen gevonden bij Zwolle")

    page.get_by_label("Alleen groepen met een open plek").uncheck()
    page.get_by_role("button", name="Zoeken").click()

    expect(page.locator("#result-count")).to_have_text("3 groepen gevonden bij Zwolle")
    assert "Zwolle Vol" in _result_names(page)
    page.wait_for_url(lambda url: "open_places" not in url)


def test_search_open_group_shows_group_page_with_join_button(page, live_server, groups_around_zwolle):
    page.goto("/groepen/?near=8011&distance=25")

    page.get_by_role("link", name="Intervisie Zwolle Centrum").click()

    expect(page).to_have_url(f"{live_server.url}/groepen/intervisie-zwolle-centrum/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Intervisie Zwolle Centrum")
    expect(page.get_by_text("Met begeleider: Marieke de Boer")).to_be_visible()
    expect(page.get_by_text("Er zijn 8 plekken vrij.")).to_be_visible()
    join = page.get_by_role("link", name="Aanmelden", exact=True)
    expect(join).to_be_visible()
    expect(join).to_have_attribute("href", "/groepen/intervisie-zwolle-centrum/aanmelden/")


def test_search_without_javascript_works_with_plain_get(new_context, groups_around_zwolle):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/groepen/")

    _fill_in_search(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()

    expect(page.locator("#result-count")).to_have_text("2 groepen gevonden bij Zwolle")
    assert _result_names(page) == ["Intervisie Zwolle Centrum", "Gezinshuizen Zwolle-Zuid"]
    assert parse_qs(urlsplit(page.url).query) == EXPECTED_QUERY
    screenshot(page, "search-03-no-javascript-laptop")


def test_search_without_results_shows_help(page, groups_around_zwolle):
    page.goto("/groepen/")
    page.get_by_label("Postcode of plaats").fill("Maastricht")
    page.get_by_label("Afstand").select_option(label="10 km")
    page.get_by_role("button", name="Zoeken").click()

    expect(page.locator("#result-count")).to_have_text("0 groepen gevonden bij Maastricht")
    empty = page.locator(".empty-state")
    expect(empty.get_by_role("heading", name="Geen groepen gevonden")).to_be_visible()
    expect(empty).to_contain_text("Kies een grotere afstand, of vink 'Toon ook online groepen' aan.")
    expect(empty).to_contain_text("Zet minder filters aan, bijvoorbeeld de dag of de kosten.")
    screenshot(page, "search-04-empty-laptop")
    page.set_viewport_size(PHONE)
    screenshot(page, "search-04-empty-phone")

    empty.get_by_role("link", name="Alle filters wissen").click()
    expect(page.locator("#result-count")).to_have_text("7 groepen gevonden")


def test_search_unknown_place_shows_message_at_field(page, groups_around_zwolle):
    page.goto("/groepen/")
    page.get_by_label("Postcode of plaats").fill("Atlantis")
    page.get_by_role("button", name="Zoeken").click()

    message = "We kennen de plaats 'Atlantis' niet. Controleer de spelling of typ een postcode."
    # At the field (the form is swapped in out-of-band) ...
    expect(page.locator("#id_near_error")).to_have_text(message)
    # ... and in a summary above the results, read out by screen readers (role=alert).
    expect(page.get_by_role("alert")).to_contain_text("Postcode of plaats: " + message)
    expect(page.get_by_label("Postcode of plaats")).to_have_value("Atlantis")
    expect(page.get_by_label("Postcode of plaats")).to_have_attribute("aria-invalid", "true")


def test_search_page_is_accessible(page, groups_around_zwolle):
    page.goto("/groepen/?near=8011&distance=25")
    expect(page.locator("#result-count")).to_have_text("5 groepen gevonden bij Zwolle")

    check_at_viewports(page, "search-05-results")


def test_group_page_is_accessible(page, groups_around_zwolle):
    page.goto("/groepen/intervisie-zwolle-centrum/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Intervisie Zwolle Centrum")

    check_at_viewports(page, "group-01-detail")


def test_search_keyboard_user_sees_skip_link_and_focus(page, groups_around_zwolle):
    page.goto("/groepen/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # Tab on to the first field of the search form: its focus ring must be visible.
    field = page.get_by_label("Zoekwoorden")
    field.focus()
    outline = field.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
