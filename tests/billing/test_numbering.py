"""Quote and invoice numbers: 1, 2, 3 per provider, kind and invoice year, without a gap or a duplicate,
also when requests ask for a number at the same moment.

The race test needs real transactions (``transaction=True``) and a database the threads share: the
file-based SQLite test database (IMMEDIATE transactions serialise writers) or PostgreSQL (the UPDATE
locks the counter row). CI runs this file on both.
"""

import threading

import pytest
from django.db import connection, transaction

from intervisie.billing.domain import next_number
from intervisie.billing.enums import CounterKind
from intervisie.billing.models import Counter
from tests.concurrency import in_threads
from tests.factories import ProviderFactory

QUOTE, INVOICE = CounterKind.QUOTE, CounterKind.INVOICE


@pytest.mark.django_db
def test_next_number_counts_up_from_one():
    provider = ProviderFactory()

    numbers = [next_number(provider=provider, kind=QUOTE) for _ in range(3)]

    assert numbers == [1, 2, 3]
    assert Counter.objects.get(provider=provider, kind=QUOTE, year=0).last_number == 3


@pytest.mark.django_db
def test_next_number_keeps_a_sequence_per_provider():
    first, second = ProviderFactory(), ProviderFactory()

    numbers = [next_number(provider=p, kind=QUOTE) for p in (first, first, second, first, second)]

    assert numbers == [1, 2, 1, 3, 2]


@pytest.mark.django_db
def test_next_number_keeps_a_sequence_per_kind():
    provider = ProviderFactory()

    numbers = [
        next_number(provider=provider, kind=QUOTE),
        next_number(provider=provider, kind=INVOICE, year=2025),
        next_number(provider=provider, kind=QUOTE),
        next_number(provider=provider, kind=INVOICE, year=2025),
    ]

    assert numbers == [1, 1, 2, 2]


@pytest.mark.django_db
def test_next_number_starts_again_each_invoice_year():
    provider = ProviderFactory()

    numbers = [
        next_number(provider=provider, kind=INVOICE, year=2025),
        next_number(provider=provider, kind=INVOICE, year=2025),
        next_number(provider=provider, kind=INVOICE, year=2026),
        next_number(provider=provider, kind=INVOICE, year=2025),
    ]

    assert numbers == [1, 2, 1, 3]


@pytest.mark.django_db
def test_next_number_rolled_back_with_its_document_is_given_again():
    """Called inside the transaction that stores the invoice: a rollback leaves no gap."""
    provider = ProviderFactory()
    next_number(provider=provider, kind=INVOICE, year=2025)

    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(provider=provider, kind=INVOICE, year=2025) == 2
        raise RuntimeError("storing the invoice failed")

    assert next_number(provider=provider, kind=INVOICE, year=2025) == 2


def _five_numbers(provider):
    # in_threads closes this thread's own connection when the target ends.
    return [next_number(provider=provider, kind=INVOICE, year=2025) for _ in range(5)]


@pytest.mark.django_db(transaction=True)
def test_concurrency_eight_threads_get_forty_numbers_without_gap_or_duplicate():
    """Eight requests ask for five numbers each at the same moment; the counter row does not exist yet,
    so they also race to create it."""
    provider = ProviderFactory()

    results = in_threads(*[(lambda: _five_numbers(provider)) for _ in range(8)])

    assert [kind for kind, _ in results] == ["ok"] * 8, results
    numbers = [number for _, batch in results for number in batch]
    assert sorted(numbers) == list(range(1, 41))
    for _, batch in results:
        assert batch == sorted(batch)  # each thread sees its own numbers rise
    assert Counter.objects.get(provider=provider, kind=INVOICE, year=2025).last_number == 40


def _number_without_lock(counter_pk, *, read_done, wait_for):
    """The naive version, for the negative control only: read the counter, then write it, no lock."""
    with transaction.atomic():
        counter = Counter.objects.get(pk=counter_pk)  # a plain read: no UPDATE first, no row lock
        read_done.set()
        wait_for()
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
    return counter.last_number


@pytest.mark.django_db(transaction=True)
def test_concurrency_negative_control_without_the_lock():
    """Reading before writing is a real race on PostgreSQL: A reads 0 and waits until B has read 0
    too, so both hand out number 1. On SQLite the IMMEDIATE transaction mode already serialises the
    two transactions (B cannot begin until A has committed), which is asserted instead."""
    counter = Counter.objects.create(provider=ProviderFactory(), kind=INVOICE, year=2025)
    postgres = connection.vendor == "postgresql"
    a_read, b_read = threading.Event(), threading.Event()

    results = in_threads(
        lambda: _number_without_lock(
            counter.pk, read_done=a_read, wait_for=lambda: b_read.wait(timeout=10 if postgres else 1)
        ),
        lambda: (
            a_read.wait(timeout=10),
            _number_without_lock(counter.pk, read_done=b_read, wait_for=lambda: None),
        )[1],
        start_together=False,
    )

    if postgres:
        assert results == [("ok", 1), ("ok", 1)]  # a duplicate invoice number
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert results == [("ok", 1), ("ok", 2)]
