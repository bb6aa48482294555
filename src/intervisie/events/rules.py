"""Who may do what with themed events. Someone without the permission gets 404, never 403."""

import rules

from intervisie.accounts.enums import Role
from intervisie.accounts.rules import is_platform_admin
from intervisie.common.permissions import is_person
from intervisie.events.enums import EventStatus, RegistrationStatus


@rules.predicate
def is_organiser_role(user):
    return bool(user and user.is_authenticated and user.has_role(Role.ORGANISATOR))


@rules.predicate
def organises_event(user, event):
    if not user or not user.is_authenticated or event is None:
        return False
    # The views load events with organisers prefetched; fall back to one query.
    cache = getattr(event, "_prefetched_objects_cache", {}).get("organisers")
    if cache is not None:
        return any(u.pk == user.pk for u in cache)
    return event.organisers.filter(pk=user.pk).exists()


@rules.predicate
def event_is_public(user, event):
    return event is not None and event.status in {EventStatus.PUBLISHED, EventStatus.CANCELLED}


@rules.predicate
def takes_part_in_event(user, event):
    """A confirmed participant or coach."""
    if not user or not user.is_authenticated or event is None:
        return False
    return event.registrations.filter(user=user, status=RegistrationStatus.CONFIRMED).exists()


@rules.predicate
def owns_registration(user, registration):
    return registration is not None and is_person(user, registration.user_id)


# Only the event's own organisers manage it (registrations hold personal data). A platform admin who
# must step in adds themselves as organiser in the admin, which the audit log records.
can_manage = organises_event

rules.add_perm("events.create_event", is_organiser_role | is_platform_admin)
rules.add_perm("events.view_event", event_is_public | can_manage)
rules.add_perm("events.manage_event", can_manage)
rules.add_perm("events.view_live", takes_part_in_event | can_manage)
rules.add_perm("events.change_registration", owns_registration)
