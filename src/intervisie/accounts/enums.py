from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md. A person can hold several."""

    GEZINSHUISOUDER = "gezinshuisouder", _("Gezinshuisouder")
    JEUGDZORGWERKER = "jeugdzorgwerker", _("Jeugdzorgwerker")
    PROFESSIONAL = "professional", _("Andere professional")
    STUDENT = "student", _("Student")
    OUDER = "ouder", _("Ouder")
    JONGERE = "jongere", _("Jongere")
    BEGELEIDER = "begeleider", _("Begeleider (coach, intervisor, supervisor)")
    ORGANISATIEBEHEERDER = "organisatiebeheerder", _("Organisatiebeheerder")
    ORGANISATOR = "organisator", _("Kartrekker / organisator")
    OPDRACHTGEVER = "opdrachtgever", _("Opdrachtgever")
    ONDERZOEKER = "onderzoeker", _("Onderzoeker")
    BEHEERDER = "beheerder", _("Beheerder van het platform")


# Roles that may change other people's data or sign evidence: they must use two-factor login.
MFA_ROLES = {Role.BEGELEIDER, Role.ORGANISATIEBEHEERDER, Role.BEHEERDER}
# Roles a person may pick for themselves when signing up or editing the profile.
SELF_SERVICE_ROLES = [
    Role.GEZINSHUISOUDER,
    Role.JEUGDZORGWERKER,
    Role.PROFESSIONAL,
    Role.STUDENT,
    Role.OUDER,
    Role.JONGERE,
    Role.BEGELEIDER,
    Role.ORGANISATOR,
    Role.OPDRACHTGEVER,
]


class SupervisorRegister(models.TextChoices):
    """Professional bodies that register begeleiders (supervisors/intervisors)."""

    LVSC = "LVSC", "LVSC"
    VGCT = "VGCT", "VGCT"
    NIP = "NIP", "NIP"
    NVO = "NVO", "NVO"
    NVRG = "NVRG", "NVRG"
    SKJ = "SKJ", "SKJ"
    OTHER = "other", _("anders")
