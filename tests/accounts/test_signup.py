"""Sign-up, e-mail verification and log-in through allauth, with our extra fields and Dutch pages."""

import re

from django.core import mail

from intervisie.accounts.models import User
from intervisie.common.models import OutgoingEmail

SIGNUP = {
    "name": "Fatima Yilmaz",
    "email": "fatima@example.nl",
    "password1": "zonnebloem-veld-42",
    "password2": "zonnebloem-veld-42",
    "roles": ["gezinshuisouder", "jeugdzorgwerker"],
}


def _confirm_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_with_name_and_roles_creates_roles_and_sends_dutch_verification_email(client, db):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="fatima@example.nl")
    assert user.name == "Fatima Yilmaz"
    assert user.role_set == {"gezinshuisouder", "jeugdzorgwerker"}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fatima@example.nl"]
    assert message.subject == "[Intervisiewijzer] Bevestig je e-mailadres"
    assert message.body.startswith("Hoi Fatima,")
    assert message.alternatives[0][1] == "text/html"
    assert "Klik op de link hieronder om je e-mailadres te bevestigen." in message.body
    assert _confirm_link(message)
    # allauth's mail goes through our outbox like every other e-mail.
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_signup_verification_sent_page_is_dutch(client, db):
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    page = response.content.decode()
    assert "<h1>Kijk in je e-mail</h1>" in page
    assert "Klik op de link in die e-mail om je e-mailadres te bevestigen." in page


def test_signup_without_roles_gives_dutch_message_and_keeps_typed_values(client, db):
    response = client.post("/accounts/signup/", {**SIGNUP, "roles": []})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies minstens één rol, zodat we je de juiste groepen laten zien." in page
    assert 'value="Fatima Yilmaz"' in page
    assert 'value="fatima@example.nl"' in page
    assert not User.objects.filter(email="fatima@example.nl").exists()
    assert mail.outbox == []


def test_signup_with_unknown_role_is_refused(client, db):
    response = client.post("/accounts/signup/", {**SIGNUP, "roles": ["beheerder"]})

    assert response.status_code == 200
    assert "Selecteer een geldige keuze. beheerder is geen beschikbare keuze." in response.content.decode()
    assert not User.objects.filter(email="fatima@example.nl").exists()


def test_signup_with_short_password_gives_informal_dutch_message(client, db):
    response = client.post("/accounts/signup/", {**SIGNUP, "password1": "kort", "password2": "kort"})

    page = response.content.decode()
    assert "Dit wachtwoord is te kort. Gebruik minstens 10 tekens." in page
    assert "too short" not in page
    assert not User.objects.filter(email="fatima@example.nl").exists()


def test_signup_with_too_long_name_gives_dutch_message(client, db):
    response = client.post("/accounts/signup/", {**SIGNUP, "name": "x" * 121})

    assert "niet meer dan 120 tekens" in response.content.decode()
    assert not User.objects.filter(email="fatima@example.nl").exists()


def test_login_works_only_after_email_verification(client, db):
    client.post("/accounts/signup/", SIGNUP)
    link = _confirm_link(mail.outbox[0])
    client.logout()

    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    page = client.get(link).content.decode()
    assert (
        "Klik op de knop om te bevestigen dat <strong>fatima@example.nl</strong> jouw e-mailadres is." in page
    )
    client.post(link)

    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == "/"  # the dashboard
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)


def test_login_with_wrong_password_shows_dutch_message_and_keeps_email(client, bob):
    response = client.post("/accounts/login/", {"login": "bob@example.nl", "password": "fout-wachtwoord"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in page
    assert 'value="bob@example.nl"' in page
    assert "_auth_user_id" not in client.session


def test_login_page_allows_paste_and_password_managers(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert '<label for="id_login">E-mailadres' in page
    assert '<label for="id_password">Wachtwoord' in page
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page
    assert "onpaste" not in page
    assert "<title>Inloggen · Intervisiewijzer</title>" in page
    assert '<a href="/accounts/password/reset/">Wachtwoord vergeten?</a>' in page


def test_signup_page_puts_name_first_and_asks_for_new_password(client, db):
    page = client.get("/accounts/signup/").content.decode()

    assert page.index('id="id_name"') < page.index('id="id_email"') < page.index('id="id_password1"')
    assert page.index('id="id_password2"') < page.index('id="id_roles_0"')
    assert page.count('autocomplete="new-password"') == 2
    assert 'autocomplete="name"' in page


def test_password_reset_email_is_dutch(client, bob):
    response = client.post("/accounts/password/reset/", {"email": "bob@example.nl"})

    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "[Intervisiewijzer] Kies een nieuw wachtwoord"
    assert message.body.startswith("Hoi Bob,")
    assert "<a href=" in message.alternatives[0][0]
    assert "/accounts/password/reset/key/" in message.body


def test_logged_in_message_is_dutch_and_informal(client, bob, password):
    response = client.post("/accounts/login/", {"login": "bob@example.nl", "password": password}, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Welkom, Bob de Vries. Je bent ingelogd."]
