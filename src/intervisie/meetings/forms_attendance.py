"""Forms for registering attendance (one line per person, saved in one POST) and for "Klopt niet"."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import ClockInput, parse_clock, text_field
from intervisie.meetings.attendance import NOTE_MAX_LENGTH, attendance_time_errors, on_meeting_day
from intervisie.meetings.models import Meeting


def _to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


PRESENT, ABSENT = "ja", "nee"


def _presence(value: str) -> bool:
    return value == PRESENT


class AttendanceRowForm(forms.Form):
    """One person: present, absent or not registered (yet), and from when to when (on the meeting's
    date, Dutch time). Nobody is present unless the begeleider says so: hours follow from this."""

    user = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)
    present = forms.TypedChoiceField(
        label=_("Aanwezig"),
        choices=[("", _("Niet ingevuld")), (PRESENT, _("Aanwezig")), (ABSENT, _("Afwezig"))],
        coerce=_presence,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    arrived_at = forms.CharField(label=_("Binnen om"), required=False, widget=ClockInput())
    left_at = forms.CharField(label=_("Weg om"), required=False, widget=ClockInput())

    def __init__(self, *args, meeting: Meeting, people: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["user"].choices = [(pk, str(person)) for pk, person in people.items()]
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Deze persoon hoort niet (meer) bij de groep. Laad de pagina opnieuw."
        )
        self.person = people.get(_to_int(self["user"].value()))
        self.fields["present"].error_messages["invalid_choice"] = _(
            "Kies aanwezig, afwezig of niet ingevuld."
        )

    def _clean_time(self, name: str):
        if self.cleaned_data.get("present") is not True:
            return None  # times of someone who was not there (or not registered) are not stored
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            raise ValidationError(_("Vul een tijd in, bijvoorbeeld 19:30."), code="required")
        return on_meeting_day(self.meeting, parse_clock(value))

    def clean_arrived_at(self):
        return self._clean_time("arrived_at")

    def clean_left_at(self):
        return self._clean_time("left_at")

    def clean(self):
        data = super().clean()
        arrived_at, left_at = data.get("arrived_at"), data.get("left_at")
        if data.get("present") and arrived_at and left_at:
            for name, message in attendance_time_errors(
                meeting=self.meeting, arrived_at=arrived_at, left_at=left_at
            ).items():
                self.add_error(name, message)
        return data


class BaseAttendanceFormSet(BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            user_id = form.cleaned_data.get("user") if hasattr(form, "cleaned_data") else None
            if user_id is None:
                continue
            if user_id in seen:
                raise ValidationError(_("Iemand staat twee keer in de lijst. Laad de pagina opnieuw."))
            seen.add(user_id)


def attendance_formset_class(size: int):
    """A formset class for ``size`` people: never more lines than people on the form."""
    size = max(size, 1)
    return formset_factory(
        AttendanceRowForm,
        formset=BaseAttendanceFormSet,
        extra=0,
        max_num=size,
        absolute_max=size,
        validate_max=True,
    )


class DisputeForm(forms.Form):
    note = text_field(
        _("Wat klopt er niet?"),
        max_length=NOTE_MAX_LENGTH,
        rows=4,
        required_message=_("Schrijf kort wat er niet klopt."),
        help_text=_(
            "Bijvoorbeeld: 'Ik was er vanaf 19:00, niet vanaf 19:30.' De begeleider krijgt je bericht "
            "per e-mail en past het aan. Maximaal 500 tekens."
        ),
    )
