"""Quotes, invoices and credit notes as PDF (fpdf2 with the embedded DejaVu font of ``common.pdf``, so
€, ë and ï print as typed), in the style of the evidence PDFs (accreditation/pdf.py): A4, the same
colours, a table with a tinted heading row that repeats on every page, "Pagina 1 van 2" below.

The provider's letterhead (name, address, KvK, btw-id, IBAN, e-mail) heads the first page; the footer of
every page repeats name, KvK, btw-id and IBAN, so a loose second page still says whose it is. Amounts
come from ``money`` (rounded per line) and are written the Dutch way ("€ 1.234,50").
"""

from datetime import date

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf.enums import Align
from fpdf.fonts import FontFace

from intervisie.billing.enums import InvoiceKind, InvoiceStatus, QuoteStatus
from intervisie.billing.money import CRKBO_STATEMENT, format_euro, line_amounts
from intervisie.billing.selectors import document_totals
from intervisie.common.pdf import FONT, UnicodePDF

PRIMARY = (22, 72, 120)
MUTED = (90, 98, 110)
LINE = (200, 205, 212)
HEADING_FILL = (234, 241, 247)

# The lines table: description, quantity, price, VAT, amount (mm; 174 = A4 less two margins of 18).
# Wide enough for the largest amounts the domain takes (domain.MAX_DOCUMENT_TOTAL, domain.MAX_QUANTITY):
# "€ 999.999,99" in 9 pt, and in 11 pt bold in the totals.
COLUMNS = (80, 18, 28, 16, 32)
COLUMN_ALIGN = ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")


def long_date(value) -> str:
    """ "5 maart 2026" in the active language."""
    if value is None:
        return ""
    if not isinstance(value, date) or hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def quantity_text(value) -> str:
    """A quantity the Dutch way without trailing zeros: 3.00 → "3", 1.50 → "1,5"."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return formats.number_format(normalized.to_integral_value(), 0)
    return formats.number_format(normalized)


def rate_text(value) -> str:
    return f"{quantity_text(value)}%"


def iban_text(iban: str) -> str:
    """An IBAN in groups of four, as banks print it: "NL91 ABNA 0417 1643 00"."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


