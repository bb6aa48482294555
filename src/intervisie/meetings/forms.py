"""Forms for the charter, planning meetings, RSVP and cancelling.

The rules about time and place live in ``domain.meeting_problems``; the forms show its messages at
their own fields, so a planner sees what to change where, and keeps everything already typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.common.bsn import validate_no_bsn
from intervisie.common.dates import local_datetime
from intervisie.common.forms import (
    INVALID_NUMBER,
    REQUIRED_NUMBER,
    TOO_LONG,
    add_problems,
    date_field,
    datetime_field,
    number_field,
    text_field,
    time_field,
)
from intervisie.groups.enums import Format
from intervisie.groups.models import Method
from intervisie.meetings import domain
from intervisie.meetings.enums import RsvpAnswer
from intervisie.meetings.models import Charter


def add_domain_errors(form: forms.Form, error: ValidationError, field_map: dict[str, str]) -> None:
    """Put a domain ``ValidationError`` at the form's own fields (``field_map``: domain -> form name)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = field_map.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


def _same_minute(a, b) -> bool:
    """The form works in whole minutes; a stored time may carry seconds."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _format_field():
    return forms.ChoiceField(
        label=_("Vorm"),
        choices=Format.choices,
        widget=forms.RadioSelect,
        initial=Format.IN_PERSON,
        error_messages={
            "required": _("Kies hoe jullie samenkomen."),
            "invalid_choice": _("Kies een van de vormen."),
        },
    )


def _location_field():
    return forms.CharField(
        label=_("Plaats en adres"),
        required=False,
        max_length=200,
        help_text=_(
            "Bijvoorbeeld: Buurthuis De Linde, Lindelaan 4, Utrecht. Leeg laten bij een online bijeenkomst."
        ),
        error_messages={"max_length": TOO_LONG},
    )


def _method_field():
    return forms.ModelChoiceField(
        label=_("Methode"),
        queryset=Method.objects.in_library().order_by("name"),
        required=False,
        empty_label=_("Nog niet bekend"),
        error_messages={"invalid_choice": _("Kies een methode uit de lijst.")},
    )


class MeetingForm(forms.Form):
    """One meeting: plan a new one, or change one (``meeting`` given)."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=120,
        initial=_("Intervisiebijeenkomst"),
        error_messages={"required": _("Geef de bijeenkomst een titel."), "max_length": TOO_LONG},
    )
    date = date_field(_("Datum"))
    start_time = time_field(_("Begintijd"), required_message=_("Vul de begintijd in."))
    end_time = time_field(_("Eindtijd"), required_message=_("Vul de eindtijd in."))
    format = _format_field()
    location = _location_field()
    method = _method_field()
    is_start_meeting = forms.BooleanField(
        label=_("Dit is de startbijeenkomst (hier maken jullie de groepsafspraken)"), required=False
    )
    rsvp_deadline = datetime_field(
        _("Aan- en afmelden kan tot (niet verplicht)"),
        required=False,
        help_text=_(
            "Leeg laten: tot 3 dagen (72 uur) voor de bijeenkomst. Dan tellen we of er genoeg mensen komen."
        ),
    )

    FIELD_MAP = {
        "starts_at": "date",
        "ends_at": "end_time",
        "location": "location",
        "rsvp_deadline": "rsvp_deadline",
    }

    def __init__(self, *args, meeting=None, **kwargs):
        self.meeting = meeting
        if meeting is not None and "initial" not in kwargs:
            starts_at = timezone.localtime(meeting.starts_at)
            kwargs["initial"] = {
                "title": meeting.title,
                "date": starts_at.date(),
                "start_time": starts_at.time(),
                "end_time": timezone.localtime(meeting.ends_at).time(),
                "format": meeting.format,
                "location": meeting.location,
                "method": meeting.method_id,
                "is_start_meeting": meeting.is_start_meeting,
                "rsvp_deadline": timezone.localtime(meeting.rsvp_deadline) if meeting.rsvp_deadline else None,
            }
        super().__init__(*args, **kwargs)
        if meeting is not None and meeting.method_id:
            # A method chosen before the list followed the library stays choosable for this meeting.
            self.fields["method"].queryset = (
                Method.objects.filter(
                    Q(pk__in=Method.objects.in_library().values("pk")) | Q(pk=meeting.method_id)
                )
                .distinct()
                .order_by("name")
            )

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            data["starts_at"] = local_datetime(day, start)
        if day and end:
            data["ends_at"] = local_datetime(day, end)
        starts_at = data.get("starts_at")
        check_past = True
        if self.meeting is not None:
            # Changing a meeting that was in the past (e.g. its title) is fine; moving it there is not.
            check_past = not _same_minute(starts_at, self.meeting.starts_at) or not _same_minute(
                data.get("rsvp_deadline"), self.meeting.rsvp_deadline
            )
        problems = domain.meeting_problems(
            starts_at=starts_at,
            ends_at=data.get("ends_at"),
            format=data.get("format"),
            location=data.get("location", ""),
            rsvp_deadline=data.get("rsvp_deadline"),
            now=timezone.now(),
            check_past=check_past,
        )
        add_problems(self, problems, self.FIELD_MAP)
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "format": data["format"],
            "location": data["location"],
            "method": data["method"],
            "is_start_meeting": data["is_start_meeting"],
            "rsvp_deadline": data["rsvp_deadline"],
        }


