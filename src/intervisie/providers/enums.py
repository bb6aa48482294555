from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    PRACTICE = "praktijk", _("Eigen praktijk")
    FIRM = "bureau", _("Opleidings- of adviesbureau")


class InvoiceMoment(models.TextChoices):
    """When a trajectory is invoiced (seed 001: the provider chooses)."""

    ACCEPTANCE = "acceptance", _("Bij akkoord op de offerte")
    COMPLETION = "completion", _("Na afronding")
    PER_MEETING = "per_meeting", _("Per bijeenkomst")
