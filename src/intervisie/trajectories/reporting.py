"""Step 7 of a guided trajectory (seed 001): after the last meeting the begeleider drafts a short report
for the client, the group approves it or comments, and once the group's rule is met (all participants,
or a majority) the begeleider sends it to the client as a PDF.

The report holds what the platform knows from the meetings (attendance as numbers, the methods and the
four aspects practised) and the begeleider's free text, which passes the privacy screen. It never reads
a case or a reflection: nothing here queries them, and the tests look for markers of both.

Every change of the report's status goes through ``set_report_status``; the trajectory's own state
changes through ``domain.set_trajectory_state`` (running → reporting when the report starts, reporting →
report sent when it goes to the client).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intervisie.accounts.models import User
from intervisie.cases.privacy import scan
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.meetings.models import Attendance
from intervisie.trajectories.domain import (
    TRANSITIONS,
    TransitionRefused,
    follow_url,
    set_trajectory_state,
)
from intervisie.trajectories.enums import Aspect, ReportRule, ReportStatus, TrajectoryState
from intervisie.trajectories.models import MeetingAspects, Report, ReportResponse, Trajectory
from intervisie.trajectories.rules_report import VOTER_STATES
from intervisie.trajectories.selectors import trajectory_meetings

R = ReportStatus

# Which status may follow which. Shared → shared is sharing again after an edit (the approvals start
# over); approved → shared is a participant taking their approval back, or an edit.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    R.DRAFT: frozenset({R.SHARED}),
    R.SHARED: frozenset({R.SHARED, R.APPROVED}),
    R.APPROVED: frozenset({R.SHARED, R.SENT}),
    R.SENT: frozenset(),
}

# The report's free texts, in the order the form and the PDF show them.
TEXT_FIELDS = ("methods_text", "aspects_text", "conclusions", "advice")

PRIVACY_MESSAGE = gettext_lazy(
    "Dit rapport gaat naar de opdrachtgever. Je tekst lijkt iets te bevatten waaraan iemand te herkennen "
    "is: %(findings)s. Haal het weg of schrijf het algemener. %(advice)s"
)


class ReportRefused(TransitionRefused):
    """A step on the report that is not possible now; the message is Dutch and says why."""


# --- What the report shows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFacts:
    meeting: object
    present: int
    names: list[str]  # who was there: only when the group agreed to names in the report
    method: str
    aspects: list[str]  # labels, in the order of ``Aspect``


@dataclass(frozen=True)
class ReportFacts:
    meetings: list[MeetingFacts]
    participants: int
    methods: list[tuple[str, int]]  # method, number of meetings; in the order first practised
    aspects: list[tuple[str, int]]  # every aspect with the number of meetings that practised it

    @property
    def held(self) -> int:
        return len(self.meetings)

    @property
    def average_present(self) -> str:
        """The mean attendance per meeting with one decimal, in the active language ("4,5")."""
        if not self.meetings:
            return number_format(0, 1)
        # Rounded here: number_format cuts the decimals off (8/3 would print as 2,6).
        return number_format(round(sum(row.present for row in self.meetings) / len(self.meetings), 1), 1)


def report_facts(
    *, trajectory: Trajectory, show_names: bool = False, now: datetime | None = None
) -> ReportFacts:
    """The facts of the report from the meetings that were held: per meeting how many were present (and
    who, only with ``show_names``), its method and the aspects the begeleider noted. Five queries
    whatever the number of meetings; never a case or a reflection."""
    now = now or timezone.now()
    meetings = [meeting for meeting in trajectory_meetings(trajectory) if meeting.ends_at <= now]
    prefetch_related_objects(meetings, "method")
    ids = [meeting.pk for meeting in meetings]
    present: dict[int, list[str]] = {meeting_id: [] for meeting_id in ids}
    for meeting_id, name in (
        Attendance.objects.filter(meeting_id__in=ids, present=True)
        .order_by("user__name", "user_id")
        .values_list("meeting_id", "user__name")
    ):
        present[meeting_id].append(name or _("deelnemer zonder naam"))
    noted = dict(MeetingAspects.objects.filter(meeting_id__in=ids).values_list("meeting_id", "aspects"))
    rows, methods, aspects = [], Counter(), Counter()
    for meeting in meetings:
        practised = [aspect for aspect in Aspect if aspect.value in set(noted.get(meeting.pk, []))]
        aspects.update(aspect.value for aspect in practised)
        method = meeting.method.name if meeting.method_id else ""
        if method:
            methods[method] += 1
        rows.append(
            MeetingFacts(
                meeting=meeting,
                present=len(present[meeting.pk]),
                names=present[meeting.pk] if show_names else [],
                method=method,
                aspects=[str(aspect.label) for aspect in practised],
            )
        )
    return ReportFacts(
        meetings=rows,
        participants=report_voters(trajectory=trajectory).count(),
        # Counter keeps the order in which methods were first counted: the order they were practised.
        methods=list(methods.items()),
        aspects=[(str(aspect.label), aspects[aspect.value]) for aspect in Aspect],
    )


def report_voters(*, trajectory: Trajectory):
    """The participants who approve the report (``VOTER_STATES`` in the trajectory's group)."""
    if trajectory.group_id is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__group_id=trajectory.group_id, memberships__state__in=VOTER_STATES
    ).distinct()


