from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import SupervisorRegister

# Supervisors registered with one of these bodies may sign an SKJ reflectieverklaring
# (shared/domain/REGISTERS.md, "Evidence the professional uploads"). Others give the variant
# without supervisor.
SIGNING_REGISTERS = frozenset(
    {
        SupervisorRegister.LVSC,
        SupervisorRegister.VGCT,
        SupervisorRegister.NIP,
        SupervisorRegister.NVO,
        SupervisorRegister.NVRG,
    }
)


class NotCounted(models.TextChoices):
    """Why a meeting the person was registered for gives no hours for a register."""

    CANCELLED = "cancelled", _("De bijeenkomst is afgelast")
    TOO_SHORT = "too_short", _("De bijeenkomst was korter dan %(minutes)s minuten")
    ONLINE = "online", _("Online bijeenkomsten tellen niet mee voor dit register")
    ABSENT = "absent", _("Je was er niet bij")
