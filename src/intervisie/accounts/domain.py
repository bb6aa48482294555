from django.db import transaction

from intervisie.accounts.enums import Role
from intervisie.accounts.models import User, UserRole
from intervisie.common.audit import log_action


@transaction.atomic
def user_set_roles(*, user: User, roles, by: User | None) -> None:
    """Replace ``user``'s roles by ``roles``. Side effects: save, audit log."""
    wanted = {str(Role(r)) for r in roles}
    current = set(user.roles.values_list("role", flat=True))
    user.roles.filter(role__in=current - wanted).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(wanted - current)])
    if hasattr(user, "_role_cache"):
        del user._role_cache
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


@transaction.atomic
def user_delete(*, user: User, by: User | None) -> None:
    """Delete an account. Its memberships end first, so the places it held go back to the groups (and
    to the next person on their waitlists) before the rows disappear with the user.

    Side effects, in order: end each active membership (groups.domain: lock, count, audit, e-mail,
    offers), audit log of the deletion (kept: it names no personal data but the id), delete.
    """
    from intervisie.groups.domain import membership_leave
    from intervisie.groups.models import Membership

    for membership in Membership.objects.active().filter(user=user):
        membership_leave(membership=membership, by=by)
    log_action(actor=by, action="user.deleted", obj=user, data={"user_id": user.pk})
    user.delete()