@dataclass(frozen=True)
class Tally:
    voters: int
    approvals: int
    comments: int  # participants who did not approve (they wrote what should change)
    rule: str
    answered_by: set = field(default_factory=set)

    @property
    def needed(self) -> int:
        """Approvals the rule asks for: everyone, or more than half."""
        if self.rule == ReportRule.MAJORITY:
            return self.voters // 2 + 1
        return self.voters

    @property
    def met(self) -> bool:
        return self.voters > 0 and self.approvals >= self.needed

    @property
    def waiting(self) -> int:
        return self.voters - len(self.answered_by)


def report_tally(*, report: Report) -> Tally:
    """How the group answered, counting only who is a participant now (someone who left the group no
    longer counts, for or against). Two queries."""
    voters = set(report_voters(trajectory=report.trajectory).values_list("pk", flat=True))
    answers = [
        (user_id, approves)
        for user_id, approves in report.responses.values_list("user_id", "approves")
        if user_id in voters
    ]
    return Tally(
        voters=len(voters),
        approvals=sum(1 for _user, approves in answers if approves),
        comments=sum(1 for _user, approves in answers if not approves),
        rule=report.trajectory.report_rule,
        answered_by={user_id for user_id, _approves in answers},
    )


# --- Links --------------------------------------------------------------------------------------------------


def report_url(trajectory: Trajectory) -> str:
    """The participants' page to read and approve the report."""
    return settings.SITE_URL + reverse("trajectories:report", args=[trajectory.pk])


def report_edit_url(trajectory: Trajectory) -> str:
    return settings.SITE_URL + reverse("trajectories:report_edit", args=[trajectory.pk])


def report_client_pdf_url(trajectory: Trajectory) -> str:
    """The client's download of the sent report, keyed on their follow link's token (no account)."""
    return settings.SITE_URL + reverse("trajectories:report_client_pdf", args=[trajectory.follow_token])


def report_client_link(*, trajectory: Trajectory) -> str:
    """For the client's follow page: the link to the report's PDF once it was sent, else "". One query."""
    if not Report.objects.filter(trajectory=trajectory, status=R.SENT).exists():
        return ""
    return report_client_pdf_url(trajectory)


# --- The privacy screen -------------------------------------------------------------------------------------


def privacy_errors(texts: dict[str, str]) -> dict[str, str]:
    """A Dutch message per text that the privacy screen flags (BSN, phone number, a name, a place, a
    date...). The matched words are named back to the begeleider who typed them, on their own page."""
    errors = {}
    for name, text in texts.items():
        findings = scan(text or "")
        if not findings:
            continue
        named = []
        for finding in findings[:3]:
            fragment = text[finding.start : finding.end]
            named.append(f"{finding.label} (“{fragment}”)")
        if len(findings) > 3:
            named.append(_("en nog %(count)s") % {"count": len(findings) - 3})
        errors[name] = str(PRIVACY_MESSAGE) % {
            "findings": ", ".join(named),
            "advice": findings[0].explanation,
        }
    return errors


