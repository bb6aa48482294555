"""A "buiten je bubbel" programme (seed 003): an initiator organisation, a kartrekker, partners that
recruit, sign-ups per category, diverse groups composed with the grouping solver, five meetings in a
school year and an evaluation fed back to the partners.

A programme's status changes only in ``programmes.domain.set_programme_status`` and a sign-up's only in
``programmes.domain.set_signup_status``."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intervisie.groups.enums import Format
from intervisie.programmes.enums import (
    Category,
    DateKind,
    PartnerKind,
    ProgrammeStatus,
    SignupStatus,
)

LEADING_QUESTIONS = (
    "Wat is ieders rol en hoe beïnvloedt je rol je perspectief op een casus?\n"
    "Wat zijn de krachten van ieders positie? Wat de moeilijkheden?\n"
    "Wat kun je leren van elkaars rollen?\n"
    "Hoe werken we beter samen?"
)


def default_target_mix() -> dict:
    # Seed 003: about six per group: two professionals from different organisations, two students,
    # one parent, one young person.
    return {
        Category.PROFESSIONAL.value: 2,
        Category.STUDENT.value: 2,
        Category.PARENT.value: 1,
        Category.YOUNG_PERSON.value: 1,
    }


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Programme(models.Model):
    initiator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("initiatiefnemer"),
    )
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    theme = models.CharField(_("gezamenlijk thema"), max_length=80, default="SAMENWERKEN")
    leading_questions = models.TextField(_("leidende vragen"), max_length=2000, default=LEADING_QUESTIONS)
    description = models.TextField(_("korte uitleg"), max_length=3000, blank=True)
    school_year = models.CharField(_("schooljaar"), max_length=9, help_text=_("Bijvoorbeeld 2027-2028."))
    kartrekker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="programmes_led",
        verbose_name=_("kartrekker"),
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.DRAFT,
        db_index=True,
    )
    group_count = models.PositiveSmallIntegerField(
        _("aantal groepen"), default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    group_size_min = models.PositiveSmallIntegerField(
        _("minimaal aantal deelnemers per groep"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(12)],
    )
    group_size_max = models.PositiveSmallIntegerField(
        _("maximaal aantal deelnemers per groep"),
        default=7,
        validators=[MinValueValidator(3), MaxValueValidator(12)],
    )
    target_mix = models.JSONField(_("gewenste samenstelling per groep"), default=default_target_mix)
    format = models.CharField(_("vorm"), max_length=12, choices=Format.choices, default=Format.ONLINE)
    place = models.CharField(_("plaats en adres"), max_length=200, blank=True)
    min_attendance_commitment = models.PositiveSmallIntegerField(
        _("minimaal aantal bijeenkomsten waar je bij bent"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    method = models.ForeignKey(
        "groups.Method",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("methode"),
    )
    # The school-year planning (seed 003: recruit before the summer holiday, start after it).
    recruitment_opens_on = models.DateField(_("werving begint op"))
    students_by = models.DateField(
        _("studenten benaderd vóór"),
        help_text=_("Studenten bereik je voor de zomer via het secretariaat van hun opleiding."),
    )
    signup_closes_on = models.DateField(_("aanmelden sluit op"))
    composed_by = models.DateField(_("groepen ingedeeld vóór"))
    final_evaluation_on = models.DateField(_("slotevaluatie op"), null=True, blank=True)
    # The solver's last report for the board: ids and numbers only, never names.
    composition = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("groepen bekendgemaakt op"), null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group_size_min__lte=models.F("group_size_max")),
                name="programme_group_size_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def target_size(self) -> int:
        return sum(int(v) for v in (self.target_mix or {}).values())


class ProgrammeGroup(models.Model):
    """One of the programme's groups: a place for a begeleider and about six people. At publication it
    becomes a real intervision group (``group``)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("naam"), max_length=60)
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_groups",
        verbose_name=_("begeleider"),
    )
    group = models.OneToOneField(
        "groups.IntervisionGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_group",
    )
    locked = models.BooleanField(_("vastgezet"), default=False)

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="unique_programme_group_position")
        ]

    def __str__(self):
        return f"{self.programme} – {self.name}"


