"""Composing breakouts through the solver: stored in one go, rules checked, moves give feedback."""

from collections import Counter

import pytest
from django.core import mail

from grouping import Comparison
from grouping.generate import generate_scenario
from intervisie.common.models import AuditEntry
from intervisie.events import composition, domain
from intervisie.events.domain import EventError
from intervisie.events.enums import CompositionPriority, PairRule, ParticipantRole, RegistrationKind
from intervisie.events.models import Breakout, Registration
from intervisie.groups.enums import Province
from tests.events.conftest import at_phase, fill, person_fields
from tests.factories import EventFactory, RegistrationFactory, UserFactory


def _groups(event):
    return {
        b.pk: list(Registration.objects.filter(breakout=b, kind="participant")) for b in event.breakouts.all()
    }


def test_compose_forty_people_and_five_coaches_meets_every_hard_rule(event, olga):
    people, _coaches = fill(event, 40, 5)
    report = composition.composition_compose(event=event, by=olga)
    assert report["feasible"] is True
    assert report["violations"] == []
    groups = _groups(event)
    assert len(groups) == 5
    assert sorted(len(m) for m in groups.values()) == [8, 8, 8, 8, 8]
    for breakout in event.breakouts.all():
        assert breakout.coach.kind == "coach"
        roles = Counter(r.role for r in groups[breakout.pk])
        assert roles[ParticipantRole.GEZINSHUISOUDER] >= 1
        assert roles[ParticipantRole.JEUGDZORGWERKER] >= 1
        households = [r.household for r in groups[breakout.pk]]
        # Pair rule "apart": no gezinshuis twice in one group.
        assert len(households) == len(set(households))
    assert all(p.breakout_id for p in Registration.objects.filter(pk__in=[p.pk for p in people]))


def test_compose_pairs_together_keeps_each_gezinshuis_in_one_group(event, olga):
    event.pair_rule = PairRule.TOGETHER
    event.save()
    fill(event, 20, 3)
    report = composition.composition_compose(event=event, by=olga)
    assert report["violations"] == []
    home_groups = {}
    for r in Registration.objects.filter(event=event, kind="participant"):
        home_groups.setdefault(r.household, set()).add(r.breakout_id)
    assert all(len(groups) == 1 for groups in home_groups.values())


def test_compose_with_too_few_coaches_says_how_many_are_missing(event, olga):
    fill(event, 40, 3)
    report = composition.composition_compose(event=event, by=olga)
    assert report["feasible"] is False
    codes = [v["code"] for v in report["violations"]]
    assert "too_few_coaches" in codes
    finding = next(v for v in report["violations"] if v["code"] == "too_few_coaches")
    text = composition.finding_text(finding)
    assert "3 coaches voor 40 deelnemers" in text
    assert "minstens 5 coaches" in text


def test_compose_without_coaches_is_refused_with_a_dutch_reason(event, olga):
    fill(event, 10, 0)
    with pytest.raises(EventError, match="coaches"):
        composition.composition_compose(event=event, by=olga)


def test_recompose_after_a_late_registration_keeps_most_people_in_place(event, olga):
    fill(event, 30, 4)
    composition.composition_compose(event=event, by=olga)
    before = dict(
        Registration.objects.filter(event=event, kind="participant").values_list("pk", "breakout_id")
    )
    late = RegistrationFactory(event=event, role=ParticipantRole.JEUGDZORGWERKER, organisation_other="Nieuw")
    report = composition.composition_compose(event=event, by=olga)
    after = dict(
        Registration.objects.filter(event=event, kind="participant").values_list("pk", "breakout_id")
    )
    moved = [pk for pk in before if before[pk] != after[pk]]
    assert after[late.pk] is not None
    assert len(moved) <= 3
    assert report["changed"] == len(moved)


def test_locked_person_and_locked_group_stay_when_recomposing(event, olga):
    fill(event, 24, 3)
    composition.composition_compose(event=event, by=olga)
    person = Registration.objects.filter(event=event, kind="participant").first()
    composition.registration_lock_set(registration=person, locked=True, by=olga)
    pinned_to = person.breakout_id
    group = event.breakouts.exclude(pk=person.breakout_id).first()
    composition.breakout_lock_set(breakout=group, locked=True, by=olga)
    members = set(Registration.objects.filter(breakout=group).values_list("pk", flat=True))
    RegistrationFactory.create_batch(4, event=event, role=ParticipantRole.GEZINSHUISOUDER)
    composition.composition_compose(event=event, by=olga)
    person.refresh_from_db()
    assert person.breakout_id == pinned_to
    assert members <= set(Registration.objects.filter(breakout=group).values_list("pk", flat=True))


