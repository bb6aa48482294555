from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Open voor aanmelden")
    CANCELLED = "cancelled", _("Afgelast")


class EventAudience(models.TextChoices):
    GEZINSHUISOUDERS = "gezinshuisouders", _("Gezinshuisouders")
    JEUGDZORGWERKERS = "jeugdzorgwerkers", _("Jeugdzorgwerkers")
    PROFESSIONALS = "professionals", _("Andere professionals")


class ParticipantRole(models.TextChoices):
    """The role a person registers with. The solver mixes the first two in every breakout."""

    GEZINSHUISOUDER = "gezinshuisouder", _("Gezinshuisouder")
    JEUGDZORGWERKER = "jeugdzorgwerker", _("Jeugdzorgwerker")
    OTHER = "other", _("Andere rol")


class RegistrationKind(models.TextChoices):
    PARTICIPANT = "participant", _("Deelnemer")
    COACH = "coach", _("Coach")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Aangemeld")
    WAITLIST = "waitlist", _("Wachtlijst")
    CANCELLED = "cancelled", _("Afgemeld")


class PairRule(models.TextChoices):
    """What to do with a gezinshuisouder and the youth-care worker of the same gezinshuis."""

    APART = "apart", _("In verschillende groepen (zo praat ieder vrijer)")
    TOGETHER = "together", _("In dezelfde groep")


class CompositionPriority(models.TextChoices):
    """What the organiser finds most important when the breakouts are composed. The value is the
    attribute the solver spreads first (its "priority"): the composition is never worse on it than
    dealing people out by hand after sorting them by it."""

    ORGANISATION = (
        "organisation",
        _("Organisaties spreiden: mensen van dezelfde organisatie zo veel mogelijk apart"),
    )
    REGION = "region", _("Regio’s spreiden: mensen uit dezelfde regio zo veel mogelijk apart")
    ROLE = (
        "role",
        _("Rollen mengen: gezinshuisouders, jeugdzorgwerkers en anderen zo veel mogelijk door elkaar"),
    )


class VideoProviderName(models.TextChoices):
    JITSI = "jitsi", _("Jitsi Meet")
