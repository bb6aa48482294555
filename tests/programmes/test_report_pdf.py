"""The evaluation report as PDF (programmes/report_pdf.py), read back with pypdf: the figures the report holds
(response, means and distributions, attendance and hours), the notes where a group is too small, quotes and
shared texts with consent, the embedded font, and never a participant's name or a private text."""

import io

import pytest
from pypdf import PdfReader

from intervisie.programmes.evaluation import harvest_save
from intervisie.programmes.report import evaluation_report
from intervisie.programmes.report_pdf import report_pdf
from tests.factories import attend, make_partner
from tests.programmes.evaluation_world import evaluate, meetings, participant, running_programme

pytestmark = pytest.mark.django_db


def _read(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    # One space for every run of whitespace: a long title wraps onto a second line.
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def world():
    programme = running_programme(name="Bubbel Utrecht")
    partner = make_partner(programme, name="Wijkteam Noord")
    first, second = meetings(programme, count=2)
    people = [
        participant(programme, "professional", partner=partner, name=f"Professional {n}") for n in range(5)
    ]
    people += [
        participant(programme, "ouder", name="Olga Ouder"),
        participant(programme, "jongere", name="Jim Jong"),
    ]
    for person, score in zip(people, (2, 3, 4, 5, 5, 4, 4), strict=True):
        evaluate(person, first, score)
        attend(first, person.user)
    attend(second, people[0].user)
    evaluate(people[0], first, 2, quote="Geïnspireerd door elkaars rol.", may_quote=True)
    evaluate(people[1], first, 3, quote="Niet voor het verslag.", may_quote=False)
    harvest_save(
        signup=people[2],
        by=people[2].user,
        private_text="Mijn geheime oogst.",
        shared_text="Samenwerken vraagt nieuwsgierigheid.",
        share=True,
    )
    return programme, partner, people


def test_the_programmes_pdf_holds_the_figures_and_no_names(world):
    programme, _partner, people = world
    reader, text = _read(report_pdf(evaluation_report(programme=programme)))
    assert reader.metadata.title == "Evaluatie van Bubbel Utrecht"
    assert "Evaluatie van Bubbel Utrecht" in text
    # Response: seven of seven placed people evaluated the first meeting.
    assert "Bijeenkomst 1 7 7 100%" in text
    assert "Bijeenkomst 2 0 7 0%" in text
    # Attendance: 8 times present, two hours each.
    assert "Keer aanwezig 8" in text
    assert "Bestede uren 16" in text
    # The five professionals answered 2, 3, 4, 5, 5: mean 3,8 with 20 % at 2, 3 and 4 and 40 % at 5.
    assert "3,8 0% 20% 20% 20% 40% 5" in text
    assert "5 deelnemers gaven antwoord." in text
    # Students: none; parents and young people: two, merged and still too few.
    assert "Nog geen antwoorden." in text
    assert "Ouders en jongeren" in text
    assert "Te weinig antwoorden om te tonen." in text
    assert "“Geïnspireerd door elkaars rol.”" in text
    assert "Samenwerken vraagt nieuwsgierigheid." in text
    for secret in ("Niet voor het verslag", "Mijn geheime oogst", "Olga", "Jim Jong", "Professional 1"):
        assert secret not in text
    for person in people:
        assert person.name not in text and person.email not in text


def test_a_partners_pdf_covers_its_own_people_and_hides_small_groups(world):
    programme, partner, _people = world
    _reader, text = _read(report_pdf(evaluation_report(programme=programme, partner=partner)))
    assert "Evaluatie van Bubbel Utrecht voor Wijkteam Noord" in text
    assert "Partner Wijkteam Noord" in text
    assert "Ingedeelde deelnemers 5" in text
    assert "Bijeenkomst 1 5 5 100%" in text
    assert "Keer aanwezig 6" in text
    assert "Bestede uren 12" in text
    assert "Olga" not in text and "Ouders en jongeren" in text and "Nog geen antwoorden." in text


def test_the_pdf_embeds_its_font(world):
    programme, _partner, _people = world
    reader, _text = _read(report_pdf(evaluation_report(programme=programme)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]
    assert all("DejaVuSans" in name for name in fonts)