def test_move_reports_the_rule_it_breaks_and_mends(event, olga):
    fill(event, 16, 2)
    composition.composition_compose(event=event, by=olga)
    first, second = event.breakouts.order_by("number")
    parents = list(
        Registration.objects.filter(breakout=first, role=ParticipantRole.GEZINSHUISOUDER).order_by("pk")
    )
    outcome = None
    for parent in parents:
        outcome = composition.composition_move(registration=parent, breakout=second, by=olga)
    codes = {f["code"] for f in outcome["broken"]} | {f["code"] for f in composition.board(event).violations}
    assert "missing_role" in codes or "group_too_small" in codes
    # Moving one back mends what the last move broke.
    back = composition.composition_move(registration=parents[-1], breakout=first, by=olga)
    assert back["mended"]


def test_publish_mails_everyone_their_group_and_room_once(event, olga):
    _people, _coaches = fill(event, 16, 2)
    composition.composition_compose(event=event, by=olga)
    mail.outbox.clear()
    sent = composition.composition_publish(event=event, by=olga)
    assert sent == 18
    assert len(mail.outbox) == 18
    someone = Registration.objects.filter(event=event, kind="participant").select_related("breakout").first()
    message = next(m for m in mail.outbox if m.to == [someone.user.email])
    assert f"groep {someone.breakout.number}" in message.subject
    assert someone.breakout.room_url in message.body
    assert someone.breakout.room_url in message.alternatives[0][0]
    mail.outbox.clear()
    assert composition.composition_publish(event=event, by=olga) == 0
    assert mail.outbox == []


def test_publish_is_refused_while_someone_is_unplaced(event, olga):
    fill(event, 16, 2)
    composition.composition_compose(event=event, by=olga)
    RegistrationFactory(event=event)
    with pytest.raises(EventError, match="in geen groep"):
        composition.composition_publish(event=event, by=olga)


def test_met_before_pairs_come_from_published_earlier_events(olga):
    earlier = EventFactory(title="Eerder", organisers=[olga])
    earlier.plenary_starts_at = earlier.plenary_starts_at.replace(year=earlier.plenary_starts_at.year - 1)
    earlier.plenary_ends_at = earlier.plenary_starts_at.replace(hour=19, minute=45)
    earlier.breakout_starts_at = earlier.plenary_starts_at.replace(hour=20)
    earlier.breakout_ends_at = earlier.plenary_starts_at.replace(hour=21)
    earlier.registration_deadline = earlier.plenary_starts_at
    earlier.published_at = earlier.plenary_starts_at
    earlier.save()
    room = Breakout.objects.create(event=earlier, number=1, room="x")
    a, b, c = (RegistrationFactory(event=earlier, breakout=room) for _ in range(3))
    later = EventFactory(title="Later", organisers=[olga])
    la, lb, lc = (RegistrationFactory(event=later, user=r.user) for r in (a, b, c))
    pairs = composition.met_before_pairs(later, [la.pk, lb.pk, lc.pk])
    assert pairs == sorted([sorted([la.pk, lb.pk]), sorted([la.pk, lc.pk]), sorted([lb.pk, lc.pk])])


