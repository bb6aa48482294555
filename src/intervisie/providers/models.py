from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.providers.enums import InvoiceMoment, ProviderKind

# NL, nine digits, B and two digits: the shape of a Dutch btw-identificatienummer.
VAT_NUMBER_RE = r"^NL[0-9]{9}B[0-9]{2}$"


class Provider(models.Model):
    """A practice or firm that offers guided trajectories (begeleide intervisie). Its defaults fill a
    new quote; its address, KvK number and IBAN go on quotes and invoices."""

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(
        _("soort"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.PRACTICE
    )
    description = models.TextField(_("korte tekst"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=80, blank=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    # The btw-identificatienummer, as the form stores it (NL, 9 digits, B, 2 digits; see
    # providers.forms.clean_vat_number). A Dutch invoice with VAT must name it (Wet OB art. 35a); a
    # CRKBO-registered provider charges no VAT on guidance and may leave it empty.
    vat_number = models.CharField(
        _("btw-identificatienummer"),
        max_length=14,
        blank=True,
        validators=[
            RegexValidator(VAT_NUMBER_RE, _("Een btw-identificatienummer ziet eruit als NL123456782B01."))
        ],
    )
    # Province codes (groups.enums.Province) and register codes (accounts.enums.SupervisorRegister).
    regions = models.JSONField(_("regio's"), default=list, blank=True)
    registers = models.JSONField(_("registers"), default=list, blank=True)
    online = models.BooleanField(_("online"), default=True)
    on_site = models.BooleanField(_("op locatie"), default=True)
    methods = models.ManyToManyField("groups.Method", verbose_name=_("methodes"), blank=True)
    nrto_member = models.BooleanField(_("lid van de NRTO"), default=False)
    crkbo_registered = models.BooleanField(
        _("CRKBO-geregistreerd"), default=False, help_text=_("Dan is je begeleiding vrijgesteld van btw.")
    )
    indicative_price = models.CharField(_("indicatie van de prijs"), max_length=120, blank=True)
    # Defaults for a new quote.
    fee_per_meeting = models.DecimalField(
        _("tarief per bijeenkomst"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("duur van een bijeenkomst (minuten)"),
        default=150,
        validators=[MinValueValidator(30), MaxValueValidator(480)],
    )
    travel_costs = models.DecimalField(
        _("reiskosten per bijeenkomst"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    reader_price = models.DecimalField(
        _("prijs van de reader per deelnemer"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    cancellation_terms = models.TextField(_("annuleringsvoorwaarden"), max_length=2000, blank=True)
    validity_days = models.PositiveSmallIntegerField(
        _("geldigheid van een offerte (dagen)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    invoice_moment = models.CharField(
        _("moment van factureren"),
        max_length=20,
        choices=InvoiceMoment.choices,
        default=InvoiceMoment.ACCEPTANCE,
    )
    payment_days = models.PositiveSmallIntegerField(
        _("betaaltermijn (dagen)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    attendance_threshold_percent = models.PositiveSmallIntegerField(
        _("aanwezigheid voor een certificaat (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    is_published = models.BooleanField(_("zichtbaar in de lijst van aanbieders"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")

    def __str__(self):
        return self.name

    @property
    def vat_exempt(self) -> bool:
        return self.crkbo_registered

    @property
    def lacks_vat_number(self) -> bool:
        """Charges VAT (not CRKBO-registered) but has no btw-identificatienummer to put on invoices."""
        return not self.vat_exempt and not self.vat_number


class ProviderMember(models.Model):
    """A begeleider who works for ``provider``; an owner also manages its profile and documents."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships"
    )
    is_owner = models.BooleanField(_("beheert de aanbieder"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "user"], name="unique_provider_member")]
        verbose_name = _("begeleider van een aanbieder")
        verbose_name_plural = _("begeleiders van aanbieders")

    def __str__(self):
        return f"{self.user} ({self.provider})"
