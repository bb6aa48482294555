"""Themed events ("Versterken"): creating and publishing them, registration with capacity and a
waitlist, coaches, who sits in which breakout, attendance and evaluations. Composing breakouts with
the solver is in ``composition``, which changes state only through the functions here.

Every state change goes through one keyword-only function here that validates, saves, writes the
audit log and queues e-mail, in that order and in one transaction. Two workflows have one transition
function each, and every named verb is a thin call to it: ``set_registration_status`` (register,
waitlist, promote, cancel, accept a coach invitation) and ``set_breakouts`` (compose, move, pin,
send, leave). Seats are checked and taken under a row lock on the event (``lock_event``; on SQLite
the IMMEDIATE transaction mode serialises writers), so two people taking the last seat at once
cannot both get it.
"""

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry
from intervisie.common.video import video_provider
from intervisie.events.enums import EventStatus, ParticipantRole, RegistrationKind, RegistrationStatus
from intervisie.events.models import Breakout, CoachInvite, Event, EventEvaluation, Registration

PRODID = "-//Intervisiewijzer//Themabijeenkomsten//NL"
EVENT_FIELDS = (
    "title",
    "description",
    "expert_name",
    "expert_bio",
    "organisation",
    "plenary_starts_at",
    "plenary_ends_at",
    "breakout_starts_at",
    "breakout_ends_at",
    "capacity",
    "registration_deadline",
    "audiences",
    "video_provider",
    "hours_eligible",
    "group_min",
    "group_max",
    "pair_rule",
    "composition_priority",
)
# Fields that change what a calendar shows: a change raises the iCalendar SEQUENCE and tells people.
CALENDAR_FIELDS = ("title", "plenary_starts_at", "plenary_ends_at", "breakout_starts_at", "breakout_ends_at")
REGISTRATION_FIELDS = ("role", "organisation", "organisation_other", "gezinshuis", "region", "preferences")


class EventError(Exception):
    """A change that is not possible; the message is Dutch and meant for the person."""


# --- Small helpers ---------------------------------------------------------------------------------


def event_url(event: Event, name: str = "events:detail") -> str:
    return settings.SITE_URL + reverse(name, args=[event.slug])


def lock_event(event_id: int) -> Event:
    """The event, read again with its row locked until the transaction ends. Every change to an
    event, its registrations or its breakouts takes this lock first, so they happen one at a time
    (on SQLite the IMMEDIATE transaction mode already serialises writers)."""
    return Event.objects.select_for_update(of=("self",)).get(pk=event_id)


def _unique_slug(title: str, start: datetime) -> str:
    base = slugify(f"{title} {timezone.localtime(start):%Y-%m-%d}")[:120] or "bijeenkomst"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def seats_taken(event: Event) -> int:
    return event.registrations.filter(
        kind=RegistrationKind.PARTICIPANT, status=RegistrationStatus.CONFIRMED
    ).count()


def event_problems(data: dict, *, now: datetime | None = None, check_past: bool = True) -> dict[str, str]:
    """Field → Dutch message for times and sizes that do not fit together. Empty when all is well."""
    now = now or timezone.now()
    problems = {}
    ps, pe = data.get("plenary_starts_at"), data.get("plenary_ends_at")
    bs, be = data.get("breakout_starts_at"), data.get("breakout_ends_at")
    deadline = data.get("registration_deadline")
    if ps and pe and pe <= ps:
        problems["plenary_ends_at"] = _("Het plenaire deel moet eindigen na het begin.")
    if bs and be and be <= bs:
        problems["breakout_ends_at"] = _("De kleine groepen moeten eindigen na hun begin.")
    if pe and bs and bs < pe:
        problems["breakout_starts_at"] = _("De kleine groepen beginnen pas als het plenaire deel klaar is.")
    if check_past and ps and ps <= now:
        problems["plenary_starts_at"] = _("Kies een moment in de toekomst.")
    if check_past and deadline and deadline <= now:
        problems["registration_deadline"] = _(
            "Kies een moment in de toekomst, anders kan niemand zich aanmelden."
        )
    if deadline and ps and deadline > ps:
        problems["registration_deadline"] = _("Aanmelden moet sluiten voordat de bijeenkomst begint.")
    gmin, gmax = data.get("group_min"), data.get("group_max")
    if gmin and gmax and gmin > gmax:
        problems["group_max"] = _("Het maximum per groep moet minstens zo groot zijn als het minimum.")
    if data.get("audiences") is not None and not data.get("audiences"):
        problems["audiences"] = _("Kies voor wie de bijeenkomst is.")
    return problems


# --- Events --------------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, by, fields: dict) -> Event:
    """Create an event (as a draft) with its plenary video room; ``by`` becomes its organiser.

    Side effects, in order: validate; save with a new slug and plenary room; add ``by`` as organiser;
    audit log ``event.created``.
    """
    problems = event_problems(fields)
    if problems:
        raise EventError(next(iter(problems.values())))
    event = Event(**{name: fields[name] for name in EVENT_FIELDS if name in fields})
    event.slug = _unique_slug(event.title, event.plenary_starts_at)
    event.plenary_room = video_provider(event.video_provider).new_room()
    event.created_by = by
    event.save()
    event.organisers.add(by)
    log_action(actor=by, action="event.created", obj=event)
    return event


