"""Amounts on quotes and invoices: rounding, VAT and the Dutch way of writing euros.

Pure Python (no Django), so it can be tested on its own and used in templates, PDFs and e-mails alike.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
VAT_RATE_STANDARD = Decimal("21.00")
VAT_RATE_EXEMPT = Decimal("0.00")

# Printed on documents of a CRKBO-registered provider: its training and coaching are exempt from VAT.
CRKBO_STATEMENT = (
    "Vrijgesteld van btw op grond van artikel 11, lid 1, onder o, van de Wet op de omzetbelasting 1968 "
    "(CRKBO-geregistreerd)."
)


def _decimal(value) -> Decimal:
    """``value`` as a Decimal; floats go through ``str`` so 0.1 stays 0.1."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    vat_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)
    # The net amount per rate: the base of each rate's VAT on a document, and the turnover per rate
    # that the VAT return asks for.
    net_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)


def line_amounts(*, quantity, unit_price, vat_rate) -> LineAmounts:
    """The amounts of one line, each rounded to cents half up. VAT is rounded per line, as Dutch
    invoices usually do (the Belastingdienst allows rounding per line or per total; per line keeps each
    printed line consistent), so the document's VAT is the sum of the lines' VAT."""
    net = _cents(_decimal(quantity) * _decimal(unit_price))
    vat = _cents(net * _decimal(vat_rate) / 100)
    return LineAmounts(net=net, vat=vat, gross=net + vat)


def _field(line, name: str):
    """A line's ``name``: an attribute of a model or object, or a key of a dict."""
    try:
        return getattr(line, name)
    except AttributeError:
        return line[name]


def totals(lines: Iterable) -> Totals:
    """The sums of ``lines`` (objects or dicts with ``quantity``, ``unit_price`` and ``vat_rate``), with
    the VAT and the net amount per rate for the VAT specification on the document. Rates are keyed to
    two decimals."""
    net = vat = Decimal("0.00")
    vat_by_rate: dict[Decimal, Decimal] = {}
    net_by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = _cents(_decimal(_field(line, "vat_rate")))
        amounts = line_amounts(
            quantity=_field(line, "quantity"), unit_price=_field(line, "unit_price"), vat_rate=rate
        )
        net += amounts.net
        vat += amounts.vat
        vat_by_rate[rate] = vat_by_rate.get(rate, Decimal("0.00")) + amounts.vat
        net_by_rate[rate] = net_by_rate.get(rate, Decimal("0.00")) + amounts.net
    return Totals(net=net, vat=vat, gross=net + vat, vat_by_rate=vat_by_rate, net_by_rate=net_by_rate)


def document_vat_rate(*, vat_exempt: bool) -> Decimal:
    """The VAT rate for the lines of a document: 0% when it is exempt (CRKBO), else the standard 21%."""
    return VAT_RATE_EXEMPT if vat_exempt else VAT_RATE_STANDARD


def format_euro(amount) -> str:
    """``amount`` the Dutch way: "€ 1.234,50", and "-€ 12,00" when negative."""
    value = _cents(_decimal(amount))
    sign = "-" if value < 0 else ""
    english = f"{abs(value):,.2f}"  # 1,234.50
    dutch = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{sign}€ {dutch}"
