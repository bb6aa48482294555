"""The evidence PDFs as a person downloads them: opened with pypdf and rendered with pdftoppm."""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from intervisie.accreditation import domain
from intervisie.meetings.enums import MeetingStatus
from tests.factories import (
    CertificateFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    UserFactory,
    at,
    attend,
    past_meeting,
)
from tests.pdf_render import render_first_page

D1 = dt.date(2025, 9, 2)
D2 = dt.date(2025, 10, 14)
D3 = dt.date(2025, 11, 25)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def history(guided_group, member, danielle, method):
    """Three meetings: Bob was at the first two (confirmed one), Daniëlle at all three (late once);
    plus a cancelled one and a 50-minute one."""
    first = past_meeting(guided_group, D1, method=method)
    second = past_meeting(guided_group, D2, method=method)
    third = past_meeting(guided_group, D3, method=method)
    cancelled = past_meeting(guided_group, dt.date(2025, 10, 28), status=MeetingStatus.CANCELLED)
    short = past_meeting(guided_group, dt.date(2025, 11, 4), minutes=50)
    attend(first, member, confirmed_at=at(dt.date(2025, 9, 3), 9, 15))
    attend(second, member)
    attend(short, member)
    attend(first, danielle)
    attend(second, danielle, arrived_at=at(D2, 19, 20), confirmed_at=at(dt.date(2025, 10, 15), 8, 0))
    attend(third, danielle)
    attend(cancelled, member)
    return {"first": first, "second": second, "third": third, "cancelled": cancelled, "short": short}


# --- Attendance list ----------------------------------------------------------------------------------