def test_a_coach_who_cancels_leaves_a_problem_and_a_new_coach_takes_over_the_group(event, olga):
    fill(event, 16, 2)
    composition.composition_compose(event=event, by=olga)
    composition.composition_publish(event=event, by=olga)
    group = event.breakouts.order_by("number").first()
    members = set(Registration.objects.filter(breakout=group).values_list("pk", flat=True))
    composition.breakout_lock_set(breakout=group, locked=True, by=olga)
    mail.outbox.clear()
    domain.registration_cancel(registration=group.coach, by=group.coach.user)
    # The organiser hears about it, and the board will not send a group without coach.
    assert any(m.to == [olga.email] and "Een coach heeft zich afgemeld" in m.subject for m in mail.outbox)
    board = composition.board(event)
    missing = [f for f in board.violations if f["code"] == "coach_missing"]
    assert len(missing) == 1
    assert composition.finding_text(missing[0]).startswith(f"Groep {group.number} heeft geen coach meer.")
    with pytest.raises(EventError, match="harde regel"):
        composition.composition_publish(event=event, by=olga)
    # A new coach: re-composing gives them the same group, with its members, lock and room.
    new_coach = RegistrationFactory(
        event=event, kind="coach", role="", organisation_other="Coachbureau Nieuw"
    )
    room = group.room
    composition.composition_compose(event=event, by=olga)
    group.refresh_from_db()
    assert (group.coach_id, group.room, group.locked) == (new_coach.pk, room, True)
    assert set(Registration.objects.filter(breakout=group).values_list("pk", flat=True)) == members
    assert not [f for f in composition.board(event).violations if f["code"] == "coach_missing"]


def test_locking_and_moving_after_the_event_are_refused(event, olga):
    fill(event, 8, 1)
    composition.composition_compose(event=event, by=olga)
    person = Registration.objects.filter(event=event, kind="participant").first()
    at_phase(event, "after")
    for change in (
        lambda: composition.registration_lock_set(registration=person, locked=True, by=olga),
        lambda: composition.breakout_lock_set(breakout=person.breakout, locked=True, by=olga),
        lambda: composition.composition_move(registration=person, breakout=None, by=olga),
        lambda: composition.composition_compose(event=event, by=olga),
    ):
        with pytest.raises(EventError, match="voorbij"):
            change()
    person.refresh_from_db()
    assert person.breakout_id is not None and not person.locked


# --- Solving outside the lock: snapshot, solve, apply -----------------------------------------------

CHANGED = r"^De aanmeldingen zijn veranderd terwijl de indeling werd gemaakt\. Maak de indeling opnieuw\.$"


def _fields(registration, **changes) -> dict:
    """What the registration form sends back: every field as it is, with ``changes``."""
    return {name: getattr(registration, name) for name in domain.REGISTRATION_FIELDS} | changes


def _placements(event) -> dict[int, int | None]:
    return dict(Registration.objects.filter(event=event).values_list("pk", "breakout_id"))


@pytest.mark.parametrize(
    "change",
    [
        "a new participant",
        "a cancellation",
        "another role",
        "a smaller maximum per group",
        "a new coach",
        "another most important criterion",
    ],
)
def test_apply_after_the_registrations_changed_is_refused_and_writes_nothing(event, olga, change):
    people, _coaches = fill(event, 16, 2)
    snapshot = composition.composition_snapshot(event)
    solution = composition.composition_solve(snapshot, time_limit=1.0)
    if change == "a new participant":
        domain.registration_create(event=event, user=UserFactory(), fields=person_fields())
    elif change == "a cancellation":
        domain.registration_cancel(registration=people[0], by=people[0].user)
    elif change == "another role":
        domain.registration_update(
            registration=people[1], by=people[1].user, fields=_fields(people[1], role=ParticipantRole.OTHER)
        )
    elif change == "a smaller maximum per group":
        domain.event_update(event=event, by=olga, fields={"group_max": 7})
    elif change == "another most important criterion":
        domain.event_update(event=event, by=olga, fields={"composition_priority": CompositionPriority.REGION})
    else:
        RegistrationFactory(event=event, kind="coach", role="", organisation_other="Coachbureau Laat")
    before = _placements(event)

    with pytest.raises(EventError, match=CHANGED):
        composition.composition_apply(snapshot=snapshot, solution=solution, by=olga)

    assert not event.breakouts.exists()
    assert _placements(event) == before
    event.refresh_from_db()
    assert (event.composed_at, event.composition_report) == (None, {})
    assert not AuditEntry.objects.filter(action="event.composed").exists()


