from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intervisie.groups.csv_io import MAX_ROWS

SORT_CHOICES = [
    ("name", _("Naam (A-Z)")),
    ("-updated", _("Laatst gewijzigd")),
    ("places", _("Meeste open plekken")),
    ("requests", _("Meeste nieuwe aanmeldingen")),
]


class DashboardFilterForm(forms.Form):
    """Search and sort the organisation's own groups. Bad values fall back to the defaults."""

    q = forms.CharField(
        label=_("Zoek een groep"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Op naam of plaats."),
    )
    sort = forms.ChoiceField(label=_("Sorteer op"), choices=SORT_CHOICES, required=False)


class GroupImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=format_lazy(
            _("Een bestand met dezelfde kolommen als de export, hoogstens 2 MB en {rows} rijen."),
            rows=MAX_ROWS,
        ),
        error_messages={"required": _("Kies een CSV-bestand."), "empty": _("Het bestand is leeg.")},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
