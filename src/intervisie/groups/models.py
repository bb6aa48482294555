from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import SupervisorRegister
from intervisie.groups.enums import (
    ACTIVE_STATES,
    PARTICIPANT_STATES,
    Audience,
    Format,
    Frequency,
    GroupStatus,
    Language,
    MembershipState,
    Province,
    TimeOfDay,
    Weekday,
)

# "In the evening" as Dutch says it, for the rhythm sentence.
TIME_OF_DAY_ADVERBS = {
    TimeOfDay.MORNING: _("'s ochtends"),
    TimeOfDay.AFTERNOON: _("'s middags"),
    TimeOfDay.EVENING: _("'s avonds"),
}


class MethodQuerySet(models.QuerySet):
    def in_library(self):
        """The methods of the method library (methods.MethodTemplate without a group, through its
        ``tag``): the one list the directory, meetings and charters offer."""
        return self.filter(templates__isnull=False, templates__group__isnull=True).distinct()


class Method(models.Model):
    """An intervision method as groups, charters and meetings name it; each library method has one."""

    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(_("korte uitleg"), max_length=300, blank=True)

    objects = MethodQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("methode")
        verbose_name_plural = _("methodes")

    def __str__(self):
        return self.name


class GroupQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_published=True)


class IntervisionGroup(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    description = models.TextField(_("beschrijving"), max_length=3000)
    audience = models.CharField(_("voor wie"), max_length=20, choices=Audience.choices)
    format = models.CharField(_("vorm"), max_length=12, choices=Format.choices)
    # Where the group meets. Empty for online groups; coordinates come from the shipped place data.
    place = models.CharField(_("plaats"), max_length=80, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=80, blank=True)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    methods = models.ManyToManyField(Method, verbose_name=_("methodes"), blank=True, related_name="groups")
    has_begeleider = models.BooleanField(_("met begeleider"), default=True)
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begeleider (account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guided_groups",
    )
    begeleider_name = models.CharField(_("naam begeleider"), max_length=120, blank=True)
    begeleider_register = models.CharField(
        _("register van de begeleider"), max_length=10, choices=SupervisorRegister.choices, blank=True
    )
    for_skj = models.BooleanField(_("past bij de reflectie-eisen van SKJ"), default=False)
    for_registerplein = models.BooleanField(_("past bij de reflectie-eisen van Registerplein"), default=False)
    min_members = models.PositiveSmallIntegerField(
        _("minimaal aantal leden"), default=4, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    max_members = models.PositiveSmallIntegerField(
        _("maximaal aantal leden"), default=8, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    # Members who are not on the platform (groups that keep their member list elsewhere).
    external_members = models.PositiveSmallIntegerField(_("leden buiten Intervisiewijzer"), default=0)
    # Platform memberships that hold a place. Changed only under a row lock in groups.domain.
    occupied_places = models.PositiveSmallIntegerField(default=0, editable=False)
    # Derived from the counts above on every save (see refresh_derived); stored so search can filter.
    open_places = models.PositiveSmallIntegerField(
        _("open plekken"), default=0, editable=False, db_index=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GroupStatus.choices,
        default=GroupStatus.OPEN,
        editable=False,
        db_index=True,
    )
    is_closed = models.BooleanField(_("gesloten voor aanmeldingen"), default=False)
    has_waitlist = models.BooleanField(_("wachtlijst als de groep vol is"), default=True)
    frequency = models.CharField(_("hoe vaak"), max_length=24, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices, null=True, blank=True)
    time_of_day = models.CharField(_("dagdeel"), max_length=10, choices=TimeOfDay.choices)
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(
        _("duur van een bijeenkomst (minuten)"),
        default=120,
        validators=[MinValueValidator(30), MaxValueValidator(600)],
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    cost_per_year = models.DecimalField(
        _("kosten per persoon per jaar (euro)"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    language = models.CharField(_("taal"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    is_published = models.BooleanField(_("zichtbaar in het overzicht"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervisiegroep")
        verbose_name_plural = _("intervisiegroepen")
        indexes = [
            models.Index(fields=["province", "status"]),
            models.Index(fields=["latitude", "longitude"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_members__gte=models.F("min_members")), name="group_max_gte_min"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "open_places", "status"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:detail", kwargs={"slug": self.slug})

    @property
    def begeleider_display(self) -> str:
        """The begeleider's public name; never their e-mail address."""
        if self.begeleider_name:
            return self.begeleider_name
        return self.begeleider.name if self.begeleider_id and self.begeleider else ""

    @property
    def current_members(self) -> int:
        return self.external_members + self.occupied_places

    @property
    def is_online(self) -> bool:
        return self.format == Format.ONLINE

    @property
    def rhythm_label(self) -> str:
        """How often and when, as a sentence: "Elke zes weken op dinsdag, 's avonds" or "Elke maand,
        's middags" (never "Elke maand middag")."""
        part = TIME_OF_DAY_ADVERBS.get(self.time_of_day, "")
        frequency = self.get_frequency_display()
        if self.weekday:
            text = _("%(frequency)s op %(weekday)s") % {
                "frequency": frequency,
                "weekday": self.get_weekday_display(),
            }
        else:
            text = str(frequency)
        return f"{text}, {part}" if part else text

    def refresh_derived(self) -> None:
        """Recompute ``open_places`` and ``status`` from the counts. Pure: does not save."""
        self.open_places = max(0, self.max_members - self.external_members - self.occupied_places)
        if self.is_closed:
            self.status = GroupStatus.CLOSED
        elif self.open_places > 0:
            self.status = GroupStatus.OPEN
        elif self.has_waitlist:
            self.status = GroupStatus.WAITLIST
        else:
            self.status = GroupStatus.FULL


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=ACTIVE_STATES)

    def participants(self):
        return self.filter(state__in=PARTICIPANT_STATES)


class Membership(models.Model):
    """A person's path with one group: request → kennismaking → proefperiode → lid, or a waitlist.

    Change ``state`` only through ``groups.domain``; past memberships stay as the person's history.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(IntervisionGroup, on_delete=models.CASCADE, related_name="memberships")
    state = models.CharField(_("status"), max_length=16, choices=MembershipState.choices, db_index=True)
    motivation = models.TextField(_("motivatie"), max_length=1000)
    decline_reason = models.TextField(_("reden"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A member who may plan meetings and keep the charter, next to the begeleider and managers.
    is_planner = models.BooleanField(_("mag bijeenkomsten plannen"), default=False, db_default=False)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # When the person began taking part (the kennismaking, or the offer taken); set once, never for a
    # request that was declined. With ``ended_at`` it is the window in which meetings count for them.
    started_at = models.DateTimeField(_("doet mee sinds"), null=True, blank=True)
    # When the proefperiode began: someone on trial reads the cases of meetings from this day on only.
    trial_started_at = models.DateTimeField(_("proefperiode sinds"), null=True, blank=True)
    ended_at = models.DateTimeField(_("gestopt op"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            # One path at a time per person and group; earlier, ended ones remain as history.
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=models.Q(state__in=sorted(str(s) for s in ACTIVE_STATES)),
                name="one_active_membership_per_group",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"