# --- The workflow -------------------------------------------------------------------------------------------


def _refused_state(trajectory: Trajectory) -> ReportRefused:
    return ReportRefused(
        _("Dit kan nu niet: het traject staat op “%(state)s”.")
        % {"state": TrajectoryState(trajectory.state).label}
    )


def report_start(*, trajectory: Trajectory, by, now: datetime | None = None) -> Report:
    """After the last meeting the begeleider starts the report.

    Side effects, in order (one transaction):
    1. lock the trajectory; refused (``ReportRefused``) unless it runs, has held a meeting and has no
       meeting still to come (a second click meets the new state and is refused);
    2. the report, as a draft;
    3. ``set_trajectory_state`` to "reporting" (with its audit log);
    4. audit log ``report.started``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        if TrajectoryState.REPORTING not in TRANSITIONS[current.state] or current.group_id is None:
            raise _refused_state(current)
        meetings = trajectory_meetings(current)
        if not meetings:
            raise ReportRefused(_("Er is nog geen bijeenkomst geweest. Schrijf het rapport na de laatste."))
        last = meetings[-1]
        if last.ends_at > now:
            raise ReportRefused(
                _("Schrijf het rapport na de laatste bijeenkomst (%(date)s).")
                % {"date": timezone.localtime(last.starts_at).strftime("%d-%m-%Y")}
            )
        report = Report.objects.create(trajectory=current)
        set_trajectory_state(current, TrajectoryState.REPORTING, by=by)
        log_action(actor=by, action="report.started", obj=current, data={"report": report.pk})
    trajectory.refresh_from_db()
    return report


@dataclass(frozen=True)
class ReportText:
    methods_text: str = ""
    aspects_text: str = ""
    conclusions: str = ""
    advice: str = ""
    show_names: bool = False
    # The group's rule (``ReportRule``); None leaves it as it is. It can change only before sharing:
    # changing it once answers came in would change what those answers decide.
    rule: str | None = None


def _lock(report: Report) -> Report:
    """The report under a row lock, with its trajectory read again (locked in the same order as every
    report step: report first, then the trajectory through ``set_trajectory_state``)."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    locked.trajectory = Trajectory.objects.select_related("provider", "group").get(pk=locked.trajectory_id)
    return locked


def report_save(*, report: Report, text: ReportText, by) -> bool:
    """The begeleider writes or changes the report. Returns True when the group's approvals were reset.

    Side effects, in order (one transaction):
    1. every free text through the privacy screen: a finding is a ``ValidationError`` per field with a
       Dutch message, and nothing is saved (the form keeps what was typed);
    2. lock the report; refused (``ReportRefused``) once it was sent, or when the trajectory is no
       longer reporting; a change of the group's rule after sharing is refused at the field ``rule``;
    3. save the texts and whether names are shown (and the rule, on the trajectory);
    4. audit log ``report.saved`` with the fields that changed;
    5. when the report was shared and something changed: ``set_report_status`` to "shared" again with
       ``reset``: the approvals start over and the group is told.
    """
    values = {name: getattr(text, name).strip() for name in TEXT_FIELDS}
    errors = privacy_errors(values)
    if errors:
        raise ValidationError(errors)
    values["show_names"] = bool(text.show_names)
    with transaction.atomic():
        current = _lock(report)
        if current.status == R.SENT:
            raise ReportRefused(
                _("Het rapport is al naar de opdrachtgever verstuurd. Je kunt het niet meer veranderen.")
            )
        if current.trajectory.state != TrajectoryState.REPORTING:
            raise _refused_state(current.trajectory)
        trajectory = current.trajectory
        new_rule = ReportRule(text.rule) if text.rule else trajectory.report_rule
        if new_rule != trajectory.report_rule and current.status != R.DRAFT:
            raise ValidationError(
                {"rule": _("De regel kun je niet meer veranderen nadat het rapport met de groep gedeeld is.")}
            )
        changed = sorted(name for name, value in values.items() if getattr(current, name) != value)
        if new_rule != trajectory.report_rule:
            trajectory.report_rule = new_rule
            trajectory.save(update_fields=["report_rule", "updated_at"])
            changed.append("report_rule")
        if not changed:
            return False
        for name, value in values.items():
            setattr(current, name, value)
        current.save(update_fields=[*values, "updated_at"])
        log_action(actor=by, action="report.saved", obj=current.trajectory, data={"changed": changed})
        reset = current.status in {R.SHARED, R.APPROVED}
        if reset:
            set_report_status(current, R.SHARED, by=by, reset=True)
    report.refresh_from_db()
    return reset