@transaction.atomic
def event_update(*, event: Event, by, fields: dict) -> Event:
    """Change an event. A change of time raises the calendar SEQUENCE and e-mails everyone registered.

    Side effects, in order: lock the event; validate (a capacity below the seats already taken is
    refused); save the changed fields; audit log ``event.updated`` with the field names; e-mail the
    registered people when the times changed (with the updated calendar file).
    """
    event = lock_event(event.pk)
    if event.is_past:
        # Attendance and reflection hours refer to the times and settings as they were.
        raise EventError(_("Deze bijeenkomst is voorbij. Je kunt hem niet meer wijzigen."))
    if event.is_cancelled:
        raise EventError(_("Deze bijeenkomst is afgezegd. Je kunt hem niet meer wijzigen."))
    check_past = fields.get("plenary_starts_at") != event.plenary_starts_at
    problems = event_problems(fields, check_past=check_past)
    if problems:
        raise EventError(next(iter(problems.values())))
    taken = seats_taken(event)
    if "capacity" in fields and fields["capacity"] < taken:
        raise EventError(
            _("Er zijn al %(taken)d mensen aangemeld. Kies minstens %(taken)d plaatsen.") % {"taken": taken}
        )
    changed = [name for name in EVENT_FIELDS if name in fields and getattr(event, name) != fields[name]]
    if not changed:
        return event
    for name in changed:
        setattr(event, name, fields[name])
    update_fields = [*changed, "updated_at"]
    times_changed = any(name in CALENDAR_FIELDS for name in changed)
    if times_changed:
        event.sequence += 1
        update_fields.append("sequence")
    event.save(update_fields=update_fields)
    log_action(actor=by, action="event.updated", obj=event, data={"fields": changed})
    if "capacity" in changed:
        waitlist_promote(event=event, by=by)
    if times_changed and event.is_published:
        waiting = event.registrations.filter(status=RegistrationStatus.WAITLIST).select_related(
            "user", "event"
        )
        for registration in [*_active_registrations(event), *waiting]:
            _mail(registration, "events/email/changed", attach_ics=registration.is_active)
    return event


@transaction.atomic
def event_publish(*, event: Event, by) -> Event:
    """Open a draft event for registration.

    Side effects, in order: lock; check it is a draft; save the status; audit log ``event.published``.
    """
    event = lock_event(event.pk)
    if event.status != EventStatus.DRAFT:
        raise EventError(_("Deze bijeenkomst is al gepubliceerd of afgelast."))
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    log_action(actor=by, action="event.published", obj=event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, by, reason: str) -> Event:
    """Call off an event. Everyone registered (and on the waitlist) gets an e-mail with a cancelled
    calendar entry.

    Side effects, in order: lock; check it is not past or cancelled; save status and sequence; audit
    log ``event.cancelled``; e-mail every registered and waitlisted person and coach.
    """
    event = lock_event(event.pk)
    if event.status == EventStatus.DRAFT:
        # A draft was never public: cancelling would publish it as "afgelast". Delete it instead.
        raise EventError(_("Een concept zeg je niet af: verwijder het."))
    if event.is_cancelled:
        raise EventError(_("Deze bijeenkomst is al afgezegd."))
    if event.is_past:
        raise EventError(_("Deze bijeenkomst is al voorbij."))
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    log_action(actor=by, action="event.cancelled", obj=event)
    people = event.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related("user", "event")
    for registration in people:
        _mail(registration, "events/email/cancelled", {"reason": reason}, attach_ics=True)
    return event


@transaction.atomic
def event_delete_draft(*, event: Event, by) -> None:
    """Delete an event that was never published (nobody could register for it).

    Side effects, in order: lock; check it is a draft; audit log ``event.draft_deleted``; delete
    (its coach invitations go with it).
    """
    event = lock_event(event.pk)
    if event.status != EventStatus.DRAFT:
        raise EventError(_("Alleen een concept kun je verwijderen. Zeg een gepubliceerde bijeenkomst af."))
    log_action(actor=by, action="event.draft_deleted", obj=event, data={"title": event.title})
    event.delete()


def _active_registrations(event: Event):
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "user", "event", "breakout"
    )


# --- Registration -----------------------------------------------------------------------------------

S = RegistrationStatus

# The statuses a registration may take next. ``None`` stands for "not registered": no row yet, or a
# cancelled one, which registering again starts over (at the end of the queue). Registering is the
# only way on from "cancelled"; the waitlist leads to a seat only through promotion.
TRANSITIONS: dict[RegistrationStatus | None, set[RegistrationStatus]] = {
    None: {S.CONFIRMED, S.WAITLIST},
    S.WAITLIST: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.CANCELLED},
    S.CANCELLED: set(),
}


