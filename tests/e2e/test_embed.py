"""The embeddable search at /embed/ for partner websites, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PHONE, screenshot
from tests.factories import GroupFactory, OrganisationFactory

ALLOWED_PARTNER = "https://www.present24x7.nl"  # the default EMBED_ALLOWED_ORIGINS
OTHER_SITE = "https://partner.test"


@pytest.fixture
def groups(live_server):
    organisation = OrganisationFactory(name="Present 24x7 Netwerk")
    return [
        GroupFactory(
            name="Intervisie Zwolle Centrum",
            organisation=organisation,
            place="Zwolle",
            province="OV",
            latitude=52.5125,
            longitude=6.0944,
        ),
        GroupFactory(name="Intervisie Utrecht Oost", organisation=organisation),
    ]


def _partner_page(context, origin, framed_url):
    """A page on which ``origin`` serves a made-up partner page showing ``framed_url`` in an iframe."""
    html = (
        "<!DOCTYPE html><html lang='nl'><title>Partner</title><h1>Partnersite</h1>"
        f"<iframe title='Intervisiegroepen' src='{framed_url}' width='900' height='700'></iframe></html>"
    )
    context.route(
        f"{origin}/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html)
    )
    # The partner page is public and the live server is on localhost: Chromium's Local Network Access
    # checks would block the frame whatever our CSP says. Allow that, so only our CSP decides.
    context.grant_permissions(["local-network-access"], origin=origin)
    return context.new_page()


def _assert_frame_refused(page, origin, framed_url, browser_problems, *, policy):
    """Open the partner page and check that Chromium refused to show ``framed_url`` because of our CSP."""
    refusal = f'violates the following Content Security Policy directive: "frame-ancestors {policy}"'
    browser_problems.allow(refusal)  # provoked on purpose

    with (
        page.expect_console_message(lambda message: refusal in message.text),
        page.expect_event("requestfailed", lambda request: request.url == framed_url) as failed,
        page.expect_event("framenavigated", lambda frame: frame.parent_frame is not None) as shown,
    ):
        page.goto(f"{origin}/")

    assert failed.value.failure == "net::ERR_BLOCKED_BY_RESPONSE"
    assert shown.value.url == "chrome-error://chromewebdata/"  # Chromium's "refused" page, not ours
    expect(page.frame_locator("iframe").locator("#result-count")).to_have_count(0)


def test_embed_shows_minimal_layout_and_searches(page, groups):
    page.goto("/embed/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Vind een intervisiegroep")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    expect(page.get_by_role("banner")).to_have_count(0)
    expect(page.locator("#result-count")).to_have_text("2 groepen gevonden")
    page.evaluate("window.e2eMarker = 'nog dezelfde pagina'")

    page.get_by_label("Postcode of plaats").fill("Zwolle")
    page.get_by_label("Afstand").select_option(label="10 km")
    page.get_by_role("button", name="Zoeken").click()

    expect(page.locator("#result-count")).to_have_text("1 groep gevonden bij Zwolle")
    assert page.evaluate("window.e2eMarker") == "nog dezelfde pagina"
    screenshot(page, "embed-01-search-laptop")
    page.set_viewport_size(PHONE)
    screenshot(page, "embed-01-search-phone")


def test_embed_group_link_opens_in_new_tab(page, live_server, groups):
    page.goto("/embed/")
    link = page.get_by_role("link", name="Intervisie Zwolle Centrum")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")

    with page.context.expect_page() as new_tab:
        link.click()

    group_page = new_tab.value
    group_page.wait_for_load_state()
    assert group_page.url == f"{live_server.url}/groepen/intervisie-zwolle-centrum/"
    expect(group_page.get_by_role("link", name="Aanmelden", exact=True)).to_be_visible()
    assert page.url == f"{live_server.url}/embed/"  # the partner's page stays where it was


def test_embed_headers_allow_only_configured_partners_to_frame(page):
    embed = page.goto("/embed/")
    search = page.goto("/groepen/")

    assert "frame-ancestors 'self' https://www.present24x7.nl" in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    assert "frame-ancestors 'none'" in search.headers["content-security-policy"]
    assert search.headers["x-frame-options"] == "DENY"


def test_embed_in_frame_on_allowed_partner_site_shows_search(new_context, live_server, groups):
    page = _partner_page(new_context(), ALLOWED_PARTNER, f"{live_server.url}/embed/")
    page.goto(f"{ALLOWED_PARTNER}/")

    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Vind een intervisiegroep")
    expect(frame.locator("#result-count")).to_have_text("2 groepen gevonden")
    screenshot(page, "embed-02-in-partner-frame-laptop")


def test_embed_in_frame_on_other_site_is_blocked(new_context, live_server, browser_problems, groups):
    framed_url = f"{live_server.url}/embed/"
    page = _partner_page(new_context(), OTHER_SITE, framed_url)

    _assert_frame_refused(
        page, OTHER_SITE, framed_url, browser_problems, policy="'self' https://www.present24x7.nl"
    )
    screenshot(page, "embed-03-blocked-on-other-site-laptop")


def test_search_page_in_frame_is_blocked_even_on_partner_site(new_context, live_server, browser_problems):
    framed_url = f"{live_server.url}/groepen/"
    page = _partner_page(new_context(), ALLOWED_PARTNER, framed_url)

    _assert_frame_refused(page, ALLOWED_PARTNER, framed_url, browser_problems, policy="'none'")