def set_report_status(report: Report, new_status: str, *, by, reset: bool = False) -> Report:
    """The one place where a report's status changes. Returns the report as saved.

    Side effects, in order:

    1. lock the report's row and read it again under the lock (a double click or a second tab meets the
       new status and is refused, not applied twice);
    2. validate, with a Dutch message (``ReportRefused``): ``new_status`` follows the current one in
       ``REPORT_TRANSITIONS`` and the trajectory is reporting; sharing needs the conclusions, the advice
       and at least one participant; sharing a shared report again only with ``reset`` (after an edit);
       "approved" and "sent" need the group's rule to be met (``report_tally``);
    3. when shared (first time, or again with ``reset``): the approvals given so far are deleted;
    4. save the status, and when it was shared or sent;
    5. when sent: ``set_trajectory_state`` to "report sent" (its own audit log);
    6. audit log ``report.<new_status>`` with the status it came from and the tally;
    7. e-mail: shared → each participant, with the link to read and answer (after an edit: that it
       changed); approved → the begeleider(s), that it can go to the client; sent → the client, with
       the link to download the PDF. A participant taking their approval back sends nothing.
    """
    new_status = ReportStatus(new_status)
    with transaction.atomic():
        current = _lock(report)
        trajectory = current.trajectory
        old_status = current.status
        if new_status not in REPORT_TRANSITIONS[old_status]:
            raise ReportRefused(
                _("Dit kan nu niet: het rapport staat op “%(status)s”.")
                % {"status": ReportStatus(old_status).label}
            )
        if trajectory.state != TrajectoryState.REPORTING:
            raise _refused_state(trajectory)
        resharing = new_status == R.SHARED and (old_status == R.DRAFT or reset)
        if new_status == R.SHARED and old_status == R.SHARED and not reset:
            raise ReportRefused(_("Het rapport is al gedeeld met de groep."))
        if resharing:
            missing = [
                label
                for name, label in (("conclusions", _("de conclusies")), ("advice", _("het advies")))
                if not getattr(current, name).strip()
            ]
            if missing:
                raise ReportRefused(
                    _("Schrijf eerst %(missing)s, dan kun je het rapport delen.")
                    % {"missing": _(" en ").join(missing)}
                )
            if not report_voters(trajectory=trajectory).exists():
                raise ReportRefused(
                    _("Er zitten nog geen deelnemers in de groep om het rapport aan voor te leggen.")
                )
            current.responses.all().delete()
        tally = report_tally(report=current)
        if new_status in {R.APPROVED, R.SENT} and not tally.met:
            raise ReportRefused(
                _("De groep is nog niet akkoord: %(approvals)s van de %(needed)s nodige akkoorden.")
                % {"approvals": tally.approvals, "needed": tally.needed}
            )
        now = timezone.now()
        current.status = new_status
        update = ["status", "updated_at"]
        if resharing:
            current.shared_at = now
            update.append("shared_at")
        if new_status == R.SENT:
            current.sent_at = now
            update.append("sent_at")
        current.save(update_fields=update)
        if new_status == R.SENT:
            set_trajectory_state(trajectory, TrajectoryState.REPORT_SENT, by=by)
            trajectory.refresh_from_db()
        log_action(
            actor=by,
            action=f"report.{new_status}",
            obj=trajectory,
            data={
                "from": old_status,
                "voters": tally.voters,
                "approvals": tally.approvals,
                **({"reset": True} if reset else {}),
            },
        )
        if resharing:
            _mail_participants(current, edited=old_status != R.DRAFT)
        elif new_status == R.APPROVED:
            _mail_begeleiders(current, template="approved", context={"tally": tally})
        elif new_status == R.SENT:
            _mail_client(current)
    report.refresh_from_db()
    return report


