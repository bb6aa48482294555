"""The partners' pages and the report pages (programmes/views_partner.py). A partner contact sees only their
own partner: numbers, names only with consent, figures of five people or more; anyone else, another partner's
contact, the kartrekker and a superuser included, gets 404. The kartrekker and the begeleiders read the
programme's report; only the kartrekker sends the partners theirs, after confirming."""

import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from intervisie.common.models import AuditEntry
from tests.factories import UserFactory, attend, make_partner
from tests.programmes.evaluation_world import contact_for, evaluate, meetings, participant, running_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return running_programme(name="Bubbel Utrecht")


@pytest.fixture
def noord(programme):
    return make_partner(
        programme,
        name="Wijkteam Noord",
        commitments={"professional": 4},
        pays_hours=True,
        paid_hours=10,
    )


@pytest.fixture
def oost(programme):
    return make_partner(programme, name="Jeugdbescherming Oost")


def _partner_url(partner) -> str:
    return f"/programmas/{partner.programme.slug}/partner/{partner.code}/"


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


# --- The partner's page ------------------------------------------------------------------------------------


def test_a_partners_page_is_for_its_own_contacts_only(client, programme, noord, oost, superuser):
    ours = contact_for(noord)
    theirs = contact_for(oost)
    pdf_url = _partner_url(noord) + "verslag.pdf"
    begeleider = programme.groups.first().begeleider
    for outsider in (theirs, programme.kartrekker, begeleider, superuser, UserFactory()):
        client.force_login(outsider)
        assert client.get(_partner_url(noord)).status_code == 404, outsider
        assert client.get(pdf_url).status_code == 404, outsider
    client.force_login(theirs)
    assert client.get(_partner_url(oost)).status_code == 200
    client.force_login(ours)
    assert client.get(_partner_url(noord)).status_code == 200
    assert client.get(f"/programmas/{programme.slug}/partner/bestaat-niet/").status_code == 404
    # The same code in another programme is another partner.
    elsewhere = running_programme(name="Bubbel Zeist")
    make_partner(elsewhere, name="Wijkteam Noord")
    assert client.get(f"/programmas/{elsewhere.slug}/partner/{noord.code}/").status_code == 404
    client.logout()
    response = client.get(_partner_url(noord))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_partner_sees_its_recruits_in_numbers_and_only_consenting_names(client, programme, noord, oost):
    participant(programme, "professional", partner=noord, name="Petra Zichtbaar", share_with_partner=True)
    participant(programme, "professional", partner=noord, name="Pim Verborgen")
    participant(programme, "student", partner=oost, name="Otto Oost", share_with_partner=True)
    client.force_login(contact_for(noord))
    page = client.get(_partner_url(noord)).content.decode()
    assert "Petra Zichtbaar" in page
    assert "Pim Verborgen" not in page and "Otto Oost" not in page
    assert "Jeugdbescherming Oost" not in page
    row = page.split('<th scope="row">Professional</th>')[1].split("</tr>")[0]
    # committed, awaiting consent, signed up, invited, reserve, placed, declined, withdrawn, total
    assert row.count('<td class="num">') == 9
    assert [cell.split("<")[0] for cell in row.split('<td class="num">')[1:]] == [
        "4",
        "0",
        "0",
        "0",
        "0",
        "2",
        "0",
        "0",
        "2",
    ]
    assert "Jullie betalen 10 uur per deelnemer." in page


def test_a_partners_figures_appear_from_five_people(client, programme, noord):
    meeting = meetings(programme, count=1)[0]
    people = [participant(programme, "professional", partner=noord) for _ in range(5)]
    for person, score in zip(people[:4], (2, 3, 4, 5), strict=True):
        evaluate(person, meeting, score)
        attend(meeting, person.user)
    client.force_login(contact_for(noord))
    page = client.get(_partner_url(noord)).content.decode()
    assert "Te weinig antwoorden om te tonen." in page
    assert "3,5" not in page
    assert "Bestede uren" in page  # five placed people: attendance is shown
    evaluate(people[4], meeting, 5)
    attend(meeting, people[4].user)
    page = client.get(_partner_url(noord)).content.decode()
    assert '<td class="num">3,8</td>' in page
    assert "5 deelnemers gaven antwoord." in page
    assert "Voor 5 deelnemers is dat 50 uur; besteed tot nu toe: 10 uur." in page


def test_a_partner_with_four_people_sees_no_attendance_or_hours(client, programme, noord):
    meeting = meetings(programme, count=1)[0]
    for _ in range(4):
        attend(meeting, participant(programme, "student", partner=noord).user)
    client.force_login(contact_for(noord))
    page = client.get(_partner_url(noord)).content.decode()
    # Two response rows, attendance, and the quotes and shared texts (they would point at their writers).
    assert page.count("Minder dan 5 deelnemers: niet getoond.") == 5
    assert "Bestede uren" not in page and "besteed tot nu toe" not in page