class ProgrammeDate(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="dates")
    kind = models.CharField(_("soort"), max_length=12, choices=DateKind.choices)
    # Empty: the date holds for every group; otherwise only for this one (groups may meet at other times).
    group = models.ForeignKey(
        ProgrammeGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="dates"
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    format = models.CharField(_("vorm"), max_length=12, choices=Format.choices, default=Format.ONLINE)
    location = models.CharField(_("plaats en adres"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="programme_date_order"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%d-%m-%Y}"


class Partner(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort partner"), max_length=20, choices=PartnerKind.choices)
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    # What the partner commits to: how many people of which category it recruits.
    commitments = models.JSONField(_("werft"), default=dict, blank=True)
    pays_hours = models.BooleanField(_("betaalt de uren van deelnemers"), default=False)
    paid_hours = models.PositiveSmallIntegerField(
        _("uren per deelnemer"), default=0, validators=[MaxValueValidator(200)]
    )
    # The short code in the partner's recruitment link, so sign-ups are attributed to it.
    code = models.SlugField(_("code voor de wervingslink"), max_length=20)
    invite_token = models.CharField(max_length=64, default=new_token, unique=True)
    invite_sent_at = models.DateTimeField(null=True, blank=True)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PartnerContact", related_name="programme_partners", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_partner_code"),
            models.UniqueConstraint(fields=["programme", "name"], name="unique_partner_name"),
        ]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contact_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "user"], name="unique_partner_contact")]

    def __str__(self):
        return f"Contact {self.pk} van partner {self.partner_id}"


class RecruitmentText(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="recruitment_texts")
    category = models.CharField(_("voor wie"), max_length=12, choices=Category.choices)
    subject = models.CharField(_("onderwerp"), max_length=150)
    body = models.TextField(_("tekst"), max_length=6000)
    # The kartrekker marks a text as sent (e.g. to the opleidingen's secretariats); the timeline uses it.
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "category"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "category"], name="unique_recruitment_text")
        ]

    def __str__(self):
        return f"{self.programme} – {self.get_category_display()}"


class Signup(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="signups")
    category = models.CharField(_("ik doe mee als"), max_length=12, choices=Category.choices)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="signups"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SignupStatus.choices,
        default=SignupStatus.SIGNED_UP,
        db_index=True,
    )
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(_("organisatie"), max_length=150, blank=True)
    role = models.CharField(_("functie"), max_length=120, blank=True)
    study_programme = models.CharField(_("opleiding"), max_length=120, blank=True)
    study_year = models.PositiveSmallIntegerField(
        _("studiejaar"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    # Young people under 16 take part only with a parent's consent (AVG): the parent confirms by e-mail.
    parent_name = models.CharField(_("naam ouder of verzorger"), max_length=120, blank=True)
    parent_email = models.EmailField(_("e-mail ouder of verzorger"), blank=True)
    parent_token = models.CharField(max_length=64, blank=True)
    parent_consent_at = models.DateTimeField(null=True, blank=True)
    # A professional who spoke to a young person in person may sign them up, with their consent.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_consent_at = models.DateTimeField(null=True, blank=True)
    share_with_partner = models.BooleanField(
        _("mijn naam mag gedeeld worden met de organisatie die mij aanmeldde"), default=False
    )
    # ProgrammeGroup ids whose dates the person can make; empty means every group.
    availability = models.JSONField(default=list, blank=True)
    motivation = models.TextField(_("waarom wil je meedoen"), max_length=1000, blank=True)
    group = models.ForeignKey(
        ProgrammeGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="signups"
    )
    locked = models.BooleanField(_("vastgezet"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_signups",
    )
    token = models.CharField(max_length=64, default=new_token, unique=True)
    attendance_commitment = models.PositiveSmallIntegerField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "created_at", "pk"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "email", "category"],
                condition=~models.Q(status="withdrawn"),
                name="unique_active_signup",
            )
        ]

    def __str__(self):
        # Never the name: this string ends up in the audit log.
        return f"Aanmelding {self.pk} ({self.category})"

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class ProgrammeEvaluation(models.Model):
    """A participant's evaluation of one meeting (or the final one, without a meeting): the questions of
    their category, defined in ``programmes.evaluation``. Confidential to the participant; reports show
    aggregates of at least MIN_GROUP_SIZE people and quotes only from those who agreed."""

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="evaluations")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_final = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)
    quote = models.TextField(_("wat wil je erover kwijt"), max_length=600, blank=True)
    may_quote = models.BooleanField(_("je mag dit anoniem citeren in het verslag"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "meeting"],
                condition=models.Q(is_final=False),
                name="unique_programme_evaluation",
            ),
            models.UniqueConstraint(
                fields=["signup"], condition=models.Q(is_final=True), name="unique_programme_final_evaluation"
            ),
        ]

    def __str__(self):
        return f"Programma-evaluatie {self.pk}"


class Harvest(models.Model):
    """What a participant takes away (oogst, seed 003): private, with an optional text to share."""

    signup = models.OneToOneField(Signup, on_delete=models.CASCADE, related_name="harvest")
    private_text = models.TextField(_("wat neem je mee"), max_length=3000, blank=True)
    shared_text = models.TextField(_("korte tekst om te delen"), max_length=1500, blank=True)
    share = models.BooleanField(_("deel deze tekst met de kartrekker en de partners"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Oogst {self.pk}"
