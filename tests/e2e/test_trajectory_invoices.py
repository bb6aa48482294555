"""Step 9 of a guided trajectory in a real browser (issue 12): the begeleider of a running trajectory that
is invoiced per meeting opens its invoices from the trajectory's page and the confirmation step of a
meeting held. That warns her that her practice has no btw-identificatienummer yet; she follows the
warning to her profile, fills the number in, comes back and makes the invoice (whose PDF now carries the
number). She records the payment, downloads the PDF, and then opens her practice's bookkeeping, filters
it and downloads the year as CSV for her bookkeeping.

Every page is checked with axe-core and photographed at laptop and phone size (390 px):
tests/e2e/screenshots/invoices-*.png (the invoice's PDF: invoices-pdf.png)."""

import csv
import datetime as dt
import re
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from intervisie.billing.domain import credit_invoice, mark_invoice_paid
from intervisie.billing.enums import InvoiceStatus
from intervisie.billing.models import Invoice
from intervisie.trajectories.invoicing import make_trajectory_invoice
from tests.e2e.browser import LAPTOP, PHONE, VIEWPORTS, assert_accessible, log_in, render_pdf_page, screenshot
from tests.factories import PASSWORD
from tests.trajectories.invoices import accepted, begeleider, hold, provider_of

CLIENT = "Stichting Gezinshuizen Midden-Nederland"


@pytest.fixture
def bea(live_server):
    """Like the demo's begeleider: she owns her practice and has two-factor login on."""
    return begeleider()


@pytest.fixture
def trajectory(bea):
    """A firm that charges VAT (not CRKBO-registered, no btw-identificatienummer yet), invoicing per
    meeting: four meetings of € 330 with € 35 travel each and a reader of € 15 for six people. Two
    meetings were held; the first was invoiced and paid; the second's invoice was credited (a wrong
    date), so it is due again, with the third's not yet held."""
    provider = provider_of(
        bea,
        name="Leerhuis De Brug",
        slug="leerhuis-de-brug",
        address="Stationsplein 7",
        postcode="3818 LE",
        city="Amersfoort",
        kvk_number="81736452",
        reader_price=Decimal("15.00"),
        payment_days=30,
    )
    trajectory = accepted(
        bea,
        provider=provider,
        moment="per_meeting",
        meetings=4,
        fee=Decimal("330.00"),
        travel=Decimal("35.00"),
        reader=True,
        organisation_name=CLIENT,
        contact_name="Noor de Vries",
        contact_email="noor@midden.example.nl",
    )
    first, second, *_ = hold(trajectory, 2)
    today = timezone.localdate()
    paid = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today, meeting=first)
    mark_invoice_paid(invoice=paid, paid_on=today, by=bea)
    # Everything dated today, so all four documents are of one year whenever the test runs.
    wrong = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today, meeting=second)
    credit_invoice(invoice=wrong, by=bea, reason="Verkeerde datum op de factuur.")
    mail.outbox.clear()
    return trajectory


class AxeFindings:
    """Every page's blocking axe-core findings: the test walks all pages and then fails with all of them."""

    def __init__(self):
        self.failures = []

    def check_at_viewports(self, page, name):
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            screenshot(page, f"{name}-{label}")
            try:
                assert_accessible(page, f"{name}-{label}")
            except AssertionError as failure:
                self.failures.append(f"{name}-{label}: {failure}")
        page.set_viewport_size(LAPTOP)


def _long_date(day: dt.date) -> str:
    with translation.override("nl"):
        return date_format(day, "j F Y")


def _no_sideways_scrolling(page):
    """At phone width nothing sticks out of the page: a table stacks, a long word wraps."""
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size(LAPTOP)
    return overflow <= 0


