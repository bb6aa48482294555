import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intervisie.common.models import AuditEntry
from intervisie.groups import csv_io
from intervisie.groups.domain import membership_request
from intervisie.groups.enums import GroupStatus
from intervisie.groups.models import IntervisionGroup
from tests.factories import GroupFactory, OrganisationFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(db):
    """Dave manages another organisation: a manager, but an outsider to alice's organisation."""
    user = UserFactory(email="dave@example.nl", name="Dave Visser", roles=["organisatiebeheerder"])
    give_totp(user)
    return user


@pytest.fixture
def other_group(dave):
    organisation = OrganisationFactory(name="Jeugdzorg Oost", managers=[dave])
    return GroupFactory(name="Groep van Oost", organisation=organisation)


def form_data(**changes):
    data = {
        "name": "Intervisie Amersfoort",
        "description": "Een groep voor gezinshuisouders uit Amersfoort.",
        "audience": "gezinshuisouders",
        "format": "in_person",
        "place": "Amersfoort",
        "municipality": "",
        "province": "",
        "has_begeleider": "on",
        "begeleider_name": "",
        "begeleider_register": "",
        "min_members": "4",
        "max_members": "8",
        "external_members": "0",
        "is_closed": "False",
        "has_waitlist": "on",
        "frequency": "monthly",
        "weekday": "4",
        "time_of_day": "evening",
        "start_time": "",
        "meeting_minutes": "120",
        "start_date": "",
        "cost_per_year": "0",
        "language": "nl",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "is_published": "on",
    }
    data.update(changes)
    return data