def registration_problems(fields: dict) -> dict[str, str]:
    """Field → Dutch message. A youth-care worker names the gezinshuis they work with; a
    gezinshuisouder their own, so the two can be kept apart (or together) in the breakouts."""
    problems = {}
    role = fields.get("role")
    if role == ParticipantRole.JEUGDZORGWERKER and not fields.get("gezinshuis", "").strip():
        problems["gezinshuis"] = _("Vul in bij welk gezinshuis je betrokken bent.")
    if role == ParticipantRole.GEZINSHUISOUDER and not fields.get("gezinshuis", "").strip():
        problems["gezinshuis"] = _("Vul de naam van je gezinshuis in.")
    if not fields.get("organisation") and not fields.get("organisation_other", "").strip():
        problems["organisation"] = _("Kies je organisatie, of vul de naam in bij ‘Andere organisatie’.")
    return problems


@transaction.atomic
def set_registration_status(
    registration: Registration,
    new_status: RegistrationStatus,
    *,
    by,
    kind: RegistrationKind | None = None,
    fields: dict | None = None,
    invite: CoachInvite | None = None,
) -> Registration:
    """The one place where a registration's status changes. Returns the registration as saved.

    Three kinds of step (``TRANSITIONS``):

    - registering (``kind`` given; ``registration`` may be unsaved): from no registration or a
      cancelled one to confirmed (a participant takes a seat, a coach none) or the waitlist. The
      registration starts over: its kind, ``fields``, the end of the queue, no group, none sent,
      not pinned, no attendance. A coach has no role, gezinshuis or wishes.
    - accepting a coach invitation (``invite`` given): registering as coach, from any status and
      also after the deadline; a participant gives up their seat.
    - a step of an existing registration: waitlist → confirmed (promotion to a free seat), confirmed
      or waitlist → cancelled.

    Side effects, in order:

    1. lock the event (then the invitation), and read the registration again under the lock;
    2. validate, with a Dutch message: the step is in ``TRANSITIONS``; registering: the event is
       open (published, before the deadline), the person is not registered yet, a participant's
       fields are complete, a seat is free for "confirmed"; an invitation: unused, the event not
       cancelled or past; promotion: a seat is free and the event not cancelled or started;
       cancelling: not cancelled already, the event not past;
    3. save (``update_fields`` for an existing row); an invitation is marked accepted;
    4. cancelling: the person leaves their breakout (``set_breakouts``, LEAVE; a coach's group loses
       its coach);
    5. audit log: ``event_registration.created`` (status, kind), ``coach_invite.accepted``,
       ``event_registration.promoted`` or ``event_registration.cancelled`` (the status it had);
    6. e-mail the person: registered (with the calendar file), on the waitlist (with the position),
       promoted (with the calendar file) or cancelled (with the calendar entry marked cancelled);
       when a coach or a placed participant cancels themselves after the composition was sent,
       e-mail the organisers;
    7. when a participant's seat came free (cancelled, or a participant became coach), promote
       from the waitlist (``waitlist_promote``: this function again, once per seat).
    """
    new_status = RegistrationStatus(new_status)
    if invite is not None:
        kind = RegistrationKind.COACH
    registering = kind is not None
    event = lock_event(registration.event_id)
    if invite is not None:
        invite = CoachInvite.objects.select_for_update().get(pk=invite.pk)
    # Again under the lock: a second request may have registered or cancelled in the meantime.
    current = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(event=event, user_id=registration.user_id)
        .first()
    )
    if current is not None:
        registration = current
    registration.event = event
    old = RegistrationStatus(registration.status) if current is not None else None
    was_seated = old == S.CONFIRMED and registration.kind == RegistrationKind.PARTICIPANT

    # 2. Validate.
    if registering and new_status not in TRANSITIONS[None]:
        raise ValueError("Registering leads to a seat or the waitlist.")
    if not registering and old is None:
        raise ValueError("Only registering (with a kind) creates a registration.")
    if invite is not None:
        if invite.accepted_at:
            raise EventError(_("Deze uitnodiging is al gebruikt."))
        if event.is_cancelled or event.is_past:
            raise EventError(_("Deze bijeenkomst is voorbij of afgezegd."))
    elif registering:
        if not event.is_published:
            raise EventError(_("Aanmelden voor deze bijeenkomst kan niet (meer)."))
        if timezone.now() >= event.registration_deadline:
            raise EventError(_("Aanmelden is gesloten: de uiterste datum is voorbij."))
        if old in (S.CONFIRMED, S.WAITLIST):
            raise EventError(_("Je bent al aangemeld voor deze bijeenkomst."))
        if kind == RegistrationKind.PARTICIPANT:
            problems = registration_problems(fields or {})
            if problems:
                raise EventError(next(iter(problems.values())))
    elif new_status not in TRANSITIONS[old]:
        if old == new_status == S.CANCELLED:
            raise EventError(_("Deze aanmelding is al afgemeld."))
        raise EventError(
            _("Dit kan niet meer: de aanmelding staat nu op '%(state)s'.") % {"state": old.label}
        )
    if (
        not registering
        and new_status == S.CONFIRMED
        and (event.is_cancelled or timezone.now() >= event.plenary_starts_at)
    ):
        # A seat offered once the event has started could not be used.
        raise EventError(_("Aanmelden voor deze bijeenkomst kan niet (meer)."))
    takes_seat = new_status == S.CONFIRMED and (kind or registration.kind) == RegistrationKind.PARTICIPANT
    if takes_seat and seats_taken(event) >= event.capacity:
        raise EventError(_("De bijeenkomst is vol. Meld je aan voor de wachtlijst."))
    if new_status == S.CANCELLED and event.is_past:
        raise EventError(_("Deze bijeenkomst is al voorbij."))

    # 3. Save.
    had_group = registration.breakout_id is not None
    registration.status = new_status
    if registering:
        fields = fields or {}
        registration.kind = kind
        for name in REGISTRATION_FIELDS:
            setattr(registration, name, fields.get(name, getattr(Registration, name).field.get_default()))
        if kind == RegistrationKind.COACH:
            registration.role = registration.gezinshuis = registration.preferences = ""
        registration.queued_at = timezone.now()
        registration.breakout = registration.published_breakout = None
        registration.locked = False
        registration.attended = None
        if current is None:
            registration.save()
        else:
            registration.save(
                update_fields=[
                    "kind",
                    *REGISTRATION_FIELDS,
                    "status",
                    "queued_at",
                    "breakout",
                    "published_breakout",
                    "locked",
                    "attended",
                    "updated_at",
                ]
            )
    else:
        registration.save(update_fields=["status", "updated_at"])
    if invite is not None:
        invite.accepted_at = timezone.now()
        invite.save(update_fields=["accepted_at"])

    # 4. Leave the breakout.
    if new_status == S.CANCELLED:
        (left,) = set_breakouts({registration: None}, event=event, step=BreakoutStep.LEAVE, by=by)
        registration.breakout, registration.locked = left.breakout, left.locked

    # 5. Audit log and 6. e-mail.
    if invite is not None:
        log_action(
            actor=by, action="coach_invite.accepted", obj=invite, data={"registration": registration.pk}
        )
    elif registering:
        log_action(
            actor=by,
            action="event_registration.created",
            obj=registration,
            data={"status": new_status, "kind": kind},
        )
    elif new_status == S.CONFIRMED:
        log_action(actor=by, action="event_registration.promoted", obj=registration)
    else:
        log_action(actor=by, action="event_registration.cancelled", obj=registration, data={"was": old})
    if registering and new_status == S.CONFIRMED:
        _mail(registration, "events/email/registered", attach_ics=True)
    elif registering:
        _mail(registration, "events/email/waitlisted", {"position": waitlist_position(registration)})
    elif new_status == S.CONFIRMED:
        _mail(registration, "events/email/promoted", attach_ics=True)
    else:
        # The calendar file marks the entry cancelled, so it leaves the person's calendar.
        _mail(
            registration,
            "events/email/registration_cancelled",
            {"by_self": by == registration.user},
            attach_ics=True,
        )
        if event.published_at and (registration.is_coach or had_group) and by == registration.user:
            # The composition was sent out: the organisers must fill the gap (a group without
            # coach, or one person fewer) before the event.
            for organiser in event.organisers.all():
                email_queue(
                    to=organiser,
                    template="events/email/organiser_cancelled",
                    context={
                        "event": event,
                        "registration": registration,
                        "composition_link": event_url(event, "events:composition"),
                    },
                )

    # 7. A seat came free.
    if was_seated and (new_status == S.CANCELLED or registration.kind == RegistrationKind.COACH):
        waitlist_promote(event=event, by=by)
    return registration


