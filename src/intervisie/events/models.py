import re
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.common.video import video_provider
from intervisie.events.enums import (
    CompositionPriority,
    EventStatus,
    PairRule,
    ParticipantRole,
    RegistrationKind,
    RegistrationStatus,
    VideoProviderName,
)
from intervisie.groups.enums import Province

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Event(models.Model):
    """An online themed meeting: a plenary part with an expert, then intervision in small breakouts."""

    title = models.CharField(_("thema"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(_("beschrijving"), max_length=4000)
    expert_name = models.CharField(_("deskundige"), max_length=120)
    expert_bio = models.CharField(_("over de deskundige"), max_length=500, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisatoren"), related_name="organised_events"
    )
    plenary_starts_at = models.DateTimeField(_("plenair deel begint"), db_index=True)
    plenary_ends_at = models.DateTimeField(_("plenair deel eindigt"))
    breakout_starts_at = models.DateTimeField(_("kleine groepen beginnen"))
    breakout_ends_at = models.DateTimeField(_("kleine groepen eindigen"))
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), validators=[MinValueValidator(2), MaxValueValidator(2000)]
    )
    registration_deadline = models.DateTimeField(_("aanmelden kan tot"))
    audiences = models.JSONField(_("voor wie"), default=list)
    video_provider = models.CharField(
        _("video"), max_length=20, choices=VideoProviderName.choices, default=VideoProviderName.JITSI
    )
    plenary_room = models.CharField(max_length=80, blank=True)
    hours_eligible = models.BooleanField(_("telt mee voor reflectie-uren"), default=True)
    group_min = models.PositiveSmallIntegerField(
        _("minimaal aantal deelnemers per groep"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )
    group_max = models.PositiveSmallIntegerField(
        _("maximaal aantal deelnemers per groep"),
        default=8,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )
    pair_rule = models.CharField(
        _("gezinshuisouder en jeugdzorgwerker van hetzelfde gezinshuis"),
        max_length=10,
        choices=PairRule.choices,
        default=PairRule.APART,
    )
    composition_priority = models.CharField(
        _("het belangrijkst bij het indelen"),
        max_length=20,
        choices=CompositionPriority.choices,
        default=CompositionPriority.ORGANISATION,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    # The last composition: when, and what the solver said (codes and numbers, never names).
    composed_at = models.DateTimeField(null=True, blank=True)
    composition_report = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # the composition was sent out
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plenary_starts_at", "pk"]
        verbose_name = _("themabijeenkomst")
        verbose_name_plural = _("themabijeenkomsten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plenary_ends_at__gt=models.F("plenary_starts_at")),
                name="event_plenary_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(breakout_ends_at__gt=models.F("breakout_starts_at")),
                name="event_breakout_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(group_max__gte=models.F("group_min")), name="event_group_bounds"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def starts_at(self):
        return self.plenary_starts_at

    @property
    def ends_at(self):
        return max(self.plenary_ends_at, self.breakout_ends_at)

    @property
    def breakout_minutes(self) -> int:
        return int((self.breakout_ends_at - self.breakout_starts_at).total_seconds() // 60)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def registration_open(self) -> bool:
        return self.is_published and timezone.now() < self.registration_deadline

    @property
    def plenary_url(self) -> str:
        return video_provider(self.video_provider).join_url(self.plenary_room)

    def audience_labels(self) -> list[str]:
        from intervisie.events.enums import EventAudience

        labels = dict(EventAudience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]


class Breakout(models.Model):
    """One small group of an event, led by one coach, with its own video room."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="breakouts")
    number = models.PositiveSmallIntegerField()
    coach = models.OneToOneField(
        "Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="coached_breakout"
    )
    room = models.CharField(max_length=80)
    locked = models.BooleanField(_("vastgezet"), default=False)

    class Meta:
        ordering = ["event", "number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="unique_breakout_number")]
        verbose_name = _("kleine groep")
        verbose_name_plural = _("kleine groepen")

    def __str__(self):
        return f"{self.event} – groep {self.number}"

    @property
    def room_url(self) -> str:
        return video_provider(self.event.video_provider).join_url(self.room)


def household_key(name: str) -> str:
    """A gezinshuis name reduced to compare registrations: case, punctuation, spaces and the word
    "gezinshuis" do not matter ("Gezinshuis De Linde" = "de linde")."""
    text = re.sub(r"[^\w]+", " ", (name or "").casefold())
    words = [w for w in text.split() if w not in {"gezinshuis", "het", "gezinshuizen"}]
    return " ".join(words)


class Registration(models.Model):
    """A person's place at an event: as participant (counts for capacity) or as coach."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    kind = models.CharField(
        _("soort"), max_length=12, choices=RegistrationKind.choices, default=RegistrationKind.PARTICIPANT
    )
    role = models.CharField(_("je rol"), max_length=20, choices=ParticipantRole.choices, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_other = models.CharField(_("andere organisatie"), max_length=150, blank=True)
    gezinshuis = models.CharField(_("gezinshuis"), max_length=120, blank=True)
    region = models.CharField(_("regio"), max_length=2, choices=Province.choices, blank=True)
    preferences = models.CharField(_("wensen"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
        db_index=True,
    )
    breakout = models.ForeignKey(
        Breakout, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    locked = models.BooleanField(_("vastgezet"), default=False)
    # The breakout last sent to the person, so publishing again only mails those whose group changed.
    published_breakout = models.ForeignKey(
        Breakout, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    attendance_registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The waitlist runs in this order; a cancelled person who registers again joins at the end.
    queued_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="unique_event_registration")]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def __str__(self):
        return f"{self.user} – {self.event}"

    @property
    def is_coach(self) -> bool:
        return self.kind == RegistrationKind.COACH

    @property
    def is_active(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_other

    @property
    def organisation_key(self) -> str:
        if self.organisation_id:
            return f"org:{self.organisation_id}"
        other = " ".join(self.organisation_other.casefold().split())
        return f"other:{other}" if other else ""

    @property
    def household(self) -> str:
        return household_key(self.gezinshuis)


def _invite_token() -> str:
    return secrets.token_urlsafe(32)


class CoachInvite(models.Model):
    """An organiser's invitation to coach a breakout. The link in the e-mail is the only key."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="coach_invites")
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=_invite_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="unique_coach_invite")]

    def __str__(self):
        return f"{self.email} – {self.event}"  # never the token: this string lands in the audit log


class EventEvaluation(models.Model):
    """One participant's evaluation. Shown to organisers only as a summary, never with a name."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="evaluation")
    plenary_rating = models.PositiveSmallIntegerField(
        _("Hoe nuttig was het verhaal van de deskundige?"), validators=RATING_VALIDATORS
    )
    breakout_rating = models.PositiveSmallIntegerField(
        _("Hoe nuttig was het werken in de kleine groep?"), validators=RATING_VALIDATORS
    )
    mix_rating = models.PositiveSmallIntegerField(
        _("Hielp het dat er verschillende rollen in je groep zaten?"), validators=RATING_VALIDATORS
    )
    takeaway = models.TextField(_("Wat neem je mee naar je werk?"), max_length=1000, blank=True)
    suggestion = models.TextField(_("Wat kan er beter?"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Evaluatie {self.registration.event}"
