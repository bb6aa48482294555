"""The dashboard's parts: what each one finds for a person, and that each needs the same number of
queries with one item as with three."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intervisie.dashboard import selectors
from intervisie.events.enums import EventStatus, RegistrationKind, RegistrationStatus
from intervisie.events.models import Breakout
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings.enums import MeetingStatus, RsvpAnswer
from intervisie.meetings.models import CharterAgreement
from intervisie.programmes.domain import partner_accept, signup_link_account
from tests.factories import (
    AttendanceFactory,
    CharterFactory,
    EnrolmentFactory,
    EventFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    RsvpFactory,
    UserFactory,
    days_from_today,
    make_case,
    make_partner,
    make_programme,
    make_signup,
    register,
)

# --- member_part --------------------------------------------------------------------------------------


def test_member_part_without_groups_is_not_shown(bob, group):
    MembershipFactory(user=bob, group=group, state=S.REQUESTED)
    MembershipFactory(user=bob, group=GroupFactory(), state=S.LEFT)

    part = selectors.member_part(user=bob)

    assert part.shown is False
    assert part.next_meeting is None


def test_member_part_next_meeting_is_the_first_planned_one_with_my_answer(bob, group):
    MembershipFactory(user=bob, group=group)
    MeetingFactory(
        group=group,
        title="Voorbij",
        starts_at=days_from_today(-7),
        ends_at=days_from_today(-7) + timedelta(hours=2),
    )
    MeetingFactory(
        group=group,
        title="Afgelast",
        starts_at=days_from_today(2),
        ends_at=days_from_today(2) + timedelta(hours=2),
        status=MeetingStatus.CANCELLED,
    )
    next_one = MeetingFactory(
        group=group,
        title="Volgende",
        starts_at=days_from_today(5),
        ends_at=days_from_today(5) + timedelta(hours=2),
    )
    MeetingFactory(
        group=group,
        title="Later",
        starts_at=days_from_today(40),
        ends_at=days_from_today(40) + timedelta(hours=2),
    )
    RsvpFactory(meeting=next_one, user=bob, answer=RsvpAnswer.COMING)

    part = selectors.member_part(user=bob)

    assert part.next_meeting == next_one
    assert part.next_meeting.my_answer == "coming"
    assert part.next_membership.group == group


def test_member_part_next_meeting_across_groups_and_not_of_groups_i_left(bob, group):
    MembershipFactory(user=bob, group=group)
    other = GroupFactory(name="Tweede groep")
    MembershipFactory(user=bob, group=other)
    left = GroupFactory(name="Oude groep")
    MembershipFactory(user=bob, group=left, state=S.LEFT)
    MeetingFactory(group=left, starts_at=days_from_today(1), ends_at=days_from_today(1) + timedelta(hours=2))
    MeetingFactory(group=group, starts_at=days_from_today(9), ends_at=days_from_today(9) + timedelta(hours=2))
    soonest = MeetingFactory(
        group=other, starts_at=days_from_today(3), ends_at=days_from_today(3) + timedelta(hours=2)
    )

    part = selectors.member_part(user=bob)

    assert part.next_meeting == soonest
    assert part.next_meeting.my_answer is None
    assert [m.group.name for m in part.memberships] == ["Intervisie Utrecht Oost", "Tweede groep"]


def test_member_part_reads_only_my_own_case_titles(bob, group):
    MembershipFactory(user=bob, group=group)
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    meeting = MeetingFactory(group=group)
    mine = make_case(meeting=meeting, bringer=bob, title="Grenzen stellen bij logeren")
    make_case(meeting=meeting, bringer=dana, title="Geheim van Dana")

    part = selectors.member_part(user=bob)

    assert part.own_cases == [{"pk": mine.pk, "title": "Grenzen stellen bij logeren"}]
    assert part.others_bring == 1
    assert part.turn is None  # someone brings a case already: no rotation suggestion
    assert "Geheim van Dana" not in repr(part.__dict__)


def test_member_part_rotation_suggests_who_never_brought_a_case(bob, group):
    MembershipFactory(user=bob, group=group)
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    earlier = MeetingFactory(
        group=group, starts_at=days_from_today(-30), ends_at=days_from_today(-30) + timedelta(hours=2)
    )
    make_case(meeting=earlier, bringer=dana, title="Eerdere casus")
    MeetingFactory(group=group)

    part = selectors.member_part(user=bob)

    assert part.turn == bob
    assert part.turn_is_mine is True


def test_member_part_rotation_names_someone_else_when_it_is_their_turn(bob, group):
    MembershipFactory(user=bob, group=group)
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    earlier = MeetingFactory(
        group=group, starts_at=days_from_today(-30), ends_at=days_from_today(-30) + timedelta(hours=2)
    )
    make_case(meeting=earlier, bringer=bob, title="Mijn eerdere casus")
    MeetingFactory(group=group)

    part = selectors.member_part(user=bob)

    assert part.turn == dana
    assert part.turn_is_mine is False


def test_member_part_in_kennismaking_gets_no_rotation(bob, group):
    MembershipFactory(user=bob, group=group, state=S.INTRODUCTION)
    meeting = MeetingFactory(group=group)

    part = selectors.member_part(user=bob)

    assert part.next_meeting == meeting
    assert part.turn is None
    assert part.has_preparation is False


def test_member_part_lists_the_newest_charter_i_did_not_agree_to(bob, group):
    MembershipFactory(user=bob, group=group)
    first = CharterFactory(group=group, version=1)
    CharterAgreement.objects.create(charter=first, user=bob)
    second = CharterFactory(group=group, version=2)
    agreed = GroupFactory(name="Groep met akkoord")
    MembershipFactory(user=bob, group=agreed)
    CharterAgreement.objects.create(charter=CharterFactory(group=agreed, version=1), user=bob)
    MembershipFactory(user=bob, group=GroupFactory(name="Groep zonder afspraken"))

    part = selectors.member_part(user=bob)

    assert part.charters_to_agree == [second]


def test_member_part_counts_attendance_waiting_for_my_sign_off(bob, group):
    MembershipFactory(user=bob, group=group)
    waiting = [
        AttendanceFactory(
            user=bob,
            meeting=MeetingFactory(
                group=group, starts_at=days_from_today(-d), ends_at=days_from_today(-d) + timedelta(hours=2)
            ),
        )
        for d in range(10, 80, 10)
    ]
    confirmed = MeetingFactory(
        group=group, starts_at=days_from_today(-90), ends_at=days_from_today(-90) + timedelta(hours=2)
    )
    AttendanceFactory(user=bob, meeting=confirmed, confirmed_at=timezone.now())

    part = selectors.member_part(user=bob)

    assert part.to_confirm_count == 7
    assert [a.meeting for a in part.to_confirm] == [a.meeting for a in reversed(waiting)][
        : selectors.LIST_MAX
    ]
    assert part.to_confirm_more == 2


def test_member_part_someone_who_joined_after_the_meetings_has_nothing_from_before(bob, group):
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    charter = CharterFactory(group=group)
    CharterAgreement.objects.create(charter=charter, user=dana)
    for days in (60, 30):
        past = MeetingFactory(
            group=group, starts_at=days_from_today(-days), ends_at=days_from_today(-days) + timedelta(hours=2)
        )
        AttendanceFactory(user=dana, meeting=past)
        make_case(meeting=past, bringer=dana, title=f"Casus van {days} dagen geleden")
    coming = MeetingFactory(group=group)
    MembershipFactory(user=bob, group=group, started_at=timezone.now())

    part = selectors.member_part(user=bob)

    assert part.next_meeting == coming
    assert part.charters_to_agree == [charter]
    assert part.to_confirm_count == 0
    assert part.own_cases == []
    assert part.turn == bob  # never brought a case: first in the rotation


def _member_with_groups(user, count: int) -> None:
    """``count`` groups, each with a coming meeting, a case by someone else, an unsigned charter
    and an attendance of ``user`` to sign off."""
    for n in range(count):
        group = GroupFactory(name=f"Groep {n}")
        MembershipFactory(user=user, group=group)
        other = UserFactory()
        MembershipFactory(user=other, group=group)
        meeting = MeetingFactory(
            group=group, starts_at=days_from_today(3 + n), ends_at=days_from_today(3 + n) + timedelta(hours=2)
        )
        CharterFactory(group=group)
        past = MeetingFactory(
            group=group,
            starts_at=days_from_today(-10 - n),
            ends_at=days_from_today(-10 - n) + timedelta(hours=2),
        )
        AttendanceFactory(user=user, meeting=past)
        if n:
            make_case(meeting=meeting, bringer=other, title="Een casus")


@pytest.mark.parametrize("count", [1, 3])
def test_member_part_query_count_is_fixed(bob, django_assert_num_queries, count):
    # The next meeting (of the first group) has no case, so the rotation is asked too: the most work.
    _member_with_groups(bob, count)
    with django_assert_num_queries(8):
        part = selectors.member_part(user=bob)
    assert len(part.memberships) == count
    assert len(part.charters_to_agree) == count
    assert part.to_confirm_count == count


# --- hours_part ---------------------------------------------------------------------------------------


def test_hours_part_shows_progress_per_registration_period(bob, group):
    MembershipFactory(user=bob, group=group)
    EnrolmentFactory(user=bob, register=register("skj-jeugd-en-gezinsprofessional"))
    past = MeetingFactory(
        group=group, starts_at=days_from_today(-14), ends_at=days_from_today(-14) + timedelta(hours=2)
    )
    AttendanceFactory(user=bob, meeting=past)

    part = selectors.hours_part(user=bob, takes_part=True)

    [(enrolment, ledger)] = part.entries
    assert enrolment.register.code == "skj-jeugd-en-gezinsprofessional"
    assert str(ledger.hours) == "2.00"
    assert part.shown is True


def test_hours_part_without_registration_is_a_hint_for_participants_only(bob, django_assert_num_queries):
    with django_assert_num_queries(1):
        part = selectors.hours_part(user=bob, takes_part=True)
    assert part.entries == []
    assert part.shown is True
    assert selectors.hours_part(user=bob, takes_part=False).shown is False


@pytest.mark.parametrize(
    "codes",
    [
        ["skj-jeugd-en-gezinsprofessional"],
        ["skj-jeugd-en-gezinsprofessional", "skj-jeugdzorgwerker", "registerplein-gezinshuisouders"],
    ],
)
def test_hours_part_query_count_is_fixed(bob, group, django_assert_num_queries, codes):
    for code in codes:
        EnrolmentFactory(user=bob, register=register(code))
    for days in range(10, 10 + 10 * len(codes), 10):
        AttendanceFactory(
            user=bob,
            meeting=MeetingFactory(
                group=group,
                starts_at=days_from_today(-days),
                ends_at=days_from_today(-days) + timedelta(hours=2),
            ),
        )
    with django_assert_num_queries(3):
        part = selectors.hours_part(user=bob, takes_part=True)
    assert len(part.entries) == len(codes)


# --- joining_part -------------------------------------------------------------------------------------


def test_joining_part_shows_each_state_on_the_way_in_offer_first(bob):
    requested = MembershipFactory(user=bob, group=GroupFactory(name="A"), state=S.REQUESTED)
    introduction = MembershipFactory(user=bob, group=GroupFactory(name="B"), state=S.INTRODUCTION)
    offered = MembershipFactory(
        user=bob,
        group=GroupFactory(name="C"),
        state=S.OFFERED,
        offer_expires_at=timezone.now() + timedelta(days=7),
    )
    MembershipFactory(user=bob, group=GroupFactory(name="D"), state=S.MEMBER)
    MembershipFactory(user=bob, group=GroupFactory(name="E"), state=S.DECLINED)

    part = selectors.joining_part(user=bob)

    assert part == [offered, introduction, requested]


def test_joining_part_gives_my_place_on_the_waitlist(bob, group):
    now = timezone.now()
    for minutes in (30, 20):
        MembershipFactory(group=group, state=S.WAITLISTED, waitlisted_at=now - timedelta(minutes=minutes))
    MembershipFactory(user=bob, group=group, state=S.WAITLISTED, waitlisted_at=now - timedelta(minutes=10))
    MembershipFactory(group=group, state=S.WAITLISTED, waitlisted_at=now - timedelta(minutes=5))

    [mine] = selectors.joining_part(user=bob)

    assert mine.position == 3


@pytest.mark.parametrize("count", [1, 3])
def test_joining_part_query_count_is_fixed(bob, django_assert_num_queries, count):
    for _n in range(count):
        group = GroupFactory()
        MembershipFactory(group=group, state=S.WAITLISTED, waitlisted_at=timezone.now() - timedelta(hours=1))
        MembershipFactory(user=bob, group=group, state=S.WAITLISTED, waitlisted_at=timezone.now())
    with django_assert_num_queries(1):
        part = selectors.joining_part(user=bob)
    assert [m.position for m in part] == [2] * count


# --- lead_part ----------------------------------------------------------------------------------------


def test_lead_part_lists_past_meetings_without_attendance(begeleider, bob, group):
    MembershipFactory(user=bob, group=group)
    unregistered = MeetingFactory(
        group=group,
        title="Nog invullen",
        starts_at=days_from_today(-7),
        ends_at=days_from_today(-7) + timedelta(hours=2),
    )
    registered = MeetingFactory(
        group=group, starts_at=days_from_today(-14), ends_at=days_from_today(-14) + timedelta(hours=2)
    )
    AttendanceFactory(meeting=registered, user=bob)
    MeetingFactory(
        group=group,
        starts_at=days_from_today(-21),
        ends_at=days_from_today(-21) + timedelta(hours=2),
        status=MeetingStatus.CANCELLED,
    )
    MeetingFactory(group=group)  # still to come

    part = selectors.lead_part(user=begeleider)

    assert [g.name for g in part.groups] == ["Intervisie Utrecht Oost"]
    assert part.groups[0].is_guided is True
    assert part.groups[0].participants == 1
    assert part.to_register == [unregistered]
    assert part.to_register_count == 1


def test_lead_part_warns_about_coming_meetings_below_the_charters_minimum(begeleider, group):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        MembershipFactory(user=person, group=group)
    gone = UserFactory()
    MembershipFactory(user=gone, group=group, state=S.LEFT)
    CharterFactory(group=group, min_attendance=3)
    too_few = MeetingFactory(
        group=group, starts_at=days_from_today(5), ends_at=days_from_today(5) + timedelta(hours=2)
    )
    for person in (people[0], people[1], gone):  # someone who left does not count
        RsvpFactory(meeting=too_few, user=person, answer=RsvpAnswer.COMING)
    enough = MeetingFactory(
        group=group, starts_at=days_from_today(12), ends_at=days_from_today(12) + timedelta(hours=2)
    )
    for person in people:
        RsvpFactory(meeting=enough, user=person, answer=RsvpAnswer.COMING)
    MeetingFactory(
        group=group, starts_at=days_from_today(40), ends_at=days_from_today(40) + timedelta(hours=2)
    )  # too far ahead

    part = selectors.lead_part(user=begeleider)

    [(meeting, quorum)] = part.quorum
    assert meeting == too_few
    assert (quorum.coming, quorum.minimum) == (2, 3)
    assert part.groups[0].next_meeting_pk == too_few.pk


def test_lead_part_without_charter_uses_the_groups_minimum_size(begeleider, group):
    MeetingFactory(group=group, starts_at=days_from_today(5), ends_at=days_from_today(5) + timedelta(hours=2))

    [(_meeting, quorum)] = selectors.lead_part(user=begeleider).quorum

    assert quorum.minimum == group.min_members == 4


def test_lead_part_includes_groups_a_member_plans_for(bob, group):
    MembershipFactory(user=bob, group=group, is_planner=True)
    MembershipFactory(user=bob, group=GroupFactory(name="Alleen lid"))

    part = selectors.lead_part(user=bob)

    assert [g.name for g in part.groups] == ["Intervisie Utrecht Oost"]
    assert (part.guides, part.plans) == (False, True)


def test_lead_part_is_empty_for_a_member_and_for_a_superuser(bob, group):
    MembershipFactory(user=bob, group=group)
    MeetingFactory(
        group=group, starts_at=days_from_today(-7), ends_at=days_from_today(-7) + timedelta(hours=2)
    )
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert selectors.lead_part(user=bob).shown is False
    assert selectors.lead_part(user=admin).shown is False


@pytest.mark.parametrize("count", [1, 3])
def test_lead_part_query_count_is_fixed(begeleider, django_assert_num_queries, count):
    for n in range(count):
        group = GroupFactory()
        group.begeleider = begeleider
        group.save(update_fields=["begeleider"])
        MembershipFactory(group=group)
        CharterFactory(group=group)
        MeetingFactory(
            group=group,
            starts_at=days_from_today(-7 - n),
            ends_at=days_from_today(-7 - n) + timedelta(hours=2),
        )
        MeetingFactory(
            group=group, starts_at=days_from_today(4 + n), ends_at=days_from_today(4 + n) + timedelta(hours=2)
        )
    with django_assert_num_queries(5):
        part = selectors.lead_part(user=begeleider)
    # ``group`` from conftest is begeleider's too: count + 1 groups.
    assert len(part.groups) == count + 1
    assert part.to_register_count == count
    assert len(part.quorum) == count


# --- applications_part --------------------------------------------------------------------------------


def test_applications_part_for_begeleider_and_manager_lists_decisions_longest_waiting_first(
    alice, begeleider, group
):
    now = timezone.now()
    trial = MembershipFactory(group=group, state=S.TRIAL)
    requested = MembershipFactory(group=group, state=S.REQUESTED)
    introduction = MembershipFactory(group=group, state=S.INTRODUCTION)
    for membership, days in ((trial, 3), (requested, 2), (introduction, 1)):
        type(membership).objects.filter(pk=membership.pk).update(created_at=now - timedelta(days=days))
    MembershipFactory(group=group, state=S.WAITLISTED, waitlisted_at=now)
    MembershipFactory(group=group, state=S.MEMBER)
    MembershipFactory(group=GroupFactory(), state=S.REQUESTED)  # someone else's group

    for person in (alice, begeleider):
        part = selectors.applications_part(user=person)
        assert [m.pk for m in part.memberships] == [trial.pk, requested.pk, introduction.pk]
        assert (part.count, part.more) == (3, 0)


def test_applications_part_is_empty_for_members_outsiders_and_superusers(bob, charlie, group):
    MembershipFactory(user=bob, group=group)
    MembershipFactory(group=group, state=S.REQUESTED)
    admin = UserFactory(is_superuser=True, is_staff=True)

    for person in (bob, charlie, admin):
        assert selectors.applications_part(user=person).shown is False


@pytest.mark.parametrize("count", [1, 3])
def test_applications_part_query_count_is_fixed(alice, organisation, django_assert_num_queries, count):
    for _ in range(count):
        MembershipFactory(group=GroupFactory(organisation=organisation), state=S.REQUESTED)
    with django_assert_num_queries(2):
        part = selectors.applications_part(user=alice)
    assert len(part.memberships) == count


# --- manager_part -------------------------------------------------------------------------------------


def test_manager_part_gives_totals_and_the_groups_that_need_attention_first(alice, organisation, group):
    busy = GroupFactory(name="Zwolle", organisation=organisation)
    for _ in range(2):
        MembershipFactory(group=busy, state=S.REQUESTED)
    MembershipFactory(group=group, state=S.REQUESTED)
    MembershipFactory(group=group, state=S.WAITLISTED, waitlisted_at=timezone.now())
    MembershipFactory(group=group)
    for n in range(6):
        GroupFactory(name=f"Rustig {n}", organisation=organisation)
    GroupFactory(organisation=OrganisationFactory(name="Niet van alice"))

    [org] = selectors.manager_part(user=alice)

    assert org == organisation
    assert org.group_count == 8
    assert org.requests_total == 3
    assert org.open_places_total == sum(g.open_places for g in organisation.groups.all())
    names = [g.name for g in org.shown_groups]
    assert names[:2] == ["Zwolle", "Intervisie Utrecht Oost"]
    assert len(names) == selectors.GROUPS_PER_ORGANISATION
    assert org.hidden_groups == 2
    utrecht = org.shown_groups[1]
    assert (utrecht.requests_waiting, utrecht.waitlist_length, utrecht.participants) == (1, 1, 1)


def test_manager_part_puts_closed_groups_last_and_leaves_their_places_out(alice, organisation, group):
    closed = GroupFactory(name="Aaa gesloten", organisation=organisation, is_closed=True, max_members=8)

    [org] = selectors.manager_part(user=alice)

    assert [g.name for g in org.shown_groups] == ["Intervisie Utrecht Oost", "Aaa gesloten"]
    assert closed.open_places == 8
    assert org.open_places_total == group.open_places == 6


def test_manager_part_is_empty_without_organisations(bob, charlie):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert selectors.manager_part(user=bob) == []
    assert selectors.manager_part(user=admin) == []


@pytest.mark.parametrize("count", [1, 3])
def test_manager_part_query_count_is_fixed(alice, django_assert_num_queries, count):
    for _n in range(count):
        organisation = OrganisationFactory(managers=[alice])
        for _ in range(2):
            MembershipFactory(group=GroupFactory(organisation=organisation), state=S.REQUESTED)
    with django_assert_num_queries(2):
        organisations = selectors.manager_part(user=alice)
    assert [len(o.shown_groups) for o in organisations] == [2] * count


# --- organiser_part -----------------------------------------------------------------------------------


def _codes(event) -> list[tuple[str, int]]:
    return [(t.code, t.count) for t in event.todos]


def test_organiser_part_draft_must_be_published(olga):
    EventFactory(organisers=[olga], status=EventStatus.DRAFT)

    [event] = selectors.organiser_part(user=olga).events

    assert _codes(event) == [("draft", 0)]


def test_organiser_part_counts_registrations_and_asks_for_coaches(olga):
    event = EventFactory(organisers=[olga], group_max=8)
    for _ in range(9):
        RegistrationFactory(event=event)
    for _ in range(2):
        RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")

    [row] = selectors.organiser_part(user=olga).events

    assert (row.participant_count, row.waitlist_count, row.coach_count) == (9, 2, 1)
    assert _codes(row) == [("coaches", 1)]  # 9 people in groups of at most 8: two coaches


def test_organiser_part_after_the_deadline_asks_to_compose_then_to_send(olga):
    now = timezone.now()
    event = EventFactory(organisers=[olga], registration_deadline=now - timedelta(hours=1))
    coach = RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    people = [RegistrationFactory(event=event) for _ in range(3)]

    assert _codes(selectors.organiser_part(user=olga).events[0]) == [("compose", 0)]

    breakout = Breakout.objects.create(event=event, number=1, coach=coach, room="kamer-een")
    type(coach).objects.filter(pk__in=[p.pk for p in people[:2]]).update(breakout=breakout)
    assert _codes(selectors.organiser_part(user=olga).events[0]) == [("unplaced", 1), ("send", 3)]

    type(coach).objects.filter(pk=people[2].pk).update(breakout=breakout)
    type(coach).objects.filter(pk__in=[p.pk for p in [coach, *people]]).update(published_breakout=breakout)
    type(event).objects.filter(pk=event.pk).update(published_at=now)
    assert _codes(selectors.organiser_part(user=olga).events[0]) == []

    second = Breakout.objects.create(event=event, number=2, room="kamer-twee")
    type(coach).objects.filter(pk=people[0].pk).update(breakout=second)
    assert _codes(selectors.organiser_part(user=olga).events[0]) == [("send_changes", 1)]


def test_organiser_part_past_event_asks_for_attendance_until_it_is_registered(olga):
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(
        organisers=[olga],
        plenary_starts_at=start,
        plenary_ends_at=start + timedelta(minutes=45),
        breakout_starts_at=start + timedelta(hours=1),
        breakout_ends_at=start + timedelta(hours=2),
        registration_deadline=start - timedelta(days=2),
    )
    people = [RegistrationFactory(event=event) for _ in range(2)]

    assert _codes(selectors.organiser_part(user=olga).events[0]) == [("attendance", 2)]

    type(people[0]).objects.filter(event=event).update(attended=True)
    assert _codes(selectors.organiser_part(user=olga).events[0]) == []


def test_organiser_part_leaves_out_old_cancelled_and_other_peoples_events(olga):
    long_ago = timezone.now() - timedelta(days=60)
    EventFactory(
        organisers=[olga],
        title="Lang geleden",
        plenary_starts_at=long_ago,
        plenary_ends_at=long_ago + timedelta(minutes=45),
        breakout_starts_at=long_ago + timedelta(hours=1),
        breakout_ends_at=long_ago + timedelta(hours=2),
        registration_deadline=long_ago - timedelta(days=2),
    )
    EventFactory(organisers=[olga], title="Afgezegd", status=EventStatus.CANCELLED)
    EventFactory(organisers=[UserFactory()], title="Van een ander")
    EventFactory(organisers=[olga], title="Wel")

    part = selectors.organiser_part(user=olga)

    assert [e.title for e in part.events] == ["Wel"]
    assert part.is_organiser is True


def test_organiser_part_not_shown_without_role_or_events(bob):
    part = selectors.organiser_part(user=bob)
    assert (part.events, part.shown) == ([], False)


@pytest.mark.parametrize("count", [1, 3])
def test_organiser_part_query_count_is_fixed(olga, django_assert_num_queries, count):
    for _ in range(count):
        event = EventFactory(organisers=[olga])
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    with django_assert_num_queries(2):  # the events, and the person's roles
        part = selectors.organiser_part(user=olga)
    assert [(e.participant_count, e.waitlist_count) for e in part.events] == [(1, 1)] * count


# --- my_events_part -----------------------------------------------------------------------------------


def test_my_events_part_lists_coming_events_i_take_part_in(bob):
    mine = RegistrationFactory(user=bob, event=EventFactory(title="Komt"))
    waiting = RegistrationFactory(
        user=bob, event=EventFactory(title="Wachtlijst"), status=RegistrationStatus.WAITLIST
    )
    RegistrationFactory(user=bob, event=EventFactory(title="Afgemeld"), status=RegistrationStatus.CANCELLED)
    RegistrationFactory(user=bob, event=EventFactory(title="Concept", status=EventStatus.DRAFT))
    yesterday = timezone.now() - timedelta(days=1)
    RegistrationFactory(
        user=bob,
        event=EventFactory(
            title="Voorbij",
            plenary_starts_at=yesterday,
            plenary_ends_at=yesterday + timedelta(minutes=45),
            breakout_starts_at=yesterday + timedelta(hours=1),
            breakout_ends_at=yesterday + timedelta(hours=2),
            registration_deadline=yesterday - timedelta(days=2),
        ),
    )

    assert sorted(r.pk for r in selectors.my_events_part(user=bob)) == sorted([mine.pk, waiting.pk])


@pytest.mark.parametrize("count", [1, 3])
def test_my_events_part_query_count_is_fixed(bob, django_assert_num_queries, count):
    for _ in range(count):
        RegistrationFactory(user=bob)
    with django_assert_num_queries(1):
        assert len(selectors.my_events_part(user=bob)) == count


@pytest.mark.parametrize("count", [1, 3])
def test_programmes_part_shows_what_i_run_take_part_in_and_am_partner_of_in_three_queries(
    bob, django_assert_num_queries, count
):
    for _ in range(count):
        make_programme(kartrekker=bob)
        other = make_programme()
        signup = make_signup(other, "student", email=bob.email, status="invited")
        signup_link_account(signup=signup, user=bob)
        partner_accept(partner=make_partner(other, contact_email=bob.email), user=bob)
    make_programme()  # someone else's, with nothing of bob's
    with django_assert_num_queries(3):
        part = selectors.programmes_part(user=bob)
        assert len(part.runs) == count and len(part.takes_part) == count and len(part.partners) == count
    assert all(p.kartrekker_id == bob.pk for p in part.runs)
    assert part.runs[0].signup_count == 0


def test_programmes_part_is_empty_for_someone_without_programmes(bob):
    assert not selectors.programmes_part(user=bob).shown
