"""The evaluation report as PDF, for the kartrekker and as the attachment each partner receives: fpdf2 with
the embedded DejaVu font of ``common.pdf`` (through accreditation's ``EvidencePDF``: A4, the platform's
header, "Pagina 1 van 2" below), so every letter prints as typed.

It prints what ``report.evaluation_report`` gives and nothing more: figures only where enough people stand
behind them (the report leaves the others empty), quotes and shared texts without a name. It never queries
the database."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from intervisie.accreditation.pdf import MUTED, EvidencePDF, long_date
from intervisie.common.anonymity import MIN_GROUP_SIZE
from intervisie.common.pdf import FONT
from intervisie.programmes.evaluation import SCALE_NOTE

# Widths in mm (174 = A4 less two margins of 18).
ITEM_COLUMNS = (64, 22, 13, 13, 13, 13, 13, 23)
FACT_LABEL = 56
RESPONSE_COLUMNS = (70, 34, 34, 36)


def _number(value, decimals: int = 1) -> str:
    return formats.number_format(value, decimals)


def report_pdf(report) -> bytes:
    """The whole report: response, attendance and hours, the answers per section, quotes, shared texts."""
    programme = report.programme
    pdf = EvidencePDF(title=_("Evaluatieverslag"), subject=report.title)
    pdf.set_title(report.title)
    pdf.title_block(
        report.title,
        _("Intervisie buiten je bubbel · schooljaar %(year)s") % {"year": programme.school_year},
    )
    _facts(
        pdf,
        [
            (_("Programma"), programme.name),
            (_("Partner"), report.partner.name if report.partner is not None else ""),
            (_("Thema"), programme.theme),
            (_("Gemaakt op"), long_date(timezone.localdate(report.made_at))),
            (_("Ingedeelde deelnemers"), str(report.placed)),
        ],
    )
    pdf.paragraph(
        _(
            "Dit verslag noemt geen namen. Cijfers over minder dan %(count)s mensen staan er niet in: "
            "zo is geen antwoord naar iemand te herleiden. Citaten en gedeelde teksten staan er alleen in "
            "als de schrijver dat goed vond."
        )
        % {"count": MIN_GROUP_SIZE},
        size=9,
    )
    pdf.paragraph(str(SCALE_NOTE), size=9)

    pdf.heading(_("Respons"))
    rows = [
        [row.label, str(row.given), str(row.placed), f"{row.percent}%"]
        if row.shown
        else [row.label, row.note, "", ""]
        for row in report.responses
    ]
    pdf.data_table([_("Evaluatie"), _("Ingevuld"), _("Ingedeeld"), _("Respons")], rows, RESPONSE_COLUMNS)

    pdf.heading(_("Aanwezigheid en uren"))
    attendance = report.attendance
    if attendance.shown:
        _facts(
            pdf,
            [
                (_("Deelnemers"), str(attendance.people)),
                (_("Bijeenkomsten gehouden"), str(attendance.meetings_held)),
                (_("Keer aanwezig"), str(attendance.attendances)),
                (_("Gemiddeld per persoon"), _number(attendance.average)),
                (_("Bestede uren"), attendance.hours_text),
            ],
        )
    else:
        pdf.paragraph(attendance.note)

    for section in (report.meetings, report.final):
        pdf.heading(section.title)
        _block(pdf, section.overall)
        for block in section.blocks:
            _block(pdf, block)

    if report.quotes:
        pdf.heading(_("Citaten"))
        for quote in report.quotes:
            pdf.paragraph(f"“{quote}”", style="")
    if report.shared_texts:
        pdf.heading(_("Wat deelnemers meenemen"))
        for text in report.shared_texts:
            pdf.paragraph(text)
    return pdf.output_bytes()


def _facts(pdf: EvidencePDF, pairs: list[tuple[str, str]]) -> None:
    """Label/value lines with room for the longest label ("Bijeenkomsten gehouden"); empty values left out."""
    for label, value in pairs:
        if not value:
            continue
        pdf.set_font(FONT, "B", 10)
        pdf.cell(FACT_LABEL, 6, label)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _block(pdf: EvidencePDF, block) -> None:
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 6, block.label, new_x="LMARGIN", new_y="NEXT")
    if not block.shown:
        pdf.set_text_color(*MUTED)
        pdf.paragraph(block.note, size=9)
        pdf.set_text_color(0, 0, 0)
        return
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        0,
        5,
        _("%(count)s deelnemers gaven antwoord.") % {"count": block.respondents},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    rows = [
        [str(item.question.text), _number(item.mean)]
        + [f"{percent}%" for _score, _count, percent in item.columns]
        + [str(item.answers)]
        for item in block.items
    ]
    pdf.data_table(
        [_("Vraag"), _("Gemiddeld"), "1", "2", "3", "4", "5", _("Antwoorden")], rows, ITEM_COLUMNS, size=8
    )
