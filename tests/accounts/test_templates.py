"""allauth's pages use our layout and our Dutch words."""

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from tests.factories import PASSWORD, give_totp

ANONYMOUS_PAGES = [
    ("/accounts/login/", "Inloggen"),
    ("/accounts/signup/", "Account maken"),
    ("/accounts/password/reset/", "Nieuw wachtwoord aanvragen"),
    ("/accounts/password/reset/done/", "Kijk in je e-mail"),
    ("/accounts/password/reset/key/1-x/", "Deze link werkt niet meer"),
    ("/accounts/confirm-email/", "Kijk in je e-mail"),
    ("/accounts/confirm-email/onbekend/", "E-mailadres bevestigen"),
]
LOGGED_IN_PAGES = [
    ("/accounts/logout/", "Uitloggen"),
    ("/accounts/email/", "E-mailadressen"),
    ("/accounts/password/change/", "Wachtwoord wijzigen"),
    ("/accounts/2fa/", "Inloggen in twee stappen"),
    ("/accounts/2fa/totp/activate/", "Inloggen in twee stappen aanzetten"),
    ("/accounts/reauthenticate/", "Bevestig dat jij het bent"),
]
WITH_TOTP_PAGES = [
    ("/accounts/2fa/totp/deactivate/", "Inloggen in twee stappen uitzetten"),
    ("/accounts/2fa/recovery-codes/", "Je herstelcodes"),
    ("/accounts/2fa/recovery-codes/generate/", "Nieuwe herstelcodes maken"),
]


def _assert_our_page(response, heading):
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in page
    assert '<header class="site-header">' in page
    assert f"<title>{heading} · Intervisiewijzer</title>" in page
    assert "<style" not in page and ' style="' not in page  # strict CSP
    assert '<script src="/static/' in page


@pytest.mark.parametrize(("path", "heading"), ANONYMOUS_PAGES)
def test_anonymous_account_pages_use_our_layout(client, db, path, heading):
    _assert_our_page(client.get(path), heading)


@pytest.mark.parametrize(("path", "heading"), LOGGED_IN_PAGES)
def test_account_settings_pages_use_our_layout(client, bob, path, heading):
    client.post("/accounts/login/", {"login": bob.email, "password": PASSWORD})
    _assert_our_page(client.get(path), heading)


@pytest.mark.parametrize(("path", "heading"), WITH_TOTP_PAGES)
def test_two_factor_pages_use_our_layout(client, bob, path, heading):
    secret = decrypt(give_totp(bob).data["secret"])
    RecoveryCodes.activate(bob)
    client.post("/accounts/login/", {"login": bob.email, "password": PASSWORD})
    client.post(
        "/accounts/2fa/authenticate/", {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))}
    )
    assert client.session["_auth_user_id"] == str(bob.pk)
    _assert_our_page(client.get(path), heading)
