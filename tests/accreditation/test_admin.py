from decimal import Decimal

import pytest

from intervisie.common.models import AuditEntry
from tests.factories import UserFactory, give_totp, register


def test_admin_changes_register_rules_with_audit(client, db):
    admin = UserFactory(email="root@example.nl", name="Rita Root", is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    registerplein = register("registerplein-gezinshuisouders")
    url = f"/beheer/accreditation/register/{registerplein.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "code": registerplein.code,
        "name": registerplein.name,
        "body": registerplein.body,
        "hours_required": "40",
        "period_years": "5",
        "min_meeting_minutes": "60",
        "points_per_hour": "1",
        "online_counts": "on",
        "supervisor": "not_needed",
        "supervisor_registers": "",
        "source": registerplein.source,
        "notes": registerplein.notes,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    registerplein.refresh_from_db()
    assert registerplein.hours_required == Decimal("40")
    entry = AuditEntry.objects.get(action="register.changed_in_admin")
    assert entry.actor == admin
    assert entry.data == {"fields": ["hours_required"]}


def _register_data(skj, **changes):
    data = {
        "code": skj.code,
        "name": skj.name,
        "body": skj.body,
        "hours_required": "60",
        "period_years": "5",
        "min_meeting_minutes": "60",
        "points_per_hour": "1",
        "online_counts": "on",
        "min_group_size": "3",
        "max_group_size": "",
        "min_meetings_per_year": "",
        "supervisor": "recommended",
        "supervisor_registers": "LVSC, VGCT, NIP, NVO, NVRG",
        "source": skj.source,
        "notes": skj.notes,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"supervisor_registers": "LVSC, ABC"}, "supervisor_registers", "Onbekend register: ABC."),
        (
            {"supervisor": "required", "supervisor_registers": ""},
            "supervisor_registers",
            "Vul in bij welke registers de begeleider mag staan.",
        ),
        ({"min_group_size": "6", "max_group_size": "4"}, None, "Het maximale aantal deelnemers is kleiner"),
    ],
)
def test_admin_register_group_facts_are_checked(client, db, changes, field, message):
    admin = UserFactory(email="root@example.nl", is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    skj = register()
    response = client.post(f"/beheer/accreditation/register/{skj.pk}/change/", _register_data(skj, **changes))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field or "__all__", []))
    skj.refresh_from_db()
    assert skj.supervisor_registers == "LVSC, VGCT, NIP, NVO, NVRG"


def test_admin_register_facts_change_the_directory_at_once(client, db):
    """No stored copy to recompute: the directory's register filter reads the rules as they are."""
    from tests.factories import GroupFactory

    admin = UserFactory(email="root@example.nl", is_staff=True, is_superuser=True)
    give_totp(admin)
    GroupFactory(name="Maandgroep", frequency="monthly", max_members=8)
    assert [g.name for g in client.get("/groepen/", {"register": "skj"}).context["groups"]] == ["Maandgroep"]
    client.force_login(admin)
    skj = register()
    response = client.post(
        f"/beheer/accreditation/register/{skj.pk}/change/", _register_data(skj, max_group_size="6")
    )
    assert response.status_code == 302
    assert list(client.get("/groepen/", {"register": "skj"}).context["groups"]) == []


def test_admin_certificates_are_read_only(client, db):
    admin = UserFactory(email="root@example.nl", is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    assert client.get("/beheer/accreditation/certificate/add/").status_code == 403
