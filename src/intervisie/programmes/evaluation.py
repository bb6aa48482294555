"""Evaluating a "buiten je bubbel" programme: the questions per category, the participant's evaluation
after each meeting and at the end, their harvest (oogst) and a student's certificate of participation.

The questions (seed 003, "Wat brengt deze werkvorm jou?") are statements on a 1–5 scale in our own words:
professionals about insight into other roles and working together, students about reflecting and learning
from each other, parents and young people about being heard and taking part. Parents and young people get
the same statements, so a report can merge them into one group when either is too small to show.

After a meeting the evaluation reuses the group's own one (``reflections.Evaluation``: how it went, the
method and the two open questions of step 10 of the method), so the group's evaluation overviews keep
working; only the category's statements (and an optional quote) live in ``ProgrammeEvaluation``. The final
evaluation has no meeting and keeps all its answers in ``ProgrammeEvaluation``.

Every write is a keyword-only function that validates, saves and audit-logs (never an answer or a text).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intervisie.accreditation.domain import AccreditationError, certificates_issue
from intervisie.accreditation.models import Certificate
from intervisie.accreditation.selectors import Scope, evidence_rules, group_hours
from intervisie.cases.privacy import scan
from intervisie.common.audit import log_action
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting
from intervisie.programmes import rules_evaluation  # noqa: F401  (registers evaluate and view_harvest)
from intervisie.programmes.enums import Category, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Harvest, ProgrammeEvaluation, Signup
from intervisie.reflections.domain import ReflectionError, evaluation_save

# --- The questions -----------------------------------------------------------------------------------------

SCORES = (1, 2, 3, 4, 5)
AGREE = (
    gettext_lazy("helemaal oneens"),
    gettext_lazy("oneens"),
    gettext_lazy("neutraal"),
    gettext_lazy("eens"),
    gettext_lazy("helemaal eens"),
)
RATING = (
    gettext_lazy("slecht"),
    gettext_lazy("matig"),
    gettext_lazy("redelijk"),
    gettext_lazy("goed"),
    gettext_lazy("heel goed"),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    scale: tuple = AGREE  # the words for 1 to 5

    def choice_label(self, score: int) -> str:
        return f"{score} – {self.scale[score - 1]}"


# After a meeting: the two scores of the group's own evaluation (reflections.Evaluation), whose keys they
# share; the report reads them from there.
COMMON_MEETING = (
    Question("how_it_went", gettext_lazy("Hoe ging de bijeenkomst?"), RATING),
    Question("method_rating", gettext_lazy("Hoe vond je de methode?"), RATING),
)
# At the end: the same two about the whole programme, and whether you would recommend it.
COMMON_FINAL = (
    Question("how_it_went", gettext_lazy("Hoe vond je Intervisie buiten je bubbel als geheel?"), RATING),
    Question("method_rating", gettext_lazy("Hoe beviel de werkwijze met de tien stappen?"), RATING),
    Question("recommend", gettext_lazy("Ik raad anderen aan om mee te doen.")),
)
PROFESSIONAL = (
    Question("roles", gettext_lazy("Ik heb meer zicht gekregen op de rol en het werk van de anderen.")),
    Question(
        "perspective",
        gettext_lazy("Ik begrijp beter waarom iemand vanuit een andere rol anders naar een situatie kijkt."),
    ),
    Question(
        "collaboration",
        gettext_lazy(
            "Wat ik hier leer, helpt me om beter samen te werken met andere organisaties, ouders en jongeren."
        ),
    ),
)
STUDENT = (
    Question("reflection", gettext_lazy("Ik heb geoefend met terugkijken op wat ik zelf denk en doe.")),
    Question(
        "learning_from_others",
        gettext_lazy("Ik heb geleerd van de ervaringen van professionals, ouders en jongeren."),
    ),
    Question(
        "practice",
        gettext_lazy("Ik weet beter waar ik in de praktijk tegenaan kan lopen als het om samenwerken gaat."),
    ),
)
# Parents and young people: the same statements, so their answers can be taken together.
PARENT_AND_YOUNG = (
    Question("heard", gettext_lazy("Ik voelde me gehoord in de groep.")),
    Question("took_part", gettext_lazy("Ik kon meepraten en mijn eigen ervaring vertellen.")),
    Question("mattered", gettext_lazy("Mijn verhaal hielp de anderen verder.")),
)
CATEGORY_QUESTIONS = {
    Category.PROFESSIONAL: PROFESSIONAL,
    Category.STUDENT: STUDENT,
    Category.PARENT: PARENT_AND_YOUNG,
    Category.YOUNG_PERSON: PARENT_AND_YOUNG,
}
COMMON_KEYS = frozenset(q.key for q in COMMON_MEETING)  # stored in reflections.Evaluation

SCALE_NOTE = gettext_lazy(
    "Antwoorden van 1 tot 5. Bij een vraag is 1 slecht en 5 heel goed; bij een stelling is 1 helemaal "
    "oneens en 5 helemaal eens."
)
QUOTE_MAX = 600  # ProgrammeEvaluation.quote
SCORE_MESSAGE = gettext_lazy("Kies een cijfer van 1 tot en met 5.")
PRIVACY_MESSAGE = gettext_lazy(
    "Dit lezen de kartrekker en de partners. Je tekst lijkt iets te bevatten waaraan iemand te herkennen "
    "is: %(findings)s. Haal het weg of schrijf het algemener."
)


def category_questions(category: str) -> tuple[Question, ...]:
    return CATEGORY_QUESTIONS[Category(category)]


def questions_for(category: str, *, final: bool) -> tuple[Question, ...]:
    """Every question on the form: the common ones first, then the category's."""
    return (COMMON_FINAL if final else COMMON_MEETING) + category_questions(category)


