"""The route of a guided trajectory (seed 001). Every change of state goes through
``set_trajectory_state``; the step functions here gather what a step needs and call it."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intervisie import geo
from intervisie.accreditation.domain import AccreditationError, IssueResult, certificates_issue
from intervisie.billing.domain import REVISABLE, LineData, create_quote, set_quote_status
from intervisie.billing.enums import QuoteStatus
from intervisie.billing.models import Quote
from intervisie.billing.money import VAT_RATE_STANDARD
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry
from intervisie.groups.domain import GroupFullError, group_save, membership_admit
from intervisie.groups.enums import Audience, Format, Frequency, TimeOfDay
from intervisie.groups.group_forms import unique_group_slug
from intervisie.groups.models import IntervisionGroup
from intervisie.meetings.calendar import PRODID as MEETINGS_PRODID
from intervisie.meetings.calendar import meeting_event
from intervisie.meetings.domain import MeetingError, meeting_plan
from intervisie.organisations.models import Organisation, OrganisationKind
from intervisie.providers.models import Provider
from intervisie.trajectories.enums import OPEN_STATES, Aspect, FeeMode, TrajectoryState
from intervisie.trajectories.models import (
    IntroInvite,
    MeetingAspects,
    ParticipantInvite,
    ReaderDocument,
    ReaderOpen,
    Trajectory,
)
from intervisie.trajectories.selectors import agreed_meetings

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

# What the quote agrees on; written on the trajectory when the quote is sent, so that the running
# trajectory (meetings, certificates, invoices) follows what the client accepted.
AGREEMENT_FIELDS = (
    "meetings_count",
    "participants_count",
    "meeting_minutes",
    "proposed_dates",
    "meeting_place",
    "fee_mode",
    "fee",
    "travel_costs",
    "reader_included",
    "invoice_moment",
    "attendance_threshold_percent",
)

# The fields each step may write (anything else in ``fields`` is refused: a step cannot slip in a change
# that belongs to another).
STEP_FIELDS: dict[str, frozenset[str]] = {
    S.TALK_PLANNED: frozenset({"talk_starts_at", "talk_ends_at", "talk_location", "begeleider"}),
    S.TALK_DECLINED: frozenset({"decline_reason", "talk_notes"}),
    S.INTRODUCTION_PLANNED: frozenset({"intro_starts_at", "intro_ends_at", "intro_location", "talk_notes"}),
    S.INTRODUCTION_HELD: frozenset({"agreed_focus"}),
    S.QUOTE_SENT: frozenset({"quote", *AGREEMENT_FIELDS}),
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
    S.QUOTE_SENT: "quote_sent",
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
        if new_state == S.QUOTE_SENT and not fields.get("quote"):
            raise TransitionRefused(_("Een offerte verstuur je met het formulier voor de offerte."))
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
    if template == "quote_sent":
        context["quote"] = trajectory.quote
        context["quote_link"] = quote_link(trajectory.quote)
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


# --- Step 4 and 5: the quote and the client's answer ------------------------------------------------------

QUOTE_LINK_SALT = "trajectories.quote-answer"


def quote_link(quote: Quote) -> str:
    """The client's link to one version of a quote: signed (it cannot be guessed or changed into another
    quote's link) and for this purpose only (the salt). It stops working for an answer when the quote
    expires or is answered, which the quote's own status says; the signature needs no expiry of its own."""
    # No timestamp in it: the same quote always has the same link (in the e-mail, on the follow page).
    value = signing.Signer(salt=QUOTE_LINK_SALT).sign_object(quote.pk, compress=True)
    return settings.SITE_URL + reverse("trajectories:quote_answer", args=[value])


def quote_from_link(value: str) -> Quote | None:
    try:
        pk = signing.Signer(salt=QUOTE_LINK_SALT).unsign_object(value)
    except signing.BadSignature:
        return None
    return Quote.objects.select_related("provider").filter(pk=pk).first() if isinstance(pk, int) else None


