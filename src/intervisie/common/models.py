from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what, when. Written by every domain function that changes state.

    Never holds case text or other confidential content: ``data`` carries identifiers and
    old/new states only.
    """

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("actie"), max_length=80, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=80)
    object_id = models.CharField(_("object-id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class OutgoingEmail(models.Model):
    """An e-mail outbox. django-tasks does not retry, so undelivered mail stays here to be re-queued."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("mislukt")

    created_at = models.DateTimeField(auto_now_add=True)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Files sent along (e.g. a calendar invitation): [{"name", "mimetype", "content"}], text only.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When its delivery job was last put in the queue, and when a worker began the attempt that is
    # under way (empty when none is). A worker that is killed mid-send leaves ``sending_since`` behind:
    # that is how ``retry_emails`` tells a dead attempt from one still waiting or running.
    queued_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")

    def __str__(self):
        return f"{self.to}: {self.subject}"
