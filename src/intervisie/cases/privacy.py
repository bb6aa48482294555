"""The privacy screen for case texts: no ORM, no logging of what it finds.

``scan(text)`` finds things that may identify a child, a parent or a colleague; ``anonymise(text,
finding)`` replaces one of them with a placeholder. A finding holds only positions, never a copy of
the value, so nothing identifying travels further than the text the member typed. Never log a match.

Two sources are combined:

- deduce (``privacy_deduce``), the Dutch de-identification library, for names (with first-name and
  surname lists, initials and context rules), places, hospitals, dates, phone numbers, e-mail
  addresses and links;
- our own checks next to it: the BSN through the platform's one check (``common.bsn``, python-stdnum's
  11-proef), postcodes, streets with a house number, dates of birth, schools and named care places,
  lower-case names, and the sector's own words from ``privacy_terms``, which are never flagged.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.nl import postcode

from intervisie.cases import privacy_deduce, privacy_terms
from intervisie.common.bsn import bsn_spans

BSN = "bsn"
BIRTH_DATE = "birth_date"
DATE = "date"
PHONE = "phone"
EMAIL = "email"
URL = "url"
ADDRESS = "address"
PLACE = "place"
NAME = "name"
SCHOOL = "school"
INSTITUTION = "institution"

PLACEHOLDERS = {
    BSN: "[BSN]",
    BIRTH_DATE: "[geboortedatum]",
    DATE: "[datum]",
    PHONE: "[telefoonnummer]",
    EMAIL: "[e-mailadres]",
    URL: "[link]",
    ADDRESS: "[adres]",
    PLACE: "[plaats]",
    NAME: "[naam]",
    SCHOOL: "[school]",
    INSTITUTION: "[instelling]",
}

LABELS = {
    BSN: _("een burgerservicenummer (BSN)"),
    BIRTH_DATE: _("een geboortedatum"),
    DATE: _("een datum"),
    PHONE: _("een telefoonnummer"),
    EMAIL: _("een e-mailadres"),
    URL: _("een link naar een pagina of profiel"),
    ADDRESS: _("een adres of postcode"),
    PLACE: _("een plaatsnaam"),
    NAME: _("een naam"),
    SCHOOL: _("de naam van een school"),
    INSTITUTION: _("de naam van een gezinshuis, ziekenhuis of andere plek"),
}

EXPLANATIONS = {
    BSN: _(
        "Het zijn 9 cijfers die door de elfproef komen. Dat kan toeval zijn (ongeveer 9 van de "
        "100 willekeurige getallen van 9 cijfers komen erdoor), maar een BSN hoort nooit in een inbreng. "
        "Laat het nummer weg; de groep heeft het niet nodig."
    ),
    BIRTH_DATE: _("Schrijf liever de leeftijd, bijvoorbeeld 'een meisje van 12'."),
    DATE: _(
        "Met een precieze datum is iemand soms te herkennen. Schrijf liever 'vorig jaar' of 'in het "
        "voorjaar', of de leeftijd als het om een geboortedatum gaat."
    ),
    PHONE: _("Laat het weg; de groep heeft het niet nodig."),
    EMAIL: _("Laat het weg of schrijf wie het is, bijvoorbeeld 'de mentor'."),
    URL: _("Via een link is vaak te zien over wie het gaat. Laat hem weg of beschrijf wat erop staat."),
    ADDRESS: _("Schrijf liever alleen de soort plek, bijvoorbeeld 'een dorp in de regio'."),
    PLACE: _("In een kleine plaats is iemand snel te herkennen. Schrijf liever 'een dorp in de regio'."),
    NAME: _("Gebruik liever een rol of een verzonnen voornaam, bijvoorbeeld 'de moeder' of 'jongen A'."),
    SCHOOL: _("Schrijf liever de soort school, bijvoorbeeld 'een basisschool in de buurt'."),
    INSTITUTION: _("Schrijf liever de soort plek, bijvoorbeeld 'een gezinshuis' of 'het ziekenhuis'."),
}

# On overlap the most specific kind wins: an e-mail address contains a name, a phone number nine digits.
_PRIORITY = {
    k: i
    for i, k in enumerate(
        (EMAIL, URL, PHONE, BSN, ADDRESS, BIRTH_DATE, DATE, SCHOOL, INSTITUTION, NAME, PLACE)
    )
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


# --- Patterns -----------------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"  # capitals incl. Latin Extended-A (Ş, Ł, Đ...), whose lower case also lives here
# Case-sensitive even inside a case-insensitive pattern: a name starts with a capital.
_CAP_WORD = rf"(?-i:[{_UPPER}][\w’'-]*)"
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
# Dutch numbers: 0 (or +31 / 0031) and nine more digits, with an optional space or dash in between.
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+31[ -]?(?:\(0\))?|0031[ -]?|0)[1-9](?:[ -]?\d){8}(?!\d)")
_POSTCODE_NUMBER_RE = re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}[ ,]+\d{1,5}(?:[ -]?[a-zA-Z]\b|-\d{1,3})?")
# A bare postcode: "3511 AB", "3511AB" and, without the space, "3511ab" (but not "1000mg").
_POSTCODE_RE = re.compile(r"(?<![\d.,])\b[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})\b(?!-)")
_UNITS = {"mg", "gr", "kg", "ml", "cl", "dl", "cm", "mm", "km", "mb", "gb", "kb", "ie", "uu", "st"}
_STREET_ENDINGS = (
    "straat|straatweg|laan|weg|plein|gracht|kade|dijk|singel|steeg|pad|park|dreef|hof|markt|baan|dam|"
    "plantsoen|wal|erf|veld|kamp|ring|boulevard|allee|haven|burg|berg|poort|zijde|vliet|wetering|oord|"
    "hout|akker|brink|gaarde|tuin|weide|kant|donk|heuvel|horst|stede|hoven|zoom|dal|lei"
)
_PARTICLES = r"(?:van|de|der|den|het|'t|ten|ter|la|le|op|aan|in|bij|achter|over|burgemeester)"
# A street ending in a usual word, with a house number: "Kerkstraat 12", "Van Goghstraat 21",
# "Burgemeester de Withstraat 9", "Julianalaan 48b", "Prinsengracht 263-1", "dorpsstraat 5".
_STREET_RE = re.compile(
    rf"(?:(?:{_CAP_WORD}|{_PARTICLES})\s+){{0,3}}[\w’'-]*?[a-zà-ÿ]{{2}}(?:{_STREET_ENDINGS})\s+"
    r"\d{1,4}(?:\s?[a-zA-Z]\b|-\d{1,4}\b)?(?![\d,.:]\d)",
)
_NOT_AFTER_NUMBER = re.compile(
    r"\s*(?:keer|x|jaar|jaren|maand|maanden|week|weken|dag|dagen|uur|minuten|km|kilometer|meter|euro|"
    r"procent|%|kinderen|jongens|meisjes|mensen|kilo|cm|tot)\b",
    re.IGNORECASE,
)
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_YEAR = r"(?:(?:19|20)\d{2}|['’`]\d{2}|\d{2})"
_NUMERIC_DATE_RE = re.compile(rf"(?<![\d.,/-])(\d{{1,2}})([-/.])(\d{{1,2}})\2({_YEAR})(?![\d-])")
_ISO_DATE_RE = re.compile(r"(?<![\d-])((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?![\d-])")
_TEXT_DATE_RE = re.compile(
    r"(?<![\d.,])(\d{1,2})\s+("
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + rf")\b\.?(?:\s+({_YEAR})\b)?",
    re.IGNORECASE,
)
_BIRTH_BEFORE_RE = re.compile(
    r"(?:(?:\b(?:geboren|geboortedatum|geboortedag|jarig|verjaardag|verjaart)\b|\bgeb\b\.?)[^.!?\n]{0,25}"
    r"|\bis van\s+|\(geb(?:oren)?\.?\s*)$",
    re.IGNORECASE,
)
_BIRTH_AFTER_RE = re.compile(r"^\)?\s*(?:geboren|jarig)\b", re.IGNORECASE)

_WORD_RE = re.compile(r"[\w’']+(?:-[\w’']+)*")
_SENTENCE_END = ".!?:;\n"
_INTERFIXES = ("van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "el", "al", "la", "le", "da", "di", "du", "op")  # fmt: skip
_ROLE_WORDS = frozenset((*privacy_terms.ROLE_WORDS, *privacy_terms.TITLES))
_PROPER_WORDS = frozenset(w.lower() for w in privacy_terms.PROPER_WORDS)
_LEADING_TITLES = _ROLE_WORDS | {"de", "heer"}  # "de heer Jansen" is "de heer [naam]"
_ORGANISATION_WORDS = re.compile(
    r"(?:stichting|groep|zorg|team|centrum|instituut|fonds|vereniging|kliniek|school|college|lyceum|"
    r"gymnasium|academie|gemeente|regio|jeugdbescherming|huis)$",
    re.IGNORECASE,
)


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_PROTECTED_RE = re.compile(
    # The prefixes first, so "Veilig Thuis Utrecht" is protected whole, not only "Veilig Thuis".
    rf"\b(?:{_alternatives(privacy_terms.SECTOR_PREFIXES)})\b(?:[\s-]+(?:[Rr]egio|{_CAP_WORD})){{0,4}}"
    rf"|\b(?:{_alternatives(privacy_terms.SECTOR_NAMES)})\b",
    re.IGNORECASE,
)
# Only names, places and institutions can be part of a sector name; an e-mail address or a phone
# number stays flagged even when it contains "jeugdzorg".
_PROTECTABLE = {NAME, PLACE, SCHOOL, INSTITUTION}
_COUNTRIES = frozenset(c.lower() for c in privacy_terms.COUNTRIES)
_SCHOOL_TYPE_RE = re.compile(
    rf"\b(?P<type>{_alternatives(privacy_terms.SCHOOL_TYPES)})\s+"
    rf"(?P<name>(?:(?:[Dd]e|[Hh]et|['’][tT])\s+)?{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|van|de|der|den))*)",
    re.IGNORECASE,
)
_SCHOOL_SUFFIX_RE = re.compile(
    rf"(?:(?:{_CAP_WORD}|van|de|der)\s+){{0,3}}(?P<last>\b[\w’'-]*?(?:{'|'.join(privacy_terms.SCHOOL_SUFFIXES)}))"
    rf"\b(?:\s+(?!(?-i:De|Het)\b){_CAP_WORD})?",
    re.IGNORECASE,
)
# A proper name starting with an article, after "op", "naar", "van" or "bij": "zit op De Regenboog".
_ARTICLE_NAME_RE = re.compile(
    rf"\b(?:op|naar|van|bij|aan)\s+(?P<name>(?:De|Het|['’][tT])\s+{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}"
    rf"|(?:de|het)\s+{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})"
)
_SCHOOL_CONTEXT_RE = re.compile(
    rf"\b(?:{_alternatives(privacy_terms.SCHOOL_CONTEXT)}|zit|zat|zitten|zaten)\b", re.IGNORECASE
)
_CARE_PLACE_RE = re.compile(
    rf"\b(?:{_alternatives(privacy_terms.CARE_PLACE_TYPES)})\s+"
    rf"(?P<name>(?:(?:[Dd]e|[Hh]et|['’][tT])\s+)?{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})",
    re.IGNORECASE,
)
_NAMING_RE = re.compile(
    rf"\b(?:(?:{_alternatives(privacy_terms.ROLE_WORDS)}|heet|heten|genaamd|noemt\s+zichzelf)"
    rf"|(?:{_alternatives(privacy_terms.TITLES)})\.?)[ \t]+(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD})?)",
    re.IGNORECASE,
)


# --- Helpers ------------------------------------------------------------------------------------------


def _valid_day_month(day: int, month: int) -> bool:
    try:
        datetime.date(2000, month, day)  # a leap year, so 29 February counts
    except ValueError:
        return False
    return True


def _at_sentence_start(text: str, index: int) -> bool:
    """Whether nothing but spaces, quotes or an opening bracket stands between a sentence end and ``index``."""
    i = index - 1
    while i >= 0 and text[i] in " \t\"'‘“(-–•*":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _capitalised(word: str) -> str:
    return word[0].upper() + word[1:]


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _is_plain_word(word: str) -> bool:
    """A word that is never a name by itself: a role, a Dutch word that is also a name, a language..."""
    lower = word.lower().rstrip(".")
    return lower in _ROLE_WORDS or lower in privacy_terms.COMMON_WORDS or lower in _PROPER_WORDS


# --- Detectors ----------------------------------------------------------------------------------------


def _regex_findings(text):
    for m in _EMAIL_RE.finditer(text):
        yield Finding(EMAIL, m.start(), m.end())
    for m in _URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)'\"":
            end -= 1
        yield from _url(text, m.start(), end)
    for m in _PHONE_RE.finditer(text):
        yield Finding(PHONE, m.start(), m.end())
    for start, end in bsn_spans(text):
        yield Finding(BSN, start, end)
    for m in _POSTCODE_NUMBER_RE.finditer(text):
        yield Finding(ADDRESS, m.start(), m.end())
    for m in _POSTCODE_RE.finditer(text):
        if m.group()[-2:].lower() not in _UNITS and postcode.is_valid(m.group()):
            yield Finding(ADDRESS, m.start(), m.end())
    for m in _STREET_RE.finditer(text):
        yield from _street(text, m)
    yield from _dates(text)


def _url(text, start, end):
    """A link with a path (a profile, a post) identifies; a bare organisation site does not."""
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", text[start:end], flags=re.IGNORECASE)
    if re.search(r"/[^/\s]", bare):
        yield Finding(URL, start, end)


def _street(text, m):
    if _NOT_AFTER_NUMBER.match(text, m.end()):
        return
    start = m.start()
    words = list(_WORD_RE.finditer(m.group()))
    # Leading particles belong to the street only when a capitalised word follows ("Van Goghstraat");
    # a lower-case street ("dorpsstraat 5") must follow "op", "aan" or "naar" to count.
    while words and words[0].group().lower() in _INTERFIXES and words[0].group()[0].islower():
        words.pop(0)
    if not words:
        return
    first = words[0]
    if first.group()[0].islower() and not re.search(
        r"\b(?:op|aan|naar|bij)\s+(?:de\s+)?$", text[: start + first.start()]
    ):
        return
    yield Finding(ADDRESS, start + first.start(), m.end())


def _dates(text):
    candidates = []
    for m in _NUMERIC_DATE_RE.finditer(text):
        candidates.append((m.start(), m.end(), int(m.group(1)), int(m.group(3)), True))
    for m in _ISO_DATE_RE.finditer(text):
        candidates.append((m.start(), m.end(), int(m.group(4)), int(m.group(3)), True))
    for m in _TEXT_DATE_RE.finditer(text):
        # "7 okt. 2010" keeps its dot; in "jarig op 5 juni." the dot ends the sentence.
        end = m.end() if m.group(3) or not m.group().endswith(".") else m.end() - 1
        candidates.append((m.start(), end, int(m.group(1)), _MONTHS[m.group(2).lower()], bool(m.group(3))))
    for start, end, day, month, has_year in candidates:
        if _valid_day_month(day, month):
            finding = _date_finding(text, start, end, has_year=has_year)
            if finding:
                yield finding


def _date_finding(text, start, end, *, has_year):
    """A date with a year is flagged; a date of birth also without one ("jarig op 5 juni")."""
    birth = bool(_BIRTH_BEFORE_RE.search(text[max(0, start - 40) : start])) or bool(
        _BIRTH_AFTER_RE.match(text[end : end + 20].lstrip(" ,"))
    )
    if birth:
        return Finding(BIRTH_DATE, start, end)
    if has_year:
        return Finding(DATE, start, end)
    return None


def _deduce_date(text, start, end):
    """deduce finds more date formats ("12 3 2011"); it does not check that the day exists."""
    numbers = [int(n) for n in re.findall(r"\d+", text[start:end])]
    month_words = [
        _MONTHS[w.lower()] for w in re.findall(r"[A-Za-z]+", text[start:end]) if w.lower() in _MONTHS
    ]
    if month_words and numbers:
        day, month = numbers[0] if numbers[0] <= 31 else numbers[-1], month_words[0]
    elif len(numbers) == 3:
        day, month = (numbers[2], numbers[1]) if numbers[0] > 31 else (numbers[0], numbers[1])
    else:
        return None
    if not _valid_day_month(day, month):
        return None
    return _date_finding(text, start, end, has_year=True)


def _shadow(text: str) -> str:
    """The text with lower-case first names (and the surname after one) capitalised, so that deduce's
    name rules see them: "ik sprak met fatma yılmaz" becomes "ik sprak met Fatma Yılmaz". Words that
    are also Dutch words ("wil", "mijn", "rust") stay as they are. Same length as ``text``."""
    chars = list(text)
    words = list(_WORD_RE.finditer(text))

    def capitalise(m):
        upper = m.group()[0].upper()
        if len(upper) == 1:
            chars[m.start()] = upper

    previous_was_name = False
    for m in words:
        word = m.group()
        if not word[0].islower() or len(word) < 3:
            previous_was_name = previous_was_name and word in _INTERFIXES
            continue
        lower = word.lower()
        plain = (
            lower in privacy_terms.COMMON_WORDS
            or lower in privacy_terms.LOWERCASE_WORDS
            or lower in _ROLE_WORDS
        )
        capital = _capitalised(word)
        if not plain and not privacy_deduce.is_common_word(word):
            if privacy_deduce.is_first_name(capital):
                capitalise(m)
                previous_was_name = True
                continue
            if previous_was_name and (privacy_deduce.is_surname(capital) or not word.isascii()):
                capitalise(m)
                continue
        previous_was_name = False
    return "".join(chars)


def _deduce_findings(text):
    shadow = _shadow(text)
    for kind, start, end in privacy_deduce.annotate(shadow):
        if kind == "name":
            yield Finding(NAME, start, end)
        elif kind == "location":
            yield Finding(ADDRESS if any(c.isdigit() for c in text[start:end]) else PLACE, start, end)
        elif kind == "institution":
            yield Finding(INSTITUTION, start, end)
        elif kind == "date":
            finding = _deduce_date(text, start, end)
            if finding:
                yield finding
        elif kind == "phone":
            yield Finding(PHONE, start, end)
        elif kind == "email":
            yield Finding(EMAIL, start, end)
        elif kind == "url":
            yield from _url(text, start, end)


def _schools(text):
    for m in _SCHOOL_TYPE_RE.finditer(text):
        name_start = m.start("name")
        # "Jenaplanschool De Ster", "ROC Midden Nederland": a capitalised type is part of the name.
        if m.group("type")[0].isupper() and not _at_sentence_start(text, m.start()):
            name_start = m.start()
        yield Finding(SCHOOL, name_start, m.end())
    for m in _SCHOOL_SUFFIX_RE.finditer(text):
        if not m.group("last")[0].isupper():
            continue  # "de basisschool", "het college"
        # Leading words belong to the name only when capitalised and no common word at the start of a
        # sentence: "Op de Jenaplanschool" is "Jenaplanschool", "Da Vinci College" stays whole.
        words = list(_WORD_RE.finditer(text, m.start(), m.start("last")))
        while words and (
            words[0].group()[0].islower()
            or (
                _at_sentence_start(text, words[0].start())
                and privacy_deduce.is_common_word(words[0].group().lower())
            )
        ):
            words.pop(0)
        start = words[0].start() if words else m.start("last")
        if start == m.start("last") and m.end() == m.end("last"):
            last = m.group("last")
            if last.lower() in privacy_terms.SCHOOL_TYPES or last.lower() in privacy_terms.SCHOOL_SUFFIXES:
                continue  # "School is zwaar.", "College" alone
            if _at_sentence_start(text, start):
                continue  # "Basisschool" or "Buitenschool" at the start of a sentence
        yield Finding(SCHOOL, start, m.end())
    for m in _ARTICLE_NAME_RE.finditer(text):
        sentence = _sentence_around(text, m.start())
        if _SCHOOL_CONTEXT_RE.search(sentence):
            yield Finding(SCHOOL, m.start("name"), m.end("name"))


def _without_article(text, finding):
    """ "het Stedelijk Gymnasium" becomes "het [school]"; a capital article is part of the name."""
    m = re.match(r"(?:de|het)\s+", text[finding.start : finding.end])
    return Finding(finding.kind, finding.start + m.end(), finding.end) if m else finding


def _sentence_around(text, index):
    start = max(text.rfind(c, 0, index) for c in ".!?\n") + 1
    ends = [e for e in (text.find(c, index) for c in ".!?\n") if e != -1]
    return text[start : min(ends) if ends else len(text)]


def _care_places(text):
    for m in _CARE_PLACE_RE.finditer(text):
        yield Finding(INSTITUTION, m.start("name"), m.end("name"))


def _named_after_role(text):
    """A capitalised word right after a role is a name even when deduce's lists lack it: "haar
    vriend Kacper", "juf Anne", "ze heet Luam"."""
    for m in _NAMING_RE.finditer(text):
        first = _WORD_RE.match(text, m.start("name")).group()
        if not privacy_deduce.is_common_word(first.lower()):
            yield Finding(NAME, m.start("name"), m.end("name"))