def quote_lines(*, trajectory: Trajectory, vat_rate=VAT_RATE_STANDARD) -> list[LineData]:
    """The lines of a quote for what ``trajectory`` agrees on: the guidance (per meeting or in total),
    travel costs per meeting, and the reader per participant when it has a price."""
    provider = trajectory.provider
    lines = []
    if trajectory.fee_mode == FeeMode.TOTAL:
        lines.append(
            LineData(
                description=_("Begeleid intervisietraject: %(n)s bijeenkomsten van %(minutes)s minuten")
                % {"n": trajectory.meetings_count, "minutes": trajectory.meeting_minutes},
                quantity=Decimal(1),
                unit_price=trajectory.fee,
                vat_rate=vat_rate,
            )
        )
    else:
        lines.append(
            LineData(
                description=_("Begeleiding van een intervisiebijeenkomst (%(minutes)s minuten)")
                % {"minutes": trajectory.meeting_minutes},
                quantity=Decimal(trajectory.meetings_count),
                unit_price=trajectory.fee,
                vat_rate=vat_rate,
            )
        )
    if trajectory.travel_costs:
        lines.append(
            LineData(
                description=_("Reiskosten per bijeenkomst"),
                quantity=Decimal(trajectory.meetings_count),
                unit_price=trajectory.travel_costs,
                vat_rate=vat_rate,
            )
        )
    if trajectory.reader_included and provider.reader_price:
        lines.append(
            LineData(
                description=_("Reader over intervisie, per deelnemer"),
                quantity=Decimal(trajectory.participants_count),
                unit_price=provider.reader_price,
                vat_rate=vat_rate,
            )
        )
    return lines


def send_quote(
    *,
    trajectory: Trajectory,
    agreement: dict,
    introduction: str,
    terms: str,
    valid_until,
    by,
) -> Quote:
    """Step 4: the begeleider sends the client a quote for what ``agreement`` says (the fields of
    ``AGREEMENT_FIELDS``), after the introduction or after the client asked for a change.

    Side effects, in order (one transaction: a refused step leaves no quote and no used number):
    1. lock the trajectory and check that a quote can be sent now (``TransitionRefused``);
    2. make the quote (``billing.create_quote``): a first quote gets the provider's next number; when
       the trajectory already has one that was sent, this is its next version and the old one is
       marked superseded;
    3. mark it sent (``billing.set_quote_status``);
    4. ``set_trajectory_state`` to "quote sent" with the agreement and the quote: audit log and the
       client's e-mail with the signed link to read, download and answer it.
    """
    with transaction.atomic():
        current = (
            Trajectory.objects.select_for_update(of=("self",))
            .select_related("provider", "quote")
            .get(pk=trajectory.pk)
        )
        if S.QUOTE_SENT not in TRANSITIONS[current.state]:
            raise TransitionRefused(
                _("Dit kan nu niet: het traject staat op “%(state)s”.")
                % {"state": TrajectoryState(current.state).label}
            )
        for name, value in agreement.items():
            setattr(current, name, value)  # unsaved: to build the lines from
        previous = current.quote
        quote = create_quote(
            provider=current.provider,
            recipient={
                "recipient_organisation": current.organisation_name,
                "recipient_name": current.contact_name,
                "recipient_email": current.contact_email,
            },
            subject=_("Begeleide intervisie voor %(organisation)s")
            % {"organisation": current.organisation_name},
            introduction=introduction,
            terms=terms,
            valid_until=valid_until,
            lines=quote_lines(trajectory=current),
            by=by,
            supersedes=previous if previous is not None and previous.status in REVISABLE else None,
        )
        quote = set_quote_status(quote=quote, status=QuoteStatus.SENT, by=by)
        set_trajectory_state(current, S.QUOTE_SENT, by=by, fields={**agreement, "quote": quote})
    trajectory.refresh_from_db()
    return quote


