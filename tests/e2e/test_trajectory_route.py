"""The guided trajectory's route from request to running group (issue 12, steps 1 to 6), each person in
their own browser: a client asks for an exploratory talk without an account; the begeleider plans the
talk and the introduction, invites two people, writes down the agreed focus and sends the quote; the
client opens the quote from the e-mail, downloads the PDF and accepts; a participant joins through their
invitation and lands on the reader, which the begeleider's page then shows.

The key pages are checked with axe-core and photographed at laptop and phone size:
tests/e2e/screenshots/route-*.png (the quote's PDF: route-quote-pdf.png)."""

import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pypdf
import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from intervisie.groups.enums import MembershipState
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import ParticipantInvite, Trajectory
from tests.e2e.browser import LAPTOP, VIEWPORTS, assert_accessible, log_in, render_pdf_page, screenshot
from tests.factories import PASSWORD, ProviderFactory, UserFactory, days_from_today, give_totp

MEETING_DAYS = (30, 72, 114)  # the quoted dates, days from today at 19:00


@pytest.fixture
def bea(live_server):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def provider(bea):
    provider = ProviderFactory(
        name="Praktijk Licht",
        email="info@praktijklicht.example.nl",
        regions=["UT"],
        crkbo_registered=True,
        reader_price=Decimal("12.50"),
        description="Ik begeleid intervisiegroepen van gezinshuisouders.",
        cancellation_terms="Kosteloos annuleren tot twee weken voor een bijeenkomst.",
    )
    provider.members.create(user=bea, is_owner=True)
    return provider


class AxeFindings:
    """The blocking axe-core findings of every page on the route: the test walks the whole route and then
    fails with all of them, so one run shows every page's problems."""

    def __init__(self):
        self.failures = []

    def check_at_viewports(self, page, name):
        """Screenshot ``page`` at laptop and phone size and check it with axe-core at both."""
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            screenshot(page, f"{name}-{label}")
            try:
                assert_accessible(page, f"{name}-{label}")
            except AssertionError as failure:
                self.failures.append(f"{name}-{label}: {failure}")
        page.set_viewport_size(LAPTOP)


def _today_in_dutch() -> str:
    with translation.override("nl"):
        return date_format(timezone.localdate(), "j F Y")


