"""The form kit: the fields, widgets and messages every app's forms share. Imports no app.

Bad input gets a clear Dutch message at its field, and nothing already typed is lost: dates and
times use the browser's own pickers (which send ISO values), clock times that people type by hand
use a plain text box, and each field says what a good value looks like.
"""

import re
from datetime import time
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intervisie.common.bsn import validate_no_bsn

TOO_LONG = _("Je tekst is te lang. Gebruik maximaal %(limit_value)d tekens (nu %(show_value)d).")
REQUIRED_NUMBER = _("Vul een getal in.")
INVALID_NUMBER = _("Vul een heel getal in, zonder letters.")
AT_LEAST = _("Kies minstens %(limit_value)s.")
AT_MOST = _("Kies hoogstens %(limit_value)s.")
REQUIRED_DATE = _("Kies een datum.")
INVALID_DATE = _("Vul een geldige datum in, bijvoorbeeld 14-10-2025.")
INVALID_TIME = _("Vul een geldige tijd in, bijvoorbeeld 19:30.")
INVALID_DATETIME = _("Vul een geldige datum en tijd in, bijvoorbeeld 14-10-2025 12:00.")

# What a datetime-local picker sends, and what people type where a browser shows a plain text box.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates (typed Dutch dates are accepted by the field)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """The browser's time picker, in whole minutes."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (``datetime-local``), in whole minutes."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class ClockInput(forms.TextInput):
    """A plain text box for a clock time: a browser's time picker would throw away what was typed
    when it is wrong. Read it with ``parse_clock``."""

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "size": 6, "class": "clock-input"})


# "19:30", "19.30", "19,30", "9:30" and "1930": what people type for a time. Nothing else.
CLOCK = re.compile(r"^(\d{1,2})[:.,]?(\d{2})$")


def parse_clock(value: str) -> time:
    """A clock time typed in a ``ClockInput``, or a Dutch ValidationError."""
    match = CLOCK.match(value.strip())
    if not match:
        raise ValidationError(_("Vul de tijd in als uu:mm, bijvoorbeeld 19:30."), code="invalid")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ValidationError(
            _("Die tijd bestaat niet. Vul de tijd in als uu:mm, bijvoorbeeld 19:30."), code="invalid"
        )
    return time(hours, minutes)


def text_field(label, *, max_length: int, rows: int = 0, required_message=None, **kwargs) -> forms.CharField:
    """Free text that people type for others to read: at most ``max_length`` characters (``TOO_LONG``
    says how many were typed) and never a BSN (``common.bsn``). ``rows`` makes it a text area of that
    many rows; ``kwargs`` go to ``forms.CharField`` (``required``, ``help_text``...)."""
    error_messages = {"max_length": TOO_LONG}
    if required_message is not None:
        error_messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages=error_messages,
        validators=[validate_no_bsn],
        **kwargs,
    )


def date_field(label, *, required_message=REQUIRED_DATE, invalid_message=INVALID_DATE, **kwargs):
    """A date with the browser's picker. ``kwargs`` go to ``forms.DateField`` (``required``,
    ``input_formats``, ``help_text``...)."""
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={"required": required_message, "invalid": invalid_message},
        **kwargs,
    )


def time_field(label, *, required_message, **kwargs):
    """A time of day with the browser's picker; ``required_message`` says which time is missing."""
    return forms.TimeField(
        label=label,
        widget=TimeInput(),
        error_messages={"required": required_message, "invalid": INVALID_TIME},
        **kwargs,
    )


def datetime_field(label, *, required_message=None, **kwargs):
    """A date and time with the browser's picker; typed Dutch dates and times are accepted too."""
    error_messages = {"invalid": INVALID_DATETIME}
    if required_message is not None:
        error_messages["required"] = required_message
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=DATETIME_INPUT_FORMATS,
        error_messages=error_messages,
        **kwargs,
    )


def number_field(label, *, min_value, max_value, min_message=AT_LEAST, max_message=AT_MOST, **kwargs):
    """A whole number between ``min_value`` and ``max_value``; the messages may name the limits
    (``%(limit_value)s``)."""
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        error_messages={
            "required": REQUIRED_NUMBER,
            "invalid": INVALID_NUMBER,
            "min_value": min_message,
            "max_value": max_message,
        },
        **kwargs,
    )


def add_problems(form: forms.Form, problems: dict[str, str], field_map: dict[str, str]) -> None:
    """Show a domain check's ``problems`` (name -> message) at the form's own fields
    (``field_map``: domain name -> form field), each field's first error only."""
    for name, message in problems.items():
        target = field_map.get(name, name)
        if target not in form.errors:
            form.add_error(target, message)


PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{7,18}[0-9]$")


class EuroField(forms.DecimalField):
    """An amount in euro that accepts the Dutch comma (12,50) as well as a dot (12.50)."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            text = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if text.endswith((",-", ".-", ",--")):  # "250,-" is how Dutch prices are often written
                text = text.rstrip("-").rstrip(",.")
            if "," in text and "." in text:  # 1.234,50: the dots group thousands
                text = text.replace(".", "").replace(",", ".")
            elif "," in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


MONEY_ERRORS = {
    "required": _("Vul een bedrag in. Geen kosten? Vul dan 0 in."),
    "min_value": _("Een bedrag kan niet negatief zijn. Geen kosten? Vul dan 0 in."),
    "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 325 of 325,50."),
    "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
    "max_digits": _("Dit bedrag is te hoog."),
    "max_whole_digits": _("Dit bedrag is te hoog."),
}


def money_field(label, **kwargs) -> EuroField:
    """An amount in euros (comma or dot) from 0, as the profile's quote defaults are."""
    return EuroField(
        label=label,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        error_messages=MONEY_ERRORS,
        **kwargs,
    )
