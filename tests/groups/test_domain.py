import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.groups import domain
from intervisie.groups.enums import GroupStatus
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Membership
from intervisie.groups.tasks import expire_offers
from tests.factories import GroupFactory, UserFactory

MOTIVATION = "Ik ben gezinshuisouder en zoek collega's om mee te sparren."


def _request(user, group, motivation=MOTIVATION):
    return domain.membership_request(user=user, group=group, motivation=motivation)


def _member(user, group, by):
    """A person who went all the way: request, kennismaking, lid."""
    membership = _request(user, group)
    return domain.membership_confirm(membership=domain.membership_accept(membership=membership, by=by), by=by)


def _refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


@pytest.fixture
def small_group(organisation):
    """Two places: quick to fill, so the waitlist comes into play."""
    return GroupFactory(
        name="Kleine groep Amersfoort", organisation=organisation, min_members=2, max_members=2
    )


def _audit_actions(membership):
    return list(
        AuditEntry.objects.filter(object_type="groups.membership", object_id=str(membership.pk))
        .order_by("created_at", "id")
        .values_list("action", "actor__email")
    )


# --- The path: request -> kennismaking -> proefperiode -> lid -> gestopt -----------------------


def test_membership_full_path_request_to_left(alice, bob, group):
    membership = _request(bob, group)
    assert membership.state == S.REQUESTED
    assert membership.motivation == MOTIVATION
    group.refresh_from_db()
    assert (group.occupied_places, group.open_places) == (0, 6)  # a request holds no place yet

    membership = domain.membership_accept(membership=membership, by=alice)
    assert membership.state == S.INTRODUCTION
    assert membership.started_at is not None
    group.refresh_from_db()
    assert (group.occupied_places, group.open_places) == (1, 5)

    membership = domain.membership_start_trial(membership=membership, by=alice)
    assert membership.state == S.TRIAL
    membership = domain.membership_confirm(membership=membership, by=alice)
    assert membership.state == S.MEMBER
    group.refresh_from_db()
    assert group.occupied_places == 1

    membership = domain.membership_leave(membership=membership, by=bob, reason="Ik verhuis naar Groningen.")
    assert membership.state == S.LEFT
    assert membership.ended_at is not None
    assert membership.decline_reason == "Ik verhuis naar Groningen."
    group.refresh_from_db()
    assert (group.occupied_places, group.open_places) == (0, 6)

    assert _audit_actions(membership) == [
        ("membership.requested", "bob@example.nl"),
        ("membership.introduction", "alice@example.nl"),
        ("membership.trial", "alice@example.nl"),
        ("membership.member", "alice@example.nl"),
        ("membership.left", "bob@example.nl"),
    ]


def test_membership_confirm_straight_after_introduction_skips_trial(alice, bob, group):
    membership = domain.membership_accept(membership=_request(bob, group), by=alice)
    assert domain.membership_confirm(membership=membership, by=alice).state == S.MEMBER


def test_membership_leave_before_a_place_is_withdrawn(bob, group):
    membership = domain.membership_leave(membership=_request(bob, group), by=bob)
    assert membership.state == S.WITHDRAWN
    assert membership.ended_at is not None


@pytest.mark.parametrize(
    ("setup", "verb", "message"),
    [
        (
            "requested",
            "membership_start_trial",
            "Dit kan niet meer: de aanmelding staat nu op 'Aangemeld, wacht op reactie'.",
        ),
        (
            "requested",
            "membership_confirm",
            "Dit kan niet meer: de aanmelding staat nu op 'Aangemeld, wacht op reactie'.",
        ),
        (
            "requested",
            "membership_accept_offer",
            "Dit kan niet meer: de aanmelding staat nu op 'Aangemeld, wacht op reactie'.",
        ),
        ("member", "membership_accept", "Dit kan niet meer: de aanmelding staat nu op 'Lid'."),
        ("member", "membership_to_waitlist", "Dit kan niet meer: de aanmelding staat nu op 'Lid'."),
        ("left", "membership_confirm", "Dit kan niet meer: de aanmelding staat nu op 'Gestopt'."),
        ("left", "membership_leave", "Dit kan niet meer: de aanmelding staat nu op 'Gestopt'."),
    ],
)
def test_membership_invalid_transition_raises(alice, bob, group, setup, verb, message):
    membership = _request(bob, group)
    if setup in {"member", "left"}:
        membership = domain.membership_confirm(
            membership=domain.membership_accept(membership=membership, by=alice), by=alice
        )
    if setup == "left":
        membership = domain.membership_leave(membership=membership, by=bob)
    before = membership.state
    with pytest.raises(domain.MembershipError) as error:
        getattr(domain, verb)(membership=membership, by=alice)
    assert str(error.value) == message
    membership.refresh_from_db()
    assert membership.state == before