class SeriesForm(forms.Form):
    """A series of meetings: the same time of day, every N weeks."""

    name = forms.CharField(
        label=_("Naam van de reeks"),
        max_length=120,
        help_text=_(
            "Bijvoorbeeld: Schooljaar 2025-2026. De bijeenkomsten heten dan '…: bijeenkomst 1 van 6'."
        ),
        error_messages={
            "required": _("Geef de reeks een naam, bijvoorbeeld 'Schooljaar 2025-2026'."),
            "max_length": TOO_LONG,
        },
    )
    first_date = date_field(_("Datum van de eerste bijeenkomst"))
    count = number_field(
        _("Aantal bijeenkomsten"),
        min_value=1,
        max_value=domain.SERIES_MAX_MEETINGS,
        min_message=_("Plan minstens 1 bijeenkomst."),
        max_message=_("Plan hoogstens 20 bijeenkomsten tegelijk. Plan de rest later in een nieuwe reeks."),
        initial=6,
        help_text=_("Van 1 tot 20. Bijvoorbeeld 6 per jaar, of 5 in een schooljaar."),
    )
    every_weeks = number_field(
        _("Om de hoeveel weken"),
        min_value=1,
        max_value=domain.SERIES_MAX_INTERVAL_WEEKS,
        min_message=_("Kies minstens 1 week tussen twee bijeenkomsten."),
        max_message=_("Kies hoogstens 26 weken tussen twee bijeenkomsten."),
        initial=6,
        help_text=_("Van 1 tot 26 weken. Bijvoorbeeld 6: dan is er om de zes weken een bijeenkomst."),
    )
    start_time = time_field(_("Begintijd"), required_message=_("Vul de begintijd in."))
    end_time = time_field(_("Eindtijd"), required_message=_("Vul de eindtijd in."))
    format = _format_field()
    location = _location_field()
    method = _method_field()
    first_is_start_meeting = forms.BooleanField(
        label=_("De eerste bijeenkomst is de startbijeenkomst (hier maken jullie de groepsafspraken)"),
        required=False,
    )

    FIELD_MAP = {"starts_at": "first_date", "ends_at": "end_time", "location": "location"}

    def clean(self):
        data = super().clean()
        day, start, end = data.get("first_date"), data.get("start_time"), data.get("end_time")
        problems = domain.meeting_problems(
            starts_at=local_datetime(day, start) if day and start else None,
            ends_at=local_datetime(day, end) if day and end else None,
            format=data.get("format"),
            location=data.get("location", ""),
            now=timezone.now(),
        )
        add_problems(self, problems, self.FIELD_MAP)
        return data

    def series_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "first_date": data["first_date"],
            "count": data["count"],
            "every_weeks": data["every_weeks"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "format": data["format"],
            "location": data["location"],
            "method": data["method"],
            "first_is_start_meeting": data["first_is_start_meeting"],
        }


class CancelForm(forms.Form):
    reason = text_field(
        _("Waarom gaat de bijeenkomst niet door?"),
        max_length=domain.CANCEL_REASON_MAX_LENGTH,
        rows=3,
        required_message=_("Schrijf kort waarom de bijeenkomst niet doorgaat."),
        help_text=_("Iedereen in de groep krijgt deze reden in een e-mail. Noem geen namen van cliënten."),
    )


class RsvpForm(forms.Form):
    """The answer ("Ik kom" or "Ik meld me af", two submit buttons named ``answer``) and an optional reason."""

    answer = forms.ChoiceField(
        choices=RsvpAnswer.choices,
        error_messages={
            "required": _("Kies 'Ik kom' of 'Ik meld me af'."),
            "invalid_choice": _("Kies 'Ik kom' of 'Ik meld me af'."),
        },
    )
    reason = text_field(
        _("Reden van afmelden (niet verplicht)"),
        max_length=domain.RSVP_REASON_MAX_LENGTH,
        required=False,
        help_text=_("Alleen de begeleider en de planners van de groep zien je reden. Maximaal 300 tekens."),
    )


