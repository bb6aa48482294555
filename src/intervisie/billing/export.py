"""The bookkeeping export: a provider's invoices and credit notes of one year as CSV.

Format, chosen for the Dutch tools a one-person practice uses (Excel with Dutch settings, and the CSV
imports of e-Boekhouden, Moneybird, Exact Online and SnelStart, which all take this form):
- semicolons between the columns and a UTF-8 byte order mark, like the project's other exports: Excel
  with Dutch settings then opens it in columns and keeps the ë of "Zeeuwse Eëlingen";
- amounts with a decimal comma and no thousands separator ("1234,50", "-121,00"): with a decimal dot,
  Dutch Excel reads "1.234" as one thousand two hundred thirty-four and "12.50" as text or a date, and
  the imports expect the comma with Dutch settings; no "€", so the cell stays a number;
- dates as dd-mm-jjjj ("05-03-2026"), the Dutch way, which Excel and the imports recognise;
- the same values whatever the language of the page (only the headers and the words for kind and
  status are translated), so an import that was set up once keeps working.
Text a client typed (an organisation's name) that starts with =, +, -, @ or a tab is given a leading
apostrophe, so a spreadsheet never runs it as a formula (CSV injection).
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from intervisie.billing.enums import InvoiceKind
from intervisie.billing.selectors import document_totals, invoices_of_year

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_amount(amount: Decimal) -> str:
    """An amount for the bookkeeping: "1234,50", "-121,00"."""
    return f"{amount:.2f}".replace(".", ",")


def csv_date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def csv_text(value: str) -> str:
    """Text as typed, made harmless for a spreadsheet (see the module's docstring)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def invoices_csv(*, provider, year: int) -> str:
    """Every invoice and credit note of ``provider`` dated in ``year``, one row each in number order,
    as the text of a CSV file (with the byte order mark). Credit notes have negative amounts and name
    the invoice they credit. Two queries, whatever the number of invoices."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(
        [
            _("Nummer"),
            _("Soort"),
            _("Factuurdatum"),
            _("Vervaldatum"),
            _("Relatie"),
            _("T.a.v."),
            _("Onderwerp"),
            _("Crediteert"),
            _("Netto"),
            _("Btw"),
            _("Bruto"),
            _("Netto 21% btw"),
            _("Netto 0% of vrijgesteld"),
            _("Vrijgesteld van btw (CRKBO)"),
            _("Status"),
            _("Betaald op"),
        ]
    )
    for invoice in invoices_of_year(provider=provider, year=year):
        amounts = document_totals(invoice)
        writer.writerow(
            [
                invoice.code,
                invoice.get_kind_display(),
                csv_date(invoice.issued_on),
                csv_date(invoice.due_on),
                csv_text(invoice.recipient_organisation),
                csv_text(invoice.recipient_name),
                csv_text(invoice.subject),
                invoice.credits.code if invoice.kind == InvoiceKind.CREDIT_NOTE and invoice.credits else "",
                csv_amount(amounts.net),
                csv_amount(amounts.vat),
                csv_amount(amounts.gross),
                csv_amount(amounts.net_by_rate.get(Decimal("21.00"), Decimal("0.00"))),
                csv_amount(amounts.net_by_rate.get(Decimal("0.00"), Decimal("0.00"))),
                _("ja") if invoice.vat_exempt else _("nee"),
                invoice.get_status_display(),
                csv_date(invoice.paid_on),
            ]
        )
    return out.getvalue()


def invoices_csv_filename(*, provider, year: int) -> str:
    """A file name for the download: "facturen-praktijk-de-linde-2026.csv"."""
    return f"facturen-{provider.slug}-{year}.csv"
