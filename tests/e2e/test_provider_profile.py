"""An owner keeps the provider's profile up to date (issue 12): at phone size she makes a mistake in the
IBAN, reads the message at the field with everything else still there, corrects it and saves; at laptop
size she changes the quote defaults and adds a colleague. Each page is checked with axe-core and
photographed: tests/e2e/screenshots/provider-profile-*.png."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PHONE, assert_accessible, check_at_viewports, log_in, screenshot
from tests.factories import PASSWORD, ProviderFactory, UserFactory, give_totp


@pytest.fixture
def bea(live_server):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def provider(bea):
    provider = ProviderFactory(name="Praktijk Licht", regions=["UT"], registers=["LVSC"])
    provider.members.create(user=bea, is_owner=True)
    return provider


def test_owner_edits_the_profile_on_a_phone_and_a_laptop(page, base_url, bea, provider):
    UserFactory(email="chris@example.nl", name="Chris Collega", roles=["begeleider"])
    log_in(page, bea, PASSWORD, totp=True)
    page.goto(f"{base_url}/aanbieders/{provider.slug}/profiel/")
    expect(page.get_by_role("heading", name="Profiel van Praktijk Licht", level=1)).to_be_visible()
    check_at_viewports(page, "provider-profile")

    # On a phone: a typo in the IBAN. The message is at the field and nothing typed is lost.
    page.set_viewport_size(PHONE)
    page.get_by_label("Korte tekst").fill("Ik begeleid intervisiegroepen van gezinshuisouders.")
    page.get_by_label("Gelderland").check()
    page.get_by_label("Ingeschreven in het CRKBO-register").check()
    page.get_by_label("KvK-nummer").fill("12345678")
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 01")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_text("Dit IBAN klopt niet: er zit een tikfout in.")).to_be_visible()
    expect(page.get_by_label("Korte tekst")).to_have_value(
        "Ik begeleid intervisiegroepen van gezinshuisouders."
    )
    expect(page.get_by_label("Gelderland")).to_be_checked()
    expect(page.get_by_label("IBAN")).to_have_value("NL91 ABNA 0417 1643 01")
    screenshot(page, "provider-profile-error-phone")
    assert_accessible(page, "provider-profile-error-phone")
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 00")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_text("Het profiel van Praktijk Licht is opgeslagen.")).to_be_visible()
    screenshot(page, "provider-profile-saved-phone")

    # On a laptop: the quote defaults, then a colleague.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Tarief per bijeenkomst (euro)").fill("1.250,50")
    page.get_by_label("Na afronding").check()
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_text("Het profiel van Praktijk Licht is opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Tarief per bijeenkomst (euro)")).to_have_value("1250,50")
    page.get_by_label("E-mailadres van de begeleider").fill("chris@elders.example.nl")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("alert").filter(has_text="Toevoegen lukte niet.")).to_be_visible()
    expect(page.get_by_label("E-mailadres van de begeleider")).to_have_value("chris@elders.example.nl")
    check_at_viewports(page, "provider-profile-member-error")
    page.get_by_label("E-mailadres van de begeleider").fill("chris@example.nl")
    page.get_by_role("button", name="Toevoegen").click()
    expect(
        page.get_by_text("Chris Collega werkt nu voor Praktijk Licht en krijgt daarover een e-mail.")
    ).to_be_visible()
    check_at_viewports(page, "provider-profile-saved")
    page.get_by_role("link", name="Chris Collega verwijderen").click()
    expect(page.get_by_role("heading", name="Chris Collega verwijderen bij Praktijk Licht?")).to_be_visible()
    check_at_viewports(page, "provider-profile-member-remove")
    page.get_by_role("link", name="Nee, ga terug").click()

    provider.refresh_from_db()
    assert provider.iban == "NL91ABNA0417164300"
    assert provider.regions == ["GE", "UT"]
    assert provider.crkbo_registered is True
    assert provider.fee_per_meeting == Decimal("1250.50")
    assert provider.invoice_moment == "completion"
    assert sorted(provider.members.values_list("user__email", flat=True)) == [
        "bea@example.nl",
        "chris@example.nl",
    ]
