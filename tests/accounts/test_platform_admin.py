"""The beheerder role runs the platform through the admin with model permissions, not as superuser;
to step into a group the admin sets themselves as its begeleider, visibly and audited."""

from django.urls import reverse

from intervisie.accounts.domain import PLATFORM_ADMIN_GROUP, user_set_roles
from intervisie.common.models import AuditEntry
from tests.factories import SECRET_TITLE, MembershipFactory, UserFactory, give_totp, make_case


def _admin():
    user = UserFactory(email="noor@example.nl", name="Noor Beheer", roles=["beheerder"])
    give_totp(user)
    return user


def test_beheerder_role_gives_staff_and_admin_permissions_without_superuser(db):
    user = _admin()
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == [PLATFORM_ADMIN_GROUP]
    assert user.has_perm("organisations.change_organisation")
    assert user.has_perm("accreditation.change_register")
    assert not user.has_perm("accounts.add_user")  # accounts are made by signing up
    user_set_roles(user=user, roles=["gezinshuisouder"], by=None)
    user.refresh_from_db()
    assert user.is_staff is False and not user.groups.exists()


def test_beheerder_uses_the_admin_without_superuser(client, db):
    client.force_login(_admin())
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/accreditation/register/").status_code == 200
    assert client.get("/beheer/common/auditentry/").status_code == 200
    assert client.get("/beheer/auth/group/").status_code == 403


def test_beheerder_steps_into_a_group_as_begeleider_visibly(client, group, bob):
    admin = _admin()
    MembershipFactory(user=bob, group=group)
    case = make_case(group=group, bringer=bob)
    client.force_login(admin)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404

    url = f"/beheer/groups/intervisiongroup/{group.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"begeleider": admin.pk})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.begeleider == admin
    entry = AuditEntry.objects.get(action="group.begeleider_changed_in_admin")
    assert (entry.actor, entry.data) == (admin, {"begeleider": admin.pk})
    # Now the group sees who stepped in, and the admin reads as its begeleider.
    assert "Noor Beheer" in client.get(reverse("directory:detail", args=[group.slug])).content.decode()
    assert SECRET_TITLE in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_beheerder_sees_the_outbox_without_mail_texts(client, db):
    from intervisie.common.email import email_queue

    email_queue(
        to="iemand@example.nl", template="cases/email/case_new", context={"group": None, "path": "/x/"}
    )
    client.force_login(_admin())
    response = client.get("/beheer/common/outgoingemail/")
    assert response.status_code == 200
    assert "iemand@example.nl" in response.content.decode()
    # An ordinary staff flag without the permission sees nothing of it.
    other = UserFactory(email="staff@example.nl", is_staff=True)
    give_totp(other)
    client.force_login(other)
    assert client.get("/beheer/common/outgoingemail/").status_code == 403
