import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.providers.enums import InvoiceMoment
from intervisie.trajectories.enums import (
    FeeMode,
    LocationPreference,
    ReportRule,
    ReportStatus,
    TrajectoryKind,
    TrajectoryState,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Trajectory(models.Model):
    """One client's request for guided intervision, from the first request to the last invoice.
    Its state changes only through ``trajectories.domain.set_trajectory_state``."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="trajectories")
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("begeleider"),
    )
    state = models.CharField(
        max_length=30, choices=TrajectoryState.choices, default=TrajectoryState.REQUESTED
    )
    kind = models.CharField(_("wat zoek je"), max_length=20, choices=TrajectoryKind.choices)
    existing_group = models.ForeignKey(
        "groups.IntervisionGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(
        "groups.IntervisionGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    # The client (opdrachtgever).
    client_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    client_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_trajectories",
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mailadres"))
    contact_phone = models.CharField(_("telefoon"), max_length=30)
    contact_function = models.CharField(_("functie"), max_length=120, blank=True)
    # The request.
    expected_participants = models.PositiveSmallIntegerField(
        _("verwacht aantal deelnemers"), validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    question = models.TextField(_("je vraag"), max_length=4000)
    wishes = models.TextField(_("wensen"), max_length=4000, blank=True)
    preferred_period = models.CharField(_("gewenste periode"), max_length=200, blank=True)
    location_preference = models.CharField(
        _("waar"), max_length=10, choices=LocationPreference.choices, default=LocationPreference.EITHER
    )
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    follow_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Verkennend gesprek.
    talk_starts_at = models.DateTimeField(_("verkennend gesprek"), null=True, blank=True)
    talk_ends_at = models.DateTimeField(null=True, blank=True)
    talk_location = models.CharField(_("plaats of videolink"), max_length=300, blank=True)
    talk_notes = models.TextField(_("aantekeningen (alleen voor de aanbieder)"), max_length=4000, blank=True)
    decline_reason = models.TextField(_("reden"), max_length=2000, blank=True)
    # Kennismaking met de groep.
    intro_starts_at = models.DateTimeField(_("kennismaking met de groep"), null=True, blank=True)
    intro_ends_at = models.DateTimeField(null=True, blank=True)
    intro_location = models.CharField(_("plaats of videolink"), max_length=300, blank=True)
    intro_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    agreed_focus = models.TextField(_("afgesproken focus"), max_length=4000, blank=True)
    # The agreement (filled from the provider's defaults, then from the accepted quote).
    quote = models.ForeignKey(
        "billing.Quote", null=True, blank=True, on_delete=models.SET_NULL, related_name="trajectories"
    )
    meetings_count = models.PositiveSmallIntegerField(
        _("aantal bijeenkomsten"), default=5, validators=[MinValueValidator(3), MaxValueValidator(8)]
    )
    participants_count = models.PositiveSmallIntegerField(
        _("aantal deelnemers"), default=6, validators=[MinValueValidator(4), MaxValueValidator(8)]
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("duur per bijeenkomst (minuten)"),
        default=150,
        validators=[MinValueValidator(30), MaxValueValidator(480)],
    )
    proposed_dates = models.JSONField(_("voorgestelde data"), default=list, blank=True)
    meeting_place = models.CharField(_("plaats van de bijeenkomsten"), max_length=300, blank=True)
    fee_mode = models.CharField(
        _("tarief"), max_length=20, choices=FeeMode.choices, default=FeeMode.PER_MEETING
    )
    fee = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    travel_costs = models.DecimalField(
        _("reiskosten per bijeenkomst"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    reader_included = models.BooleanField(_("reader"), default=True)
    invoice_moment = models.CharField(
        _("moment van factureren"),
        max_length=20,
        choices=InvoiceMoment.choices,
        default=InvoiceMoment.ACCEPTANCE,
    )
    attendance_threshold_percent = models.PositiveSmallIntegerField(
        _("aanwezigheid voor een certificaat (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    report_rule = models.CharField(
        _("wanneer gaat het rapport naar de opdrachtgever"),
        max_length=10,
        choices=ReportRule.choices,
        default=ReportRule.ALL,
    )
    state_changed_at = models.DateTimeField(auto_now_add=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("begeleid traject")
        verbose_name_plural = _("begeleide trajecten")

    def __str__(self):
        return f"{self.organisation_name} ({self.provider})"


class IntroInvite(models.Model):
    """A participant invited to the introduction with the group; they can note their expectations."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="intro_invites")
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    expectations = models.TextField(_("je verwachtingen"), max_length=2000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "email"], name="unique_intro_invite")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class ParticipantInvite(models.Model):
    """An invitation to take part in a running trajectory's group; an account is made on first login."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="participant_invites")
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "email"], name="unique_participant_invite")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class ReaderDocument(models.Model):
    """A PDF of the provider's own for the reader (type and size checked on upload)."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.CASCADE, related_name="reader_documents"
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand (pdf)"), upload_to="reader/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class ReaderOpen(models.Model):
    """``user`` opened the trajectory's reader (first time)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="reader_opens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trajectory", "user"], name="unique_reader_open")]

    def __str__(self):
        return f"{self.user} – {self.trajectory}"


class MeetingAspects(models.Model):
    """Which of the four aspects (``Aspect``) the begeleider practised in a trajectory meeting."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="meeting_aspects")
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="trajectory_aspects"
    )
    aspects = models.JSONField(default=list, blank=True)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    noted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.meeting}: {', '.join(self.aspects)}"


class Report(models.Model):
    """The begeleider's report for the client. Never holds case texts or reflections; its free text
    passes the privacy screen. Goes to the client only after the group approved it (``report_rule``)."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="report")
    methods_text = models.TextField(_("geoefende methodes"), max_length=4000, blank=True)
    aspects_text = models.TextField(_("behandelde onderdelen"), max_length=4000, blank=True)
    conclusions = models.TextField(_("conclusies van de groep"), max_length=4000, blank=True)
    advice = models.TextField(_("advies om zelf verder te gaan"), max_length=4000, blank=True)
    show_names = models.BooleanField(_("namen bij de aanwezigheid (de groep is akkoord)"), default=False)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    shared_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Rapport {self.trajectory}"


class ReportResponse(models.Model):
    """A participant's approval of, or comment on, the shared report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    approves = models.BooleanField(_("ik ga akkoord"))
    comment = models.TextField(_("opmerking"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="unique_report_response")]

    def __str__(self):
        return f"{self.user}: {self.approves}"
