"""The profile form: what it accepts, how it stores it, and the Dutch message at the field for what it
does not accept."""

from decimal import Decimal

import pytest

from intervisie.providers.forms import MemberAddForm, ProviderForm

pytestmark = pytest.mark.django_db


def _form(provider, data, **changes):
    return ProviderForm({**data, **changes}, instance=provider)


def test_profile_form_cleans_what_people_type(provider, profile_data):
    form = _form(provider, profile_data)

    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["fee_per_meeting"] == Decimal("325.50")
    assert data["travel_costs"] == Decimal("0.25")
    assert data["reader_price"] == Decimal("12.50")
    assert data["iban"] == "NL91ABNA0417164300"
    assert data["kvk_number"] == "12345678"
    assert data["postcode"] == "3511 AB"
    assert data["address"] == "Oudegracht 12"
    assert data["website"] == "https://www.praktijklicht.example.nl"
    assert data["regions"] == ["UT", "GE"]
    assert data["registers"] == ["LVSC", "NVO"]
    assert sorted(m.slug for m in data["methods"]) == ["incidentmethode", "zes-fasen"]


def test_profile_form_accepts_thousands_with_a_dot(provider, profile_data):
    form = _form(provider, profile_data, fee_per_meeting="1.234,50")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["fee_per_meeting"] == Decimal("1234.50")


def test_profile_form_leaves_the_documents_part_empty_if_wanted(provider, profile_data):
    form = _form(provider, profile_data, address="", postcode="", city="", kvk_number="", iban="")

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["iban"], form.cleaned_data["kvk_number"], form.cleaned_data["postcode"]) == (
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kvk_number", "1234567", "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678."),
        ("kvk_number", "1234567a", "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678."),
        ("kvk_number", "١٢٣٤٥٦٧٨", "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678."),
        (
            "iban",
            "NL91 ABNA 0417 1643 01",
            "Dit IBAN klopt niet: er zit een tikfout in. Kijk de letters en cijfers nog eens na.",
        ),
        (
            "iban",
            "NL91 ABNA 0417",
            "Dit is geen geldig IBAN. Een Nederlands IBAN ziet eruit als NL91 ABNA 0417 1643 00.",
        ),
        (
            "iban",
            "12345",
            "Dit is geen geldig IBAN. Een Nederlands IBAN ziet eruit als NL91 ABNA 0417 1643 00.",
        ),
        ("postcode", "351 AB", "Vul een postcode in als 1234 AB."),
        (
            "fee_per_meeting",
            "-5",
            "Een bedrag kan niet negatief zijn. Geen kosten? Vul dan 0 in.",
        ),
        ("travel_costs", "veel", "Vul een bedrag in euro's in, bijvoorbeeld 325 of 325,50."),
        ("reader_price", "12,505", "Gebruik hoogstens 2 cijfers achter de komma."),
        ("fee_per_meeting", "", "Vul een bedrag in. Geen kosten? Vul dan 0 in."),
        ("attendance_threshold_percent", "0", "Kies een percentage van 1 tot en met 100."),
        ("attendance_threshold_percent", "101", "Kies een percentage van 1 tot en met 100."),
        ("meeting_minutes", "20", "Een bijeenkomst duurt minstens 30 minuten."),
        ("validity_days", "400", "Een offerte is hoogstens 365 dagen geldig."),
        ("payment_days", "0", "De betaaltermijn is minstens 1 dag."),
        ("payment_days", "dertig", "Vul een heel getal in, zonder letters."),
        (
            "phone",
            "bel me",
            "Een telefoonnummer bestaat uit cijfers, eventueel met spaties, streepjes of een + vooraan. Bijvoorbeeld 030 123 45 67.",
        ),
        ("email", "geen-adres", "Vul een geldig e-mailadres in, bijvoorbeeld naam@mijnpraktijk.nl."),
        ("email", "", "Vul het e-mailadres in waarop je aanvragen wilt krijgen."),
        ("name", "", "Vul de naam in."),
        ("regions", ["UT", "XX"], "Onbekende provincie: XX."),
        ("registers", ["ABC"], "Onbekend register: ABC."),
        ("methods", ["bestaat-niet"], "Onbekende methode: bestaat-niet."),
        ("invoice_moment", "ooit", "Kies wanneer je factureert."),
    ],
)
def test_profile_form_says_at_the_field_what_is_wrong(provider, profile_data, field, value, message):
    form = _form(provider, profile_data, **{field: value})

    assert not form.is_valid()
    assert form.errors == {field: [message]}


