"""Quotes, invoices and credit notes as PDF, as the client opens them: read back with pypdf and rendered
with pdftoppm."""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import formats

from intervisie.billing.domain import credit_invoice, mark_invoice_paid, set_quote_status
from intervisie.billing.enums import QuoteStatus
from intervisie.billing.money import CRKBO_STATEMENT
from intervisie.billing.pdf import iban_text, invoice_pdf, quantity_text, quote_pdf
from tests.billing.documents import lines, make_invoice, make_quote, today
from tests.factories import ProviderFactory
from tests.pdf_render import A4_AT_60_DPI, png_size, render_first_page

LONG = (
    "Begeleiding van de intervisiegroep van gezinshuisouders in de regio Zwolle, inclusief voorbereiding, "
    "verslaglegging en een evaluatiegesprek met de opdrachtgever na afloop"
)
MARCH_5 = dt.date(2026, 3, 5)


def pages_text(content: bytes) -> list[str]:
    """Each page's text with its white space made single, so wrapped lines read as one sentence."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(content: bytes) -> str:
    return " ".join(pages_text(content))


def long_date(day) -> str:
    return formats.date_format(day, "j F Y")


@pytest.fixture
def quote(provider):
    first = make_quote(provider, lines=lines(("Bijeenkomst", "6", "450.00")))
    return make_quote(
        provider,
        supersedes=first,
        subject="Begeleide intervisie voor gezinshuisouders",
        introduction="Naar aanleiding van ons gesprek met Chloë.",
        terms="Annuleren kan tot twee weken vooraf.",
        lines=lines(
            ("Bijeenkomst intervisie (2,5 uur)", "6", "450.00"),
            ("Reader", "6", "12.50", "0"),
            (LONG, "1", "1234.50"),
            ("Reiskosten", "1.5", "23.45"),
        ),
    )


def test_quote_pdf_holds_letterhead_recipient_code_dates_lines_and_totals(quote, tmp_path):
    content = quote_pdf(quote)

    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    for expected in (
        # the provider's letterhead, "ë" as written
        "Praktijk Zoë Eëlman",
        "Kerkstraat 12",
        "3512 AB Utrecht",
        "KvK: 12345678",
        "Btw-id: NL123456782B01",
        "IBAN: NL91 ABNA 0417 1643 00",
        quote.provider.email,
        # the recipient
        "Gezinshuizen De Linde",
        "t.a.v. Noor Opdrachtgever",
        "Lindelaan 4, 3511 AB Utrecht",
        # code, version and dates
        "Offertenummer OFF-0001-v2",
        "Vervangt OFF-0001-v1",
        f"Geldig tot en met {long_date(quote.valid_until)}",
        "Onderwerp Begeleide intervisie voor gezinshuisouders",
        "Naar aanleiding van ons gesprek met Chloë.",
        # the lines: description, quantity, price, rate, amount; the long one whole
        "Omschrijving Aantal Prijs Btw Bedrag",
        "Bijeenkomst intervisie (2,5 uur) 6 € 450,00 21% € 2.700,00",
        "Reader 6 € 12,50 0% € 75,00",
        LONG,
        "1 € 1.234,50 21% € 1.234,50",
        "Reiskosten 1,5 € 23,45 21% € 35,18",  # 35.175 → 35.18
        # totals: 4044.68 net; 21% of 3969.68 in VAT, per line: 567.00 + 259.25 + 7.39 = 833.64
        "Totaal exclusief btw € 4.044,68",
        "Btw 21% over € 3.969,68 € 833,64",
        "Btw 0% over € 75,00 € 0,00",
        "Totaal € 4.878,32",
        "Voorwaarden Annuleren kan tot twee weken vooraf.",
        f"uiterlijk op {long_date(quote.valid_until)}",
        "Pagina 1 van 1",
    ):
        assert expected in text, expected
    assert "CRKBO" not in text and "vrijgesteld" not in text


def test_quote_pdf_of_a_crkbo_provider_states_the_exemption(exempt_provider):
    quote = make_quote(exempt_provider, lines=lines(("Bijeenkomst", "8", "395.00", "21")))

    text = pdf_text(quote_pdf(quote))

    assert CRKBO_STATEMENT in text
    assert "Bijeenkomst 8 € 395,00 vrij € 3.160,00" in text
    assert "Totaal exclusief btw € 3.160,00 Btw vrijgesteld Totaal € 3.160,00" in text
    assert "21%" not in text
    assert "Intervisiebureau Noël" in text


def test_quote_pdf_of_an_accepted_quote_says_who_accepted(exempt_provider):
    quote = make_quote(exempt_provider)
    quote = set_quote_status(quote=quote, status=QuoteStatus.SENT)
    quote = set_quote_status(
        quote=quote, status=QuoteStatus.ACCEPTED, name="Noor de Vries", function="Directeur"
    )

    text = pdf_text(quote_pdf(quote))

    assert f"Akkoord gegeven op {long_date(today())} door Noor de Vries (Directeur)." in text
    assert "Gebruik dan de link" not in text


def test_quote_pdf_of_a_superseded_version_says_so(quote):
    text = pdf_text(quote_pdf(quote.supersedes))

    assert "Offertenummer OFF-0001-v1" in text
    assert "Deze versie is vervangen door een nieuwe versie van de offerte." in text


def test_invoice_pdf_holds_code_dates_totals_and_how_to_pay(provider, quote, tmp_path):
    invoice = make_invoice(
        provider,
        issued_on=MARCH_5,
        reference="PO-2026-17",
        quote=quote,
        lines=lines(("Bijeenkomst intervisie", "3", "33.33"), ("Reader", "1", "1134.50")),
    )

    content = invoice_pdf(invoice)

    text = pdf_text(content)
    for expected in (
        "Praktijk Zoë Eëlman",
        "Btw-id: NL123456782B01",  # a Dutch invoice with VAT must carry it
        "IBAN: NL91 ABNA 0417 1643 00",
        "Factuur",
        "Factuurnummer 2026-0001",
        "Factuurdatum 5 maart 2026",
        "Vervaldatum 19 maart 2026",
        "Uw kenmerk PO-2026-17",
        "Offerte OFF-0001-v2",
        "Bijeenkomst intervisie 3 € 33,33 21% € 99,99",
        "Reader 1 € 1.134,50 21% € 1.134,50",
        # 1234.49 net; VAT per line 21.00 + 238.25 = 259.25
        "Totaal exclusief btw € 1.234,49",
        "Btw 21% over € 1.234,49 € 259,25",
        "Totaal te betalen € 1.493,74",
        "Wil je € 1.493,74 uiterlijk op 19 maart 2026 overmaken naar NL91 ABNA 0417 1643 00 ten name van "
        "Praktijk Zoë Eëlman, onder vermelding van factuurnummer 2026-0001?",
    ):
        assert expected in text, expected
    assert "CRKBO" not in text and "Creditnota" not in text
    assert png_size(render_first_page(content, tmp_path)) == A4_AT_60_DPI


def test_invoice_pdf_of_a_crkbo_provider_states_the_exemption(exempt_provider):
    invoice = make_invoice(exempt_provider, issued_on=MARCH_5, lines=lines(("Bijeenkomst", "8", "395.00")))

    text = pdf_text(invoice_pdf(invoice))

    assert CRKBO_STATEMENT in text
    assert "Btw vrijgesteld Totaal te betalen € 3.160,00" in text
    assert "NL02 RABO 0123 4567 89" in text


def test_invoice_pdf_of_a_paid_invoice_says_when(provider):
    invoice = mark_invoice_paid(invoice=make_invoice(provider, issued_on=MARCH_5), paid_on=MARCH_5, by=None)

    text = pdf_text(invoice_pdf(invoice))

    assert "Betaald op 5 maart 2026." in text
    assert "Wil je" not in text


def test_invoice_pdf_without_iban_asks_to_pay_without_one(db):
    provider = ProviderFactory(name="Praktijk Eenvoud")
    invoice = make_invoice(provider, issued_on=MARCH_5)

    text = pdf_text(invoice_pdf(invoice))

    assert "IBAN" not in text and "KvK" not in text and "Btw-id" not in text
    assert (
        "Wil je € 3.267,00 uiterlijk op 4 april 2026 betalen aan Praktijk Eenvoud, onder vermelding van "
        "factuurnummer 2026-0001?"
    ) in text


def test_credit_note_pdf_names_the_invoice_it_credits_and_why(exempt_provider, tmp_path):
    invoice = make_invoice(exempt_provider, issued_on=MARCH_5, lines=lines(("Bijeenkomst", "8", "395.00")))
    note = credit_invoice(
        invoice=invoice, by=None, reason="Dubbel gefactureerd.", issued_on=dt.date(2026, 3, 9)
    )

    content = invoice_pdf(note)

    text = pdf_text(content)
    for expected in (
        "Creditnota",
        "Creditnotanummer 2026-0002",
        "Datum 9 maart 2026",
        "Crediteert factuur 2026-0001 van 5 maart 2026",
        "Reden Dubbel gefactureerd.",
        "Bijeenkomst -8 € 395,00 vrij -€ 3.160,00",
        "Totaal exclusief btw -€ 3.160,00",
        "Totaal -€ 3.160,00",
        CRKBO_STATEMENT,
        "Deze creditnota verrekent factuur 2026-0001: die factuur hoef je niet meer te betalen.",
    ):
        assert expected in text, expected
    assert "Factuurnummer" not in text and "Totaal te betalen" not in text
    assert png_size(render_first_page(content, tmp_path)) == A4_AT_60_DPI


def test_credit_note_pdf_of_a_paid_invoice_promises_the_refund(provider):
    invoice = mark_invoice_paid(invoice=make_invoice(provider, issued_on=MARCH_5), paid_on=MARCH_5, by=None)
    note = credit_invoice(
        invoice=invoice, by=None, reason="Traject gaat niet door.", issued_on=dt.date(2026, 3, 9)
    )

    text = pdf_text(invoice_pdf(note))

    assert "We betalen € 3.267,00 uiterlijk op 23 maart 2026 aan je terug." in text
    refunded = mark_invoice_paid(invoice=note, paid_on=dt.date(2026, 3, 20), by=None)
    assert "We hebben € 3.267,00 op 20 maart 2026 aan je terugbetaald." in pdf_text(invoice_pdf(refunded))


def test_credited_invoice_pdf_asks_no_payment(provider):
    invoice = make_invoice(provider, issued_on=MARCH_5)
    credit_invoice(invoice=invoice, by=None, reason="Dubbel gefactureerd.")
    invoice.refresh_from_db()

    text = pdf_text(invoice_pdf(invoice))

    assert "Deze factuur is gecrediteerd met een creditnota." in text
    assert "Wil je" not in text


def test_thirty_lines_run_over_two_pages_with_headings_and_totals_whole(provider, tmp_path):
    specs = [
        (f"Bijeenkomst {n} op {n} maart" + (f" {LONG}" if n % 7 == 0 else ""), "1", "450.00")
        for n in range(1, 31)
    ]
    invoice = make_invoice(provider, issued_on=MARCH_5, lines=lines(*specs))

    content = invoice_pdf(invoice)

    first, second = pages_text(content)
    assert "Pagina 1 van 2" in first and "Pagina 2 van 2" in second
    assert "Factuur 2026-0001" in second  # the running head of a later page
    # The footer of every page says whose it is, the btw-identificatienummer included.
    footer = "Praktijk Zoë Eëlman · KvK 12345678 · Btw-id NL123456782B01 · IBAN NL91 ABNA 0417 1643 00"
    assert footer in first and footer in second
    assert "Omschrijving Aantal Prijs Btw Bedrag" in second  # the heading row repeats
    text = first + " " + second
    for n in range(1, 31):
        assert f"Bijeenkomst {n} op {n} maart" in text
    assert text.count(LONG) == 4
    assert "Totaal te betalen € 16.335,00" in second
    assert "Totaal exclusief btw" not in first  # the totals stay together, after the last line
    assert png_size(render_first_page(content, tmp_path)) == A4_AT_60_DPI


@pytest.mark.parametrize(
    ("value", "expected"), [("3", "3"), ("3.00", "3"), ("1.50", "1,5"), ("0.25", "0,25"), ("-8.00", "-8")]
)
def test_quantity_text_writes_dutch_numbers_without_trailing_zeros(value, expected):
    assert quantity_text(Decimal(value)) == expected


def test_iban_text_groups_by_four():
    assert iban_text("nl91abna0417164300") == "NL91 ABNA 0417 1643 00"
    assert iban_text("NL91 ABNA 0417 1643 00") == "NL91 ABNA 0417 1643 00"


def test_the_largest_amounts_and_a_long_name_print_whole(db, tmp_path):
    """A provider's name of 120 characters wraps in the letterhead and is made smaller (or cut) in the
    footer, never printed over the page number; the largest amounts the domain takes stay on one line."""
    name = "Praktijk voor begeleide intervisie en supervisie van jeugdprofessionals en gezinshuisouders in Noord-Nederland B.V."
    provider = ProviderFactory(
        name=name[:120],
        crkbo_registered=True,
        kvk_number="12345678",
        vat_number="NL123456782B01",
        iban="NL91ABNA0417164300",
    )
    invoice = make_invoice(provider, issued_on=MARCH_5, lines=lines(("Bijeenkomst", "1", "999999.99")))

    content = invoice_pdf(invoice)

    text = pdf_text(content)
    assert name[:120] in text
    assert "Bijeenkomst 1 € 999.999,99 vrij € 999.999,99" in text
    assert "Totaal te betalen € 999.999,99" in text
    assert text.endswith("Pagina 1 van 1")
    # A CRKBO practice may have a btw-identificatienummer too (for other work): it prints when filled in.
    assert "Btw-id: NL123456782B01" in text
    assert png_size(render_first_page(content, tmp_path)) == A4_AT_60_DPI
