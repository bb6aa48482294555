from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 120
TEXT_MAX = 4000


class Case(models.Model):
    """A member's inbreng. The texts are confidential to the group and its begeleider, and are purged
    after the retention period; the fact that a case was brought (who, when) stays for rotation."""

    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="cases")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    bringer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    situation = models.TextField(_("de situatie"), max_length=TEXT_MAX)
    question = models.TextField(_("je vraag aan de groep"), max_length=1000)
    # The checklist a bringer ticks (seed 003): own experience, still current, within influence, fits theme.
    own_experience = models.BooleanField(_("het gaat over mijn eigen ervaring"), default=False)
    still_current = models.BooleanField(_("het speelt nog"), default=False)
    has_influence = models.BooleanField(_("ik heb er zelf invloed op"), default=False)
    fits_theme = models.BooleanField(_("het past bij het thema van de groep"), default=False)
    # The member saw the privacy screen's findings and chose to save anyway.
    privacy_acknowledged = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    brought_on = models.DateField(_("ingebracht op"), null=True, blank=True)  # the meeting's date
    text_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")

    def __str__(self):
        # Never the title or text: this string lands in the audit log and the admin.
        return f"Inbreng #{self.pk} ({self.group_id})"

    @property
    def is_purged(self) -> bool:
        return self.text_purged_at is not None

    @property
    def is_for_coming_meeting(self) -> bool:
        """Brought for a meeting that is still to come: the page says "voor" that date, not "op" it."""
        return self.brought_on is not None and self.brought_on > timezone.localdate()
