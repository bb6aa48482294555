"""The guided live session: start, step navigation, timer, silent answers, notes and takeaways.

All navigation takes the ``expected_version`` the chair's screen showed. Inside one transaction the
session row is locked (``select_for_update``) and the version compared: when two chairs click "next"
at the same moment, the first moves one step and bumps the version, the second finds the version has
moved on and is refused with the current state. So the group moves one step, not two.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.groups.enums import PARTICIPANT_STATES
from intervisie.live.models import LiveSession, SessionStatus, SilentAnswer, StepNote, Takeaway
from intervisie.meetings.enums import MeetingStatus
from intervisie.methods.models import MethodStep

ANSWER_MAX = 2000
NOTE_MAX = 4000
TAKEAWAY_MAX = 2000
ADD_MINUTES_MAX = 30


class SessionError(Exception):
    """A refused change, with a Dutch message for the user and the session's current state."""

    def __init__(self, message: str, *, session: LiveSession | None = None):
        super().__init__(message)
        self.message = message
        self.session = session


class SessionPermissionError(SessionError):
    """The person may not do this; views answer 404."""


class VersionConflict(SessionError):
    pass


# --- Timer (pure) -------------------------------------------------------------------------------------


def remaining_seconds(
    *,
    minutes: int,
    extra_seconds: int,
    step_started_at: dt.datetime,
    paused_seconds: int,
    paused_at: dt.datetime | None,
    now: dt.datetime,
) -> int:
    """Seconds left in the step; negative means over time.

    remaining = minutes*60 + extra − (now − started − paused − (now − paused_at if paused now)).
    """
    elapsed = (now - step_started_at).total_seconds() - paused_seconds
    if paused_at is not None:
        elapsed -= (now - paused_at).total_seconds()
    return int(minutes * 60 + extra_seconds - elapsed)


def session_steps(session: LiveSession) -> list[MethodStep]:
    return list(MethodStep.objects.filter(method_id=session.method_id).order_by("position"))


def current_step(session: LiveSession, steps: list[MethodStep] | None = None) -> MethodStep | None:
    steps = session_steps(session) if steps is None else steps
    return next((step for step in steps if step.position == session.step_position), None)


def session_remaining(session: LiveSession, step: MethodStep, *, now: dt.datetime | None = None) -> int:
    return remaining_seconds(
        minutes=step.minutes,
        extra_seconds=session.extra_seconds,
        step_started_at=session.step_started_at,
        paused_seconds=session.paused_seconds,
        paused_at=session.paused_at,
        now=now or timezone.now(),
    )


# --- People ---------------------------------------------------------------------------------------------


