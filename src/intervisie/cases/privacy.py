"""The privacy screen for case texts: pure Python, no ORM, no logging.

``scan(text)`` finds things that may identify a child, a parent or a colleague; ``anonymise(text,
finding)`` replaces one of them with a placeholder. A finding holds only positions, never a copy of
the value, so nothing identifying travels further than the text the member typed. Never log a match.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn

BSN = "bsn"
BIRTH_DATE = "birth_date"
PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
NAME = "name"

PLACEHOLDERS = {
    BSN: "[BSN]",
    BIRTH_DATE: "[geboortedatum]",
    PHONE: "[telefoonnummer]",
    EMAIL: "[e-mailadres]",
    ADDRESS: "[adres]",
    NAME: "[naam]",
}

LABELS = {
    BSN: _("een burgerservicenummer (BSN)"),
    BIRTH_DATE: _("een geboortedatum"),
    PHONE: _("een telefoonnummer"),
    EMAIL: _("een e-mailadres"),
    ADDRESS: _("een postcode met huisnummer"),
    NAME: _("een naam"),
}

EXPLANATIONS = {
    BSN: _(
        "Het zijn 9 cijfers die door de elfproef komen. Dat kan toeval zijn (ongeveer 9 van de "
        "100 willekeurige getallen van 9 cijfers komen erdoor), maar een BSN hoort nooit in een inbreng. "
        "Laat het nummer weg; de groep heeft het niet nodig."
    ),
    BIRTH_DATE: _("Schrijf liever de leeftijd, bijvoorbeeld 'een meisje van 12'."),
    PHONE: _("Laat het weg; de groep heeft het niet nodig."),
    EMAIL: _("Laat het weg of schrijf wie het is, bijvoorbeeld 'de mentor'."),
    ADDRESS: _("Schrijf liever alleen de soort plek, bijvoorbeeld 'een dorp in de regio'."),
    NAME: _("Gebruik liever een rol of een verzonnen voornaam, bijvoorbeeld 'de moeder' of 'jongen A'."),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.kind]

    @property
    def key(self) -> str:
        """Identifies the finding in a form button without repeating the value."""
        return f"{self.kind}:{self.start}:{self.end}"


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch numbers: 0 (or +31 / 0031) and nine more digits, with an optional space or dash in between.
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+31[ -]?(?:\(0\))?|0031[ -]?|0)[1-9](?:[ -]?\d){8}(?!\d)")
# Nine digits, optionally grouped with dots or spaces (123.456.789, 1234 56 789).
_BSN_RE = re.compile(r"(?<![\d.])\d(?:[ .]?\d){8}(?![\d])")
_ADDRESS_RE = re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}[ ,]+\d{1,5}(?:[ -]?[a-zA-Z]\b|-\d{1,3})?")
_NUMERIC_DATE_RE = re.compile(r"(?<![\d-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d-])")
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_TEXT_DATE_RE = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})\b",
    re.IGNORECASE,
)
_CAP = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿ]+)*"
_PARTICLE = r"(?:van der|van den|van de|van 't|in 't|van|de|der|den|ter|ten|te|el|al|la|le|op de)"
_NAME_RE = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP})+")
_CAP_WORD_RE = re.compile(_CAP)
# Capitalised words that start a sentence (or a heading) but are no name: dropped from the front of a
# candidate, so "Toen Jan kwam" is not flagged while "Toen Jan de Vries kwam" is.
_NOT_NAMES = {
    "de", "het", "een", "ik", "je", "jij", "we", "wij", "hij", "zij", "ze", "u", "jullie", "mijn", "onze",
    "ons", "zijn", "haar", "hun", "toen", "gisteren", "vandaag", "morgen", "vorige", "afgelopen", "sinds",
    "tijdens", "na", "voor", "bij", "in", "op", "met", "van", "om", "aan", "als", "dan", "daarna", "daarom",
    "omdat", "maar", "en", "of", "dit", "deze", "die", "dat", "er", "wat", "wie", "hoe", "waarom", "wanneer",
    "nu", "soms", "vaak", "ook", "elke", "iedere", "bovendien", "verder", "dus", "hoewel", "zo",
    "vraag", "situatie", "thuis", "school", "nederland",
}  # fmt: skip


def _valid_day_month(day: int, month: int) -> bool:
    try:
        datetime.date(2000, month, day)  # a leap year, so 29 February counts
    except ValueError:
        return False
    return True


def _emails(text):
    for m in _EMAIL_RE.finditer(text):
        yield Finding(EMAIL, m.start(), m.end())


def _phones(text):
    for m in _PHONE_RE.finditer(text):
        yield Finding(PHONE, m.start(), m.end())


def _bsns(text):
    for m in _BSN_RE.finditer(text):
        if bsn.is_valid(m.group()):
            yield Finding(BSN, m.start(), m.end())


def _addresses(text):
    for m in _ADDRESS_RE.finditer(text):
        yield Finding(ADDRESS, m.start(), m.end())


def _dates(text):
    for m in _NUMERIC_DATE_RE.finditer(text):
        if _valid_day_month(int(m.group(1)), int(m.group(2))):
            yield Finding(BIRTH_DATE, m.start(), m.end())
    for m in _TEXT_DATE_RE.finditer(text):
        if _valid_day_month(int(m.group(1)), _MONTHS[m.group(2).lower()]):
            yield Finding(BIRTH_DATE, m.start(), m.end())


def _names(text):
    for m in _NAME_RE.finditer(text):
        start, candidate = m.start(), m.group()
        words = list(_CAP_WORD_RE.finditer(candidate))
        while words and words[0].group().lower() in _NOT_NAMES:
            words.pop(0)
        if len(words) < 2:
            continue
        yield Finding(NAME, start + words[0].start(), m.end())


# Order matters: a phone number also contains nine digits, an e-mail address may contain a name.
_DETECTORS = (_emails, _phones, _bsns, _addresses, _dates, _names)


def scan(text: str) -> list[Finding]:
    """All findings in ``text``, in reading order; overlapping candidates keep the most specific kind."""
    found: list[Finding] = []
    for detector in _DETECTORS:
        for finding in detector(text or ""):
            if not any(finding.start < f.end and f.start < finding.end for f in found):
                found.append(finding)
    return sorted(found, key=lambda f: f.start)


def anonymise(text: str, finding: Finding) -> str:
    """Replace the text of one finding with its placeholder."""
    return text[: finding.start] + finding.placeholder + text[finding.end :]


def find_by_key(text: str, key: str) -> Finding | None:
    """The finding a "replace" button points at, if the text still has it."""
    return next((f for f in scan(text) if f.key == key), None)