class CharterForm(forms.ModelForm):
    """A new version of the group's agreements, prefilled with the current version."""

    class Meta:
        model = Charter
        fields = [
            "expectations",
            "confidentiality",
            "case_choice",
            "methods",
            "min_attendance",
            "below_quorum",
            "schedule",
            "channel",
            "channel_use",
            "max_gap_weeks",
        ]
        labels = {
            "expectations": _("Wat verwacht en wenst ieder van de intervisie? (niet verplicht)"),
            "confidentiality": _("Vertrouwelijkheid"),
            "case_choice": _("Wie brengt een casus in?"),
            "methods": _("Met welke methodes werken jullie?"),
            "min_attendance": _("Minimaal aantal deelnemers om door te gaan"),
            "below_quorum": _("Wat doen jullie als er te weinig mensen komen?"),
            "schedule": _("Data en plaats, of online"),
            "channel": _("Hoe houden jullie contact?"),
            "channel_use": _("Hoe gebruiken jullie dat kanaal? (niet verplicht)"),
            "max_gap_weeks": _("Hoogstens hoeveel weken tussen twee bijeenkomsten?"),
        }
        help_texts = {
            "expectations": _(
                "In de startbijeenkomst vertelt ieder wat hij of zij van de groep verwacht en hoopt. Schrijf "
                "kort op wat jullie hebben gedeeld, bijvoorbeeld: 'We willen leren van elkaars aanpak en "
                "oefenen met lastige gesprekken met ouders.' Geen namen of verhalen van kinderen of gezinnen."
            ),
            "confidentiality": _(
                "Wat in de groep gezegd wordt, blijft in de groep. Pas de tekst aan als jullie dat willen."
            ),
            "min_attendance": _(
                "Zo veel mensen moeten zich op tijd aanmelden. Wat er gebeurt als het er minder zijn, "
                "kiezen jullie hieronder."
            ),
            "below_quorum": _(
                "Gaat de bijeenkomst niet door? Dan gelast de site hem na de aanmelddeadline vanzelf af en "
                "krijgt iedereen een e-mail. Bij de andere keuzes krijgen de begeleider en de planners een "
                "waarschuwing en beslissen zij."
            ),
            "schedule": _("Bijvoorbeeld: zes keer per jaar op dinsdagavond van 19:30 tot 21:30 in Utrecht."),
            "channel": _("Bijvoorbeeld: een appgroep, of e-mail via Intervisiewijzer."),
            "channel_use": _("Bijvoorbeeld: alleen voor afspraken en afmelden, niet voor casussen."),
            "max_gap_weeks": _(
                "Van 1 tot 26. Vaak is dat 8 weken. Staat er meer tijd tussen, dan waarschuwt de site."
            ),
        }
        widgets = {
            "expectations": forms.Textarea(attrs={"rows": 5}),
            "confidentiality": forms.Textarea(attrs={"rows": 4}),
            "case_choice": forms.RadioSelect,
            "methods": forms.CheckboxSelectMultiple,
            "below_quorum": forms.RadioSelect,
            "schedule": forms.Textarea(attrs={"rows": 3}),
            "channel_use": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "expectations": {"max_length": TOO_LONG},
            "confidentiality": {
                "required": _("Schrijf de afspraak over vertrouwelijkheid op."),
                "max_length": TOO_LONG,
            },
            "case_choice": {"required": _("Kies hoe jullie de inbrenger kiezen.")},
            "min_attendance": {
                "required": REQUIRED_NUMBER,
                "invalid": INVALID_NUMBER,
                "min_value": _("Het minimum is 2: intervisie doe je samen."),
                "max_value": _("Kies hoogstens 30."),
            },
            "below_quorum": {"required": _("Kies wat jullie doen als er te weinig mensen komen.")},
            "schedule": {
                "required": _("Schrijf op wanneer en waar jullie samenkomen."),
                "max_length": TOO_LONG,
            },
            "channel": {"required": _("Schrijf op hoe jullie contact houden."), "max_length": TOO_LONG},
            "channel_use": {"max_length": TOO_LONG},
            "max_gap_weeks": {
                "required": REQUIRED_NUMBER,
                "invalid": INVALID_NUMBER,
                "min_value": _("Kies minstens 1 week."),
                "max_value": _("Kies hoogstens 26 weken."),
            },
        }

    def __init__(self, *args, group, **kwargs):
        self.group = group
        super().__init__(*args, **kwargs)
        # The library's methods, and any the group's agreements named before (kept, not silently dropped).
        current = self.initial.get("methods") or []
        current_ids = [getattr(m, "pk", m) for m in current]
        self.fields["methods"].queryset = (
            Method.objects.filter(Q(pk__in=Method.objects.in_library().values("pk")) | Q(pk__in=current_ids))
            .distinct()
            .order_by("name")
        )
        self.fields["methods"].error_messages["invalid_choice"] = _("Kies methodes uit de lijst.")
        for name in ("expectations", "confidentiality", "schedule", "channel", "channel_use"):
            self.fields[name].validators.append(validate_no_bsn)
        self.fields["case_choice"].choices = [c for c in self.fields["case_choice"].choices if c[0]]
        self.fields["below_quorum"].choices = [c for c in self.fields["below_quorum"].choices if c[0]]

    def clean_min_attendance(self):
        value = self.cleaned_data["min_attendance"]
        if value is not None and value > self.group.max_members:
            raise ValidationError(
                _("De groep heeft hoogstens %(max)d leden. Kies een minimum van %(max)d of minder."),
                params={"max": self.group.max_members},
            )
        return value

    def charter_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in domain.CHARTER_FIELDS}
