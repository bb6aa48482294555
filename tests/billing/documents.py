"""Making quotes and invoices through the domain, for the billing tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from intervisie.billing.domain import LineData, create_invoice, create_quote

D = Decimal

RECIPIENT = {
    "recipient_organisation": "Gezinshuizen De Linde",
    "recipient_name": "Noor Opdrachtgever",
    "recipient_email": "noor@delinde.example",
    "recipient_address": "Lindelaan 4, 3511 AB Utrecht",
}


def today() -> dt.date:
    return timezone.localdate()


def lines(*specs) -> list[LineData]:
    """("description", quantity, price[, rate]) tuples as LineData."""
    return [
        LineData(description=spec[0], quantity=D(spec[1]), unit_price=D(spec[2]), vat_rate=D(spec[3]))
        if len(spec) == 4
        else LineData(description=spec[0], quantity=D(spec[1]), unit_price=D(spec[2]))
        for spec in specs
    ]


def make_quote(provider, by=None, **fields):
    values = {
        "provider": provider,
        "recipient": RECIPIENT,
        "subject": "Begeleide intervisie, 6 bijeenkomsten",
        "introduction": "Naar aanleiding van ons gesprek.",
        "terms": "Annuleren kan tot twee weken vooraf.",
        "valid_until": today() + dt.timedelta(days=30),
        "lines": lines(("Bijeenkomst intervisie", "6", "450.00")),
        "by": by,
    }
    values.update(fields)
    return create_quote(**values)


def make_invoice(provider, by=None, **fields):
    values = {
        "provider": provider,
        "recipient": RECIPIENT,
        "subject": "Begeleide intervisie",
        "lines": lines(("Bijeenkomst intervisie", "6", "450.00")),
        "issued_on": today(),
        "by": by,
    }
    values.update(fields)
    return create_invoice(**values)