class QuoteAnswer:
    ACCEPT = "accept"
    DECLINE = "decline"
    CHANGE = "change"


ANSWER_STATES = {
    QuoteAnswer.ACCEPT: (QuoteStatus.ACCEPTED, S.RUNNING),
    QuoteAnswer.DECLINE: (QuoteStatus.DECLINED, S.QUOTE_DECLINED),
    QuoteAnswer.CHANGE: (QuoteStatus.CHANGE_REQUESTED, S.CHANGE_REQUESTED),
}


def answer_quote(
    *, quote: Quote, answer: str, name: str = "", function: str = "", note: str = "", ip=None
) -> Trajectory:
    """Step 5: the client answers the quote through its link, without an account: accept (with their
    name and function; time and IP recorded), decline (with a reason) or ask for a change.

    Side effects, in order (one transaction):
    1. lock the trajectory the quote belongs to, then the quote (always in that order, so two tabs
       wait for each other): a quote that is no longer the trajectory's current one is refused;
    2. ``billing.set_quote_status``: a second answer (double click, two tabs), an expired quote or a
       missing name or function is refused with a Dutch message and nothing changes;
    3. ``set_trajectory_state``: accepted → the trajectory runs (with its side effects); declined →
       closed with the reason; change → the begeleider makes a new version;
    4. e-mail to the provider's begeleiders with the answer.
    """
    quote_status, new_state = ANSWER_STATES[answer]
    with transaction.atomic():
        trajectory = (
            Trajectory.objects.select_for_update().select_related("provider").filter(quote=quote).first()
        )
        if trajectory is None:
            raise TransitionRefused(
                _("Deze offerte is vervangen door een nieuwere versie. Gebruik de link in de laatste e-mail.")
            )
        set_quote_status(quote=quote, status=quote_status, name=name, function=function, note=note, ip=ip)
        fields = {"decline_reason": note} if new_state == S.QUOTE_DECLINED else {}
        set_trajectory_state(
            trajectory, new_state, by=None, fields=fields, note=note if answer == QuoteAnswer.CHANGE else ""
        )
        if new_state == S.RUNNING:
            start_trajectory(trajectory=trajectory, by=None)
        quote.refresh_from_db()
        context = {
            "trajectory": trajectory,
            "provider": trajectory.provider,
            "quote": quote,
            "answer": answer,
            "detail_link": settings.SITE_URL + reverse("trajectories:detail", args=[trajectory.pk]),
        }
        addresses = {
            trajectory.provider.email,
            *trajectory.provider.members.values_list("user__email", flat=True),
        }
        for address in sorted(addresses):
            email_queue(to=address, template="trajectories/email/quote_answered", context=context)
    trajectory.refresh_from_db()
    return trajectory


# --- Step 6: the trajectory runs --------------------------------------------------------------------------


def participant_invite_url(invite: ParticipantInvite) -> str:
    return settings.SITE_URL + reverse("trajectories:participate", args=[invite.token])


def _unique_organisation_slug(name: str) -> str:
    base = slugify(name)[:150].strip("-") or "organisatie"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _client_organisation(trajectory: Trajectory) -> Organisation:
    """The organisation the group belongs to: the client's own when the request came from their account;
    otherwise a new one named after the client (a name another organisation already uses gets the
    provider's name added, so a group never lands with managers who did not ask for it)."""
    if trajectory.client_organisation_id:
        return trajectory.client_organisation
    name = trajectory.organisation_name.strip()[:150]
    if Organisation.objects.filter(name=name).exists():
        name = f"{name} ({trajectory.provider.name})"[:150]
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name, slug=_unique_organisation_slug(name), kind=OrganisationKind.OTHER
        )
    if trajectory.client_user_id:
        organisation.managers.add(trajectory.client_user_id)
    return organisation


