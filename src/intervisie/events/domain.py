"""Themed events ("Versterken"): creating and publishing them, registration with capacity and a
waitlist, coaches, attendance and evaluations. The composition of breakouts is in ``composition``.

Every state change goes through one keyword-only function here that validates, saves, writes the
audit log and queues e-mail, in that order and in one transaction. Seats are checked and taken under
a row lock on the event (``select_for_update``; on SQLite the IMMEDIATE transaction mode serialises
writers), so two people taking the last seat at once cannot both get it.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry
from intervisie.common.video import video_provider
from intervisie.events.enums import EventStatus, ParticipantRole, RegistrationKind, RegistrationStatus
from intervisie.events.models import CoachInvite, Event, EventEvaluation, Registration

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
)
# Fields that change what a calendar shows: a change raises the iCalendar SEQUENCE and tells people.
CALENDAR_FIELDS = ("title", "plenary_starts_at", "plenary_ends_at", "breakout_starts_at", "breakout_ends_at")
REGISTRATION_FIELDS = ("role", "organisation", "organisation_other", "gezinshuis", "region", "preferences")


class EventError(Exception):
    """A change that is not possible; the message is Dutch and meant for the person."""


# --- Small helpers ---------------------------------------------------------------------------------


def event_url(event: Event, name: str = "events:detail") -> str:
    return settings.SITE_URL + reverse(name, args=[event.slug])


def _lock_event(event_id: int) -> Event:
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
    event = _lock_event(event.pk)
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
        _promote_waitlist(event, by=by)
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
    event = _lock_event(event.pk)
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
    event = _lock_event(event.pk)
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
    event = _lock_event(event.pk)
    if event.status != EventStatus.DRAFT:
        raise EventError(_("Alleen een concept kun je verwijderen. Zeg een gepubliceerde bijeenkomst af."))
    log_action(actor=by, action="event.draft_deleted", obj=event, data={"title": event.title})
    event.delete()


def _active_registrations(event: Event):
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "user", "event", "breakout"
    )


# --- Registration -----------------------------------------------------------------------------------


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
def registration_create(*, event: Event, user, fields: dict, kind: str = RegistrationKind.PARTICIPANT):
    """Register ``user`` for ``event``: a seat if there is one, else a place on the waitlist. Coaches
    do not take a seat. Registering again after cancelling takes a new turn at the end of the queue.

    Side effects, in order: lock the event; check it is open (published, before the deadline) and the
    person is not registered already; count the seats under the lock; save (status confirmed or
    waitlist); audit log ``event_registration.created``; e-mail a confirmation with the calendar
    file, or the waitlist notice.
    """
    event = _lock_event(event.pk)
    if not event.is_published:
        raise EventError(_("Aanmelden voor deze bijeenkomst kan niet (meer)."))
    if timezone.now() >= event.registration_deadline:
        raise EventError(_("Aanmelden is gesloten: de uiterste datum is voorbij."))
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise EventError(_("Je bent al aangemeld voor deze bijeenkomst."))
    if kind == RegistrationKind.PARTICIPANT:
        problems = registration_problems(fields)
        if problems:
            raise EventError(next(iter(problems.values())))
        status = (
            RegistrationStatus.CONFIRMED
            if seats_taken(event) < event.capacity
            else RegistrationStatus.WAITLIST
        )
    else:
        status = RegistrationStatus.CONFIRMED
    registration = existing or Registration(event=event, user=user)
    registration.kind = kind
    for name in REGISTRATION_FIELDS:
        setattr(registration, name, fields.get(name, getattr(Registration, name).field.get_default()))
    if kind == RegistrationKind.COACH:
        registration.role = ""
    registration.status = status
    registration.queued_at = timezone.now()
    registration.breakout = registration.published_breakout = None
    registration.locked = False
    registration.attended = None
    registration.save()
    log_action(
        actor=user,
        action="event_registration.created",
        obj=registration,
        data={"status": status, "kind": kind},
    )
    if status == RegistrationStatus.CONFIRMED:
        _mail(registration, "events/email/registered", attach_ics=True)
    else:
        _mail(registration, "events/email/waitlisted", {"position": waitlist_position(registration)})
    return registration


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

    Side effects, in order: validate; save the changed fields; audit log ``event_registration.updated``.
    """
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


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waitlist at once.

    Side effects, in order: lock the event; check the event is not over; save status cancelled and
    leave the breakout (a coach's breakout loses its coach); audit log
    ``event_registration.cancelled``; e-mail the person (with the cancelled calendar entry); when the
    composition was sent out and a coach or placed participant cancels, e-mail the organisers;
    promote from the waitlist (with e-mail).
    """
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise EventError(_("Deze aanmelding is al afgemeld."))
    if event.is_past:
        raise EventError(_("Deze bijeenkomst is al voorbij."))
    was = registration.status
    had_group = registration.breakout_id is not None
    registration.status = RegistrationStatus.CANCELLED
    registration.breakout = None
    registration.locked = False
    registration.save(update_fields=["status", "breakout", "locked", "updated_at"])
    if registration.is_coach:
        event.breakouts.filter(coach=registration).update(coach=None)
    log_action(actor=by, action="event_registration.cancelled", obj=registration, data={"was": was})
    # The calendar file marks the entry cancelled, so it leaves the person's calendar.
    _mail(
        registration,
        "events/email/registration_cancelled",
        {"by_self": by == registration.user},
        attach_ics=True,
    )
    if event.published_at and (registration.is_coach or had_group) and by == registration.user:
        # The composition was sent out: the organisers must fill the gap (a group without coach,
        # or one person fewer) before the event.
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
    if was == RegistrationStatus.CONFIRMED and not registration.is_coach:
        _promote_waitlist(event, by=by)
    return registration


def _promote_waitlist(event: Event, *, by) -> list[Registration]:
    """Give free seats to the waitlist in order. Called under the event's lock. Not once the event
    has started: a seat offered then could not be used."""
    if event.is_cancelled or timezone.now() >= event.plenary_starts_at:
        return []
    free = event.capacity - seats_taken(event)
    promoted = []
    if free <= 0:
        return promoted
    waiting = event.registrations.filter(
        kind=RegistrationKind.PARTICIPANT, status=RegistrationStatus.WAITLIST
    ).select_related("user", "event")[:free]
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        log_action(actor=by, action="event_registration.promoted", obj=registration)
        _mail(registration, "events/email/promoted", attach_ics=True)
        promoted.append(registration)
    return promoted


# --- Coaches ----------------------------------------------------------------------------------------


@transaction.atomic
def coach_invite_create(*, event: Event, email: str, by) -> CoachInvite:
    """Invite someone by e-mail to coach a breakout.

    Side effects, in order: lock the event; check it is still to come and the address is not a
    coach already; save (or, for an address invited before, send again: with a new link when the old
    one was used); audit log ``coach_invite.created`` or ``coach_invite.resent``; e-mail the
    invitation with its secret link.
    """
    event = _lock_event(event.pk)  # two submits of the same address: the second sees the first
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


@transaction.atomic
def coach_invite_accept(*, invite: CoachInvite, user, fields: dict | None = None) -> Registration:
    """Accept an invitation: the person becomes coach of the event (even after the deadline). Someone
    registered as participant gives up their seat (it goes to the waitlist).

    Side effects, in order: lock the invite and the event; check it is unused and the event still to
    come; register as coach (confirmed, no seat, every participant field reset, ``fields`` for the
    organisation and region); mark the invite accepted; audit log ``coach_invite.accepted``; e-mail
    the confirmation; promote from the waitlist when a seat came free.
    """
    invite = CoachInvite.objects.select_for_update().select_related("event").get(pk=invite.pk)
    if invite.accepted_at:
        raise EventError(_("Deze uitnodiging is al gebruikt."))
    event = _lock_event(invite.event_id)
    if event.is_cancelled or event.is_past:
        raise EventError(_("Deze bijeenkomst is voorbij of afgezegd."))
    registration = Registration.objects.filter(event=event, user=user).first() or Registration(
        event=event, user=user
    )
    was_participant = bool(
        registration.pk
        and registration.status == RegistrationStatus.CONFIRMED
        and registration.kind == RegistrationKind.PARTICIPANT
    )
    fields = fields or {}
    registration.kind = RegistrationKind.COACH
    registration.role = ""
    registration.gezinshuis = registration.preferences = ""
    registration.organisation = fields.get("organisation")
    registration.organisation_other = fields.get("organisation_other", "")
    registration.region = fields.get("region", "")
    registration.status = RegistrationStatus.CONFIRMED
    registration.breakout = registration.published_breakout = None
    registration.locked = False
    registration.attended = None
    registration.queued_at = timezone.now()
    registration.save()
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_at"])
    log_action(actor=user, action="coach_invite.accepted", obj=invite, data={"registration": registration.pk})
    _mail(registration, "events/email/registered", attach_ics=True)
    if was_participant:
        _promote_waitlist(event, by=user)
    return registration


# --- Attendance and evaluation -----------------------------------------------------------------------


@transaction.atomic
def attendance_save(*, event: Event, by, present_ids: set[int]) -> int:
    """Register who was there (participants and coaches). Only after the event has started.

    Side effects, in order: lock the event; check it has started and is not cancelled; save
    ``attended`` on every confirmed registration; audit log ``event.attendance_registered`` with the
    counts. Returns the number present.
    """
    event = _lock_event(event.pk)
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
