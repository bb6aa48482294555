"""The report's pages (issue 12, step 7): the begeleider starts, writes, shares and sends it; a participant
reads and answers; the client downloads the sent PDF with their follow link's token. Everyone else gets
404, a superuser too; bad input gets a Dutch message at its field with nothing typed lost."""

import io

import pytest
from django.conf import settings
from django.core import mail
from pypdf import PdfReader

from intervisie.groups.enums import MembershipState
from intervisie.trajectories.enums import ReportRule, ReportStatus, TrajectoryState
from intervisie.trajectories.models import Report
from intervisie.trajectories.reporting import (
    ReportText,
    report_client_link,
    report_respond,
    report_save,
    report_start,
    set_report_status,
)
from tests.factories import MembershipFactory, ProviderFactory, UserFactory, give_totp
from tests.trajectories.test_reporting import (
    ADVICE,
    CASE_MARKER,
    CONCLUSIONS,
    REFLECTION_MARKER,
    build_reporting,
)

pytestmark = pytest.mark.django_db
R = ReportStatus
S = TrajectoryState


@pytest.fixture
def world(db):
    return build_reporting()


def _urls(trajectory) -> dict:
    base = f"/trajecten/traject/{trajectory.pk}/rapport"
    return {
        "page": f"{base}/",
        "edit": f"{base}/schrijven/",
        "start": f"{base}/beginnen/",
        "share": f"{base}/delen/",
        "send": f"{base}/versturen/",
        "pdf": f"/trajecten/traject/{trajectory.pk}/rapport.pdf",
        "client_pdf": f"/trajecten/rapport/{trajectory.follow_token}/pdf/",
    }


def _shared(world) -> Report:
    report = report_start(trajectory=world.trajectory, by=world.bea)
    report_save(report=report, text=ReportText(conclusions=CONCLUSIONS, advice=ADVICE), by=world.bea)
    set_report_status(report, R.SHARED, by=world.bea)
    report.refresh_from_db()
    return report


def _form_data(**overrides) -> dict:
    data = {
        "conclusions": CONCLUSIONS,
        "advice": ADVICE,
        "methods_text": "",
        "aspects_text": "",
        "rule": ReportRule.ALL,
    }
    data.update(overrides)
    return data


# --- Who gets which page -----------------------------------------------------------------------------------


def _other_begeleider():
    other = UserFactory(email="ander@example.nl", roles=["begeleider"])
    give_totp(other)
    ProviderFactory(name="Andere praktijk").members.create(user=other, is_owner=True)
    return other


def test_the_begeleiders_pages_are_for_the_providers_begeleiders_only(client, world):
    report = _shared(world)
    urls = _urls(world.trajectory)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    give_totp(superuser)
    for outsider in (world.sanne, world.iris, _other_begeleider(), UserFactory(), superuser):
        client.force_login(outsider)
        for name in ("edit", "pdf"):
            assert client.get(urls[name]).status_code == 404, (outsider, name)
        for name in ("edit", "start", "share", "send"):
            assert client.post(urls[name], _form_data(confirm="on")).status_code == 404, (outsider, name)
    report.refresh_from_db()
    assert (report.status, report.conclusions) == (R.SHARED, CONCLUSIONS)
    client.force_login(world.bea)
    assert client.get(urls["edit"]).status_code == 200
    client.logout()
    response = client.get(urls["edit"])
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_participants_page_is_for_members_and_trial_only(client, world):
    _shared(world)
    url = _urls(world.trajectory)["page"]
    trial = UserFactory(name="Tim Proef")

    MembershipFactory(user=trial, group=world.group, state=MembershipState.TRIAL)
    for person in (world.sanne, trial):
        client.force_login(person)
        assert client.get(url).status_code == 200
    superuser = UserFactory(is_superuser=True, is_staff=True)
    give_totp(superuser)
    # The begeleider has their own page; someone in the kennismaking did not take part.
    for outsider in (world.iris, world.bea, UserFactory(), superuser):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "akkoord"}).status_code == 404
    assert not Report.objects.get().responses.exists()


# --- The begeleider's way through ------------------------------------------------------------------------------