@transaction.atomic
def registration_create(*, event: Event, user, fields: dict, kind: str = RegistrationKind.PARTICIPANT):
    """Register ``user`` for ``event``: a seat if there is one, else a place on the waitlist. Coaches
    do not take a seat. Registering again after cancelling takes a new turn at the end of the queue.

    Side effects: lock the event and count the seats under the lock; then ``set_registration_status``
    (validate, save, audit log ``event_registration.created``, e-mail the confirmation with the
    calendar file, or the waitlist notice).
    """
    event = lock_event(event.pk)
    full = kind == RegistrationKind.PARTICIPANT and seats_taken(event) >= event.capacity
    return set_registration_status(
        Registration(event=event, user=user),
        S.WAITLIST if full else S.CONFIRMED,
        by=user,
        kind=RegistrationKind(kind),
        fields=fields,
    )


def waitlist_position(registration: Registration) -> int:
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITLIST,
            kind=RegistrationKind.PARTICIPANT,
            queued_at__lte=registration.queued_at,
        )
        .exclude(pk=registration.pk)
        .count()
        + 1
    )


@transaction.atomic
def registration_update(*, registration: Registration, by, fields: dict) -> Registration:
    """Change one's role, organisation, gezinshuis, region or wishes.

    Side effects, in order: lock the event (a composition being stored sees the change before or
    after, never half); validate; save the changed fields; audit log ``event_registration.updated``.
    """
    lock_event(registration.event_id)
    if registration.kind == RegistrationKind.PARTICIPANT:
        problems = registration_problems(fields)
        if problems:
            raise EventError(next(iter(problems.values())))
    changed = [n for n in REGISTRATION_FIELDS if n in fields and getattr(registration, n) != fields[n]]
    for name in changed:
        setattr(registration, name, fields[name])
    if changed:
        registration.save(update_fields=[*changed, "updated_at"])
        log_action(actor=by, action="event_registration.updated", obj=registration, data={"fields": changed})
    return registration


