"""Forms of the composition board (moving a person) and of the attendance commitment."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intervisie.common.forms import number_field
from intervisie.programmes.composition import COMPOSABLE
from intervisie.programmes.models import Programme, ProgrammeGroup, Signup


def posted_id(value) -> int | None:
    """An id from a posted field, or None: only ASCII digits ("²".isdigit() is true, yet int() refuses
    it), and no more than 18 of them, so the number fits the database's id column."""
    value = str(value or "")
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class MoveForm(forms.Form):
    """Move one person: ``group`` is a programme group's id, or empty for "in no group"."""

    signup = forms.CharField(widget=forms.HiddenInput)
    group = forms.ChoiceField(
        label=gettext_lazy("Naar groep"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kies een groep uit de lijst.")},
    )

    def __init__(self, *args, programme: Programme, groups: list[ProgrammeGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.groups = {g.pk: g for g in groups}
        self.fields["group"].choices = [("", _("Geen groep"))] + [(str(g.pk), g.name) for g in groups]

    def clean(self):
        data = super().clean()
        pk = posted_id(data.get("signup"))
        signup = (
            Signup.objects.filter(programme=self.programme, pk=pk, status__in=COMPOSABLE)
            .select_related("programme")
            .first()
            if pk is not None
            else None
        )
        if signup is None:
            raise forms.ValidationError(_("Deze persoon hoort niet bij de uitgenodigden van dit programma."))
        data["signup_obj"] = signup
        data["group_obj"] = self.groups.get(posted_id(data.get("group"))) if data.get("group") else None
        return data


class CommitmentForm(forms.Form):
    """How many of the group's meetings the participant commits to."""

    count = forms.IntegerField()

    def __init__(self, *args, low: int, high: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"] = number_field(
            _("Bij hoeveel bijeenkomsten ben je er?"),
            min_value=low,
            max_value=high,
            help_text=_("Kies een aantal van %(low)d tot en met %(high)d.") % {"low": low, "high": high},
        )
