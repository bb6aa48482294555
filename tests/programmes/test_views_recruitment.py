"""The kartrekker's recruitment pages (issue 13): the four texts, editing with a preview that fills in the
programme's dates and contact, the copy-ready text, marking as sent, going back to our template, and per
partner a short link and a QR code. Only those who run the programme open them; everyone else gets 404."""

import io

import pytest
import segno
from defusedxml import ElementTree as ET
from django.utils import formats, timezone

from intervisie.common.models import AuditEntry
from intervisie.programmes.enums import DateKind
from intervisie.programmes.models import PartnerContact, RecruitmentText
from intervisie.programmes.recruitment import qr_svg, template_text
from tests.factories import UserFactory, give_totp, make_partner, make_programme

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def programme(db):
    return make_programme(name="Buiten je bubbel Utrecht")


@pytest.fixture
def kartrekker(client, programme):
    give_totp(programme.kartrekker)
    client.force_login(programme.kartrekker)
    return programme.kartrekker


@pytest.fixture
def partner(programme):
    return make_partner(programme, name="Hogeschool Utrecht", kind="opleiding")


def base(programme) -> str:
    return f"/programmas/{programme.slug}/beheer/werving/"


def html(response) -> str:
    return response.content.decode()


def when(value) -> str:
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'l j F Y')} {formats.time_format(local, 'H:i')}"


# --- Who may open them -------------------------------------------------------------------------------------


def all_urls(programme, partner) -> list[tuple[str, str]]:
    url = base(programme)
    return [
        ("get", url),
        ("get", f"{url}student/"),
        ("post", f"{url}student/"),
        ("post", f"{url}student/voorbeeld/"),
        ("post", f"{url}student/verstuurd/"),
        ("get", f"{url}student/herstellen/"),
        ("post", f"{url}student/herstellen/"),
        ("get", f"{url}student/qr/{partner.code}.svg"),
    ]


def test_outsiders_begeleiders_partner_contacts_and_superusers_get_404(
    client, programme, partner, charlie, superuser
):
    begeleider = programme.groups.first().begeleider
    contact = UserFactory(email=partner.contact_email)
    PartnerContact.objects.create(partner=partner, user=contact)
    text = RecruitmentText.objects.get(programme=programme, category="student")
    for person in (None, charlie, begeleider, contact, superuser):
        client.logout()
        if person is not None:
            client.force_login(person)
        for method, url in all_urls(programme, partner):
            data = {"subject": "Weg", "body": "Weg", "verstuurd": "1"} if method == "post" else None
            response = getattr(client, method)(url, data)
            if person is None:  # logged out: to the login page first, as everywhere
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            else:
                assert response.status_code == 404, (person, method, url)
    text.refresh_from_db()
    assert text.subject == template_text(category="student")[0] and text.sent_at is None


def test_a_manager_of_the_initiator_opens_them_too(client, programme, partner):
    manager = UserFactory()
    programme.initiator.managers.add(manager)
    give_totp(manager)
    client.force_login(manager)
    for method, url in all_urls(programme, partner):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_unknown_category_or_partner_is_not_found(client, kartrekker, programme, partner):
    assert client.get(f"{base(programme)}docent/").status_code == 404
    assert client.get(f"{base(programme)}student/qr/onbekend.svg").status_code == 404
    other = make_partner(make_programme(), name="Elders")
    assert client.get(f"{base(programme)}student/qr/{other.code}.svg").status_code == 404


# --- The list ----------------------------------------------------------------------------------------------


def test_list_shows_the_four_texts_with_advice_links_and_whether_sent(client, kartrekker, programme, partner):
    RecruitmentText.objects.filter(programme=programme, category="ouder").update(sent_at=timezone.now())
    page = html(client.get(base(programme)))
    for category, who in [
        ("student", "studenten"),
        ("professional", "professionals"),
        ("ouder", "ouders"),
        ("jongere", "jongeren"),
    ]:
        assert f'href="{base(programme)}{category}/">Tekst voor {who} bekijken en aanpassen</a>' in page
        assert f"http://127.0.0.1:8000/programmas/{programme.slug}/aanmelden/{category}/" in page
    assert "via het secretariaat van de opleidingen" in page
    assert page.count("Nog niet verstuurd") == 3 and page.count("Verstuurd op") == 1
    assert "Hogeschool Utrecht" in page


