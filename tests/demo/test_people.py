"""The demo accounts on their own (intervisie/demo/people.py), without the rest of the demo."""

import pytest
from allauth.mfa.models import Authenticator

from intervisie.accounts.models import User
from intervisie.common.models import AuditEntry
from intervisie.demo.base import DEMO_PASSWORD
from intervisie.demo.people import MEMBER_USERS, MFA_KEYS, ROLE_USERS, people_demo_load

pytestmark = pytest.mark.django_db


def test_people_demo_load_gives_every_account_its_roles_and_the_privileged_ones_two_factor():
    users = people_demo_load()
    specs = [*ROLE_USERS, *MEMBER_USERS]
    assert set(users) == {spec.key for spec in specs} and len(users) == 41
    for spec in specs:
        user = users[spec.key]
        assert (user.email, user.name) == (spec.email, spec.name)
        assert set(user.role_set) == {str(role) for role in spec.roles}, spec.key
        kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
        expected = (
            {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES} if spec.key in MFA_KEYS else set()
        )
        assert kinds == expected, spec.key
    # The kartrekker manages the kenniswerkplaats of the programmes demo (demo/programmes.py).
    assert {"begeleider", "organisatiebeheerder", "beheerder", "organisator"} == MFA_KEYS
    assert users["sanne.mulder"].check_password(DEMO_PASSWORD)


def test_people_demo_load_again_puts_back_what_was_changed_and_adds_nothing():
    users = people_demo_load()
    User.objects.filter(pk=users["student"].pk).update(name="Iemand anders", is_superuser=True)
    audit = AuditEntry.objects.count()
    again = people_demo_load()
    assert (again["student"].pk, again["student"].name, again["student"].is_superuser) == (
        users["student"].pk,
        "Sem Kuipers",
        False,
    )
    assert (User.objects.count(), AuditEntry.objects.count()) == (len(users), audit)