def test_attendance_list_pdf_person_lists_their_meetings_with_all_attendees(
    client, member, guided_group, history
):
    client.force_login(member)
    response = client.get(reverse("accreditation:attendance_list_pdf", args=[guided_group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="presentielijst-intervisie-utrecht-oost.pdf"'
    )
    text = pdf_text(response.content)
    assert "Presentielijst intervisie" in text
    assert "Groep Intervisie Utrecht Oost" in text
    assert "Begeleider Bea Begeleider (LVSC)" in text
    assert "Deelnemer Bob de Vries" in text
    assert "Periode 2 september 2025 tot en met 4 november 2025" in text
    assert "Bijeenkomsten 3" in text
    assert "02-09-2025 19:00 21:00 2 uur Incidentmethode" in text
    assert "Bob de Vries, bevestigd op 03-09-2025" in text
    # A long line wraps inside its table cell: compare with the line breaks taken out.
    assert "Daniëlle Özdemir, 19:20–21:00, bevestigd op 15-10-2025" in " ".join(text.split())
    # The third meeting (Bob was not there) and the cancelled one are not on Bob's list.
    assert "25-11-2025" not in text
    assert "28-10-2025" not in text


def test_attendance_list_pdf_renders_to_png(client, member, guided_group, history, tmp_path):
    client.force_login(member)
    response = client.get(reverse("accreditation:attendance_list_pdf", args=[guided_group.slug]))
    png = render_first_page(response.content, tmp_path)
    assert png.startswith(b"\x89PNG")
    assert len(png) > 10_000


def test_attendance_list_pdf_for_a_period(client, member, guided_group, history):
    client.force_login(member)
    url = reverse("accreditation:attendance_list_pdf", args=[guided_group.slug])
    text = pdf_text(client.get(url, {"start": "2025-10-01", "end": "2025-12-31"}).content)
    assert "Periode 1 oktober 2025 tot en met 31 december 2025" in text
    assert "14-10-2025" in text
    assert "02-09-2025" not in text


def test_attendance_list_pdf_for_a_series(client, member, guided_group, history):
    series = MeetingSeriesFactory(group=guided_group, name="Najaar 2025")
    history["second"].series = series
    history["second"].save(update_fields=["series"])
    client.force_login(member)
    url = reverse("accreditation:attendance_list_pdf", args=[guided_group.slug])
    text = pdf_text(client.get(url, {"series": series.pk}).content)
    assert "Reeks Najaar 2025" in text
    assert "Periode 14 oktober 2025 tot en met 14 oktober 2025" in text
    assert "Bijeenkomsten 1" in text


def test_attendance_list_pdf_bad_period_shows_the_form_with_errors(client, member, guided_group, history):
    client.force_login(member)
    url = reverse("accreditation:attendance_list_pdf", args=[guided_group.slug])
    response = client.get(url, {"start": "2025-12-01", "end": "2025-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze datum ligt voor de begindatum. Kies een latere datum." in html
    assert 'value="2025-12-01"' in html


def test_attendance_list_pdf_planner_gets_the_whole_group(client, begeleider, guided_group, history):
    client.force_login(begeleider)
    text = pdf_text(
        client.get(reverse("accreditation:attendance_list_pdf", args=[guided_group.slug])).content
    )
    assert "Deelnemer" not in text
    assert "Bijeenkomsten 4" in text  # including the 50-minute one; the cancelled one is left out
    assert "25-11-2025" in text


def test_attendance_list_pdf_planner_for_one_participant(
    client, begeleider, member, charlie, guided_group, history
):
    client.force_login(begeleider)
    url = reverse("accreditation:attendance_list_pdf", args=[guided_group.slug])
    text = pdf_text(client.get(url, {"deelnemer": member.pk}).content)
    assert "Deelnemer Bob de Vries" in text
    assert "Bijeenkomsten 3" in text
    # Someone outside the group: 404, so the list never shows a stranger's name.
    assert client.get(url, {"deelnemer": charlie.pk}).status_code == 404
    assert client.get(url, {"deelnemer": "abc"}).status_code == 404


def test_attendance_list_pdf_long_history_runs_over_pages(client, member, guided_group, tmp_path):
    for week in range(40):
        attend(past_meeting(guided_group, D1 + dt.timedelta(weeks=week)), member)
    client.force_login(member)
    response = client.get(reverse("accreditation:attendance_list_pdf", args=[guided_group.slug]))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    second = reader.pages[1].extract_text()
    assert "Datum Begin Eind Duur Methode Aanwezig en afgetekend" in second  # headings repeat
    assert "Pagina 2 van 2" in second


# --- Reflectieverklaring ------------------------------------------------------------------------------


def test_reflection_pdf_without_supervisor_names_the_three_dimensions(client, member, guided_group, history):
    client.force_login(member)
    response = client.get(reverse("accreditation:reflection_pdf", args=[guided_group.slug]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Zonder begeleider: de deelnemer verklaart zelf" in text
    assert "Ik, Bob de Vries, verklaar dat ik in deze periode heb deelgenomen aan 2 bijeenkomsten" in text
    assert "Samen is dat 4 uur reflectie." in text
    assert "Technisch-instrumenteel" in text
    assert "Normatief" in text
    assert "Persoonlijk" in text
    assert "Handtekening" in text
    # The 50-minute meeting does not count; the cancelled one neither.
    assert "04-11-2025" not in text
    assert "28-10-2025" not in text


def test_reflection_pdf_signed_variant_when_the_begeleider_signed_that_period(
    client, member, begeleider, guided_group, history
):
    statement = domain.reflection_statement_sign(
        group=guided_group,
        person=member,
        by=begeleider,
        period_start=dt.date(2025, 9, 1),
        period_end=dt.date(2025, 12, 31),
    )
    client.force_login(member)
    url = reverse("accreditation:reflection_pdf", args=[guided_group.slug])
    text = pdf_text(client.get(url, {"start": "2025-09-01", "end": "2025-12-31"}).content)
    assert "Ondertekend door de begeleider" in text
    assert (
        "Ik, Bea Begeleider, begeleider van de intervisiegroep Intervisie Utrecht Oost en ingeschreven bij LVSC"
        in " ".join(text.split())
    )
    signed_on = statement.signed_at.astimezone().strftime("%-d")
    assert f"Ondertekend in Intervisiewijzer op {signed_on} " in text
    assert "door Bea Begeleider (LVSC)" in text
    # Another period has no signature: the variant without supervisor.
    other = pdf_text(client.get(url, {"start": "2025-09-01", "end": "2025-10-31"}).content)
    assert "Zonder begeleider" in other


def test_signed_statement_pdf_for_person_and_signer_only(
    client, member, begeleider, danielle, charlie, guided_group, history, tmp_path
):
    statement = domain.reflection_statement_sign(
        group=guided_group,
        person=member,
        by=begeleider,
        period_start=dt.date(2025, 9, 1),
        period_end=dt.date(2025, 12, 31),
    )
    url = reverse("accreditation:statement_pdf", args=[statement.pk])
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Periode 1 september 2025 tot en met 31 december 2025" in text
    assert "Uren reflectie 4" in text
    assert len(render_first_page(response.content, tmp_path)) > 10_000
    client.force_login(begeleider)
    assert client.get(url).status_code == 200
    for other in (danielle, charlie):
        client.force_login(other)
        assert client.get(url).status_code == 404


# --- Certificate --------------------------------------------------------------------------------------


def test_certificate_pdf_has_code_url_and_qr_image(client, member, guided_group, tmp_path, settings):
    settings.SITE_URL = "https://intervisiewijzer.nl"
    certificate = CertificateFactory(
        user=member, group=guided_group, hours=Decimal("9.50"), meetings_attended=5
    )
    client.force_login(member)
    response = client.get(reverse("accreditation:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "Certificaat van deelname" in text
    assert "Bob de Vries" in text
    assert "Intervisie voor gezinshuisouders" in text
    assert "in de intervisiegroep Intervisie Utrecht Oost" in text
    assert "Periode: 1 september 2025 tot en met 30 juni 2026" in text
    assert "Aantal bijeenkomsten: 5" in text
    assert "Uren reflectie (contacttijd): 9,5" in text
    assert certificate.code in text
    assert f"https://intervisiewijzer.nl/verifieer/{certificate.code}/" in text
    assert len(reader.pages[0].images) == 1  # the QR code
    png = render_first_page(response.content, tmp_path)
    assert len(png) > 10_000


def test_certificate_pdf_for_owner_and_planner_only(
    client, member, begeleider, danielle, charlie, guided_group
):
    certificate = CertificateFactory(user=member, group=guided_group)
    url = reverse("accreditation:certificate_pdf", args=[certificate.code])
    for allowed in (member, begeleider):
        client.force_login(allowed)
        assert client.get(url).status_code == 200
    for other in (danielle, charlie):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_certificate_pdf_revoked_is_not_downloadable(client, member, guided_group):
    certificate = CertificateFactory(user=member, group=guided_group)
    domain.certificate_revoke(certificate=certificate, by=None, reason="Per ongeluk uitgegeven")
    client.force_login(member)
    assert client.get(reverse("accreditation:certificate_pdf", args=[certificate.code])).status_code == 404


# --- Signed statements carry a verification code and a QR code ---------------------------------------


def _sign(group, person, by):
    return domain.reflection_statement_sign(
        group=group, person=person, by=by, period_start=dt.date(2025, 9, 1), period_end=dt.date(2025, 12, 31)
    )


def test_signed_statement_pdf_has_code_url_and_qr_image(
    client, member, begeleider, guided_group, history, settings
):
    settings.SITE_URL = "https://intervisiewijzer.nl"
    statement = _sign(guided_group, member, begeleider)
    client.force_login(member)
    response = client.get(reverse("accreditation:statement_pdf", args=[statement.pk]))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Controleer of deze verklaring echt is: scan de QR-code of ga naar" in text
    assert f"https://intervisiewijzer.nl/verifieer/{statement.code}/" in text
    assert f"Code:\n{statement.code}" in text
    assert sum(len(page.images) for page in reader.pages) == 1  # the QR code
    # The same signed statement, downloaded by the person for exactly that period.
    url = reverse("accreditation:reflection_pdf", args=[guided_group.slug])
    assert statement.code in pdf_text(client.get(url, {"start": "2025-09-01", "end": "2025-12-31"}).content)


def test_unsigned_statement_pdf_has_no_code(client, member, guided_group, history):
    client.force_login(member)
    response = client.get(reverse("accreditation:reflection_pdf", args=[guided_group.slug]))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Zonder begeleider" in text
    assert "IVW-" not in text
    assert sum(len(page.images) for page in reader.pages) == 0


def test_revoked_statement_is_no_longer_given_out(client, member, begeleider, guided_group, history):
    statement = _sign(guided_group, member, begeleider)
    domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="Verkeerde periode")
    client.force_login(member)
    assert client.get(reverse("accreditation:statement_pdf", args=[statement.pk])).status_code == 404
    url = reverse("accreditation:reflection_pdf", args=[guided_group.slug])
    text = pdf_text(client.get(url, {"start": "2025-09-01", "end": "2025-12-31"}).content)
    assert "Zonder begeleider: de deelnemer verklaart zelf" in text
    assert statement.code not in text


# --- Every name prints as it is written (embedded Unicode font) ---------------------------------------

# Turkish and Serbian letters outside Windows-1252, Cyrillic, Greek and Arabic (right to left).
NAMES = ["Şükrü Yılmaz-Đorđević", "Ольга Смирнова", "Γιώργος Παπαδόπουλος", "ليلى حسن"]


@pytest.fixture
def world(guided_group):
    """Four members whose names the old Windows-1252 core font could not print, at one meeting."""
    people = []
    meeting = past_meeting(guided_group, D1)
    for index, name in enumerate(NAMES):
        person = UserFactory(email=f"wereld{index}@example.nl", name=name)
        MembershipFactory(user=person, group=guided_group)
        attend(meeting, person)
        people.append(person)
    return people


def _fonts(content: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_attendance_list_pdf_prints_every_name_exactly(client, begeleider, guided_group, world):
    client.force_login(begeleider)
    url = reverse("accreditation:attendance_list_pdf", args=[guided_group.slug])
    content = client.get(url).content
    text = pdf_text(content)
    for name in NAMES:
        assert name in text
    assert "?" not in text
    # Only the embedded font (as a subset), never a core font such as Helvetica.
    assert {font.split("+", 1)[1] for font in _fonts(content)} == {"DejaVuSansBook", "DejaVuSansBold"}
    one = pdf_text(client.get(url, {"deelnemer": world[0].pk}).content)
    assert "Deelnemer Şükrü Yılmaz-Đorđević" in one


@pytest.mark.parametrize("index", range(len(NAMES)))
def test_reflection_statement_pdfs_print_every_name_exactly(client, begeleider, guided_group, world, index):
    person = world[index]
    client.force_login(person)
    unsigned = pdf_text(client.get(reverse("accreditation:reflection_pdf", args=[guided_group.slug])).content)
    assert f"Deelnemer {NAMES[index]}" in unsigned
    statement = domain.reflection_statement_sign(
        group=guided_group, person=person, by=begeleider, period_start=D1, period_end=D1
    )
    signed = pdf_text(client.get(reverse("accreditation:statement_pdf", args=[statement.pk])).content)
    assert f"Deelnemer {NAMES[index]}" in signed
    if index < 3:
        # pypdf reads a right-to-left name inside a Dutch sentence in visual order, so the whole
        # sentence is compared for the left-to-right scripts only (the PNG shows the Arabic one).
        assert f"Ik, {NAMES[index]}, verklaar dat ik in deze periode heb deelgenomen" in unsigned
        assert f"verklaar dat {NAMES[index]} in deze periode heeft deelgenomen" in " ".join(signed.split())


@pytest.mark.parametrize("index", range(len(NAMES)))
def test_certificate_pdf_prints_every_name_exactly(client, guided_group, world, index):
    certificate = CertificateFactory(
        user=world[index], group=guided_group, title="Intervisie “Samen sterk” – € 0 eigen bijdrage"
    )
    client.force_login(world[index])
    text = pdf_text(client.get(reverse("accreditation:certificate_pdf", args=[certificate.code])).content)
    assert NAMES[index] in text
    assert "Intervisie “Samen sterk” – € 0 eigen bijdrage" in text


def test_pdfs_with_every_script_render_to_png(client, begeleider, guided_group, world, tmp_path):
    """pdftoppm (poppler) opens and draws them; look at the PNGs (``render_pdf_page`` in
    tests/pdf_render.py draws a page into a file of your choice) when changing the layout."""
    statement = domain.reflection_statement_sign(
        group=guided_group, person=world[3], by=begeleider, period_start=D1, period_end=D1
    )
    certificate = CertificateFactory(user=world[0], group=guided_group)
    client.force_login(begeleider)
    for url in (
        reverse("accreditation:attendance_list_pdf", args=[guided_group.slug]),
        reverse("accreditation:statement_pdf", args=[statement.pk]),
        reverse("accreditation:certificate_pdf", args=[certificate.code]),
    ):
        png = render_first_page(client.get(url).content, tmp_path)
        assert png.startswith(b"\x89PNG")
        assert len(png) > 10_000