# --- Combining ----------------------------------------------------------------------------------------


def _clean_name(text, finding):
    """Trim roles and titles off a name ("juf [naam]", "mevrouw [naam]"), extend it over "O'Brien"
    and "-Đorđević", and drop it when only plain words are left."""
    start, end = finding.start, finding.end
    words = list(_WORD_RE.finditer(text, start, end))
    while words and words[0].group().lower().rstrip(".") in _LEADING_TITLES:
        words.pop(0)
    while words and words[-1].group().lower() in _INTERFIXES:
        words.pop()
    if not words:
        return None
    start, end = (
        words[0].start(),
        max(end if text[end - 1 : end] == "." else words[-1].end(), words[-1].end()),
    )
    if text[end - 1 : end] == "." and not re.fullmatch(rf"[{_UPPER}]", words[-1].group()):
        end -= 1  # the full stop of the sentence, not of an initial
    extension = re.match(rf"(?:\s+[{_UPPER}]['’]{_CAP_WORD}|['’-]{_CAP_WORD})+", text[end:])
    if extension:
        end += extension.end()
    names = [w.group() for w in words if w.group().lower() not in _INTERFIXES]
    if not names or all(_is_plain_word(w) for w in names):
        return None  # "Mijn", "Rust", "Wil", "juf", "Arabisch"
    if (
        len(words) == 1
        and _at_sentence_start(text, start)
        and not privacy_deduce.is_first_name(_capitalised(names[0]))
    ):
        return None  # "Kern van de vraag", "Stap 1": Dutch words that are also surnames
    if any(_ORGANISATION_WORDS.search(w) and w.lower() not in _ROLE_WORDS for w in names):
        return None
    if any(w.lower() in _PROPER_WORDS for w in names):
        return None
    return Finding(NAME, start, end)


