"""Signing up, asking to join a group and being accepted by its manager, in two browsers."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.browser import check_at_viewports
from tests.factories import PASSWORD, GroupFactory, OrganisationFactory, UserFactory, give_totp

NEW_PASSWORD = "Zonnebloem-Gezinshuis-2024"
MOTIVATION = "Ik ben sinds een jaar gezinshuisouder en wil graag leren van collega's in de buurt."


@pytest.fixture
def manager(live_server):
    """Organisation manager (two-factor login on) of the group people join."""
    user = UserFactory(email="marieke@example.nl", name="Marieke de Boer", roles=["organisatiebeheerder"])
    give_totp(user)
    return user


@pytest.fixture
def zwolle_group(manager):
    organisation = OrganisationFactory(name="Gezinshuis Netwerk Overijssel", managers=[manager])
    return GroupFactory(
        name="Intervisie Zwolle Centrum",
        organisation=organisation,
        place="Zwolle",
        province="OV",
        latitude=52.5125,
        longitude=6.0944,
        max_members=6,
    )


def current_totp_code(user) -> str:
    """The code the manager's authenticator app shows now (allauth stores the secret encrypted)."""
    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    period = mfa_settings.TOTP_PERIOD
    seconds_left = period - time.time() % period
    if seconds_left < 3:  # the code would change before the form is sent (allauth allows no drift)
        time.sleep(seconds_left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def _log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_join_flow_signup_request_and_acceptance(page, new_context, live_server, manager, zwolle_group):
    # 1. A new person makes an account.
    page.goto("/")
    page.get_by_role("link", name="Account maken").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Je naam").fill("Sanne Visser")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Wachtwoord (bevestigen)").fill(NEW_PASSWORD)
    page.get_by_role("group", name="Wat doe je?").get_by_label("Gezinshuisouder").check()
    check_at_viewports(page, "join-01-signup")
    page.get_by_role("button", name="Account maken").click()

    # 2. The verification e-mail arrives; its link confirms the address.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je e-mail")
    check_at_viewports(page, "join-02-check-your-email")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["sanne@example.nl"], "[Intervisiewijzer] Bevestig je e-mailadres")
    ]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group()
    page.goto(link)
    expect(
        page.get_by_text("Klik op de knop om te bevestigen dat sanne@example.nl jouw e-mailadres is.")
    ).to_be_visible()
    check_at_viewports(page, "join-03-confirm-email")
    page.get_by_role("button", name="Bevestigen").click()

    # 3. She logs in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    _log_in(page, "sanne@example.nl", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")  # the dashboard
    check_at_viewports(page, "join-04-mine-empty")

    # 4. She opens the group and asks to join.
    page.goto(zwolle_group.get_absolute_url())
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden bij Intervisie Zwolle Centrum")
    page.get_by_label("Waarom wil je meedoen?").fill(MOTIVATION)
    check_at_viewports(page, "join-05-join-form")
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_text("Je aanmelding voor Intervisie Zwolle Centrum is verstuurd.")).to_be_visible()

    # 5. "Mijn groepen" shows the request.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn groepen").click()
    pending = page.get_by_role("region", name="Aanmeldingen en wachtlijst")
    expect(pending.get_by_role("heading", name="Intervisie Zwolle Centrum")).to_be_visible()
    expect(pending).to_contain_text("Aangemeld, wacht op reactie")
    check_at_viewports(page, "join-06-mine-requested")

    # 6. In another browser the manager logs in with her password and authenticator code ...
    manager_page = new_context().new_page()
    _log_in(manager_page, manager.email, PASSWORD)
    manager_page.get_by_label("Code").fill(current_totp_code(manager))
    check_at_viewports(manager_page, "join-07-manager-2fa")
    manager_page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(manager_page.get_by_role("button", name="Uitloggen")).to_be_visible()

    # ... opens the group's members page and invites Sanne for a kennismaking.
    manager_page.goto(f"/groepen/{zwolle_group.slug}/leden/")
    check_at_viewports(manager_page, "join-08-manager-members")
    # The button names the person for screen readers (Chromium puts a space before the hidden ": ").
    invite = manager_page.get_by_role(
        "button", name=re.compile(r"^Uitnodigen voor kennismaking ?: Sanne Visser$")
    )
    invite.click()
    expect(manager_page.get_by_text("Sanne Visser is uitgenodigd voor een kennismaking.")).to_be_visible()
    check_at_viewports(manager_page, "join-09-manager-accepted", axe=False)

    # 7. Back in her own browser, Sanne sees the new state.
    page.reload()
    current = page.get_by_role("region", name="Mijn groepen", exact=True)
    expect(current.get_by_role("heading", name="Intervisie Zwolle Centrum")).to_be_visible()
    expect(current).to_contain_text("Kennismaking")
    expect(page.get_by_role("region", name="Aanmeldingen en wachtlijst")).to_have_count(0)
    check_at_viewports(page, "join-10-mine-introduction")
    assert [(m.to, m.subject) for m in mail.outbox[1:]] == [
        (
            ["sanne@example.nl"],
            "[Intervisiewijzer] We hebben je aanmelding voor Intervisie Zwolle Centrum ontvangen",
        ),
        (["marieke@example.nl"], "[Intervisiewijzer] Nieuwe aanmelding voor Intervisie Zwolle Centrum"),
        (["sanne@example.nl"], "[Intervisiewijzer] Kennismaken met Intervisie Zwolle Centrum"),
    ]