def _trajectory_group(trajectory: Trajectory, *, by) -> IntervisionGroup:
    """The group the trajectory guides: the existing group it was asked for, or a new one, closed for
    sign-ups (its participants come through the invitations) and not in the directory's open list."""
    if trajectory.existing_group_id:
        return trajectory.existing_group
    online = trajectory.meeting_place.strip().lower() == "online"
    name = (_("Begeleide intervisie %(organisation)s") % {"organisation": trajectory.organisation_name})[:120]
    begeleider = trajectory.begeleider or trajectory.provider.members.order_by("pk").first().user
    # The directory places a group by its coordinates; an unknown place leaves the group without (it is
    # closed for sign-ups anyway).
    location = None if online else geo.locate(trajectory.place)
    group = IntervisionGroup(
        name=name,
        slug=unique_group_slug(name),
        organisation=_client_organisation(trajectory),
        description=(trajectory.agreed_focus or trajectory.question)[:3000],
        audience=Audience.GEZINSHUISOUDERS,
        format=Format.ONLINE if online else Format.IN_PERSON,
        place="" if online else trajectory.place[:80],
        municipality="" if online else trajectory.place[:80],
        province=location.province if location else "",
        latitude=location.latitude if location else None,
        longitude=location.longitude if location else None,
        contact_email=trajectory.provider.email,
        contact_phone=trajectory.provider.phone,
        has_begeleider=True,
        begeleider=begeleider,
        min_members=min(4, trajectory.participants_count),
        max_members=trajectory.participants_count,
        is_closed=True,
        has_waitlist=False,
        frequency=Frequency.SIX_WEEKLY,
        time_of_day=TimeOfDay.EVENING,
    )
    return group_save(group=group, by=by, created=True)


def start_trajectory(*, trajectory: Trajectory, by=None) -> Trajectory:
    """Step 6, right after the client accepted: give the trajectory its group, meetings and participants.
    Called inside ``answer_quote``'s transaction, so an acceptance and its group stand or fall together.

    Side effects, in order:
    1. the group: the existing one it was requested for, or a new closed group of the client's
       organisation with the provider's begeleider (``groups.group_save``); saved on the trajectory;
    2. a meeting per quoted date (``meetings.meeting_plan`` without e-mail: nobody is in the group yet;
       the invitations below carry the dates), the first one the start meeting where the group makes
       its charter; a date that has passed meanwhile is left out and logged;
    3. a ``ParticipantInvite`` for everyone invited to the introduction, each e-mailed a personal link
       (an account is made or used on first login) with the dates and the calendar file;
    4. audit log ``trajectory.started`` with the counts.
    """
    trajectory = Trajectory.objects.select_related("provider", "begeleider", "existing_group").get(
        pk=trajectory.pk
    )
    group = _trajectory_group(trajectory, by=by)
    Trajectory.objects.filter(pk=trajectory.pk).update(group=group)
    trajectory.group = group
    now = timezone.now()
    meetings, skipped = [], 0
    moments = sorted(datetime.fromisoformat(value) for value in trajectory.proposed_dates)
    total = len(moments)
    online = group.format == Format.ONLINE
    for number, starts_at in enumerate(moments, start=1):
        if starts_at <= now:
            skipped += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            title = (
                _("Startbijeenkomst")
                if number == 1
                else _("Bijeenkomst %(number)s van %(count)s") % {"number": number, "count": total}
            )
        try:
            meeting = meeting_plan(
                group=group,
                by=by,
                notify=False,
                title=title,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=trajectory.meeting_minutes),
                format=Format.ONLINE if online else Format.IN_PERSON,
                location="" if online else trajectory.meeting_place,
                is_start_meeting=number == 1,
            )
        except (MeetingError, ValidationError):
            # The client's acceptance stands; the begeleider plans a refused date by hand.
            skipped += 1
            continue
        meetings.append(meeting)
    invites = []
    for intro in trajectory.intro_invites.order_by("name"):
        invite, created = ParticipantInvite.objects.get_or_create(
            trajectory=trajectory, email=intro.email, defaults={"name": intro.name}
        )
        if created:
            invites.append(invite)
    for invite in invites:
        email_queue(
            to=invite.email,
            template="trajectories/email/participant_invite",
            context={
                "trajectory": trajectory,
                "provider": trajectory.provider,
                "group": group,
                "invite": invite,
                "meetings": meetings,
                "link": participant_invite_url(invite),
            },
            attachments=_meetings_ics_attachment(trajectory, meetings),
        )
    log_action(
        actor=by,
        action="trajectory.started",
        obj=trajectory,
        data={
            "group": group.pk,
            "meetings": len(meetings),
            "skipped_dates": skipped,
            "invited": len(invites),
        },
    )
    return trajectory


