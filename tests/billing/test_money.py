from decimal import Decimal

import pytest

from intervisie.billing.money import (
    CRKBO_STATEMENT,
    LineAmounts,
    document_vat_rate,
    format_euro,
    line_amounts,
    totals,
)

D = Decimal


@pytest.mark.parametrize(
    ("quantity", "unit_price", "vat_rate", "expected"),
    [
        # 3 × 33.335 = 100.005 → 100.01 (half up); 21% of 100.01 = 21.0021 → 21.00
        (D("3"), D("33.335"), D("21"), LineAmounts(net=D("100.01"), vat=D("21.00"), gross=D("121.01"))),
        # 21% of 2.50 = 0.525 → 0.53 (half up, not banker's 0.52)
        (D("1"), D("2.50"), D("21"), LineAmounts(net=D("2.50"), vat=D("0.53"), gross=D("3.03"))),
        # 1.5 × 0.05 = 0.075 → 0.08
        (D("1.5"), D("0.05"), D("21"), LineAmounts(net=D("0.08"), vat=D("0.02"), gross=D("0.10"))),
        (D("4"), D("125.00"), D("0"), LineAmounts(net=D("500.00"), vat=D("0.00"), gross=D("500.00"))),
        # A credit line: negative quantity rounds half away from zero, too.
        (D("-1"), D("2.50"), D("21"), LineAmounts(net=D("-2.50"), vat=D("-0.53"), gross=D("-3.03"))),
    ],
)
def test_line_amounts_round_to_cents_half_up(quantity, unit_price, vat_rate, expected):
    assert line_amounts(quantity=quantity, unit_price=unit_price, vat_rate=vat_rate) == expected


def test_totals_round_vat_per_line_not_on_the_total():
    """Two lines of 2.50 at 21%: 0.525 → 0.53 per line, 1.06 in all; 21% of the total 5.00 would be 1.05."""
    lines = [
        {"quantity": D("1"), "unit_price": D("2.50"), "vat_rate": D("21.00")},
        {"quantity": D("1"), "unit_price": D("2.50"), "vat_rate": D("21.00")},
    ]

    result = totals(lines)

    assert (result.net, result.vat, result.gross) == (D("5.00"), D("1.06"), D("6.06"))
    assert line_amounts(quantity=1, unit_price=result.net, vat_rate=21).vat == D("1.05")
    assert result.vat_by_rate == {D("21.00"): D("1.06")}


def test_totals_accept_objects_and_split_vat_by_rate():
    class Line:
        def __init__(self, quantity, unit_price, vat_rate):
            self.quantity, self.unit_price, self.vat_rate = quantity, unit_price, vat_rate

    lines = [
        Line(D("2"), D("95.00"), D("21")),
        {"quantity": D("1"), "unit_price": D("40.00"), "vat_rate": D("0.00")},
    ]

    result = totals(lines)

    assert (result.net, result.vat, result.gross) == (D("230.00"), D("39.90"), D("269.90"))
    assert result.vat_by_rate == {D("21.00"): D("39.90"), D("0.00"): D("0.00")}
    assert result.net_by_rate == {D("21.00"): D("190.00"), D("0.00"): D("40.00")}
    assert [str(rate) for rate in result.vat_by_rate] == ["21.00", "0.00"]


def test_totals_of_no_lines_are_zero():
    result = totals([])

    assert (result.net, result.vat, result.gross, result.vat_by_rate, result.net_by_rate) == (
        D("0"),
        D("0"),
        D("0"),
        {},
        {},
    )


def test_document_vat_rate_exempt_is_zero_and_gives_no_vat():
    rate = document_vat_rate(vat_exempt=True)

    assert rate == D("0.00")
    assert line_amounts(quantity=D("10"), unit_price=D("150.00"), vat_rate=rate) == LineAmounts(
        net=D("1500.00"), vat=D("0.00"), gross=D("1500.00")
    )
    assert document_vat_rate(vat_exempt=False) == D("21.00")


def test_crkbo_statement_names_the_law():
    assert "artikel 11, lid 1, onder o" in CRKBO_STATEMENT
    assert "CRKBO" in CRKBO_STATEMENT


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (D("0"), "€ 0,00"),
        (D("1234.5"), "€ 1.234,50"),
        (D("-12"), "-€ 12,00"),
        (D("1000000"), "€ 1.000.000,00"),
        (D("0.005"), "€ 0,01"),
        (12, "€ 12,00"),
    ],
)
def test_format_euro_writes_dutch_amounts(amount, expected):
    assert format_euro(amount) == expected
