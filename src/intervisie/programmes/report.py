"""The programme's evaluation report, for the whole programme and per partner (seed 003: "de uitkomsten van
de evaluatie worden teruggekoppeld aan de partners"), and sending it to the partners.

What it shows, for the placed participants in scope (all, or those a partner recruited):

- response rates: evaluations given against placed participants, per meeting (the groups' first, second…
  meeting taken together) and for the final evaluation;
- per question the mean and how many answered 1 to 5: the common questions over everyone, the category's
  statements per category;
- attendance totals and the hours spent (attendance at the groups' meetings × the meeting's length);
- quotes of those who agreed to be quoted, and the harvest texts their writers chose to share. Never a name.

The anonymity floor (``common.anonymity.MIN_GROUP_SIZE``) holds for every figure about people: a category
with fewer respondents is merged (parents and young people answer the same statements, so they are shown
together unless both groups are large enough on their own: showing one of them next to the merged figure
would give away the other) or, still too small, left out with a note; response rates and attendance of
fewer people are not shown either. The category statements differ per category, so no shown figure can be
subtracted from another to recover a hidden one; the common questions are shown only over everyone.

The numbers come from a fixed number of queries, however many groups, meetings and people there are.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intervisie.accreditation.pdf import hours_text
from intervisie.common.anonymity import MIN_GROUP_SIZE, enough_people
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.common.models import AuditEntry
from intervisie.meetings.attendance import attendance_within_membership
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting
from intervisie.programmes.enums import Category, ProgrammeStatus, SignupStatus
from intervisie.programmes.evaluation import (
    COMMON_FINAL,
    COMMON_MEETING,
    PARENT_AND_YOUNG,
    PROFESSIONAL,
    SCALE_NOTE,
    SCORES,
    STUDENT,
    Question,
)
from intervisie.programmes.models import Harvest, Partner, Programme, ProgrammeEvaluation, Signup
from intervisie.programmes.report_pdf import report_pdf
from intervisie.reflections.models import Evaluation

TOO_FEW_ANSWERS = gettext_lazy("Te weinig antwoorden om te tonen.")
NO_ANSWERS = gettext_lazy("Nog geen antwoorden.")
TOO_FEW_PEOPLE = gettext_lazy("Minder dan %(count)s deelnemers: niet getoond.")
SENT_ACTION = "programme.report_sent"


# --- The figures -------------------------------------------------------------------------------------------


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ItemResult:
    question: Question
    answers: int
    mean: Decimal
    counts: tuple[int, ...]  # how many answered 1, 2, 3, 4 and 5

    @property
    def columns(self) -> list[tuple[int, int, int]]:
        """(score, count, whole percent) for 1 to 5."""
        return [
            (score, count, round(100 * count / self.answers) if self.answers else 0)
            for score, count in zip(SCORES, self.counts, strict=True)
        ]


@dataclass(frozen=True)
class Block:
    """The answers of one group of people to a set of questions; figures only from MIN_GROUP_SIZE up."""

    label: str
    respondents: int
    items: tuple[ItemResult, ...]

    @property
    def shown(self) -> bool:
        return enough_people(self.respondents)

    @property
    def note(self) -> str:
        return "" if self.shown else str(NO_ANSWERS if self.respondents == 0 else TOO_FEW_ANSWERS)


@dataclass(frozen=True)
class Section:
    title: str
    respondents: int
    overall: Block  # the common questions, over everyone
    blocks: tuple[Block, ...]  # the category statements, per category (merged when needed)


@dataclass(frozen=True)
class ResponseRow:
    label: str
    given: int
    placed: int

    @property
    def shown(self) -> bool:
        return enough_people(self.placed)

    @property
    def note(self) -> str:
        return "" if self.shown else str(TOO_FEW_PEOPLE) % {"count": MIN_GROUP_SIZE}

    @property
    def percent(self) -> int:
        return round(100 * self.given / self.placed) if self.placed else 0


@dataclass(frozen=True)
class AttendanceTotals:
    people: int
    meetings_held: int
    attendances: int
    hours: Decimal

    @property
    def shown(self) -> bool:
        return enough_people(self.people)

    @property
    def note(self) -> str:
        return "" if self.shown else str(TOO_FEW_PEOPLE) % {"count": MIN_GROUP_SIZE}

    @property
    def hours_text(self) -> str:
        return hours_text(self.hours)

    @property
    def average(self) -> Decimal:
        """Meetings attended per person, on average."""
        return _one_decimal(Decimal(self.attendances) / self.people) if self.people else Decimal("0.0")


@dataclass(frozen=True)
class EvaluationReport:
    programme: Programme
    partner: Partner | None
    made_at: object
    placed: int
    responses: tuple[ResponseRow, ...]
    meetings: Section
    final: Section
    attendance: AttendanceTotals
    quotes: tuple[str, ...]
    shared_texts: tuple[str, ...]

    @property
    def enough_people(self) -> bool:
        return enough_people(self.placed)

    min_group_size = MIN_GROUP_SIZE

    @property
    def scale_note(self) -> str:
        return str(SCALE_NOTE)

    @property
    def sections(self) -> tuple[Section, Section]:
        return (self.meetings, self.final)

    @property
    def title(self) -> str:
        if self.partner is not None:
            return _("Evaluatie van %(programme)s voor %(partner)s") % {
                "programme": self.programme.name,
                "partner": self.partner.name,
            }
        return _("Evaluatie van %(programme)s") % {"programme": self.programme.name}


def _valid(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in SCORES


def _block(label: str, questions: tuple[Question, ...], rows: list[tuple[int, dict]]) -> Block:
    """``rows``: (sign-up id, answers). Respondents are the people with an answer to one of the questions;
    the figures are computed only when there are enough of them, so a hidden block holds none."""
    respondents = {sid for sid, answers in rows if any(_valid(answers.get(q.key)) for q in questions)}
    if not enough_people(len(respondents)):
        return Block(label, len(respondents), ())
    items = []
    for question in questions:
        values = [answers[question.key] for _sid, answers in rows if _valid(answers.get(question.key))]
        counts = Counter(values)
        mean = _one_decimal(Decimal(sum(values)) / len(values)) if values else Decimal("0.0")
        items.append(ItemResult(question, len(values), mean, tuple(counts.get(s, 0) for s in SCORES)))
    return Block(label, len(respondents), tuple(items))


def _section(title: str, common: tuple[Question, ...], rows: list[tuple[str, int, dict]]) -> Section:
    """``rows``: (category, sign-up id, answers) of one kind of evaluation (after meetings, or final)."""
    by_category = defaultdict(list)
    for category, sid, answers in rows:
        by_category[category].append((sid, answers))
    overall = _block(_("Alle deelnemers"), common, [(sid, answers) for _c, sid, answers in rows])
    blocks = [
        _block(_("Professionals"), PROFESSIONAL, by_category[Category.PROFESSIONAL]),
        _block(_("Studenten"), STUDENT, by_category[Category.STUDENT]),
    ]
    parents = _block(_("Ouders"), PARENT_AND_YOUNG, by_category[Category.PARENT])
    young = _block(_("Jongeren"), PARENT_AND_YOUNG, by_category[Category.YOUNG_PERSON])
    if parents.shown and young.shown:
        blocks += [parents, young]
    else:
        merged = by_category[Category.PARENT] + by_category[Category.YOUNG_PERSON]
        blocks.append(_block(_("Ouders en jongeren"), PARENT_AND_YOUNG, merged))
    return Section(title, overall.respondents, overall, tuple(blocks))


def evaluation_report(*, programme: Programme, partner: Partner | None = None, now=None) -> EvaluationReport:
    """The report over the programme's placed participants, or over those ``partner`` recruited.
    Six queries, whatever the size of the programme."""
    now = now or timezone.now()
    people = Signup.objects.filter(programme=programme, status=SignupStatus.PLACED)
    if partner is not None:
        people = people.filter(partner=partner)
    # sign-up id → (category, user id, the real group's id)
    persons = {
        pk: (category, user_id, group_id)
        for pk, category, user_id, group_id in people.values_list(
            "pk", "category", "user_id", "group__group_id"
        )
    }
    group_ids = {group_id for _c, _u, group_id in persons.values() if group_id is not None}
    # The meetings that began: they can be evaluated, and attendance may be registered.
    meetings = list(
        Meeting.objects.filter(group_id__in=group_ids, starts_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "pk")
        .values("pk", "group_id", "starts_at", "ends_at")
    )
    meeting_by_id = {m["pk"]: m for m in meetings}
    evaluations = list(
        ProgrammeEvaluation.objects.filter(signup_id__in=persons)
        .order_by("created_at", "pk")
        .values("signup_id", "meeting_id", "is_final", "answers", "quote", "may_quote")
    )
    user_ids = {user_id for _c, user_id, _g in persons.values() if user_id is not None}
    # The common scores after a meeting live in the group's own evaluation (reflections).
    common = {
        (meeting_id, user_id): {"how_it_went": how, "method_rating": method}
        for meeting_id, user_id, how, method in Evaluation.objects.filter(
            meeting_id__in=meeting_by_id, user_id__in=user_ids
        ).values_list("meeting_id", "user_id", "how_it_went", "method_rating")
    }
    present = attendance_within_membership().filter(
        meeting_id__in=meeting_by_id, user_id__in=user_ids, present=True
    )
    attended = list(present.values_list("user_id", "meeting_id"))
    shared_texts = tuple(
        Harvest.objects.filter(signup_id__in=persons, share=True)
        .exclude(shared_text="")
        .order_by("updated_at", "pk")
        .values_list("shared_text", flat=True)
    )

    meeting_rows, final_rows, quotes = [], [], []
    given_per_meeting = Counter()
    for row in evaluations:
        category, user_id, group_id = persons[row["signup_id"]]
        if row["is_final"]:
            final_rows.append((category, row["signup_id"], row["answers"]))
        else:
            meeting = meeting_by_id.get(row["meeting_id"])
            if meeting is None or meeting["group_id"] != group_id:
                continue  # a cancelled meeting, or one of another group
            given_per_meeting[meeting["pk"]] += 1
            answers = {**row["answers"], **common.get((meeting["pk"], user_id), {})}
            meeting_rows.append((category, row["signup_id"], answers))
        if row["may_quote"] and row["quote"]:
            quotes.append(row["quote"])

    responses = _response_rows(persons, meetings, given_per_meeting, final_given=len(final_rows))
    if not enough_people(len(persons)):
        # Among fewer than five people (one partner's few recruits) a quote or a shared text points at
        # its writer, though they agreed to be quoted without a name: none are shown then.
        quotes, shared_texts = [], ()
    return EvaluationReport(
        programme=programme,
        partner=partner,
        made_at=now,
        placed=len(persons),
        responses=responses,
        meetings=_section(_("Na de bijeenkomsten"), COMMON_MEETING, meeting_rows),
        final=_section(_("Slotevaluatie"), COMMON_FINAL, final_rows),
        attendance=_attendance(persons, meetings, attended, now=now),
        quotes=tuple(quotes),
        shared_texts=shared_texts,
    )


def _response_rows(persons: dict, meetings: list[dict], given: Counter, *, final_given: int):
    """Per position (each group's first meeting, second…) the evaluations given against the placed people
    of the groups that held that meeting; then the final evaluation against everyone placed."""
    placed_per_group = Counter(group_id for _c, _u, group_id in persons.values() if group_id is not None)
    position_meetings = defaultdict(list)
    seen = Counter()
    for meeting in meetings:  # in order of time
        seen[meeting["group_id"]] += 1
        position_meetings[seen[meeting["group_id"]]].append(meeting)
    rows = []
    for position in sorted(position_meetings):
        held = position_meetings[position]
        rows.append(
            ResponseRow(
                label=_("Bijeenkomst %(number)s") % {"number": position},
                given=sum(given[m["pk"]] for m in held),
                placed=sum(placed_per_group[m["group_id"]] for m in held),
            )
        )
    rows.append(ResponseRow(label=_("Slotevaluatie"), given=final_given, placed=len(persons)))
    return tuple(rows)


def _attendance(
    persons: dict, meetings: list[dict], attended: list[tuple[int, int]], *, now
) -> AttendanceTotals:
    """Attendance of the people in scope at their own group's meetings, and the hours that took: each
    attendance counts the meeting's planned length (what a partner paying for the hours pays for)."""
    group_of_user = {user_id: group_id for _c, user_id, group_id in persons.values() if user_id is not None}
    meeting_by_id = {m["pk"]: m for m in meetings}
    count, minutes = 0, 0
    for user_id, meeting_id in attended:
        meeting = meeting_by_id[meeting_id]
        if group_of_user.get(user_id) != meeting["group_id"]:
            continue
        count += 1
        minutes += int((meeting["ends_at"] - meeting["starts_at"]).total_seconds() // 60)
    held = sum(1 for m in meetings if m["ends_at"] <= now)
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return AttendanceTotals(people=len(persons), meetings_held=held, attendances=count, hours=hours)


# --- The partner's own overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecruitRow:
    category: str
    label: str
    committed: int
    per_status: tuple[int, ...]  # in the order of STATUS_COLUMNS
    total: int


STATUS_COLUMNS = (
    SignupStatus.AWAITING_CONSENT,
    SignupStatus.SIGNED_UP,
    SignupStatus.INVITED,
    SignupStatus.RESERVE,
    SignupStatus.PLACED,
    SignupStatus.DECLINED,
    SignupStatus.WITHDRAWN,
)


def partner_recruits(partner: Partner) -> list[RecruitRow]:
    """The partner's recruits in numbers per category and status, with what it committed to (one query).
    Counts of the partner's own sign-ups: what it needs to follow its recruitment."""
    counts = Counter(
        (category, status) for category, status in partner.signups.values_list("category", "status")
    )
    rows = []
    for category in Category:
        per_status = tuple(counts[(category.value, status.value)] for status in STATUS_COLUMNS)
        rows.append(
            RecruitRow(
                category=category.value,
                label=category.label,
                committed=int((partner.commitments or {}).get(category.value) or 0),
                per_status=per_status,
                total=sum(per_status),
            )
        )
    return rows


def partner_named_recruits(partner: Partner) -> list[Signup]:
    """Only the people who agreed that the partner who signed them up may see their name."""
    return list(partner.signups.filter(share_with_partner=True).order_by("name", "pk"))


# --- Sending the partner reports -------------------------------------------------------------------------------


def partner_page_url(partner: Partner) -> str:
    return settings.SITE_URL + reverse("programmes:partner", args=[partner.programme.slug, partner.code])


def report_recipients(partner: Partner) -> list:
    """Who gets the partner's report: every contact person with an account on the partner page (as users,
    so each gets it in their own language) and the partner's contact address."""
    recipients, addresses = [], set()
    # contact_links.all(): a caller that prefetched "contact_links__user" asks nothing more.
    for link in sorted(partner.contact_links.all(), key=lambda link: link.pk):
        if link.user.is_active and link.user.email.lower() not in addresses:
            recipients.append(link.user)
            addresses.add(link.user.email.lower())
    if partner.contact_email.lower() not in addresses:
        recipients.append(partner.contact_email)
    return recipients


class ReportError(Exception):
    """A refused step, with a Dutch message."""


def report_filename(programme: Programme, partner: Partner | None = None) -> str:
    if partner is not None:
        return f"evaluatieverslag-{programme.slug}-{partner.code}.pdf"
    return f"evaluatieverslag-{programme.slug}.pdf"


def report_send_to_partners(*, programme: Programme, by) -> int:
    """The kartrekker sends each partner its own report: every recipient of a partner (``report_recipients``)
    gets an e-mail with that partner's report as PDF. Returns the number of e-mails.

    Side effects, in order (one transaction):

    1. lock the programme's row; refused unless it runs or is finished and has partners;
    2. per partner: its report (``evaluation_report`` over the people it recruited, with the anonymity floor)
       as PDF, and an e-mail with the PDF attached to each recipient (queued with the transaction);
    3. audit log ``programme.report_sent`` (partners and number of e-mails; no figures).
    """
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        if current.status not in {ProgrammeStatus.RUNNING, ProgrammeStatus.FINISHED}:
            raise ReportError(_("Het verslag kan naar de partners zodra het programma loopt."))
        partners = list(current.partners.prefetch_related("contact_links__user").order_by("name", "pk"))
        if not partners:
            raise ReportError(_("Dit programma heeft nog geen partners."))
        sent = 0
        for partner in partners:
            report = evaluation_report(programme=current, partner=partner)
            attachment = {
                "name": report_filename(current, partner),
                "mimetype": "application/pdf",
                "content": report_pdf(report),
            }
            for recipient in report_recipients(partner):
                email_queue(
                    to=recipient,
                    template="programmes/report/email/partner_report",
                    context={"programme": current, "partner": partner, "link": partner_page_url(partner)},
                    attachments=[attachment],
                )
                sent += 1
        log_action(
            actor=by,
            action=SENT_ACTION,
            obj=current,
            data={"partners": [p.pk for p in partners], "emails": sent},
        )
    return sent


def report_last_sent(programme: Programme) -> AuditEntry | None:
    """When the reports last went to the partners (from the audit log)."""
    return (
        AuditEntry.objects.filter(
            action=SENT_ACTION, object_type=Programme._meta.label_lower, object_id=str(programme.pk)
        )
        .order_by("-created_at", "-pk")
        .first()
    )