def registration_cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration (oneself, or an organiser for someone); a freed seat goes to the first
    person on the waitlist at once.

    Side effects: ``set_registration_status`` to cancelled (lock, validate, save, leave the
    breakout, audit log ``event_registration.cancelled``, e-mail the person and, after the
    composition was sent, the organisers; promote from the waitlist).
    """
    return set_registration_status(registration, S.CANCELLED, by=by)


def waitlist_promote(*, event: Event, by) -> list[Registration]:
    """Give free seats to the waitlist in queue order (``queued_at``), each through
    ``set_registration_status`` (audit log ``event_registration.promoted`` and an e-mail). Called
    under the event's lock. Not once the event has started: a seat offered then could not be used.
    """
    if event.is_cancelled or timezone.now() >= event.plenary_starts_at:
        return []
    free = event.capacity - seats_taken(event)
    if free <= 0:
        return []
    waiting = event.registrations.filter(
        kind=RegistrationKind.PARTICIPANT, status=RegistrationStatus.WAITLIST
    ).order_by("queued_at", "pk")[:free]
    return [set_registration_status(registration, S.CONFIRMED, by=by) for registration in list(waiting)]


# --- Coaches ----------------------------------------------------------------------------------------


@transaction.atomic
def coach_invite_create(*, event: Event, email: str, by) -> CoachInvite:
    """Invite someone by e-mail to coach a breakout.

    Side effects, in order: lock the event; check it is still to come and the address is not a
    coach already; save (or, for an address invited before, send again: with a new link when the old
    one was used); audit log ``coach_invite.created`` or ``coach_invite.resent``; e-mail the
    invitation with its secret link.
    """
    event = lock_event(event.pk)  # two submits of the same address: the second sees the first
    if event.is_cancelled or event.is_past:
        raise EventError(_("Deze bijeenkomst is voorbij of afgezegd."))
    email = email.strip().lower()
    if event.registrations.filter(
        user__email__iexact=email, kind=RegistrationKind.COACH, status=RegistrationStatus.CONFIRMED
    ).exists():
        raise EventError(_("Deze persoon is al coach bij deze bijeenkomst."))
    invite = CoachInvite.objects.filter(event=event, email__iexact=email).first()
    if invite is not None:
        # Invited before: send the invitation again (the e-mail may be lost), with a new link when
        # the earlier one was used (the coach cancelled since).
        if invite.accepted_at:
            invite.token = CoachInvite._meta.get_field("token").get_default()
            invite.accepted_at = None
        invite.invited_by = by
        invite.save(update_fields=["token", "accepted_at", "invited_by"])
        log_action(actor=by, action="coach_invite.resent", obj=invite)
        _send_invite(invite, by=by)
        return invite
    invite = CoachInvite.objects.create(event=event, email=email, invited_by=by)
    log_action(actor=by, action="coach_invite.created", obj=invite)
    _send_invite(invite, by=by)
    return invite


def _send_invite(invite: CoachInvite, *, by) -> None:
    event = invite.event
    email = invite.email
    link = settings.SITE_URL + reverse("events:coach_invite", args=[event.slug, invite.token])
    email_queue(
        to=email,
        template="events/email/coach_invite",
        context={
            "event": event,
            "link": link,
            "invited_by": by,
            "live_link": event_url(event, "events:live"),
        },
    )


def coach_invite_accept(*, invite: CoachInvite, user, fields: dict | None = None) -> Registration:
    """Accept an invitation: the person becomes coach of the event (even after the deadline). Someone
    registered as participant gives up their seat (it goes to the waitlist).

    Side effects: ``set_registration_status`` with the invitation (lock the event and the invite;
    check it is unused and the event still to come; register as coach, confirmed, no seat, every
    participant field reset, ``fields`` for the organisation and region; mark the invite accepted;
    audit log ``coach_invite.accepted``; e-mail the confirmation; promote from the waitlist when a
    seat came free).
    """
    return set_registration_status(
        Registration(event_id=invite.event_id, user=user),
        S.CONFIRMED,
        by=user,
        fields=fields or {},
        invite=invite,
    )


# --- Breakouts: who sits in which group ----------------------------------------------------------------


def ensure_composition_changeable(event: Event) -> None:
    """Refuse (with a Dutch message) any change to the breakouts of a cancelled or past event: once it
    is over, the composition is history that attendance and hours refer to."""
    if event.is_cancelled:
        raise EventError(_("Deze bijeenkomst is afgelast."))
    if event.is_past:
        raise EventError(_("Deze bijeenkomst is voorbij: de indeling blijft zoals hij was."))


class BreakoutStep(StrEnum):
    """Why people's breakouts change; ``set_breakouts`` says what each step checks, saves and tells."""

    COMPOSE = "compose"  # the solver's result, for everyone at once
    MOVE = "move"  # an organiser moves one participant
    PIN = "pin"  # an organiser pins people in their group: re-composing leaves them there
    UNPIN = "unpin"
    SEND = "send"  # the group is sent to the person
    LEAVE = "leave"  # the registration ended, or its group was dropped


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