def _protected(text):
    return [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(text)]


def _outside_protected(finding, protected):
    """Cut the protected parts out of a finding; ``None`` when nothing is left."""
    start, end = finding.start, finding.end
    for p_start, p_end in protected:
        if not _overlaps((start, end), (p_start, p_end)):
            continue
        if p_start <= start and end <= p_end:
            return None
        if p_start <= start:
            start = p_end
        elif end <= p_end:
            end = p_start
        else:
            return None  # a protected name in the middle: keep nothing rather than guess
    return Finding(finding.kind, start, end) if start < end else None


def _merge_addresses(text, findings):
    """ "Kerkstraat 12, 3511 AB Utrecht" is one address, not an address, a postcode and a place."""
    merged: list[Finding] = []
    for finding in findings:
        if merged:
            last = merged[-1]
            gap = text[last.end : finding.start]
            if (
                re.fullmatch(r",?\s*", gap)
                and {last.kind, finding.kind} <= {ADDRESS, PLACE}
                and ADDRESS in (last.kind, finding.kind)
            ):
                merged[-1] = Finding(ADDRESS, last.start, finding.end)
                continue
        merged.append(finding)
    return merged


def scan(text: str) -> list[Finding]:
    """All findings in ``text``, in reading order; overlapping candidates keep the most specific kind."""
    text = text or ""
    if not text.strip():
        return []
    protected = _protected(text)
    candidates = []
    for finding in (
        *_regex_findings(text),
        *_deduce_findings(text),
        *_schools(text),
        *_care_places(text),
        *_named_after_role(text),
    ):
        if finding.kind in _PROTECTABLE:
            finding = _outside_protected(finding, protected)
        if finding is not None and finding.kind == NAME:
            finding = _clean_name(text, finding)
        if finding is not None and finding.kind in (SCHOOL, INSTITUTION):
            finding = _without_article(text, finding)
        if (
            finding is not None
            and finding.kind == PLACE
            and text[finding.start : finding.end].lower() in _COUNTRIES
        ):
            finding = None  # "komt uit Polen": a country is no place to find someone
        if finding is not None and finding.start < finding.end:
            candidates.append(finding)
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for finding in candidates:
        if not any(_overlaps((finding.start, finding.end), (f.start, f.end)) for f in chosen):
            chosen.append(finding)
    return _merge_addresses(text, sorted(chosen, key=lambda f: f.start))


def anonymise(text: str, finding: Finding) -> str:
    """Replace the text of one finding with its placeholder."""
    return text[: finding.start] + finding.placeholder + text[finding.end :]


def find_by_key(text: str, key: str) -> Finding | None:
    """The finding a "replace" button points at, if the text still has it."""
    return next((f for f in scan(text) if f.key == key), None)
