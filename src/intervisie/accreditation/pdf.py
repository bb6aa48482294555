"""PDF evidence with fpdf2 (pure Python, no system libraries): the attendance list, the
reflectieverklaring and the certificate of participation.

The functions take loaded objects and return bytes; they never query the database. Text uses
fpdf2's built-in Helvetica with the Windows-1252 encoding, which covers Dutch (ë, é, ï, ’, –, €);
characters outside it (a Polish ł, say) are written without their accent instead of failing.
"""

import io
import unicodedata
from datetime import date

import segno
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

ENCODING = "cp1252"
PRIMARY = (22, 72, 120)
MUTED = (90, 98, 110)
LINE = (200, 205, 212)
HEADING_FILL = (234, 241, 247)


# Letters that Unicode does not split into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"})


def latin_safe(text: str) -> str:
    """Keep every character Windows-1252 knows; strip the accent from others; '?' as a last resort."""
    out = []
    for char in str(text).translate(_PLAIN_LETTERS):
        try:
            char.encode(ENCODING)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        try:
            base.encode(ENCODING)
            out.append(base or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


def long_date(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, date) or hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def short_date(value) -> str:
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "d-m-Y")


def clock(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def hours_text(value) -> str:
    """Decimal hours the Dutch way: 2.00 → "2", 1.50 → "1,5", 1.58 → "1,58"."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return formats.number_format(normalized.to_integral_value(), 0)
    return formats.number_format(normalized)


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)d u %(m)02d min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d uur") % {"h": hours}
    return _("%(m)d min") % {"m": rest}


class EvidencePDF(FPDF):
    """A4 with a small header and a page footer ("pagina 1 van 2")."""

    def __init__(self, *, title: str, subject: str = ""):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.core_fonts_encoding = ENCODING
        self.doc_title = title
        self.set_title(latin_safe(title))
        self.set_subject(latin_safe(subject or title))
        self.set_author("Intervisiewijzer")
        self.set_creator("Intervisiewijzer")
        self.set_lang(translation.get_language() or "nl")  # screen readers read the PDF in its language
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.made_on = long_date(timezone.localdate())
        self.add_page()

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(latin_safe(text))

    def header(self):
        self.set_font("Helvetica", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, "Intervisiewijzer", align="L")
        self.cell(0, 5, self.doc_title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, _("Gemaakt op %(date)s") % {"date": self.made_on}, align="L")
        self.cell(
            0, 5, _("Pagina %(page)s van %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="R"
        )

    # --- building blocks ---------------------------------------------------------------------------

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font("Helvetica", "B", 18)
        self.set_text_color(*PRIMARY)
        self.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        if subtitle:
            self.set_font("Helvetica", "", 11)
            self.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def facts(self, pairs: list[tuple[str, str]]) -> None:
        """Label/value lines ("Groep: ...")."""
        for label, value in pairs:
            if not value:
                continue
            self.set_font("Helvetica", "B", 10)
            self.cell(42, 6, label)
            self.set_font("Helvetica", "", 10)
            self.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def paragraph(self, text: str, *, size: float = 10, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        # Left-aligned: justified text leaves uneven gaps that are harder to read.
        self.multi_cell(0, 5.2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def heading(self, text: str) -> None:
        self.ln(1)
        self.set_font("Helvetica", "B", 12)
        self.set_text_color(*PRIMARY)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def data_table(
        self, headings: list[str], rows: list[list[str]], widths: tuple, *, size: float = 9
    ) -> None:
        self.set_font("Helvetica", "", size)
        self.set_draw_color(*LINE)
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            v_align="TOP",
            line_height=4.6,
            padding=1.4,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            repeat_headings=1,
        ) as table:
            row = table.row()
            for heading in headings:
                row.cell(heading)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(3)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


# --- Attendance list --------------------------------------------------------------------------------


def _attendee_text(attendance) -> str:
    name = attendance.user.name or attendance.user.email
    meeting = attendance.meeting
    parts = [name]
    arrived = attendance.arrived_at and attendance.arrived_at > meeting.starts_at
    left = attendance.left_at and attendance.left_at < meeting.ends_at
    if arrived or left:
        start = attendance.arrived_at if arrived else meeting.starts_at
        end = attendance.left_at if left else meeting.ends_at
        parts.append(_("%(start)s–%(end)s") % {"start": clock(start), "end": clock(end)})
    if attendance.confirmed_at:
        parts.append(_("bevestigd op %(date)s") % {"date": short_date(attendance.confirmed_at)})
    else:
        parts.append(_("nog niet bevestigd"))
    return ", ".join(parts)


def attendance_list_pdf(
    *,
    group,
    begeleider: str,
    period: tuple,
    series=None,
    meetings: list,
    attendees: dict,
    person=None,
) -> bytes:
    """The attendance list registers accept: group, begeleider and register, period; per meeting the
    date, start and end, length, method and everyone present with their own sign-off."""
    pdf = EvidencePDF(title=_("Presentielijst"), subject=group.name)
    pdf.title_block(_("Presentielijst intervisie"), group.name)
    start, end = period
    pairs = [
        (_("Groep"), group.name),
        (_("Organisatie"), group.organisation.name),
        (_("Begeleider"), begeleider or _("geen begeleider")),
        (_("Reeks"), series.name if series else ""),
        (
            _("Periode"),
            _("%(start)s tot en met %(end)s") % {"start": long_date(start), "end": long_date(end)}
            if start and end
            else "",
        ),
        (_("Deelnemer"), (person.name or person.email) if person else ""),
        (_("Bijeenkomsten"), str(len(meetings))),
    ]
    pdf.facts(pairs)
    if not meetings:
        pdf.paragraph(_("In deze periode zijn geen bijeenkomsten met aanwezigheid geregistreerd."))
    else:
        rows = [
            [
                short_date(m.starts_at),
                clock(m.starts_at),
                clock(m.ends_at),
                minutes_text(m.duration_minutes),
                m.method.name if m.method_id and m.method else "",
                "\n".join(_attendee_text(a) for a in attendees.get(m.pk, [])),
            ]
            for m in meetings
        ]
        pdf.data_table(
            [_("Datum"), _("Begin"), _("Eind"), _("Duur"), _("Methode"), _("Aanwezig en afgetekend")],
            rows,
            (21, 12, 12, 16, 27, 86),
        )
    pdf.paragraph(
        _(
            "De begeleider of planner van de groep registreert wie er was, met de tijden als iemand later kwam "
            'of eerder wegging. "Bevestigd op" is de datum waarop de deelnemer zelf in Intervisiewijzer heeft '
            "bevestigd dat dit klopt."
        ),
        size=8.5,
    )
    return pdf.output_bytes()


# --- Reflectieverklaring ----------------------------------------------------------------------------


def _dimensions(pdf: EvidencePDF) -> None:
    pdf.heading(_("Waar de reflectie over ging"))
    pdf.paragraph(
        _(
            "In de bijeenkomsten reflecteerden de deelnemers samen op situaties uit hun eigen werk, op de drie "
            "dimensies die SKJ vraagt:"
        )
    )
    for text in (
        _("Technisch-instrumenteel: methoden, werkwijzen en vaardigheden."),
        _("Normatief: normen, waarden en beroepsethiek."),
        _("Persoonlijk: je eigen denken, voelen en willen."),
    ):
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(5, 5.2, "-")
        pdf.multi_cell(0, 5.2, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def reflection_statement_pdf(
    *,
    person,
    group,
    period: tuple,
    lines: list,
    hours,
    min_minutes: int,
    statement=None,
) -> bytes:
    """A reflectieverklaring. Signed by the begeleider in the app (``statement``), or the variant
    without supervisor that the person signs."""
    start, end = period
    name = person.name or person.email
    pdf = EvidencePDF(title=_("Reflectieverklaring"), subject=name)
    if statement is not None:
        pdf.title_block(_("Reflectieverklaring"), _("Ondertekend door de begeleider"))
    else:
        pdf.title_block(_("Reflectieverklaring"), _("Zonder begeleider: de deelnemer verklaart zelf"))
    pairs = [
        (_("Deelnemer"), name),
        (_("SKJ-nummer"), person.skj_number),
        (_("Registerplein-nummer"), person.registerplein_number),
        (_("Groep"), group.name),
        (_("Vorm"), _("intervisie")),
        (
            _("Periode"),
            _("%(start)s tot en met %(end)s") % {"start": long_date(start), "end": long_date(end)}
            if start and end
            else "",
        ),
        (_("Bijeenkomsten"), str(len(lines))),
        (_("Uren reflectie"), hours_text(hours)),
    ]
    pdf.facts(pairs)
    values = {
        "name": name,
        "group": group.name,
        "count": len(lines),
        "hours": hours_text(hours),
        "minutes": min_minutes,
    }
    if statement is not None:
        values.update(
            signer=statement.signed_by.name or statement.signed_by.email, register=statement.signer_register
        )
        pdf.paragraph(
            _(
                "Ik, %(signer)s, begeleider van de intervisiegroep %(group)s en ingeschreven bij %(register)s, "
                "verklaar dat %(name)s in deze periode heeft deelgenomen aan %(count)s bijeenkomsten van de groep. "
                "Samen is dat %(hours)s uur reflectie. Alleen contacttijd telt mee, in bijeenkomsten van minstens "
                "%(minutes)s minuten."
            )
            % values
        )
    else:
        pdf.paragraph(
            _(
                "Ik, %(name)s, verklaar dat ik in deze periode heb deelgenomen aan %(count)s bijeenkomsten van de "
                "intervisiegroep %(group)s. Samen is dat %(hours)s uur reflectie. Alleen contacttijd telt mee, in "
                "bijeenkomsten van minstens %(minutes)s minuten. Er is geen verklaring van een begeleider met een "
                "registratie bij LVSC, VGCT, NIP, NVO of NVRG."
            )
            % values
        )
    _dimensions(pdf)
    pdf.heading(_("Bijeenkomsten"))
    if lines:
        rows = [
            [
                short_date(line.meeting.starts_at),
                f"{clock(line.meeting.starts_at)}–{clock(line.meeting.ends_at)}",
                minutes_text(line.minutes),
                hours_text(line.hours),
                line.meeting.source.meeting.method.name if line.meeting.source.meeting.method_id else "",
            ]
            for line in lines
        ]
        pdf.data_table(
            [_("Datum"), _("Tijd"), _("Contacttijd"), _("Uren"), _("Methode")], rows, (26, 28, 30, 18, 72)
        )
    else:
        pdf.paragraph(_("Er zijn in deze periode geen bijeenkomsten die meetellen."))
    pdf.heading(_("Ondertekening"))
    if statement is not None:
        pdf.paragraph(
            _(
                "Ondertekend in Intervisiewijzer op %(date)s door %(signer)s (%(register)s), begeleider van de groep."
            )
            % {**values, "date": long_date(statement.signed_at)}
        )
    else:
        pdf.paragraph(_("Naam: %(name)s") % values)
        pdf.ln(4)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(85, 6, _("Datum: ........................................"))
        pdf.cell(
            0, 6, _("Handtekening: ........................................"), new_x="LMARGIN", new_y="NEXT"
        )
    return pdf.output_bytes()


# --- Certificate ------------------------------------------------------------------------------------


def qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def certificate_pdf(*, certificate, verify_url: str) -> bytes:
    """A certificate of participation with its verification code and a QR code to the public page."""
    name = certificate.user.name or certificate.user.email
    pdf = EvidencePDF(title=_("Certificaat"), subject=certificate.code)
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.8)
    pdf.rect(12, 24, pdf.w - 24, pdf.h - 44)
    pdf.set_line_width(0.2)
    pdf.set_y(44)
    pdf.set_font("Helvetica", "B", 26)
    pdf.set_text_color(*PRIMARY)
    pdf.multi_cell(0, 12, _("Certificaat van deelname"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(10)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 7, _("Hierbij verklaren wij dat"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(0, 11, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 7, _("heeft deelgenomen aan"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, certificate.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(
        0,
        7,
        _("in de intervisiegroep %(group)s") % {"group": certificate.group.name},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 11)
    lines = [
        _("Periode: %(start)s tot en met %(end)s")
        % {"start": long_date(certificate.period_start), "end": long_date(certificate.period_end)},
        _("Aantal bijeenkomsten: %(count)s") % {"count": certificate.meetings_attended},
        _("Uren reflectie (contacttijd): %(hours)s") % {"hours": hours_text(certificate.hours)},
        _("Uitgegeven op %(date)s") % {"date": long_date(certificate.issued_at)},
    ]
    for line in lines:
        pdf.multi_cell(0, 6.5, line, align="C", new_x="LMARGIN", new_y="NEXT")

    # The verification block: QR code on the left, the address and the code on the right.
    size = 38
    top = pdf.h - 24 - size - 14
    left = 30
    text_x = left + size + 8
    text_w = pdf.w - text_x - 30
    pdf.image(qr_png(verify_url), x=left, y=top, w=size, h=size, alt_text=_("QR-code naar de controlepagina"))
    pdf.set_xy(text_x, top + 2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        text_w,
        5.5,
        _("Controleer of dit certificaat echt is: scan de QR-code of ga naar"),
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(text_w, 5.5, verify_url, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(text_x, pdf.get_y() + 3)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(text_w, 6, _("Code:"), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Courier", "B", 16)
    pdf.cell(text_w, 8, certificate.code, new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(18, pdf.h - 24 - 9)
    pdf.multi_cell(
        0,
        4,
        _(
            "Intervisiewijzer geeft dit certificaat namens de groep. Het is een bewijs van deelname, geen "
            "accreditatie door een register."
        ),
        align="C",
    )
    return pdf.output_bytes()
