"""The one BSN check: nine digits that pass the 11-proef (python-stdnum), found in free text.

We may not store BSNs at all (Dutch law), so free text is screened: forms refuse it
(``validate_no_bsn``) and the case privacy screen marks it (``cases.privacy``). About 9 % of random
nine-digit numbers also pass the check, so messages are kind and say what else it could be. A match
is never logged or repeated back.
"""

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn

# Nine digits, optionally grouped with dots or spaces (123.456.789, 1234 56 789). Not the tail of a
# longer number: no digit or dot right before it (1.234.567.890 and 0.111222333 are no BSN).
NINE_DIGITS = re.compile(r"(?<![\d.])\d(?:[ .]?\d){8}(?!\d)")

BSN_MESSAGE = _(
    "Er staat een nummer van 9 cijfers in je tekst dat op een burgerservicenummer (BSN) "
    "lijkt. Een BSN mogen we niet bewaren. Haal het nummer weg. Is het je SKJ- of "
    "Registerplein-nummer? Dat kun je in je profiel invullen."
)


def bsn_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every number in ``text`` that passes the 11-proef, left to right."""
    for match in NINE_DIGITS.finditer(text or ""):
        if bsn.is_valid(match.group()):  # stdnum drops the dots and spaces itself
            yield match.start(), match.end()


def validate_no_bsn(value: str) -> None:
    """A form validator: refuse text that holds a number that passes the BSN check."""
    if next(bsn_spans(value), None) is not None:
        raise ValidationError(BSN_MESSAGE, code="bsn")
