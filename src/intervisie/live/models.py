from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    RUNNING = "running", _("Bezig")
    PAUSED = "paused", _("Gepauzeerd")
    ENDED = "ended", _("Afgelopen")


class LiveSession(models.Model):
    """A guided session of one meeting: a case worked on with a method, step by step, led by the chair.

    The state (current step, timer) lives here, so every screen can poll it and a reloaded page comes
    back to the same step. ``version`` goes up with every change: two chairs clicking at once are
    detected (the second click is applied to the newer state or refused), see live/domain.py.
    """

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="live_session")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    method = models.ForeignKey("methods.MethodTemplate", on_delete=models.PROTECT, related_name="+")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    timekeeper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bringer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.RUNNING)
    step_position = models.PositiveSmallIntegerField(default=1)
    step_started_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)  # paused time within the current step
    extra_seconds = models.IntegerField(default=0)  # time the chair added to the current step
    revealed_upto = models.PositiveIntegerField(default=0)  # silent answers revealed in this step
    version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Sessie van {self.meeting}"


class SilentAnswer(models.Model):
    """What a participant wrote in a silent-writing step. Private until the chair reveals it."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="silent_answers")
    step_position = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "step_position", "user"], name="unique_silent_answer")
        ]

    def __str__(self):
        return f"Antwoord #{self.pk}"


class StepNote(models.Model):
    """A note per step: private to its writer, or the group's note (kept by the chair)."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="notes")
    step_position = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_group_note = models.BooleanField(default=False)
    text = models.TextField(max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "step_position", "user", "is_group_note"], name="unique_step_note"
            )
        ]

    def __str__(self):
        return f"Notitie #{self.pk}"


class Takeaway(models.Model):
    """After the session: "what do you take with you", per participant; the bringer's look-back prompt
    is shown at the start of the group's next meeting."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="takeaways")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="unique_takeaway")]

    def __str__(self):
        return f"Meeneempunt #{self.pk}"
