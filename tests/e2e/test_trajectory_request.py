"""A client asks a provider for an exploratory talk without an account, follows the request, and the
provider's begeleider plans the talk from her board (issue 12, steps 1 and 2). Each page is checked
with axe-core and photographed at laptop and phone size: tests/e2e/screenshots/trajectory-*.png."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from intervisie.trajectories.models import Trajectory
from tests.e2e.browser import check_at_viewports, log_in
from tests.factories import PASSWORD, ProviderFactory, UserFactory, days_from_today, give_totp


@pytest.fixture
def provider(live_server):
    provider = ProviderFactory(
        name="Praktijk Licht",
        regions=["UT"],
        registers=["LVSC"],
        crkbo_registered=True,
        description="Ik begeleid intervisiegroepen van gezinshuisouders.",
        indicative_price="Vanaf € 325 per bijeenkomst",
    )
    bea = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(bea)
    provider.members.create(user=bea, is_owner=True)
    return provider


def test_client_requests_and_begeleider_plans_the_talk(page, base_url, provider, new_context):
    page.goto(f"{base_url}/trajecten/")
    expect(page.get_by_role("heading", name="Begeleide intervisie")).to_be_visible()
    check_at_viewports(page, "trajectory-providers")
    page.get_by_role("link", name="Gesprek aanvragen bij Praktijk Licht").click()

    # A mistake first: the message is at the field and what was typed stays.
    page.get_by_label("Organisatie").fill("Gezinshuizen De Linde")
    page.get_by_label("Contactpersoon").fill("Noor de Vries")
    page.get_by_label("E-mailadres").fill("noor@linde.example.nl")
    page.get_by_label("Telefoon").fill("12")
    page.get_by_label("Een nieuwe groep").check()
    page.get_by_label("Verwacht aantal deelnemers").fill("6")
    page.get_by_label("Je vraag").fill("We willen een begeleide groep voor zes gezinshuisouders.")
    page.get_by_label("Online", exact=True).check()
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("minstens 10 cijfers")).to_be_visible()
    expect(page.get_by_label("Contactpersoon")).to_have_value("Noor de Vries")
    check_at_viewports(page, "trajectory-request-error")
    page.get_by_label("Telefoon").fill("030-1234567")
    page.get_by_role("button", name="Aanvraag versturen").click()

    expect(page.get_by_role("heading", name="Je aanvraag voor begeleide intervisie")).to_be_visible()
    expect(page.get_by_text("Aangevraagd")).to_be_visible()
    check_at_viewports(page, "trajectory-follow")
    trajectory = Trajectory.objects.get()
    assert {m.to[0] for m in mail.outbox} >= {"noor@linde.example.nl", provider.email}

    # The begeleider, in her own browser, plans the talk from her board.
    bea_page = new_context().new_page()
    log_in(bea_page, provider.members.get().user, PASSWORD, totp=True)
    bea_page.goto(f"{base_url}/trajecten/aanbieder/")
    check_at_viewports(bea_page, "trajectory-board")
    bea_page.get_by_role("link", name="Gezinshuizen De Linde").click()
    bea_page.get_by_label("Begint op").fill(days_from_today(5, 10).strftime("%Y-%m-%dT%H:%M"))
    bea_page.get_by_label("Plaats of videolink").first.fill("https://meet.example.nl/linde")
    bea_page.get_by_role("button", name="Opslaan").first.click()
    expect(bea_page.get_by_text("Verkennend gesprek gepland").first).to_be_visible()
    check_at_viewports(bea_page, "trajectory-detail")

    # The client sees the planned talk on the follow page.
    page.goto(f"{base_url}/trajecten/volg/{trajectory.follow_token}/")
    expect(page.get_by_text("https://meet.example.nl/linde")).to_be_visible()
