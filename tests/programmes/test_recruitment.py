"""Recruitment texts (programmes/recruitment.py): filling in the programme's dates and contact, unknown
placeholders, the sign-up links per category and partner, and the QR code."""

import pytest
from defusedxml import ElementTree as ET
from django.utils import formats, timezone

from intervisie.programmes.enums import Category, DateKind
from intervisie.programmes.recruitment import (
    PLACEHOLDER_HELP,
    PLACEHOLDERS,
    fill,
    qr_svg,
    signup_link,
    template_text,
    text_context,
    unknown_placeholders,
)
from tests.factories import make_partner, make_programme

SVG = "{http://www.w3.org/2000/svg}"


def when(value) -> str:
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'l j F Y')} {formats.time_format(local, 'H:i')}"


@pytest.mark.django_db
def test_every_template_filled_in_names_the_dates_and_the_contact_and_leaves_no_placeholder():
    programme = make_programme(name="Buiten je bubbel Utrecht", contact_phone="030-1234567")
    dates = list(programme.dates.all())
    start = programme.dates.get(kind=DateKind.START).starts_at
    for category in Category:
        subject, body = template_text(category=category)
        values = text_context(programme=programme, dates=dates, signup_link="https://x.nl/aanmelden/")
        filled = fill(f"{subject}\n{body}", values)
        assert unknown_placeholders(f"{subject}\n{body}") == []
        assert "{" not in filled
        assert "https://x.nl/aanmelden/" in filled
        assert f"{programme.contact_name} ({programme.contact_email}, 030-1234567)" in filled
        assert when(start) in filled
        for meeting in programme.dates.filter(kind=DateKind.MEETING):
            assert f"- {when(meeting.starts_at)}" in filled


@pytest.mark.django_db
def test_missing_dates_read_as_not_yet_known():
    programme = make_programme(status="draft", meetings=0)
    programme.dates.all().delete()
    values = text_context(programme=programme, dates=[], signup_link="")
    assert values["datum_startbijeenkomst"] == "(nog niet bekend)"
    assert values["data_bijeenkomsten"] == "(nog niet bekend)"
    assert values["aantal_bijeenkomsten"] == "5"


def test_unknown_placeholders_are_named_once_in_order_and_stay_as_typed():
    text = "Kom op {Datum} of {datum_startbijeenkomst} ({data bijeenkomst}) {Datum} {contact}"
    assert unknown_placeholders(text) == ["Datum", "data bijeenkomst"]
    assert fill(text, {"contact": "Kim", "datum_startbijeenkomst": "1 sept"}) == (
        "Kom op {Datum} of 1 sept ({data bijeenkomst}) {Datum} Kim"
    )


def test_every_placeholder_has_a_dutch_explanation():
    assert set(PLACEHOLDER_HELP) == set(PLACEHOLDERS)


@pytest.mark.django_db
def test_signup_link_is_the_category_page_or_the_partners_short_link():
    programme = make_programme()
    partner = make_partner(programme, name="Balans", kind="belangenorganisatie")
    assert signup_link(programme=programme, category="ouder") == (
        f"http://127.0.0.1:8000/programmas/{programme.slug}/aanmelden/ouder/"
    )
    assert signup_link(programme=programme, category="ouder", partner=partner) == (
        f"http://127.0.0.1:8000/programmas/{programme.slug}/p/balans/ouder/"
    )


def test_qr_svg_file_is_xml_with_its_title_and_differs_per_link():
    first = ET.fromstring(qr_svg("https://example.nl/a", title="Voor <Balans> & co", inline=False))
    second = ET.fromstring(qr_svg("https://example.nl/b", title="Voor Balans", inline=False))
    assert first.tag == f"{SVG}svg"
    assert first.find(f"{SVG}title").text == "Voor <Balans> & co"
    assert first.find(f"{SVG}path").get("d") != second.find(f"{SVG}path").get("d")


def test_qr_svg_inline_is_an_element_without_xml_declaration():
    inline = qr_svg("https://example.nl/a", title="QR", inline=True)
    assert inline.startswith('<svg viewBox="0 0 ') and "<?xml" not in inline
    assert 'class="qr-code"' in inline
