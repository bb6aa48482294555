"""Seats can never be over-allocated, also when people take the last seat at the same moment; and
composing breakouts holds no lock while the solver runs, so others can write meanwhile.

Every thread has its own database connection (Django keeps one per thread), so these tests need real
transactions (``transaction=True``) and a database other threads can see: a file-based SQLite
database (IMMEDIATE transactions serialise writers there) or PostgreSQL (``select_for_update`` on the
event row). CI runs this file on both.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from grouping import solve_scenario
from intervisie.events import composition, domain
from intervisie.events.enums import RegistrationKind, RegistrationStatus
from intervisie.events.models import Event, Registration
from tests.concurrency import in_threads
from tests.events.conftest import fill, person_fields
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

S = RegistrationStatus


def _register(event, user):
    return lambda: domain.registration_create(event=event, user=user, fields=person_fields()).status


def _confirmed(event) -> int:
    return Registration.objects.filter(
        event=event, kind=RegistrationKind.PARTICIPANT, status=S.CONFIRMED
    ).count()


@pytest.fixture
def last_seat_event():
    """Three seats, two taken: one seat left."""
    event = EventFactory(title="Laatste plaats", capacity=3)
    RegistrationFactory(event=event), RegistrationFactory(event=event)
    return event


def test_concurrency_two_registrations_for_the_last_seat_one_gets_it(last_seat_event):
    people = [UserFactory(), UserFactory()]

    results = in_threads(*[_register(last_seat_event, person) for person in people])

    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert sorted(value for _, value in results) == sorted([S.CONFIRMED, S.WAITLIST])
    assert _confirmed(last_seat_event) == 3
    (waiting,) = Registration.objects.filter(event=last_seat_event, status=S.WAITLIST)
    assert waiting.user in people
    assert domain.waitlist_position(waiting) == 1


def test_concurrency_six_registrations_for_three_seats_three_get_one():
    event = EventFactory(capacity=3)
    people = [UserFactory() for _ in range(6)]

    results = in_threads(*[_register(event, person) for person in people])

    assert [kind for kind, _ in results] == ["ok"] * 6
    assert sorted(value for _, value in results) == sorted([S.CONFIRMED] * 3 + [S.WAITLIST] * 3)
    assert _confirmed(event) == 3
    waiting = Registration.objects.filter(event=event, status=S.WAITLIST).order_by("queued_at", "pk")
    assert [domain.waitlist_position(r) for r in waiting] == [1, 2, 3]


def test_concurrency_same_person_twice_registers_once(last_seat_event):
    person = UserFactory()

    results = in_threads(_register(last_seat_event, person), _register(last_seat_event, person))

    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, domain.EventError)
    assert str(error) == "Je bent al aangemeld voor deze bijeenkomst."
    assert Registration.objects.filter(event=last_seat_event, user=person).count() == 1


def test_concurrency_cancel_and_new_registration_keep_the_count_right(last_seat_event):
    """Someone cancels while someone new registers: the freed seat goes to exactly one person, and
    never more people hold a seat than there are seats."""
    seated = domain.registration_create(event=last_seat_event, user=UserFactory(), fields=person_fields())
    waiting = domain.registration_create(event=last_seat_event, user=UserFactory(), fields=person_fields())
    assert (seated.status, waiting.status) == (S.CONFIRMED, S.WAITLIST)

    results = in_threads(
        lambda: domain.registration_cancel(registration=seated, by=seated.user).status,
        _register(last_seat_event, UserFactory()),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert results[0][1] == S.CANCELLED
    assert results[1][1] == S.WAITLIST  # the seat went to the one already waiting, first in the queue
    assert _confirmed(last_seat_event) == 3
    assert Registration.objects.get(pk=waiting.pk).status == S.CONFIRMED


def _take_seat_without_lock(event_pk, user, *, read_done, wait_for, log, name):
    """The naive version, for the negative control only: count the seats, decide, write, no row lock."""
    with transaction.atomic():
        log.append((name, "began", time.monotonic()))
        event = Event.objects.get(pk=event_pk)  # no select_for_update()
        free = event.capacity - domain.seats_taken(event)
        read_done.set()
        wait_for()
        status = S.CONFIRMED if free > 0 else S.WAITLIST
        Registration.objects.create(
            event=event, user=user, role="other", organisation_other="X", status=status
        )
        log.append((name, "wrote", time.monotonic()))  # the last moment before COMMIT
    return status


def test_concurrency_negative_control_without_the_lock(last_seat_event):
    """Without the row lock the race is real on PostgreSQL: both people get the one seat.

    Thread A counts the seats and then waits (up to a limit) until thread B has counted too; both
    saw one seat free. On SQLite the IMMEDIATE transaction mode already serialises the two
    transactions, so B cannot even begin until A has committed: that is what protects SQLite, and it
    is asserted instead.
    """
    first, second = UserFactory(), UserFactory()
    postgres = connection.vendor == "postgresql"
    a_read, b_read = threading.Event(), threading.Event()
    log = []

    results = in_threads(
        lambda: _take_seat_without_lock(
            last_seat_event.pk,
            first,
            read_done=a_read,
            name="A",
            log=log,
            wait_for=lambda: b_read.wait(timeout=10 if postgres else 1),
        ),
        lambda: (
            a_read.wait(timeout=10),
            _take_seat_without_lock(
                last_seat_event.pk, second, read_done=b_read, name="B", log=log, wait_for=lambda: None
            ),
        )[1],
        start_together=False,
    )

    if postgres:
        # Over-allocation: both "took" the last seat.
        assert results == [("ok", S.CONFIRMED), ("ok", S.CONFIRMED)]
        assert _confirmed(last_seat_event) == 4
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert results == [("ok", S.CONFIRMED), ("ok", S.WAITLIST)]
        times = {(name, event): at for name, event, at in log}
        assert times[("B", "began")] >= times[("A", "wrote")]  # B waited for A's whole transaction
        assert _confirmed(last_seat_event) == 3


# --- Composing: the solver runs while others write ---------------------------------------------------


def _start(target) -> tuple[threading.Thread, list]:
    """Run ``target`` in a thread with its own connection; the list gets ("ok", value) or ("error", e)."""
    result = []

    def run():
        try:
            result.append(("ok", target()))
        except Exception as error:  # asserted on in the test thread
            result.append(("error", error))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_concurrency_compose_holds_no_transaction_while_the_solver_runs():
    """The solver may take seconds. It runs outside any transaction, so other requests write in the
    meantime: here, while it runs, someone joins this event's waitlist and someone registers for
    another event. Neither changes what the solver works from, so the composition is stored."""
    organiser = UserFactory()
    event = EventFactory(capacity=16, organisers=[organiser])
    fill(event, 16, 2)
    other = EventFactory()
    late, elsewhere = UserFactory(), UserFactory()
    seen = {}

    def watching_solver(scenario, **options):
        seen["in_transaction"] = connection.in_atomic_block
        writes = [
            _start(lambda: domain.registration_create(event=event, user=late, fields=person_fields()).status),
            _start(
                lambda: domain.registration_create(event=other, user=elsewhere, fields=person_fields()).status
            ),
        ]
        for thread, _result in writes:
            thread.join(timeout=10)  # with the lock held, this would wait for ever (a hung thread)
        seen["writes"] = [result for _thread, result in writes]
        return solve_scenario(scenario, **options)

    report = composition.composition_compose(event=event, by=organiser, solver=watching_solver)

    assert seen == {"in_transaction": False, "writes": [[("ok", S.WAITLIST)], [("ok", S.CONFIRMED)]]}
    assert report["feasible"] is True
    assert event.breakouts.count() == 2
    assert Registration.objects.get(event=event, user=late).breakout_id is None


def test_concurrency_negative_control_a_held_event_lock_makes_writes_wait():
    """What composing did before: solving inside the transaction that holds the event's lock. A
    registration waits until that transaction ends (on SQLite every write waits: the transaction
    holds the database's one write lock)."""
    event = EventFactory()
    person = UserFactory()

    with transaction.atomic():
        domain.lock_event(event.pk)
        thread, result = _start(
            lambda: domain.registration_create(event=event, user=person, fields=person_fields()).status
        )
        thread.join(timeout=0.5)
        assert thread.is_alive() and result == []  # still waiting for the lock

    thread.join(timeout=10)
    assert result == [("ok", S.CONFIRMED)]
