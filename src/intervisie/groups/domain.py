"""Joining, trial, waitlist and switching: every membership change goes through here.

Capacity rule: a place is taken or given back only inside ``transaction.atomic()`` after locking the
group row with ``select_for_update()`` (on SQLite the IMMEDIATE transaction mode serialises writers
instead). ``IntervisionGroup.occupied_places`` is the counter that the lock protects.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.groups.enums import (
    ACTIVE_STATES,
    FINAL_STATES,
    PARTICIPANT_STATES,
    PLACE_STATES,
)
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import IntervisionGroup, Membership


class MembershipError(Exception):
    """A change that is not possible; the message is Dutch and meant for the person."""


class GroupFullError(MembershipError):
    pass


MOTIVATION_MAX_LENGTH = 1000


# Allowed transitions: old state -> new states.
TRANSITIONS = {
    S.REQUESTED: {S.INTRODUCTION, S.WAITLISTED, S.DECLINED, S.WITHDRAWN},
    S.WAITLISTED: {S.OFFERED, S.DECLINED, S.WITHDRAWN},
    S.OFFERED: {S.INTRODUCTION, S.WITHDRAWN, S.OFFER_EXPIRED},
    S.INTRODUCTION: {S.TRIAL, S.MEMBER, S.DECLINED, S.LEFT},
    S.TRIAL: {S.MEMBER, S.DECLINED, S.LEFT},
    S.MEMBER: {S.LEFT},
}


def _lock_group(group_id: int) -> IntervisionGroup:
    return IntervisionGroup.objects.select_for_update().get(pk=group_id)


def group_notify_recipients(group: IntervisionGroup) -> list:
    people = {m.pk: m for m in group.organisation.managers.all()}
    if group.begeleider_id:
        people[group.begeleider_id] = group.begeleider
    return list(people.values())


@transaction.atomic
def membership_request(*, user, group: IntervisionGroup, motivation: str) -> Membership:
    """Ask to join ``group``. Goes on the waitlist when the group has no open place.

    Side effects, in order: validate, save, audit log, e-mail the person and the group's managers.
    """
    motivation = (motivation or "").strip()
    if not motivation:
        raise MembershipError(_("Schrijf kort waarom je mee wilt doen."))
    if len(motivation) > MOTIVATION_MAX_LENGTH:
        raise MembershipError(
            _("Je motivatie is te lang: maximaal %(max)d tekens.") % {"max": MOTIVATION_MAX_LENGTH}
        )
    group = _lock_group(group.pk)
    if group.is_closed or not group.is_published:
        raise MembershipError(_("Deze groep neemt op dit moment geen aanmeldingen aan."))
    if Membership.objects.filter(user=user, group=group, state__in=ACTIVE_STATES).exists():
        raise MembershipError(_("Je hebt je al aangemeld voor deze groep. Kijk bij 'Mijn groepen'."))
    now = timezone.now()
    if group.open_places > 0:
        state, waitlisted_at = S.REQUESTED, None
    elif group.has_waitlist:
        state, waitlisted_at = S.WAITLISTED, now
    else:
        raise GroupFullError(_("Deze groep is vol en heeft geen wachtlijst."))
    membership = Membership.objects.create(
        user=user, group=group, state=state, motivation=motivation, waitlisted_at=waitlisted_at
    )
    log_action(actor=user, action=f"membership.{state}", obj=membership, data={"group": group.pk})
    email_queue(
        to=user,
        template="groups/email/membership_update",
        context={"membership": membership, "group": group, "event": str(state)},
    )
    for manager in group_notify_recipients(group):
        email_queue(
            to=manager,
            template="groups/email/manager_update",
            context={"membership": membership, "group": group, "event": "new_request"},
        )
    return membership


def membership_admit(*, user, group: IntervisionGroup, by, reason: str, notify: bool = True) -> Membership:
    """Make ``user`` a member of ``group`` at once, without request, introduction or trial: for a group
    whose participants were chosen together beforehand (a guided trajectory's client chose them and they
    met at its introduction). Someone already in the group keeps their membership.

    Side effects, in order: lock the group row; return an existing active membership unchanged; check
    there is a place (``GroupFullError``); save the membership and the group's counter; audit log with
    ``reason``; e-mail the person (unless ``notify`` is False: the caller sends one message of its own).
    """
    with transaction.atomic():
        group = _lock_group(group.pk)
        existing = Membership.objects.filter(user=user, group=group, state__in=PLACE_STATES).first()
        if existing is not None:
            return existing
        if group.open_places <= 0:
            raise GroupFullError(_("Er is geen plek meer vrij in deze groep."))
        now = timezone.now()
        membership = Membership.objects.create(
            user=user, group=group, state=S.MEMBER, motivation=reason[:MOTIVATION_MAX_LENGTH], started_at=now
        )
        group.occupied_places += 1
        group.save(update_fields=["occupied_places"])
        log_action(
            actor=by, action="membership.member", obj=membership, data={"group": group.pk, "reason": reason}
        )
        if notify:
            email_queue(
                to=user,
                template="groups/email/membership_update",
                context={"membership": membership, "group": group, "event": str(S.MEMBER), "reason": ""},
            )
    return membership


def set_membership_state(
    membership: Membership,
    new_state: S,
    *,
    by,
    reason: str = "",
    from_states: Iterable[S] | None = None,
    now: datetime | None = None,
) -> Membership:
    """The one transition function for memberships. Returns the saved (fresh) membership.

    ``from_states`` narrows the transition to what the caller meant (e.g. only an *offer* can be
    accepted by the person); ``now`` is the clock, injectable for scheduled jobs and tests.

    Side effects, in order: lock the group row (then the membership row); validate the transition,
    the caller's expected state, an offer's expiry and the place count; save the membership and the
    group's counters (``update_fields``); audit log; e-mail the person (and the managers when the
    person acted); when this change gave a place back, offer it to the first on the waitlist.
    """
    now = now or timezone.now()
    with transaction.atomic():
        group = _lock_group(membership.group_id)
        membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        old = S(membership.state)
        new_state = S(new_state)
        allowed = TRANSITIONS.get(old, set())
        if from_states is not None and old not in set(from_states):
            allowed = set()
        if new_state not in allowed:
            raise MembershipError(
                _("Dit kan niet meer: de aanmelding staat nu op '%(state)s'.") % {"state": old.label}
            )
        if (
            old == S.OFFERED
            and new_state == S.INTRODUCTION
            and membership.offer_expires_at
            and membership.offer_expires_at <= now
        ):
            # Checked under the lock: expire_offers may not have run yet, but the date has passed.
            raise MembershipError(
                _("Dit aanbod is verlopen. De plek gaat naar de volgende op de wachtlijst.")
            )
        if new_state == S.WAITLISTED and group.open_places > 0:
            # The waitlist is only for a full group; with a free place it would turn into an offer at once.
            raise MembershipError(
                _(
                    "Er is nog plek in deze groep. Nodig de persoon uit voor een kennismaking of wijs de "
                    "aanmelding af."
                )
            )
        fields = ["state", "updated_at"]
        place_freed = False
        if old not in PLACE_STATES and new_state in PLACE_STATES:
            if group.open_places <= 0:
                raise GroupFullError(_("Er is geen plek meer vrij in deze groep."))
            group.occupied_places += 1
            group.save(update_fields=["occupied_places"])
        elif old in PLACE_STATES and new_state not in PLACE_STATES:
            group.occupied_places = max(0, group.occupied_places - 1)
            group.save(update_fields=["occupied_places"])
            place_freed = True

        membership.state = new_state
        if new_state == S.OFFERED:
            membership.offer_expires_at = now + timedelta(days=settings.WAITLIST_OFFER_DAYS)
            fields.append("offer_expires_at")
        if new_state == S.WAITLISTED:
            membership.waitlisted_at = now
            fields.append("waitlisted_at")
        if new_state == S.INTRODUCTION:
            membership.started_at = now
            fields.append("started_at")
        if new_state == S.TRIAL:
            membership.trial_started_at = now
            fields.append("trial_started_at")
        if new_state in FINAL_STATES:
            membership.ended_at = now
            fields.append("ended_at")
        if new_state in {S.DECLINED, S.LEFT} and reason:
            membership.decline_reason = reason
            fields.append("decline_reason")
        membership.save(update_fields=fields)
        log_action(
            actor=by,
            action=f"membership.{new_state}",
            obj=membership,
            data={"from": str(old), "to": str(new_state), "group": group.pk},
        )

        context = {"membership": membership, "group": group, "event": str(new_state), "reason": reason}
        email_queue(to=membership.user, template="groups/email/membership_update", context=context)
        by_person = by is not None and by.pk == membership.user_id
        if by_person and new_state in {S.WITHDRAWN, S.LEFT, S.INTRODUCTION}:
            for manager in group_notify_recipients(group):
                email_queue(
                    to=manager,
                    template="groups/email/manager_update",
                    context={**context, "event": f"person_{new_state}"},
                )
        if place_freed and group.open_places > 0:
            group_offer_free_places(group=group, now=now)
    return membership


def group_offer_free_places(*, group: IntervisionGroup, now: datetime | None = None) -> list[Membership]:
    """Offer each open place to the next person on the waitlist (oldest first). Caller holds the lock.

    A closed or unpublished group keeps its waitlist as it is: places are offered when it opens again.
    """
    offered = []
    if group.is_closed or not group.is_published:
        return offered
    while group.open_places > 0:
        first = (
            Membership.objects.filter(group=group, state=S.WAITLISTED).order_by("waitlisted_at", "pk").first()
        )
        if first is None:
            break
        offered.append(set_membership_state(first, S.OFFERED, by=None, now=now))
        group.refresh_from_db(fields=["occupied_places", "open_places", "status"])
    return offered


def waitlist_position(membership: Membership) -> int | None:
    """1 for the first in line; None when the membership is not on the waitlist."""
    if membership.state != S.WAITLISTED:
        return None
    ahead = Membership.objects.filter(group_id=membership.group_id, state=S.WAITLISTED).filter(
        models.Q(waitlisted_at__lt=membership.waitlisted_at)
        | models.Q(waitlisted_at=membership.waitlisted_at, pk__lt=membership.pk)
    )
    return ahead.count() + 1


# Thin, named verbs for the views. Each one is a single transition.


def membership_accept(*, membership: Membership, by) -> Membership:
    """The manager invites the person for a kennismaking (takes a place)."""
    return set_membership_state(membership, S.INTRODUCTION, by=by, from_states={S.REQUESTED})


def membership_start_trial(*, membership: Membership, by) -> Membership:
    return set_membership_state(membership, S.TRIAL, by=by)


def membership_confirm(*, membership: Membership, by) -> Membership:
    return set_membership_state(membership, S.MEMBER, by=by)


def membership_decline(*, membership: Membership, by, reason: str) -> Membership:
    if not (reason or "").strip():
        raise MembershipError(_("Geef een reden, zodat de persoon weet waarom."))
    return set_membership_state(membership, S.DECLINED, by=by, reason=reason.strip())


def membership_to_waitlist(*, membership: Membership, by) -> Membership:
    return set_membership_state(membership, S.WAITLISTED, by=by)


def membership_leave(*, membership: Membership, by, reason: str = "") -> Membership:
    """The person stops (or withdraws a request that has no place yet)."""
    # Decide on the current state, not on the caller's (possibly stale) copy.
    state = S(Membership.objects.values_list("state", flat=True).get(pk=membership.pk))
    new_state = S.LEFT if state in PARTICIPANT_STATES else S.WITHDRAWN
    return set_membership_state(
        membership, new_state, by=by, reason=(reason or "").strip(), from_states={state}
    )


def membership_accept_offer(*, membership: Membership, by, now: datetime | None = None) -> Membership:
    """The person takes the offered place; refused once the offer has expired."""
    return set_membership_state(membership, S.INTRODUCTION, by=by, from_states={S.OFFERED}, now=now)


def membership_decline_offer(*, membership: Membership, by) -> Membership:
    """The person says no to an offered place; it goes to the next person on the waitlist."""
    return set_membership_state(membership, S.WITHDRAWN, by=by, from_states={S.OFFERED})


def offers_expire(*, now: datetime | None = None) -> int:
    """Expire offers past their date and pass each place to the next person. Safe to run twice.

    Each offer is handled in its own transaction, so one failure does not undo the others.
    """
    now = now or timezone.now()
    count = 0
    due = list(
        Membership.objects.filter(state=S.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in due:
        membership = Membership.objects.get(pk=pk)
        try:
            set_membership_state(membership, S.OFFER_EXPIRED, by=None, from_states={S.OFFERED}, now=now)
        except MembershipError:
            continue  # accepted or withdrawn in the meantime
        count += 1
    return count


@transaction.atomic
def group_save(*, group: IntervisionGroup, by, created: bool = False) -> IntervisionGroup:
    """Save a group's settings. A higher maximum frees places, which go to the waitlist first.

    Side effects, in order: lock the group row; check that the maximum still fits the people who
    hold a place (the form checks this too, but only the lock makes it true); save; audit log;
    offer freed places to the waitlist (not while the group is closed).
    """
    locked = _lock_group(group.pk) if not created and group.pk else None
    if locked is not None:
        group.occupied_places = locked.occupied_places  # never trust the form's copy of the counter
    if group.max_members < group.external_members + group.occupied_places:
        raise MembershipError(
            _("Het maximum is kleiner dan het aantal mensen dat nu een plek heeft (%(n)s).")
            % {"n": group.external_members + group.occupied_places}
        )
    group.save()
    log_action(actor=by, action="group.created" if created else "group.changed", obj=group)
    if group.open_places > 0:
        group_offer_free_places(group=group)
    return group


@transaction.atomic
def membership_set_planner(*, membership: Membership, is_planner: bool, by) -> Membership:
    """Let a participant plan meetings and keep the charter (or stop that). Side effects: save, audit."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.state not in PARTICIPANT_STATES:
        raise MembershipError(_("Alleen iemand die meedoet in de groep kan bijeenkomsten plannen."))
    if membership.is_planner != is_planner:
        membership.is_planner = is_planner
        membership.save(update_fields=["is_planner", "updated_at"])
        log_action(
            actor=by,
            action="membership.planner_on" if is_planner else "membership.planner_off",
            obj=membership,
            data={"group": membership.group_id},
        )
    return membership
