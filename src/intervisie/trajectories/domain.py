"""The route of a guided trajectory (seed 001). Every change of state goes through
``set_trajectory_state``; the step functions here gather what a step needs and call it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry
from intervisie.providers.models import Provider
from intervisie.trajectories.enums import OPEN_STATES, TrajectoryState
from intervisie.trajectories.models import IntroInvite, Trajectory

S = TrajectoryState

# Which state may follow which. Cancelling is possible from every open state (below).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.TALK_PLANNED, S.TALK_DECLINED}),
    S.TALK_PLANNED: frozenset({S.TALK_PLANNED, S.TALK_DECLINED, S.INTRODUCTION_PLANNED}),
    S.INTRODUCTION_PLANNED: frozenset({S.INTRODUCTION_PLANNED, S.INTRODUCTION_HELD}),
    S.INTRODUCTION_HELD: frozenset({S.QUOTE_SENT}),
    S.QUOTE_SENT: frozenset({S.QUOTE_SENT, S.RUNNING, S.CHANGE_REQUESTED, S.QUOTE_DECLINED}),
    S.CHANGE_REQUESTED: frozenset({S.QUOTE_SENT}),
    S.RUNNING: frozenset({S.REPORTING}),
    S.REPORTING: frozenset({S.REPORT_SENT}),
    S.REPORT_SENT: frozenset({S.CLOSED}),
    S.TALK_DECLINED: frozenset(),
    S.QUOTE_DECLINED: frozenset(),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
for _state in OPEN_STATES:
    TRANSITIONS[_state] = TRANSITIONS[_state] | {S.CANCELLED}

# The fields each step may write (anything else in ``fields`` is refused: a step cannot slip in a change
# that belongs to another).
STEP_FIELDS: dict[str, frozenset[str]] = {
    S.TALK_PLANNED: frozenset({"talk_starts_at", "talk_ends_at", "talk_location", "begeleider"}),
    S.TALK_DECLINED: frozenset({"decline_reason", "talk_notes"}),
    S.INTRODUCTION_PLANNED: frozenset({"intro_starts_at", "intro_ends_at", "intro_location", "talk_notes"}),
    S.INTRODUCTION_HELD: frozenset({"agreed_focus"}),
    S.QUOTE_SENT: frozenset({"quote"}),
    S.CHANGE_REQUESTED: frozenset(),
    S.QUOTE_DECLINED: frozenset({"decline_reason"}),
    S.RUNNING: frozenset({"group"}),
    S.REPORTING: frozenset(),
    S.REPORT_SENT: frozenset(),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset({"decline_reason"}),
}

# States whose change the client hears about by e-mail, with the template's name.
CLIENT_EMAILS = {
    S.TALK_PLANNED: "talk_planned",
    S.INTRODUCTION_PLANNED: "introduction_planned",
    S.TALK_DECLINED: "declined",
    S.CANCELLED: "cancelled",
}


class TransitionRefused(ValidationError):
    """A step that is not possible from the trajectory's state; the message is Dutch and says why."""


@dataclass(frozen=True)
class RequestData:
    kind: str
    organisation_name: str
    contact_name: str
    contact_email: str
    contact_phone: str
    expected_participants: int
    question: str
    contact_function: str = ""
    wishes: str = ""
    preferred_period: str = ""
    location_preference: str = "either"
    place: str = ""


def follow_url(trajectory: Trajectory) -> str:
    """The client's link to follow their request, without an account."""
    return settings.SITE_URL + reverse("trajectories:follow", args=[trajectory.follow_token])


def trajectory_request(*, provider: Provider, data: RequestData, by=None) -> Trajectory:
    """A client asks ``provider`` for an exploratory talk (step 1).

    Side effects: the trajectory is saved in state "requested" (with the client's account when ``by``
    is logged in); audit log ``trajectory.requested``; e-mail to the provider (and each of its
    begeleiders) and a confirmation to the client with the link to follow the request.
    """
    with transaction.atomic():
        trajectory = Trajectory.objects.create(
            provider=provider,
            client_user=by if by is not None and by.is_authenticated else None,
            **data.__dict__,
        )
        log_action(actor=by, action="trajectory.requested", obj=trajectory, data={"provider": provider.pk})
        context = {"trajectory": trajectory, "provider": provider, "follow_link": follow_url(trajectory)}
        addresses = {provider.email, *provider.members.values_list("user__email", flat=True)}
        for address in sorted(addresses):
            email_queue(to=address, template="trajectories/email/new_request", context=context)
        email_queue(
            to=trajectory.contact_email, template="trajectories/email/request_received", context=context
        )
    return trajectory