def _meetings_ics_attachment(trajectory: Trajectory, meetings: list) -> list[dict] | None:
    if not meetings:
        return None
    # The meetings' own UIDs: a later change of a meeting updates the entry people already have.
    now = timezone.now()
    entries = [meeting_event(meeting, now=now) for meeting in meetings]
    content = ics_calendar(prodid=MEETINGS_PRODID, entries=entries)
    return _ics_attachment("bijeenkomsten", meetings[0].starts_at, trajectory.pk, content)


def accept_participation(*, invite: ParticipantInvite, user) -> ParticipantInvite:
    """A participant takes up their invitation while logged in: they become a member of the trajectory's
    group (``groups.membership_admit``, race-safe on the group's places).

    Side effects, in order: lock the invitation; refused (``TransitionRefused``) when another account
    took it already or the trajectory no longer runs; membership; the invitation records who and when;
    audit log ``trajectory.participant_joined``.
    """
    with transaction.atomic():
        invite = ParticipantInvite.objects.select_for_update().select_related("trajectory").get(pk=invite.pk)
        trajectory = invite.trajectory
        if invite.accepted_by_id and invite.accepted_by_id != user.pk:
            raise TransitionRefused(_("Deze uitnodiging is al gebruikt door een ander account."))
        if trajectory.state not in {S.RUNNING} or trajectory.group_id is None:
            raise TransitionRefused(_("Dit traject loopt niet (meer). Neem contact op met de begeleider."))
        try:
            membership_admit(
                user=user,
                group=trajectory.group,
                by=user,
                reason=_("Uitgenodigd voor het begeleide traject"),
            )
        except GroupFullError as full:
            raise TransitionRefused(str(full)) from full
        if invite.accepted_by_id is None:
            invite.accepted_by = user
            invite.accepted_at = timezone.now()
            invite.save(update_fields=["accepted_by", "accepted_at"])
            log_action(
                actor=user, action="trajectory.participant_joined", obj=trajectory, data={"invite": invite.pk}
            )
    return invite


# --- The reader ---------------------------------------------------------------------------------------------

READER_MAX_BYTES = 5 * 1024 * 1024


def reader_document_add(*, provider: Provider, title: str, upload, by) -> ReaderDocument:
    """A begeleider adds a PDF of their own to the provider's reader (every trajectory's participants
    see it). Checked by content, not by name: it must start as a PDF does and be at most 5 MB.

    Side effects: the file is stored; audit log ``reader.document_added``."""
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Geef het document een titel.")
    if upload.size > READER_MAX_BYTES:
        errors["file"] = _("Dit bestand is te groot. Een document mag hoogstens 5 MB zijn.")
    else:
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            errors["file"] = _("Dit is geen pdf-bestand. Sla het document op als pdf en probeer het opnieuw.")
    if errors:
        raise ValidationError(errors)
    document = ReaderDocument(provider=provider, title=title[:200], uploaded_by=by)
    document.file.save(f"{slugify(title)[:60] or 'document'}.pdf", upload, save=True)
    log_action(actor=by, action="reader.document_added", obj=document, data={"provider": provider.pk})
    return document


