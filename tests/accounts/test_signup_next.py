import re

from django.core import mail


def test_after_signup_and_confirmation_login_goes_back_to_the_join_form(client, db, group):
    join = f"/groepen/{group.slug}/aanmelden/"
    response = client.post(
        f"/accounts/signup/?next={join}",
        {
            "email": "nieuw@example.nl",
            "password1": "lang-genoeg-wachtwoord-9",
            "password2": "lang-genoeg-wachtwoord-9",
            "name": "Nieuwe Ouder",
            "roles": ["gezinshuisouder"],
            "next": join,
        },
    )
    assert response.status_code == 302
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else "/" + link.split("/", 3)[3]
    client.post(path)
    response = client.post(
        "/accounts/login/", {"login": "nieuw@example.nl", "password": "lang-genoeg-wachtwoord-9"}
    )
    assert response.headers["Location"] == join


def test_signup_next_to_another_site_is_ignored(client, db):
    client.post(
        "/accounts/signup/",
        {
            "email": "x@example.nl",
            "password1": "lang-genoeg-wachtwoord-9",
            "password2": "lang-genoeg-wachtwoord-9",
            "name": "X",
            "roles": ["student"],
            "next": "https://evil.example/",
        },
    )
    assert "signup_next" not in client.session
