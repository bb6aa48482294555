"""Reading billing documents: their totals and the invoices of a year."""

from intervisie.billing.models import Invoice
from intervisie.billing.money import Totals, totals


def document_totals(document) -> Totals:
    """Net, VAT (in all and per rate) and gross of a quote, invoice or credit note (negative), from its
    lines rounded per line (``money.totals``). Uses prefetched lines when the caller prefetched them
    (``prefetch_related("lines")``), so a list of documents costs one query for all their lines."""
    return totals(document.lines.all())


def invoices_of_year(*, provider, year: int):
    """The provider's invoices and credit notes of ``year`` in number order, with their lines and the
    invoice a credit note credits: two queries whatever their number."""
    return (
        Invoice.objects.filter(provider=provider, year=year)
        .select_related("credits")
        .prefetch_related("lines")
        .order_by("number")
    )
