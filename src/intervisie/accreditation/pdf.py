"""PDF evidence with fpdf2 (pure Python, no system libraries): the attendance list, the
reflectieverklaring and the certificate of participation.

The functions take loaded objects and return bytes; they never query the database. Text uses the
embedded Unicode font of ``common.pdf`` (DejaVu Sans), so every name prints exactly as it is written:
"Şükrü Yılmaz-Đorđević", "Ольга", "Γιώργος" and "ليلى" alike.
"""

import io
from datetime import date

import segno
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf.fonts import FontFace

from intervisie.common.pdf import FONT, UnicodePDF

PRIMARY = (22, 72, 120)
MUTED = (90, 98, 110)
LINE = (200, 205, 212)
HEADING_FILL = (234, 241, 247)


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


class EvidencePDF(UnicodePDF):
    """A4 with a small header and a page footer ("pagina 1 van 2")."""

    def __init__(self, *, title: str, subject: str = ""):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = title
        self.set_title(title)
        self.set_subject(subject or title)
        self.set_author("Intervisiewijzer")
        self.set_creator("Intervisiewijzer")
        self.set_lang(translation.get_language() or "nl")  # screen readers read the PDF in its language
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.made_on = long_date(timezone.localdate())
        self.add_page()

    def header(self):
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, "Intervisiewijzer", align="L")
        self.cell(0, 5, self.doc_title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, _("Gemaakt op %(date)s") % {"date": self.made_on}, align="L")
        self.cell(
            0, 5, _("Pagina %(page)s van %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="R"
        )

    # --- building blocks ---------------------------------------------------------------------------

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font(FONT, "B", 18)
        self.set_text_color(*PRIMARY)
        self.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_text_color(0, 0, 0)
        if subtitle:
            self.set_font(FONT, "", 11)
            self.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(3)

    def facts(self, pairs: list[tuple[str, str]]) -> None:
        """Label/value lines ("Groep: ...")."""
        for label, value in pairs:
            if not value:
                continue
            self.set_font(FONT, "B", 10)
            self.cell(42, 6, label)
            self.set_font(FONT, "", 10)
            self.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def paragraph(self, text: str, *, size: float = 10, style: str = "") -> None:
        self.set_font(FONT, style, size)
        # Left-aligned: justified text leaves uneven gaps that are harder to read.
        self.multi_cell(0, 5.2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def heading(self, text: str) -> None:
        self.ln(1)
        self.set_font(FONT, "B", 12)
        self.set_text_color(*PRIMARY)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def data_table(
        self, headings: list[str], rows: list[list[str]], widths: tuple, *, size: float = 9
    ) -> None:
        self.set_font(FONT, "", size)
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

    def verification_block(
        self, *, url: str, code: str, text: str, top: float | None = None, inset: float = 0, size: float = 34
    ) -> None:
        """A QR code to the public check with the address and the code next to it. At ``top`` (mm),
        or below the text so far (on a new page when it does not fit)."""
        if top is None:
            if self.get_y() + size + 4 > self.page_break_trigger:
                self.add_page()
            top = self.get_y() + 2
        left = self.l_margin + inset
        text_x = left + size + 8
        text_w = self.w - self.r_margin - inset - text_x
        self.image(qr_png(url), x=left, y=top, w=size, h=size, alt_text=_("QR-code naar de controlepagina"))
        self.set_xy(text_x, top + 2)
        self.set_font(FONT, "", 10)
        self.multi_cell(text_w, 5.5, text, align="L", new_x="LEFT", new_y="NEXT")
        # The address on one line, so it can be typed over: a smaller size when it is long.
        size_pt = 10.0
        self.set_font(FONT, "B", size_pt)
        while size_pt > 7 and self.get_string_width(url) > text_w - 2:
            size_pt -= 0.5
            self.set_font(FONT, "B", size_pt)
        self.multi_cell(text_w, 5.5, url, new_x="LEFT", new_y="NEXT")
        self.set_xy(text_x, self.get_y() + 3)
        self.set_font(FONT, "", 10)
        self.cell(text_w, 6, _("Code:"), new_x="LEFT", new_y="NEXT")
        self.set_font(FONT, "B", 15)
        self.cell(text_w, 8, code, new_x="LEFT", new_y="NEXT")
        self.set_xy(self.l_margin, max(self.get_y(), top + size) + 3)

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
            # Wide enough for "02-09-2025", "2 u 30 min" and "Incidentmethode" in DejaVu Sans 9 pt.
            (22, 13.5, 13, 20, 32, 73.5),
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
        pdf.set_font(FONT, "", 10)
        pdf.cell(5, 5.2, "•")
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
    verify_url: str = "",
) -> bytes:
    """A reflectieverklaring. Signed by the begeleider in the app (``statement``, with its
    verification code and a QR code to ``verify_url``), or the variant without supervisor that the
    person signs (no code: nobody but the person vouches for it)."""
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
            ngettext(
                "Ik, %(signer)s, begeleider van de intervisiegroep %(group)s en ingeschreven bij %(register)s, "
                "verklaar dat %(name)s in deze periode heeft deelgenomen aan %(count)s bijeenkomst van de groep. "
                "Samen is dat %(hours)s uur reflectie. Alleen contacttijd telt mee, in bijeenkomsten van minstens "
                "%(minutes)s minuten.",
                "Ik, %(signer)s, begeleider van de intervisiegroep %(group)s en ingeschreven bij %(register)s, "
                "verklaar dat %(name)s in deze periode heeft deelgenomen aan %(count)s bijeenkomsten van de groep. "
                "Samen is dat %(hours)s uur reflectie. Alleen contacttijd telt mee, in bijeenkomsten van minstens "
                "%(minutes)s minuten.",
                len(lines),
            )
            % values
        )
    else:
        pdf.paragraph(
            ngettext(
                "Ik, %(name)s, verklaar dat ik in deze periode heb deelgenomen aan %(count)s bijeenkomst van de "
                "intervisiegroep %(group)s. Samen is dat %(hours)s uur reflectie. Alleen contacttijd telt mee, in "
                "bijeenkomsten van minstens %(minutes)s minuten. Er is geen verklaring van een begeleider met een "
                "registratie bij LVSC, VGCT, NIP, NVO of NVRG.",
                "Ik, %(name)s, verklaar dat ik in deze periode heb deelgenomen aan %(count)s bijeenkomsten van de "
                "intervisiegroep %(group)s. Samen is dat %(hours)s uur reflectie. Alleen contacttijd telt mee, in "
                "bijeenkomsten van minstens %(minutes)s minuten. Er is geen verklaring van een begeleider met een "
                "registratie bij LVSC, VGCT, NIP, NVO of NVRG.",
                len(lines),
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
        pdf.verification_block(
            url=verify_url,
            code=statement.code,
            text=_("Controleer of deze verklaring echt is: scan de QR-code of ga naar"),
        )
    else:
        pdf.paragraph(_("Naam: %(name)s") % values)
        pdf.ln(4)
        pdf.set_font(FONT, "", 10)
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
    pdf.set_font(FONT, "B", 26)
    pdf.set_text_color(*PRIMARY)
    pdf.multi_cell(0, 12, _("Certificaat van deelname"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(10)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, _("Hierbij verklaren wij dat"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(0, 11, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, _("heeft deelgenomen aan"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, certificate.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(
        0,
        7,
        _("in de intervisiegroep %(group)s") % {"group": certificate.group.name},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)
    pdf.set_font(FONT, "", 11)
    lines = [
        _("Periode: %(start)s tot en met %(end)s")
        % {"start": long_date(certificate.period_start), "end": long_date(certificate.period_end)},
        _("Aantal bijeenkomsten: %(count)s") % {"count": certificate.meetings_attended},
        _("Uren reflectie (contacttijd): %(hours)s") % {"hours": hours_text(certificate.hours)},
        _("Uitgegeven op %(date)s") % {"date": long_date(certificate.issued_at)},
    ]
    for line in lines:
        pdf.multi_cell(0, 6.5, line, align="C", new_x="LMARGIN", new_y="NEXT")

    # The verification block sits at a fixed place above the footnote, inside the frame.
    size = 38
    pdf.verification_block(
        url=verify_url,
        code=certificate.code,
        text=_("Controleer of dit certificaat echt is: scan de QR-code of ga naar"),
        top=pdf.h - 24 - size - 14,
        inset=12,
        size=size,
    )
    pdf.set_font(FONT, "", 8)
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
