"""The profile page: the person's own name, roles and register numbers."""

import pytest

from intervisie.accounts.models import User
from intervisie.common.models import AuditEntry
from tests.factories import UserFactory

VALID = {
    "name": "Bob de Vries",
    "phone": "06 12345678",
    "language": "nl",
    "skj_number": "123456789",
    "registerplein_number": "461012345",
    "supervisor_register": "",
    "roles": ["gezinshuisouder"],
}


@pytest.fixture
def verified_bob(bob):
    bob.skj_number, bob.skj_verified = "123456789", True
    bob.registerplein_number, bob.registerplein_verified = "461012345", True
    bob.save()
    return bob


def test_profile_needs_login(client, db):
    response = client.get("/profiel/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/profiel/"


def test_profile_shows_form_verified_badges_and_account_links(client, verified_bob):
    client.force_login(verified_bob)
    page = client.get("/profiel/").content.decode()

    assert "<h1>Je profiel</h1>" in page
    assert 'value="Bob de Vries"' in page
    assert page.count('<span class="badge badge-open">gecontroleerd</span>') == 2
    assert 'href="/accounts/2fa/"' in page
    assert 'href="/accounts/email/"' in page
    assert 'href="/accounts/password/change/"' in page
    assert 'name="skj_verified"' not in page
    assert 'name="registerplein_verified"' not in page


def test_profile_shows_unverified_number_as_not_checked(client, bob):
    bob.skj_number = "123456789"
    bob.save()
    client.force_login(bob)
    page = client.get("/profiel/").content.decode()
    assert '<span class="badge badge-neutral">nog niet gecontroleerd</span>' in page
    assert 'badge-open">gecontroleerd' not in page


def test_profile_saves_changes_and_logs_them(client, bob):
    client.force_login(bob)
    response = client.post(
        "/profiel/", {**VALID, "skj_number": "123 456 789", "roles": ["gezinshuisouder", "student"]}
    )

    assert response.status_code == 302
    assert response["Location"] == "/profiel/"
    bob.refresh_from_db()
    assert (bob.phone, bob.skj_number, bob.registerplein_number) == ("06 12345678", "123456789", "461012345")
    assert User.objects.get(pk=bob.pk).role_set == {"gezinshuisouder", "student"}
    entry = AuditEntry.objects.filter(action="user.profile_changed").get()
    assert entry.actor == bob
    assert entry.data["fields"] == [
        "phone",
        "registerplein_number",
        "registerplein_verified",
        "skj_number",
        "skj_verified",
    ]
    page = client.get("/profiel/").content.decode()
    assert "Je profiel is opgeslagen." in page


def test_profile_skj_with_letters_gives_dutch_message_and_keeps_other_values(client, bob):
    client.force_login(bob)
    response = client.post("/profiel/", {**VALID, "phone": "0612-999999", "skj_number": "12ab567"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Een SKJ-nummer bestaat alleen uit cijfers (6 tot 12). Je vindt het in je SKJ-account." in page
    assert 'value="12ab567"' in page
    assert 'value="0612-999999"' in page
    assert 'value="461012345"' in page
    bob.refresh_from_db()
    assert (bob.skj_number, bob.phone) == ("", "")


def test_profile_registerplein_not_starting_with_4610_gives_dutch_message(client, bob):
    client.force_login(bob)
    response = client.post("/profiel/", {**VALID, "registerplein_number": "12345678"})

    page = response.content.decode()
    assert "Een Registerplein-nummer begint met 4610 en bestaat alleen uit cijfers (8 tot 12)." in page
    assert 'value="12345678"' in page
    assert 'value="123456789"' in page
    bob.refresh_from_db()
    assert bob.registerplein_number == ""


def test_profile_too_long_name_gives_dutch_message_and_keeps_values(client, bob):
    client.force_login(bob)
    response = client.post("/profiel/", {**VALID, "name": "B" * 121})

    page = response.content.decode()
    assert "Zorg dat deze waarde niet meer dan 120 tekens bevat (het zijn er nu 121)." in page
    assert 'value="123456789"' in page
    bob.refresh_from_db()
    assert bob.name == "Bob de Vries"


def test_profile_empty_name_gives_dutch_message(client, bob):
    client.force_login(bob)
    response = client.post("/profiel/", {**VALID, "name": ""})

    assert "Dit veld is verplicht." in response.content.decode()
    bob.refresh_from_db()
    assert bob.name == "Bob de Vries"


def test_profile_failed_save_does_not_change_the_logged_in_user(client, verified_bob):
    client.force_login(verified_bob)
    response = client.post("/profiel/", {**VALID, "name": "B" * 121, "skj_number": "999999999"})

    assert response.context["user"].name == "Bob de Vries"
    assert response.context["user"].skj_number == "123456789"
    page = response.content.decode()
    assert "Let op: je past een gecontroleerd nummer aan." in page


def test_profile_changing_a_verified_number_clears_its_verified_flag(client, verified_bob):
    client.force_login(verified_bob)
    client.post("/profiel/", {**VALID, "skj_number": "987654321"})

    verified_bob.refresh_from_db()
    assert verified_bob.skj_number == "987654321"
    assert verified_bob.skj_verified is False
    assert verified_bob.registerplein_verified is True  # unchanged number keeps its flag


def test_profile_saving_the_same_numbers_keeps_verified_flags(client, verified_bob):
    client.force_login(verified_bob)
    client.post("/profiel/", VALID)

    verified_bob.refresh_from_db()
    assert (verified_bob.skj_verified, verified_bob.registerplein_verified) == (True, True)


def test_profile_user_cannot_set_own_verified_flags(client, bob):
    client.force_login(bob)
    client.post("/profiel/", {**VALID, "skj_verified": "on", "registerplein_verified": "on"})

    bob.refresh_from_db()
    assert bob.skj_number == "123456789"
    assert (bob.skj_verified, bob.registerplein_verified) == (False, False)


def test_profile_keeps_roles_the_person_cannot_choose(client, alice):
    client.force_login(alice)
    client.post("/profiel/", {**VALID, "name": "Alice Jansen", "roles": ["jeugdzorgwerker"]})

    assert User.objects.get(pk=alice.pk).role_set == {"organisatiebeheerder", "jeugdzorgwerker"}


def test_profile_unknown_role_gives_dutch_message(client, bob):
    client.force_login(bob)
    response = client.post("/profiel/", {**VALID, "roles": ["beheerder"]})

    assert "Selecteer een geldige keuze. beheerder is geen beschikbare keuze." in response.content.decode()
    assert User.objects.get(pk=bob.pk).role_set == {"gezinshuisouder"}


def test_profile_of_someone_else_is_never_shown(client, bob):
    other = UserFactory(email="ander@example.nl", name="Iemand Anders", skj_number="555555555")
    client.force_login(bob)
    page = client.get(f"/profiel/?user={other.pk}").content.decode()
    assert "Iemand Anders" not in page
    assert "555555555" not in page