def upload(content: bytes, name="groepen.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


# --- Organisation list ------------------------------------------------------------------------


def test_organisation_list_shows_the_organisations_a_manager_manages(
    client, alice, organisation, other_group
):
    second = OrganisationFactory(name="Gezinshuizen Zuid", managers=[alice])
    client.force_login(alice)
    html = client.get("/organisaties/").content.decode()
    assert "Gezinshuis Netwerk Midden" in html
    assert second.name in html
    assert "Jeugdzorg Oost" not in html


def test_organisation_list_with_one_organisation_goes_straight_to_it(client, alice, organisation):
    client.force_login(alice)
    response = client.get("/organisaties/")
    assert response.headers["Location"] == f"/organisaties/{organisation.slug}/"


def test_organisation_list_for_someone_without_organisations_explains_why_it_is_empty(
    client, charlie, organisation
):
    client.force_login(charlie)
    response = client.get("/organisaties/")
    assert response.status_code == 200
    assert "Je beheert nog geen organisatie" in response.content.decode()
    assert "Gezinshuis Netwerk Midden" not in response.content.decode()


def test_organisation_list_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/organisaties/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_shows_the_organisations_groups_with_links(client, alice, group, other_group, bob):
    membership_request(user=bob, group=group, motivation="Ik wil graag meedoen.")
    client.force_login(alice)
    response = client.get("/organisaties/gezinshuis-netwerk-midden/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Intervisie Utrecht Oost" in html
    assert "Groep van Oost" not in html
    assert f'href="/groepen/{group.slug}/leden/"' in html
    assert f'href="/organisaties/gezinshuis-netwerk-midden/groepen/{group.slug}/bewerken/"' in html
    assert "1 nieuw" in html


@pytest.mark.parametrize("who", ["bob", "charlie", "dave"])
def test_dashboard_is_404_for_members_and_outsiders(client, request, group, other_group, bob, who):
    membership_request(user=bob, group=group, motivation="Ik wil graag meedoen.")
    client.force_login(request.getfixturevalue(who))
    for url in (
        "/organisaties/gezinshuis-netwerk-midden/",
        "/organisaties/gezinshuis-netwerk-midden/groepen/nieuw/",
        f"/organisaties/gezinshuis-netwerk-midden/groepen/{group.slug}/bewerken/",
        "/organisaties/gezinshuis-netwerk-midden/export/",
        "/organisaties/gezinshuis-netwerk-midden/import/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/organisaties/bestaat-niet/").status_code == 404


def test_dashboard_searches_sorts_and_paginates(client, alice, organisation):
    for n in range(27):
        GroupFactory(name=f"Groep {n:02d}", organisation=organisation, place="Utrecht")
    GroupFactory(name="Zeeuwse groep", organisation=organisation, place="Middelburg", max_members=20)
    client.force_login(alice)
    html = client.get("/organisaties/gezinshuis-netwerk-midden/").content.decode()
    assert "28 groepen" in html and "Pagina 1 van 2" in html and "Groep 00" in html and "Zeeuwse" not in html
    html = client.get("/organisaties/gezinshuis-netwerk-midden/?page=2").content.decode()
    assert "Zeeuwse groep" in html and "Groep 00" not in html
    html = client.get("/organisaties/gezinshuis-netwerk-midden/?q=middelburg").content.decode()
    assert "1 groep" in html and "Zeeuwse groep" in html and "Groep 01" not in html
    html = client.get("/organisaties/gezinshuis-netwerk-midden/?sort=places").content.decode()
    assert html.index("Zeeuwse groep") < html.index("Groep 00")
    response = client.get("/organisaties/gezinshuis-netwerk-midden/?sort=bestaat-niet&page=abc")
    assert response.status_code == 200 and "Groep 00" in response.content.decode()


def test_dashboard_with_htmx_returns_only_the_results(client, alice, group):
    client.force_login(alice)
    html = client.get(
        "/organisaties/gezinshuis-netwerk-midden/?q=utrecht", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Intervisie Utrecht Oost" in html
    assert "<html" not in html


@pytest.mark.parametrize("amount", [1, 3])
def test_dashboard_query_count_does_not_grow_with_groups(
    client, alice, organisation, amount, django_assert_num_queries
):
    for _n in range(amount):
        GroupFactory(organisation=organisation)
    client.force_login(alice)
    # session, user, roles, MFA check, organisation, permission, count, page, and the menu's
    # "manages an organisation" check: nothing per group
    with django_assert_num_queries(9):
        response = client.get("/organisaties/gezinshuis-netwerk-midden/")
    assert len(response.context["groups"]) == amount


# --- Create and edit ------------------------------------------------------------------------------


def test_manager_creates_a_group(client, alice, organisation):
    client.force_login(alice)
    assert (
        "Nieuwe groep"
        in client.get("/organisaties/gezinshuis-netwerk-midden/groepen/nieuw/").content.decode()
    )
    response = client.post("/organisaties/gezinshuis-netwerk-midden/groepen/nieuw/", form_data())
    assert response.status_code == 302
    assert response["Location"] == "/organisaties/gezinshuis-netwerk-midden/"
    group = IntervisionGroup.objects.get(name="Intervisie Amersfoort")
    assert (group.slug, group.organisation, group.province) == ("intervisie-amersfoort", organisation, "UT")
    assert group.latitude is not None
    assert AuditEntry.objects.filter(action="group.created", actor=alice, object_id=str(group.pk)).exists()
    html = client.get(response["Location"]).content.decode()
    assert "De groep &#x27;Intervisie Amersfoort&#x27; is aangemaakt." in html


def test_create_form_with_errors_keeps_what_was_typed(client, alice, organisation):
    client.force_login(alice)
    response = client.post(
        "/organisaties/gezinshuis-netwerk-midden/groepen/nieuw/",
        form_data(
            place="Nergenshuizen",
            min_members="6",
            max_members="5",
            contact_email="geen-adres",
            contact_name="Marieke de Boer",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "We kennen de plaats &#x27;Nergenshuizen&#x27; niet." in html
    assert "Het maximum moet minstens even groot zijn als het minimum (6)." in html
    assert "Vul een geldig e-mailadres in" in html
    assert 'value="Nergenshuizen"' in html and 'value="Marieke de Boer"' in html
    assert 'value="geen-adres"' in html
    assert "Een groep voor gezinshuisouders uit Amersfoort." in html
    assert not IntervisionGroup.objects.exists()


def test_manager_edits_and_closes_a_group(client, alice, group):
    client.force_login(alice)
    url = f"/organisaties/gezinshuis-netwerk-midden/groepen/{group.slug}/bewerken/"
    html = client.get(url).content.decode()
    assert 'value="Intervisie Utrecht Oost"' in html and f'href="/groepen/{group.slug}/leden/"' in html
    response = client.post(
        url, form_data(name="Intervisie Utrecht Oost", place="Utrecht", is_closed="True", max_members="10")
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.is_closed, group.status, group.max_members) == (True, GroupStatus.CLOSED, 10)
    assert group.slug == "intervisie-utrecht-oost"  # the address of the group page stays the same
    assert AuditEntry.objects.filter(action="group.changed", actor=alice).count() == 1


def test_manager_cannot_edit_another_organisations_group_through_their_own(
    client, alice, organisation, other_group
):
    client.force_login(alice)
    own_path = f"/organisaties/gezinshuis-netwerk-midden/groepen/{other_group.slug}/bewerken/"
    assert client.get(own_path).status_code == 404
    assert client.post(own_path, form_data(name="Gekaapt")).status_code == 404
    assert (
        client.post(
            f"/organisaties/jeugdzorg-oost/groepen/{other_group.slug}/bewerken/", form_data(name="Gekaapt")
        ).status_code
        == 404
    )
    other_group.refresh_from_db()
    assert other_group.name == "Groep van Oost"


def test_platform_admin_may_manage_any_organisation(client, organisation, group):
    admin = UserFactory(roles=["beheerder"])
    give_totp(admin)
    client.force_login(admin)
    assert client.get("/organisaties/gezinshuis-netwerk-midden/").status_code == 200
    assert "Gezinshuis Netwerk Midden" in client.get("/organisaties/").content.decode()


# --- CSV export and import -------------------------------------------------------------------


def test_export_downloads_the_groups_as_csv(client, alice, group, other_group):
    client.force_login(alice)
    response = client.get("/organisaties/gezinshuis-netwerk-midden/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="groepen-gezinshuis-netwerk-midden-'
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffCode;Naam;")
    assert "Intervisie Utrecht Oost" in content and "Groep van Oost" not in content


def test_import_page_explains_the_file_format(client, alice, organisation):
    client.force_login(alice)
    html = client.get("/organisaties/gezinshuis-netwerk-midden/import/").content.decode()
    assert "puntkomma (;)" in html and "komma (,)" in html and "CSV UTF-8" in html
    assert "<code>gezinshuisouders</code>" in html and "<code>UT</code>" in html


def test_import_round_trip_reports_no_changes(client, alice, group):
    client.force_login(alice)
    exported = client.get("/organisaties/gezinshuis-netwerk-midden/export/").content
    response = client.post(
        "/organisaties/gezinshuis-netwerk-midden/import/", {"file": upload(exported)}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/organisaties/gezinshuis-netwerk-midden/"
    assert "Import klaar. Nieuw: 0. Gewijzigd: 0. Ongewijzigd: 1." in response.content.decode()


def test_import_with_bad_rows_shows_a_table_and_saves_nothing(client, alice, group):
    client.force_login(alice)
    exported = client.get("/organisaties/gezinshuis-netwerk-midden/export/").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported), delimiter=";"))
    rows[0]["Maximaal aantal leden"] = "2"
    rows.append(
        {**rows[0], "Code": "", "Naam": "Nieuw maar fout", "Provincie": "ZZ", "Maximaal aantal leden": "8"}
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.HEADERS, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    response = client.post(
        "/organisaties/gezinshuis-netwerk-midden/import/", {"file": upload(out.getvalue().encode())}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is niets opgeslagen" in html and "We vonden 2 fouten in het bestand." in html
    assert "<tr><td>2</td><td>Maximaal aantal leden</td><td>Het maximum moet minstens even groot zijn" in html
    assert "<tr><td>3</td><td>Provincie</td><td>Onbekende provincie: ZZ." in html
    group.refresh_from_db()
    assert group.max_members == 6
    assert not IntervisionGroup.objects.filter(name="Nieuw maar fout").exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("Code;Naam\nx;é\n".encode("cp1252"), "groepen.csv", "niet opgeslagen als UTF-8"),
        (b"PK\x03\x04\x00\x00", "groepen.xlsx", "de naam eindigt op .csv"),
        (b"Code;Naam\nx;y\n", "groepen.csv", "Deze kolommen ontbreken:"),
        (b"x" * (2 * 1024 * 1024 + 10), "groepen.csv", "Het mag hoogstens 2 MB zijn."),
    ],
)
def test_import_explains_a_file_it_cannot_read(client, alice, organisation, content, name, message):
    client.force_login(alice)
    response = client.post("/organisaties/gezinshuis-netwerk-midden/import/", {"file": upload(content, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IntervisionGroup.objects.exists()


def test_import_without_a_file_asks_for_one(client, alice, organisation):
    client.force_login(alice)
    response = client.post("/organisaties/gezinshuis-netwerk-midden/import/", {})
    assert "Kies een CSV-bestand." in response.content.decode()


def test_import_by_an_outsider_is_404_and_saves_nothing(client, dave, organisation, group):
    client.force_login(dave)
    content = (
        csv_io.groups_to_csv(IntervisionGroup.objects.filter(pk=group.pk))
        .replace("Intervisie Utrecht Oost", "Overgenomen")
        .encode()
    )
    response = client.post("/organisaties/gezinshuis-netwerk-midden/import/", {"file": upload(content)})
    assert response.status_code == 404
    group.refresh_from_db()
    assert group.name == "Intervisie Utrecht Oost"


def test_dashboard_says_how_many_members_have_no_account(client, alice, organisation):
    from tests.factories import GroupFactory

    GroupFactory(
        name="Groep met papieren leden", organisation=organisation, max_members=10, external_members=2
    )
    client.force_login(alice)
    html = client.get(f"/organisaties/{organisation.slug}/").content.decode()
    assert "2 van 10" in html
    assert "(2 leden zonder account)" in html
