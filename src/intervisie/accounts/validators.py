import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SKJ_RE = re.compile(r"^\d{6,12}$")
REGISTERPLEIN_RE = re.compile(r"^4610\d{4,8}$")


def validate_skj_number(value: str) -> None:
    if not SKJ_RE.match(value or ""):
        raise ValidationError(
            _("Een SKJ-nummer bestaat alleen uit cijfers (6 tot 12). Je vindt het in je SKJ-account."),
            code="invalid_skj",
        )


def validate_registerplein_number(value: str) -> None:
    if not REGISTERPLEIN_RE.match(value or ""):
        raise ValidationError(
            _("Een Registerplein-nummer begint met 4610 en bestaat alleen uit cijfers (8 tot 12)."),
            code="invalid_registerplein",
        )