def test_membership_accept_offer_on_a_request_is_refused(bob, group):
    """A person cannot let themselves in: only an offer can be accepted by the person."""
    membership = _request(bob, group)
    with pytest.raises(domain.MembershipError):
        domain.membership_accept_offer(membership=membership, by=bob)
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED
    group.refresh_from_db()
    assert group.occupied_places == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_membership_decline_without_reason_raises(alice, bob, group, reason):
    membership = _request(bob, group)
    with pytest.raises(
        domain.MembershipError, match=re.escape("Geef een reden, zodat de persoon weet waarom.")
    ):
        domain.membership_decline(membership=membership, by=alice, reason=reason)
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED


def test_membership_decline_after_introduction_gives_the_place_back(alice, bob, group):
    membership = domain.membership_accept(membership=_request(bob, group), by=alice)
    membership = domain.membership_decline(membership=membership, by=alice, reason="  Het klikte niet.  ")
    assert membership.state == S.DECLINED
    assert membership.decline_reason == "Het klikte niet."
    group.refresh_from_db()
    assert group.occupied_places == 0


def test_membership_request_duplicate_refused(bob, group):
    _request(bob, group)
    with pytest.raises(domain.MembershipError, match=re.escape("Je hebt je al aangemeld voor deze groep.")):
        _request(bob, group)
    assert Membership.objects.filter(user=bob, group=group).count() == 1


@pytest.mark.parametrize(
    ("motivation", "message"),
    [
        ("", "Schrijf kort waarom je mee wilt doen."),
        ("x" * 1001, "Je motivatie is te lang: maximaal 1000 tekens."),
    ],
)
def test_membership_request_bad_motivation_refused(bob, group, motivation, message):
    with pytest.raises(domain.MembershipError, match=message):
        _request(bob, group, motivation=motivation)
    assert not Membership.objects.exists()


def test_membership_request_closed_group_refused(bob, organisation):
    group = GroupFactory(organisation=organisation, is_closed=True)
    with pytest.raises(
        domain.MembershipError, match=re.escape("Deze groep neemt op dit moment geen aanmeldingen aan.")
    ):
        _request(bob, group)


def test_membership_request_full_group_without_waitlist_refused(alice, bob, charlie, organisation):
    group = GroupFactory(
        organisation=organisation, min_members=2, max_members=2, external_members=2, has_waitlist=False
    )
    assert group.status == GroupStatus.FULL
    with pytest.raises(domain.GroupFullError, match=re.escape("Deze groep is vol en heeft geen wachtlijst.")):
        _request(bob, group)


# --- Places ------------------------------------------------------------------------------------------


def test_group_places_count_external_members_and_platform_places(alice, bob, charlie, organisation):
    group = GroupFactory(organisation=organisation, min_members=2, max_members=3, external_members=1)
    assert (group.open_places, group.status) == (2, GroupStatus.OPEN)
    _member(bob, group, alice)
    _member(charlie, group, alice)
    group.refresh_from_db()
    assert (group.occupied_places, group.current_members, group.open_places) == (2, 3, 0)
    assert group.status == GroupStatus.WAITLIST