@transaction.atomic
def set_breakouts(
    placements: Mapping[Registration, Breakout | None], *, event: Event, step: BreakoutStep, by
) -> list[Registration]:
    """The one place where people's breakouts change: a participant's group, the group a coach
    leads, whether a participant is pinned, and which group was sent to a person. Returns the
    people as saved, in the order given.

    ``placements`` maps a participant to their group, or a coach to the group they lead (None: no
    group). PIN and UNPIN leave everyone where they are (the group given is not used). One call
    takes many people, so a composition of a thousand is stored in a handful of queries.

    Side effects, in order:

    1. lock the event; read the people again under the lock;
    2. validate, with a Dutch message: every person and every group belongs to the event; for every
       step but LEAVE the event is still to come (``ensure_composition_changeable``); MOVE, COMPOSE
       and SEND: confirmed participants (and, for COMPOSE and SEND, confirmed coaches); PIN: the
       person has a group;
    3. save: COMPOSE the groups that changed, one query per group, and each group's coach; MOVE
       ``breakout``; PIN and UNPIN ``locked``; SEND ``published_breakout``; LEAVE no group and not
       pinned, and a coach's group loses its coach;
    4. audit log: MOVE ``event_registration.moved`` (from, to); PIN and UNPIN
       ``event_registration.locked``. COMPOSE, SEND and LEAVE log nothing per person: the step that
       asks for them does (``event.composed``, ``event.composition_published``,
       ``event_registration.cancelled``);
    5. e-mail: SEND tells each person their group, its coach and size, and the video link.
    """
    step = BreakoutStep(step)
    event = lock_event(event.pk)
    if step != BreakoutStep.LEAVE:
        ensure_composition_changeable(event)
    wanted = {registration.pk: breakout for registration, breakout in placements.items()}
    fresh = Registration.objects.select_for_update(of=("self",)).filter(pk__in=list(wanted))
    if step not in (BreakoutStep.COMPOSE, BreakoutStep.LEAVE):
        fresh = fresh.select_related("user")  # for the e-mail, and the audit entry's name
    fresh = {r.pk: r for r in fresh}
    people = []
    for pk, breakout in wanted.items():
        person = fresh.get(pk)
        if person is None or person.event_id != event.pk:
            raise EventError(_("Deze deelnemer hoort niet bij deze bijeenkomst."))
        person.event = event
        confirmed = person.status == RegistrationStatus.CONFIRMED
        if step == BreakoutStep.MOVE and (person.is_coach or not confirmed):
            raise EventError(_("Alleen aangemelde deelnemers kun je verplaatsen."))
        if step in (BreakoutStep.COMPOSE, BreakoutStep.SEND) and not confirmed:
            raise EventError(_("Alleen aangemelde deelnemers kun je verplaatsen."))
        if breakout is not None and breakout.event_id != event.pk:
            raise EventError(_("Die groep hoort niet bij deze bijeenkomst."))
        if step == BreakoutStep.PIN and person.breakout_id is None:
            raise EventError(_("Zet iemand eerst in een groep voordat je hem of haar vastzet."))
        people.append((person, breakout))

    if step == BreakoutStep.COMPOSE:
        coaches = {person.pk: breakout for person, breakout in people if person.is_coach}
        # A coach leads one group: free the group a coach led before, then hand out the groups.
        led = dict(event.breakouts.filter(coach__in=list(coaches)).values_list("coach_id", "pk"))
        freed = [pk for pk, breakout in coaches.items() if led.get(pk) not in (None, _pk(breakout))]
        event.breakouts.filter(coach__in=freed).update(coach=None)
        taken = [breakout for pk, breakout in coaches.items() if breakout and breakout.coach_id != pk]
        for pk, breakout in coaches.items():
            if breakout is not None:
                breakout.coach_id = pk
        Breakout.objects.bulk_update(taken, ["coach"])
        moves: dict[Breakout | None, list[int]] = {}
        for person, breakout in people:
            if not person.is_coach and person.breakout_id != _pk(breakout):
                person.breakout = breakout
                moves.setdefault(breakout, []).append(person.pk)
        for breakout, pks in moves.items():
            Registration.objects.filter(pk__in=pks).update(breakout=breakout)
    elif step == BreakoutStep.MOVE:
        for person, breakout in people:
            was = person.breakout_id
            person.breakout = breakout
            person.save(update_fields=["breakout", "updated_at"])
            log_action(
                actor=by,
                action="event_registration.moved",
                obj=person,
                data={"from": was, "to": breakout.pk if breakout else None},
            )
    elif step in (BreakoutStep.PIN, BreakoutStep.UNPIN):
        for person, _breakout in people:
            person.locked = step == BreakoutStep.PIN
            person.save(update_fields=["locked", "updated_at"])
            log_action(
                actor=by, action="event_registration.locked", obj=person, data={"locked": person.locked}
            )
    elif step == BreakoutStep.SEND:
        targets = {breakout.pk for _person, breakout in people if breakout is not None}
        sizes = dict(
            Registration.objects.filter(
                breakout__in=targets, kind=RegistrationKind.PARTICIPANT, status=RegistrationStatus.CONFIRMED
            )
            .values_list("breakout")
            .annotate(n=Count("pk"))
        )
        for person, breakout in people:
            person.published_breakout = breakout
            person.save(update_fields=["published_breakout", "updated_at"])
            if breakout is not None:
                _mail(
                    person,
                    "events/email/composition",
                    {
                        "breakout": breakout,
                        "coach": breakout.coach,
                        "size": sizes.get(breakout.pk, 0),
                        "is_coach": person.is_coach,
                    },
                )
    else:  # LEAVE
        leaving = [person.pk for person, _breakout in people]
        Registration.objects.filter(pk__in=leaving).update(breakout=None, locked=False)
        event.breakouts.filter(coach__in=leaving).update(coach=None)
        for person, _breakout in people:
            person.breakout, person.locked = None, False
    return [person for person, _breakout in people]


