"""Forms of a trajectory's invoices and the provider's bookkeeping page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.billing.enums import InvoiceStatus
from intervisie.billing.models import Invoice
from intervisie.common.forms import date_field, text_field

FUTURE_DATE = _("Een datum in de toekomst kan niet.")


class _NotInFutureDateForm(forms.Form):
    date_name = ""

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get(self.date_name)
        if value is not None and value > timezone.localdate():
            self.add_error(self.date_name, FUTURE_DATE)
        return cleaned


class MakeInvoiceForm(_NotInFutureDateForm):
    """The date of the invoice to make (today, unless it is written for an earlier day)."""

    date_name = "issued_on"
    issued_on = date_field(_("Factuurdatum"), required_message=_("Kies de factuurdatum."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PaidForm(_NotInFutureDateForm):
    """When the money came in (or, for a credit note, went back)."""

    date_name = "paid_on"
    paid_on = date_field(_("Betaald op"), required_message=_("Vul de datum van betaling in."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CreditForm(forms.Form):
    reason = text_field(
        _("Reden van de creditering"),
        max_length=Invoice._meta.get_field("credit_reason").max_length,
        rows=3,
        required_message=_("Schrijf waarom je deze factuur crediteert."),
        help_text=_("De opdrachtgever leest deze reden op de creditnota."),
    )


# --- The bookkeeping page: its values come from the URL -------------------------------------------------
# A value that is not on the list (only an edited URL has one) falls back to its default; search words
# that cannot be used get a message at the field. No raw value reaches the database.

SEARCH_NOT_USABLE = _("In je zoekwoorden staat een teken dat niet kan. Typ ze opnieuw.")
SEARCH_MAX_LENGTH = 100

INVOICE_SORTS = {
    "nummer": _("Nummer"),
    "datum": _("Factuurdatum"),
    "relatie": _("Opdrachtgever"),
    "bedrag": _("Bedrag"),
    "status": _("Status"),
}


class SearchWordsField(forms.CharField):
    """Search words: the first 100 characters (a longer text from an edited URL is cut, not refused)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"null_characters_not_allowed": SEARCH_NOT_USABLE})
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value)[:SEARCH_MAX_LENGTH].strip()


class BookkeepingForm(forms.Form):
    """Year, search words, status and order of the bookkeeping list; ``values()`` gives each one, valid
    or its default."""

    jaar = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    q = SearchWordsField(max_length=SEARCH_MAX_LENGTH)
    status = forms.ChoiceField(required=False, choices=[("", ""), *InvoiceStatus.choices])
    sorteer = forms.ChoiceField(required=False, choices=list(INVOICE_SORTS.items()))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["jaar"].choices = [(str(year), str(year)) for year in years]

    def values(self) -> dict:
        self.is_valid()
        defaults = {"jaar": self.years[0], "q": "", "status": "", "sorteer": "nummer"}
        return {
            name: (None if name in self.errors else self.cleaned_data.get(name)) or default
            for name, default in defaults.items()
        }
