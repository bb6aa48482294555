import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Unambiguous characters for verification codes (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


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
    source = models.CharField(_("bron"), max_length=300, blank=True)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")

    def __str__(self):
        return self.name


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

    class Meta:
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.user} – {self.group} {self.period_start}–{self.period_end}"
