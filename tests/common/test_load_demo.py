from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from intervisie.accounts.enums import Role
from intervisie.accounts.models import User, UserRole
from intervisie.common.demo_data import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_groups
from intervisie.common.management.commands.demo_logins import current_totp_code
from intervisie.common.models import AuditEntry, OutgoingEmail
from intervisie.groups.enums import Format, GroupStatus, MembershipState, Province
from intervisie.groups.models import IntervisionGroup, Membership, Method
from intervisie.organisations.models import Organisation, OrganisationKind

DEMO_GHO = "gezinshuisouder@intervisiewijzer.example"


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Method,
            Organisation,
            IntervisionGroup,
            User,
            UserRole,
            Membership,
            EmailAddress,
            Authenticator,
            AuditEntry,
            OutgoingEmail,
        )
    }


def _load():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def demo(db):
    _load()


def test_load_demo_twice_changes_nothing(db):
    _load()
    first = _counts()
    group_rows = list(IntervisionGroup.objects.order_by("slug").values())
    _load()
    assert _counts() == first
    assert list(IntervisionGroup.objects.order_by("slug").values()) == group_rows


def test_demo_groups_same_on_every_call():
    assert [(g.slug, g.fields, g.methods) for g in demo_groups()] == [
        (g.slug, g.fields, g.methods) for g in demo_groups()
    ]


def test_load_demo_has_at_least_sixty_groups_in_all_provinces(demo):
    groups = IntervisionGroup.objects.listed()
    assert groups.count() >= 60
    assert set(groups.exclude(province="").values_list("province", flat=True)) == set(Province.values)


def test_load_demo_every_group_has_coordinates_unless_online(demo):
    for group in IntervisionGroup.objects.all():
        if group.format == Format.ONLINE:
            assert (group.latitude, group.longitude, group.place) == (None, None, "")
        else:
            assert group.latitude is not None and group.longitude is not None, group.name
            assert group.place and group.municipality and group.province, group.name


def test_load_demo_fills_every_attribute_in_varied_ways(demo):
    groups = IntervisionGroup.objects.all()
    for name in ("audience", "format", "frequency", "time_of_day", "language", "begeleider_register"):
        assert len(set(groups.values_list(name, flat=True))) >= 3, name
    assert set(groups.values_list("status", flat=True)) == set(GroupStatus.values)
    assert set(groups.values_list("for_skj", "for_registerplein")) == {
        (True, True),
        (True, False),
        (False, True),
        (False, False),
    }
    assert {"LVSC", "NVO", "NIP", "NVRG", "VGCT"} <= set(groups.values_list("begeleider_register", flat=True))
    assert groups.filter(has_begeleider=False).exists()
    minutes = set(groups.values_list("meeting_minutes", flat=True))
    assert min(minutes) >= 90 and max(minutes) <= 240
    costs = set(groups.values_list("cost_per_year", flat=True))
    assert min(costs) == 0 and 900 <= max(costs) <= 1500
    assert Method.objects.filter(groups__isnull=False).distinct().count() == Method.objects.count() >= 7
    assert all(g.contact_email and g.contact_phone and g.description for g in groups)


def test_load_demo_has_organisations_of_each_kind(demo):
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert len(kinds) >= 8
    assert kinds.count(OrganisationKind.FRANCHISE) >= 2
    assert kinds.count(OrganisationKind.OTHER) == 2
    for kind in (
        OrganisationKind.ZORGAANBIEDER,
        OrganisationKind.KENNISWERKPLAATS,
        OrganisationKind.GEMEENTE,
        OrganisationKind.OPLEIDING,
    ):
        assert kind in kinds


def test_load_demo_every_role_has_a_user_who_can_log_in(demo, client):
    for role in Role.values:
        assert User.objects.filter(roles__role=role).exists(), role
    user = User.objects.get(email=DEMO_GHO)
    assert user.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    response = client.post("/accounts/login/", {"login": DEMO_GHO, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_load_demo_privileged_users_have_the_demo_totp_secret(demo):
    from allauth.mfa.totp.internal.auth import TOTP

    for email in ("begeleider", "organisatiebeheerder", "beheerder"):
        user = User.objects.get(email=f"{email}@intervisiewijzer.example")
        assert user.requires_mfa
        totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
        code, _ = current_totp_code(DEMO_TOTP_SECRET)
        assert totp.validate_code(code)
    assert User.objects.get(email="beheerder@intervisiewijzer.example").is_superuser


def test_load_demo_gives_the_demo_gezinshuisouder_a_history(demo):
    states = dict(Membership.objects.filter(user__email=DEMO_GHO).values_list("group__slug", "state"))
    assert states == {
        "integrale-intervisie-apeldoorn": MembershipState.LEFT,
        "leerkring-gezinshuisouders-amersfoort": MembershipState.MEMBER,
        "intervisiegroep-gezinshuisouders-zwolle": MembershipState.REQUESTED,
        "gho-intervisie-utrecht-hechting": MembershipState.WAITLISTED,
    }
    user = User.objects.get(email=DEMO_GHO)
    assert user.skj_verified and not user.registerplein_verified
    assert user.registerplein_number.startswith("4610")


def test_load_demo_begeleider_has_requests_waiting(demo):
    begeleider = User.objects.get(email="begeleider@intervisiewijzer.example")
    assert begeleider.guided_groups.count() >= 4
    waiting = Membership.objects.filter(group__begeleider=begeleider, state=MembershipState.REQUESTED)
    assert waiting.count() >= 3
    manager = User.objects.get(email="organisatiebeheerder@intervisiewijzer.example")
    assert (
        manager.managed_organisations.get()
        .groups.filter(memberships__state=MembershipState.REQUESTED)
        .exists()
    )


def test_demo_logins_prints_accounts_password_and_current_code(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    code, _ = current_totp_code(DEMO_TOTP_SECRET)
    assert DEMO_PASSWORD in text
    assert DEMO_TOTP_SECRET in text
    assert "manage.py demo_logins" in text
    for role in Role.values:
        assert f"{role}@intervisiewijzer.example" in text
    begeleider_line = next(line for line in text.splitlines() if line.startswith("begeleider@"))
    assert begeleider_line.split()[-1] in {code, current_totp_code(DEMO_TOTP_SECRET)[0]}


def test_demo_logins_without_demo_data_says_what_to_do(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "manage.py load_demo" in out.getvalue()
