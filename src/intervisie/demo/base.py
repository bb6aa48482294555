"""What every demo module shares: the demo accounts' domain, password and two-factor secret, and the
write that makes a second load change nothing. Imports no other demo module, so none can form a circle."""

DEMO_PASSWORD = "intervisie-demo"  # noqa: S105 - printed on purpose by `manage.py demo_logins`
# One fixed, documented TOTP secret for every demo account that must use two-factor login.
# Only for demo data: anyone who reads this file can compute the codes.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_DOMAIN = "intervisiewijzer.example"  # RFC 2606: .example never reaches a real mailbox


def upsert(model, lookup: dict, values: dict):
    """Get or create a row and only write the fields that differ, so a second run changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, False
