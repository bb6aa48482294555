"""Forms of the trajectory report: the begeleider's text, a participant's answer, sending to the client."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import TOO_LONG
from intervisie.trajectories.enums import ReportRule, ReportStatus
from intervisie.trajectories.reporting import ReportText

TEXT_MAX = 4000
COMMENT_MAX = 2000


def _text(label, help_text, *, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


class ReportForm(forms.Form):
    """The report's free text. The attendance, methods and aspects come from the meetings themselves."""

    conclusions = _text(
        _("Conclusies van de groep"),
        _("Wat heeft de groep geleerd, wat ging goed, wat blijft lastig? In de woorden van de groep."),
        rows=6,
    )
    advice = _text(
        _("Advies om zelf verder te gaan"),
        _("Bijvoorbeeld: hoe vaak, met welke methodes, wie zit voor, wat heeft de groep nog nodig."),
        rows=6,
    )
    methods_text = _text(
        _("Toelichting op de methodes (niet verplicht)"),
        _("De methodes per bijeenkomst staan al in het rapport. Schrijf hier wat de groep ervan vond."),
        rows=3,
    )
    aspects_text = _text(
        _("Toelichting op de onderdelen (niet verplicht)"),
        _("Hoe vaak elk onderdeel aan bod kwam, staat al in het rapport."),
        rows=3,
    )
    rule = forms.ChoiceField(
        label=_("Wanneer gaat het rapport naar de opdrachtgever?"),
        choices=ReportRule.choices,
        widget=forms.RadioSelect,
        help_text=_("Dit kun je kiezen tot je het rapport met de groep deelt."),
        error_messages={
            "required": _("Kies wanneer het rapport naar de opdrachtgever gaat."),
            "invalid_choice": _("Kies wanneer het rapport naar de opdrachtgever gaat."),
        },
    )
    show_names = forms.BooleanField(
        label=_("Namen bij de aanwezigheid zetten (de groep is het daarmee eens)"),
        help_text=_("Zonder vinkje staan alleen aantallen in het rapport."),
        required=False,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        if report.status != ReportStatus.DRAFT:
            # Shared: the group's answers count under the rule they were given with.
            del self.fields["rule"]

    @classmethod
    def initial_for(cls, report) -> dict:
        initial = {name: getattr(report, name) for name in cls.base_fields if name != "rule"}
        initial["rule"] = report.trajectory.report_rule
        return initial

    def report_text(self) -> ReportText:
        return ReportText(**self.cleaned_data)


class ResponseForm(forms.Form):
    """A participant's answer: agree, or say what should change."""

    APPROVE = "akkoord"
    COMMENT = "opmerking"

    answer = forms.ChoiceField(
        label=_("Je antwoord"),
        choices=[
            (APPROVE, _("Ik ga akkoord met dit rapport")),
            (COMMENT, _("Ik ga nog niet akkoord: ik heb een opmerking")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of je akkoord gaat of een opmerking hebt."),
            "invalid_choice": _("Kies of je akkoord gaat of een opmerking hebt."),
        },
    )
    comment = forms.CharField(
        label=_("Je opmerking"),
        help_text=_("Alleen de begeleider leest je opmerking; de opdrachtgever niet."),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == self.COMMENT and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Schrijf op wat er anders moet in het rapport."))
        return cleaned

    @property
    def approves(self) -> bool:
        return self.cleaned_data["answer"] == self.APPROVE


class SendForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, stuur het rapport naar de opdrachtgever."),
        error_messages={"required": _("Vink aan dat je het rapport wilt versturen.")},
    )
