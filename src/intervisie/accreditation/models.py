import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import SupervisorRegister

# Unambiguous characters for verification codes (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class SupervisorNeed(models.TextChoices):
    """Whether a register asks for a begeleider registered with one of its accepted bodies."""

    REQUIRED = "required", _("verplicht")
    RECOMMENDED = "recommended", _("aanbevolen")
    NOT_NEEDED = "not_needed", _("niet nodig")


class Register(models.Model):
    """A register's reflection rules, kept as data (shared/domain/REGISTERS.md), one row per register
    or chamber. Seeded by a data migration; an admin can change the numbers when a reglement changes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    body = models.CharField(_("organisatie"), max_length=40)  # SKJ, Registerplein
    # Reflection hours needed per period; empty when the register has not published a number yet.
    hours_required = models.DecimalField(
        _("uren reflectie per periode"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    period_years = models.PositiveSmallIntegerField(_("periode (jaren)"), default=5)
    min_meeting_minutes = models.PositiveSmallIntegerField(
        _("minimale duur van een bijeenkomst (minuten)"), default=60
    )
    points_per_hour = models.DecimalField(_("punten per uur"), max_digits=4, decimal_places=2, default=1)
    online_counts = models.BooleanField(_("online telt mee (met live beeld en geluid)"), default=True)
    # What a group must look like for this register (accreditation.register_fit derives from these
    # whether a group fits). Empty: the register sets no rule for it.
    min_group_size = models.PositiveSmallIntegerField(
        _("minimaal aantal deelnemers in een groep"), null=True, blank=True
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("maximaal aantal deelnemers in een groep"), null=True, blank=True
    )
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimaal aantal bijeenkomsten per jaar"), null=True, blank=True
    )
    supervisor = models.CharField(
        _("begeleider met een register"),
        max_length=12,
        choices=SupervisorNeed.choices,
        default=SupervisorNeed.NOT_NEEDED,
    )
    supervisor_registers = models.CharField(
        _("registers van de begeleider die meetellen"),
        max_length=100,
        blank=True,
        help_text=_("Met komma's, bijvoorbeeld: LVSC, VGCT, NIP, NVO, NVRG"),
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_group_size__isnull=True)
                | models.Q(min_group_size__isnull=True)
                | models.Q(max_group_size__gte=models.F("min_group_size")),
                name="register_group_size_range",
                violation_error_message=_("Het maximale aantal deelnemers is kleiner dan het minimale."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def accepted_supervisor_registers(self) -> list[str]:
        """The begeleider registers this register accepts, in the order written ("LVSC", "VGCT", …)."""
        return [code.strip() for code in self.supervisor_registers.split(",") if code.strip()]

    def clean(self):
        super().clean()
        known = set(SupervisorRegister.values)
        unknown = [code for code in self.accepted_supervisor_registers if code not in known]
        if unknown:
            raise ValidationError(
                {
                    "supervisor_registers": _("Onbekend register: %(codes)s. Kies uit %(known)s.")
                    % {"codes": ", ".join(unknown), "known": ", ".join(SupervisorRegister.values)}
                }
            )
        if self.supervisor != SupervisorNeed.NOT_NEEDED and not self.accepted_supervisor_registers:
            raise ValidationError(
                {"supervisor_registers": _("Vul in bij welke registers de begeleider mag staan.")}
            )


class Enrolment(models.Model):
    """A person's registration period with a register: the ledger counts hours inside it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="enrolments")
    period_start = models.DateField(_("begin van je registratieperiode"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "register", "period_start"], name="unique_enrolment")
        ]
        verbose_name = _("registratieperiode")
        verbose_name_plural = _("registratieperiodes")

    def __str__(self):
        return f"{self.user} – {self.register} vanaf {self.period_start}"


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"IVW-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """Proof of participation in a completed series or trajectory, checkable on a public page."""

    code = models.CharField(max_length=20, unique=True, default=new_certificate_code, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    group = models.ForeignKey(
        "groups.IntervisionGroup", on_delete=models.PROTECT, related_name="certificates"
    )
    series = models.ForeignKey(
        "meetings.MeetingSeries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    title = models.CharField(_("titel"), max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    meetings_attended = models.PositiveSmallIntegerField(default=0)
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")

    def __str__(self):
        return f"{self.code} – {self.user}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ReflectionStatement(models.Model):
    """A reflectieverklaring signed in the app by a begeleider registered with LVSC, VGCT, NIP, NVO or NVRG."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reflection_statements"
    )
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_register = models.CharField(max_length=10)
    signed_at = models.DateTimeField(auto_now_add=True)
    # Checkable on the public page (/verifieer/), like a certificate; same format and alphabet.
    code = models.CharField(max_length=20, unique=True, default=new_certificate_code, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("reflectieverklaring")
        verbose_name_plural = _("reflectieverklaringen")

    def __str__(self):
        return f"{self.user} – {self.group} {self.period_start}–{self.period_end}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