@transaction.atomic
def set_breakout_pin(breakout: Breakout, locked: bool, *, by) -> Breakout:
    """Pin a whole breakout (or release it): re-composing keeps its members as they are.

    Side effects, in order: lock the event; check it is still to come; save ``locked``; audit log
    ``breakout.locked``.
    """
    event = lock_event(breakout.event_id)
    ensure_composition_changeable(event)
    breakout.locked = locked
    breakout.save(update_fields=["locked"])
    log_action(actor=by, action="breakout.locked", obj=breakout, data={"locked": locked})
    return breakout


@transaction.atomic
def composition_store(
    *,
    event: Event,
    groups: list[tuple[Registration, Breakout | int, list[Registration]]],
    unplaced: list[Registration],
    drop: list[Breakout],
    report: dict,
    by,
) -> None:
    """Store a composition. ``groups`` holds, per coach, the breakout they lead (or the number of a
    new one) and its participants; ``unplaced`` the participants in no group; ``drop`` the
    breakouts left without a coach. The caller (``composition.composition_apply``) has checked,
    under the lock, that the event is as it was when the solver began.

    Side effects, in order: lock the event; check it is still to come; the members of a dropped
    breakout leave it and it is deleted; a new breakout (with a new video room) for each coach
    without one; ``set_breakouts`` (COMPOSE) for every coach and participant; save the report
    (codes, numbers and ids only); audit log ``event.composed`` with the counts.
    """
    event = lock_event(event.pk)
    ensure_composition_changeable(event)
    for breakout in drop:
        members = list(Registration.objects.filter(breakout=breakout))
        set_breakouts(dict.fromkeys(members), event=event, step=BreakoutStep.LEAVE, by=by)
        breakout.delete()
    provider = video_provider(event.video_provider)
    placements: dict[Registration, Breakout | None] = {}
    for coach, target, members in groups:
        if not isinstance(target, Breakout):
            target = Breakout.objects.create(event=event, number=target, room=provider.new_room())
        placements[coach] = target
        placements.update(dict.fromkeys(members, target))
    placements.update(dict.fromkeys(unplaced))
    set_breakouts(placements, event=event, step=BreakoutStep.COMPOSE, by=by)
    event.composed_at = timezone.now()
    event.composition_report = report
    event.save(update_fields=["composed_at", "composition_report", "updated_at"])
    log_action(
        actor=by,
        action="event.composed",
        obj=event,
        data={
            "participants": report["participants"],
            "coaches": report["coaches"],
            "violations": len(report["violations"]),
            "changed": report["changed"],
        },
    )


@transaction.atomic
def composition_send(*, event: Event, placements: Mapping[Registration, Breakout], by) -> int:
    """Send each person in ``placements`` their group (the caller checked the composition may be
    sent). Returns how many people were e-mailed.

    Side effects, in order: lock the event; ``set_breakouts`` (SEND: check, save
    ``published_breakout``, e-mail each person); save ``published_at``; audit log
    ``event.composition_published``.
    """
    event = lock_event(event.pk)
    mailed = len(set_breakouts(placements, event=event, step=BreakoutStep.SEND, by=by))
    event.published_at = timezone.now()
    event.save(update_fields=["published_at", "updated_at"])
    log_action(actor=by, action="event.composition_published", obj=event, data={"mailed": mailed})
    return mailed


# --- Attendance and evaluation -----------------------------------------------------------------------


