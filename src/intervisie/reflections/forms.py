from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EVALUATION_TEXT_MAX, SCORE_CHOICES, TEXT_MAX


def _text_field(label, help_text, *, max_length: int, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        strip=False,  # keep exactly what was typed when the form comes back with an error
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _("Dit is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )


def _score_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een cijfer van 1 tot en met 5."),
            "invalid_choice": _("Kies een cijfer van 1 tot en met 5."),
        },
    )


class ReflectionForm(forms.Form):
    methods_text = _text_field(
        _("Methoden en technieken"),
        _(
            "Wat deed je in de situatie, en hoe? Welke aanpak of vaardigheid gebruikte je? "
            "Bijvoorbeeld: welke vraag van de groep hielp je verder? Wat zou je een volgende keer anders aanpakken?"
        ),
        max_length=TEXT_MAX,
    )
    values_text = _text_field(
        _("Normen en waarden"),
        _(
            "Wat vind je belangrijk in je werk, en wat vonden anderen belangrijk? "
            "Bijvoorbeeld: botsten er regels of waarden? Wat is hier goed doen voor het kind of het gezin?"
        ),
        max_length=TEXT_MAX,
    )
    personal_text = _text_field(
        _("Persoonlijk: denken, voelen, willen"),
        _(
            "Wat dacht en voelde je, en wat wil je? "
            "Bijvoorbeeld: wat raakte je? Wat zegt dit over jou? Wat neem je mee?"
        ),
        max_length=TEXT_MAX,
    )
    shared_with_begeleider = forms.BooleanField(
        label=_("Delen met de begeleider"),
        help_text=_(
            "Zet je hier geen vinkje, dan ziet alleen jij deze reflectie. Andere deelnemers zien hem nooit."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        texts = [data.get(name) or "" for name in ("methods_text", "values_text", "personal_text")]
        if not self.errors and not any(text.strip() for text in texts):
            raise forms.ValidationError(_("Schrijf bij minstens één van de drie onderdelen iets."))
        return data


class EvaluationForm(forms.Form):
    how_it_went = _score_field(_("Hoe ging de bijeenkomst? (1 = slecht, 5 = heel goed)"))
    still_bothers = _text_field(
        _("Wat zit je nog dwars?"),
        _("Iets wat bleef hangen of wat je nog niet kwijt kon."),
        max_length=EVALUATION_TEXT_MAX,
        rows=3,
    )
    method_rating = _score_field(_("Hoe vond je de methode? (1 = slecht, 5 = heel goed)"))
    will_do = _text_field(
        _("Wat ga je doen?"),
        _("Een kleine stap die je na deze bijeenkomst zet."),
        max_length=EVALUATION_TEXT_MAX,
        rows=3,
    )


class PeriodForm(forms.Form):
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
