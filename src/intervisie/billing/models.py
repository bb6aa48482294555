from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.billing.enums import CounterKind, InvoiceKind, InvoiceStatus, QuoteStatus

VAT_RATES = [(Decimal("0.00"), "0%"), (Decimal("21.00"), "21%")]


class Counter(models.Model):
    """The last number handed out for a provider's quotes (``year`` 0) or for its invoices in one year.
    Numbers come from ``billing.domain.next_number`` under a row lock: no gap, no duplicate."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="counters")
    kind = models.CharField(max_length=10, choices=CounterKind.choices)
    year = models.PositiveSmallIntegerField(default=0)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind", "year"], name="unique_billing_counter")
        ]

    def __str__(self):
        return f"{self.provider} {self.kind} {self.year}: {self.last_number}"


class Recipient(models.Model):
    """Who a document is addressed to, as it was when the document was made."""

    recipient_organisation = models.CharField(_("organisatie"), max_length=200)
    recipient_name = models.CharField(_("t.a.v."), max_length=120)
    recipient_email = models.EmailField(_("e-mailadres"))
    recipient_address = models.CharField(_("adres"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Quote(Recipient):
    """A quote (offerte). A revision is a new version with the same number; the old one is superseded.
    Sent quotes are frozen: their lines never change."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="quotes")
    number = models.PositiveIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    status = models.CharField(max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    subject = models.CharField(_("onderwerp"), max_length=200)
    introduction = models.TextField(_("toelichting"), max_length=4000, blank=True)
    terms = models.TextField(_("voorwaarden"), max_length=4000, blank=True)
    valid_until = models.DateField(_("geldig tot"))
    vat_exempt = models.BooleanField(_("vrijgesteld van btw"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_name = models.CharField(_("naam"), max_length=120, blank=True)
    answered_function = models.CharField(_("functie"), max_length=120, blank=True)
    answered_ip = models.GenericIPAddressField(null=True, blank=True)
    answer_note = models.TextField(_("toelichting"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-number", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "number", "version"], name="unique_quote_version")
        ]
        verbose_name = _("offerte")
        verbose_name_plural = _("offertes")

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"OFF-{self.number:04d}-v{self.version}"


class Invoice(Recipient):
    """An invoice or a credit note, numbered per provider and year without gaps. Never deleted: a
    credit note cancels it."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    credits = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_note"
    )
    status = models.CharField(max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    subject = models.CharField(_("onderwerp"), max_length=200)
    reference = models.CharField(_("uw kenmerk"), max_length=120, blank=True)
    issued_on = models.DateField(_("factuurdatum"))
    due_on = models.DateField(_("te betalen voor"))
    vat_exempt = models.BooleanField(_("vrijgesteld van btw"), default=False)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)
    # A credit note says why it cancels the invoice; the client reads it on the credit note.
    credit_reason = models.CharField(_("reden van de creditering"), max_length=300, blank=True)
    # What the invoice is for in its caller's own terms ("trajectory:12:meeting:34"). Billing never reads
    # it; the constraint below lets no two live invoices share it, so a caller that checks under its own
    # lock still cannot invoice one thing twice. A credited invoice frees it (it may be invoiced anew).
    purpose = models.CharField(max_length=100, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "year", "number"], name="unique_invoice_number"),
            models.UniqueConstraint(
                fields=["provider", "purpose"],
                condition=models.Q(kind=InvoiceKind.INVOICE)
                & ~models.Q(status=InvoiceStatus.CREDITED)
                & ~models.Q(purpose=""),
                name="unique_live_invoice_purpose",
            ),
        ]
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"{self.year}-{self.number:04d}"


class Line(models.Model):
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(_("omschrijving"), max_length=200)
    quantity = models.DecimalField(_("aantal"), max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(_("prijs per stuk"), max_digits=11, decimal_places=2)
    vat_rate = models.DecimalField(_("btw-tarief"), max_digits=5, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class QuoteLine(Line):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")

    def __str__(self):
        return self.description


class InvoiceLine(Line):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")

    def __str__(self):
        return self.description