class DocumentPDF(UnicodePDF):
    """A4 with the provider's letterhead on the first page and a footer on every page."""

    def __init__(self, *, provider, title: str, code: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.provider = provider
        self.doc_title = f"{title} {code}"
        self.set_title(self.doc_title)
        self.set_subject(self.doc_title)
        self.set_author(provider.name)
        self.set_creator("Intervisiewijzer")
        self.set_lang(translation.get_language() or "nl")  # screen readers read the PDF in its language
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=22)
        self.add_page()

    # --- every page ----------------------------------------------------------------------------------

    def header(self):
        if self.page_no() == 1:
            self.letterhead()
            return
        self.set_text_color(*MUTED)
        title_w = 50
        self.fitting_cell(self.w - self.l_margin - self.r_margin - title_w, 5, self.provider.name, size=8)
        self.set_font(FONT, "", 8)
        self.cell(title_w, 5, self.doc_title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-15)
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.set_text_color(*MUTED)
        parts = [self.provider.name]
        if self.provider.kvk_number:
            parts.append(_("KvK %(number)s") % {"number": self.provider.kvk_number})
        if self.provider.vat_number:
            parts.append(_("Btw-id %(number)s") % {"number": self.provider.vat_number})
        if self.provider.iban:
            parts.append(_("IBAN %(iban)s") % {"iban": iban_text(self.provider.iban)})
        pages_w = 28
        self.fitting_cell(self.w - self.l_margin - self.r_margin - pages_w, 4, " · ".join(parts), size=7.5)
        self.set_font(FONT, "", 7.5)
        self.cell(
            pages_w,
            4,
            _("Pagina %(page)s van %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="R",
        )

    def fitting_cell(self, width: float, height: float, text: str, *, size: float, style: str = "") -> None:
        """One line of ``text`` in ``width`` mm, in a smaller size when it is long (a provider's name may
        have 120 characters), down to 5 pt; past that it is cut, never printed over its neighbour."""
        while size > 5 and self.get_string_width(text) > width - 2 * self.c_margin:
            size -= 0.5
            self.set_font(FONT, style, size)
        self.set_font(FONT, style, size)
        while text and self.get_string_width(text) > width - 2 * self.c_margin:
            text = text[:-2] + "…"
        self.cell(width, height, text, align="L")

    def letterhead(self) -> None:
        """The provider's name on the left, its address and numbers in a column on the right."""
        provider = self.provider
        top = self.t_margin
        right_w = 66
        right_x = self.w - self.r_margin - right_w
        self.set_xy(self.l_margin, top)
        self.set_font(FONT, "B", 16)
        self.set_text_color(*PRIMARY)
        self.multi_cell(
            right_x - self.l_margin - 6, 7.5, provider.name, align="L", new_x="LMARGIN", new_y="NEXT"
        )
        left_bottom = self.get_y()
        self.set_text_color(*MUTED)
        self.set_font(FONT, "", 8.5)
        place = " ".join(part for part in (provider.postcode, provider.city) if part)
        lines = [provider.address, place, provider.email, provider.phone, provider.website]
        numbers = [
            _("KvK: %(number)s") % {"number": provider.kvk_number} if provider.kvk_number else "",
            # The btw-identificatienummer a Dutch invoice with VAT must carry (Wet OB art. 35a).
            _("Btw-id: %(number)s") % {"number": provider.vat_number} if provider.vat_number else "",
            _("IBAN: %(iban)s") % {"iban": iban_text(provider.iban)} if provider.iban else "",
        ]
        self.set_xy(right_x, top + 0.5)
        for text in [line for line in lines if line] + [""] + [n for n in numbers if n]:
            self.multi_cell(right_w, 4.2, text, align="L", new_x="LEFT", new_y="NEXT")
        bottom = max(left_bottom, self.get_y()) + 3
        self.set_draw_color(*PRIMARY)
        self.set_line_width(0.5)
        self.line(self.l_margin, bottom, self.w - self.r_margin, bottom)
        self.set_line_width(0.2)
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, bottom + 7)

    # --- building blocks -----------------------------------------------------------------------------

    def recipient_block(self, document) -> None:
        self.set_font(FONT, "B", 10)
        self.multi_cell(100, 5, document.recipient_organisation, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 10)
        self.multi_cell(
            100,
            5,
            _("t.a.v. %(name)s") % {"name": document.recipient_name},
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if document.recipient_address:
            self.multi_cell(100, 5, document.recipient_address, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)

    def title_block(self, title: str) -> None:
        self.set_font(FONT, "B", 20)
        self.set_text_color(*PRIMARY)
        self.multi_cell(0, 9, title, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def facts(self, pairs: list[tuple[str, str]]) -> None:
        """Label/value lines ("Factuurdatum: 5 maart 2026"), empty values left out."""
        for label, value in pairs:
            if not value:
                continue
            self.set_font(FONT, "B", 10)
            self.cell(40, 5.6, label)
            self.set_font(FONT, "", 10)
            self.multi_cell(0, 5.6, value, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def heading(self, text: str) -> None:
        self.keep_space(20)
        self.ln(1)
        self.set_font(FONT, "B", 11.5)
        self.set_text_color(*PRIMARY)
        self.multi_cell(0, 6.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(0.5)

    def paragraph(self, text: str, *, size: float = 10, style: str = "") -> None:
        self.set_font(FONT, style, size)
        # Left-aligned: justified text leaves uneven gaps that are harder to read.
        self.multi_cell(0, 5.2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def keep_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit: keeps a block (the totals) in one piece."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def lines_table(self, document) -> None:
        """Description, quantity, price, VAT rate and amount per line; long descriptions wrap in their
        cell and the heading row repeats on each new page."""
        self.set_font(FONT, "", 9)
        self.set_draw_color(*LINE)
        with self.table(
            col_widths=COLUMNS,
            text_align=COLUMN_ALIGN,
            v_align="TOP",
            line_height=4.6,
            padding=1.4,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            repeat_headings=1,
            borders_layout="HORIZONTAL_LINES",
        ) as table:
            row = table.row()
            for heading in (_("Omschrijving"), _("Aantal"), _("Prijs"), _("Btw"), _("Bedrag")):
                row.cell(heading)
            for line in document.lines.all():
                amounts = line_amounts(
                    quantity=line.quantity, unit_price=line.unit_price, vat_rate=line.vat_rate
                )
                row = table.row()
                row.cell(line.description)
                row.cell(quantity_text(line.quantity))
                row.cell(format_euro(line.unit_price))
                # "vrij", not "0%": exempt (CRKBO) is not the zero rate, and the statement below says why.
                row.cell(_("vrij") if document.vat_exempt else rate_text(line.vat_rate))
                row.cell(format_euro(amounts.net))
        self.ln(2)

    def totals_block(self, document, *, total_label: str) -> None:
        """Net, VAT per rate (or "vrijgesteld") and the total, right-aligned under the amounts column."""
        result = document_totals(document)
        rows = [(_("Totaal exclusief btw"), format_euro(result.net), "")]
        if document.vat_exempt:
            rows.append((_("Btw"), _("vrijgesteld"), ""))
        else:
            for rate, vat in sorted(result.vat_by_rate.items(), reverse=True):
                base = format_euro(result.net_by_rate[rate])
                label = _("Btw %(rate)s over %(base)s") % {"rate": rate_text(rate), "base": base}
                rows.append((label, format_euro(vat), ""))
        rows.append((total_label, format_euro(result.gross), "B"))
        # The statement stays with the totals it explains.
        self.keep_space(6.5 * len(rows) + 6 + (12 if document.vat_exempt else 0))
        label_w, amount_w = 78, COLUMNS[-1]
        label_x = self.w - self.r_margin - amount_w - label_w
        margin = self.c_margin
        self.c_margin = 1.4  # the table's cell padding: the amounts line up with the column above
        for label, amount, style in rows:
            if style:
                self.set_draw_color(*PRIMARY)
                self.line(label_x, self.get_y() + 0.5, self.w - self.r_margin, self.get_y() + 0.5)
                self.ln(1.5)
            self.set_x(label_x)
            self.set_font(FONT, style, 10 if not style else 11)
            self.cell(label_w, 6.2, label, align=Align.R)
            self.cell(amount_w, 6.2, amount, align=Align.R, new_x="LMARGIN", new_y="NEXT")
        self.c_margin = margin
        self.ln(4)
        if document.vat_exempt:
            self.paragraph(CRKBO_STATEMENT, size=9)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _document_start(pdf: DocumentPDF, document, *, title: str, facts: list[tuple[str, str]]) -> None:
    pdf.recipient_block(document)
    pdf.title_block(title)
    pdf.facts(facts)


def quote_pdf(quote) -> bytes:
    """The quote as the client reads it: letterhead, recipient, code and dates, the introduction,
    the lines with totals (and the CRKBO statement when exempt), the terms and how to accept."""
    provider = quote.provider
    pdf = DocumentPDF(provider=provider, title=_("Offerte"), code=quote.code)
    facts = [
        (_("Offertenummer"), quote.code),
        (_("Datum"), long_date(quote.sent_at or quote.created_at)),
        (_("Geldig tot en met"), long_date(quote.valid_until)),
        (_("Onderwerp"), quote.subject),
    ]
    if quote.supersedes_id:
        facts.insert(1, (_("Vervangt"), quote.supersedes.code))
    _document_start(pdf, quote, title=_("Offerte"), facts=facts)
    if quote.introduction:
        pdf.paragraph(quote.introduction)
        pdf.ln(1)
    pdf.lines_table(quote)
    pdf.totals_block(quote, total_label=_("Totaal"))
    if quote.terms:
        pdf.heading(_("Voorwaarden"))
        pdf.paragraph(quote.terms)
    pdf.heading(_("Akkoord"))
    if quote.status == QuoteStatus.ACCEPTED:
        pdf.paragraph(
            _("Akkoord gegeven op %(date)s door %(name)s (%(function)s).")
            % {
                "date": long_date(quote.answered_at),
                "name": quote.answered_name,
                "function": quote.answered_function,
            }
        )
    elif quote.status == QuoteStatus.SUPERSEDED:
        pdf.paragraph(_("Deze versie is vervangen door een nieuwe versie van de offerte."))
    else:
        pdf.paragraph(
            _(
                "Ga je akkoord? Gebruik dan de link in de e-mail bij deze offerte, uiterlijk op %(date)s. "
                "Daar kun je ook een wijziging vragen of de offerte afwijzen."
            )
            % {"date": long_date(quote.valid_until)}
        )
    return pdf.output_bytes()


def _payment_text(invoice, gross) -> str:
    provider = invoice.provider
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        credited = invoice.credits
        if credited is not None and credited.paid_on is None:
            return _(
                "Deze creditnota verrekent factuur %(code)s: die factuur hoef je niet meer te betalen."
            ) % {"code": credited.code}
        if invoice.status == InvoiceStatus.PAID:
            return _("We hebben %(amount)s op %(date)s aan je terugbetaald.") % {
                "amount": format_euro(-gross),
                "date": long_date(invoice.paid_on),
            }
        return _("We betalen %(amount)s uiterlijk op %(date)s aan je terug.") % {
            "amount": format_euro(-gross),
            "date": long_date(invoice.due_on),
        }
    if invoice.status == InvoiceStatus.PAID:
        return _("Betaald op %(date)s. Dank je wel!") % {"date": long_date(invoice.paid_on)}
    if invoice.status == InvoiceStatus.CREDITED:
        return _("Deze factuur is gecrediteerd met een creditnota.")
    values = {
        "amount": format_euro(gross),
        "date": long_date(invoice.due_on),
        "iban": iban_text(provider.iban),
        "name": provider.name,
        "code": invoice.code,
    }
    if not provider.iban:
        return (
            _(
                "Wil je %(amount)s uiterlijk op %(date)s betalen aan %(name)s, onder vermelding van "
                "factuurnummer %(code)s?"
            )
            % values
        )
    return (
        _(
            "Wil je %(amount)s uiterlijk op %(date)s overmaken naar %(iban)s ten name van %(name)s, "
            "onder vermelding van factuurnummer %(code)s?"
        )
        % values
    )


def invoice_pdf(invoice) -> bytes:
    """The invoice or credit note: letterhead, recipient, code and dates (a credit note names the
    invoice it credits and why), the lines with totals (and the CRKBO statement when exempt) and how
    to pay (IBAN and code) or how the credit is settled."""
    provider = invoice.provider
    credit_note = invoice.kind == InvoiceKind.CREDIT_NOTE
    title = _("Creditnota") if credit_note else _("Factuur")
    pdf = DocumentPDF(provider=provider, title=title, code=invoice.code)
    if credit_note:
        credited = invoice.credits
        facts = [
            (_("Creditnotanummer"), invoice.code),
            (_("Datum"), long_date(invoice.issued_on)),
            (
                _("Crediteert"),
                _("factuur %(code)s van %(date)s")
                % {"code": credited.code, "date": long_date(credited.issued_on)}
                if credited
                else "",
            ),
            (_("Reden"), invoice.credit_reason),
            (_("Onderwerp"), invoice.subject),
            (_("Uw kenmerk"), invoice.reference),
        ]
    else:
        facts = [
            (_("Factuurnummer"), invoice.code),
            (_("Factuurdatum"), long_date(invoice.issued_on)),
            (_("Vervaldatum"), long_date(invoice.due_on)),
            (_("Onderwerp"), invoice.subject),
            (_("Uw kenmerk"), invoice.reference),
            (_("Offerte"), invoice.quote.code if invoice.quote_id else ""),
        ]
    _document_start(pdf, invoice, title=title, facts=facts)
    pdf.lines_table(invoice)
    pdf.totals_block(invoice, total_label=_("Totaal") if credit_note else _("Totaal te betalen"))
    pdf.heading(_("Terugbetaling") if credit_note else _("Betaling"))
    pdf.paragraph(_payment_text(invoice, document_totals(invoice).gross))
    return pdf.output_bytes()
