import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.common.video import video_provider
from intervisie.groups.enums import Format
from intervisie.meetings.enums import BelowQuorum, CaseChoice, MeetingStatus, RsvpAnswer

DEFAULT_CONFIDENTIALITY = "Wat in de groep gezegd wordt, blijft in de groep. We praten buiten de groep niet over de situaties en de mensen die ter sprake komen."


class Charter(models.Model):
    """The group's agreements (groepsafspraken), made at the start meeting. A change is a new version
    that every member agrees to again."""

    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveSmallIntegerField(_("versie"))
    # The start meeting opens with a round of everyone's ideas, expectations and wishes (seed 003,
    # "Afstemmen van verwachtingen"); the group writes down what it shared, to look back on later.
    expectations = models.TextField(_("ideeën, verwachtingen en wensen"), max_length=2000, blank=True)
    confidentiality = models.TextField(
        _("vertrouwelijkheid"), max_length=2000, default=DEFAULT_CONFIDENTIALITY
    )
    case_choice = models.CharField(_("wie brengt een casus in"), max_length=12, choices=CaseChoice.choices)
    methods = models.ManyToManyField(
        "groups.Method", verbose_name=_("methodes"), blank=True, related_name="+"
    )
    min_attendance = models.PositiveSmallIntegerField(
        _("minimaal aantal deelnemers"), default=3, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    below_quorum = models.CharField(
        _("als er te weinig mensen zijn"), max_length=12, choices=BelowQuorum.choices
    )
    schedule = models.TextField(_("data en plaats of online"), max_length=2000)
    channel = models.CharField(_("communicatiekanaal"), max_length=120)
    channel_use = models.TextField(_("hoe we het kanaal gebruiken"), max_length=1000, blank=True)
    max_gap_weeks = models.PositiveSmallIntegerField(
        _("maximaal aantal weken tussen twee bijeenkomsten"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-version"]
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="unique_charter_version")]
        verbose_name = _("groepsafspraken")
        verbose_name_plural = _("groepsafspraken")

    def __str__(self):
        return f"{self.group} – afspraken v{self.version}"


class CharterAgreement(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="agreements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_agreements"
    )
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["charter", "user"], name="unique_charter_agreement")]

    def __str__(self):
        return f"{self.user} – {self.charter}"


class MeetingSeries(models.Model):
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="series")
    name = models.CharField(_("naam"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reeks bijeenkomsten")
        verbose_name_plural = _("reeksen bijeenkomsten")

    def __str__(self):
        return self.name


class Meeting(models.Model):
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField(_("titel"), max_length=120)
    is_start_meeting = models.BooleanField(_("startbijeenkomst"), default=False)
    starts_at = models.DateTimeField(_("begint om"), db_index=True)
    ends_at = models.DateTimeField(_("eindigt om"))
    format = models.CharField(_("vorm"), max_length=12, choices=Format.choices)
    location = models.CharField(_("plaats en adres"), max_length=200, blank=True)
    # The video room's name; the link is VIDEO_BASE_URL + room (see video_url).
    video_room = models.CharField(max_length=80, blank=True)
    method = models.ForeignKey(
        "groups.Method",
        verbose_name=_("methode"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
        db_index=True,
    )
    cancel_reason = models.TextField(_("reden van afgelasten"), max_length=1000, blank=True)
    rsvp_deadline = models.DateTimeField(_("aan- en afmelden kan tot"), null=True, blank=True)
    # iCalendar: a stable UID and a SEQUENCE that goes up with every change, so calendars update.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    # Idempotency marks for background jobs: a job that runs twice sends once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    quorum_warning_sent_at = models.DateTimeField(null=True, blank=True)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def video_url(self) -> str:
        if self.format == Format.IN_PERSON:
            return ""
        return video_provider("jitsi").join_url(self.video_room)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class Rsvp(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    answer = models.CharField(_("antwoord"), max_length=12, choices=RsvpAnswer.choices)
    reason = models.CharField(_("reden (niet verplicht)"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="unique_rsvp")]

    def __str__(self):
        return f"{self.user} – {self.meeting}: {self.get_answer_display()}"


class Attendance(models.Model):
    """Who was there, from when to when. Registered by the begeleider, confirmed by the person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("aanwezig"), default=True)
    arrived_at = models.DateTimeField(_("binnen om"), null=True, blank=True)
    left_at = models.DateTimeField(_("weg om"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("bevestigd door deelnemer"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="unique_attendance")]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")

    def __str__(self):
        return f"{self.user} – {self.meeting}"

    @property
    def contact_minutes(self) -> int:
        """Minutes the person was there during the meeting's own time (late arrival, early departure)."""
        if not self.present:
            return 0
        start = max(self.arrived_at or self.meeting.starts_at, self.meeting.starts_at)
        end = min(self.left_at or self.meeting.ends_at, self.meeting.ends_at)
        return max(0, int((end - start).total_seconds() // 60))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar subscription URL. Revoking gives a new token; the old URL stops."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} – agenda"  # never the token: this string lands in the audit log