@transaction.atomic
def attendance_save(*, event: Event, by, present_ids: set[int]) -> int:
    """Register who was there (participants and coaches). Only after the event has started.

    Side effects, in order: lock the event; check it has started and is not cancelled; save
    ``attended`` on every confirmed registration; audit log ``event.attendance_registered`` with the
    counts. Returns the number present.
    """
    event = lock_event(event.pk)
    if event.is_cancelled:
        raise EventError(_("Deze bijeenkomst is afgelast."))
    if timezone.now() < event.plenary_starts_at:
        raise EventError(_("Je kunt de aanwezigheid pas registreren als de bijeenkomst begonnen is."))
    registrations = list(event.registrations.filter(status=RegistrationStatus.CONFIRMED))
    present = 0
    for registration in registrations:
        value = registration.pk in present_ids
        present += value
        if registration.attended != value:
            registration.attended = value
            registration.attendance_registered_by = by
            registration.save(update_fields=["attended", "attendance_registered_by", "updated_at"])
    log_action(
        actor=by,
        action="event.attendance_registered",
        obj=event,
        data={"present": present, "absent": len(registrations) - present},
    )
    return present


@transaction.atomic
def evaluation_submit(*, registration: Registration, fields: dict) -> EventEvaluation:
    """Save a participant's evaluation, once, after the event.

    Side effects, in order: check the event is over and the person took part; save. No audit entry
    with content: the answers are anonymous to the organisers.
    """
    # Lock the row: two quick submits must give one evaluation, not a database error.
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if not registration.event.is_past:
        raise EventError(_("Je kunt de bijeenkomst beoordelen als hij voorbij is."))
    if registration.status != RegistrationStatus.CONFIRMED or registration.attended is False:
        raise EventError(_("Alleen wie erbij was, kan de bijeenkomst beoordelen."))
    if EventEvaluation.objects.filter(registration=registration).exists():
        raise EventError(_("Je hebt deze bijeenkomst al beoordeeld. Dank je wel!"))
    return EventEvaluation.objects.create(registration=registration, **fields)


# --- E-mail and calendar ---------------------------------------------------------------------------


def _mail(registration: Registration, template: str, extra: dict | None = None, *, attach_ics=False):
    user = registration.user
    context = {
        "event": registration.event,
        "registration": registration,
        "event_link": event_url(registration.event),
        "live_link": event_url(registration.event, "events:live"),
        **(extra or {}),
    }
    attachments = None
    if attach_ics:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            attachments = [
                {
                    "name": ics_filename(registration.event),
                    "mimetype": "text/calendar",
                    "content": event_ics(
                        registration.event, cancelled=registration.status == RegistrationStatus.CANCELLED
                    ).decode(),
                }
            ]
    email_queue(to=user, template=template, context=context, attachments=attachments)


def ics_filename(event: Event) -> str:
    return dated_ics_filename("themabijeenkomst", starts_at=event.starts_at, pk=event.pk)


def event_feed_entries(*, user, since: datetime, now: datetime | None = None) -> list:
    """The person's themed events as entries of their personal calendar feed (one query): events
    from ``since`` on that are not drafts, with every registration but the waitlist. A cancelled
    registration stays in the feed as cancelled, so calendars drop the entry."""
    registrations = (
        Registration.objects.filter(user=user, event__plenary_starts_at__gte=since)
        .exclude(event__status=EventStatus.DRAFT)
        .exclude(status=RegistrationStatus.WAITLIST)
        .select_related("event")
        .order_by("event__plenary_starts_at")
    )
    return [
        event_component(r.event, cancelled=r.status != RegistrationStatus.CONFIRMED, now=now)
        for r in registrations
    ]


def event_ics(event: Event, *, cancelled: bool = False, now: datetime | None = None) -> bytes:
    """A calendar file with the whole event (plenary and breakouts) as one entry."""
    return ics_calendar(prodid=PRODID, entries=[event_component(event, cancelled=cancelled, now=now)])


def event_component(event: Event, *, cancelled: bool = False, now: datetime | None = None):
    """One VEVENT for the whole event, with a stable UID and the event's SEQUENCE, so a changed or
    cancelled event updates the entry calendars already have."""
    live = event_url(event, "events:live")
    local = timezone.localtime
    description = [
        _("Plenair deel: %(start)s–%(end)s")
        % {
            "start": f"{local(event.plenary_starts_at):%H:%M}",
            "end": f"{local(event.plenary_ends_at):%H:%M}",
        },
        _("In kleine groepen: %(start)s–%(end)s")
        % {
            "start": f"{local(event.breakout_starts_at):%H:%M}",
            "end": f"{local(event.breakout_ends_at):%H:%M}",
        },
        _("De links naar de videokamers vind je op: %(link)s") % {"link": live},
    ]
    return ics_entry(
        uid=f"event-{event.uid}",
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=_("Themabijeenkomst: %(title)s") % {"title": event.title},
        cancelled=cancelled or event.is_cancelled,
        now=now,
        location=live,
        url=live,
        description="\n".join(description),
    )