def test_apply_after_a_move_is_refused_and_keeps_the_move(event, olga):
    fill(event, 16, 2)
    composition.composition_compose(event=event, by=olga)
    snapshot = composition.composition_snapshot(event)
    solution = composition.composition_solve(snapshot, time_limit=1.0)
    first, second = event.breakouts.order_by("number")
    person = Registration.objects.filter(breakout=first).first()
    composition.composition_move(registration=person, breakout=second, by=olga)
    before = _placements(event)
    event.refresh_from_db()
    report = event.composition_report

    with pytest.raises(EventError, match=CHANGED):
        composition.composition_apply(snapshot=snapshot, solution=solution, by=olga)

    assert _placements(event) == before
    assert _placements(event)[person.pk] == second.pk
    event.refresh_from_db()
    assert event.composition_report == report
    assert AuditEntry.objects.filter(action="event.composed").count() == 1


def test_apply_after_unrelated_changes_stores_the_composition(event, olga):
    """Changes the solver does not read (the description, someone on the waitlist, a wish) leave the
    snapshot as it was: the composition is stored."""
    event.capacity = 16
    event.save()
    people, _coaches = fill(event, 16, 2)
    snapshot = composition.composition_snapshot(event)
    solution = composition.composition_solve(snapshot, time_limit=1.0)
    domain.event_update(event=event, by=olga, fields={"description": "Een nieuwe tekst."})
    waiting = domain.registration_create(event=event, user=UserFactory(), fields=person_fields())
    domain.registration_update(
        registration=people[2], by=people[2].user, fields=_fields(people[2], preferences="Graag vroeg.")
    )
    assert waiting.status == "waitlist"

    report = composition.composition_apply(snapshot=snapshot, solution=solution, by=olga)

    assert report == solution.report
    assert event.breakouts.count() == 2
    assert all(
        breakout_id is not None
        for breakout_id in Registration.objects.filter(
            event=event, kind="participant", status="confirmed"
        ).values_list("breakout_id", flat=True)
    )
    assert Registration.objects.get(pk=waiting.pk).breakout_id is None


def test_snapshot_reads_without_locking_in_seven_queries(event, olga, django_assert_num_queries):
    fill(event, 8, 1)
    with django_assert_num_queries(7) as context:
        composition.composition_snapshot(event)
    assert not any("FOR UPDATE" in query["sql"] for query in context.captured_queries)


def test_plan_breakouts_keeps_coaches_gives_an_orphan_group_to_a_new_coach_and_drops_the_rest(event):
    _people, (a, b, c) = fill(event, 0, 3)
    kept = Breakout.objects.create(event=event, number=1, coach=a, room="een")
    orphan = Breakout.objects.create(event=event, number=2, room="twee")
    dropped = Breakout.objects.create(event=event, number=4, room="vier")

    groups, drop = composition.plan_breakouts([dropped, orphan, kept], [a, b])
    assert (groups, drop) == ({a.pk: kept, b.pk: orphan}, [dropped])

    groups, drop = composition.plan_breakouts([kept], [a, b, c])
    assert (groups, drop) == ({a.pk: kept, b.pk: 2, c.pk: 3}, [])


# --- The most important criterion against a hand deal -------------------------------------------------

PROVINCES = {label: code for code, label in Province.choices}
ROLE_OF = {
    "gezinshuisouder": ParticipantRole.GEZINSHUISOUDER,
    "jeugdzorgwerker": ParticipantRole.JEUGDZORGWERKER,
}


def fill_like_a_region_day(event, seed: int) -> list[Registration]:
    """60 participants and 6 coaches as grouping.generate makes them: organisations of uneven size,
    provinces, gezinshuizen (a gezinshuisouder and their jeugdzorgwerker), some pleegouders."""
    data = generate_scenario(60, 6, seed=seed)
    event.capacity, event.group_min, event.group_max = 60, 7, 13
    event.save()
    people = [
        RegistrationFactory(
            event=event,
            role=ROLE_OF.get(p["role"], ParticipantRole.OTHER),
            organisation_other=p["organisation"],
            region=PROVINCES[p["region"]],
            gezinshuis=f"Gezinshuis {p['household']}",
        )
        for p in data["participants"]
    ]
    for c in data["coaches"]:
        RegistrationFactory(
            event=event, kind=RegistrationKind.COACH, role="", organisation_other=c["organisation"]
        )
    return people


def criterion_key(registration, criterion: str) -> str:
    return {
        "organisation": registration.organisation_key,
        "region": registration.region,
        "role": registration.role,
    }[criterion]


