"""Forms for events, registration, coaches, composition, attendance and evaluation.

The rules about times and sizes live in ``domain.event_problems`` and ``domain.registration_problems``;
the forms show their messages at their own fields and keep everything already typed.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.common.bsn import validate_no_bsn
from intervisie.common.dates import local_datetime
from intervisie.common.forms import (
    TOO_LONG,
    add_problems,
    date_field,
    datetime_field,
    number_field,
    text_field,
    time_field,
)
from intervisie.events import domain
from intervisie.events.enums import (
    CompositionPriority,
    EventAudience,
    PairRule,
    ParticipantRole,
    RegistrationStatus,
    VideoProviderName,
)
from intervisie.events.models import EventEvaluation, Registration
from intervisie.groups.enums import Province
from intervisie.organisations.models import Organisation


def _organisation_field():
    return forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Kies je organisatie"),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )


class EventForm(forms.Form):
    title = forms.CharField(
        label=_("Thema"),
        max_length=120,
        help_text=_("Bijvoorbeeld: GGZ in het gezinshuis, of: traumasensitief werken."),
        error_messages={"required": _("Vul het thema in."), "max_length": TOO_LONG},
    )
    description = text_field(
        _("Beschrijving"),
        max_length=4000,
        rows=5,
        required_message=_("Vertel kort waar de bijeenkomst over gaat."),
        help_text=_("Wat gaan de deelnemers doen en leren? Schrijf het kort en duidelijk."),
    )
    expert_name = forms.CharField(
        label=_("Deskundige"),
        max_length=120,
        error_messages={"required": _("Vul in wie het plenaire deel verzorgt."), "max_length": TOO_LONG},
    )
    expert_bio = forms.CharField(
        label=_("Over de deskundige (niet verplicht)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": TOO_LONG},
    )
    organisation = forms.ModelChoiceField(
        label=_("Namens organisatie (niet verplicht)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Geen"),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    date = date_field(_("Datum"))
    plenary_start = time_field(
        _("Plenair deel: begin"), required_message=_("Vul de begintijd van het plenaire deel in.")
    )
    plenary_end = time_field(
        _("Plenair deel: einde"), required_message=_("Vul de eindtijd van het plenaire deel in.")
    )
    breakout_start = time_field(
        _("Kleine groepen: begin"), required_message=_("Vul in wanneer de kleine groepen beginnen.")
    )
    breakout_end = time_field(
        _("Kleine groepen: einde"), required_message=_("Vul in wanneer de kleine groepen eindigen.")
    )
    capacity = number_field(_("Aantal plaatsen"), min_value=2, max_value=2000, initial=60)
    registration_deadline = datetime_field(
        _("Aanmelden kan tot"), required_message=_("Vul in tot wanneer mensen zich kunnen aanmelden.")
    )
    audiences = forms.MultipleChoiceField(
        label=_("Voor wie"),
        choices=EventAudience.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[EventAudience.GEZINSHUISOUDERS, EventAudience.JEUGDZORGWERKERS],
        error_messages={
            "required": _("Kies voor wie de bijeenkomst is."),
            "invalid_choice": _("Kies uit de lijst."),
        },
    )
    video_provider = forms.ChoiceField(
        label=_("Video"),
        choices=VideoProviderName.choices,
        initial=VideoProviderName.JITSI,
        help_text=_("Elke kleine groep krijgt een eigen videokamer. Alleen de deelnemers zien de links."),
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    hours_eligible = forms.BooleanField(
        label=_("Deelnemers kunnen reflectie-uren registreren voor het deel in kleine groepen"),
        required=False,
        initial=True,
    )
    group_min = number_field(_("Minimaal aantal deelnemers per groep"), min_value=2, max_value=20, initial=4)
    group_max = number_field(
        _("Maximaal aantal deelnemers per groep"),
        min_value=2,
        max_value=20,
        initial=8,
        help_text=_(
            "De coach telt niet mee. Voor intervisie werken groepen van 8 tot 10 het best als maximum."
        ),
    )
    pair_rule = forms.ChoiceField(
        label=_("Een gezinshuisouder en de jeugdzorgwerker van hetzelfde gezinshuis"),
        choices=PairRule.choices,
        widget=forms.RadioSelect,
        initial=PairRule.APART,
        error_messages={"required": _("Kies een van de twee."), "invalid_choice": _("Kies een van de twee.")},
    )

    FIELD_MAP = {
        "plenary_starts_at": "date",
        "plenary_ends_at": "plenary_end",
        "breakout_starts_at": "breakout_start",
        "breakout_ends_at": "breakout_end",
        "registration_deadline": "registration_deadline",
        "group_max": "group_max",
        "audiences": "audiences",
    }

    def __init__(self, *args, event=None, **kwargs):
        self.event = event
        if event is not None and "initial" not in kwargs:
            local = timezone.localtime
            kwargs["initial"] = {
                "title": event.title,
                "description": event.description,
                "expert_name": event.expert_name,
                "expert_bio": event.expert_bio,
                "organisation": event.organisation_id,
                "date": local(event.plenary_starts_at).date(),
                "plenary_start": local(event.plenary_starts_at).time(),
                "plenary_end": local(event.plenary_ends_at).time(),
                "breakout_start": local(event.breakout_starts_at).time(),
                "breakout_end": local(event.breakout_ends_at).time(),
                "capacity": event.capacity,
                "registration_deadline": local(event.registration_deadline),
                "audiences": event.audiences,
                "video_provider": event.video_provider,
                "hours_eligible": event.hours_eligible,
                "group_min": event.group_min,
                "group_max": event.group_max,
                "pair_rule": event.pair_rule,
            }
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        day = data.get("date")
        for part, target in (
            ("plenary_start", "plenary_starts_at"),
            ("plenary_end", "plenary_ends_at"),
            ("breakout_start", "breakout_starts_at"),
            ("breakout_end", "breakout_ends_at"),
        ):
            if day and data.get(part):
                data[target] = local_datetime(day, data[part])
        check_past = self.event is None or data.get("plenary_starts_at") != self.event.plenary_starts_at
        problems = domain.event_problems(
            {**data, "audiences": data.get("audiences", [])}, now=timezone.now(), check_past=check_past
        )
        if self.event is not None and data.get("capacity") is not None:
            # Also checked (under the lock) in event_update; here so the message is at the field.
            taken = domain.seats_taken(self.event)
            if data["capacity"] < taken:
                problems["capacity"] = _(
                    "Er zijn al %(taken)d mensen aangemeld. Kies minstens %(taken)d plaatsen."
                ) % {"taken": taken}
        add_problems(self, problems, self.FIELD_MAP)
        return data

    def event_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "expert_name": data["expert_name"],
            "expert_bio": data["expert_bio"],
            "organisation": data["organisation"],
            "plenary_starts_at": data["plenary_starts_at"],
            "plenary_ends_at": data["plenary_ends_at"],
            "breakout_starts_at": data["breakout_starts_at"],
            "breakout_ends_at": data["breakout_ends_at"],
            "capacity": data["capacity"],
            "registration_deadline": data["registration_deadline"],
            "audiences": list(data["audiences"]),
            "video_provider": data["video_provider"],
            "hours_eligible": data["hours_eligible"],
            "group_min": data["group_min"],
            "group_max": data["group_max"],
            "pair_rule": data["pair_rule"],
        }


class RegistrationForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Je rol"),
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies je rol."), "invalid_choice": _("Kies een van de rollen.")},
    )
    organisation = _organisation_field()
    organisation_other = forms.CharField(
        label=_("Andere organisatie"),
        max_length=150,
        required=False,
        help_text=_("Staat je organisatie niet in de lijst? Vul hier de naam in."),
        error_messages={"max_length": TOO_LONG},
    )
    gezinshuis = text_field(
        _("Gezinshuis"),
        max_length=120,
        required=False,
        help_text=_(
            "Gezinshuisouder: de naam van je gezinshuis. Jeugdzorgwerker: het gezinshuis waar je bij "
            "betrokken bent. Zo kunnen we jullie bewust wel of niet samen in een groep zetten."
        ),
    )
    region = forms.ChoiceField(
        label=_("Regio (provincie)"),
        choices=[("", _("Kies je provincie")), *Province.choices],
        error_messages={
            "required": _("Kies je provincie."),
            "invalid_choice": _("Kies een provincie uit de lijst."),
        },
    )
    preferences = text_field(
        _("Wensen (niet verplicht)"),
        max_length=500,
        rows=3,
        required=False,
        help_text=_(
            "Bijvoorbeeld: liever niet in een groep met mijn eigen teamleider. Schrijf geen namen van kinderen."
        ),
    )

    def clean(self):
        data = super().clean()
        add_problems(self, domain.registration_problems(data), {})
        return data

    def registration_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in domain.REGISTRATION_FIELDS}


class CoachForm(forms.Form):
    organisation = _organisation_field()
    organisation_other = RegistrationForm.base_fields["organisation_other"]
    region = forms.ChoiceField(
        label=_("Regio (provincie, niet verplicht)"),
        choices=[("", _("Geen voorkeur")), *Province.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een provincie uit de lijst.")},
    )

    def registration_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "organisation_other": data["organisation_other"],
            "region": data["region"],
        }


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de coach"),
        max_length=254,
        error_messages={
            "required": _("Vul een e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
            "max_length": TOO_LONG,
        },
    )


class MoveForm(forms.Form):
    """Move one participant: ``breakout`` is a breakout id, or empty for "in no group". Large events
    send the group's number instead (``to_number``): a list of a hundred groups per person would
    make the page heavy."""

    registration = forms.IntegerField(widget=forms.HiddenInput)
    to_number = forms.IntegerField(required=False, min_value=1, max_value=9999)
    breakout = forms.ChoiceField(
        label=_("Naar groep"),
        required=False,
        error_messages={"invalid_choice": _("Kies een groep uit de lijst.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["breakout"].choices = [("", _("Geen groep"))] + [
            (str(b.pk), _("Groep %(n)d") % {"n": b.number}) for b in event.breakouts.all()
        ]

    def clean(self):
        data = super().clean()
        registration = (
            Registration.objects.filter(event=self.event, pk=data.get("registration") or 0)
            .select_related("event")
            .first()
        )
        if registration is None:
            raise forms.ValidationError(_("Deze deelnemer hoort niet bij deze bijeenkomst."))
        data["registration_obj"] = registration
        if data.get("to_number"):
            breakout = self.event.breakouts.filter(number=data["to_number"]).first()
            if breakout is None:
                raise forms.ValidationError(
                    _("Er is geen groep %(n)d. Kies een nummer van een bestaande groep.")
                    % {"n": data["to_number"]}
                )
            data["breakout_obj"] = breakout
            return data
        data["breakout_obj"] = (
            self.event.breakouts.filter(pk=data["breakout"]).first() if data.get("breakout") else None
        )
        return data


class ComposeForm(forms.Form):
    """The compose button with the organiser's most important criterion. Without a choice the
    event's own setting is used, so a plain "Opnieuw indelen" changes nothing about it."""

    priority = forms.ChoiceField(
        label=_("Wat is het belangrijkst bij het indelen?"),
        choices=CompositionPriority.choices,
        # The radios stand above the board's row of buttons, outside the compose form's element.
        widget=forms.RadioSelect(attrs={"form": "compose-form"}),
        required=False,
        help_text=_(
            "De indeling is hierop nooit slechter dan wanneer je de mensen met de hand over de groepen verdeelt."
        ),
        error_messages={"invalid_choice": _("Kies een van de drie.")},
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (komt in de e-mail aan de deelnemers)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf kort waarom de bijeenkomst niet doorgaat."),
            "max_length": TOO_LONG,
        },
    )


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = EventEvaluation
        fields = ["plenary_rating", "breakout_rating", "mix_rating", "takeaway", "suggestion"]
        widgets = {
            "plenary_rating": forms.RadioSelect(choices=RATING_CHOICES),
            "breakout_rating": forms.RadioSelect(choices=RATING_CHOICES),
            "mix_rating": forms.RadioSelect(choices=RATING_CHOICES),
            "takeaway": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("plenary_rating", "breakout_rating", "mix_rating"):
            field = self.fields[name]
            field.help_text = _("1 = helemaal niet, 5 = heel erg")
            field.error_messages = {
                "required": _("Kies een cijfer van 1 tot 5."),
                "invalid_choice": _("Kies een cijfer van 1 tot 5."),
                "invalid": _("Kies een cijfer van 1 tot 5."),
                "min_value": _("Kies een cijfer van 1 tot 5."),
                "max_value": _("Kies een cijfer van 1 tot 5."),
            }
        for name in ("takeaway", "suggestion"):
            self.fields[name].error_messages["max_length"] = TOO_LONG
            self.fields[name].validators.append(validate_no_bsn)


# --- Search and sorting on the lists -------------------------------------------------------------------
# Their values come from the URL. A choice that is not on the list (only an edited URL has one) falls
# back to its default; a search text that cannot be used gets a message at the field. Either way no raw
# value reaches the database: PostgreSQL answers a NUL byte in a text with an error.

SEARCH_NOT_USABLE = _("In je zoekwoorden staat een teken dat niet kan. Typ ze opnieuw.")
SEARCH_MAX_LENGTH = 100


class SearchTextField(forms.CharField):
    """Search words. The first 100 characters are used: the input takes no more, and a longer text from
    an edited or pasted URL is cut rather than refused. A NUL byte gets a message at the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"null_characters_not_allowed": SEARCH_NOT_USABLE})
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value)[:SEARCH_MAX_LENGTH].strip()


class _ListParamsForm(forms.Form):
    """Query parameters of a list page; ``values()`` gives each one, valid or its default."""

    defaults: dict[str, str] = {}

    def values(self) -> dict[str, str]:
        self.is_valid()
        values = {}
        for name, default in self.defaults.items():
            value = None if name in self.errors else self.cleaned_data.get(name)
            values[name] = value or default
        return values


class EventSearchForm(_ListParamsForm):
    q = SearchTextField()
    wanneer = forms.ChoiceField(required=False, choices=[("komend", "komend"), ("voorbij", "voorbij")])
    sorteer = forms.ChoiceField(required=False, choices=[("datum", "datum"), ("thema", "thema")])

    defaults = {"q": "", "wanneer": "komend", "sorteer": "datum"}


class RegistrationSearchForm(_ListParamsForm):
    """The organiser's list of registrations; ``sorts`` are the keys the view can order by."""

    q = SearchTextField()
    status = forms.ChoiceField(required=False, choices=[("", ""), *RegistrationStatus.choices])
    sorteer = forms.ChoiceField(required=False)

    defaults = {"q": "", "status": "", "sorteer": "datum"}

    def __init__(self, *args, sorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sorteer"].choices = [(key, key) for key in sorts]
