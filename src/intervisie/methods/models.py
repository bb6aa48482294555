from django.db import models
from django.utils.translation import gettext_lazy as _


class Speaker(models.TextChoices):
    BRINGER = "bringer", _("De inbrenger")
    GROUP = "group", _("De groep")
    EVERYONE_IN_TURN = "in_turn", _("Iedereen om de beurt")
    SILENT_WRITING = "silent", _("Iedereen schrijft in stilte")
    CHAIR = "chair", _("De voorzitter")


class MethodTemplate(models.Model):
    """A method in the library (group is empty) or a group's own adapted copy (group is set)."""

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(max_length=140)
    summary = models.TextField(_("korte uitleg"), max_length=1000)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    group_size = models.CharField(_("groepsgrootte"), max_length=60, blank=True)
    tag = models.ForeignKey(
        "groups.Method",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="templates",
        verbose_name=_("methode in het overzicht"),
    )
    group = models.ForeignKey(
        "groups.IntervisionGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="method_templates",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # The bringer looks back on the case at the start of the next meeting (six phases: 6, ten steps: 0).
    has_look_back = models.BooleanField(_("terugblik in de volgende bijeenkomst"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="unique_method_slug_per_group"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(group__isnull=True), name="unique_library_method_slug"
            ),
        ]
        verbose_name = _("methode")
        verbose_name_plural = _("methodes")

    def __str__(self):
        return self.name

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.steps.all())


class MethodStep(models.Model):
    method = models.ForeignKey(MethodTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=120)
    instruction = models.TextField(_("uitleg"), max_length=2000)
    minutes = models.PositiveSmallIntegerField(_("minuten"), default=10)
    speaker = models.CharField(_("wie praat er"), max_length=10, choices=Speaker.choices)
    bringer_listens_only = models.BooleanField(_("de inbrenger luistert alleen"), default=False)
    # Silent writing: are the written answers shared (read out in turn) after the step?
    shares_answers = models.BooleanField(_("antwoorden worden daarna gedeeld"), default=False)

    class Meta:
        ordering = ["method", "position"]
        constraints = [models.UniqueConstraint(fields=["method", "position"], name="unique_step_position")]

    def __str__(self):
        return f"{self.method}: {self.position}. {self.name}"

    @property
    def is_silent_writing(self) -> bool:
        return self.speaker == Speaker.SILENT_WRITING
