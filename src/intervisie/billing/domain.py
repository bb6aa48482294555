"""Billing logic: numbering of quotes and invoices."""

from django.db import IntegrityError, transaction
from django.db.models import F

from intervisie.billing.models import Counter


def next_number(*, provider, kind, year=0) -> int:
    """The next number of ``provider``'s quotes (``kind`` quote, ``year`` 0) or of its invoices in
    ``year``: 1, 2, 3, … without a gap or a duplicate, also when requests ask at the same moment.

    Side effects: increments (or creates, at 1) the ``Counter`` row for provider, kind and year.

    Race safety: the UPDATE comes first, before any read. On PostgreSQL it locks the counter row until
    the transaction ends (as ``select_for_update`` would), so a second caller waits and then adds one to
    the committed value. On SQLite it takes the database's write lock (the project opens transactions
    IMMEDIATE anyway), so writers are serialised. Reading after the UPDATE sees our own increment.
    When no row exists yet, two callers may both try to create it: the unique constraint lets one win;
    the other gets an IntegrityError inside its savepoint and then increments the winner's row.

    Call it inside the transaction that stores the document: if that rolls back, the number is given
    back too, so invoice numbers stay without gaps (a Dutch invoice requirement). The row stays locked
    until that transaction ends, so keep the work after it short.
    """
    counters = Counter.objects.filter(provider=provider, kind=kind, year=year)
    with transaction.atomic():
        if not counters.update(last_number=F("last_number") + 1):
            try:
                with transaction.atomic():  # a savepoint: a lost race must not break the outer transaction
                    Counter.objects.create(provider=provider, kind=kind, year=year, last_number=1)
                return 1
            except IntegrityError:
                # Another caller created the row and has committed (PostgreSQL made us wait on the
                # unique index until then): increment its row, which now locks it.
                counters.update(last_number=F("last_number") + 1)
        return counters.values_list("last_number", flat=True).get()
