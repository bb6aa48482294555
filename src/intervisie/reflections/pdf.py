"""The reflectieverslag: a person's own reflections in one group, per meeting on the three SKJ
dimensions. Built on the evidence PDF base of the accreditation app; never queries the database."""

from django.utils.translation import gettext as _

from intervisie.accreditation.pdf import EvidencePDF, long_date, short_date


def dimension_labels() -> list[tuple[str, str]]:
    return [
        ("methods_text", _("Methoden en technieken (technisch-instrumenteel)")),
        ("values_text", _("Normen en waarden (normatief)")),
        ("personal_text", _("Persoonlijk: denken, voelen, willen")),
    ]


def reflection_report_pdf(*, person, group, reflections: list, period: tuple = (None, None)) -> bytes:
    name = person.name or person.email
    pdf = EvidencePDF(title=_("Reflectieverslag"), subject=name)
    pdf.title_block(_("Reflectieverslag"), group.name)
    start, end = period
    pdf.facts(
        [
            (_("Deelnemer"), name),
            (_("SKJ-nummer"), getattr(person, "skj_number", "")),
            (_("Registerplein-nummer"), getattr(person, "registerplein_number", "")),
            (_("Groep"), group.name),
            (
                _("Periode"),
                _("%(start)s tot en met %(end)s") % {"start": long_date(start), "end": long_date(end)}
                if start and end
                else "",
            ),
            (_("Reflecties"), str(len(reflections))),
        ]
    )
    pdf.paragraph(
        _(
            "Na elke bijeenkomst schreef de deelnemer zelf een reflectie op de drie dimensies die SKJ vraagt: "
            "technisch-instrumenteel, normatief en persoonlijk."
        ),
        size=9,
    )
    if not reflections:
        pdf.paragraph(_("Er zijn in deze periode geen reflecties geschreven."))
    for reflection in reflections:
        meeting = reflection.meeting
        pdf.heading(f"{short_date(meeting.starts_at)} – {meeting.title}")
        for field, label in dimension_labels():
            pdf.paragraph(label, size=10, style="B")
            pdf.paragraph(getattr(reflection, field) or _("(niets ingevuld)"))
    return pdf.output_bytes()
