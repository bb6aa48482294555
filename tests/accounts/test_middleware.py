"""Begeleiders, organisation managers and admins are sent to the TOTP set-up until they have it."""

import pytest

from tests.factories import OrganisationFactory, UserFactory, give_totp

ACTIVATE = "/accounts/2fa/totp/activate/?required=1"


@pytest.mark.parametrize("path", ["/", "/groepen/", "/groepen/mijn/", "/profiel/", "/beheer/"])
def test_manager_without_totp_is_redirected_to_totp_activation(client, manager_without_totp, path):
    client.force_login(manager_without_totp)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


@pytest.mark.parametrize("path", ["/accounts/2fa/", "/accounts/logout/", "/accounts/email/"])
def test_manager_without_totp_can_still_reach_account_pages(client, manager_without_totp, path):
    client.force_login(manager_without_totp)
    response = client.get(path)
    assert response.status_code == 200


def test_manager_with_totp_is_not_redirected(client, manager_without_totp):
    give_totp(manager_without_totp)
    client.force_login(manager_without_totp)
    response = client.get("/profiel/")
    assert response.status_code == 200
    assert "<h1>Je profiel</h1>" in response.content.decode()


def test_gezinshuisouder_is_not_forced_to_use_totp(client, bob):
    client.force_login(bob)
    response = client.get("/profiel/")
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["begeleider", "beheerder"])
def test_other_privileged_roles_are_forced(client, db, role):
    user = UserFactory(roles=[role])
    client.force_login(user)
    assert client.get("/")["Location"] == ACTIVATE


def test_staff_without_role_is_forced(client, db):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get("/")["Location"] == ACTIVATE


def test_organisation_manager_without_the_role_is_forced(client, db):
    user = UserFactory(roles=["jeugdzorgwerker"])
    OrganisationFactory(managers=[user])
    client.force_login(user)
    assert client.get("/")["Location"] == ACTIVATE


def test_htmx_request_gets_a_full_page_redirect(client, manager_without_totp):
    client.force_login(manager_without_totp)
    response = client.get("/groepen/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == ACTIVATE


def test_anonymous_visitor_is_not_redirected(client, db):
    assert client.get("/").status_code == 200
