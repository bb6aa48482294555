"""Issue 13's route through a "buiten je bubbel" programme, each person in their own browser: the
kartrekker of a gemeente starts a programme through the form, plans the start meeting and five meetings,
chooses the begeleiders, adds two partners and starts recruiting; a student (through a partner's link) and a
professional (through the public page) sign up without an account, next to ten sign-ups made with
factories; the kartrekker invites everyone, closes sign-up, composes the groups on the board and publishes
them (everyone's e-mail carries a calendar file); the professional links an account through their personal
link, agrees to the start meeting's charter and commits to their attendance; the partner contact accepts
the invitation and opens the partner page and its report as PDF.

The key pages are checked with axe-core and photographed at laptop and phone size:
tests/e2e/screenshots/programme-*.png (the report's PDF: programme-report-pdf.png)."""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pypdf
import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.enums import ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Programme, Signup
from tests.e2e.browser import LAPTOP, VIEWPORTS, assert_accessible, log_in, render_pdf_page, screenshot
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    UserFactory,
    give_totp,
    make_programme,
    make_signup,
)

PROGRAMME_NAME = "Buiten je bubbel Utrecht"
# Solving the first composition may pay numba's compile when its cache is cold: give it time.
COMPOSE_TIMEOUT_MS = 60_000


class AxeFindings:
    """The blocking axe-core findings of every page on the route: the test walks the whole route and then
    fails with all of them, so one run shows every page's problems."""

    def __init__(self):
        self.failures = []

    def check_at_viewports(self, page, name, *, axe=True):
        """Screenshot ``page`` at laptop and phone size (and check it with axe-core at both)."""
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            screenshot(page, f"programme-{name}-{label}")
            if not axe:
                continue
            try:
                assert_accessible(page, f"programme-{name}-{label}")
            except AssertionError as failure:
                self.failures.append(f"{name}-{label}: {failure}")
        page.set_viewport_size(LAPTOP)


@pytest.fixture
def cast(live_server):
    """The people of the route, with their accounts (the sign-ups have none yet)."""
    karin = UserFactory(
        email="karin@utrecht.example.nl",
        name="Karin Kartrekker",
        roles=["organisator", "organisatiebeheerder"],
    )
    give_totp(karin)
    gemeente = OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE, managers=[karin])
    return {
        "karin": karin,
        "gemeente": gemeente,
        "bas": UserFactory(email="bas@hu.example.nl", name="Bas Bakker", roles=["begeleider"]),
        "dina": UserFactory(email="dina@hu.example.nl", name="Dina Dekker", roles=["begeleider"]),
        "olga": UserFactory(email="olga@hu.example.nl", name="Olga Opleiding"),
        "jeugdzorg": OrganisationFactory(name="Jeugdzorg Midden", kind=OrganisationKind.ZORGAANBIEDER),
    }


def _path_of_link(message, pattern) -> str:
    """The path of the link in an e-mail (the e-mail's host is the site's, not the test server's)."""
    return urlsplit(re.search(rf"https?://\S+{pattern}\S*", message.body).group()).path


