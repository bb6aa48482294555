"""The trajectory's report as the client receives it: a PDF in the style of the quote and invoices
(``billing.pdf.DocumentPDF``: the provider's letterhead, the embedded DejaVu font, page numbers).

It prints what ``reporting.report_facts`` gives (attendance as numbers, names only when the group agreed,
methods and aspects) and the begeleider's texts, which passed the privacy screen. Nothing else: no case,
no reflection.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf.fonts import FontFace

from intervisie.billing.pdf import HEADING_FILL, LINE, DocumentPDF, long_date
from intervisie.common.pdf import FONT
from intervisie.trajectories.enums import ReportRule, ReportStatus
from intervisie.trajectories.reporting import report_facts

# Columns of the attendance table (mm; 174 = A4 less two margins of 18), with and without names.
COLUMNS = (58, 44, 22, 50)
COLUMNS_WITH_NAMES = (36, 28, 22, 32, 56)


@dataclass(frozen=True)
class Recipient:
    """What ``DocumentPDF.recipient_block`` prints."""

    recipient_organisation: str
    recipient_name: str
    recipient_address: str = ""


def _meetings_text(count: int) -> str:
    return ngettext("%(count)s bijeenkomst", "%(count)s bijeenkomsten", count) % {"count": count}


def report_pdf(report) -> bytes:
    """The report for the client (or, before it is sent, the begeleider's preview, marked as a concept)."""
    trajectory = report.trajectory
    facts = report_facts(trajectory=trajectory, show_names=report.show_names)
    stamp = report.sent_at or timezone.now()
    pdf = DocumentPDF(provider=trajectory.provider, title=_("Rapport"), code=long_date(stamp))
    title = _("Rapport begeleide intervisie")
    pdf.set_title(f"{title} – {trajectory.organisation_name}")
    pdf.set_subject(title)
    pdf.recipient_block(
        Recipient(recipient_organisation=trajectory.organisation_name, recipient_name=trajectory.contact_name)
    )
    pdf.title_block(title if report.status == ReportStatus.SENT else f"{title} ({_('concept')})")
    rows = facts.meetings
    period = ""
    if rows:
        period = f"{long_date(rows[0].meeting.starts_at)} – {long_date(rows[-1].meeting.starts_at)}"
    pdf.facts(
        [
            (_("Datum"), long_date(stamp)),
            (_("Begeleider"), str(trajectory.begeleider) if trajectory.begeleider_id else ""),
            (_("Periode"), period),
            (_("Bijeenkomsten"), str(facts.held)),
            (_("Deelnemers"), str(facts.participants)),
        ]
    )

    pdf.heading(_("Aanwezigheid per bijeenkomst"))
    if rows:
        _attendance_table(pdf, facts, with_names=report.show_names)
        pdf.paragraph(
            _("Gemiddeld waren er %(average)s van de %(participants)s deelnemers bij een bijeenkomst.")
            % {"average": facts.average_present, "participants": facts.participants}
        )
    else:
        pdf.paragraph(_("Er is geen bijeenkomst gehouden."))

    pdf.heading(_("Geoefende methodes"))
    if facts.methods:
        pdf.paragraph("\n".join(f"• {name} ({_meetings_text(count)})" for name, count in facts.methods))
    if report.methods_text:
        pdf.paragraph(report.methods_text)
    if not facts.methods and not report.methods_text:
        pdf.paragraph(_("Er is geen methode vastgelegd."))

    pdf.heading(_("Behandelde onderdelen van intervisie"))
    pdf.paragraph("\n".join(f"• {label}: {_meetings_text(count)}" for label, count in facts.aspects))
    if report.aspects_text:
        pdf.paragraph(report.aspects_text)

    pdf.heading(_("Conclusies van de groep"))
    pdf.paragraph(report.conclusions or "—")
    pdf.heading(_("Advies om zelf verder te gaan"))
    pdf.paragraph(report.advice or "—")

    pdf.heading(_("Akkoord van de groep"))
    if report.status == ReportStatus.SENT:
        approvals = report.responses.filter(approves=True).count()
        values = {"approvals": approvals, "date": long_date(report.sent_at)}
        if trajectory.report_rule == ReportRule.MAJORITY:
            text = _(
                "De groep heeft dit rapport gelezen; de meerderheid ging akkoord (%(approvals)s "
                "deelnemers). Verstuurd op %(date)s."
            )
        else:
            text = _(
                "De groep heeft dit rapport gelezen en iedereen ging akkoord (%(approvals)s deelnemers). "
                "Verstuurd op %(date)s."
            )
        pdf.paragraph(text % values)
    else:
        pdf.paragraph(_("Dit is een concept. Het gaat naar de opdrachtgever als de groep akkoord is."))
    return pdf.output_bytes()


def _attendance_table(pdf: DocumentPDF, facts, *, with_names: bool) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.set_draw_color(*LINE)
    headings = [_("Bijeenkomst"), _("Datum"), _("Aanwezig"), _("Methode")]
    if with_names:
        headings.append(_("Wie"))
    with pdf.table(
        col_widths=COLUMNS_WITH_NAMES if with_names else COLUMNS,
        text_align=("LEFT", "LEFT", "RIGHT", "LEFT", "LEFT")[: len(headings)],
        v_align="TOP",
        line_height=4.6,
        padding=1.4,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        repeat_headings=1,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        row = table.row()
        for heading in headings:
            row.cell(heading)
        for item in facts.meetings:
            row = table.row()
            row.cell(item.meeting.title)
            row.cell(long_date(item.meeting.starts_at))
            row.cell(str(item.present))
            row.cell(item.method or "—")
            if with_names:
                row.cell(", ".join(item.names) or "—")
    pdf.ln(2)