def _pdf_text(path) -> str:
    with open(path, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _step_form(page, state):
    return page.locator(f'form[action$="/stap/{state}/"]')


def _path_of_link(message, pattern) -> str:
    """The path of the link in an e-mail (the e-mail's host is the site's, not the test server's)."""
    return urlsplit(re.search(rf"https?://\S+{pattern}\S*", message.body).group()).path


def test_request_to_running_group_with_quote_acceptance_and_reader(
    page, base_url, bea, provider, new_context
):
    axe = AxeFindings()
    # 1. The client, without an account, asks for an exploratory talk and chooses the provider.
    page.goto(f"{base_url}/trajecten/aanvragen/")
    expect(page.get_by_role("heading", name="Verkennend gesprek aanvragen", level=1)).to_be_visible()
    axe.check_at_viewports(page, "route-request")
    page.get_by_label("Aanbieder").select_option(label="Praktijk Licht")
    page.get_by_label("Organisatie").fill("Gezinshuizen De Linde")
    page.get_by_label("Contactpersoon").fill("Noor de Vries")
    page.get_by_label("E-mailadres").fill("noor@linde.example.nl")
    page.get_by_label("Telefoon").fill("030-1234567")
    page.get_by_label("Een nieuwe groep").check()
    page.get_by_label("Verwacht aantal deelnemers").fill("6")
    page.get_by_label("Je vraag").fill("We willen een begeleide groep voor zes gezinshuisouders.")
    page.get_by_label("Op locatie").check()
    page.locator("#id_place").fill("Utrecht")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", name="Je aanvraag voor begeleide intervisie")).to_be_visible()
    trajectory = Trajectory.objects.get()
    assert (trajectory.provider, trajectory.state) == (provider, TrajectoryState.REQUESTED)

    # 2. The begeleider, in her own browser, takes the trajectory from her board to the quote.
    bea_page = new_context().new_page()
    log_in(bea_page, bea, PASSWORD, totp=True)
    bea_page.goto(f"{base_url}/trajecten/aanbieder/")
    bea_page.get_by_role("link", name="Gezinshuizen De Linde").click()
    expect(bea_page).to_have_url(f"{base_url}/trajecten/traject/{trajectory.pk}/")

    talk = _step_form(bea_page, "talk_planned")
    talk.get_by_label("Begint op").fill(days_from_today(3, 10).strftime("%Y-%m-%dT%H:%M"))
    talk.get_by_label("Plaats of videolink").fill("https://meet.example.nl/linde")
    talk.get_by_role("button", name="Opslaan").click()
    expect(
        bea_page.get_by_text("Opgeslagen: het traject staat nu op “Verkennend gesprek gepland”.")
    ).to_be_visible()

    intro = _step_form(bea_page, "introduction_planned")
    intro.get_by_label("Kennismaking met de groep op").fill(
        days_from_today(10, 19).strftime("%Y-%m-%dT%H:%M")
    )
    intro.get_by_label("Plaats of videolink").fill("Gezinshuis De Linde, Utrecht")
    intro.get_by_label("Aantekeningen over het gesprek").fill(
        "Zes gezinshuisouders, willen leren casussen inbrengen."
    )
    intro.get_by_role("button", name="Opslaan").click()
    expect(
        bea_page.get_by_text("Opgeslagen: het traject staat nu op “Kennismaking met de groep gepland”.")
    ).to_be_visible()

    bea_page.get_by_label("Wie nodig je uit?").fill(
        "Sanne de Wit, sanne@example.nl\nKees Kok, kees@example.nl"
    )
    bea_page.get_by_role("button", name="Uitnodigen").click()
    expect(bea_page.get_by_text("2 mensen uitgenodigd.")).to_be_visible()
    expect(bea_page.get_by_text("Sanne de Wit", exact=True)).to_be_visible()

    held = _step_form(bea_page, "introduction_held")
    held.get_by_label("Afgesproken focus").fill("Casussen helder inbrengen en reflectieve vragen stellen.")
    held.get_by_role("button", name="Opslaan").click()
    expect(
        bea_page.get_by_text("Opgeslagen: het traject staat nu op “Kennismaking gehouden”.")
    ).to_be_visible()

    quote = _step_form(bea_page, "quote_sent")
    expect(quote.get_by_label("Toelichting voor de opdrachtgever")).to_have_value(
        "Casussen helder inbrengen en reflectieve vragen stellen."
    )
    axe.check_at_viewports(bea_page, "route-detail-quote-form")
    quote.get_by_label("Aantal bijeenkomsten").fill(str(len(MEETING_DAYS)))
    quote.get_by_label("Aantal deelnemers").fill("6")
    quote.get_by_label("Duur per bijeenkomst (minuten)").fill("120")
    quote.get_by_label("Voorgestelde data").fill(
        "\n".join(days_from_today(days, 19).strftime("%d-%m-%Y %H:%M") for days in MEETING_DAYS)
    )
    quote.get_by_label("Plaats van de bijeenkomsten").fill("Gezinshuis De Linde, Utrecht")
    quote.get_by_role("group", name="Tarief").get_by_label("Per bijeenkomst", exact=True).check()
    quote.get_by_label("Bedrag (per bijeenkomst of in totaal)").fill("325,00")
    quote.get_by_label("Reiskosten per bijeenkomst").fill("25,00")
    quote.get_by_label("Met de reader voor elke deelnemer").check()
    quote.get_by_label("Bij akkoord op de offerte").check()
    quote.get_by_label("Aanwezigheid voor een certificaat (%)").fill("80")
    quote.get_by_label("Annuleringsvoorwaarden").fill(
        "Kosteloos annuleren tot twee weken voor een bijeenkomst."
    )
    quote.get_by_label("Geldig tot").fill(days_from_today(21).strftime("%Y-%m-%d"))
    mail.outbox.clear()
    quote.get_by_role("button", name="Offerte versturen").click()
    expect(bea_page.get_by_text("De offerte is verstuurd.")).to_be_visible()
    trajectory.refresh_from_db()
    assert trajectory.state == TrajectoryState.QUOTE_SENT
    to_client = [m for m in mail.outbox if m.to == ["noor@linde.example.nl"]]
    assert len(to_client) == 1
    quote_path = _path_of_link(to_client[0], "/trajecten/offerte/")

    # 3. The client opens the quote from the e-mail in a fresh browser, downloads it and accepts.
    client_page = new_context().new_page()
    client_page.goto(base_url + quote_path)
    heading = f"Offerte {trajectory.quote.code}"
    expect(client_page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    # 3 meetings × € 325 + 3 × € 25 travel + 6 readers × € 12,50; VAT-exempt (CRKBO), so no VAT line.
    total = client_page.get_by_role("row", name="Totaal")
    expect(total).to_have_text(re.compile(r"Totaal\s*€ 1\.125,00"))
    expect(client_page.get_by_role("row", name="Reader over intervisie, per deelnemer")).to_contain_text(
        "€ 75,00"
    )
    expect(client_page.get_by_role("row", name="Btw")).to_have_count(0)
    expect(client_page.get_by_text("Vrijgesteld van btw")).to_be_visible()
    axe.check_at_viewports(client_page, "route-quote-answer")
    with client_page.expect_download() as download_info:
        client_page.get_by_role("link", name="Offerte downloaden (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"offerte-{trajectory.quote.code.lower()}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    pdf_text = _pdf_text(download.path())
    assert trajectory.quote.code in pdf_text
    assert "€ 1.125,00" in pdf_text
    render_pdf_page(download.path(), "route-quote-pdf")
    client_page.get_by_label("Je naam").fill("Noor de Vries")
    client_page.get_by_label("Je functie").fill("Teamleider gezinshuizen")
    client_page.get_by_label("Ik ga akkoord met de offerte").check()
    client_page.get_by_role("button", name="Akkoord geven").click()
    expect(client_page.get_by_text("Dank je wel! Je bent akkoord.")).to_be_visible()
    expect(client_page.get_by_role("button", name="Akkoord geven")).to_have_count(0)
    axe.check_at_viewports(client_page, "route-quote-accepted")

    # 4. The trajectory runs: its group has the quoted meetings; both people got an invitation.
    trajectory.refresh_from_db()
    assert trajectory.state == TrajectoryState.RUNNING
    assert trajectory.quote.answered_name == "Noor de Vries"
    group = trajectory.group
    assert [m.starts_at for m in group.meetings.order_by("starts_at")] == [
        days_from_today(days, 19) for days in MEETING_DAYS
    ]
    invites = {invite.email: invite for invite in ParticipantInvite.objects.filter(trajectory=trajectory)}
    assert set(invites) == {"sanne@example.nl", "kees@example.nl"}
    assert (
        _path_of_link(next(m for m in mail.outbox if m.to == ["sanne@example.nl"]), "/trajecten/deelnemen/")
        == f"/trajecten/deelnemen/{invites['sanne@example.nl'].token}/"
    )

    # Sanne opens her invitation in her own browser, logs in from it and joins.
    sanne = UserFactory(email="sanne@example.nl", name="Sanne de Wit")
    sanne_page = new_context().new_page()
    sanne_page.goto(f"{base_url}/trajecten/deelnemen/{invites['sanne@example.nl'].token}/")
    expect(sanne_page.get_by_text("Hoi Sanne de Wit")).to_be_visible()
    axe.check_at_viewports(sanne_page, "route-participate")
    sanne_page.locator("#main").get_by_role("link", name="Inloggen", exact=True).click()
    sanne_page.get_by_label("E-mailadres").fill(sanne.email)
    sanne_page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(PASSWORD)
    sanne_page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(sanne_page.get_by_text("Je bent ingelogd als Sanne de Wit.")).to_be_visible()
    axe.check_at_viewports(sanne_page, "route-participate-logged-in")
    sanne_page.get_by_role("button", name="Ja, ik doe mee").click()
    expect(sanne_page).to_have_url(f"{base_url}/trajecten/traject/{trajectory.pk}/reader/")
    expect(sanne_page.get_by_role("heading", name="Reader begeleide intervisie", level=1)).to_be_visible()
    expect(sanne_page.get_by_text("Welkom in de groep!")).to_be_visible()
    expect(sanne_page.get_by_text("Startbijeenkomst")).to_be_visible()
    axe.check_at_viewports(sanne_page, "route-reader")
    assert group.memberships.get(user=sanne).state == MembershipState.MEMBER

    # The begeleider sees Sanne joined and reading; Kees not yet.
    bea_page.reload()
    participants = bea_page.get_by_role("table")
    today = _today_in_dutch()
    expect(participants.get_by_role("row", name="Sanne de Wit")).to_have_text(
        re.compile(rf"Sanne de Wit\s*{today}\s*{today}")
    )
    expect(participants.get_by_role("row", name="Kees Kok")).to_have_text(
        re.compile(r"Kees Kok\s*nog niet\s*nog niet")
    )
    axe.check_at_viewports(bea_page, "route-detail-running")

    assert not axe.failures, "\n\n".join(axe.failures)


def test_report_approved_by_the_group_sent_to_the_client_and_certificates_that_verify(
    page, base_url, bea, provider, new_context
):
    """Steps 7 and 8 in real browsers: after the last meeting the begeleider writes the report and shares
    it; both participants approve it on their own page; the begeleider sends it (the client's e-mail
    carries the PDF) and closes the trajectory; the certificates verify for anyone."""
    from intervisie.accreditation.models import Certificate
    from intervisie.billing.models import Quote
    from tests.factories import GroupFactory, MembershipFactory, attend, past_meeting, sent_quote_for

    axe = AxeFindings()
    group = GroupFactory(name="Begeleide intervisie De Linde", begeleider=bea)
    meetings = [past_meeting(group, days_ago=days) for days in (30, 9)]
    trajectory = Trajectory.objects.create(
        provider=provider,
        begeleider=bea,
        group=group,
        state=TrajectoryState.RUNNING,
        kind="new_group",
        organisation_name="Gezinshuizen De Linde",
        contact_name="Noor de Vries",
        contact_email="noor@linde.example.nl",
        contact_phone="030-1234567",
        expected_participants=4,
        question="Een begeleide groep.",
        meetings_count=2,
    )
    quote = sent_quote_for(trajectory)
    Quote.objects.filter(pk=quote.pk).update(
        status="accepted", answered_at=meetings[0].starts_at - timezone.timedelta(days=5)
    )
    people = []
    for name in ("Sanne de Wit", "Omar Bakker"):
        person = UserFactory(email=f"{name.split()[0].lower()}@example.nl", name=name)
        MembershipFactory(
            user=person, group=group, started_at=meetings[0].starts_at - timezone.timedelta(days=30)
        )
        for meeting in meetings:
            attend(meeting, person)
        people.append(person)

    # The begeleider starts the report, writes the group's conclusions and advice, and shares it.
    log_in(page, bea, PASSWORD, totp=True)
    page.goto(f"{base_url}/trajecten/traject/{trajectory.pk}/rapport/schrijven/")
    page.get_by_role("button", name="Rapport beginnen").click()
    page.get_by_label("Conclusies van de groep").fill(
        "De groep heeft een vaste opzet en durft door te vragen."
    )
    page.get_by_label("Advies om zelf verder te gaan").fill(
        "Ga eens per zes weken verder met een vaste voorzitter."
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Delen met de groep").click()
    expect(page.get_by_text("Gedeeld met de groep").first).to_be_visible()
    axe.check_at_viewports(page, "route-report-edit")

    # Each participant approves on their own page.
    for person in people:
        participant = new_context().new_page()
        log_in(participant, person, PASSWORD)
        participant.goto(f"{base_url}/trajecten/traject/{trajectory.pk}/rapport/")
        expect(
            participant.get_by_text("De groep heeft een vaste opzet en durft door te vragen.")
        ).to_be_visible()
        if person == people[0]:
            axe.check_at_viewports(participant, "route-report-participant")
        participant.get_by_label("Ik ga akkoord met dit rapport").check()
        participant.get_by_role("button", name="Versturen").click()
        participant.context.close()

    # Approved by everyone: the begeleider sends it; the client's e-mail carries the PDF.
    mail.outbox.clear()
    page.reload()
    page.get_by_label("Ja, stuur het rapport naar de opdrachtgever.").check()
    page.get_by_role("button", name="Rapport versturen").click()
    expect(page.get_by_text("Verstuurd naar de opdrachtgever").first).to_be_visible()
    trajectory.refresh_from_db()
    assert trajectory.state == TrajectoryState.REPORT_SENT
    (to_client,) = [m for m in mail.outbox if m.to == ["noor@linde.example.nl"]]
    (name, content, mimetype) = to_client.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")

    # Closing gives both participants a certificate.
    page.goto(f"{base_url}/trajecten/traject/{trajectory.pk}/")
    page.get_by_label("Ja, sluit het traject af en geef de certificaten.").check()
    page.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_text("2 deelnemers kregen een certificaat")).to_be_visible()
    trajectory.refresh_from_db()
    assert trajectory.state == TrajectoryState.CLOSED

    # Anyone can check a certificate's code.
    certificate = Certificate.objects.get(user=people[0], group=group)
    visitor = new_context().new_page()
    visitor.goto(f"{base_url}/verifieer/{certificate.code}/")
    expect(visitor.get_by_text("Sanne de Wit").first).to_be_visible()
    axe.check_at_viewports(visitor, "route-certificate-verified")
    assert not axe.failures, "\n".join(axe.failures)
