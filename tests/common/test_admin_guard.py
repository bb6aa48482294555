"""The admin refuses a NUL byte in its URL with 400 (common/admin_guard.py).

Its own admin site here, with the organisations' model admin (a list filter on ``kind``), so the test
shows the guard itself, wherever the project wires it in.
"""

import pytest
from django.contrib.admin import AdminSite
from django.test import RequestFactory
from django.urls import path

from intervisie.common.admin_guard import has_nul_byte, refuse_nul_bytes
from intervisie.organisations.admin import OrganisationAdmin
from intervisie.organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, give_totp

guarded_site = AdminSite(name="guarded")
guarded_site.register(Organisation, OrganisationAdmin)
guarded_site.admin_view = refuse_nul_bytes(guarded_site.admin_view)

urlpatterns = [path("beheer/", guarded_site.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
CHANGELIST = "/beheer/organisations/organisation/"


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    give_totp(user)
    client.force_login(user)
    return client


def test_list_filter_with_a_nul_byte_is_a_bad_request(admin_client):
    OrganisationFactory(name="Zorg Oost")
    # Without the guard: a 500 on PostgreSQL (the value goes into the query), an empty list on SQLite.
    response = admin_client.get(f"{CHANGELIST}?kind__exact=abc%00def")
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["q=zorg%00", "abc%00=1", "o=1%00"])
def test_any_nul_byte_in_the_query_string_is_a_bad_request(admin_client, query):
    assert admin_client.get(f"{CHANGELIST}?{query}").status_code == 400


def test_admin_pages_without_nul_bytes_work_as_before(admin_client):
    OrganisationFactory(name="Zorg Oost", kind="zorgaanbieder")
    response = admin_client.get(f"{CHANGELIST}?kind__exact=zorgaanbieder&q=oost")
    assert response.status_code == 200
    assert "Zorg Oost" in response.content.decode()
    # The guard keeps what the admin's wrapper does: an anonymous visitor goes to the login page.
    admin_client.logout()
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")


def test_has_nul_byte_looks_at_path_names_and_every_value():
    factory = RequestFactory()
    assert has_nul_byte(factory.get("/beheer/a%00b/"))
    assert has_nul_byte(factory.get("/beheer/?a=1&a=2%00"))
    assert not has_nul_byte(factory.get("/beheer/?q=%1b%ff&p=2"))
