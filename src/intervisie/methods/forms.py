from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intervisie.methods.domain import MAX_MINUTES, MIN_MINUTES, StepData
from intervisie.methods.models import Speaker


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een methode"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": _("Gebruik hooguit 100 tekens.")},
    )


class StepForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Naam van de stap"),
        max_length=120,
        error_messages={
            "required": _("Geef de stap een naam."),
            "max_length": _("Gebruik hooguit 120 tekens."),
        },
    )
    instruction = forms.CharField(
        label=_("Uitleg"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf kort op wat er in deze stap gebeurt."),
            "max_length": _("Gebruik hooguit 2000 tekens."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Minuten"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        error_messages={
            "required": _("Vul in hoeveel minuten de stap duurt."),
            "invalid": _("Vul een heel getal in, bijvoorbeeld 10."),
            "min_value": _("Een stap duurt minstens 1 minuut."),
            "max_value": _("Een stap duurt hooguit 120 minuten."),
        },
    )
    speaker = forms.ChoiceField(
        label=_("Wie praat er?"),
        choices=Speaker.choices,
        error_messages={"required": _("Kies wie er praat."), "invalid_choice": _("Kies wie er praat.")},
    )
    bringer_listens_only = forms.BooleanField(label=_("De inbrenger luistert alleen"), required=False)
    shares_answers = forms.BooleanField(
        label=_("Antwoorden worden daarna gedeeld"),
        required=False,
        help_text=_("Alleen bij schrijven in stilte."),
    )

    def to_step(self) -> StepData:
        data = self.cleaned_data
        return StepData(
            id=data.get("id"),
            name=data["name"],
            instruction=data["instruction"],
            minutes=data["minutes"],
            speaker=data["speaker"],
            bringer_listens_only=data["bringer_listens_only"],
            shares_answers=data["shares_answers"],
        )


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Deze stap verwijderen")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if not self._should_delete_form(form)]
        if not kept:
            raise ValidationError(
                _("Een methode heeft minstens één stap nodig. Zet niet alle stappen op verwijderen.")
            )

    def steps(self) -> list[StepData]:
        return [form.to_step() for form in self.forms if not self._should_delete_form(form)]


# extra=0: the page adds a blank step with the "Stap toevoegen" button, so every form shown is a step
# that must be filled in (or ticked to be removed).
StepFormSet = forms.formset_factory(StepForm, formset=BaseStepFormSet, extra=0, can_delete=True)
StepFormSet.deletion_widget = forms.CheckboxInput