def test_membership_accept_full_group_raises_group_full(alice, bob, charlie, small_group):
    dave = UserFactory(name="Dave Smit")
    _member(bob, small_group, alice)
    late = _request(dave, small_group)  # asked while there was still a place
    _member(charlie, small_group, alice)
    with pytest.raises(domain.GroupFullError, match=re.escape("Er is geen plek meer vrij in deze groep.")):
        domain.membership_accept(membership=late, by=alice)
    late.refresh_from_db()
    small_group.refresh_from_db()
    assert late.state == S.REQUESTED
    assert small_group.occupied_places == 2
    # The manager can put the request on the waitlist instead.
    assert domain.membership_to_waitlist(membership=late, by=alice).state == S.WAITLISTED


def test_membership_to_waitlist_refused_while_a_place_is_open(alice, bob, group):
    membership = _request(bob, group)
    with pytest.raises(domain.MembershipError, match=re.escape("Er is nog plek in deze groep.")):
        domain.membership_to_waitlist(membership=membership, by=alice)


# --- Waitlist order and offers -------------------------------------------------------------------


@pytest.fixture
def full_group_with_waitlist(alice, bob, charlie, small_group):
    """Bob and Charlie hold both places; Wim, Wanda and Wouter wait, in that order."""
    members = [_member(bob, small_group, alice), _member(charlie, small_group, alice)]
    waiting = [_request(UserFactory(name=name), small_group) for name in ("Wim", "Wanda", "Wouter")]
    return small_group, members, waiting


def test_waitlist_requests_on_a_full_group_wait_in_order(full_group_with_waitlist):
    group, _, waiting = full_group_with_waitlist
    assert [m.state for m in waiting] == [S.WAITLISTED] * 3
    assert [domain.waitlist_position(m) for m in waiting] == [1, 2, 3]
    group.refresh_from_db()
    assert (group.status, group.open_places) == (GroupStatus.WAITLIST, 0)


def test_waitlist_first_in_line_gets_the_freed_place(alice, bob, full_group_with_waitlist):
    group, (bob_membership, charlie_membership), (wim, wanda, wouter) = full_group_with_waitlist
    before = timezone.now()
    domain.membership_leave(membership=bob_membership, by=bob)
    _refresh(wim, wanda, wouter, group)
    assert [wim.state, wanda.state, wouter.state] == [S.OFFERED, S.WAITLISTED, S.WAITLISTED]
    assert before + timedelta(days=7) <= wim.offer_expires_at <= timezone.now() + timedelta(days=7)
    assert group.occupied_places == 2  # the offer holds the place for Wim
    assert [domain.waitlist_position(m) for m in (wanda, wouter)] == [1, 2]

    wim = domain.membership_accept_offer(membership=wim, by=wim.user)
    assert wim.state == S.INTRODUCTION
    domain.membership_leave(membership=charlie_membership, by=charlie_membership.user)
    _refresh(wanda, wouter)
    assert [wanda.state, wouter.state] == [S.OFFERED, S.WAITLISTED]


def test_waitlist_declined_offer_goes_to_the_next_person(bob, full_group_with_waitlist):
    _group, (bob_membership, _), (wim, wanda, _) = full_group_with_waitlist
    domain.membership_leave(membership=bob_membership, by=bob)
    wim.refresh_from_db()
    wim = domain.membership_decline_offer(membership=wim, by=wim.user)
    assert wim.state == S.WITHDRAWN
    wanda.refresh_from_db()
    assert wanda.state == S.OFFERED


def test_offers_expire_pass_the_place_to_the_next_person(bob, full_group_with_waitlist):
    group, (bob_membership, _), (wim, wanda, wouter) = full_group_with_waitlist
    domain.membership_leave(membership=bob_membership, by=bob)
    wim.refresh_from_db()

    assert domain.offers_expire(now=wim.offer_expires_at - timedelta(minutes=1)) == 0
    later = wim.offer_expires_at + timedelta(days=1)
    assert domain.offers_expire(now=later) == 1
    _refresh(wim, wanda, wouter, group)
    assert [wim.state, wanda.state, wouter.state] == [S.OFFER_EXPIRED, S.OFFERED, S.WAITLISTED]
    assert wanda.offer_expires_at == later + timedelta(days=7)
    assert group.occupied_places == 2
    assert domain.offers_expire(now=later) == 0  # running twice changes nothing

    assert domain.offers_expire(now=wanda.offer_expires_at + timedelta(seconds=1)) == 1
    _refresh(wanda, wouter)
    assert [wanda.state, wouter.state] == [S.OFFER_EXPIRED, S.OFFERED]