def report_respond(*, report: Report, user, approves: bool, comment: str = "") -> ReportResponse:
    """A participant approves the shared report or comments on it; they may change their answer until the
    report is sent.

    Side effects, in order (one transaction):
    1. lock the report; refused (``ReportRefused``) unless it is shared or approved, the trajectory is
       reporting and ``user`` is a participant; without approval a comment is needed;
    2. the answer is saved (one per participant; the same answer twice changes nothing, so a double
       click is harmless);
    3. audit log ``report.answered`` (only when the answer changed);
    4. the begeleider(s) get an e-mail when someone comments (who, not what: they read it in the app);
    5. the rule decides: met while shared → ``set_report_status`` "approved"; no longer met while
       approved (an approval taken back) → "shared".
    """
    comment = (comment or "").strip()
    if not approves and not comment:
        raise ValidationError({"comment": _("Schrijf op wat er anders moet in het rapport.")})
    with transaction.atomic():
        current = _lock(report)
        trajectory = current.trajectory
        if current.status == R.SENT:
            raise ReportRefused(
                _(
                    "Het rapport is al naar de opdrachtgever verstuurd. Je kunt je antwoord niet meer veranderen."
                )
            )
        if current.status == R.DRAFT:
            raise ReportRefused(_("Het rapport is nog niet met de groep gedeeld."))
        if trajectory.state != TrajectoryState.REPORTING:
            raise _refused_state(trajectory)
        if not report_voters(trajectory=trajectory).filter(pk=user.pk).exists():
            raise ReportRefused(_("Alleen de deelnemers van de groep geven hun akkoord op het rapport."))
        response = ReportResponse.objects.filter(report=current, user=user).first()
        if response is not None and response.approves == approves and response.comment == comment:
            return response
        if response is None:
            response = ReportResponse(report=current, user=user)
        response.approves, response.comment = approves, comment
        response.save()
        log_action(actor=user, action="report.answered", obj=trajectory, data={"approves": approves})
        if not approves:
            _mail_begeleiders(current, template="commented", context={"participant": user})
        tally = report_tally(report=current)
        if current.status == R.SHARED and tally.met:
            set_report_status(current, R.APPROVED, by=user)
        elif current.status == R.APPROVED and not tally.met:
            set_report_status(current, R.SHARED, by=user)
    return response


# --- E-mail -------------------------------------------------------------------------------------------------


def _mail_participants(report: Report, *, edited: bool) -> None:
    trajectory = report.trajectory
    context = {
        "trajectory": trajectory,
        "provider": trajectory.provider,
        "link": report_url(trajectory),
        "edited": edited,
        "majority": trajectory.report_rule == ReportRule.MAJORITY,
    }
    for user in report_voters(trajectory=trajectory).order_by("pk"):
        email_queue(to=user, template="trajectories/report/email/shared", context=context)


def _mail_begeleiders(report: Report, *, template: str, context: dict) -> None:
    trajectory = report.trajectory
    if trajectory.begeleider_id:
        recipients = [trajectory.begeleider]
    else:
        recipients = [member.user for member in trajectory.provider.members.select_related("user")]
    for recipient in recipients:
        email_queue(
            to=recipient,
            template=f"trajectories/report/email/{template}",
            context={
                "trajectory": trajectory,
                "provider": trajectory.provider,
                "link": report_edit_url(trajectory),
                **context,
            },
        )


def _mail_client(report: Report) -> None:
    """The client gets the report as a PDF attachment, with the link to download it again and their
    follow page."""
    # report_pdf builds on this module's facts, so it is imported here, not at the top.
    from intervisie.trajectories.report_pdf import report_pdf

    trajectory = report.trajectory
    email_queue(
        to=trajectory.contact_email,
        template="trajectories/report/email/sent",
        context={
            "trajectory": trajectory,
            "provider": trajectory.provider,
            "pdf_link": report_client_pdf_url(trajectory),
            "follow_link": follow_url(trajectory),
        },
        attachments=[
            {
                "name": "rapport-begeleide-intervisie.pdf",
                "mimetype": "application/pdf",
                "content": report_pdf(report),
            }
        ],
    )
