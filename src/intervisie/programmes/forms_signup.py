"""The public sign-up form of a programme, one shape per category: only what is needed (seed 003).

Everyone: name, e-mail, phone and motivation (both optional). Students add their study and year (a year
outside 3-4 gets a warning, never a refusal), professionals their organisation and role, young people
their birth date and, under 16, a parent or carer who confirms by e-mail (AVG). Where the groups meet on
different dates people tick the groups they can make."""

import datetime as dt

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import PHONE_RE, TOO_LONG, date_field, text_field
from intervisie.organisations.models import Organisation
from intervisie.programmes.domain import STUDENT_YEARS, needs_parent_consent, student_year_warning
from intervisie.programmes.enums import Category
from intervisie.programmes.models import Partner, Programme, Signup

# Filled in only by bots: the template hides the field from people and from screen readers.
HONEYPOT_FIELD = "website_adres"

EMAIL_ERRORS = {
    "required": _("Vul je e-mailadres in."),
    "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
    "max_length": TOO_LONG,
}
PARENT_FIELDS = ("parent_name", "parent_email")
CLOSING_FIELDS = ("share_with_partner", "subject_consent")


def _when(date) -> str:
    local = timezone.localtime(date.starts_at)
    return f"{formats.date_format(local, 'D j M')} {formats.time_format(local, 'H:i')}"


