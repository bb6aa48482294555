from collections.abc import Callable

from django.db import transaction

from intervisie.accounts.enums import Role
from intervisie.accounts.models import User, UserRole
from intervisie.common.audit import log_action

# The platform admin (role beheerder) runs the platform through Django's admin with these model
# permissions, never as a superuser: nothing confidential is in the admin, and confidential pages on the
# site ignore the superuser flag anyway (common/permissions.py). To step into a group or an event, an
# admin adds themselves visibly (as begeleider or organiser), which the audit log records.
PLATFORM_ADMIN_GROUP = "Platformbeheer"
PLATFORM_ADMIN_PERMISSIONS = [
    "accounts.view_user",
    "accounts.change_user",
    "accounts.delete_user",
    "accounts.view_userrole",
    "accounts.add_userrole",
    "accounts.change_userrole",
    "accounts.delete_userrole",
    "organisations.view_organisation",
    "organisations.add_organisation",
    "organisations.change_organisation",
    "groups.view_intervisiongroup",
    "groups.change_intervisiongroup",
    "accreditation.view_register",
    "accreditation.change_register",
    "accreditation.view_enrolment",
    "accreditation.view_certificate",
    "accreditation.view_reflectionstatement",
    "events.view_event",
    "events.change_event",
    "common.view_auditentry",
    "common.view_outgoingemail",
]


def platform_admin_group():
    """The auth group that gives the beheerder role its admin permissions (created or brought up to
    date: idempotent). Permissions exist once the apps are migrated."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, _created = Group.objects.get_or_create(name=PLATFORM_ADMIN_GROUP)
    query = Q()
    for name in PLATFORM_ADMIN_PERMISSIONS:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    wanted = set(Permission.objects.filter(query).values_list("pk", flat=True))
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


def platform_admin_sync(*, user: User) -> None:
    """Staff flag and admin permissions follow the beheerder role (a superuser keeps its flags).
    For role changes made outside ``user_set_roles`` (the admin's role list)."""
    _sync_platform_admin(user, is_admin=user.roles.filter(role=Role.BEHEERDER).exists())


def _sync_platform_admin(user: User, *, is_admin: bool) -> None:
    group = platform_admin_group()
    if is_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    staff = is_admin or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_set_roles(*, user: User, roles, by: User | None) -> None:
    """Replace ``user``'s roles by ``roles``.

    Side effects, in order: save the roles; when the beheerder role comes or goes, the staff flag
    and the admin permissions (``PLATFORM_ADMIN_GROUP``) follow; audit log.
    """
    wanted = {str(Role(r)) for r in roles}
    current = set(user.roles.values_list("role", flat=True))
    user.roles.filter(role__in=current - wanted).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(wanted - current)])
    if hasattr(user, "_role_cache"):
        del user._role_cache
    admin = str(Role.BEHEERDER)
    if (admin in wanted) != (admin in current):
        _sync_platform_admin(user, is_admin=admin in wanted)
    if wanted != current:
        log_action(
            actor=by,
            action="user.roles_changed",
            obj=user,
            data={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
        )


@transaction.atomic
def user_update_profile(*, user: User, by: User, **fields) -> None:
    """Save profile fields. A changed register number loses its "verified" mark."""
    changed = []
    for name, value in fields.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if "skj_number" in changed:
        user.skj_verified = False
        changed.append("skj_verified")
    if "registerplein_number" in changed:
        user.registerplein_verified = False
        changed.append("registerplein_verified")
    if changed:
        user.save(update_fields=changed)
        log_action(actor=by, action="user.profile_changed", obj=user, data={"fields": sorted(set(changed))})


@transaction.atomic
def user_verify_registration(*, user: User, register: str, verified: bool, by: User) -> None:
    """Mark a register number as checked (or not). Only admins and organisation managers may do this;
    the view checks the ``accounts.verify_registration`` rule first."""
    field = {"skj": "skj_verified", "registerplein": "registerplein_verified"}[register]
    number = user.skj_number if register == "skj" else user.registerplein_number
    if verified and not number:
        raise ValueError("no number to verify")
    setattr(user, field, verified)
    user.save(update_fields=[field])
    log_action(
        actor=by, action=f"user.{register}_verified" if verified else f"user.{register}_unverified", obj=user
    )


# What other apps do when an account is deleted, added from their AppConfig.ready() so that accounts
# imports no app above it. An explicit list rather than a pre_delete signal: the steps are core logic
# (places go back to groups, waitlists get offers) and must run in a known order inside user_delete's
# transaction. Keyed by name so that registering twice (a second ready()) changes nothing.
_user_deletion_steps: dict[str, Callable[..., None]] = {}


def register_user_deletion_step(name: str, function: Callable[..., None]) -> None:
    """Have ``user_delete`` call ``function(user=..., by=...)`` before the account is deleted. Steps run
    in the order they were first registered, which is the order of INSTALLED_APPS (lower apps first)."""
    _user_deletion_steps[name] = function


@transaction.atomic
def user_delete(*, user: User, by: User | None) -> None:
    """Delete an account. The apps' steps run first, so that what the account held (a place in a group)
    goes back before the rows disappear with the user.

    Side effects, in order: each registered step (``register_user_deletion_step``; today groups' step:
    end each active membership through groups.domain: lock, count, audit, e-mail, waitlist offers),
    audit log of the deletion (kept: it names no personal data but the id), delete.
    """
    for step in _user_deletion_steps.values():
        step(user=user, by=by)
    log_action(actor=by, action="user.deleted", obj=user, data={"user_id": user.pk})
    user.delete()
