"""Places can never be over-allocated, also when people take the last place at the same moment.

Every thread has its own database connection (Django keeps one per thread), so these tests need real
transactions (``transaction=True``) and a database other threads can see: a file-based SQLite
database (IMMEDIATE transactions serialise writers there) or PostgreSQL (``select_for_update`` on the
group row). CI runs this file on both.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from intervisie.groups import domain
from intervisie.groups.enums import PLACE_STATES
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import IntervisionGroup, Membership
from tests.concurrency import in_threads
from tests.factories import GroupFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def last_place_group(alice):
    """Room for two; one person outside the platform already takes a place: one place left."""
    organisation = OrganisationFactory(managers=[alice])
    group = GroupFactory(
        name="Laatste plek Deventer",
        organisation=organisation,
        min_members=2,
        max_members=2,
        external_members=1,
    )
    assert group.open_places == 1
    return group


def _requests(group, count):
    return [
        domain.membership_request(user=UserFactory(), group=group, motivation="Ik wil graag meedoen.")
        for _ in range(count)
    ]


def _holding_a_place(group) -> int:
    return Membership.objects.filter(group=group, state__in=PLACE_STATES).count()


def test_concurrency_two_accepts_for_the_last_place_one_wins(alice, last_place_group):
    first, second = _requests(last_place_group, 2)

    results = in_threads(
        lambda: domain.membership_accept(membership=first, by=alice).state,
        lambda: domain.membership_accept(membership=second, by=alice).state,
    )

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    assert [value for kind, value in results if kind == "ok"] == [S.INTRODUCTION]
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, domain.GroupFullError)
    assert str(error) == "Er is geen plek meer vrij in deze groep."
    last_place_group.refresh_from_db()
    assert (last_place_group.occupied_places, last_place_group.open_places) == (1, 0)
    assert _holding_a_place(last_place_group) == 1
    assert sorted(
        Membership.objects.filter(group=last_place_group).values_list("state", flat=True)
    ) == sorted([S.INTRODUCTION, S.REQUESTED])


def test_concurrency_six_accepts_for_three_places_three_win(alice):
    organisation = OrganisationFactory(managers=[alice])
    group = GroupFactory(organisation=organisation, min_members=2, max_members=3)
    requests = _requests(group, 6)

    results = in_threads(
        *[(lambda m=m: domain.membership_accept(membership=m, by=alice).state) for m in requests]
    )

    assert sum(kind == "ok" for kind, _ in results) == 3
    assert all(isinstance(value, domain.GroupFullError) for kind, value in results if kind == "error")
    group.refresh_from_db()
    assert (group.occupied_places, group.open_places) == (3, 0)
    assert _holding_a_place(group) == 3


def test_concurrency_leave_and_new_request_keep_the_count_right(alice, last_place_group):
    """A member leaves while someone asks to join: the freed place is counted once, never twice."""
    (member,) = _requests(last_place_group, 1)
    member = domain.membership_accept(membership=member, by=alice)
    waiting = _requests(last_place_group, 2)  # group full: both wait
    assert [m.state for m in waiting] == [S.WAITLISTED, S.WAITLISTED]

    results = in_threads(
        lambda: domain.membership_leave(membership=member, by=member.user).state,
        lambda: (
            domain.membership_request(
                user=UserFactory(), group=last_place_group, motivation="Mag ik erbij?"
            ).state
        ),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"]
    last_place_group.refresh_from_db()
    assert last_place_group.occupied_places == 1  # the first on the waitlist holds it as an offer
    assert _holding_a_place(last_place_group) == 1
    assert Membership.objects.get(pk=waiting[0].pk).state == S.OFFERED


def _take_place_without_lock(membership_pk, *, read_done, wait_for, log, name):
    """The naive version, for the negative control only: read the count, decide, write, no row lock."""
    with transaction.atomic():
        log.append((name, "began", time.monotonic()))
        membership = Membership.objects.get(pk=membership_pk)
        group = IntervisionGroup.objects.get(pk=membership.group_id)  # no select_for_update()
        read_done.set()
        wait_for()
        if group.open_places <= 0:
            raise domain.GroupFullError("vol")
        group.occupied_places += 1
        group.save(update_fields=["occupied_places"])
        Membership.objects.filter(pk=membership_pk).update(state=S.INTRODUCTION)
        log.append((name, "wrote", time.monotonic()))  # the last moment before COMMIT
    return S.INTRODUCTION


def test_concurrency_negative_control_without_the_lock(last_place_group):
    """Without the row lock the race is real on PostgreSQL: both people get the one place.

    Thread A reads the group and then waits (up to a limit) until thread B has read it too; both
    saw one open place. On SQLite the IMMEDIATE transaction mode already serialises the two
    transactions, so B cannot even begin until A has committed: that is what protects SQLite, and it
    is asserted instead.
    """
    first, second = _requests(last_place_group, 2)
    postgres = connection.vendor == "postgresql"
    a_read, b_read = threading.Event(), threading.Event()
    log = []

    results = in_threads(
        lambda: _take_place_without_lock(
            first.pk,
            read_done=a_read,
            name="A",
            log=log,
            wait_for=lambda: b_read.wait(timeout=10 if postgres else 1),
        ),
        lambda: (
            a_read.wait(timeout=10),
            _take_place_without_lock(second.pk, read_done=b_read, name="B", log=log, wait_for=lambda: None),
        )[1],
        start_together=False,
    )

    if postgres:
        # Over-allocation: both "took" the last place, and the counter lost one of the updates.
        assert [kind for kind, _ in results] == ["ok", "ok"]
        assert _holding_a_place(last_place_group) == 2
        last_place_group.refresh_from_db()
        assert last_place_group.occupied_places == 1
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert [kind for kind, _ in results] == ["ok", "error"]
        assert isinstance(results[1][1], domain.GroupFullError)
        times = {(name, event): at for name, event, at in log}
        assert times[("B", "began")] >= times[("A", "wrote")]  # B waited for A's whole transaction
        assert _holding_a_place(last_place_group) == 1