def reader_document_remove(*, document: ReaderDocument, by) -> None:
    """Side effects: audit log ``reader.document_removed``; the row is deleted, and the stored file after
    the transaction commits."""
    log_action(actor=by, action="reader.document_removed", obj=document, data={"title": document.title})
    storage, name = document.file.storage, document.file.name
    document.delete()
    # The file goes only when the deletion is committed: a rolled-back request keeps a working document.
    transaction.on_commit(lambda: storage.delete(name))


def reader_opened(*, trajectory: Trajectory, user) -> None:
    """Record the first time a participant opens the reader (the begeleider sees who did)."""
    ReaderOpen.objects.get_or_create(trajectory=trajectory, user=user)


# --- During the trajectory: the aspects practised per meeting ----------------------------------------------


def note_meeting_aspects(*, trajectory: Trajectory, meeting, aspects: list[str], by) -> MeetingAspects:
    """The begeleider notes which of seed 001's four aspects a meeting practised (for the report).

    Side effects: refused (``TransitionRefused``) for a meeting of another group or an unknown aspect;
    the note is saved (one per meeting, replaced when noted again); audit log
    ``trajectory.aspects_noted``."""
    if trajectory.group_id is None or meeting.group_id != trajectory.group_id:
        raise TransitionRefused(_("Deze bijeenkomst hoort niet bij dit traject."))
    unknown = set(aspects) - set(Aspect.values)
    if unknown:
        raise TransitionRefused(_("Kies onderdelen uit de lijst."))
    ordered = [value for value in Aspect.values if value in set(aspects)]
    note, _created = MeetingAspects.objects.update_or_create(
        meeting=meeting, defaults={"trajectory": trajectory, "aspects": ordered, "noted_by": by}
    )
    log_action(
        actor=by,
        action="trajectory.aspects_noted",
        obj=trajectory,
        data={"meeting": meeting.pk, "aspects": ordered},
    )
    return note


# --- Step 8: closing with certificates ----------------------------------------------------------------------


def certificate_minimum(*, meetings_held: int, threshold_percent: int) -> int:
    """How many meetings someone must have attended for the certificate: the threshold share of the
    meetings held, rounded up (80 % of 6 is 4.8, so 5), at least 1. Pure."""
    return max(1, math.ceil(meetings_held * threshold_percent / 100))


def close_trajectory(*, trajectory: Trajectory, by) -> IssueResult:
    """Step 8: after the report went to the client, the begeleider closes the trajectory; everyone who
    attended at least the threshold share of its meetings gets a certificate with a verification code.

    Side effects, in order (one transaction):
    1. refused (``TransitionRefused``) unless the report was sent, or when no meeting was held;
    2. ``accreditation.certificates_issue`` for the group over the trajectory's period with the minimum
       from ``certificate_minimum`` (it locks the group, skips who has one already, audit logs and
       e-mails each person);
    3. ``set_trajectory_state`` to "closed" (audit log with the counts).
    """
    with transaction.atomic():
        current = (
            Trajectory.objects.select_for_update(of=("self",))
            .select_related("provider", "group")
            .get(pk=trajectory.pk)
        )
        if S.CLOSED not in TRANSITIONS[current.state] or current.group_id is None:
            raise TransitionRefused(
                _("Dit kan nu niet: het traject staat op “%(state)s”.")
                % {"state": TrajectoryState(current.state).label}
            )
        now = timezone.now()
        # The trajectory's own meetings: an existing group's older meetings do not count.
        held = [meeting for meeting in agreed_meetings(current) if meeting.ends_at <= now]
        if not held:
            raise TransitionRefused(
                _("Er is nog geen bijeenkomst geweest. Sluit het traject af na de laatste.")
            )
        minimum = certificate_minimum(
            meetings_held=len(held), threshold_percent=current.attendance_threshold_percent
        )
        try:
            result = certificates_issue(
                group=current.group,
                by=by,
                title=_("Begeleid intervisietraject met %(provider)s") % {"provider": current.provider.name},
                min_meetings=minimum,
                period_start=timezone.localdate(held[0].starts_at),
                period_end=timezone.localdate(held[-1].starts_at),
                now=now,
            )
        except AccreditationError as refused:
            raise TransitionRefused(str(refused)) from refused
        set_trajectory_state(
            current,
            S.CLOSED,
            by=by,
            note=_("%(issued)s certificaten, %(too_few)s te weinig aanwezig")
            % {"issued": len(result.issued), "too_few": len(result.too_few)},
        )
    trajectory.refresh_from_db()
    return result


