from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectoryState(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    TALK_PLANNED = "talk_planned", _("Verkennend gesprek gepland")
    TALK_DECLINED = "talk_declined", _("Afgewezen na het gesprek")
    INTRODUCTION_PLANNED = "introduction_planned", _("Kennismaking met de groep gepland")
    INTRODUCTION_HELD = "introduction_held", _("Kennismaking gehouden")
    QUOTE_SENT = "quote_sent", _("Offerte verstuurd")
    CHANGE_REQUESTED = "change_requested", _("Wijziging van de offerte gevraagd")
    QUOTE_DECLINED = "quote_declined", _("Offerte afgewezen")
    RUNNING = "running", _("Traject loopt")
    REPORTING = "reporting", _("Rapportage")
    REPORT_SENT = "report_sent", _("Rapport verstuurd")
    CLOSED = "closed", _("Afgerond")
    CANCELLED = "cancelled", _("Geannuleerd")


OPEN_STATES = frozenset(
    {
        TrajectoryState.REQUESTED,
        TrajectoryState.TALK_PLANNED,
        TrajectoryState.INTRODUCTION_PLANNED,
        TrajectoryState.INTRODUCTION_HELD,
        TrajectoryState.QUOTE_SENT,
        TrajectoryState.CHANGE_REQUESTED,
        TrajectoryState.RUNNING,
        TrajectoryState.REPORTING,
        TrajectoryState.REPORT_SENT,
    }
)


class TrajectoryKind(models.TextChoices):
    NEW_GROUP = "new_group", _("Een nieuwe groep")
    NEW_IMPULSE = "new_impulse", _("Een nieuwe impuls voor een bestaande groep")


class LocationPreference(models.TextChoices):
    ON_SITE = "on_site", _("Op locatie")
    ONLINE = "online", _("Online")
    EITHER = "either", _("Maakt niet uit")


class FeeMode(models.TextChoices):
    PER_MEETING = "per_meeting", _("Per bijeenkomst")
    TOTAL = "total", _("Totaalbedrag")


class ReportRule(models.TextChoices):
    ALL = "all", _("Iedereen gaat akkoord")
    MAJORITY = "majority", _("De meerderheid gaat akkoord")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SHARED = "shared", _("Gedeeld met de groep")
    APPROVED = "approved", _("Goedgekeurd door de groep")
    SENT = "sent", _("Verstuurd naar de opdrachtgever")


class Aspect(models.TextChoices):
    """The four parts of intervision a guided trajectory practises (seed 001)."""

    STRUCTURE = "structure", _("Structuur en opzet van intervisie")
    CONDITIONS = "conditions", _("Voorwaarden waaraan intervisie moet voldoen")
    METHODS = "methods", _("Intervisiemethodes")
    SKILLS = "skills", _("Vaardigheden: exploreren, reflectieve vragen, luisteren, feedback")
