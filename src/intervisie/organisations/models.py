from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    FRANCHISE = "franchiseorganisatie", _("Franchiseorganisatie")
    GEZINSHUIS = "gezinshuis", _("Gezinshuis")
    OPLEIDING = "opleiding", _("Opleiding")
    GEMEENTE = "gemeente", _("Gemeente")
    BELANGENORGANISATIE = "belangenorganisatie", _("Belangenorganisatie")
    KENNISWERKPLAATS = "kenniswerkplaats", _("Kenniswerkplaats")
    OTHER = "other", _("Anders (bijvoorbeeld zelfstandig begeleider)")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    city = models.CharField(_("plaats"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    description = models.TextField(_("beschrijving"), max_length=2000, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beheerders"),
        related_name="managed_organisations",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name