class SignupForm(forms.Form):
    """``category`` decides the fields; ``groups`` (from ``selectors_public.availability_groups``) adds the
    choice of groups; ``partner`` the consent to share the name with it; ``recorded`` is the variant in
    which a professional signs up a young person they spoke to, with that young person's consent."""

    name = text_field(_("Je naam"), max_length=120, required_message=_("Vul je naam in."))
    email = forms.EmailField(label=_("Je e-mailadres"), max_length=254, error_messages=EMAIL_ERRORS)
    phone = forms.CharField(
        label=_("Je telefoonnummer"),
        max_length=20,
        required=False,
        help_text=_("Niet verplicht. Handig als de kartrekker je even wil bellen."),
        error_messages={"max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(
        self,
        *args,
        programme: Programme,
        category: str,
        groups: list | None = None,
        partner: Partner | None = None,
        recorded: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.programme, self.category, self.partner, self.recorded = (
            programme,
            Category(category),
            partner,
            recorded,
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if recorded:
            self.fields["name"].label = _("Naam van de jongere")
            self.fields["name"].error_messages["required"] = _("Vul de naam van de jongere in.")
            self.fields["email"].label = _("E-mailadres van de jongere")
            self.fields["email"].help_text = _("De jongere krijgt hier de bevestiging met een eigen link.")
            self.fields["email"].error_messages["required"] = _("Vul het e-mailadres van de jongere in.")
            self.fields["phone"].label = _("Telefoonnummer van de jongere")
            self.fields["phone"].help_text = _("Niet verplicht.")
            for name in ("name", "email", "phone"):
                self.fields[name].widget.attrs.pop("autocomplete", None)
        getattr(self, f"_add_{self.category.name.lower()}_fields")()
        if groups:
            self.fields["availability"] = forms.TypedMultipleChoiceField(
                label=_("Welke groepen passen in je agenda?"),
                choices=[(str(group.pk), self._group_label(group, dates)) for group, dates in groups],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "De groepen komen op verschillende data bij elkaar. Kruis alles aan wat je kunt."
                ),
                error_messages={"required": _("Kruis minstens één groep aan waarvan je de data kunt.")},
            )
        self.fields["motivation"] = text_field(
            _("Waarom wil je meedoen?") if not recorded else _("Waarom wil de jongere meedoen?"),
            max_length=1000,
            rows=3,
            required=False,
            help_text=_("Niet verplicht. Een paar zinnen is genoeg."),
        )
        if partner is not None:
            self.fields["share_with_partner"] = forms.BooleanField(
                label=_("%(partner)s mag zien dat ik meedoe (mijn naam)") % {"partner": partner.name},
                required=False,
                help_text=_("Zonder dit vinkje ziet %(partner)s alleen aantallen, nooit je naam.")
                % {"partner": partner.name},
            )
        if recorded:
            self.fields["subject_consent"] = forms.BooleanField(
                label=_("De jongere heeft mij zelf gezegd dat ik deze gegevens mag doorgeven"),
                error_messages={
                    "required": _("Vraag eerst de jongere zelf of je deze gegevens mag doorgeven.")
                },
            )
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Laat dit veld leeg"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    # --- per category ---------------------------------------------------------------------------------

    def _add_student_fields(self):
        self.fields["study_programme"] = text_field(
            _("Je opleiding"),
            max_length=120,
            required_message=_("Vul je opleiding in."),
            help_text=_("Bijvoorbeeld: Social Work, Pedagogiek of Verpleegkunde."),
        )
        self.fields["study_year"] = forms.TypedChoiceField(
            label=_("In welk studiejaar zit je in schooljaar %(year)s?")
            % {"year": self.programme.school_year},
            choices=[("", _("Kies je studiejaar"))]
            + [(str(n), _("jaar %(n)s") % {"n": n}) for n in range(1, 7)],
            coerce=int,
            empty_value=None,
            help_text=_(
                "Buiten je bubbel is bedoeld voor het %(first)se of %(second)se studiejaar. Meld je je voor de "
                "zomer aan? Kies dan het jaar waarin je na de zomer zit. Een ander jaar mag ook: de kartrekker "
                "kijkt of het past."
            )
            % {"first": STUDENT_YEARS[0], "second": STUDENT_YEARS[1]},
            error_messages={
                "required": _("Kies je studiejaar."),
                "invalid_choice": _("Kies je studiejaar uit de lijst."),
            },
        )

    def _add_professional_fields(self):
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Je organisatie"),
            queryset=Organisation.objects.order_by("name"),
            required=False,
            empty_label=_("Kies je organisatie"),
            help_text=_("We zetten mensen van dezelfde organisatie in verschillende groepen."),
            error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
        )
        self.fields["organisation_other"] = text_field(
            _("Staat je organisatie er niet bij? Vul de naam in"),
            max_length=150,
            required=False,
        )
        self.fields["role"] = text_field(
            _("Je functie"),
            max_length=120,
            required_message=_("Vul je functie in."),
            help_text=_("Bijvoorbeeld: jeugdconsulent, gezinshuisouder of jongerenwerker."),
        )

    def _add_parent_fields(self):
        """Parents give only the minimum: name, e-mail and, if they like, phone and motivation."""

    def _add_young_person_fields(self):
        whose = _("de jongere") if self.recorded else _("je")
        self.fields["birth_date"] = date_field(
            _("Geboortedatum van de jongere") if self.recorded else _("Je geboortedatum"),
            required_message=_("Vul de geboortedatum in."),
            help_text=_("Onder de 16 vragen we ook een ouder of verzorger om toestemming."),
        )
        self.fields["parent_name"] = text_field(
            _("Naam van de ouder of verzorger van %(whose)s") % {"whose": whose}
            if self.recorded
            else _("Naam van je ouder of verzorger"),
            max_length=120,
            required=False,
        )
        self.fields["parent_email"] = forms.EmailField(
            label=_("E-mailadres van de ouder of verzorger"),
            max_length=254,
            required=False,
            help_text=_("Alleen nodig onder de 16. Deze ouder krijgt een e-mail om toestemming te geven."),
            error_messages=EMAIL_ERRORS,
        )

    @staticmethod
    def _group_label(group, dates) -> str:
        if not dates:
            return str(group.name)
        return f"{group.name}: {', '.join(_when(d) for d in dates)}"

    # --- the template shows the fields in three parts, the parent's fields with their explanation --------

    def main_fields(self):
        rest = (*PARENT_FIELDS, *CLOSING_FIELDS, HONEYPOT_FIELD)
        return [self[name] for name in self.fields if name not in rest]

    def parent_fields(self):
        return [self[name] for name in PARENT_FIELDS if name in self.fields]

    def closing_fields(self):
        return [self[name] for name in CLOSING_FIELDS if name in self.fields]

    def honeypot(self):
        return self[HONEYPOT_FIELD]

    # --- checks ---------------------------------------------------------------------------------------

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_email(self):
        # One active sign-up per address and category: "Noor@X.nl" and "noor@x.nl" are the same person.
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Vul een telefoonnummer in met alleen cijfers, bijvoorbeeld 06-12345678.")
            )
        return phone

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            raise forms.ValidationError(_("Die datum ligt in de toekomst. Vul de geboortedatum in."))
        if birth_date < today - dt.timedelta(days=100 * 366):
            raise forms.ValidationError(_("Vul een geldige geboortedatum in, bijvoorbeeld 14-10-2010."))
        return birth_date

    def clean_parent_email(self):
        return self.cleaned_data["parent_email"].strip().lower()

    def clean(self):
        data = super().clean()
        if self.category == Category.PROFESSIONAL:
            chosen, typed = data.get("organisation"), data.get("organisation_other", "").strip()
            if "organisation" not in self.errors and "organisation_other" not in self.errors:
                if not chosen and not typed:
                    self.add_error("organisation", _("Kies je organisatie of vul de naam in."))
                elif chosen and typed:
                    self.add_error(
                        "organisation_other",
                        _(
                            "Je koos al een organisatie uit de lijst. Laat dit veld leeg, of kies geen organisatie."
                        ),
                    )
        if (
            self.category == Category.YOUNG_PERSON
            and data.get("birth_date")
            and self.under_16(data["birth_date"])
        ):
            # The AVG asks a parent's consent below 16; the page says so, the fields say what is missing.
            if not data.get("parent_name", "").strip() and "parent_name" not in self.errors:
                self.add_error("parent_name", _("Onder de 16 is de naam van een ouder of verzorger nodig."))
            if "parent_email" not in self.errors:
                parent_email = data.get("parent_email", "")
                if not parent_email:
                    self.add_error(
                        "parent_email", _("Onder de 16 is het e-mailadres van een ouder of verzorger nodig.")
                    )
                elif parent_email == data.get("email"):
                    self.add_error(
                        "parent_email",
                        _("Vul het e-mailadres van de ouder of verzorger in, niet dat van de jongere zelf."),
                    )
        return data

    def under_16(self, birth_date: dt.date) -> bool:
        return needs_parent_consent(Signup(category=Category.YOUNG_PERSON, birth_date=birth_date))

    def year_warning(self) -> str:
        """The gentle note for a student outside year 3-4, for the form as it was sent."""
        year = self.cleaned_data.get("study_year") if hasattr(self, "cleaned_data") else None
        return student_year_warning(Signup(category=self.category, study_year=year)) if year else ""

    def to_signup(self) -> Signup:
        """The unsaved sign-up, for ``domain.signup_create``."""
        data = self.cleaned_data
        signup = Signup(
            category=self.category,
            partner=self.partner,
            name=data["name"].strip(),
            email=data["email"],
            phone=data["phone"],
            motivation=data["motivation"].strip(),
            availability=sorted(data.get("availability") or []),
            share_with_partner=bool(data.get("share_with_partner")) if self.partner else False,
        )
        if self.category == Category.STUDENT:
            signup.study_programme = data["study_programme"].strip()
            signup.study_year = data["study_year"]
        elif self.category == Category.PROFESSIONAL:
            signup.organisation = data["organisation"]
            signup.organisation_name = (
                data["organisation"].name if data["organisation"] else data["organisation_other"].strip()
            )
            signup.role = data["role"].strip()
        elif self.category == Category.YOUNG_PERSON:
            signup.birth_date = data["birth_date"]
            if self.under_16(data["birth_date"]):
                signup.parent_name = data["parent_name"].strip()
                signup.parent_email = data["parent_email"]
        return signup


class ProgrammeSearchForm(forms.Form):
    """The public list's search and sort (query values ``q`` and ``sorteer``)."""

    q = forms.CharField(
        label=_("Zoek op naam, thema of plaats"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")},
    )
    sorteer = forms.ChoiceField(
        label=_("Sorteer op"),
        required=False,
        choices=[("sluit", _("Aanmelden sluit")), ("naam", _("Naam (A-Z)"))],
    )
