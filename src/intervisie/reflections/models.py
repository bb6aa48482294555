"""A participant's reflection on a meeting (the three SKJ dimensions) and their short evaluation.

Reflections are private: only the writer sees them, unless they share one with the group's begeleider.
Evaluations are only ever shown to others as averages over at least three answers (see selectors).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 3000
EVALUATION_TEXT_MAX = 1000
SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Reflection(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="reflections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections")
    # SKJ asks for the three dimensions together: technisch-instrumenteel, normatief, persoonlijk.
    methods_text = models.TextField(_("methoden en technieken"), max_length=TEXT_MAX, blank=True)
    values_text = models.TextField(_("normen en waarden"), max_length=TEXT_MAX, blank=True)
    personal_text = models.TextField(
        _("persoonlijk: denken, voelen, willen"), max_length=TEXT_MAX, blank=True
    )
    shared_with_begeleider = models.BooleanField(_("delen met de begeleider"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("reflectie")
        verbose_name_plural = _("reflecties")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_reflection_per_meeting"),
        ]

    def __str__(self):
        # Never the texts: this string ends up in the audit log.
        return f"Reflectie {self.pk} (bijeenkomst {self.meeting_id})"


class Evaluation(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="evaluations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluations")
    how_it_went = models.PositiveSmallIntegerField(
        _("hoe ging het"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    still_bothers = models.TextField(_("wat zit je nog dwars"), max_length=EVALUATION_TEXT_MAX, blank=True)
    method_rating = models.PositiveSmallIntegerField(
        _("hoe vond je de methode"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    will_do = models.TextField(_("wat ga je doen"), max_length=EVALUATION_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_evaluation_per_meeting"),
            models.CheckConstraint(
                condition=models.Q(how_it_went__gte=1, how_it_went__lte=5), name="evaluation_how_it_went_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(method_rating__gte=1, method_rating__lte=5),
                name="evaluation_method_rating_1_5",
            ),
        ]

    def __str__(self):
        return f"Evaluatie {self.pk} (bijeenkomst {self.meeting_id})"
