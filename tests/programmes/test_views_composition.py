"""The composition board (issue 13): the kartrekker composes, moves with immediate rule feedback, pins and
publishes after a confirmation page; a begeleider reads their own group; a placed participant commits to a
number of meetings. Everyone else gets 404."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intervisie.programmes import composition, publication
from intervisie.programmes.domain import set_programme_status, signup_link_account
from intervisie.programmes.enums import ProgrammeStatus
from intervisie.programmes.models import PartnerContact, Programme, Signup
from tests.factories import UserFactory, give_totp, make_partner, make_programme, make_signup
from tests.programmes.test_composition import TWELVE

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def composing(people=TWELVE, **fields) -> Programme:
    programme = make_programme(name="Buiten je bubbel Utrecht", **fields)
    for n, (category, extra) in enumerate(people):
        make_signup(programme, category, status="invited", name=f"Persoon {n:02d}", **extra)
    set_programme_status(programme=programme, status=ProgrammeStatus.COMPOSING, by=programme.kartrekker)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def programme(db):
    return composing()


@pytest.fixture
def composed(programme):
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def kartrekker(client, programme):
    give_totp(programme.kartrekker)
    client.force_login(programme.kartrekker)
    return programme.kartrekker


def url(programme, name: str = "") -> str:
    base = f"/programmas/{programme.slug}/beheer/indeling/"
    return base + (f"{name}/" if name else "")


def html(response) -> str:
    return response.content.decode()


# --- Who may open it --------------------------------------------------------------------------------------


def test_outsiders_partner_contacts_and_superusers_get_404_everywhere(client, composed, charlie, superuser):
    partner = make_partner(composed, name="Wijkteam Noord")
    contact = UserFactory(email=partner.contact_email)
    PartnerContact.objects.create(partner=partner, user=contact)
    begeleider = composed.groups.first().begeleider
    signup = Signup.objects.filter(programme=composed).first()
    requests = [
        ("get", url(composed), {}),
        ("post", url(composed, "indelen"), {}),
        ("post", url(composed, "verplaatsen"), {"signup": signup.pk, "group": ""}),
        ("post", url(composed, "vastzetten"), {"signup": signup.pk, "locked": "1"}),
        ("get", url(composed, "bekendmaken"), {}),
        ("post", url(composed, "bekendmaken"), {}),
        ("get", f"/programmas/{composed.slug}/toezegging/", {}),
    ]
    for person in (charlie, contact, superuser):
        client.force_login(person)
        for method, address, data in requests:
            assert getattr(client, method)(address, data).status_code == 404, (person, address)
    # The begeleider reads the board, and changes nothing.
    client.force_login(begeleider)
    assert client.get(url(composed)).status_code == 200
    for method, address, data in requests[1:6]:
        assert getattr(client, method)(address, data).status_code == 404, address
    client.logout()
    response = client.get(url(composed))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Programme.objects.get(pk=composed.pk).published_at is None


def test_a_begeleider_sees_only_their_own_groups_people_and_no_buttons(client, composed):
    group_a, group_b = composed.groups.order_by("position")
    client.force_login(group_a.begeleider)
    page = html(client.get(url(composed)))
    for signup in Signup.objects.filter(group=group_a):
        assert signup.name in page
    for signup in Signup.objects.filter(group=group_b):
        assert signup.name not in page
    assert 'id="compose"' not in page and "Verplaats" not in page and "bekendmaken" not in page


# --- The board ----------------------------------------------------------------------------------------------


def test_the_board_shows_groups_members_the_mix_and_the_actions(client, composed, kartrekker):
    response = client.get(url(composed))
    page = html(response)
    assert response.status_code == 200
    for group in composed.groups.select_related("begeleider"):
        assert f"Begeleider: {group.begeleider.name}" in page
    for signup in Signup.objects.filter(programme=composed):
        assert signup.name in page
    assert page.count("studenten: 2 van 2") == 2 and page.count("ouders: 1 van 1") == 2
    assert "Alle regels kloppen" in page
    hand = composition.board(composed).comparison["hand_deal_pairs"]
    assert (
        "Twee mensen van dezelfde organisatie of opleiding in één groep: 0 keer. Met de hand verdeeld (op volgorde "
        f"van organisatie, om de beurt een groep) zou dat {hand} keer zijn."
    ) in " ".join(page.split())
    assert 'id="compose"' in page and 'id="compose-minimal"' in page
    assert "Groepen bekendmaken" in page
    assert "gewenste samenstelling: 2 studenten, 2 professionals, 1 ouder, 1 jongere." in " ".join(
        page.split()
    )


def test_compose_over_htmx_answers_with_the_board_and_says_how_long_it_took(client, programme, kartrekker):
    response = client.post(url(programme, "indelen"), **HTMX)
    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="board-feedback" hx-swap-oob="innerHTML">')
    assert "Indeling gemaakt in" in page and "<html" not in page
    assert not Signup.objects.filter(programme=programme, group__isnull=True).exists()


def test_compose_minimal_reports_how_many_changed(client, composed, kartrekker):
    page = html(client.post(url(composed, "indelen"), {"minimal": "1"}, **HTMX))
    assert "0 mensen zijn van groep veranderd." in page


def test_compose_when_not_composing_says_why(client, kartrekker, programme):
    set_programme_status(programme=programme, status=ProgrammeStatus.RECRUITING, by=programme.kartrekker)
    response = client.post(url(programme, "indelen"))
    assert response.status_code == 400
    assert "zet het programma eerst op ‘Groepen indelen’" in html(response)


def test_a_move_that_breaks_the_mix_says_so_at_once(client, composed, kartrekker):
    group_a, group_b = composed.groups.order_by("position")
    student = Signup.objects.filter(group=group_a, category="student").first()
    response = client.post(url(composed, "verplaatsen"), {"signup": student.pk, "group": group_b.pk}, **HTMX)
    page = html(response)
    assert f"{student.name} zit nu in Groep B." in page
    assert "Deze verplaatsing breekt een regel:" in page
    assert "Groep A heeft 1 student; de mix vraagt er 2" in page
    back = html(
        client.post(url(composed, "verplaatsen"), {"signup": student.pk, "group": group_a.pk}, **HTMX)
    )
    assert "Deze verplaatsing breekt geen regels." in back and "Opgelost door deze verplaatsing:" in back


def test_a_move_out_of_every_group_lists_the_person_as_unplaced(client, composed, kartrekker):
    signup = Signup.objects.filter(programme=composed, category="ouder").first()
    page = html(client.post(url(composed, "verplaatsen"), {"signup": signup.pk, "group": ""}))
    assert f"{signup.name} zit nu in geen groep." in page
    assert "1 uitgenodigde zonder groep" in page
    assert Signup.objects.get(pk=signup.pk).group is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"signup": "abc", "group": ""}, "Deze persoon hoort niet bij de uitgenodigden van dit programma."),
        ({"signup": "²", "group": ""}, "Deze persoon hoort niet bij de uitgenodigden van dit programma."),
        ({"signup": "99999999999999999999", "group": ""}, "Deze persoon hoort niet bij de uitgenodigden"),
        ({"group": ""}, "Deze persoon hoort niet bij de uitgenodigden van dit programma."),
        ({"signup": "SIGNUP", "group": "123456"}, "Kies een groep uit de lijst."),
    ],
)
def test_bad_move_input_gets_a_dutch_message_and_changes_nothing(client, composed, kartrekker, data, message):
    signup = Signup.objects.filter(programme=composed).first()
    data = {k: (str(signup.pk) if v == "SIGNUP" else v) for k, v in data.items()}
    before = dict(Signup.objects.filter(programme=composed).values_list("pk", "group_id"))
    response = client.post(url(composed, "verplaatsen"), data)
    assert response.status_code == 400 and message in html(response)
    htmx = client.post(url(composed, "verplaatsen"), data, **HTMX)
    assert htmx.status_code == 200 and message in html(htmx)
    assert dict(Signup.objects.filter(programme=composed).values_list("pk", "group_id")) == before


def test_a_signup_of_another_programme_cannot_be_moved(client, composed, kartrekker):
    other = composing(TWELVE[:2])
    stranger = Signup.objects.filter(programme=other).first()
    response = client.post(url(composed, "verplaatsen"), {"signup": stranger.pk, "group": ""})
    assert response.status_code == 400
    assert "Deze persoon hoort niet bij de uitgenodigden van dit programma." in html(response)


def test_pin_a_person_and_a_group_and_release_them(client, composed, kartrekker):
    group = composed.groups.first()
    signup = Signup.objects.filter(group=group).first()
    page = html(client.post(url(composed, "vastzetten"), {"signup": signup.pk, "locked": "1"}, **HTMX))
    assert Signup.objects.get(pk=signup.pk).locked and "Losmaken" in page
    client.post(url(composed, "vastzetten"), {"group": group.pk, "locked": "1"})
    group.refresh_from_db()
    assert group.locked
    assert "Groep A losmaken" in html(client.get(url(composed)))
    client.post(url(composed, "vastzetten"), {"signup": signup.pk, "locked": "0"})
    assert not Signup.objects.get(pk=signup.pk).locked


def test_pin_of_an_unknown_group_or_person_is_404_and_nothing_is_400(client, composed, kartrekker):
    other = composing(TWELVE[:2])
    assert client.post(url(composed, "vastzetten"), {"group": other.groups.first().pk}).status_code == 404
    stranger = Signup.objects.filter(programme=other).first()
    assert client.post(url(composed, "vastzetten"), {"signup": stranger.pk, "locked": "1"}).status_code == 404
    assert client.post(url(composed, "vastzetten"), {"signup": "x"}).status_code == 404


def test_pinning_an_unplaced_person_says_why(client, programme, kartrekker):
    signup = Signup.objects.filter(programme=programme).first()
    response = client.post(url(programme, "vastzetten"), {"signup": signup.pk, "locked": "1"})
    assert response.status_code == 400 and "Zet iemand eerst in een groep" in html(response)


def test_the_board_asks_the_same_number_of_queries_for_one_and_three_people_per_group(client, kartrekker):
    def count(programme) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(programme))
        assert response.status_code == 200
        return len(queries)

    small = composing(TWELVE[:2], kartrekker=kartrekker, group_size_min=1)
    composition.composition_compose(programme=small, by=kartrekker)
    large = composing(TWELVE[:6], kartrekker=kartrekker, group_size_min=1)
    composition.composition_compose(programme=large, by=kartrekker)
    assert count(small) == count(large)


# --- Publishing --------------------------------------------------------------------------------------------


def test_publish_asks_first_and_then_makes_the_groups_known(client, composed, kartrekker):
    page = html(client.get(url(composed, "bekendmaken")))
    assert "2 groepen worden een intervisiegroep" in page
    assert "12 mensen krijgen een e-mail met hun groep" in page
    assert "Elke groep krijgt 6 bijeenkomsten" in page and "De methode Buiten je bubbel" in page
    assert "al voorbij" not in page
    assert 'id="publish-confirm"' in page
    assert Programme.objects.get(pk=composed.pk).published_at is None
    mail.outbox.clear()

    response = client.post(url(composed, "bekendmaken"))
    assert response.status_code == 302 and response["Location"] == url(composed)
    composed.refresh_from_db()
    assert composed.status == ProgrammeStatus.RUNNING and composed.published_at is not None
    assert len(mail.outbox) == 12 + 2
    follow = html(client.get(url(composed)))
    assert "De groepen zijn bekendgemaakt. 12 mensen kregen een e-mail" in follow
    assert "0 van 6 hebben toegezegd hoe vaak ze er zijn." in follow

    second = client.post(url(composed, "bekendmaken"))
    assert second.status_code == 400
    assert "Er is niemand nieuw om bekend te maken" in html(second)
    assert len(mail.outbox) == 12 + 2


def test_publish_page_lists_what_stands_in_the_way(client, programme, kartrekker):
    page = html(client.get(url(programme, "bekendmaken")))
    assert "Bekendmaken kan nog niet:" in page and "Er is nog geen indeling" in page
    assert 'id="publish-confirm"' not in page
    assert client.post(url(programme, "bekendmaken")).status_code == 400


# --- The attendance commitment -----------------------------------------------------------------------------


@pytest.fixture
def placed(client, composed):
    user = UserFactory()
    signup = Signup.objects.filter(programme=composed, category="professional").first()
    signup_link_account(signup=signup, user=user)
    publication.composition_publish(programme=composed, by=composed.kartrekker)
    client.force_login(user)
    return Signup.objects.get(pk=signup.pk)


def test_a_placed_participant_commits_to_a_number_of_meetings(client, placed):
    address = f"/programmas/{placed.programme.slug}/toezegging/"
    page = html(client.get(address))
    assert "vrijwillig, maar niet vrijblijvend" in page and "Kies een aantal van 4 tot en met 5." in page
    response = client.post(address, {"count": "5"})
    assert response.status_code == 302
    assert Signup.objects.get(pk=placed.pk).attendance_commitment == 5
    assert "Je hebt toegezegd dat je bij 5 bijeenkomsten bent." in html(client.get(address))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3", "Kies minstens 4."),
        ("6", "Kies hoogstens 5."),
        ("vier", "Vul een heel getal in"),
        ("", "Vul een getal in."),
    ],
)
def test_a_commitment_outside_the_range_gets_a_message_at_the_field(client, placed, value, message):
    response = client.post(f"/programmas/{placed.programme.slug}/toezegging/", {"count": value})
    assert response.status_code == 400
    page = html(response)
    assert message in page and 'id="id_count_error"' in page
    assert f'name="count" value="{value}"' in page or not value  # what was typed stays
    assert Signup.objects.get(pk=placed.pk).attendance_commitment is None


def test_the_board_shows_who_committed(client, placed):
    publication.attendance_commitment_set(signup=placed, count=4, by=None)
    give_totp(placed.programme.kartrekker)
    client.force_login(placed.programme.kartrekker)
    page = html(client.get(url(placed.programme)))
    assert "Zegt toe: 4 bijeenkomsten" in page
    assert "1 van 6 hebben toegezegd hoe vaak ze er zijn." in page


def test_someone_not_placed_gets_404_on_the_commitment_page(client, composed):
    user = UserFactory()
    signup = Signup.objects.filter(programme=composed).first()
    signup_link_account(signup=signup, user=user)
    client.force_login(user)
    assert client.get(f"/programmas/{composed.slug}/toezegging/").status_code == 404