def test_offers_expire_last_offer_frees_the_place(bob, small_group, alice, charlie):
    _member(bob, small_group, alice)
    charlie_membership = _member(charlie, small_group, alice)
    wim = _request(UserFactory(name="Wim"), small_group)
    domain.membership_leave(membership=charlie_membership, by=charlie)
    wim.refresh_from_db()
    domain.offers_expire(now=wim.offer_expires_at + timedelta(hours=1))
    small_group.refresh_from_db()
    assert (small_group.occupied_places, small_group.open_places, small_group.status) == (
        1,
        1,
        GroupStatus.OPEN,
    )


def test_offer_accept_after_expiry_refused(bob, full_group_with_waitlist):
    _group, (bob_membership, _), (wim, _, _) = full_group_with_waitlist
    domain.membership_leave(membership=bob_membership, by=bob)
    wim.refresh_from_db()
    with pytest.raises(domain.MembershipError, match=re.escape("Dit aanbod is verlopen.")):
        domain.membership_accept_offer(
            membership=wim, by=wim.user, now=wim.offer_expires_at + timedelta(minutes=1)
        )
    wim.refresh_from_db()
    assert wim.state == S.OFFERED

    # Also when the date has passed for real but expire_offers has not run yet.
    Membership.objects.filter(pk=wim.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(domain.MembershipError, match=re.escape("Dit aanbod is verlopen.")):
        domain.membership_accept_offer(membership=wim, by=wim.user)


def test_offer_accept_after_it_expired_and_moved_on_refused(bob, full_group_with_waitlist):
    _group, (bob_membership, _), (wim, _, _) = full_group_with_waitlist
    domain.membership_leave(membership=bob_membership, by=bob)
    wim.refresh_from_db()
    domain.offers_expire(now=wim.offer_expires_at + timedelta(days=1))
    with pytest.raises(
        domain.MembershipError,
        match=re.escape("Dit kan niet meer: de aanmelding staat nu op 'Aanbod verlopen'."),
    ):
        domain.membership_accept_offer(membership=wim, by=wim.user)


def test_expire_offers_command_expires_past_offers(bob, full_group_with_waitlist):
    _group, (bob_membership, _), (wim, wanda, _) = full_group_with_waitlist
    domain.membership_leave(membership=bob_membership, by=bob)
    Membership.objects.filter(pk=wim.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("expire_offers", stdout=out)
    assert out.getvalue().startswith("1 ")
    _refresh(wim, wanda)
    assert (wim.state, wanda.state) == (S.OFFER_EXPIRED, S.OFFERED)


def test_expire_offers_task_expires_past_offers(bob, full_group_with_waitlist):
    _group, (bob_membership, _), (wim, wanda, _) = full_group_with_waitlist
    domain.membership_leave(membership=bob_membership, by=bob)
    Membership.objects.filter(pk=wim.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    result = expire_offers.enqueue()
    assert result.return_value == 1
    _refresh(wim, wanda)
    assert (wim.state, wanda.state) == (S.OFFER_EXPIRED, S.OFFERED)


def test_group_save_with_more_places_offers_them_to_the_waitlist(alice, full_group_with_waitlist):
    group, _, (wim, wanda, wouter) = full_group_with_waitlist
    group.refresh_from_db()
    group.max_members = 4
    domain.group_save(group=group, by=alice)
    _refresh(wim, wanda, wouter, group)
    assert [wim.state, wanda.state, wouter.state] == [S.OFFERED, S.OFFERED, S.WAITLISTED]
    assert (group.occupied_places, group.open_places) == (4, 0)


# --- Switching ---------------------------------------------------------------------------------------


def test_switching_keeps_history(alice, bob, group, organisation):
    other = GroupFactory(name="Intervisie Zeist", organisation=organisation)
    first = _member(bob, group, alice)
    domain.membership_leave(membership=first, by=bob, reason="Ik wil een groep dichter bij huis.")
    _request(bob, other)

    history = {m.group.name: m.state for m in Membership.objects.filter(user=bob)}
    assert history == {"Intervisie Utrecht Oost": S.LEFT, "Intervisie Zeist": S.REQUESTED}


def test_switching_back_to_an_earlier_group_starts_a_new_path(alice, bob, group):
    first = _member(bob, group, alice)
    domain.membership_leave(membership=first, by=bob)
    again = _request(bob, group)
    assert again.pk != first.pk
    assert list(
        Membership.objects.filter(user=bob, group=group).order_by("pk").values_list("state", flat=True)
    ) == [
        S.LEFT,
        S.REQUESTED,
    ]


def test_group_save_refuses_a_maximum_below_the_people_with_a_place(alice, bob, organisation):
    group = GroupFactory(organisation=organisation, min_members=2, max_members=4, external_members=3)
    _member(bob, group, alice)
    group.refresh_from_db()
    group.max_members = 3
    with pytest.raises(domain.MembershipError, match=r"nu een plek heeft \(4\)"):
        domain.group_save(group=group, by=alice)
    group.refresh_from_db()
    assert group.max_members == 4


def test_group_save_higher_maximum_offers_the_place_to_the_waitlist(alice, bob, organisation):
    group = GroupFactory(organisation=organisation, min_members=2, max_members=3, external_members=3)
    waiting = _request(bob, group)
    assert waiting.state == S.WAITLISTED
    group.max_members = 4
    domain.group_save(group=group, by=alice)
    waiting.refresh_from_db()
    assert waiting.state == S.OFFERED


def test_group_save_closed_group_does_not_offer_places(alice, bob, organisation):
    group = GroupFactory(organisation=organisation, min_members=2, max_members=3, external_members=3)
    waiting = _request(bob, group)
    group.max_members = 4
    group.is_closed = True
    domain.group_save(group=group, by=alice)
    waiting.refresh_from_db()
    assert waiting.state == S.WAITLISTED
    assert group.status == GroupStatus.CLOSED


def test_leaving_a_closed_group_keeps_the_waitlist_waiting(alice, bob, charlie, organisation):
    group = GroupFactory(organisation=organisation, min_members=2, max_members=2, external_members=1)
    member = _member(bob, group, alice)
    waiting = _request(charlie, group)
    group.is_closed = True
    domain.group_save(group=group, by=alice)
    domain.membership_leave(membership=member, by=bob)
    waiting.refresh_from_db()
    assert waiting.state == S.WAITLISTED
    group.is_closed = False
    domain.group_save(group=group, by=alice)
    waiting.refresh_from_db()
    assert waiting.state == S.OFFERED


def test_capacity_changes_lock_the_group_row(alice, bob, group):
    """On PostgreSQL the group row is locked (FOR UPDATE); SQLite has no row locks and relies on
    IMMEDIATE transactions, which take the database's write lock at BEGIN."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    membership = _request(bob, group)
    with CaptureQueriesContext(connection) as queries:
        domain.membership_accept(membership=membership, by=alice)
    group_selects = [q["sql"] for q in queries if 'FROM "groups_intervisiongroup"' in q["sql"]]
    if connection.vendor == "postgresql":
        assert any("FOR UPDATE" in sql for sql in group_selects)
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_membership_admit_makes_a_member_at_once_counts_the_place_and_is_idempotent(db):
    group = GroupFactory(max_members=1, min_members=1)
    person = UserFactory()
    membership = domain.membership_admit(user=person, group=group, by=person, reason="Begeleid traject")
    assert membership.state == S.MEMBER and membership.started_at is not None
    assert domain.membership_admit(user=person, group=group, by=person, reason="nog eens") == membership
    group.refresh_from_db()
    assert (group.occupied_places, group.open_places) == (1, 0)
    with pytest.raises(domain.GroupFullError):
        domain.membership_admit(user=UserFactory(), group=group, by=None, reason="Begeleid traject")
    assert group.memberships.count() == 1
