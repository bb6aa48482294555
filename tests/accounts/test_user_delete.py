from django.core.management import call_command

from intervisie.accounts.domain import register_user_deletion_step, user_delete
from intervisie.common.models import AuditEntry
from intervisie.groups import domain
from intervisie.groups.apps import end_memberships_of_deleted_user
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Membership
from tests.factories import GroupFactory, UserFactory, give_totp


def test_user_delete_gives_the_place_to_the_waitlist(alice, bob, charlie, organisation):
    group = GroupFactory(organisation=organisation, min_members=2, max_members=2, external_members=1)
    member = domain.membership_request(user=bob, group=group, motivation="Graag")
    domain.membership_accept(membership=member, by=alice)
    waiting = domain.membership_request(user=charlie, group=group, motivation="Ik wacht")
    assert waiting.state == S.WAITLISTED

    user_delete(user=bob, by=alice)

    group.refresh_from_db()
    waiting.refresh_from_db()
    assert not Membership.objects.filter(user_id=member.user_id).exists()
    assert waiting.state == S.OFFERED
    assert group.occupied_places == 1  # the offer holds the freed place
    assert AuditEntry.objects.filter(action="user.deleted").count() == 1


def test_user_delete_ends_memberships_before_the_account_goes(alice, bob, organisation):
    """groups contributes its step from its AppConfig (accounts imports no app above it); the
    memberships end, with their audit entries, before the deletion's own entry."""
    first = GroupFactory(organisation=organisation)
    second = GroupFactory(organisation=organisation)
    for group in (first, second):
        domain.membership_accept(
            membership=domain.membership_request(user=bob, group=group, motivation="Graag"), by=alice
        )

    user_delete(user=bob, by=alice)

    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["membership.left", "membership.left", "user.deleted"]


def test_registering_a_deletion_step_again_runs_it_once(alice, bob, organisation):
    """A second ready() (or a second registration under the same name) does not end memberships twice."""
    register_user_deletion_step("groups.end_memberships", end_memberships_of_deleted_user)
    group = GroupFactory(organisation=organisation)
    domain.membership_accept(
        membership=domain.membership_request(user=bob, group=group, motivation="Graag"), by=alice
    )

    user_delete(user=bob, by=alice)

    assert AuditEntry.objects.filter(action="membership.left").count() == 1


def test_admin_delete_goes_through_user_delete(client, bob, alice, organisation):
    admin = UserFactory(email="beheer@example.nl", is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    group = GroupFactory(organisation=organisation)
    membership = domain.membership_request(user=bob, group=group, motivation="Graag")
    domain.membership_accept(membership=membership, by=alice)
    response = client.post(f"/beheer/accounts/user/{bob.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.occupied_places == 0


def test_check_places_repairs_a_wrong_counter(bob, alice, organisation, capsys):
    group = GroupFactory(organisation=organisation)
    membership = domain.membership_request(user=bob, group=group, motivation="Graag")
    domain.membership_accept(membership=membership, by=alice)
    group.__class__.objects.filter(pk=group.pk).update(occupied_places=3)
    call_command("check_places", fix=True)
    group.refresh_from_db()
    assert group.occupied_places == 1
    assert "1 groep(en) met een verkeerde telling hersteld." in capsys.readouterr().out


def test_begeleider_of_a_group_must_use_two_factor_login(db, organisation):
    begeleider = UserFactory(roles=["gezinshuisouder"])  # no begeleider role ticked
    assert begeleider.requires_mfa is False
    GroupFactory(organisation=organisation, begeleider=begeleider)
    begeleider = type(begeleider).objects.get(pk=begeleider.pk)  # as on their next request
    assert begeleider.requires_mfa is True
