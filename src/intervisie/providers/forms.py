"""The owner's forms: the provider's profile and adding a begeleider.

Every field has a Dutch message of its own, and a form with a mistake is shown again with everything
that was typed. Saving goes through ``providers.domain``.
"""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from intervisie.accounts.enums import SupervisorRegister
from intervisie.common.forms import PHONE_RE, money_field, number_field, text_field
from intervisie.groups.enums import Province
from intervisie.groups.models import Method
from intervisie.providers.enums import InvoiceMoment, ProviderKind
from intervisie.providers.models import VAT_NUMBER_RE, Provider

IBAN_EXAMPLE = "NL91 ABNA 0417 1643 00"
IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
NL_IBAN_LENGTH = 18
VAT_NUMBER_SHAPE = re.compile(VAT_NUMBER_RE)
# The example NL123456782B01 is valid (its nine digits pass the eleven-test). It is written into the
# texts rather than put in with %: a lazy text formatted at import would stay in the import's language.
VAT_NUMBER_FORMAT_MESSAGE = _(
    "Een btw-identificatienummer ziet eruit als NL123456782B01: NL, 9 cijfers, een B en 2 cijfers."
)


def _choices_field(label, choices, *, invalid, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": invalid},
    )


class ProviderForm(forms.ModelForm):
    """An owner edits everything about the provider except its address on the site (the slug)."""

    name = text_field(
        _("Naam van je praktijk of bureau"), max_length=120, required_message=_("Vul de naam in.")
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=ProviderKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een eigen praktijk of een bureau."),
            "invalid_choice": _("Kies een eigen praktijk of een bureau."),
        },
    )
    description = text_field(
        _("Korte tekst"),
        max_length=2000,
        rows=6,
        required=False,
        help_text=_(
            "Wie ben je, voor wie werk je en hoe begeleid je een groep? Opdrachtgevers lezen dit in de "
            "lijst van aanbieders. Hoogstens 2000 tekens."
        ),
    )
    indicative_price = text_field(
        _("Indicatie van de prijs"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld: vanaf € 325 per bijeenkomst. Staat in de lijst van aanbieders."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een webadres in, bijvoorbeeld www.mijnpraktijk.nl.")},
    )
    regions = _choices_field(
        _("Regio's waar je op locatie komt"),
        Province.choices,
        invalid=_("Onbekende provincie: %(value)s."),
        help_text=_("Opdrachtgevers zoeken in de lijst van aanbieders op provincie."),
    )
    registers = _choices_field(
        _("Registers waarbij je als begeleider bent aangesloten"),
        SupervisorRegister.choices,
        invalid=_("Onbekend register: %(value)s."),
        help_text=_(
            "Een begeleider van LVSC, VGCT, NIP, NVO of NVRG mag reflectieverklaringen voor SKJ tekenen."
        ),
    )
    methods = forms.ModelMultipleChoiceField(
        label=_("Methodes die je gebruikt"),
        queryset=Method.objects.in_library().order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Onbekende methode: %(value)s.")},
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,  # typed with spaces; stored without
        required=False,
        help_text=_("Het rekeningnummer op je facturen, bijvoorbeeld %(example)s.")
        % {"example": IBAN_EXAMPLE},
        error_messages={"max_length": _("Een IBAN heeft hoogstens 34 tekens.")},
    )
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        required=False,
        help_text=_("Het nummer van je inschrijving bij de Kamer van Koophandel: 8 cijfers."),
        error_messages={"max_length": _("Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678.")},
    )
    vat_number = forms.CharField(
        label=_("Btw-identificatienummer"),
        max_length=30,  # typed with spaces or dots; stored as 14 characters without
        required=False,
        help_text=_(
            "Het nummer dat met NL begint, bijvoorbeeld NL123456782B01. Het komt op je offertes en "
            "facturen. Je vindt het in Mijn Belastingdienst Zakelijk. Ben je CRKBO-geregistreerd? Dan "
            "is het niet nodig."
        ),
        error_messages={"max_length": VAT_NUMBER_FORMAT_MESSAGE},
    )
    fee_per_meeting = money_field(
        _("Tarief per bijeenkomst (euro)"),
        help_text=_("Voor de hele groep, zonder btw. Je kunt het per offerte nog aanpassen."),
    )
    travel_costs = money_field(
        _("Reiskosten per bijeenkomst (euro)"), help_text=_("Alleen bij bijeenkomsten op locatie.")
    )
    reader_price = money_field(
        _("Prijs van de reader per deelnemer (euro)"),
        help_text=_("Is de reader bij de prijs inbegrepen? Vul dan 0 in."),
    )
    meeting_minutes = number_field(
        _("Duur van een bijeenkomst (minuten)"),
        min_value=30,
        max_value=480,
        min_message=_("Een bijeenkomst duurt minstens %(limit_value)s minuten."),
        max_message=_("Een bijeenkomst duurt hoogstens %(limit_value)s minuten (8 uur)."),
        help_text=_("Bijvoorbeeld 150 voor tweeënhalf uur."),
    )
    validity_days = number_field(
        _("Een offerte is geldig (dagen)"),
        min_value=1,
        max_value=365,
        min_message=_("Een offerte is minstens %(limit_value)s dag geldig."),
        max_message=_("Een offerte is hoogstens %(limit_value)s dagen geldig."),
    )
    payment_days = number_field(
        _("Betaaltermijn van een factuur (dagen)"),
        min_value=1,
        max_value=90,
        min_message=_("De betaaltermijn is minstens %(limit_value)s dag."),
        max_message=_("De betaaltermijn is hoogstens %(limit_value)s dagen."),
    )
    attendance_threshold_percent = number_field(
        _("Aanwezigheid voor een certificaat (%)"),
        min_value=1,
        max_value=100,
        min_message=_("Kies een percentage van 1 tot en met 100."),
        max_message=_("Kies een percentage van 1 tot en met 100."),
        help_text=_(
            "Een deelnemer krijgt een certificaat na minstens dit deel van de bijeenkomsten. "
            "Gebruikelijk is 80."
        ),
    )
    invoice_moment = forms.ChoiceField(
        label=_("Wanneer factureer je?"),
        choices=InvoiceMoment.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wanneer je factureert."),
            "invalid_choice": _("Kies wanneer je factureert."),
        },
    )
    cancellation_terms = text_field(
        _("Annuleringsvoorwaarden"),
        max_length=2000,
        rows=4,
        required=False,
        help_text=_("Deze tekst komt op elke offerte. Hoogstens 2000 tekens."),
    )

    class Meta:
        model = Provider
        fields = [
            # Over je praktijk
            "name",
            "kind",
            "description",
            "indicative_price",
            "email",
            "phone",
            "website",
            # Waar en hoe
            "regions",
            "online",
            "on_site",
            "methods",
            "registers",
            "nrto_member",
            "crkbo_registered",
            # Standaard voor een offerte
            "fee_per_meeting",
            "meeting_minutes",
            "travel_costs",
            "reader_price",
            "cancellation_terms",
            "validity_days",
            "invoice_moment",
            "payment_days",
            "attendance_threshold_percent",
            # Gegevens op offertes en facturen
            "address",
            "postcode",
            "city",
            "kvk_number",
            "vat_number",
            "iban",
            "is_published",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        labels = {
            "email": _("E-mailadres voor aanvragen"),
            "phone": _("Telefoon"),
            "online": _("Ik begeleid online"),
            "on_site": _("Ik begeleid op locatie"),
            "nrto_member": _("Lid van de NRTO (Nederlandse Raad voor Training en Opleiding)"),
            "crkbo_registered": _("Ingeschreven in het CRKBO-register"),
            "address": _("Adres"),
            "postcode": _("Postcode"),
            "city": _("Plaats"),
            "is_published": _("Toon mijn praktijk in de lijst van aanbieders"),
        }
        help_texts = {
            "email": _("Nieuwe aanvragen van opdrachtgevers komen op dit adres binnen."),
            "crkbo_registered": _(
                "Ben je CRKBO-geregistreerd? Dan is je begeleiding vrijgesteld van btw. Op je offertes en "
                "facturen komt dan geen btw, maar een zin over de vrijstelling."
            ),
            "address": _("Straat en huisnummer, zoals ze op je offertes en facturen komen."),
            "is_published": _(
                "Zet dit uit zolang je profiel nog niet klaar is. Opdrachtgevers vinden je dan niet."
            ),
        }
        error_messages = {
            "email": {
                "required": _("Vul het e-mailadres in waarop je aanvragen wilt krijgen."),
                "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@mijnpraktijk.nl."),
            },
            "phone": {"max_length": _("Een telefoonnummer heeft hoogstens 30 tekens.")},
            "address": {"max_length": _("Een adres heeft hoogstens 200 tekens.")},
            "city": {"max_length": _("Een plaatsnaam heeft hoogstens 80 tekens.")},
            "postcode": {"max_length": _("Vul een postcode in als 1234 AB.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A method chosen before the list followed the method library stays choosable, so saving
            # the profile does not silently drop it (as on a group's form).
            self.fields["methods"].queryset = (
                Method.objects.filter(
                    Q(pk__in=Method.objects.in_library().values("pk")) | Q(provider=self.instance)
                )
                .distinct()
                .order_by("name")
            )
            if self.instance.iban and not self.is_bound:
                self.initial["iban"] = stdnum_iban.format(self.instance.iban)

    def clean_phone(self):
        phone = " ".join((self.cleaned_data.get("phone") or "").split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _(
                    "Een telefoonnummer bestaat uit cijfers, eventueel met spaties, streepjes of een + "
                    "vooraan. Bijvoorbeeld 030 123 45 67."
                )
            )
        return phone

    def clean_kvk_number(self):
        kvk = "".join((self.cleaned_data.get("kvk_number") or "").replace(".", "").split())
        if kvk and not (len(kvk) == 8 and kvk.isascii() and kvk.isdigit()):
            raise forms.ValidationError(_("Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678."))
        return kvk

    def clean_vat_number(self):
        """ "nl 1234.56.782 b01" becomes "NL123456782B01". Besides the shape the nine digits are checked as
        the Belastingdienst makes them (an eleven-test for the older numbers, mod 97 over the whole
        number for those given since 2020; python-stdnum's nl.btw), so a typo is caught here and not on
        a client's invoice."""
        value = re.sub(r"[\s.\-]", "", self.cleaned_data.get("vat_number") or "").upper()
        if not value:
            return ""
        if not VAT_NUMBER_SHAPE.match(value) or int(value[2:11]) == 0 or int(value[12:]) == 0:
            raise forms.ValidationError(VAT_NUMBER_FORMAT_MESSAGE)
        if not (stdnum_bsn.is_valid(value[2:11]) or mod_97_10.is_valid(value)):
            raise forms.ValidationError(
                _(
                    "Dit btw-identificatienummer klopt niet: er zit een tikfout in. Kijk de cijfers nog "
                    "eens na."
                )
            )
        return value

    def clean_iban(self):
        value = stdnum_iban.compact(self.cleaned_data.get("iban") or "")
        if not value:
            return ""
        # python-stdnum checks the check digits (mod 97) before the country's length, so a number
        # that is far too short would be called a typo: look at its shape first.
        if not IBAN_SHAPE.match(value) or (value.startswith("NL") and len(value) != NL_IBAN_LENGTH):
            raise forms.ValidationError(
                _("Dit is geen geldig IBAN. Een Nederlands IBAN ziet eruit als %(example)s.")
                % {"example": IBAN_EXAMPLE}
            )
        try:
            return stdnum_iban.validate(value)  # check digits, then the country's own format
        except InvalidChecksum:
            raise forms.ValidationError(
                _("Dit IBAN klopt niet: er zit een tikfout in. Kijk de letters en cijfers nog eens na.")
            ) from None
        except StdnumError:
            raise forms.ValidationError(
                _("Dit is geen geldig IBAN. Een Nederlands IBAN ziet eruit als %(example)s.")
                % {"example": IBAN_EXAMPLE}
            ) from None

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        try:
            return stdnum_postcode.validate(value)  # "1234ab" becomes "1234 AB"
        except StdnumError:
            raise forms.ValidationError(_("Vul een postcode in als 1234 AB.")) from None

    def clean_address(self):
        return " ".join((self.cleaned_data.get("address") or "").split())

    def clean_city(self):
        return " ".join((self.cleaned_data.get("city") or "").split())

    def clean(self):
        data = super().clean()
        if not data.get("online") and not data.get("on_site"):
            self.add_error("on_site", _("Kies online, op locatie of allebei."))
        return data


class MemberAddForm(forms.Form):
    """An owner adds a colleague who already has an account with the begeleider role."""

    email = forms.EmailField(
        label=_("E-mailadres van de begeleider"),
        help_text=_("Het adres waarmee je collega inlogt op Intervisiewijzer."),
        error_messages={
            "required": _("Vul het e-mailadres van je collega in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@mijnpraktijk.nl."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    is_owner = forms.BooleanField(
        label=_("Mag ook dit profiel en de begeleiders beheren"),
        required=False,
    )