def test_the_begeleider_starts_writes_shares_and_sends_through_the_pages(client, world):
    urls = _urls(world.trajectory)
    client.force_login(world.bea)
    page = client.get(urls["edit"]).content.decode()
    assert "Rapport beginnen" in page
    response = client.post(urls["start"], follow=True)
    assert "Het rapport is begonnen." in response.content.decode()
    world.trajectory.refresh_from_db()
    assert world.trajectory.state == S.REPORTING
    response = client.post(urls["edit"], _form_data(show_names="on"), follow=True)
    assert "Het rapport is opgeslagen." in response.content.decode()
    report = Report.objects.get()
    assert (report.conclusions, report.show_names) == (CONCLUSIONS, True)
    mail.outbox.clear()
    response = client.post(urls["share"], follow=True)
    assert "3 deelnemers krijgen een e-mail" in response.content.decode()
    assert len(mail.outbox) == 3
    for person in world.participants:
        report_respond(report=report, user=person, approves=True)
    page = client.get(urls["edit"]).content.decode()
    assert "De groep is akkoord." in page and "3 van de 3 deelnemers" in page
    # Sending needs the box ticked: the message is at the field, nothing is sent.
    response = client.post(urls["send"], {})
    assert response.status_code == 200
    assert "Vink aan dat je het rapport wilt versturen." in response.content.decode()
    report.refresh_from_db()
    assert report.status == R.APPROVED
    mail.outbox.clear()
    response = client.post(urls["send"], {"confirm": "on"}, follow=True)
    assert "Het rapport is verstuurd." in response.content.decode()
    report.refresh_from_db()
    world.trajectory.refresh_from_db()
    assert (report.status, world.trajectory.state) == (R.SENT, S.REPORT_SENT)
    assert [m.to for m in mail.outbox] == [[world.trajectory.contact_email]]
    # A second click changes nothing and says why.
    response = client.post(urls["send"], {"confirm": "on"}, follow=True)
    assert (
        "Dit kan nu niet: het rapport staat op “Verstuurd naar de opdrachtgever”."
        in response.content.decode()
    )
    assert len(mail.outbox) == 1


def test_starting_too_early_says_when(client, db):
    world = build_reporting(upcoming=True)
    client.force_login(world.bea)
    response = client.post(_urls(world.trajectory)["start"], follow=True)
    assert "Schrijf het rapport na de laatste bijeenkomst (" in response.content.decode()
    assert not Report.objects.exists()


def test_a_privacy_finding_shows_at_the_field_and_keeps_the_text(client, world):
    report_start(trajectory=world.trajectory, by=world.bea)
    client.force_login(world.bea)
    typed = "Sanne vond het lastig om door te vragen."
    response = client.post(_urls(world.trajectory)["edit"], _form_data(conclusions=typed))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_conclusions_error"' in page and "een naam (“Sanne”)" in page
    assert typed in page and ADVICE in page
    assert Report.objects.get().conclusions == ""


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"conclusions": "x" * 4001},
            "conclusions",
            "Je tekst is te lang. Gebruik maximaal 4000 tekens (nu 4001).",
        ),
        ({"rule": "iedereen-behalve-ik"}, "rule", "Kies wanneer het rapport naar de opdrachtgever gaat."),
        ({"rule": ""}, "rule", "Kies wanneer het rapport naar de opdrachtgever gaat."),
    ],
)
def test_bad_input_in_the_report_form_is_a_dutch_message_at_the_field(client, world, data, field, message):
    report_start(trajectory=world.trajectory, by=world.bea)
    client.force_login(world.bea)
    response = client.post(_urls(world.trajectory)["edit"], _form_data(**data))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page and message in page
    assert ADVICE in page  # nothing typed is lost
    assert Report.objects.get().advice == ""


def test_editing_after_sharing_warns_that_the_approvals_start_over(client, world):
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)
    client.force_login(world.bea)
    page = client.get(_urls(world.trajectory)["edit"]).content.decode()
    assert 'name="rule"' not in page  # the rule is fixed once shared
    response = client.post(_urls(world.trajectory)["edit"], _form_data(advice=ADVICE + " Ook."), follow=True)
    assert "de akkoorden zijn vervallen" in response.content.decode()
    assert not report.responses.exists()


def test_posting_to_a_trajectory_without_a_report_is_refused_with_a_message(client, world):
    urls = _urls(world.trajectory)
    client.force_login(world.bea)
    expected = {
        "edit": "Dit rapport kun je niet (meer) veranderen.",
        "share": "Er is nog geen rapport. Begin het na de laatste bijeenkomst.",
        "send": "Er is nog geen rapport. Begin het na de laatste bijeenkomst.",
    }
    for name, message in expected.items():
        response = client.post(urls[name], _form_data(confirm="on"), follow=True)
        assert response.redirect_chain == [(urls["edit"], 302)]
        assert message in response.content.decode()
    assert client.get(urls["pdf"]).status_code == 404
    assert not Report.objects.exists()