def test_begeleider_invoices_a_meeting_and_exports_the_year(page, base_url, bea, trajectory):
    axe = AxeFindings()
    year = timezone.localdate().year
    meetings = hold(trajectory, 2)
    second_on = _long_date(timezone.localdate(meetings[1].starts_at))

    # From the trajectory's page to its invoices: one paid, one credited with its credit note.
    log_in(page, bea, PASSWORD, totp=True)
    page.goto(f"{base_url}/trajecten/traject/{trajectory.pk}/")
    page.get_by_role("link", name="Facturen", exact=True).click()
    expect(page.get_by_role("heading", name=f"Facturen: {CLIENT}", level=1)).to_be_visible()
    invoices = page.get_by_role("table")
    expect(invoices.get_by_role("row")).to_have_count(4)  # the heading row and three documents
    expect(invoices.get_by_role("row", name=re.compile(rf"^Factuur {year}-0001"))).to_contain_text("Betaald")
    expect(invoices.get_by_role("row", name=re.compile(rf"^Factuur {year}-0002"))).to_contain_text(
        "Gecrediteerd"
    )
    expect(invoices.get_by_role("row", name=re.compile(rf"^Creditnota {year}-0003"))).to_contain_text(
        f"Crediteert {year}-0002: Verkeerde datum op de factuur."
    )
    due = page.get_by_role("region", name="Nu te factureren")
    # Meeting 2 again: € 330 + € 35 travel, 21 % VAT: € 441,65.
    expect(due).to_contain_text(f"Bijeenkomst 2 van 4 op {second_on}: € 441,65")
    expect(page.locator("#vat-number-warning")).to_be_visible()
    axe.check_at_viewports(page, "invoices-list")
    assert _no_sideways_scrolling(page)

    # The confirmation step: what the invoice will hold, to whom it goes, and the warning.
    due.get_by_role("link", name=f"Factuur maken (Bijeenkomst 2 van 4 op {second_on})").click()
    expect(page.get_by_role("heading", name="Factuur maken", level=1)).to_be_visible()
    lines = page.get_by_role("region", name="Regels van de factuur")
    expect(lines.get_by_role("row", name="Totaal te betalen")).to_contain_text("€ 441,65")
    expect(lines.get_by_role("row", name=re.compile(r"^Btw"))).to_contain_text("€ 76,65")
    expect(page.get_by_text("noor@midden.example.nl", exact=True)).to_be_visible()
    warning = page.locator("#vat-number-warning")
    expect(warning).to_contain_text("Dat nummer staat nog niet in het profiel.")
    expect(warning.get_by_role("link", name="Btw-identificatienummer invullen")).to_have_attribute(
        "href", "/aanbieders/leerhuis-de-brug/profiel/#id_vat_number"
    )
    expect(page.get_by_label("Factuurdatum")).to_have_value(timezone.localdate().isoformat())
    axe.check_at_viewports(page, "invoices-make")
    assert _no_sideways_scrolling(page)

    # She follows the warning to her profile, types the number as it is on her letter, and comes back.
    confirmation = page.url
    warning.get_by_role("link", name="Btw-identificatienummer invullen").click()
    expect(page.get_by_role("heading", name="Profiel van Leerhuis De Brug", level=1)).to_be_visible()
    expect(
        page.get_by_text("Zonder btw-identificatienummer mag je geen factuur met btw sturen.")
    ).to_be_visible()
    expect(page.get_by_label("Btw-identificatienummer")).to_be_in_viewport()  # the link lands at the field
    axe.check_at_viewports(page, "invoices-profile-vat-number")
    page.get_by_label("Btw-identificatienummer").fill("nl 1234.56.782 b01")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_text("Het profiel van Leerhuis De Brug is opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Btw-identificatienummer")).to_have_value("NL123456782B01")
    expect(
        page.get_by_text("Zonder btw-identificatienummer mag je geen factuur met btw sturen.")
    ).to_have_count(0)
    page.goto(confirmation)
    expect(page.locator("#vat-number-warning")).to_have_count(0)
    page.get_by_role("button", name="Ja, maak de factuur en mail hem").click()
    expect(
        page.get_by_text(f"Factuur {year}-0004 is gemaakt en gemaild naar noor@midden.example.nl.")
    ).to_be_visible()
    invoice = Invoice.objects.get(year=year, number=4)
    assert (invoice.status, invoice.quote_id) == (InvoiceStatus.OPEN, trajectory.quote_id)
    (sent,) = mail.outbox
    assert sent.to == ["noor@midden.example.nl"] and sent.attachments[0][0] == f"factuur-{year}-0004.pdf"

    # The new invoice is open; she downloads its PDF and records the payment.
    row = page.get_by_role("table").get_by_role("row", name=re.compile(rf"^Factuur {year}-0004"))
    expect(row).to_contain_text("€ 441,65")
    expect(row).to_contain_text("Open")
    axe.check_at_viewports(page, "invoices-list-made")
    with page.expect_download() as download_info:
        row.get_by_role("link", name=f"Pdf {year}-0004").click()
    download = download_info.value
    assert download.suggested_filename == f"factuur-{year}-0004.pdf"
    with open(download.path(), "rb") as handle:
        text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(handle).pages)
    assert f"Factuurnummer {year}-0004" in text and "Totaal te betalen € 441,65" in text
    assert CLIENT in text and "Btw-id: NL123456782B01" in text
    render_pdf_page(download.path(), "invoices-pdf")
    row.get_by_label("Betaald op").fill(timezone.localdate().isoformat())
    row.get_by_role("button", name=f"Betaald {year}-0004").click()
    expect(page.get_by_text(f"{year}-0004 staat op betaald")).to_be_visible()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID

    # Her practice's bookkeeping: the year's four documents with the totals, filtered, and the export.
    page.goto(f"{base_url}/trajecten/aanbieder/")
    page.get_by_role("link", name="Facturen van Leerhuis De Brug").click()
    expect(page.get_by_role("heading", name="Facturen van Leerhuis De Brug", level=1)).to_be_visible()
    expect(page.get_by_text("4 facturen en creditnota's")).to_be_visible()
    # Net 455 (meeting 1 with the reader) + 365 − 365 (credited) + 365; the open ones are paid or settled.
    expect(page.get_by_text("Omzet exclusief btw: € 820,00")).to_be_visible()
    expect(page.get_by_text("Nog te ontvangen: € 0,00")).to_be_visible()
    table = page.get_by_role("region", name="Facturen", exact=True)
    expect(table.get_by_role("row")).to_have_count(5)
    axe.check_at_viewports(page, "invoices-bookkeeping")
    assert _no_sideways_scrolling(page)
    page.get_by_label("Status").select_option(label="Gecrediteerd")
    expect(table.get_by_role("row")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"status=credited"))
    expect(table).to_contain_text(f"{year}-0002")
    page.get_by_label("Status").select_option(label="Alle")
    expect(table.get_by_role("row")).to_have_count(5)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Download {year} voor je boekhouding (csv)").click()
    download = download_info.value
    assert download.suggested_filename == f"facturen-leerhuis-de-brug-{year}.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert [row[0] for row in rows] == ["Nummer"] + [f"{year}-{n:04d}" for n in range(1, 5)]
    assert [row[4] for row in rows[1:]] == [CLIENT] * 4
    assert rows[4][1:2] == ["Factuur"] and rows[4][10] == "441,65"  # gross, with a decimal comma

    assert not axe.failures, "\n\n".join(axe.failures)


def test_the_bookkeeping_of_a_practice_without_invoices_says_so(page, base_url, bea):
    """A new practice's bookkeeping page on a phone: no table, a clear sentence, nothing sticking out."""
    provider_of(bea, name="Leerhuis De Brug", slug="leerhuis-de-brug", crkbo_registered=True)
    log_in(page, bea, PASSWORD, totp=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/trajecten/aanbieder/leerhuis-de-brug/facturen/")

    expect(page.get_by_text(f"In {timezone.localdate().year} is nog geen factuur gemaakt.")).to_be_visible()
    screenshot(page, "invoices-bookkeeping-empty-phone")
    assert_accessible(page, "invoices-bookkeeping-empty-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
