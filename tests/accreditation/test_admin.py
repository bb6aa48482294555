from decimal import Decimal

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


def test_admin_certificates_are_read_only(client, db):
    admin = UserFactory(email="root@example.nl", is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    assert client.get("/beheer/accreditation/certificate/add/").status_code == 403
