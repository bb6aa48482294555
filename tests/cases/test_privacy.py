"""The privacy screen: each kind of finding with texts that should and should not be flagged."""

import pytest
from stdnum.nl import bsn

from intervisie.cases.privacy import anonymise, find_by_key, scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def test_bsn_examples_match_the_elfproef():
    assert bsn.is_valid("111222333")
    assert not bsn.is_valid("123456789")


@pytest.mark.parametrize("number", ["111222333", "111.222.333", "111 222 333"])
def test_scan_valid_bsn_is_flagged(number):
    text = f"Zijn BSN is {number}, zegt de moeder."
    assert _found(text) == [("bsn", number)]


@pytest.mark.parametrize(
    "text", ["Dossiernummer 123456789.", "Het kostte 1234567890 euro.", "Nummer 11122233."]
)
def test_scan_number_failing_elfproef_is_no_bsn(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "date", ["12-03-2015", "1/4/09", "12 maart 2015", "3 Februari 2012", "29-02-2016", "7 okt. 2010"]
)
def test_scan_date_of_birth_is_flagged(date):
    text = f"Ze is geboren op {date} in het ziekenhuis."
    assert _found(text) == [("birth_date", date)]


@pytest.mark.parametrize(
    "text", ["Op 12 maart hadden we een gesprek.", "Het was 31-02-2015 volgens hem.", "Score 3/10 gehaald."]
)
def test_scan_no_date_of_birth(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "phone", ["06-12345678", "0612345678", "+31 6 12345678", "030-1234567", "06 1234 5678"]
)
def test_scan_phone_is_flagged(phone):
    text = f"Bel de vader op {phone} als het nodig is."
    assert _found(text) == [("phone", phone)]


@pytest.mark.parametrize("text", ["Hij woog 12345 gram.", "We waren met 06 mensen.", "Bel 112 bij nood."])
def test_scan_no_phone(text):
    assert _found(text) == []


def test_scan_email_is_flagged():
    assert _found("Mail naar mentor.school@voorbeeld.nl vandaag.") == [
        ("email", "mentor.school@voorbeeld.nl")
    ]


def test_scan_no_email_without_domain():
    assert _found("We spreken elkaar @school en via mail.") == []


@pytest.mark.parametrize("address", ["3511 AB 12", "3511AB 12a", "1012 JS 4-2"])
def test_scan_postcode_with_house_number_is_flagged(address):
    text = f"Ze woont op {address} met haar oma."
    assert _found(text) == [("address", address)]


@pytest.mark.parametrize(
    "text", ["Ze woont in postcodegebied 3511.", "Ze heeft 3511 AB gezegd.", "Groep 8 AB."]
)
def test_scan_no_address_without_house_number(text):
    assert _found(text) == []


@pytest.mark.parametrize("name", ["Jan de Vries", "Fatima El Amrani", "Kees van der Berg", "Anna Jansen"])
def test_scan_full_name_is_flagged(name):
    text = f"Gisteren kwam {name} langs."
    assert _found(text) == [("name", name)]


def test_scan_full_name_at_sentence_start_is_flagged():
    assert _found("Jan de Vries belde me.") == [("name", "Jan de Vries")]


@pytest.mark.parametrize(
    "text",
    [
        "Toen Jan binnenkwam, was het stil.",
        "De jongen van 12 is boos.",
        "Gisteren belde de moeder. Ik Zie het anders.",
        "Vorige week was het moeilijk.",
    ],
)
def test_scan_no_name_for_sentence_start_or_single_first_name(text):
    assert _found(text) == []


def test_scan_mixed_text_in_reading_order():
    text = (
        "Jan de Vries (06-12345678, jan@voorbeeld.nl) woont op 3511 AB 12, BSN 111222333, geboren 1-2-2010."
    )
    assert _found(text) == [
        ("name", "Jan de Vries"),
        ("phone", "06-12345678"),
        ("email", "jan@voorbeeld.nl"),
        ("address", "3511 AB 12"),
        ("bsn", "111222333"),
        ("birth_date", "1-2-2010"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BSN 111222333.", "BSN [BSN]."),
        ("Geboren 12 maart 2015.", "Geboren [geboortedatum]."),
        ("Bel 0612345678 nu.", "Bel [telefoonnummer] nu."),
        ("Mail a@b.nl nu.", "Mail [e-mailadres] nu."),
        ("Adres 3511 AB 12 thuis.", "Adres [adres] thuis."),
        ("Toen kwam Jan de Vries.", "Toen kwam [naam]."),
    ],
)
def test_anonymise_replaces_one_finding_with_its_placeholder(text, expected):
    (finding,) = scan(text)
    assert anonymise(text, finding) == expected
    assert scan(expected) == []


def test_anonymise_leaves_other_findings_alone():
    text = "Jan de Vries belt 0612345678."
    _name, second = scan(text)
    assert anonymise(text, second) == "Jan de Vries belt [telefoonnummer]."


def test_finding_explains_how_to_rewrite_and_the_elfproef():
    (finding,) = scan("BSN 111222333")
    assert "9 van de 100" in str(finding.explanation)
    assert finding.placeholder == "[BSN]"
    assert "111222333" not in finding.key


def test_find_by_key_returns_none_when_text_changed():
    text = "Bel 0612345678."
    key = scan(text)[0].key
    assert find_by_key(text, key) == scan(text)[0]
    assert find_by_key("Bel nu.", key) is None
