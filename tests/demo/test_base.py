"""What the demo modules share (intervisie/demo/base.py): the write that makes a second load change nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from intervisie.demo.base import DEMO_DOMAIN, upsert
from intervisie.organisations.models import Organisation, OrganisationKind

FIELDS = {"name": "Stichting Voorbeeld", "kind": OrganisationKind.OTHER, "city": "Utrecht"}


def test_upsert_creates_then_writes_only_what_differs(db):
    created_org, created = upsert(Organisation, {"slug": "voorbeeld"}, FIELDS)
    assert created and created_org.pk is not None
    with CaptureQueriesContext(connection) as queries:
        same, created = upsert(Organisation, {"slug": "voorbeeld"}, FIELDS)
    # One read and no write: nothing differs.
    assert (same.pk, created, len(queries)) == (created_org.pk, False, 1)
    changed, created = upsert(Organisation, {"slug": "voorbeeld"}, {**FIELDS, "city": "Zwolle"})
    assert (changed.pk, created) == (created_org.pk, False)
    assert Organisation.objects.get(slug="voorbeeld").city == "Zwolle"
    assert Organisation.objects.count() == 1


def test_demo_domain_never_reaches_a_real_mailbox():
    assert DEMO_DOMAIN.endswith(".example")  # RFC 2606