# --- Editing and the preview -------------------------------------------------------------------------------


def test_edit_page_shows_the_text_the_placeholders_and_a_filled_preview(client, kartrekker, programme):
    page = html(client.get(f"{base(programme)}student/"))
    assert "Wervingstekst voor studenten" in page
    assert "<code>{datum_startbijeenkomst}</code></dt><dd>datum en tijd van de startbijeenkomst</dd>" in page
    start = programme.dates.get(kind=DateKind.START).starts_at
    assert f"De startbijeenkomst is op {when(start)}." in page
    for meeting in programme.dates.filter(kind=DateKind.MEETING):
        assert f"- {when(meeting.starts_at)}" in page
    assert programme.contact_email in page


def test_live_preview_fills_in_the_dates_and_flags_unknown_placeholders(client, kartrekker, programme):
    response = client.post(
        f"{base(programme)}student/voorbeeld/",
        {
            "subject": "Start {datum_startbijeenkomst}",
            "body": "Info: {datum_informatiebijeenkomst}\n{Datum} <b>",
        },
        headers={"HX-Request": "true"},
    )
    page = html(response)
    assert "<html" not in page
    start = programme.dates.get(kind=DateKind.START).starts_at
    info = programme.dates.get(kind=DateKind.INFORMATION).starts_at
    assert f"Start {when(start)}" in page
    assert f"Info: {when(info)}<br>" in page
    assert '<mark class="unknown-placeholder">{Datum}</mark>' in page
    assert "Deze woorden tussen accolades kennen we niet." in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    # The preview saves nothing.
    assert RecruitmentText.objects.get(programme=programme, category="student").subject != "Start"


def test_preview_button_without_javascript_shows_the_typed_text_without_saving(client, kartrekker, programme):
    data = {"subject": "Nieuw onderwerp", "body": "Kom op {datum_startbijeenkomst}", "actie": "voorbeeld"}
    page = html(client.post(f"{base(programme)}student/", data))
    start = programme.dates.get(kind=DateKind.START).starts_at
    assert f"Kom op {when(start)}" in page
    assert 'value="Nieuw onderwerp"' in page
    assert RecruitmentText.objects.get(programme=programme, category="student").subject != "Nieuw onderwerp"


def test_saving_keeps_the_text_and_audits_it(client, kartrekker, programme):
    data = {"subject": "Doe mee, {programma}", "body": "Aanmelden: {aanmeldlink}", "actie": "opslaan"}
    response = client.post(f"{base(programme)}ouder/", data)
    assert response["Location"] == f"{base(programme)}ouder/"
    text = RecruitmentText.objects.get(programme=programme, category="ouder")
    assert (text.subject, text.body) == ("Doe mee, {programma}", "Aanmelden: {aanmeldlink}")
    assert AuditEntry.objects.filter(
        action="programme.recruitment_text_changed", data={"category": "ouder"}
    ).exists()
    page = html(client.get(response["Location"]))
    assert "De tekst is bewaard." in page
    copy = f"Doe mee, Buiten je bubbel Utrecht\n\nAanmelden: http://127.0.0.1:8000/programmas/{programme.slug}/aanmelden/ouder/"
    assert copy in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "", "Vul een onderwerp in voor de e-mail."),
        ("subject", "x" * 151, "Gebruik maximaal 150 tekens (nu 151)."),
        ("body", "", "Vul de wervingstekst in."),
        ("body", "x" * 6001, "Gebruik maximaal 6000 tekens (nu 6001)."),
    ],
)
def test_bad_text_gets_a_message_at_the_field_and_keeps_what_was_typed(
    client, kartrekker, programme, field, value, message
):
    data = {"subject": "Mijn onderwerp", "body": "Mijn eigen tekst", field: value, "actie": "opslaan"}
    page = html(client.post(f"{base(programme)}student/", data))
    assert message in page and f'id="id_{field}_error"' in page
    if field == "body":
        assert 'value="Mijn onderwerp"' in page
    else:
        assert "Mijn eigen tekst</textarea>" in page
    assert (
        RecruitmentText.objects.get(programme=programme, category="student").body
        == template_text(category="student")[1]
    )