def _pdf_text(path) -> str:
    with open(path, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _dutch_day(day) -> str:
    """ "dinsdag 14 september 2027", as the recruitment texts write a date."""
    with translation.override("nl"):
        return date_format(day, "l j F Y")


def test_programme_from_start_to_partner_report(page, base_url, cast, new_context):
    axe = AxeFindings()
    karin = cast["karin"]
    today = timezone.localdate()

    # --- a. The kartrekker starts the programme through the form. ------------------------------------------
    log_in(page, karin, PASSWORD, totp=True)
    page.goto(f"{base_url}/programmas/nieuw/")
    expect(
        page.get_by_role("heading", name="Nieuw programma: Intervisie buiten je bubbel", level=1)
    ).to_be_visible()
    page.get_by_label("Initiatiefnemer").select_option(label="Gemeente Utrecht")
    page.get_by_label("Naam (verplicht)", exact=True).fill(PROGRAMME_NAME)
    page.get_by_label("Korte uitleg").fill("Vijf keer intervisie met mensen die je anders niet spreekt.")
    school_year = page.get_by_label("Schooljaar (verplicht)").input_value()
    first_year = int(school_year[:4])
    page.get_by_label("Telefoon contactpersoon").fill("030 123 45 67")
    page.get_by_role("button", name="Programma aanmaken").click()
    expect(
        page.get_by_text("Het programma staat klaar als concept. Zet nu de data erin en kies de begeleiders.")
    ).to_be_visible()
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    assert (programme.kartrekker, programme.initiator, programme.status) == (
        karin,
        cast["gemeente"],
        ProgrammeStatus.DRAFT,
    )
    assert programme.target_mix == {"professional": 2, "student": 2, "ouder": 1, "jongere": 1}

    # The start meeting after the summer, then the five meetings through the helper.
    nav = page.get_by_role("navigation", name="Beheer van het programma")
    nav.get_by_role("link", name="Data").click()
    start = dt.datetime(first_year, 9, 14, 16, 0)
    page.get_by_label("Soort").select_option(label="Startbijeenkomst")
    page.get_by_label("Begint om").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Eindigt om").fill(start.replace(hour=18).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Startbijeenkomst toegevoegd.")).to_be_visible()
    page.get_by_role("link", name="Vijf bijeenkomsten voorstellen").click()
    page.get_by_role("button", name="Voorstel maken").click()
    expect(page.get_by_role("group", name="Bijeenkomst 5")).to_be_visible()
    page.get_by_role("button", name="Deze data bewaren").click()
    expect(page.get_by_text("5 bijeenkomsten toegevoegd.")).to_be_visible()
    assert programme.dates.filter(kind="meeting").count() == 5

    # The begeleiders of the two groups.
    nav.get_by_role("link", name="Groepen").click()
    page.get_by_role("region", name="Groep A").get_by_label("E-mailadres van de begeleider").fill(
        cast["bas"].email
    )
    page.get_by_role("region", name="Groep B").get_by_label("E-mailadres van de begeleider").fill(
        cast["dina"].email
    )
    page.get_by_role("button", name="Groepen opslaan").click()
    expect(page.get_by_text("De groepen zijn opgeslagen.")).to_be_visible()

    # Two partners: an opleiding that recruits students, and a practice organisation for professionals.
    nav.get_by_role("link", name="Partners").click()
    page.get_by_label("Naam van de partner").fill("Hogeschool Utrecht")
    page.get_by_label("Soort partner").select_option(label="Opleiding")
    page.get_by_label("Contactpersoon (verplicht)", exact=True).fill("Olga Opleiding")
    page.get_by_label("E-mail contactpersoon").fill(cast["olga"].email)
    page.get_by_label("Studenten (verplicht)", exact=True).fill("4")
    page.get_by_role("button", name="Partner toevoegen").click()
    expect(page.get_by_text("Hogeschool Utrecht is toegevoegd.")).to_be_visible()
    page.get_by_label("Naam van de partner").fill("Jeugdzorg Midden")
    page.get_by_label("Soort partner").select_option(label="Praktijkorganisatie")
    page.get_by_label("Organisatie op Intervisiewijzer").fill("Jeugdzorg Midden")
    page.get_by_label("Contactpersoon (verplicht)", exact=True).fill("Joost Jansen")
    page.get_by_label("E-mail contactpersoon").fill("joost@jeugdzorgmidden.example.nl")
    page.get_by_label("Professionals (verplicht)", exact=True).fill("2")
    page.get_by_label("De partner betaalt de uren van zijn deelnemers").check()
    page.get_by_label("Uren per deelnemer").fill("12")
    page.get_by_role("button", name="Partner toevoegen").click()
    expect(page.get_by_text("Jeugdzorg Midden is toegevoegd.")).to_be_visible()
    hogeschool, jeugdzorg = programme.partners.order_by("name")
    (olga_invitation,) = [m for m in mail.outbox if m.to == [cast["olga"].email]]
    olga_invitation_path = _path_of_link(olga_invitation, "/programmas/partner/uitnodiging/")
    assert (hogeschool.commitments, jeugdzorg.commitments) == ({"student": 4}, {"professional": 2})

    # Recruitment starts, after its confirmation.
    nav.get_by_role("link", name="Overzicht").click()
    page.get_by_role("link", name="Werving starten").click()
    page.get_by_role("button", name="Ja, werving starten").click()
    expect(page.get_by_text("Gelukt: het programma staat nu op “Werving”.")).to_be_visible()
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RECRUITING
    axe.check_at_viewports(page, "overview-recruiting")

    # The students' recruitment text: edited with its live preview, with each partner's link and QR code.
    nav.get_by_role("link", name="Werving").click()
    page.get_by_role("link", name="Tekst voor studenten bekijken en aanpassen").click()
    expect(page.get_by_role("heading", name="Wervingstekst voor studenten", level=1)).to_be_visible()
    page.wait_for_load_state()  # typing before htmx has started would go unseen
    body = page.get_by_label("Tekst (verplicht)")
    body.fill(body.input_value() + "\n\nGroet, Karin van de gemeente")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Groet, Karin van de gemeente")
    expect(preview).to_contain_text(f"De startbijeenkomst is op {_dutch_day(start)} 16:00.")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("De tekst is bewaard.")).to_be_visible()
    page.get_by_text("Hogeschool Utrecht", exact=True).click()  # opens its details
    hogeschool_box = page.locator("details", has_text="Hogeschool Utrecht")
    expect(hogeschool_box.locator("svg")).to_be_visible()
    student_link = urlsplit(hogeschool_box.locator("code.share-link").first.inner_text()).path
    assert student_link == f"/programmas/{programme.slug}/p/{hogeschool.code}/student/"
    axe.check_at_viewports(page, "recruitment-text")
    page.get_by_role("button", name="Markeer als verstuurd").click()
    expect(page.get_by_text("Gemarkeerd als verstuurd. De planning houdt er rekening mee.")).to_be_visible()

    # --- b. Two people sign up without an account, each in a fresh browser. -------------------------------
    student = new_context().new_page()
    student.goto(base_url + student_link)
    expect(student.get_by_role("heading", name="Aanmelden als student", level=1)).to_be_visible()
    expect(student.get_by_text("Je meldt je aan via Hogeschool Utrecht.")).to_be_visible()
    axe.check_at_viewports(student, "signup-student")
    student.get_by_label("Je naam").fill("Sara Student")
    student.get_by_label("Je e-mailadres").fill("sara@student.example.nl")
    student.get_by_label("Je opleiding").fill("Social Work")
    student.get_by_label("In welk studiejaar").select_option(label="jaar 3")
    student.get_by_label("Hogeschool Utrecht mag zien dat ik meedoe (mijn naam)").check()
    student.get_by_role("button", name="Aanmelden").click()
    expect(student.get_by_role("heading", name="Bedankt voor je aanmelding", level=1)).to_be_visible()

    professional = new_context().new_page()
    professional.goto(f"{base_url}/programmas/")
    professional.get_by_role("link", name=PROGRAMME_NAME).click()
    expect(professional.get_by_role("heading", name=PROGRAMME_NAME, level=1)).to_be_visible()
    axe.check_at_viewports(professional, "public-detail")
    professional.get_by_role("link", name="Aanmelden als professional").click()
    professional.get_by_label("Je naam").fill("Pieter de Vries")
    professional.get_by_label("Je e-mailadres").fill("pieter@jeugdzorgmidden.example.nl")
    professional.get_by_label("Je organisatie", exact=True).select_option(label="Jeugdzorg Midden")
    professional.get_by_label("Je functie").fill("Jeugdconsulent")
    professional.get_by_label("Waarom wil je meedoen?").fill("Ik wil leren hoe ouders naar ons werk kijken.")
    axe.check_at_viewports(professional, "signup-professional")
    professional.get_by_role("button", name="Aanmelden").click()
    expect(professional.get_by_role("heading", name="Bedankt voor je aanmelding", level=1)).to_be_visible()
    sara = Signup.objects.get(email="sara@student.example.nl")
    pieter = Signup.objects.get(email="pieter@jeugdzorgmidden.example.nl")
    assert (sara.category, sara.partner, sara.share_with_partner) == ("student", hogeschool, True)
    assert (pieter.category, pieter.partner, pieter.organisation) == ("professional", None, cast["jeugdzorg"])

    # Ten more through the same domain call the page makes: two groups' worth by the target mix.
    for name, opleiding in (("Tess", "Pedagogiek"), ("Umar", "Verpleegkunde"), ("Vera", "Social Work")):
        make_signup(
            programme,
            "student",
            partner=hogeschool,
            name=f"{name} Student",
            study_programme=opleiding,
            share_with_partner=name == "Tess",
        )
    for name, organisation in (
        ("Wim", "Veilig Thuis Utrecht"),
        ("Xandra", "Jongerenwerk Overvecht"),
        ("Yusuf", "Gezinshuis De Linde"),
    ):
        make_signup(programme, "professional", name=f"{name} Professional", organisation_name=organisation)
    for name in ("Anna", "Bram"):
        make_signup(programme, "ouder", name=f"{name} Ouder")
    for name in ("Chris", "Demi"):
        make_signup(programme, "jongere", name=f"{name} Jongere", birth_date=dt.date(today.year - 18, 3, 1))

    # --- c. The kartrekker invites everyone, closes sign-up, composes and publishes. -----------------------
    nav.get_by_role("link", name="Aanmeldingen").click()
    expect(page.get_by_text("12 aanmeldingen gevonden")).to_be_visible()
    axe.check_at_viewports(page, "signups")
    choices = page.get_by_role("checkbox", name=re.compile(r" kiezen$"))
    expect(choices).to_have_count(12)
    for checkbox in choices.all():
        checkbox.check()
    mail.outbox.clear()
    page.get_by_role("button", name="Gekozen mensen uitnodigen").click()
    expect(page.get_by_text("12 mensen uitgenodigd. Ze krijgen een e-mail.")).to_be_visible()
    assert programme.signups.filter(status=SignupStatus.INVITED).count() == 12
    assert len(mail.outbox) == 12

    nav.get_by_role("link", name="Overzicht").click()
    page.get_by_role("link", name="Aanmelden sluiten en groepen indelen").click()
    page.get_by_role("button", name="Ja, aanmelden sluiten en groepen indelen").click()
    expect(page.get_by_text("Gelukt: het programma staat nu op “Groepen indelen”.")).to_be_visible()
    axe.check_at_viewports(page, "overview-composing")

    nav.get_by_role("link", name="Indeling").click()
    page.get_by_role("button", name="Indelen", exact=True).click()
    expect(page.get_by_text("Alle regels kloppen")).to_be_visible(timeout=COMPOSE_TIMEOUT_MS)
    groups = page.locator("section.composition-group")
    expect(groups).to_have_count(2)
    for group in groups.all():
        # Every group within the mix: two professionals, two students, one parent, one young person.
        expect(
            group.get_by_role("list", name="Samenstelling tegen de gewenste mix").get_by_role("listitem")
        ).to_have_text(
            ["studenten: 2 van 2", "professionals: 2 van 2", "ouders: 1 van 1", "jongeren: 1 van 1"]
        )
        expect(group.locator(".composition-member")).to_have_count(6)
    axe.check_at_viewports(page, "board")
    page.get_by_role("link", name="Groepen bekendmaken").click()
    expect(page.get_by_role("heading", name="Groepen bekendmaken", level=1)).to_be_visible()
    axe.check_at_viewports(page, "publish-confirm")
    mail.outbox.clear()
    page.get_by_role("button", name="Ja, bekendmaken").click()
    expect(page.get_by_text("De groepen zijn bekendgemaakt.")).to_be_visible()
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RUNNING
    placed = {s.email: s for s in programme.signups.select_related("group")}
    assert {s.status for s in placed.values()} == {SignupStatus.PLACED}
    for email in placed:
        (message,) = [m for m in mail.outbox if m.to == [email]]
        (attachment,) = message.attachments
        assert attachment[2] == "text/calendar"
        assert attachment[1].count("BEGIN:VEVENT") == 6  # the start meeting and the five meetings

    # --- d. The professional links an account through the personal link in the e-mail. --------------------
    pieter_group = placed[pieter.email].group
    pieter_mail = next(m for m in mail.outbox if m.to == [pieter.email])
    assert f"Jij zit in {pieter_group.name}." in pieter_mail.body
    follow_path = _path_of_link(pieter_mail, "/programmas/deelnemer/")
    pieter_user = UserFactory(email=pieter.email, name="Pieter de Vries")  # he makes an account
    participant = new_context().new_page()
    participant.goto(base_url + follow_path)
    expect(
        participant.get_by_role("heading", name=f"Je aanmelding voor {PROGRAMME_NAME}", level=1)
    ).to_be_visible()
    participant.get_by_role("link", name="Koppel je account").click()
    participant.get_by_label("E-mailadres").fill(pieter_user.email)
    participant.get_by_label("Wachtwoord (verplicht)", exact=True).fill(PASSWORD)
    participant.get_by_role("button", name="Inloggen", exact=True).click()
    expect(participant.get_by_role("heading", name="Koppel je account", level=1)).to_be_visible()
    participant.get_by_role("button", name="Koppelen").click()
    expect(participant.get_by_text("Je aanmelding hoort nu bij je account.")).to_be_visible()
    axe.check_at_viewports(participant, "follow-linked")

    # Linking after publication put him in his group: he reads its start-meeting charter and agrees.
    participant.get_by_role("link", name=f"Groepsafspraken van {pieter_group.name}").click()
    expect(
        participant.get_by_role("heading", name=f"Groepsafspraken van {PROGRAMME_NAME} – {pieter_group.name}")
    ).to_be_visible()
    expect(participant.get_by_text("Je bent nog niet akkoord gegaan met deze versie.")).to_be_visible()
    expect(participant.get_by_text("tienstappenmethode van Intervisie buiten je bubbel")).to_be_visible()
    axe.check_at_viewports(participant, "charter")
    participant.get_by_role("button", name="Ik ga akkoord met deze afspraken").click()
    expect(
        participant.get_by_text("Je bent akkoord met de groepsafspraken (versie 1). Dank je wel!")
    ).to_be_visible()
    assert pieter_group.group.charters.get().agreements.filter(user=pieter_user).exists()

    # Vrijwillig maar niet vrijblijvend: he commits to the meetings he will attend.
    participant.goto(base_url + follow_path)
    participant.get_by_role("link", name="Zeg toe hoe vaak je erbij bent").click()
    expect(participant.get_by_role("heading", name="Hoe vaak ben je erbij?", level=1)).to_be_visible()
    participant.get_by_label("Bij hoeveel bijeenkomsten ben je er?").fill("5")
    axe.check_at_viewports(participant, "commitment")
    participant.get_by_role("button", name="Toezeggen").click()
    expect(participant.get_by_text("Dank je. Je zegt toe dat je bij 5 bijeenkomsten bent.")).to_be_visible()
    assert Signup.objects.get(pk=pieter.pk).attendance_commitment == 5

    # His evaluation page and his harvest (oogst); nothing to evaluate before the start meeting.
    participant.goto(base_url + follow_path)
    participant.get_by_role("link", name="Evaluatie en oogst").click()
    expect(participant.get_by_text("Er is nog geen bijeenkomst geweest.")).to_be_visible()
    axe.check_at_viewports(participant, "evaluation")
    participant.get_by_role("link", name="Je oogst schrijven").click()
    participant.get_by_role("textbox", name="Wat neem je mee?").fill(
        "Ouders zien het gezin anders dan wij. Vaker doorvragen."
    )
    participant.get_by_label("Korte tekst om te delen").fill("Een student liet me mijn eigen aannames zien.")
    participant.get_by_label("Deel deze korte tekst met de kartrekker en de partners").check()
    participant.get_by_role("button", name="Oogst bewaren").click()
    expect(participant.get_by_text("Je oogst is opgeslagen.")).to_be_visible()
    axe.check_at_viewports(participant, "harvest")

    # The start meeting has been held (moved into the past here): he evaluates it.
    start_meeting = pieter_group.group.meetings.order_by("starts_at").first()
    now = timezone.now()
    start_meeting.starts_at, start_meeting.ends_at = now - dt.timedelta(hours=3), now - dt.timedelta(hours=1)
    start_meeting.save(update_fields=["starts_at", "ends_at"])
    participant.get_by_role("link", name="Terug naar de evaluatie").click()
    participant.get_by_role("link", name=start_meeting.title).click()
    for question in participant.locator("fieldset").filter(has=participant.get_by_role("radio")).all():
        question.get_by_role("radio").nth(3).check()  # 4: "goed" or "eens"
    participant.get_by_label("Wat wil je erover kwijt?").fill(
        "Fijn om een ouder te horen over hulpverlening."
    )
    participant.get_by_label("Je mag dit anoniem citeren in het verslag").check()
    axe.check_at_viewports(participant, "evaluation-meeting")
    participant.get_by_role("button", name="Evaluatie bewaren").click()
    expect(participant.get_by_text("Dank je wel. Je evaluatie is opgeslagen.")).to_be_visible()

    # --- e. The partner contact accepts the invitation, opens the partner page and the report as PDF. ------
    partner = new_context().new_page()
    partner.goto(base_url + olga_invitation_path)
    partner.get_by_label("E-mailadres").fill(cast["olga"].email)
    partner.get_by_label("Wachtwoord (verplicht)", exact=True).fill(PASSWORD)
    partner.get_by_role("button", name="Inloggen", exact=True).click()
    expect(partner.get_by_role("heading", name="Hogeschool Utrecht als partner", level=1)).to_be_visible()
    partner.get_by_role("button", name="Uitnodiging aannemen").click()
    expect(partner.get_by_text("Je bent nu contactpersoon van Hogeschool Utrecht.")).to_be_visible()
    expect(partner.get_by_role("heading", name="Hogeschool Utrecht", level=1)).to_be_visible()
    # Four students came through its link; only the two who agreed are named.
    # Committed, then per status (awaiting consent … withdrawn), then the total: all four placed.
    expect(partner.get_by_role("row", name=re.compile(r"^Student ")).get_by_role("cell")).to_have_text(
        ["4", "0", "0", "0", "0", "4", "0", "0", "4"]
    )
    expect(partner.get_by_text("Sara Student · Student · Ingedeeld")).to_be_visible()
    expect(partner.get_by_text("Tess Student · Student · Ingedeeld")).to_be_visible()
    expect(partner.get_by_text("Umar Student")).to_have_count(0)
    axe.check_at_viewports(partner, "partner-page")
    with partner.expect_download() as download_info:
        partner.get_by_role("link", name="Verslag downloaden (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf_text = _pdf_text(download.path())
    assert "Hogeschool Utrecht" in pdf_text and PROGRAMME_NAME in pdf_text
    assert "Sara Student" not in pdf_text
    render_pdf_page(download.path(), "programme-report-pdf")

    # The kartrekker reads the programme's report; the begeleiders see who committed on the board.
    nav.get_by_role("link", name="Verslag").click()
    expect(
        page.get_by_role("heading", name=re.compile(f"^Evaluatie van {PROGRAMME_NAME}"), level=1)
    ).to_be_visible()
    axe.check_at_viewports(page, "report")

    # --- Another programme of hers is late: students not approached while the date has passed. -------------
    late = make_programme(kartrekker=karin, initiator=cast["gemeente"], name="Buiten je bubbel Zeist")
    Programme.objects.filter(pk=late.pk).update(students_by=today - dt.timedelta(days=3))
    page.goto(f"{base_url}/programmas/beheer/")
    page.get_by_role("link", name="Buiten je bubbel Zeist").click()
    expect(page.get_by_text(re.compile(r"^Studenten zijn nog niet benaderd"))).to_be_visible()
    axe.check_at_viewports(page, "timeline-warnings")

    assert not axe.failures, "\n\n".join(axe.failures)