def talk_ics(trajectory: Trajectory, *, cancelled: bool = False) -> bytes:
    """The exploratory talk as a calendar file, for the client and the begeleider."""
    entry = ics_entry(
        uid=f"traject-{trajectory.pk}-gesprek",
        sequence=int(trajectory.updated_at.timestamp()) if trajectory.updated_at else 0,
        starts_at=trajectory.talk_starts_at,
        ends_at=trajectory.talk_ends_at,
        summary=_("Verkennend gesprek met %(provider)s") % {"provider": trajectory.provider.name},
        cancelled=cancelled,
        location=trajectory.talk_location,
        url=follow_url(trajectory),
    )
    return ics_calendar(prodid="-//Intervisiewijzer//Trajecten//NL", entries=[entry])


def introduction_ics(trajectory: Trajectory, *, url: str = "") -> bytes:
    """The introduction with the group as a calendar file, for the client, the begeleider and everyone
    invited to it (all get the same UID, so a moved introduction updates the entry)."""
    entry = ics_entry(
        uid=f"traject-{trajectory.pk}-kennismaking",
        sequence=int(trajectory.updated_at.timestamp()) if trajectory.updated_at else 0,
        starts_at=trajectory.intro_starts_at,
        ends_at=trajectory.intro_ends_at,
        summary=_("Kennismaking begeleide intervisie met %(provider)s")
        % {"provider": trajectory.provider.name},
        cancelled=False,
        location=trajectory.intro_location,
        url=url or follow_url(trajectory),
    )
    return ics_calendar(prodid="-//Intervisiewijzer//Trajecten//NL", entries=[entry])


def _ics_attachment(name: str, starts_at, pk: int, content: bytes) -> list[dict]:
    return [
        {
            "name": dated_ics_filename(name, starts_at=starts_at, pk=pk),
            "mimetype": "text/calendar",
            "content": content.decode(),
        }
    ]


def intro_invite_url(invite: IntroInvite) -> str:
    return settings.SITE_URL + reverse("trajectories:expectations", args=[invite.token])


def intro_link_url(trajectory: Trajectory) -> str:
    """The invitation link the client may share with the group instead of giving names and addresses."""
    return settings.SITE_URL + reverse("trajectories:intro_join", args=[trajectory.intro_token])


# A trajectory's group has at most 8 participants (seed 001); a few more invitations for the introduction
# leave room for people who come to look and do not join, without making the list a mailing tool.
MAX_INTRO_INVITES = 12


def invite_to_introduction(
    *, trajectory: Trajectory, people: list[tuple[str, str]], by=None
) -> list[IntroInvite]:
    """Invite ``people`` (name, e-mail address) to the introduction with the group (step 3). The client
    (on their follow page) or a begeleider gives the names.

    Side effects: one ``IntroInvite`` per new address (an address already invited is left alone, so
    sending the list twice invites nobody twice); each new invitee gets an e-mail with the date, place,
    calendar file and their own link to write down their expectations; audit log
    ``trajectory.intro_invited`` with the number invited. Refused (``TransitionRefused``) when the
    introduction is not planned, or when the list would pass ``MAX_INTRO_INVITES``.
    """
    with transaction.atomic():
        current = Trajectory.objects.select_for_update().select_related("provider").get(pk=trajectory.pk)
        if current.state != S.INTRODUCTION_PLANNED:
            raise TransitionRefused(_("Uitnodigen kan als de kennismaking met de groep gepland is."))
        known = {email.lower() for email in current.intro_invites.values_list("email", flat=True)}
        new = []
        for name, email in people:
            if email.lower() in known:
                continue
            known.add(email.lower())
            new.append((name, email))
        if len(known) > MAX_INTRO_INVITES:
            raise TransitionRefused(
                _("Je kunt voor de kennismaking hoogstens %(max)s mensen uitnodigen.")
                % {"max": MAX_INTRO_INVITES}
            )
        invites = [
            IntroInvite.objects.create(trajectory=current, name=name, email=email) for name, email in new
        ]
        attachments = _ics_attachment(
            "kennismaking", current.intro_starts_at, current.pk, introduction_ics(current)
        )
        for invite in invites:
            email_queue(
                to=invite.email,
                template="trajectories/email/intro_invite",
                context={
                    "trajectory": current,
                    "provider": current.provider,
                    "invite": invite,
                    "link": intro_invite_url(invite),
                },
                attachments=attachments,
            )
        if invites:
            log_action(actor=by, action="trajectory.intro_invited", obj=current, data={"count": len(invites)})
    return invites


def join_introduction(
    *, trajectory: Trajectory, name: str, email: str, expectations: str = ""
) -> IntroInvite:
    """Someone with the group's invitation link signs up for the introduction (step 3).

    Side effects: an ``IntroInvite`` for the address (the existing one when it was invited already),
    with the expectations when given; the same e-mail as an invitation (date, calendar file, own link).
    Refused like ``invite_to_introduction``.
    """
    with transaction.atomic():
        existing = trajectory.intro_invites.filter(email__iexact=email).first()
        if existing is None:
            (existing,) = invite_to_introduction(trajectory=trajectory, people=[(name, email)])
        if expectations.strip():
            note_expectations(invite=existing, expectations=expectations)
    return existing


