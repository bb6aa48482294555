"""Recruitment texts per category (seed 003: "be as concrete as possible: name the start meeting and the
meeting dates"). Our own Dutch templates, written after the seed's examples; the kartrekker edits them.
Placeholders in curly braces are filled with the programme's dates and contact when the text is shown or
copied; an unknown placeholder stays as typed, so a typo is visible in the preview instead of an error."""

import io
import re

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intervisie.programmes.enums import Category, DateKind

PLACEHOLDERS = {
    "programma": "the programme's name",
    "thema": "the shared theme",
    "schooljaar": "the school year",
    "datum_informatiebijeenkomst": "the online information meeting",
    "datum_startbijeenkomst": "the start meeting",
    "data_bijeenkomsten": "the meeting dates, one per line",
    "aantal_bijeenkomsten": "how many meetings",
    "aanmelden_voor": "the day sign-up closes",
    "aanmeldlink": "the sign-up page for this category (the partner's own link when copied for a partner)",
    "contact": "the contact person with e-mail and phone",
    "aantal_groepen": "the number of groups",
}

TEMPLATES = {
    Category.STUDENT: (
        "Doe mee met Intervisie buiten je bubbel ({schooljaar})",
        """Hallo student,

Wil je ontdekken hoe samenwerken in de jeugdhulp er in het echt uitziet? Doe dan mee met {programma}.

Wat is het?
Je komt samen met professionals uit verschillende organisaties, andere studenten, ouders en jongeren, met een docent die het gesprek leidt. Het thema is: {thema}. Je leert van elkaars kijk op dezelfde situatie.

Wat heb jij eraan?
- Je kijkt mee in het werk van professionals, zonder een hele stage te lopen.
- Je deelt je eigen ervaringen uit je stage of werk.
- Je oefent met reflecteren en met leren van elkaar.

Voor wie?
Voor studenten die na de zomer in hun 3e of 4e studiejaar zitten.

Wat vragen we van je?
Je bent bij {aantal_bijeenkomsten} bijeenkomsten van ongeveer twee uur:
{data_bijeenkomsten}

De startbijeenkomst is op {datum_startbijeenkomst}. Wil je eerst meer weten? Kom naar de online informatiebijeenkomst op {datum_informatiebijeenkomst}.

Aanmelden kan tot {aanmelden_voor}: {aanmeldlink}
Er zijn maar een paar plaatsen.

Vragen? Neem contact op met {contact}.

Een fijne zomer alvast!""",
    ),
    Category.PROFESSIONAL: (
        "Intervisie buiten je bubbel: leer van andere rollen",
        """Intervisie buiten je bubbel is intervisie met jeugdprofessionals uit verschillende organisaties, studenten, ouders en jongeren. Zo kijk je direct mee in de wereld van een ander. Dat helpt om elkaar beter te begrijpen en beter samen te werken. Het thema is: {thema}.

Wat heb je eraan?
- Je ziet hoe andere professionals, studenten, ouders en jongeren naar je werk kijken.
- Je brengt een eigen ervaring in waar anderen van leren.
- Bij een volgend casusoverleg begrijp je sneller waarom een ander iets anders ziet.

Praktisch
- We starten {aantal_groepen} groepen van ongeveer zes deelnemers met een begeleider.
- Elke groep komt {aantal_bijeenkomsten} keer bij elkaar, twee uur lang:
{data_bijeenkomsten}
- Startbijeenkomst: {datum_startbijeenkomst}.
- Online informatiebijeenkomst: {datum_informatiebijeenkomst}.

Meedoen is vrijwillig, maar niet vrijblijvend: je spreekt af hoe vaak je er zeker bij bent.

Aanmelden kan tot {aanmelden_voor}: {aanmeldlink}
Vragen? Neem contact op met {contact}.""",
    ),
    Category.PARENT: (
        "Praat mee: Intervisie buiten je bubbel zoekt ouders",
        """Als ouder weet je als geen ander hoe het is om met hulpverleners samen te werken. Bij Intervisie buiten je bubbel praat je mee met professionals, studenten en jongeren over {thema}. Zo blijft het gesprek niet óver jullie gaan: je praat zelf mee.

Wat heb je eraan?
- Met jouw ervaring help je professionals om beter te worden in hun werk.
- Je hoort hoe professionals en studenten naar dezelfde situaties kijken.

Praktisch
- We komen {aantal_bijeenkomsten} keer bij elkaar, ongeveer twee uur:
{data_bijeenkomsten}
- De eerste keer is op {datum_startbijeenkomst}. Daar maken we samen afspraken.
- Wat in de groep gezegd wordt, blijft in de groep.

Aanmelden kan tot {aanmelden_voor}: {aanmeldlink}
Vragen? Bel of mail {contact}.""",
    ),
    Category.YOUNG_PERSON: (
        "Jouw mening telt: doe mee met Intervisie buiten je bubbel",
        """Hoi!

Heb jij ervaring met jeugdhulp? Dan weet jij dingen die professionals soms niet zien. Bij Intervisie buiten je bubbel praat je mee met professionals, studenten en ouders over {thema}.

Wat doe je?
- Je praat mee in een kleine groep van ongeveer zes mensen.
- Je vertelt hoe jij dingen ziet. Zo leren professionals van jou.

Wanneer?
{aantal_bijeenkomsten} keer, ongeveer twee uur:
{data_bijeenkomsten}
We beginnen op {datum_startbijeenkomst}.

Ben je jonger dan 16? Dan vragen we ook je ouder of verzorger om toestemming.

Aanmelden: {aanmeldlink}
Vragen? {contact}""",
    ),
}


