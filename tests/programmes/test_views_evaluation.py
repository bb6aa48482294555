"""The participant's pages (programmes/views_evaluation.py): the evaluation overview, a meeting's evaluation,
the final evaluation, the harvest and a student's certificate. Only the placed participant gets them; anyone
else, a superuser too, gets 404; bad input gets a Dutch message at its field with nothing typed lost."""

import re

import pytest
from django.utils import timezone

from intervisie.accreditation.models import Certificate
from intervisie.programmes.models import Harvest, Programme, ProgrammeEvaluation
from intervisie.reflections.models import Evaluation
from tests.factories import MeetingFactory, UserFactory, attend, days_from_today, make_partner
from tests.programmes.evaluation_world import (
    answers,
    contact_for,
    evaluate,
    meetings,
    participant,
    running_programme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return running_programme(name="Bubbel Utrecht")


@pytest.fixture
def student(programme):
    return participant(programme, "student", name="Sanne Student")


def _urls(programme, meeting=None) -> dict:
    base = f"/programmas/{programme.slug}"
    urls = {
        "overview": f"{base}/evaluatie/",
        "final": f"{base}/evaluatie/slot/",
        "certificate": f"{base}/evaluatie/deelnamebewijs/",
        "harvest": f"{base}/oogst/",
    }
    if meeting is not None:
        urls["meeting"] = f"{base}/evaluatie/{meeting.pk}/"
    return urls


def _post_data(signup, score: int = 4, **extra) -> dict:
    data = {key: str(value) for key, value in answers(signup, score).items()}
    data.update(still_bothers="", will_do="", quote="")
    data.update(extra)
    return data


# --- Who gets the pages --------------------------------------------------------------------------------------


def test_only_the_placed_participant_gets_the_pages(client, programme, student, superuser):
    meeting = meetings(programme, count=1)[0]
    urls = _urls(programme, meeting)
    signed_up = participant(programme, "professional")
    signed_up.status = "signed_up"
    signed_up.save(update_fields=["status"])
    partner = make_partner(programme, name="Hogeschool")
    outsiders = [
        superuser,
        programme.kartrekker,
        student.group.begeleider,
        contact_for(partner),
        signed_up.user,
        UserFactory(),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        for name in ("overview", "meeting", "final", "harvest"):
            assert client.get(urls[name]).status_code == 404, (outsider, name)
        for name in ("meeting", "final", "harvest", "certificate"):
            assert client.post(urls[name], _post_data(student)).status_code == 404, (outsider, name)
    assert not ProgrammeEvaluation.objects.exists() and not Harvest.objects.exists()
    client.logout()
    response = client.get(urls["overview"])
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(student.user)
    assert client.get(urls["overview"]).status_code == 200
    assert client.get("/programmas/bestaat-niet/evaluatie/").status_code == 404


def test_the_overview_lists_the_begun_meetings_and_what_was_filled_in(client, programme, student):
    first, second = meetings(programme, count=2)
    MeetingFactory(group=first.group, title="Nog niet", starts_at=days_from_today(5))
    evaluate(student, first)
    client.force_login(student.user)
    page = client.get(_urls(programme)["overview"]).content.decode()
    assert f'href="/programmas/{programme.slug}/evaluatie/{first.pk}/"' in page
    assert f'href="/programmas/{programme.slug}/evaluatie/{second.pk}/"' in page
    assert "Nog niet" not in page
    assert page.count("nog niet ingevuld") == 1 and page.count("<strong>ingevuld</strong>") == 1
    assert "De slotevaluatie kan na de laatste bijeenkomst van je groep." in page
    assert "Je oogst schrijven" in page


# --- A meeting's evaluation ----------------------------------------------------------------------------------


def test_a_meeting_form_with_missing_or_wrong_answers_keeps_what_was_typed(client, programme, student):
    meeting = meetings(programme, count=1)[0]
    url = _urls(programme, meeting)["meeting"]
    client.force_login(student.user)
    page = client.get(url).content.decode()
    assert "Ik heb geoefend met terugkijken op wat ik zelf denk en doe." in page
    assert "1 – helemaal oneens" in page and "5 – heel goed" in page

    data = _post_data(student, still_bothers="Of ik genoeg vroeg.", quote="Mooi gesprek.")
    del data["reflection"]
    data["practice"] = "7"
    response = client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "reflection": ["Kies een cijfer van 1 tot en met 5."],
        "practice": ["Kies een cijfer van 1 tot en met 5."],
    }
    html = response.content.decode()
    assert "Of ik genoeg vroeg.</textarea>" in html and "Mooi gesprek.</textarea>" in html
    assert not ProgrammeEvaluation.objects.exists() and not Evaluation.objects.exists()


def test_a_meeting_evaluation_is_saved_and_changed_not_doubled(client, programme, student):
    meeting = meetings(programme, count=1)[0]
    urls = _urls(programme, meeting)
    client.force_login(student.user)
    response = client.post(urls["meeting"], _post_data(student, 2, will_do="Doorvragen.", may_quote="on"))
    assert response.status_code == 302 and response["Location"] == urls["overview"]
    response = client.post(
        urls["meeting"], _post_data(student, 5, quote="Ik zag andere rollen.", may_quote="on")
    )
    assert response.status_code == 302
    evaluation = ProgrammeEvaluation.objects.get()
    assert evaluation.answers == {"reflection": 5, "learning_from_others": 5, "practice": 5}
    assert (evaluation.quote, evaluation.may_quote) == ("Ik zag andere rollen.", True)
    assert Evaluation.objects.get(meeting=meeting, user=student.user).how_it_went == 5
    page = client.get(urls["meeting"]).content.decode()
    assert "Je hebt deze evaluatie al ingevuld." in page
    assert re.search(r'<input type="radio" name="practice" value="5"[^>]* checked>', page)
    assert not re.search(r'<input type="radio" name="practice" value="[1-4]"[^>]* checked>', page)
    assert "Ik zag andere rollen.</textarea>" in page


def test_a_quote_with_a_name_is_refused_at_its_field(client, programme, student):
    meeting = meetings(programme, count=1)[0]
    client.force_login(student.user)
    response = client.post(
        _urls(programme, meeting)["meeting"],
        _post_data(student, quote="Jan de Vries uit Amersfoort hielp mij.", may_quote="on"),
    )
    assert response.status_code == 400
    [message] = response.context["form"].errors["quote"]
    assert message.startswith("Dit lezen de kartrekker en de partners.")
    assert not ProgrammeEvaluation.objects.exists()


def test_another_groups_meeting_is_404_and_one_still_to_come_waits(client, programme, student):
    other = meetings(programme, group=1, count=1)[0]
    coming = MeetingFactory(group=student.group.group, starts_at=days_from_today(4))
    client.force_login(student.user)
    assert client.get(_urls(programme, other)["meeting"]).status_code == 404
    assert client.get(f"/programmas/{programme.slug}/evaluatie/99999999/").status_code == 404
    assert client.get(f"/programmas/{programme.slug}/evaluatie/{2**70}/").status_code == 404  # beyond bigint
    response = client.get(_urls(programme, coming)["meeting"], follow=True)
    assert response.redirect_chain == [(_urls(programme)["overview"], 302)]
    assert "Je kunt een bijeenkomst evalueren zodra hij begonnen is." in response.content.decode()


# --- The final evaluation ------------------------------------------------------------------------------------


def test_the_final_evaluation_after_the_last_meeting(client, programme, student):
    meetings(programme, count=2)
    coming = MeetingFactory(group=student.group.group, starts_at=days_from_today(4))
    urls = _urls(programme)
    client.force_login(student.user)
    response = client.get(urls["final"], follow=True)
    assert "De slotevaluatie kan na de laatste bijeenkomst van je groep." in response.content.decode()
    coming.delete()
    page = client.get(urls["final"]).content.decode()
    assert "Hoe vond je Intervisie buiten je bubbel als geheel?" in page
    assert "Ik raad anderen aan om mee te doen." in page
    data = {key: "4" for key in answers(student, final=True)}
    bad = {**data, "recommend": "0", "quote": "Fijn jaar."}
    response = client.post(urls["final"], bad)
    assert response.status_code == 400
    assert response.context["form"].errors == {"recommend": ["Kies een cijfer van 1 tot en met 5."]}
    assert "Fijn jaar.</textarea>" in response.content.decode()
    assert client.post(urls["final"], data).status_code == 302
    assert client.post(urls["final"], {**data, "recommend": "5"}).status_code == 302
    final = ProgrammeEvaluation.objects.get(is_final=True)
    assert final.answers["recommend"] == 5
    assert "Je hebt de slotevaluatie ingevuld." in client.get(urls["overview"]).content.decode()


# --- The harvest ---------------------------------------------------------------------------------------------


def test_the_harvest_keeps_what_was_typed_and_its_private_text_stays_private(
    client, programme, student, superuser
):
    urls = _urls(programme)
    client.force_login(student.user)
    response = client.post(
        urls["harvest"], {"private_text": "Mijn geheime les.", "shared_text": "", "share": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"shared_text": ["Schrijf eerst de tekst die je wilt delen."]}
    assert "Mijn geheime les.</textarea>" in response.content.decode()
    assert not Harvest.objects.exists()
    response = client.post(
        urls["harvest"],
        {"private_text": "Mijn geheime les.", "shared_text": "Samen kijken werkt.", "share": "on"},
    )
    assert response.status_code == 302
    assert "Mijn geheime les.</textarea>" in client.get(urls["harvest"]).content.decode()

    # Nobody else reads the private text: not the pages of the kartrekker, the begeleider, a partner or an admin.
    partner = make_partner(programme, name="Hogeschool")
    student.partner = partner
    student.save(update_fields=["partner"])
    pages = [
        (programme.kartrekker, f"/programmas/{programme.slug}/verslag/"),
        (programme.kartrekker, f"/programmas/{programme.slug}/verslag.pdf"),
        (student.group.begeleider, f"/programmas/{programme.slug}/verslag/"),
        (contact_for(partner), f"/programmas/{programme.slug}/partner/{partner.code}/"),
    ]
    for person, url in pages:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"Mijn geheime les." not in response.content
    client.force_login(programme.kartrekker)
    report = client.get(f"/programmas/{programme.slug}/verslag/").content.decode()
    # One person placed: even the shared text would point at its writer (test_report.py shows it from five).
    assert "Samen kijken werkt." not in report and "Minder dan 5 deelnemers: niet getoond." in report
    for person in (superuser, programme.kartrekker, student.group.begeleider):
        client.force_login(person)
        assert client.get(urls["harvest"]).status_code == 404


# --- A student's certificate ---------------------------------------------------------------------------------


def test_a_student_downloads_one_certificate_once_the_meetings_are_over(client, programme, student):
    Programme.objects.filter(pk=programme.pk).update(min_attendance_commitment=2)
    held = meetings(programme, count=3)
    for meeting in held[:2]:
        attend(meeting, student.user)
    coming = MeetingFactory(group=student.group.group, starts_at=days_from_today(4))
    urls = _urls(programme)
    client.force_login(student.user)
    assert (
        "Na de laatste bijeenkomst kun je hier een deelnamebewijs"
        in client.get(urls["overview"]).content.decode()
    )
    response = client.post(urls["certificate"], follow=True)
    assert "na de laatste bijeenkomst van je groep" in response.content.decode()
    assert not Certificate.objects.exists()

    coming.delete()
    page = client.get(urls["overview"]).content.decode()
    assert "Download je deelnamebewijs</button>" in page
    response = client.post(urls["certificate"])
    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/uren/certificaat/{certificate.code}.pdf"
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.post(urls["certificate"])["Location"] == response["Location"]
    assert Certificate.objects.count() == 1
    page = client.get(urls["overview"]).content.decode()
    assert f'href="/uren/certificaat/{certificate.code}.pdf"' in page
    assert f'href="/verifieer/{certificate.code}/"' in page
    check = client.get(f"/verifieer/{certificate.code}/").content.decode()
    assert (
        "Sanne Student" in check
        and certificate.period_end.year == timezone.localdate(held[-1].starts_at).year
    )


def test_the_certificate_is_for_students_who_came_often_enough(client, programme, student):
    meetings(programme, count=5)
    client.force_login(student.user)
    page = client.get(_urls(programme)["overview"]).content.decode()
    assert "Je was bij 0 bijeenkomsten. Een deelnamebewijs krijg je als je bij minstens 4" in page
    response = client.post(_urls(programme)["certificate"], follow=True)
    assert "Je was bij 0 bijeenkomsten." in response.content.decode()
    professional = participant(programme, "professional")
    client.force_login(professional.user)
    assert "deelnamebewijs" not in client.get(_urls(programme)["overview"]).content.decode()
    assert client.post(_urls(programme)["certificate"]).status_code == 404
    assert not Certificate.objects.exists()
