from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.organisations.models import OrganisationKind

# Who may start a programme (seed 003: a gemeente, a kenniswerkplaats or an opleiding).
INITIATOR_KINDS = frozenset(
    {OrganisationKind.GEMEENTE, OrganisationKind.KENNISWERKPLAATS, OrganisationKind.OPLEIDING}
)


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    RECRUITING = "recruiting", _("Werving")
    COMPOSING = "composing", _("Groepen indelen")
    RUNNING = "running", _("Loopt")
    FINISHED = "finished", _("Afgerond")


class Category(models.TextChoices):
    """Who takes part in a "buiten je bubbel" group (seed 003). The values are the sign-up URL's slug."""

    STUDENT = "student", _("Student")
    PROFESSIONAL = "professional", _("Professional")
    PARENT = "ouder", _("Ouder")
    YOUNG_PERSON = "jongere", _("Jongere")


class SignupStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Wacht op toestemming ouder")
    SIGNED_UP = "signed_up", _("Aangemeld")
    INVITED = "invited", _("Uitgenodigd")
    RESERVE = "reserve", _("Reservelijst")
    DECLINED = "declined", _("Afgewezen")
    PLACED = "placed", _("Ingedeeld")
    WITHDRAWN = "withdrawn", _("Afgemeld")


class DateKind(models.TextChoices):
    INFORMATION = "information", _("Informatiebijeenkomst")
    START = "start", _("Startbijeenkomst")
    MEETING = "meeting", _("Intervisiebijeenkomst")
    FINAL = "final", _("Slotevaluatie")


class PartnerKind(models.TextChoices):
    PRACTICE = "praktijk", _("Praktijkorganisatie")
    ADVOCACY = "belangenorganisatie", _("Belangenorganisatie van ouders of jongeren")
    EDUCATION = "opleiding", _("Opleiding")