def template_text(*, category: str) -> tuple[str, str]:
    subject, body = TEMPLATES[Category(category)]
    return subject, body


def _when(value) -> str:
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'l j F Y')} {formats.time_format(local, 'H:i')}"


def text_context(*, programme, dates: list, signup_link: str) -> dict[str, str]:
    """The values of the placeholders, from the programme's own dates and contact."""
    info = [d for d in dates if d.kind == DateKind.INFORMATION]
    start = [d for d in dates if d.kind == DateKind.START]
    meetings = [d for d in dates if d.kind == DateKind.MEETING]
    contact = programme.contact_name
    if programme.contact_email:
        contact += f" ({programme.contact_email}"
        contact += f", {programme.contact_phone})" if programme.contact_phone else ")"
    unknown = _("(nog niet bekend)")
    return {
        "programma": programme.name,
        "thema": programme.theme,
        "schooljaar": programme.school_year,
        "datum_informatiebijeenkomst": _when(info[0].starts_at) if info else unknown,
        "datum_startbijeenkomst": _when(start[0].starts_at) if start else unknown,
        "data_bijeenkomsten": "\n".join(f"- {_when(d.starts_at)}" for d in meetings) or unknown,
        "aantal_bijeenkomsten": str(len(meetings)) if meetings else "5",
        "aanmelden_voor": formats.date_format(programme.signup_closes_on, "j F Y"),
        "aanmeldlink": signup_link,
        "contact": contact,
        "aantal_groepen": str(programme.group_count),
    }


PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# --- The kartrekker's recruitment pages (preview, copy, links and QR codes) --------------------------------

# What each placeholder becomes, in the kartrekker's words (shown next to the text field).
PLACEHOLDER_HELP = {
    "programma": gettext_lazy("de naam van het programma"),
    "thema": gettext_lazy("het gezamenlijke thema"),
    "schooljaar": gettext_lazy("het schooljaar"),
    "datum_informatiebijeenkomst": gettext_lazy("datum en tijd van de online informatiebijeenkomst"),
    "datum_startbijeenkomst": gettext_lazy("datum en tijd van de startbijeenkomst"),
    "data_bijeenkomsten": gettext_lazy("de data van de bijeenkomsten, elk op een eigen regel"),
    "aantal_bijeenkomsten": gettext_lazy("hoeveel bijeenkomsten er zijn"),
    "aanmelden_voor": gettext_lazy("de dag waarop aanmelden sluit"),
    "aanmeldlink": gettext_lazy(
        "de link naar het aanmeldformulier voor deze groep; in de tekst voor een partner de eigen link van die "
        "partner"
    ),
    "contact": gettext_lazy("de contactpersoon met e-mailadres en telefoonnummer"),
    "aantal_groepen": gettext_lazy("het aantal groepen"),
}

# Anything in curly braces that looks meant as a placeholder, known or not ("{Datum}", "{data bijeenkomst}").
ANY_PLACEHOLDER_RE = re.compile(r"\{([^{}\n]{1,40})\}")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in ``text`` that ``fill`` does not know, each once, in the order they appear: a
    typo stays visible as typed, so the preview names it."""
    seen = []
    for match in ANY_PLACEHOLDER_RE.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def signup_link(*, programme, category: str, partner=None) -> str:
    """The public sign-up page of ``category``; through a partner, its short link that attributes the
    sign-up to that partner (``programmes:partner_category_link``)."""
    if partner is not None:
        path = reverse("programmes:partner_category_link", args=[programme.slug, partner.code, category])
    else:
        path = reverse("programmes:signup", args=[programme.slug, category])
    return settings.SITE_URL + path


def qr_svg(url: str, *, title: str, inline: bool) -> str:
    """A QR code for ``url`` as SVG: a file to download (with its XML declaration), or an element to put
    in a page (scalable through its viewBox, so the stylesheet sets its size)."""
    code = segno.make(url, error="m", micro=False)
    if inline:
        return code.svg_inline(scale=4, border=4, title=title, svgclass="qr-code", omitsize=True)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=8, border=4, title=title)
    return buffer.getvalue().decode("utf-8")
