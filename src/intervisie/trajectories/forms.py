from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import SupervisorRegister
from intervisie.common.forms import TOO_LONG, date_field, datetime_field, money_field, number_field
from intervisie.groups.enums import Province
from intervisie.groups.models import Method
from intervisie.providers.enums import InvoiceMoment
from intervisie.providers.models import Provider
from intervisie.trajectories.enums import Aspect, FeeMode, TrajectoryKind
from intervisie.trajectories.models import Trajectory

# Filled in only by bots: the field is hidden from people (and from screen readers).
HONEYPOT_FIELD = "website_adres"


class ProviderFilterForm(forms.Form):
    regio = forms.ChoiceField(
        label=_("Regio"), required=False, choices=[("", _("Alle regio's")), *Province.choices]
    )
    online = forms.BooleanField(label=_("Ook online"), required=False)
    methode = forms.ModelChoiceField(
        label=_("Methode"),
        required=False,
        queryset=Method.objects.in_library(),
        empty_label=_("Alle methodes"),
    )
    register = forms.ChoiceField(
        label=_("Register van de begeleider"),
        required=False,
        choices=[("", _("Alle registers")), *SupervisorRegister.choices],
    )


class RequestForm(forms.ModelForm):
    """A client's request for an exploratory talk. Without a provider in the address, they choose one."""

    provider = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Provider.objects.filter(is_published=True),
        empty_label=_("Kies een aanbieder"),
    )
    website_adres = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    class Meta:
        model = Trajectory
        fields = [
            "provider",
            "organisation_name",
            "contact_name",
            "contact_function",
            "contact_email",
            "contact_phone",
            "kind",
            "expected_participants",
            "question",
            "wishes",
            "preferred_period",
            "location_preference",
            "place",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "location_preference": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 5}),
            "wishes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "question": _("Wat wil je met de groep bereiken? Schrijf geen namen of gegevens van cliënten."),
            "expected_participants": _("Een intervisiegroep werkt het best met 4 tot 8 deelnemers."),
            "preferred_period": _("Bijvoorbeeld: na de zomer, of vanaf maart."),
            "place": _("Waar komt de groep samen? Laat leeg bij online."),
        }
        error_messages = {
            "organisation_name": {"required": _("Vul de naam van je organisatie in.")},
            "contact_name": {"required": _("Vul je naam in.")},
            "contact_email": {
                "required": _("Vul je e-mailadres in."),
                "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."),
            },
            "contact_phone": {"required": _("Vul je telefoonnummer in.")},
            "kind": {"required": _("Kies wat je zoekt.")},
            "expected_participants": {
                "required": _("Vul het aantal deelnemers in."),
                "invalid": _("Vul een heel getal in, zonder letters."),
                "min_value": _("Een groep heeft minstens 2 deelnemers."),
                "max_value": _("Voor meer dan 30 deelnemers maak je meerdere aanvragen."),
            },
            "question": {"required": _("Beschrijf kort je vraag.")},
        }

    def __init__(self, *args, provider: Provider | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_provider = provider
        if provider is not None:
            del self.fields["provider"]
        self.fields[HONEYPOT_FIELD].label = _("Laat dit veld leeg")
        self.fields["kind"].choices = TrajectoryKind.choices  # radio buttons, without an empty choice
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = TOO_LONG

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if len(digits) < 10 or any(not (c.isdigit() or c in "+-() ") for c in phone):
            raise forms.ValidationError(
                _("Vul een telefoonnummer in met minstens 10 cijfers, bijvoorbeeld 030-1234567.")
            )
        return phone

    def clean_place(self):
        place = self.cleaned_data["place"].strip()
        if self.cleaned_data.get("location_preference") == "on_site" and not place:
            raise forms.ValidationError(_("Vul de plaats in waar de groep samenkomt."))
        return place

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def chosen_provider(self) -> Provider:
        return self.fixed_provider or self.cleaned_data["provider"]


class TalkForm(forms.Form):
    """Step 2: the begeleider plans the exploratory talk."""

    starts_at = datetime_field(_("Begint op"), required_message=_("Kies een datum en tijd voor het gesprek."))
    minutes = number_field(_("Duur (minuten)"), min_value=15, max_value=240, initial=60)
    location = forms.CharField(
        label=_("Plaats of videolink"),
        max_length=300,
        error_messages={"required": _("Vul een plaats of videolink in."), "max_length": TOO_LONG},
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Kies een moment in de toekomst."))
        return starts_at

    def fields_for_step(self, *, begeleider) -> dict:
        starts = self.cleaned_data["starts_at"]
        return {
            "talk_starts_at": starts,
            "talk_ends_at": starts + timedelta(minutes=self.cleaned_data["minutes"]),
            "talk_location": self.cleaned_data["location"],
            "begeleider": begeleider,
        }


class DeclineForm(forms.Form):
    """The begeleider declines after the talk, or cancels: the reason goes to the client."""

    reason = forms.CharField(
        label=_("Reden (de opdrachtgever leest dit)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf een reden op: de opdrachtgever leest die."),
            "max_length": TOO_LONG,
        },
    )
    notes = forms.CharField(
        label=_("Aantekeningen over het gesprek (alleen voor jou en je collega's)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )


class CancelForm(DeclineForm):
    """The begeleider cancels the trajectory: only the reason, which goes to the client."""

    notes = None


class IntroductionForm(forms.Form):
    """Step 2 → 3: the talk went well; plan the introduction with the group."""

    starts_at = datetime_field(
        _("Kennismaking met de groep op"), required_message=_("Kies een datum en tijd voor de kennismaking.")
    )
    minutes = number_field(_("Duur (minuten)"), min_value=30, max_value=240, initial=90)
    location = forms.CharField(
        label=_("Plaats of videolink"),
        max_length=300,
        error_messages={"required": _("Vul een plaats of videolink in."), "max_length": TOO_LONG},
    )
    notes = forms.CharField(
        label=_("Aantekeningen over het gesprek (alleen voor jou en je collega's)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Kies een moment in de toekomst."))
        return starts_at

    def fields_for_step(self) -> dict:
        starts = self.cleaned_data["starts_at"]
        return {
            "intro_starts_at": starts,
            "intro_ends_at": starts + timedelta(minutes=self.cleaned_data["minutes"]),
            "intro_location": self.cleaned_data["location"],
            "talk_notes": self.cleaned_data["notes"],
        }


class IntroInviteForm(forms.Form):
    """The client or the begeleider gives the names and addresses of the people for the introduction."""

    people = forms.CharField(
        label=_("Wie nodig je uit?"),
        help_text=_(
            "Eén persoon per regel: naam, e-mailadres. Bijvoorbeeld: Sanne de Wit, sanne@voorbeeld.nl"
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vul minstens één naam met e-mailadres in."), "max_length": TOO_LONG},
    )

    def clean_people(self) -> list[tuple[str, str]]:
        people, problems = [], []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, _sep, email = line.rpartition(",")
            name, email = name.strip(), email.strip().strip("<>")
            try:
                validate_email(email)
            except forms.ValidationError:
                problems.append(number)
                continue
            if not name or len(name) > 120:
                problems.append(number)
                continue
            people.append((name, email))
        if problems:
            raise forms.ValidationError(
                _("Regel %(lines)s klopt niet. Schrijf per regel: naam, e-mailadres.")
                % {"lines": ", ".join(str(n) for n in problems)}
            )
        if not people:
            raise forms.ValidationError(_("Vul minstens één naam met e-mailadres in."))
        return people


class ExpectationsForm(forms.Form):
    expectations = forms.CharField(
        label=_("Wat verwacht je van begeleide intervisie?"),
        help_text=_(
            "Bijvoorbeeld: waar wil je beter in worden, wat heb je nodig van de groep en de begeleider?"
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf een paar woorden op."), "max_length": TOO_LONG},
    )


class IntroJoinForm(ExpectationsForm):
    """Someone with the group's invitation link signs up for the introduction."""

    name = forms.CharField(
        label=_("Je naam"),
        max_length=120,
        error_messages={"required": _("Vul je naam in."), "max_length": TOO_LONG},
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in."),
        },
    )
    field_order = ["name", "email", "expectations"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expectations"].required = False


class IntroductionHeldForm(forms.Form):
    """Step 3 → 4: the introduction took place; the begeleider writes down the agreed focus."""

    agreed_focus = forms.CharField(
        label=_("Afgesproken focus"),
        help_text=_("Waar gaat de groep aan werken? Dit komt in de offerte."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Schrijf de afgesproken focus op: die komt in de offerte."),
            "max_length": TOO_LONG,
        },
    )


class QuoteForm(forms.Form):
    """Step 4: what the quote agrees on. Starts from the provider's defaults (or the last quote's)."""

    meetings_count = number_field(
        _("Aantal bijeenkomsten"),
        min_value=3,
        max_value=8,
        min_message=_("Een begeleid traject heeft 3 tot 8 bijeenkomsten."),
        max_message=_("Een begeleid traject heeft 3 tot 8 bijeenkomsten."),
    )
    participants_count = number_field(
        _("Aantal deelnemers"),
        min_value=4,
        max_value=8,
        min_message=_("Een groep heeft 4 tot 8 deelnemers."),
        max_message=_("Een groep heeft 4 tot 8 deelnemers."),
    )
    meeting_minutes = number_field(_("Duur per bijeenkomst (minuten)"), min_value=30, max_value=480)
    proposed_dates = forms.CharField(
        label=_("Voorgestelde data"),
        help_text=_("Eén bijeenkomst per regel, met datum en begintijd. Bijvoorbeeld: 14-01-2027 19:00"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vul de data van de bijeenkomsten in."), "max_length": TOO_LONG},
    )
    meeting_place = forms.CharField(
        label=_("Plaats van de bijeenkomsten"),
        help_text=_("Een adres, of ‘online’."),
        max_length=300,
        error_messages={"required": _("Vul de plaats in, of ‘online’."), "max_length": TOO_LONG},
    )
    fee_mode = forms.ChoiceField(
        label=_("Tarief"),
        choices=FeeMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een tarief."),
            "invalid_choice": _("Kies een tarief uit de lijst."),
        },
    )
    fee = money_field(_("Bedrag (per bijeenkomst of in totaal)"))
    travel_costs = money_field(_("Reiskosten per bijeenkomst"), required=False)
    reader_included = forms.BooleanField(label=_("Met de reader voor elke deelnemer"), required=False)
    invoice_moment = forms.ChoiceField(
        label=_("Wanneer stuur je de factuur?"),
        choices=InvoiceMoment.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wanneer je de factuur stuurt."),
            "invalid_choice": _("Kies een moment uit de lijst."),
        },
    )
    attendance_threshold_percent = number_field(
        _("Aanwezigheid voor een certificaat (%)"), min_value=1, max_value=100
    )
    introduction = forms.CharField(
        label=_("Toelichting voor de opdrachtgever"),
        help_text=_("Bijvoorbeeld de afgesproken focus."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TOO_LONG},
    )
    terms = forms.CharField(
        label=_("Annuleringsvoorwaarden"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )
    valid_until = date_field(_("Geldig tot"))

    @classmethod
    def initial_for(cls, trajectory: Trajectory) -> dict:
        """The last quote's terms when there is one; otherwise the provider's defaults."""
        provider = trajectory.provider
        if trajectory.quote_id:
            source = trajectory
            dates = "\n".join(
                timezone.localtime(datetime.fromisoformat(d)).strftime("%d-%m-%Y %H:%M")
                for d in trajectory.proposed_dates
            )
            terms, introduction = trajectory.quote.terms, trajectory.quote.introduction
        else:
            source = provider
            dates = ""
            terms, introduction = provider.cancellation_terms, trajectory.agreed_focus
        return {
            "meetings_count": trajectory.meetings_count,
            "participants_count": min(max(trajectory.expected_participants, 4), 8)
            if not trajectory.quote_id
            else trajectory.participants_count,
            "meeting_minutes": source.meeting_minutes,
            "proposed_dates": dates,
            "meeting_place": trajectory.meeting_place or trajectory.place,
            "fee_mode": trajectory.fee_mode,
            "fee": trajectory.fee if trajectory.quote_id else provider.fee_per_meeting,
            "travel_costs": source.travel_costs,
            "reader_included": trajectory.reader_included,
            "invoice_moment": source.invoice_moment,
            "attendance_threshold_percent": source.attendance_threshold_percent,
            "introduction": introduction,
            "terms": terms,
            "valid_until": timezone.localdate() + timedelta(days=provider.validity_days),
        }

    def clean_proposed_dates(self) -> list[datetime]:
        moments, problems = [], []
        now = timezone.now()
        for number, line in enumerate(self.cleaned_data["proposed_dates"].splitlines(), start=1):
            line = " ".join(line.split())
            if not line:
                continue
            moment = None
            for pattern in ("%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
                try:
                    moment = timezone.make_aware(datetime.strptime(line, pattern))
                    break
                except ValueError:
                    continue
            if moment is None or moment < now:
                problems.append(number)
            else:
                moments.append(moment)
        if problems:
            raise forms.ValidationError(
                _(
                    "Regel %(lines)s klopt niet. Schrijf per regel een datum in de toekomst met begintijd, bijvoorbeeld 14-01-2027 19:00."
                )
                % {"lines": ", ".join(str(n) for n in problems)}
            )
        return sorted(moments)

    def clean_valid_until(self):
        valid_until = self.cleaned_data["valid_until"]
        if valid_until < timezone.localdate():
            raise forms.ValidationError(_("Kies een datum vanaf vandaag."))
        return valid_until

    def clean(self):
        cleaned = super().clean()
        dates, count = cleaned.get("proposed_dates"), cleaned.get("meetings_count")
        if dates is not None and count is not None and len(dates) != count:
            self.add_error(
                "proposed_dates",
                _(
                    "Je noemt %(dates)s data voor %(count)s bijeenkomsten. Geef voor elke bijeenkomst één datum."
                )
                % {"dates": len(dates), "count": count},
            )
        return cleaned

    def agreement(self) -> dict:
        data = self.cleaned_data
        return {
            "meetings_count": data["meetings_count"],
            "participants_count": data["participants_count"],
            "meeting_minutes": data["meeting_minutes"],
            "proposed_dates": [moment.isoformat() for moment in data["proposed_dates"]],
            "meeting_place": data["meeting_place"],
            "fee_mode": data["fee_mode"],
            "fee": data["fee"],
            "travel_costs": data["travel_costs"] or Decimal("0.00"),
            "reader_included": data["reader_included"],
            "invoice_moment": data["invoice_moment"],
            "attendance_threshold_percent": data["attendance_threshold_percent"],
        }


class AcceptQuoteForm(forms.Form):
    name = forms.CharField(
        label=_("Je naam"),
        max_length=120,
        error_messages={"required": _("Vul je naam in."), "max_length": TOO_LONG},
    )
    function = forms.CharField(
        label=_("Je functie"),
        max_length=120,
        error_messages={"required": _("Vul je functie in."), "max_length": TOO_LONG},
    )
    agree = forms.BooleanField(
        label=_("Ik ga akkoord met de offerte en de voorwaarden, namens mijn organisatie."),
        error_messages={"required": _("Vink aan dat je akkoord gaat.")},
    )


class DeclineQuoteForm(forms.Form):
    note = forms.CharField(
        label=_("Waarom zeg je nee?"),
        help_text=_("De begeleider leest dit."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort op waarom."), "max_length": TOO_LONG},
    )


class ChangeQuoteForm(forms.Form):
    note = forms.CharField(
        label=_("Wat wil je anders?"),
        help_text=_("De begeleider maakt dan een nieuwe versie."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf welke wijziging je wilt."), "max_length": TOO_LONG},
    )


class ReaderDocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het document een titel."), "max_length": TOO_LONG},
    )
    file = forms.FileField(
        label=_("Bestand (pdf, hoogstens 5 MB)"),
        error_messages={
            "required": _("Kies een pdf-bestand."),
            "empty": _("Dit bestand is leeg."),
            "invalid": _("Kies een pdf-bestand."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class MeetingAspectsForm(forms.Form):
    aspects = forms.MultipleChoiceField(
        label=_("Wat is geoefend?"),
        choices=Aspect.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies onderdelen uit de lijst.")},
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, sluit het traject af en geef de certificaten."),
        error_messages={"required": _("Vink aan dat je het traject wilt afsluiten.")},
    )