# --- Sent, reset -------------------------------------------------------------------------------------------


def test_mark_as_sent_keeps_the_first_date_and_can_be_undone(client, kartrekker, programme):
    url = f"{base(programme)}student/verstuurd/"
    response = client.post(url, {"verstuurd": "1"})
    assert response["Location"] == f"{base(programme)}student/"
    text = RecruitmentText.objects.get(programme=programme, category="student")
    first = text.sent_at
    assert first is not None
    client.post(url, {"verstuurd": "1"})
    text.refresh_from_db()
    assert text.sent_at == first
    page = html(client.get(f"{base(programme)}student/"))
    assert f"Verstuurd op {timezone.localtime(first).day}" in page and "Toch niet verstuurd" in page
    client.post(url, {"verstuurd": "0"})
    text.refresh_from_db()
    assert text.sent_at is None
    assert client.get(url).status_code == 405


def test_reset_asks_first_then_brings_back_our_template(client, kartrekker, programme):
    text = RecruitmentText.objects.get(programme=programme, category="jongere")
    text.subject, text.body = "Eigen", "Eigen tekst"
    text.save()
    url = f"{base(programme)}jongere/herstellen/"
    assert "Wat je zelf schreef, is dan weg." in html(client.get(url))
    text.refresh_from_db()
    assert text.body == "Eigen tekst"
    response = client.post(url)
    assert response["Location"] == f"{base(programme)}jongere/"
    text.refresh_from_db()
    assert (text.subject, text.body) == template_text(category="jongere")


# --- Per partner: links, copy and QR -----------------------------------------------------------------------


def test_each_partner_gets_its_own_link_in_the_copy(client, kartrekker, programme, partner):
    page = html(client.get(f"{base(programme)}student/"))
    link = f"http://127.0.0.1:8000/programmas/{programme.slug}/p/{partner.code}/student/"
    assert f"Aanmelden kan tot {formats.date_format(programme.signup_closes_on, 'j F Y')}: {link}" in page
    assert f"http://127.0.0.1:8000/programmas/{programme.slug}/p/{partner.code}/</code>" in page
    assert f'href="{base(programme)}student/qr/{partner.code}.svg" download' in page
    assert '<svg viewBox="0 0 ' in page and "QR-code met de aanmeldlink van Hogeschool Utrecht" in page


def test_the_partner_link_in_the_copy_attributes_the_sign_up(client, kartrekker, programme, partner):
    client.logout()
    response = client.get(f"/programmas/{programme.slug}/p/{partner.code}/student/")
    assert response["Location"] == f"/programmas/{programme.slug}/aanmelden/student/"
    page = html(client.get(response["Location"]))
    assert "Je meldt je aan via Hogeschool Utrecht." in page


def test_qr_download_is_valid_svg_of_the_partners_link(client, kartrekker, programme, partner):
    response = client.get(f"{base(programme)}student/qr/{partner.code}.svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="qr-{programme.slug}-student-{partner.code}.svg"'
    )
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "QR-code met de aanmeldlink van Hogeschool Utrecht"
    assert root.find(f"{SVG}path") is not None
    # The same modules as segno draws for the partner's link (decoding a QR code is not our test's job).
    link = f"http://127.0.0.1:8000/programmas/{programme.slug}/p/{partner.code}/student/"
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="svg", border=4)
    expected = ET.fromstring(buffer.getvalue()).find(f"{SVG}path").get("d")
    assert root.find(f"{SVG}path").get("d") == expected


def test_the_inline_qr_code_draws_the_same_modules_and_scales_with_the_page(programme, partner):
    link = f"http://127.0.0.1:8000/programmas/{programme.slug}/p/{partner.code}/student/"
    # An <svg> element in HTML needs no namespace; to read it as XML it gets one.
    inline_svg = qr_svg(link, title="QR", inline=True).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
    inline = ET.fromstring(inline_svg)
    download = ET.fromstring(qr_svg(link, title="QR", inline=False))
    assert inline.get("class") == "qr-code" and inline.get("width") is None and inline.get("viewBox")
    assert inline.find(f"{SVG}title").text == "QR"
    assert inline.find(f"{SVG}path").get("d") == download.find(f"{SVG}path").get("d")