def note_expectations(*, invite: IntroInvite, expectations: str) -> IntroInvite:
    """An invitee writes down (or changes) what they expect of guided intervision, before or after the
    introduction. Side effects: the text and when it was written are saved; nothing is sent. Only the
    provider's begeleiders read it (not the client: it is the participant's own voice)."""
    invite.expectations = expectations.strip()
    invite.responded_at = timezone.now()
    invite.save(update_fields=["expectations", "responded_at"])
    return invite


def set_trajectory_state(
    trajectory: Trajectory, new_state: str, *, by, fields: dict | None = None, note: str = ""
) -> Trajectory:
    """The one place where a trajectory's state changes. Returns the trajectory as saved.

    Side effects, in order:

    1. lock the trajectory's row and read it again under the lock (a double click or a second tab
       meets the new state and is refused, not applied twice);
    2. validate, with a Dutch message (``TransitionRefused``): ``new_state`` follows the current state
       in ``TRANSITIONS``; ``fields`` holds only what this step writes (``STEP_FIELDS``); a talk has a
       start before its end; a decline or cancellation has a reason the client will read;
    3. save the fields, the state, when it changed, and clear the reminder (a new step starts its own
       waiting time);
    4. audit log ``trajectory.<new_state>`` with the state it came from (and ``note``);
    5. e-mail the client for the steps in ``CLIENT_EMAILS`` (the talk with its calendar file, also
       to the begeleider; the introduction with its calendar file and the link to share with the
       group, and to everyone already invited when it moves; a decline or cancellation with its
       reason).
    """
    new_state = TrajectoryState(new_state)
    fields = dict(fields or {})
    with transaction.atomic():
        current = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        old_state = current.state
        if new_state not in TRANSITIONS[old_state]:
            raise TransitionRefused(
                _("Dit kan nu niet: het traject staat op “%(state)s”.")
                % {"state": TrajectoryState(old_state).label}
            )
        unknown = set(fields) - STEP_FIELDS[new_state]
        if unknown:
            raise TransitionRefused(
                _("Deze stap kan %(fields)s niet wijzigen.") % {"fields": ", ".join(sorted(unknown))}
            )
        if new_state == S.TALK_PLANNED:
            starts, ends = fields.get("talk_starts_at"), fields.get("talk_ends_at")
            if not starts or not ends or ends <= starts:
                raise TransitionRefused(_("Kies een begin en een einde na het begin voor het gesprek."))
        if new_state == S.INTRODUCTION_PLANNED:
            starts, ends = fields.get("intro_starts_at"), fields.get("intro_ends_at")
            if not starts or not ends or ends <= starts:
                raise TransitionRefused(_("Kies een begin en een einde na het begin voor de kennismaking."))
        if new_state == S.INTRODUCTION_HELD and not str(fields.get("agreed_focus", "")).strip():
            raise TransitionRefused(_("Schrijf de afgesproken focus op: die komt in de offerte."))
        if (
            new_state in {S.TALK_DECLINED, S.CANCELLED, S.QUOTE_DECLINED}
            and not str(fields.get("decline_reason", "")).strip()
        ):
            raise TransitionRefused(_("Schrijf een reden op: de opdrachtgever leest die."))
        for name, value in fields.items():
            setattr(current, name, value)
        current.state = new_state
        current.state_changed_at = timezone.now()
        current.reminder_sent_at = None
        current.save()
        log_action(
            actor=by,
            action=f"trajectory.{new_state}",
            obj=current,
            data={"from": old_state, **({"note": note} if note else {})},
        )
        template = CLIENT_EMAILS.get(new_state)
        if template:
            _mail_client(current, template)
    trajectory.refresh_from_db()
    return trajectory


def _mail_client(trajectory: Trajectory, template: str) -> None:
    context = {
        "trajectory": trajectory,
        "provider": trajectory.provider,
        "follow_link": follow_url(trajectory),
    }
    attachments = None
    if template == "introduction_planned":
        context["intro_link"] = intro_link_url(trajectory)
        attachments = _ics_attachment(
            "kennismaking", trajectory.intro_starts_at, trajectory.pk, introduction_ics(trajectory)
        )
        # Those already invited hear that it moved (their calendar entry updates: same UID).
        for invite in trajectory.intro_invites.all():
            email_queue(
                to=invite.email,
                template="trajectories/email/intro_invite",
                context={**context, "invite": invite, "link": intro_invite_url(invite), "moved": True},
                attachments=attachments,
            )
    if template == "talk_planned":
        attachments = _ics_attachment(
            "verkennend-gesprek", trajectory.talk_starts_at, trajectory.pk, talk_ics(trajectory)
        )
        if trajectory.begeleider is not None:
            email_queue(
                to=trajectory.begeleider,
                template=f"trajectories/email/{template}",
                context=context,
                attachments=attachments,
            )
    email_queue(
        to=trajectory.contact_email,
        template=f"trajectories/email/{template}",
        context=context,
        attachments=attachments,
    )
