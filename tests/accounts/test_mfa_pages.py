"""Two-factor login pages (allauth's views in our layout and words)."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import PASSWORD


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _login(client, email):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD}, follow=True)


def test_required_totp_activation_explains_why_in_plain_dutch(client, manager_without_totp):
    response = _login(client, "beheerder@example.nl")

    assert response.redirect_chain[-1] == ("/accounts/2fa/totp/activate/?required=1", 302)
    page = response.content.decode()
    assert "<h1>Inloggen in twee stappen aanzetten</h1>" in page
    assert "Dit is verplicht voor jouw rol." in page
    assert "Zo kan niemand anders inloggen, ook niet als iemand je wachtwoord weet." in page
    assert 'alt="QR-code om te scannen met je authenticator-app"' in page
    assert 'action="/accounts/2fa/totp/activate/?required=1"' in page
    assert client.session["mfa.totp.secret"] in page
    assert 'autocomplete="one-time-code"' in page


def test_totp_activation_page_without_required_has_no_warning(client, bob):
    _login(client, "bob@example.nl")
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    assert "<h1>Inloggen in twee stappen aanzetten</h1>" in page
    assert "Dit is verplicht voor jouw rol." not in page


def test_totp_activation_with_wrong_code_keeps_the_explanation(client, manager_without_totp):
    _login(client, "beheerder@example.nl")
    response = client.post("/accounts/2fa/totp/activate/?required=1", {"code": "000000"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ongeldige code." in page
    assert "Dit is verplicht voor jouw rol." in page
    assert not Authenticator.objects.filter(user=manager_without_totp).exists()


# A real transaction: allauth adds its message and e-mail in on_commit callbacks.
@pytest.mark.django_db(transaction=True)
def test_totp_activation_shows_readable_recovery_codes_and_ends_the_redirects(client, manager_without_totp):
    _login(client, "beheerder@example.nl")
    secret = client.session["mfa.totp.secret"]

    response = client.post("/accounts/2fa/totp/activate/?required=1", {"code": _code(secret)}, follow=True)

    assert response.redirect_chain[-1] == ("/accounts/2fa/recovery-codes/", 302)
    page = response.content.decode()
    assert "<h1>Je herstelcodes</h1>" in page
    assert page.count("<li><code>") == 10
    assert "Je hebt nog 10 van de 10 codes over." in page
    assert "Inloggen in twee stappen staat aan. Bewaar nu je herstelcodes." in page
    assert client.get("/profiel/").status_code == 200


def test_mfa_index_shows_status_in_dutch(client, alice, password):
    client.force_login(alice)
    page = client.get("/accounts/2fa/").content.decode()
    assert "<h1>Inloggen in twee stappen</h1>" in page
    assert "Voor jouw rol is inloggen in twee stappen verplicht." in page
    assert '<span class="badge badge-open">aan</span>' in page


def test_login_with_totp_asks_for_the_code(client, alice):
    response = _login(client, "alice@example.nl")

    assert response.redirect_chain[-1] == ("/accounts/2fa/authenticate/", 302)
    page = response.content.decode()
    assert "<h1>Code invullen</h1>" in page
    assert 'autocomplete="one-time-code"' in page
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_totp_code_shows_dutch_error(client, alice):
    _login(client, "alice@example.nl")
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Ongeldige code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_settings_pages_share_the_sub_menu(client, bob):
    client.force_login(bob)
    for path, current in [
        ("/accounts/email/", "E-mailadressen"),
        ("/accounts/password/change/", "Wachtwoord"),
        ("/accounts/2fa/", "Inloggen in twee stappen"),
        ("/profiel/", "Profiel"),
    ]:
        page = client.get(path).content.decode()
        assert '<nav class="settings-nav" aria-label="Je account">' in page, path
        assert f'aria-current="page">{current}</a>' in page, path
