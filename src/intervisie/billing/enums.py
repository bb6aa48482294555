from django.db import models
from django.utils.translation import gettext_lazy as _


class CounterKind(models.TextChoices):
    QUOTE = "quote", _("offerte")
    INVOICE = "invoice", _("factuur")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SENT = "sent", _("Verstuurd")
    ACCEPTED = "accepted", _("Akkoord")
    DECLINED = "declined", _("Afgewezen")
    CHANGE_REQUESTED = "change_requested", _("Wijziging gevraagd")
    SUPERSEDED = "superseded", _("Vervangen door een nieuwe versie")
    EXPIRED = "expired", _("Verlopen")


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Factuur")
    CREDIT_NOTE = "credit_note", _("Creditnota")


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Betaald")
    CREDITED = "credited", _("Gecrediteerd")