def pairs_in(groups, criterion: str) -> int:
    total = 0
    for members in groups:
        counts = Counter(criterion_key(r, criterion) for r in members)
        total += sum(c * (c - 1) // 2 for c in counts.values())
    return total


@pytest.mark.parametrize("criterion", list(CompositionPriority.values))
@pytest.mark.parametrize("seed", [0, 5])
def test_compose_60_people_6_coaches_is_never_worse_than_a_hand_deal(event, olga, criterion, seed):
    people = fill_like_a_region_day(event, seed)
    event.composition_priority = criterion
    event.save()

    report = composition.composition_compose(event=event, by=olga)

    assert report["violations"] == []
    ours = pairs_in(_groups(event).values(), criterion)
    # The hand deal, counted here on its own: sort by the criterion, deal out in turn over 6 groups.
    ordered = sorted(people, key=lambda r: criterion_key(r, criterion))
    naive = pairs_in([ordered[g::6] for g in range(6)], criterion)
    assert ours <= naive
    assert report["comparison"] == {
        "attribute": criterion,
        "pairs": ours,
        "hand_deal_pairs": report["comparison"]["hand_deal_pairs"],
        "hand_deal_feasible": True,
        "fewest": naive,  # a hand deal spreads every value evenly: the fewest pairs there can be
    }
    assert ours <= report["comparison"]["hand_deal_pairs"]
    # The board, evaluated afresh, tells the same.
    board = composition.board(event)
    assert (board.comparison.attribute, board.comparison.pairs) == (criterion, ours)
    assert board.comparison.hand_deal_pairs == report["comparison"]["hand_deal_pairs"]


def test_board_compares_the_composition_with_a_hand_deal_after_a_move(event, olga):
    fill(event, 12, 2)  # organisations 0..5, two of each
    composition.composition_compose(event=event, by=olga)
    before = composition.board(event).comparison
    assert (before.attribute, before.pairs, before.hand_deal_pairs) == ("organisation", 0, 0)
    first, second = event.breakouts.order_by("number")
    mover = Registration.objects.filter(breakout=second).first()
    partner = Registration.objects.get(
        event=event, organisation_other=mover.organisation_other, kind="participant", breakout=first
    )

    outcome = composition.composition_move(registration=mover, breakout=first, by=olga)

    assert partner.breakout_id == first.pk
    assert outcome["pairs"] == (0, 1)
    assert (outcome["board"].comparison.pairs, outcome["board"].comparison.hand_deal_pairs) == (1, 0)
    text = composition.comparison_text(outcome["board"].comparison)
    assert text["headline"] == "Paren uit dezelfde organisatie: 1 (met de hand verdelen: 0)"
    assert (
        text["verdict"]
        == "Dat zijn er meer dan met de hand. Klik op ‘Opnieuw indelen’ om dat beter te maken."
    )
    assert text["worse"] is True
    assert composition.pairs_change_text("organisation", *outcome["pairs"]) == (
        "Paren uit dezelfde organisatie: van 0 naar 1."
    )


@pytest.mark.parametrize(
    ("attribute", "pairs", "hand", "fewest", "headline", "verdict"),
    [
        (
            "organisation",
            3,
            5,
            2,
            "Paren uit dezelfde organisatie: 3 (met de hand verdelen: 5)",
            "Dat is beter dan met de hand.",
        ),
        (
            "region",
            4,
            4,
            2,
            "Paren uit dezelfde regio: 4 (met de hand verdelen: 4)",
            "Dat is even goed als met de hand.",
        ),
        (
            "role",
            2,
            2,
            2,
            "Paren met dezelfde rol: 2 (met de hand verdelen: 2)",
            "Minder paren kan niet met dit aantal groepen.",
        ),
    ],
)
def test_comparison_text_says_it_in_dutch(attribute, pairs, hand, fewest, headline, verdict):
    text = composition.comparison_text(Comparison(attribute, pairs, hand, True, fewest))

    assert (text["headline"], text["verdict"], text["worse"]) == (headline, verdict, False)
    assert text["notes"][0] == "Een paar zijn twee mensen in dezelfde groep."


def test_comparison_text_warns_when_the_hand_deal_breaks_a_rule():
    text = composition.comparison_text(Comparison("organisation", 3, 2, False, 2))

    assert text["notes"][-1] == "Let op: met de hand verdelen breekt hier een harde regel."
    assert composition.comparison_text(None) is None
