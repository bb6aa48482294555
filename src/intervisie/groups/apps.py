from django.apps import AppConfig


def end_memberships_of_deleted_user(*, user, by) -> None:
    """groups' step in ``accounts.domain.user_delete``: end each active membership through the domain
    (lock, count, audit, e-mail, waitlist offers), so the places go back to the groups and to the next
    person on their waitlists before the membership rows disappear with the user."""
    from intervisie.groups.domain import membership_leave
    from intervisie.groups.models import Membership

    for membership in Membership.objects.active().filter(user=user):
        membership_leave(membership=membership, by=by)


class GroupsConfig(AppConfig):
    name = "intervisie.groups"
    label = "groups"
    verbose_name = "Intervisiegroepen"

    def ready(self):
        from intervisie.accounts.domain import register_user_deletion_step

        register_user_deletion_step("groups.end_memberships", end_memberships_of_deleted_user)