def test_a_partner_downloads_its_own_report_as_pdf(client, programme, noord, oost):
    participant(programme, "professional", partner=oost, name="Otto Oost")
    client.force_login(contact_for(noord))
    response = client.get(_partner_url(noord) + "verslag.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="evaluatieverslag-{programme.slug}-{noord.code}.pdf"'
    )
    text = _pdf_text(response.content)
    assert "Evaluatie van Bubbel Utrecht voor Wijkteam Noord" in text
    assert "Ingedeelde deelnemers 0" in text
    assert "Otto" not in text and "Jeugdbescherming" not in text


# --- A contact's partners ----------------------------------------------------------------------------------


def _mine(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/programmas/partner/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_contact_lists_their_partners_in_every_programme(client, programme, noord, oost):
    person = UserFactory()
    client.force_login(person)
    _count, page = _mine(client)
    assert "Je bent nog voor geen enkele organisatie contactpersoon" in page

    contact_for(noord, person)
    one, page = _mine(client)
    assert f'href="{_partner_url(noord)}"' in page and "Jeugdbescherming Oost" not in page

    for name in ("Bubbel Zeist", "Bubbel Houten"):
        contact_for(make_partner(running_programme(name=name), name=f"Partner in {name}"), person)
    three, page = _mine(client)
    assert one == three
    assert (
        page.index("Partner in Bubbel Houten")
        < page.index("Partner in Bubbel Zeist")
        < page.index("Wijkteam Noord")
    )
    assert "Jeugdbescherming Oost" not in page


# --- The programme's report ----------------------------------------------------------------------------------


def test_the_report_is_for_the_kartrekker_and_the_begeleiders(client, programme, noord, superuser):
    meeting = meetings(programme, count=1)[0]
    for score in (1, 2, 3, 4, 5):
        evaluate(participant(programme, "student", name=f"Student {score}"), meeting, score)
    url = f"/programmas/{programme.slug}/verslag/"
    for outsider in (contact_for(noord), superuser, UserFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(f"/programmas/{programme.slug}/verslag.pdf").status_code == 404
        assert client.get(url + "versturen/").status_code == 404
    client.force_login(programme.kartrekker)
    page = client.get(url).content.decode()
    assert "Evaluatie van Bubbel Utrecht" in page
    assert '<td class="num">3,0</td>' in page
    assert "Student 1" not in page
    assert f'href="/programmas/{programme.slug}/verslag/versturen/"' in page
    begeleider = programme.groups.first().begeleider
    client.force_login(begeleider)
    page = client.get(url).content.decode()
    assert '<td class="num">3,0</td>' in page
    assert "versturen" not in page
    assert client.get(url + "versturen/").status_code == 404
    assert client.post(url + "versturen/", {"confirm": "on"}).status_code == 404
    response = client.get(f"/programmas/{programme.slug}/verslag.pdf")
    assert response.status_code == 200
    assert "Gemiddeld" in _pdf_text(response.content)


def test_sending_asks_for_confirmation_then_mails_each_partner_its_own_pdf(client, programme, noord, oost):
    collega = contact_for(noord, UserFactory(email="collega@example.nl"))
    assert collega
    url = f"/programmas/{programme.slug}/verslag/versturen/"
    client.force_login(programme.kartrekker)
    page = client.get(url).content.decode()
    assert "Wijkteam Noord: 2 ontvangers" in page and "Jeugdbescherming Oost: 1 ontvanger" in page
    mail.outbox.clear()
    response = client.post(url, {})
    assert response.status_code == 400
    assert response.context["form"].errors == {"confirm": ["Vink aan dat je de verslagen wilt versturen."]}
    assert mail.outbox == []
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert response.redirect_chain == [(f"/programmas/{programme.slug}/verslag/", 302)]
    assert "3 e-mails, elk met de PDF van de eigen partner" in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "collega@example.nl",
        oost.contact_email,
        noord.contact_email,
    ]
    for message in mail.outbox:
        [(name, content, mimetype)] = message.attachments
        assert mimetype == "application/pdf"
        partner = noord if message.to[0] != oost.contact_email else oost
        assert name == f"evaluatieverslag-{programme.slug}-{partner.code}.pdf"
        assert f"voor {partner.name}" in _pdf_text(content)
    assert AuditEntry.objects.filter(action="programme.report_sent").count() == 1
    assert "Laatst verstuurd op" in response.content.decode()


def test_sending_before_the_programme_runs_is_refused_at_the_form(client, noord):
    programme = noord.programme
    type(programme).objects.filter(pk=programme.pk).update(status="composing")
    client.force_login(programme.kartrekker)
    mail.outbox.clear()
    response = client.post(f"/programmas/{programme.slug}/verslag/versturen/", {"confirm": "on"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Het verslag kan naar de partners zodra het programma loopt."
    ]
    assert mail.outbox == []
