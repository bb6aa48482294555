"""The one BSN check (common/bsn.py): used by every form with free text and by the case privacy screen."""

import pytest
from django.core.exceptions import ValidationError

from intervisie.common.bsn import BSN_MESSAGE, bsn_spans, validate_no_bsn


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("BSN 111222333.", ["111222333"]),
        ("Op het formulier stond 140.201.993.", ["140.201.993"]),
        ("Het nummer 6645 88 335 en ook 937 347 681", ["6645 88 335", "937 347 681"]),
        ("(775959832)", ["775959832"]),
    ],
)
def test_bsn_spans_finds_numbers_that_pass_the_elfproef(text, found):
    assert [text[start:end] for start, end in bsn_spans(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "123456789",  # fails the 11-proef
        "1111222333",  # ten digits
        "11122233",  # eight digits
        "1.111.222.333",  # the tail of a longer dotted number
        "0.111222333",  # a decimal fraction
        "111-222-333",  # dashes are not how a BSN is grouped
        "",
    ],
)
def test_bsn_spans_leaves_other_numbers_alone(text):
    assert list(bsn_spans(text)) == []


def test_validate_no_bsn_refuses_with_a_kind_message():
    with pytest.raises(ValidationError) as raised:
        validate_no_bsn("Mijn BSN is 111 222 333, voor de zekerheid.")
    assert raised.value.code == "bsn"
    assert raised.value.messages == [str(BSN_MESSAGE)]
    assert "Een BSN mogen we niet bewaren. Haal het nummer weg." in raised.value.messages[0]
    assert "111" not in raised.value.messages[0]  # the number is never repeated back


@pytest.mark.parametrize("value", ["Mijn SKJ-nummer is 123456789.", "", None])
def test_validate_no_bsn_lets_other_text_pass(value):
    assert validate_no_bsn(value) is None