def test_profile_form_wants_online_or_on_site(provider, profile_data):
    data = {k: v for k, v in profile_data.items() if k not in {"online", "on_site"}}

    form = ProviderForm(data, instance=provider)

    assert not form.is_valid()
    assert form.errors == {"on_site": ["Kies online, op locatie of allebei."]}


def test_profile_form_refuses_a_bsn_in_the_text(provider, profile_data):
    form = _form(provider, profile_data, description="Mijn BSN is 111222333, bel me.")

    assert not form.is_valid()
    assert list(form.errors) == ["description"]


def test_profile_form_says_how_much_too_long_a_text_is(provider, profile_data):
    form = _form(provider, profile_data, description="a" * 2001)

    assert form.errors == {"description": ["Je tekst is te lang. Gebruik maximaal 2000 tekens (nu 2001)."]}


def test_profile_form_shows_the_stored_iban_in_groups_of_four(provider):
    provider.iban = "NL91ABNA0417164300"

    form = ProviderForm(instance=provider)

    assert form["iban"].value() == "NL91 ABNA 0417 1643 00"


def test_profile_form_keeps_a_method_outside_the_library_already_chosen(provider, profile_data):
    from tests.factories import MethodFactory

    own = MethodFactory(name="Eigen werkvorm", slug="eigen-werkvorm")
    provider.methods.add(own)

    form = _form(provider, profile_data, methods=["eigen-werkvorm", "zes-fasen"])

    assert form.is_valid(), form.errors
    assert "eigen-werkvorm" not in {m.slug for m in ProviderForm()["methods"].field.queryset}


def test_member_add_form_wants_an_address():
    form = MemberAddForm({"begeleider-email": "nee"}, prefix="begeleider")

    assert form.errors == {"email": ["Vul een geldig e-mailadres in, bijvoorbeeld naam@mijnpraktijk.nl."]}


# --- The btw-identificatienummer ----------------------------------------------------------------------------

VAT_FORMAT = "Een btw-identificatienummer ziet eruit als NL123456782B01: NL, 9 cijfers, een B en 2 cijfers."
VAT_TYPO = "Dit btw-identificatienummer klopt niet: er zit een tikfout in. Kijk de cijfers nog eens na."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("   ", ""),
        ("NL123456782B01", "NL123456782B01"),
        ("nl123456782b01", "NL123456782B01"),  # lowercase
        (" NL 1234 56 782 B01 ", "NL123456782B01"),  # spaces, also around it
        ("NL1234.56.782.B01", "NL123456782B01"),  # dots
        ("nl-123456782-b01", "NL123456782B01"),  # dashes
        # Given since 2020 to a one-person business: mod 97 over the whole number, no eleven-test.
        ("NL100000000B23", "NL100000000B23"),
    ],
)
def test_profile_form_takes_a_vat_number_as_typed_and_stores_it_compact(
    provider, profile_data, typed, stored
):
    form = _form(provider, profile_data, vat_number=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_number"] == stored
    assert form.save().vat_number == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123456782B01", VAT_FORMAT),  # without NL: perhaps the omzetbelastingnummer, which holds a BSN
        ("NL12345678B01", VAT_FORMAT),  # 8 digits
        ("NL1234567820B01", VAT_FORMAT),  # 10 digits
        ("NL123456782B1", VAT_FORMAT),
        ("NL123456782X01", VAT_FORMAT),
        ("NL123456782B00", VAT_FORMAT),
        ("NL000000000B01", VAT_FORMAT),
        ("DE123456789", VAT_FORMAT),
        ("NL١٢٣٤٥٦٧٨٢B01", VAT_FORMAT),  # other digits than 0-9
        ("NL123456789B01", VAT_TYPO),  # one digit off: neither test passes
        ("NL100000000B24", VAT_TYPO),
        ("NL 1234 5678 2 B01 en nog wat tekst", VAT_FORMAT),  # more than 30 characters typed
    ],
)
def test_profile_form_says_at_the_field_what_is_wrong_with_a_vat_number(
    provider, profile_data, typed, message
):
    form = _form(provider, profile_data, vat_number=typed)

    assert not form.is_valid()
    assert form.errors == {"vat_number": [message]}


def test_profile_form_vat_number_field_is_limited_to_thirty_characters_as_typed():
    assert ProviderForm()["vat_number"].field.widget.attrs["maxlength"] == "30"