# --- The participant's way -------------------------------------------------------------------------------------


def test_a_draft_is_not_shown_to_the_group(client, world):
    report_start(trajectory=world.trajectory, by=world.bea)
    report_save(
        report=Report.objects.get(), text=ReportText(conclusions=CONCLUSIONS, advice=ADVICE), by=world.bea
    )
    client.force_login(world.sanne)
    page = client.get(_urls(world.trajectory)["page"]).content.decode()
    assert "Er is nog geen rapport om te lezen." in page and CONCLUSIONS not in page
    response = client.post(_urls(world.trajectory)["page"], {"answer": "akkoord"}, follow=True)
    assert "Je kunt nu niet (meer) op het rapport antwoorden." in response.content.decode()
    assert not Report.objects.get().responses.exists()


def test_a_participant_reads_the_report_and_approves_twice_without_a_second_answer(client, world):
    report = _shared(world)
    url = _urls(world.trajectory)["page"]
    client.force_login(world.sanne)
    page = client.get(url).content.decode()
    assert CONCLUSIONS in page and "Incidentmethode" in page and "Gemiddeld waren er 2,7 van de 3" in page
    for _click in range(2):
        response = client.post(url, {"answer": "akkoord", "comment": ""}, follow=True)
        assert "Je akkoord is opgeslagen." in response.content.decode()
    assert report.responses.count() == 1 and report.responses.get().approves is True
    page = client.get(url).content.decode()
    assert "Je bent akkoord." in page and "Antwoord wijzigen" in page


def test_a_participant_comments_and_the_begeleider_reads_it(client, world):
    report = _shared(world)
    url = _urls(world.trajectory)["page"]
    client.force_login(world.omar)
    response = client.post(url, {"answer": "opmerking", "comment": ""})
    assert response.status_code == 200
    assert "Schrijf op wat er anders moet in het rapport." in response.content.decode()
    response = client.post(url, {"answer": "opmerking", "comment": "Noem ook de rollen."}, follow=True)
    assert "Je opmerking is opgeslagen" in response.content.decode()
    client.force_login(world.bea)
    page = client.get(_urls(world.trajectory)["edit"]).content.decode()
    assert "Omar Bakker" in page and "Noem ook de rollen." in page and "nog niet akkoord" in page
    assert report.responses.get().approves is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies of je akkoord gaat of een opmerking hebt."),
        ({"answer": "misschien"}, "Kies of je akkoord gaat of een opmerking hebt."),
        (
            {"answer": "opmerking", "comment": "x" * 2001},
            "Je tekst is te lang. Gebruik maximaal 2000 tekens (nu 2001).",
        ),
    ],
)
def test_bad_answers_get_a_dutch_message(client, world, data, message):
    report = _shared(world)
    client.force_login(world.sanne)
    response = client.post(_urls(world.trajectory)["page"], data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not report.responses.exists()


def test_neither_page_nor_pdf_holds_a_case_or_reflection(client, world):
    report = _shared(world)
    urls = _urls(world.trajectory)
    client.force_login(world.sanne)
    participant_page = client.get(urls["page"]).content.decode()
    client.force_login(world.bea)
    begeleider_page = client.get(urls["edit"]).content.decode()
    pdf = client.get(urls["pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for content in (participant_page, begeleider_page, text):
        assert CONCLUSIONS.split()[0] in content
        assert CASE_MARKER not in content and REFLECTION_MARKER not in content
    assert report.status == R.SHARED


# --- The client -------------------------------------------------------------------------------------------------


def test_the_client_downloads_the_report_only_once_it_was_sent(client, world):
    report = _shared(world)
    url = _urls(world.trajectory)["client_pdf"]
    assert client.get(url).status_code == 404
    assert report_client_link(trajectory=world.trajectory) == ""
    for person in world.participants:
        report_respond(report=report, user=person, approves=True)
    assert client.get(url).status_code == 404  # approved, not sent yet
    set_report_status(report, R.SENT, by=world.bea)
    assert report_client_link(trajectory=world.trajectory) == f"{settings.SITE_URL}{url}"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="rapport-begeleide-intervisie.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Gemiddeld waren er 2,7 van de 3 deelnemers" in text
    assert client.get("/trajecten/rapport/niet-het-goede-token/pdf/").status_code == 404
    assert client.get("/trajecten/rapport/%00abc/pdf/").status_code == 404
