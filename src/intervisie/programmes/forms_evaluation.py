"""Forms of the programme's evaluation, the harvest (oogst) and sending the report to the partners.

The meeting form is the group's own evaluation form (``reflections.forms.EvaluationForm``: how it went,
what still bothers you, the method, what you will do) with the category's statements and an optional quote
added; what was typed stays in the form when it comes back with an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import TOO_LONG
from intervisie.programmes.evaluation import (
    COMMON_MEETING,
    QUOTE_MAX,
    SCORE_MESSAGE,
    SCORES,
    Question,
    category_questions,
    questions_for,
)
from intervisie.programmes.models import Harvest
from intervisie.reflections.forms import EvaluationForm

HARVEST_PRIVATE_MAX = Harvest._meta.get_field("private_text").max_length
HARVEST_SHARED_MAX = Harvest._meta.get_field("shared_text").max_length


def likert_field(question: Question) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=question.text,
        choices=[(score, question.choice_label(score)) for score in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_MESSAGE, "invalid_choice": SCORE_MESSAGE},
    )


def _text(label, help_text, *, max_length: int, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        strip=False,  # keep exactly what was typed when the form comes back with an error
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


class QuoteFields(forms.Form):
    quote = _text(
        _("Wat wil je erover kwijt?"),
        _("Een zin of twee over wat deze ervaring je bracht. Noem geen namen."),
        max_length=QUOTE_MAX,
        rows=3,
    )
    may_quote = forms.BooleanField(
        label=_("Je mag dit anoniem citeren in het verslag"),
        help_text=_(
            "Het verslag gaat naar de kartrekker en de partners, zonder je naam. Zonder vinkje leest niemand "
            "anders deze tekst."
        ),
        required=False,
    )

    def answers(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.question_keys}


class MeetingEvaluationForm(EvaluationForm, QuoteFields):
    """After a meeting: the group's four questions, the category's statements, an optional quote."""

    def __init__(self, *args, category: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The group's two scores, with the words for each number as on the category's statements.
        for question in COMMON_MEETING:
            self.fields[question.key].choices = [(score, question.choice_label(score)) for score in SCORES]
        self.category_keys = []
        for question in category_questions(category):
            self.fields[question.key] = likert_field(question)
            self.category_keys.append(question.key)
        self.question_keys = [q.key for q in questions_for(category, final=False)]
        self.order_fields(
            [
                "how_it_went",
                "method_rating",
                *self.category_keys,
                "still_bothers",
                "will_do",
                "quote",
                "may_quote",
            ]
        )


class FinalEvaluationForm(QuoteFields):
    """At the end: the programme as a whole, the category's statements, an optional quote."""

    def __init__(self, *args, category: str, **kwargs):
        super().__init__(*args, **kwargs)
        questions = questions_for(category, final=True)
        for question in questions:
            self.fields[question.key] = likert_field(question)
        self.question_keys = [q.key for q in questions]
        self.order_fields([*self.question_keys, "quote", "may_quote"])


class HarvestForm(forms.Form):
    private_text = _text(
        _("Wat neem je mee?"),
        _("Alleen voor jezelf: niemand anders leest dit, ook de kartrekker en de begeleider niet."),
        max_length=HARVEST_PRIVATE_MAX,
        rows=8,
    )
    shared_text = _text(
        _("Korte tekst om te delen"),
        _(
            "Bijvoorbeeld voor het intranet van je organisatie, je opleiding of je omgeving. Noem geen namen "
            "van anderen."
        ),
        max_length=HARVEST_SHARED_MAX,
        rows=4,
    )
    share = forms.BooleanField(
        label=_("Deel deze korte tekst met de kartrekker en de partners"),
        help_text=_(
            "Hij komt zonder je naam in het evaluatieverslag. Haal het vinkje weg om te stoppen met delen."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("share")
            and not (data.get("shared_text") or "").strip()
            and "shared_text" not in self.errors
        ):
            self.add_error("shared_text", _("Schrijf eerst de tekst die je wilt delen."))
        return data


class SendReportForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, stuur elke partner zijn eigen verslag."),
        error_messages={"required": _("Vink aan dat je de verslagen wilt versturen.")},
    )
