from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseChoice(models.TextChoices):
    BEFOREHAND = "beforehand", _("Vooraf: de inbrenger staat vast voor de bijeenkomst")
    DURING = "during", _("Tijdens de bijeenkomst kiezen we samen")


class BelowQuorum(models.TextChoices):
    CANCEL = "cancel", _("De bijeenkomst gaat niet door")
    CONTINUE = "continue", _("We gaan door met wie er is")
    RESCHEDULE = "reschedule", _("We zoeken samen een nieuwe datum")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    CANCELLED = "cancelled", _("Afgelast")


class RsvpAnswer(models.TextChoices):
    COMING = "coming", _("Ik kom")
    NOT_COMING = "not_coming", _("Ik meld me af")