def circle_users(meeting):
    """The group's participants and its begeleider: the people who may take part in the session."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    group = meeting.group
    query = Q(memberships__group=group, memberships__state__in=PARTICIPANT_STATES)
    if group.begeleider_id:
        query |= Q(pk=group.begeleider_id)
    return get_user_model().objects.filter(query).distinct().order_by("name", "email")


def _check_in_circle(user, meeting, label: str) -> None:
    if user is not None and not circle_users(meeting).filter(pk=user.pk).exists():
        raise SessionError(_("%(role)s hoort niet bij deze groep.") % {"role": label})


# --- Start and end ----------------------------------------------------------------------------------------


def session_start(
    *, meeting, method, case=None, chair, timekeeper=None, bringer=None, by, now=None
) -> LiveSession:
    """Start the session of ``meeting``. Validates the permission, the method (library or this group's
    copy, with steps), the case (this group's) and the roles (people in the circle); creates the
    session at the first step; writes the audit log."""
    if not by.has_perm("live.start_session", meeting):
        raise SessionPermissionError(_("Je mag deze sessie niet starten."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise SessionError(_("Deze bijeenkomst is afgelast. Je kunt er geen sessie voor starten."))
    if method.group_id not in (None, meeting.group_id):
        raise SessionError(_("Kies een methode uit de bibliotheek of van jullie eigen groep."))
    first = MethodStep.objects.filter(method=method).order_by("position").first()
    if first is None:
        raise SessionError(_("Deze methode heeft nog geen stappen."))
    if case is not None and case.group_id != meeting.group_id:
        raise SessionError(_("Deze inbreng hoort niet bij deze groep."))
    _check_in_circle(chair, meeting, _("De voorzitter"))
    _check_in_circle(timekeeper, meeting, _("De tijdbewaker"))
    _check_in_circle(bringer, meeting, _("De inbrenger"))
    now = now or timezone.now()
    try:
        with transaction.atomic():
            if LiveSession.objects.filter(meeting=meeting).exists():
                raise SessionError(_("De sessie van deze bijeenkomst is al gestart."))
            session = LiveSession.objects.create(
                meeting=meeting,
                method=method,
                case=case,
                chair=chair,
                timekeeper=timekeeper,
                bringer=bringer,
                step_position=first.position,
                step_started_at=now,
            )
            log_action(
                actor=by,
                action="live.session_start",
                obj=session,
                data={"method": method.pk, "case": case.pk if case else None, "chair": chair.pk},
            )
    except IntegrityError as error:
        raise SessionError(_("De sessie van deze bijeenkomst is al gestart.")) from error
    return session


@dataclass
class _Locked:
    session: LiveSession
    now: dt.datetime


def _change(session: LiveSession, *, by, expected_version, apply, now=None) -> LiveSession:
    """Lock the session, check who and which version, apply the change, bump the version, save."""
    with transaction.atomic():
        locked = (
            LiveSession.objects.select_for_update()
            .select_related("meeting", "meeting__group")
            .get(pk=session.pk)
        )
        if not by.has_perm("live.lead_session", locked):
            raise SessionPermissionError(_("Alleen de voorzitter kan de sessie leiden."), session=locked)
        if locked.status == SessionStatus.ENDED:
            raise SessionError(_("De sessie is al afgerond."), session=locked)
        if expected_version is not None and int(expected_version) != locked.version:
            raise VersionConflict(
                _(
                    "Iemand anders heeft de sessie net al veranderd. Je ziet nu de nieuwe stand; kijk of je "
                    "knop nog nodig is."
                ),
                session=locked,
            )
        apply(_Locked(session=locked, now=now or timezone.now()))
        locked.version += 1
        locked.save()
    return locked


def _go_to(state: _Locked, position: int) -> None:
    session = state.session
    session.step_position = position
    session.step_started_at = state.now
    session.paused_seconds = 0
    session.extra_seconds = 0
    session.revealed_upto = 0
    if session.paused_at is not None:
        session.paused_at = state.now  # stays paused, counting from the new step's start


def session_next(*, session, by, expected_version=None, now=None) -> LiveSession:
    def apply(state):
        later = [s.position for s in session_steps(state.session) if s.position > state.session.step_position]
        if not later:
            raise SessionError(
                _("Dit is de laatste stap. Rond de sessie af als jullie klaar zijn."), session=state.session
            )
        _go_to(state, later[0])

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


def session_previous(*, session, by, expected_version=None, now=None) -> LiveSession:
    def apply(state):
        earlier = [
            s.position for s in session_steps(state.session) if s.position < state.session.step_position
        ]
        if not earlier:
            raise SessionError(_("Dit is de eerste stap."), session=state.session)
        _go_to(state, earlier[-1])

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


def session_pause(*, session, by, expected_version=None, now=None) -> LiveSession:
    def apply(state):
        if state.session.paused_at is not None:
            raise SessionError(_("De sessie staat al op pauze."), session=state.session)
        state.session.paused_at = state.now
        state.session.status = SessionStatus.PAUSED

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


def session_resume(*, session, by, expected_version=None, now=None) -> LiveSession:
    def apply(state):
        s = state.session
        if s.paused_at is None:
            raise SessionError(_("De sessie loopt al."), session=s)
        s.paused_seconds += max(0, int((state.now - s.paused_at).total_seconds()))
        s.paused_at = None
        s.status = SessionStatus.RUNNING

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


def session_add_time(*, session, by, minutes=2, expected_version=None, now=None) -> LiveSession:
    def apply(state):
        if not 1 <= int(minutes) <= ADD_MINUTES_MAX:
            raise SessionError(
                _("Je kunt 1 tot %(max)s minuten extra geven.") % {"max": ADD_MINUTES_MAX},
                session=state.session,
            )
        state.session.extra_seconds += int(minutes) * 60

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


def step_answers(session: LiveSession, position: int):
    """The silent answers of one step that have text, in the order they will be revealed."""
    return (
        SilentAnswer.objects.filter(session=session, step_position=position).exclude(text="").order_by("pk")
    )


def session_reveal_next(*, session, by, expected_version=None, now=None) -> LiveSession:
    def apply(state):
        s = state.session
        step = current_step(s)
        if step is None or not (step.is_silent_writing and step.shares_answers):
            raise SessionError(_("In deze stap worden geen antwoorden gedeeld."), session=s)
        answer = step_answers(s, s.step_position).filter(revealed_at__isnull=True).first()
        if answer is None:
            raise SessionError(_("Er zijn geen antwoorden meer om te tonen."), session=s)
        answer.revealed_at = state.now
        answer.save(update_fields=["revealed_at"])
        s.revealed_upto += 1

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


def session_end(*, session, by, expected_version=None, now=None) -> LiveSession:
    """End the session: everyone's screen moves on to the closing page. Writes the audit log."""

    def apply(state):
        s = state.session
        s.status = SessionStatus.ENDED
        s.ended_at = state.now
        s.paused_at = None
        log_action(actor=by, action="live.session_end", obj=s, data={"step": s.step_position})

    return _change(session, by=by, expected_version=expected_version, apply=apply, now=now)


# --- What participants write ------------------------------------------------------------------------------


def _clean_text(text: str, limit: int) -> str:
    text = (text or "").strip()
    if "\x00" in text:  # the views pass the posted text as is; PostgreSQL refuses a NUL byte (a 500)
        raise SessionError(
            _("In je tekst staat een teken dat niet kan. Haal het weg en probeer het opnieuw.")
        )
    if len(text) > limit:
        raise SessionError(
            _("Je tekst is te lang: maximaal %(max)s tekens (nu %(count)s).")
            % {"max": limit, "count": len(text)}
        )
    return text


def _check_taking_part(session: LiveSession, user) -> None:
    if not user.has_perm("live.view_session", session.meeting):
        raise SessionPermissionError(_("Je doet niet mee aan deze sessie."))


def silent_answer_save(*, session, user, text) -> SilentAnswer:
    """Save what ``user`` writes in the current silent-writing step. Private until the chair reveals it;
    a revealed answer can no longer be changed."""
    _check_taking_part(session, user)
    if session.status == SessionStatus.ENDED:
        raise SessionError(_("De sessie is al afgerond."))
    step = current_step(session)
    if step is None or not step.is_silent_writing:
        raise SessionError(_("Deze stap is geen stille schrijfstap meer. Je tekst is niet opgeslagen."))
    text = _clean_text(text, ANSWER_MAX)
    if not text:
        raise SessionError(_("Schrijf eerst iets op."))
    with transaction.atomic():
        answer, created = SilentAnswer.objects.select_for_update().get_or_create(
            session=session, step_position=step.position, user=user, defaults={"text": text}
        )
        if not created:
            if answer.revealed_at is not None:
                raise SessionError(_("Je antwoord is al aan de groep getoond en kan niet meer veranderen."))
            answer.text = text
            answer.save(update_fields=["text", "updated_at"])
    return answer


def step_note_save(*, session, user, text, is_group_note=False) -> StepNote:
    """Save a note for the current step: ``user``'s private note, or the group note (chair only)."""
    _check_taking_part(session, user)
    if is_group_note and not user.has_perm("live.lead_session", session):
        raise SessionPermissionError(_("Alleen de voorzitter houdt de groepsnotities bij."))
    text = _clean_text(text, NOTE_MAX)
    note, _created = StepNote.objects.update_or_create(
        session=session,
        step_position=session.step_position,
        is_group_note=is_group_note,
        # The group note is one per step, whoever of the chair and begeleider writes it.
        **({} if is_group_note else {"user": user}),
        defaults={"text": text, **({"user": user} if is_group_note else {})},
    )
    return note


def takeaway_save(*, session, user, text) -> Takeaway:
    """ "Wat neem je mee?": one per participant, after the session has ended."""
    _check_taking_part(session, user)
    if session.status != SessionStatus.ENDED:
        raise SessionError(_("Dit kan pas als de sessie is afgerond."))
    text = _clean_text(text, TAKEAWAY_MAX)
    if not text:
        raise SessionError(_("Schrijf op wat je meeneemt."))
    takeaway, _created = Takeaway.objects.update_or_create(
        session=session, user=user, defaults={"text": text}
    )
    return takeaway


# --- Look-back ---------------------------------------------------------------------------------------------


def look_back_for(meeting, user) -> LiveSession | None:
    """The bringer's look-back: the group's previous session (before ``meeting``) whose method has a
    look-back and whose bringer is ``user``; None when there is nothing to look back on."""
    if not user or not user.is_authenticated or meeting is None:
        return None
    previous = (
        LiveSession.objects.filter(
            meeting__group_id=meeting.group_id, meeting__starts_at__lt=meeting.starts_at
        )
        .select_related("case", "method", "meeting")
        .order_by("-meeting__starts_at")
        .first()
    )
    if previous is None or previous.bringer_id != user.pk or not previous.method.has_look_back:
        return None
    return previous
