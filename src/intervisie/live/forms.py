from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intervisie.live.domain import circle_users
from intervisie.live.selectors import start_suggestion
from intervisie.methods.models import MethodTemplate


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name or obj.email


class StartForm(forms.Form):
    method = forms.ModelChoiceField(label=_("Methode"), queryset=MethodTemplate.objects.none())
    case = forms.ModelChoiceField(
        label=_("Inbreng (niet verplicht)"), queryset=MethodTemplate.objects.none(), required=False
    )
    chair = PersonChoiceField(label=_("Voorzitter"), queryset=MethodTemplate.objects.none())
    timekeeper = PersonChoiceField(
        label=_("Tijdbewaker (niet verplicht)"), queryset=MethodTemplate.objects.none(), required=False
    )
    bringer = PersonChoiceField(
        label=_("Inbrenger (niet verplicht)"), queryset=MethodTemplate.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        """``meeting``'s start form. Unbound, it preselects the planned method and the bringer (see
        ``live.selectors.start_suggestion``) and says so at the field."""
        super().__init__(*args, **kwargs)
        from intervisie.cases.models import Case

        group = meeting.group
        self.fields["method"].queryset = MethodTemplate.objects.filter(
            Q(group__isnull=True) | Q(group=group), steps__isnull=False
        ).distinct()
        self.fields["case"].queryset = Case.objects.filter(group=group, text_purged_at__isnull=True)
        self.fields["case"].label_from_instance = lambda case: case.title
        # A group's own copy can have the same name as the library method it came from.
        self.fields["method"].label_from_instance = lambda method: (
            _("%(name)s (eigen versie van de groep)") % {"name": method.name}
            if method.group_id
            else method.name
        )
        people = circle_users(meeting)
        for name in ("chair", "timekeeper", "bringer"):
            self.fields[name].queryset = people
        self.fields["case"].empty_label = _("Geen inbreng gekozen")
        self.fields["timekeeper"].empty_label = _("Geen tijdbewaker")
        self.fields["bringer"].empty_label = _("Geen inbrenger gekozen")
        if not self.is_bound:
            self._suggest(meeting, people)

    def _suggest(self, meeting, people) -> None:
        suggestion = start_suggestion(meeting=meeting, people=people)
        if suggestion.method is not None:
            self.initial.setdefault("method", suggestion.method.pk)
            self.fields["method"].help_text = _(
                "Alvast gekozen: de methode die voor deze bijeenkomst gepland is."
            )
        if suggestion.case is not None:
            self.initial.setdefault("case", suggestion.case.pk)
            self.fields["case"].help_text = _("Alvast gekozen: de inbreng voor deze bijeenkomst.")
        if suggestion.bringer is not None:
            self.initial.setdefault("bringer", suggestion.bringer.pk)
            self.fields["bringer"].help_text = (
                _("Alvast gekozen: wie de inbreng voor deze bijeenkomst heeft ingebracht.")
                if suggestion.bringer_from == "case"
                else _("Alvast gekozen: wie volgens het rooster aan de beurt is om in te brengen.")
            )
