import pytest

from intervisie.accounts.domain import user_set_roles, user_update_profile, user_verify_registration
from intervisie.accounts.models import User
from intervisie.common.models import AuditEntry


def test_user_set_roles_adds_and_removes_with_audit(bob, alice):
    user_set_roles(user=bob, roles=["student", "ouder"], by=alice)

    assert User.objects.get(pk=bob.pk).role_set == {"student", "ouder"}
    entry = AuditEntry.objects.filter(action="user.roles_changed", object_id=str(bob.pk)).latest("id")
    assert entry.actor == alice
    assert entry.data == {"added": ["ouder", "student"], "removed": ["gezinshuisouder"]}


def test_user_set_roles_without_change_writes_no_audit(bob):
    before = AuditEntry.objects.count()
    user_set_roles(user=bob, roles=["gezinshuisouder"], by=bob)
    assert AuditEntry.objects.count() == before


def test_user_update_profile_new_number_loses_verified_mark(bob):
    bob.skj_number, bob.skj_verified = "123456789", True
    bob.save()

    user_update_profile(user=bob, by=bob, skj_number="123456780")

    bob.refresh_from_db()
    assert (bob.skj_number, bob.skj_verified) == ("123456780", False)


def test_user_update_profile_without_change_writes_nothing(bob):
    user_update_profile(user=bob, by=bob, name=bob.name)
    assert not AuditEntry.objects.filter(action="user.profile_changed").exists()


def test_user_verify_registration_sets_flag_with_audit(bob, alice):
    bob.registerplein_number = "461012345"
    bob.save()

    user_verify_registration(user=bob, register="registerplein", verified=True, by=alice)

    bob.refresh_from_db()
    assert bob.registerplein_verified is True
    assert AuditEntry.objects.get(action="user.registerplein_verified").actor == alice


def test_user_verify_registration_without_number_is_refused(bob, alice):
    with pytest.raises(ValueError):
        user_verify_registration(user=bob, register="skj", verified=True, by=alice)
    bob.refresh_from_db()
    assert bob.skj_verified is False
