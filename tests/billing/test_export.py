"""The bookkeeping export: a provider's invoices and credit notes of a year as CSV."""

import csv
import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from intervisie.billing.domain import credit_invoice, mark_invoice_paid
from intervisie.billing.export import invoices_csv, invoices_csv_filename
from tests.billing.documents import RECIPIENT, lines, make_invoice
from tests.factories import ProviderFactory

HEADER = [
    "Nummer",
    "Soort",
    "Factuurdatum",
    "Vervaldatum",
    "Relatie",
    "T.a.v.",
    "Onderwerp",
    "Crediteert",
    "Netto",
    "Btw",
    "Bruto",
    "Netto 21% btw",
    "Netto 0% of vrijgesteld",
    "Vrijgesteld van btw (CRKBO)",
    "Status",
    "Betaald op",
]


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # the byte order mark: Dutch Excel then reads UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_invoices_csv_has_one_row_per_invoice_and_credit_note_of_the_year(provider):
    first = make_invoice(
        provider,
        issued_on=dt.date(2026, 1, 10),
        subject="Begeleide intervisie, voorschot",
        lines=lines(("Bijeenkomst", "3", "33.33"), ("Reader", "6", "12.50", "0")),
    )
    second = make_invoice(
        provider,
        issued_on=dt.date(2026, 2, 1),
        recipient={**RECIPIENT, "recipient_organisation": "Zorggroep Eëntje", "recipient_name": "Piet"},
        lines=lines(("Bijeenkomst", "4", "1234.50")),
    )
    mark_invoice_paid(invoice=second, paid_on=dt.date(2026, 2, 10), by=None)
    credit_invoice(invoice=first, by=None, reason="Dubbel gefactureerd.", issued_on=dt.date(2026, 2, 15))
    make_invoice(provider, issued_on=dt.date(2025, 12, 31))  # another year
    make_invoice(ProviderFactory(), issued_on=dt.date(2026, 1, 5))  # another provider

    text = invoices_csv(provider=provider, year=2026)

    assert "\r\n" in text  # the line ends spreadsheets expect
    assert rows(text) == [
        HEADER,
        [
            "2026-0001",
            "Factuur",
            "10-01-2026",
            "24-01-2026",
            "Gezinshuizen De Linde",
            "Noor Opdrachtgever",
            "Begeleide intervisie, voorschot",
            "",
            "174,99",  # 99.99 + 75.00
            "21,00",  # 21% of 99.99 = 20.9979 → 21.00
            "195,99",
            "99,99",
            "75,00",
            "nee",
            "Gecrediteerd",
            "",
        ],
        [
            "2026-0002",
            "Factuur",
            "01-02-2026",
            "15-02-2026",
            "Zorggroep Eëntje",
            "Piet",
            "Begeleide intervisie",
            "",
            "4938,00",  # no thousands separator
            "1036,98",
            "5974,98",
            "4938,00",
            "0,00",
            "nee",
            "Betaald",
            "10-02-2026",
        ],
        [
            "2026-0003",
            "Creditnota",
            "15-02-2026",
            "01-03-2026",
            "Gezinshuizen De Linde",
            "Noor Opdrachtgever",
            "Begeleide intervisie, voorschot",
            "2026-0001",
            "-174,99",
            "-21,00",
            "-195,99",
            "-99,99",
            "-75,00",
            "nee",
            "Betaald",  # it settled the open invoice
            "15-02-2026",
        ],
    ]


def test_invoices_csv_marks_exempt_invoices(exempt_provider):
    make_invoice(exempt_provider, issued_on=dt.date(2026, 3, 5), lines=lines(("Bijeenkomst", "8", "395.00")))

    (_, row) = rows(invoices_csv(provider=exempt_provider, year=2026))

    assert row[8:15] == ["3160,00", "0,00", "3160,00", "0,00", "3160,00", "ja", "Open"]


def test_invoices_csv_of_a_year_without_invoices_has_the_header_only(provider):
    assert rows(invoices_csv(provider=provider, year=2026)) == [HEADER]


def test_invoices_csv_defuses_text_a_spreadsheet_would_run(provider):
    make_invoice(
        provider,
        issued_on=dt.date(2026, 3, 5),
        recipient={
            **RECIPIENT,
            "recipient_organisation": '=HYPERLINK("https://example.com")',
            "recipient_name": "@Piet",
        },
        subject="+31 intervisie; met puntkomma",
    )

    (_, row) = rows(invoices_csv(provider=provider, year=2026))

    assert row[4:7] == ['\'=HYPERLINK("https://example.com")', "'@Piet", "'+31 intervisie; met puntkomma"]


def test_invoices_csv_takes_two_queries_whatever_the_number(provider):
    for day in range(1, 4):
        make_invoice(provider, issued_on=dt.date(2026, 3, day), lines=lines(("A", "1", "1"), ("B", "2", "2")))
    credit_invoice(
        invoice=provider.invoices.get(number=1), by=None, reason="Fout.", issued_on=dt.date(2026, 3, 4)
    )

    with CaptureQueriesContext(connection) as queries:
        text = invoices_csv(provider=provider, year=2026)

    assert len(rows(text)) == 5
    assert len(queries) == 2


def test_invoices_csv_filename_names_provider_and_year(provider):
    assert invoices_csv_filename(provider=provider, year=2026) == f"facturen-{provider.slug}-2026.csv"