class EvaluationError(Exception):
    """A refused write. ``message`` is Dutch; ``errors`` maps form fields to their Dutch message."""

    def __init__(self, message: str = "", *, errors: dict[str, str] | None = None):
        super().__init__(message or next(iter((errors or {}).values()), ""))
        self.message = message
        self.errors = errors or {}


def validate_answers(*, category: str, answers: dict, final: bool) -> dict[str, int]:
    """The answers as whole numbers 1–5 for exactly the questions of the category (and of the meeting or
    final set). A missing or out-of-range answer is an error at its question; an unknown key is refused."""
    questions = questions_for(category, final=final)
    known = {q.key for q in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise EvaluationError(
            _("Deze vragen horen niet bij je evaluatie: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    clean, errors = {}, {}
    for question in questions:
        value = answers.get(question.key)
        # bool is an int in Python: True would pass as 1.
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
            errors[question.key] = str(SCORE_MESSAGE)
        else:
            clean[question.key] = value
    if errors:
        raise EvaluationError(errors=errors)
    return clean


def privacy_errors(texts: dict[str, str]) -> dict[str, str]:
    """A Dutch message per text that leaves the person (a quote, a shared harvest) and holds something
    that points at someone (a name, a place, a phone number...). The words found are named back to the
    writer, on their own page only."""
    errors = {}
    for name, text in texts.items():
        findings = scan(text or "")
        if findings:
            named = [f"{f.label} (“{text[f.start : f.end]}”)" for f in findings[:3]]
            errors[name] = str(PRIVACY_MESSAGE) % {"findings": ", ".join(named)}
    return errors


# --- Which meetings a participant evaluates ----------------------------------------------------------------


def signup_meetings(signup: Signup) -> list[Meeting]:
    """The meetings of the participant's group, cancelled ones left out (one query)."""
    group = signup.group
    if group is None or group.group_id is None:
        return []
    return list(Meeting.objects.filter(group_id=group.group_id).exclude(status=MeetingStatus.CANCELLED))


def meetings_to_evaluate(signup: Signup, *, now=None) -> list[Meeting]:
    """The meetings that began: each can be evaluated (and the evaluation changed) from then on."""
    now = now or timezone.now()
    return [m for m in signup_meetings(signup) if m.starts_at <= now]


def final_is_open(signup: Signup, *, now=None) -> bool:
    """The final evaluation opens when the programme is finished, or when the group's last meeting is
    over (the group has meetings and none is still to come)."""
    if signup.programme.status == ProgrammeStatus.FINISHED:
        return True
    meetings = signup_meetings(signup)
    now = now or timezone.now()
    return bool(meetings) and all(m.ends_at <= now for m in meetings)


def _check_participant(signup: Signup, by) -> None:
    if by is None or signup.user_id != by.pk:
        raise EvaluationError(_("Alleen de deelnemer zelf vult deze evaluatie in."))
    if signup.status != SignupStatus.PLACED:
        raise EvaluationError(_("Je kunt evalueren zodra je in een groep bent ingedeeld."))
    if signup.programme.status not in {ProgrammeStatus.RUNNING, ProgrammeStatus.FINISHED}:
        raise EvaluationError(_("Evalueren kan zodra het programma loopt."))


def programme_evaluation_save(
    *,
    signup: Signup,
    by,
    answers: dict,
    meeting: Meeting | None = None,
    still_bothers: str = "",
    will_do: str = "",
    quote: str = "",
    may_quote: bool = False,
) -> ProgrammeEvaluation:
    """Create or update a participant's evaluation of one meeting, or (``meeting=None``) the final one.
    A second submission changes the first; it never adds another.

    Side effects, in order (one transaction):

    1. lock the sign-up's row (two submissions at once: the second waits and updates);
    2. validate with Dutch messages: the participant themself, placed, the programme running or finished;
       the meeting is one of their group's that began and was not cancelled, or the final evaluation is
       open (``final_is_open``); every answer 1–5 (``validate_answers``); a quote that may be quoted passes
       the privacy screen;
    3. for a meeting: ``reflections.domain.evaluation_save`` with the two common scores and the open
       questions (the group's own evaluation, with its own audit entry);
    4. save the category's answers (at the end: all answers), the quote and ``may_quote`` (only with a quote);
    5. audit log ``programme.evaluation_saved`` (sign-up, meeting or final, created; no answers, no text).
    """
    final = meeting is None
    quote = (quote or "").strip()
    may_quote = bool(may_quote and quote)
    with transaction.atomic():
        signup = (
            Signup.objects.select_for_update(of=("self",))
            .select_related("programme", "group")
            .get(pk=signup.pk)
        )
        _check_participant(signup, by)
        if final:
            if not final_is_open(signup):
                raise EvaluationError(_("De slotevaluatie kan na de laatste bijeenkomst van je groep."))
        elif (
            signup.group is None
            or meeting.group_id != signup.group.group_id
            or meeting.status == MeetingStatus.CANCELLED
            or meeting.starts_at > timezone.now()
        ):
            raise EvaluationError(_("Deze bijeenkomst kun je (nog) niet evalueren."))
        clean = validate_answers(category=signup.category, answers=answers, final=final)
        if len(quote) > QUOTE_MAX:
            raise EvaluationError(
                errors={
                    "quote": _("Je tekst is te lang. Gebruik maximaal %(limit)d tekens.")
                    % {"limit": QUOTE_MAX}
                }
            )
        if may_quote and (errors := privacy_errors({"quote": quote})):
            raise EvaluationError(errors=errors)
        stored = clean
        if not final:
            try:
                evaluation_save(
                    meeting=meeting,
                    user=by,
                    how_it_went=clean["how_it_went"],
                    method_rating=clean["method_rating"],
                    still_bothers=still_bothers or "",
                    will_do=will_do or "",
                )
            except ReflectionError as refused:
                raise EvaluationError(refused.message) from refused
            stored = {key: value for key, value in clean.items() if key not in COMMON_KEYS}
        evaluation, created = ProgrammeEvaluation.objects.update_or_create(
            signup=signup,
            meeting=None if final else meeting,
            is_final=final,
            defaults={"answers": stored, "quote": quote, "may_quote": may_quote},
        )
        log_action(
            actor=by,
            action="programme.evaluation_saved",
            obj=signup.programme,
            data={
                "signup": signup.pk,
                "meeting": None if final else meeting.pk,
                "final": final,
                "created": created,
            },
        )
    return evaluation


# --- The harvest (oogst) -----------------------------------------------------------------------------------


def harvest_save(*, signup: Signup, by, private_text: str, shared_text: str, share: bool) -> Harvest:
    """Save what a participant takes away. The private text is theirs alone; the short text reaches the
    kartrekker and the partners (without a name) only while ``share`` is on.

    Side effects, in order (one transaction): lock the sign-up; validate (the participant themself, placed;
    sharing needs a text, which passes the privacy screen); save; audit log ``programme.harvest_saved``
    (whether it is shared, never a text).
    """
    private_text, shared_text = (private_text or "").strip(), (shared_text or "").strip()
    share = bool(share)
    if share and not shared_text:
        raise EvaluationError(errors={"shared_text": _("Schrijf eerst de tekst die je wilt delen.")})
    with transaction.atomic():
        signup = Signup.objects.select_for_update(of=("self",)).select_related("programme").get(pk=signup.pk)
        if by is None or signup.user_id != by.pk:
            raise EvaluationError(_("Alleen de deelnemer zelf schrijft de oogst."))
        if signup.status != SignupStatus.PLACED:
            raise EvaluationError(_("Je kunt je oogst schrijven zodra je in een groep bent ingedeeld."))
        if share and (errors := privacy_errors({"shared_text": shared_text})):
            raise EvaluationError(errors=errors)
        harvest, created = Harvest.objects.update_or_create(
            signup=signup,
            defaults={"private_text": private_text, "shared_text": shared_text, "share": share},
        )
        log_action(
            actor=by,
            action="programme.harvest_saved",
            obj=signup.programme,
            data={"signup": signup.pk, "created": created, "shared": share},
        )
    return harvest


# --- A student's certificate of participation ----------------------------------------------------------------


@dataclass(frozen=True)
class CertificateStatus:
    """Where a student stands for the certificate: ``open`` once the programme is finished or the last
    meeting is over; ``attended`` the meetings that count (accreditation's evidence rules)."""

    open: bool
    attended: int
    needed: int
    period: tuple[dt.date, dt.date] | None
    certificate: Certificate | None

    @property
    def earned(self) -> bool:
        return self.open and self.period is not None and self.attended >= self.needed


def certificate_title(signup: Signup) -> str:
    return _("Deelname aan Intervisie buiten je bubbel: %(programme)s") % {"programme": signup.programme.name}


def certificate_status(signup: Signup, *, now=None) -> CertificateStatus:
    """For a placed student in a group: whether the certificate can be had (a few queries)."""
    now = now or timezone.now()
    needed = signup.programme.min_attendance_commitment
    group = signup.group.group if signup.group_id and signup.group.group_id else None
    if group is None or signup.user_id is None:
        return CertificateStatus(False, 0, needed, None, None)
    certificate = (
        Certificate.objects.filter(user_id=signup.user_id, group=group, revoked_at__isnull=True)
        .order_by("issued_at")
        .first()
    )
    held = [m for m in signup_meetings(signup) if m.ends_at <= now]
    is_open = final_is_open(signup, now=now)
    if not held:
        return CertificateStatus(is_open, 0, needed, None, certificate)
    period = (timezone.localdate(held[0].starts_at), timezone.localdate(held[-1].starts_at))
    people = group_hours(Scope(group=group, start=period[0], end=period[1]), evidence_rules())
    attended = people.get(signup.user_id, {}).get("meetings", 0)
    return CertificateStatus(is_open, attended, needed, period, certificate)


def student_certificate_issue(*, signup: Signup, by) -> Certificate:
    """A placed student downloads their certificate of participation: issued once, through
    ``accreditation.domain.certificates_issue`` (verification code, public check at /verifieer/).

    The certificate counts the group's meetings from the first to the last one held, with the programme's
    commitment (``min_attendance_commitment``) as the minimum; accreditation's rules decide what counts.
    Only the student gets one (``users``): the others in the group decide for themselves.

    Side effects, in order (one transaction):

    1. validate (the student themself, placed, a student; the programme finished or the last meeting
       over; enough meetings attended); a valid certificate for the group already there is returned as it
       is, nothing issued;
    2. audit log ``programme.certificate_requested`` (the student as actor);
    3. ``certificates_issue`` for the student, the group and period, by the programme's rule (no person
       as issuer): it locks the group, saves, audit-logs and e-mails the new certificate.
    """
    with transaction.atomic():
        signup = (
            Signup.objects.select_for_update(of=("self",))
            .select_related("programme", "group")
            .get(pk=signup.pk)
        )
        if by is None or signup.user_id != by.pk:
            raise EvaluationError(_("Alleen de student zelf vraagt het deelnamebewijs aan."))
        if signup.status != SignupStatus.PLACED or signup.category != Category.STUDENT:
            raise EvaluationError(_("Een deelnamebewijs is er voor studenten die in een groep meededen."))
        status = certificate_status(signup)
        if status.certificate is not None:
            return status.certificate
        if not status.open or status.period is None:
            raise EvaluationError(
                _("Je deelnamebewijs kun je downloaden na de laatste bijeenkomst van je groep.")
            )
        if status.attended < status.needed:
            raise EvaluationError(
                _(
                    "Je was bij %(attended)s bijeenkomsten. Voor een deelnamebewijs was je bij minstens "
                    "%(needed)s bijeenkomsten, zoals afgesproken."
                )
                % {"attended": status.attended, "needed": status.needed}
            )
        log_action(
            actor=by,
            action="programme.certificate_requested",
            obj=signup.programme,
            data={"signup": signup.pk, "group": signup.group.group_id},
        )
        try:
            result = certificates_issue(
                group=signup.group.group,
                by=None,
                title=certificate_title(signup),
                min_meetings=status.needed,
                period_start=status.period[0],
                period_end=status.period[1],
                users=[by.pk],
            )
        except AccreditationError as refused:
            raise EvaluationError(refused.message) from refused
        for certificate in result.issued:
            if certificate.user_id == by.pk:
                return certificate
        # Not among the new ones: the student had one for exactly this period already.
        certificate = (
            Certificate.objects.filter(user_id=by.pk, group_id=signup.group.group_id, revoked_at__isnull=True)
            .order_by("issued_at")
            .first()
        )
        if certificate is None:
            raise EvaluationError(_("Er ging iets mis met je deelnamebewijs. Probeer het nog eens."))
        return certificate