# --- Overviews: who a step waits on, and a reminder when it waits too long -----------------------------------


class WaitsOn:
    PROVIDER = "provider"
    CLIENT = "client"
    GROUP = "group"


# Who must act for the trajectory to move on, per open state.
WAITS_ON = {
    S.REQUESTED: WaitsOn.PROVIDER,
    S.TALK_PLANNED: WaitsOn.PROVIDER,
    S.INTRODUCTION_PLANNED: WaitsOn.PROVIDER,
    S.INTRODUCTION_HELD: WaitsOn.PROVIDER,
    S.QUOTE_SENT: WaitsOn.CLIENT,
    S.CHANGE_REQUESTED: WaitsOn.PROVIDER,
    S.RUNNING: WaitsOn.PROVIDER,
    S.REPORTING: WaitsOn.GROUP,
    S.REPORT_SENT: WaitsOn.PROVIDER,
}
# States whose waiting is a planned date, not someone's task: no reminder.
NO_REMINDER = frozenset({S.TALK_PLANNED, S.INTRODUCTION_PLANNED, S.RUNNING})


def trajectory_reminders_send(*, now=None) -> int:
    """E-mail a reminder for every trajectory that has waited longer than
    ``settings.TRAJECTORY_REMINDER_DAYS`` in a step that needs someone's action: the provider's
    begeleiders for their steps, the client for an unanswered quote (with its link). Once per step:
    ``reminder_sent_at`` is set under a row lock and cleared by ``set_trajectory_state``. Returns the number
    of trajectories reminded. Idempotent: the scheduler may run it as often as it likes."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TRAJECTORY_REMINDER_DAYS)
    states = [state for state in WAITS_ON if state not in NO_REMINDER and WAITS_ON[state] != WaitsOn.GROUP]
    due = Trajectory.objects.filter(
        state__in=states, state_changed_at__lte=cutoff, reminder_sent_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            trajectory = (
                Trajectory.objects.select_for_update(of=("self",))
                .select_related("provider", "quote")
                .filter(pk=pk, reminder_sent_at__isnull=True, state_changed_at__lte=cutoff)
                .first()
            )
            if trajectory is None:
                continue
            context = {
                "trajectory": trajectory,
                "provider": trajectory.provider,
                "days": (now - trajectory.state_changed_at).days,
            }
            if WAITS_ON[trajectory.state] == WaitsOn.CLIENT:
                context["link"] = (
                    quote_link(trajectory.quote) if trajectory.quote_id else follow_url(trajectory)
                )
                email_queue(
                    to=trajectory.contact_email,
                    template="trajectories/email/reminder_client",
                    context=context,
                )
            else:
                context["link"] = settings.SITE_URL + reverse("trajectories:detail", args=[trajectory.pk])
                addresses = sorted(set(trajectory.provider.members.values_list("user__email", flat=True)))
                for address in addresses:
                    email_queue(to=address, template="trajectories/email/reminder_provider", context=context)
            trajectory.reminder_sent_at = now
            trajectory.save(update_fields=["reminder_sent_at"])
            log_action(
                actor=None, action="trajectory.reminded", obj=trajectory, data={"state": trajectory.state}
            )
            sent += 1
    return sent
