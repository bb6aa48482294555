import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grouping import evaluate_scenario, hand_deal, solve_scenario
from grouping.generate import generate_scenario


def people(roles: list[str], *, orgs: int = 3) -> list[dict]:
    return [
        {
            "id": f"p{i}",
            "role": role,
            "organisation": f"o{i % orgs}",
            "region": f"r{i % 2}",
            "household": None,
        }
        for i, role in enumerate(roles)
    ]


def scenario(
    participants: list[dict], coaches: int, *, min_size: int = 1, max_size: int = 10, **rules
) -> dict:
    return {
        "participants": participants,
        "coaches": [{"id": f"c{g}", "organisation": "elsewhere"} for g in range(coaches)],
        "group_size": {"min": min_size, "max": max_size},
        "min_per_role": rules.pop("min_per_role", {}),
        "spread": ["organisation", "region"],
        **rules,
    }


def members_of(result) -> dict:
    return {g["coach"]: set(g["members"]) for g in result.groups}


@st.composite
def feasible_scenarios(draw):
    """A scenario with a hidden composition that meets every hard rule, so one is known to exist."""
    coaches = draw(st.integers(2, 6))
    lo = draw(st.integers(2, 5))
    hi = draw(st.integers(lo, lo + 4))
    sizes = [draw(st.integers(lo, hi)) for _ in range(coaches)]
    hidden, roles = [], []
    for g, size in enumerate(sizes):
        hidden += [g] * size
        roles += ["gezinshuisouder", "jeugdzorgwerker"] + [
            draw(st.sampled_from(["gezinshuisouder", "jeugdzorgwerker", "pleegouder"]))
            for _ in range(size - 2)
        ]
    n = len(hidden)
    order = draw(st.permutations(range(n)))
    participants = [
        {
            "id": f"p{k}",
            "role": roles[i],
            "organisation": draw(st.sampled_from(["a", "b", "c", "d"])),
            "region": draw(st.sampled_from(["north", "south"])),
            "household": None,
        }
        for k, i in enumerate(order)
    ]
    group_of = {f"p{k}": hidden[i] for k, i in enumerate(order)}
    ids = list(group_of)
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=12))
    apart = [[a, b] for a, b in pairs if group_of[a] != group_of[b]]
    together = [[a, b] for a, b in pairs if a != b and group_of[a] == group_of[b]][:3]
    locked_ids = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    locked = {pid: f"c{group_of[pid]}" for pid in locked_ids}
    data = scenario(
        participants,
        coaches,
        min_size=lo,
        max_size=hi,
        min_per_role={"gezinshuisouder": 1, "jeugdzorgwerker": 1},
        pairs_apart=apart,
        pairs_together=together,
    )
    return data, locked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feasible_scenarios(), st.integers(0, 3))
def test_solve_scenario_is_feasible_whenever_a_feasible_composition_exists(case, seed):
    data, locked = case

    result = solve_scenario(data, time_limit=2.0, seed=seed, locked=locked)

    assert result.violations == []
    assert result.feasible
    assert sorted(p for g in result.groups for p in g["members"]) == sorted(
        p["id"] for p in data["participants"]
    )
    groups = members_of(result)
    for pid, cid in locked.items():
        assert pid in groups[cid]
    role = {p["id"]: p["role"] for p in data["participants"]}
    for g in result.groups:
        assert data["group_size"]["min"] <= len(g["members"]) <= data["group_size"]["max"]
        assert {"gezinshuisouder", "jeugdzorgwerker"} <= {role[p] for p in g["members"]}
    for a, b in data["pairs_apart"]:
        assert not any(a in m and b in m for m in groups.values())
    for a, b in data["pairs_together"]:
        assert any(a in m and b in m for m in groups.values())


def test_solve_scenario_too_few_coaches_gives_numbers_and_fix():
    data = scenario(people(["gezinshuisouder"] * 45), 5, max_size=8)

    result = solve_scenario(data, time_limit=1.0)

    assert not result.feasible
    problem = next(v for v in result.violations if v.code == "too_few_coaches")
    assert problem.params == {
        "participants": 45,
        "coaches": 5,
        "max": 8,
        "needed": 6,
        "missing": 1,
        "max_needed": 9,
    }
    assert "invite at least 1 more coach" in problem.message
    assert "raise the maximum group size to 9" in problem.message
    assert sum(len(g["members"]) for g in result.groups) == 45  # best effort: everyone still placed
    assert sorted(len(g["members"]) for g in result.groups) == [9, 9, 9, 9, 9]


def test_solve_scenario_too_many_coaches_gives_numbers_and_fix():
    data = scenario(people(["jeugdzorgwerker"] * 10), 4, min_size=4, max_size=6)

    result = solve_scenario(data, time_limit=1.0)

    problem = next(v for v in result.violations if v.code == "too_many_coaches")
    assert problem.params == {
        "participants": 10,
        "coaches": 4,
        "min": 4,
        "usable": 2,
        "surplus": 2,
        "min_needed": 2,
    }
    assert "use at most 2 coaches (2 fewer)" in problem.message
    assert "lower the minimum group size to 2" in problem.message


def test_solve_scenario_role_shortage_is_a_warning_and_spread_evenly():
    roles = ["gezinshuisouder"] * 4 + ["jeugdzorgwerker"] * 21
    data = scenario(people(roles), 5, min_size=4, max_size=6, min_per_role={"gezinshuisouder": 1})

    result = solve_scenario(data, time_limit=1.0)

    assert result.feasible
    assert result.violations == []
    warning = next(w for w in result.warnings if w.code == "min_per_role_relaxed")
    assert warning.params == {"role": "gezinshuisouder", "available": 4, "groups": 5, "min": 1, "needed": 5}
    per_group = sorted(sum(1 for p in g["members"] if int(p[1:]) < 4) for g in result.groups)
    assert per_group == [0, 1, 1, 1, 1]


def test_solve_scenario_missing_hard_role_is_reported_for_hand_made_groups():
    roles = ["gezinshuisouder"] * 5 + ["jeugdzorgwerker"] * 5
    data = scenario(people(roles), 2, min_per_role={"gezinshuisouder": 1})
    groups = [
        {"coach": "c0", "members": [f"p{i}" for i in range(5)]},
        {"coach": "c1", "members": [f"p{i}" for i in range(5, 10)]},
    ]

    evaluation = evaluate_scenario(data, groups)

    assert [v.code for v in evaluation.violations] == ["missing_role"]
    assert evaluation.violations[0].group == 1
    assert evaluation.violations[0].params == {"coach": "c1", "role": "gezinshuisouder", "count": 0, "min": 1}
    assert evaluation.groups[0].roles == {"gezinshuisouder": 5}
    assert evaluation.groups[1].roles == {"jeugdzorgwerker": 5}


def test_solve_scenario_reports_contradictory_together_and_apart():
    data = scenario(
        people(["gezinshuisouder"] * 8),
        2,
        pairs_together=[["p0", "p1"], ["p1", "p2"]],
        pairs_apart=[["p0", "p2"]],
    )

    result = solve_scenario(data, time_limit=1.0)

    conflict = next(v for v in result.violations if v.code == "apart_together_conflict")
    assert conflict.people == ("p0", "p2")
    assert not result.feasible


def test_solve_scenario_reports_a_lock_into_a_full_group():
    data = scenario(people(["gezinshuisouder"] * 8), 2, max_size=4)
    locked = {f"p{i}": "c0" for i in range(5)}

    result = solve_scenario(data, time_limit=1.0, locked=locked)

    conflict = next(v for v in result.violations if v.code == "lock_conflict")
    assert conflict.params == {"coach": "c0", "locked": 5, "max": 4}
    assert conflict.group == 0
    assert set(conflict.people) == set(locked)


def test_solve_scenario_keeps_locks_and_the_callers_id_types():
    participants = [
        {"id": i, "role": "gezinshuisouder", "organisation": "o", "region": "r"} for i in range(12)
    ]
    data = {
        "participants": participants,
        "coaches": [{"id": 100}, {"id": 200}, {"id": 300}],
        "group_size": {"max": 4},
    }

    result = solve_scenario(data, time_limit=1.0, locked={0: 300, 1: 300, 2: 100})

    assert [g["coach"] for g in result.groups] == [100, 200, 300]
    groups = members_of(result)
    assert {0, 1} <= groups[300] and 2 in groups[100]
    assert all(isinstance(p, int) for g in result.groups for p in g["members"])


def test_solve_scenario_keeps_households_apart_by_default():
    participants = people(["gezinshuisouder", "jeugdzorgwerker"] * 6)
    for i, person in enumerate(participants):
        person["household"] = f"h{i // 2}"  # p0 and p1 share a gezinshuis, and so on
        person["organisation"] = "same"
        person["region"] = "same"
    data = scenario(participants, 2, max_size=6)

    result = solve_scenario(data, time_limit=1.0)

    assert result.feasible
    for members in members_of(result).values():
        assert len({int(p[1:]) // 2 for p in members}) == len(members)


def test_solve_scenario_avoids_pairs_that_met_before_when_it_can():
    data = scenario(people(["gezinshuisouder"] * 12, orgs=1), 3, max_size=4)
    data["spread"] = []
    data["met_before"] = [["p0", "p1"], ["p0", "p2"], ["p1", "p2"], ["p3", "p4"]]

    result = solve_scenario(data, time_limit=1.0)

    for members in members_of(result).values():
        assert not ({"p0", "p1"} <= members or {"p0", "p2"} <= members or {"p3", "p4"} <= members)
    assert not any(w.code == "met_before" for w in result.warnings)


def test_solve_scenario_spreads_organisations():
    participants = people(["gezinshuisouder"] * 12, orgs=4)  # 3 people in each of 4 organisations
    data = scenario(participants, 3, max_size=4)

    result = solve_scenario(data, time_limit=1.0)

    for g in result.quality:
        assert max(g.organisations.values()) == 1
    assert not any(w.code == "organisation_duplicate" for w in result.warnings)


def test_solve_scenario_same_seed_same_result():
    data = generate_scenario(120, seed=4)

    first = solve_scenario(data, time_limit=10.0, seed=5)
    second = solve_scenario(data, time_limit=10.0, seed=5)

    assert first.groups == second.groups
    assert first.objective == second.objective


def test_solve_scenario_small_event_returns_fast_on_its_own_budget():
    data = generate_scenario(50, seed=2)

    result = solve_scenario(data, time_limit=10.0, seed=0)

    assert result.feasible
    # The search stops at 90 % of the time limit at the latest; well before it means its own
    # iteration budget ended it (a behaviour, not a speed figure: those are in make bench).
    assert result.seconds < 0.9 * 10.0


def test_solve_scenario_respects_the_time_limit_on_1000_participants():
    data = generate_scenario(1000, seed=3)

    started = time.perf_counter()
    result = solve_scenario(data, time_limit=0.3, seed=0)

    assert time.perf_counter() - started < 0.3 + 1.5
    assert len(result.groups) == 100
    assert sum(len(g["members"]) for g in result.groups) == 1000


def test_solve_scenario_with_previous_and_one_newcomer_moves_few_people():
    data = generate_scenario(60, seed=6)
    first = solve_scenario(data, time_limit=5.0, seed=0)
    previous = {p: g["coach"] for g in first.groups for p in g["members"]}
    data["participants"].append(
        {
            "id": "new",
            "role": "jeugdzorgwerker",
            "organisation": "org-0",
            "region": "Utrecht",
            "household": None,
        }
    )

    second = solve_scenario(data, time_limit=5.0, seed=0, previous=previous)

    assert second.feasible
    assert second.changed <= 2
    assert any("new" in g["members"] for g in second.groups)


def test_solve_scenario_with_previous_ignores_people_who_left():
    data = generate_scenario(60, seed=6)
    first = solve_scenario(data, time_limit=5.0, seed=0)
    previous = {p: g["coach"] for g in first.groups for p in g["members"]}
    gone = data["participants"].pop(10)["id"]

    second = solve_scenario(data, time_limit=5.0, seed=0, previous=previous)

    assert second.feasible
    assert second.changed <= 2
    assert all(gone not in g["members"] for g in second.groups)


def test_solve_scenario_no_coaches():
    data = scenario(people(["gezinshuisouder"] * 7), 0, max_size=4)

    result = solve_scenario(data, time_limit=1.0)

    assert result.groups == []
    assert [v.code for v in result.violations] == ["no_coaches"]
    assert result.violations[0].params == {"participants": 7, "max": 4, "needed": 2}


def test_solve_scenario_and_evaluate_scenario_agree():
    data = generate_scenario(200, seed=8)

    result = solve_scenario(data, time_limit=5.0, seed=1)
    evaluation = evaluate_scenario(data, result.groups)

    assert evaluation.objective == result.objective
    assert evaluation.violations == result.violations
    assert evaluation.warnings == result.warnings
    assert [g.size for g in evaluation.groups] == [len(g["members"]) for g in result.groups]


def test_evaluate_scenario_reports_a_hand_edited_grouping():
    participants = people(["gezinshuisouder"] * 9)
    data = scenario(participants, 3, max_size=3, pairs_apart=[["p0", "p1"]], pairs_together=[["p2", "p3"]])
    groups = [
        {"coach": "c0", "members": ["p0", "p1", "p2", "p4"]},
        {"coach": "c1", "members": ["p3", "p5", "p6", "p7", "nobody"]},
    ]

    evaluation = evaluate_scenario(data, groups, locked={"p5": "c0"})

    codes = sorted(v.code for v in evaluation.violations)
    assert codes == sorted(
        [
            "unknown_id",
            "coach_missing",
            "participant_unassigned",
            "group_too_large",
            "group_too_large",
            "group_too_small",
            "pair_apart_together",
            "pair_together_split",
            "lock_broken",
        ]
    )
    assert not evaluation.feasible
    too_large = [v for v in evaluation.violations if v.code == "group_too_large"]
    assert [v.params for v in too_large] == [
        {"coach": "c0", "size": 4, "max": 3},
        {"coach": "c1", "size": 4, "max": 3},
    ]
    unassigned = next(v for v in evaluation.violations if v.code == "participant_unassigned")
    assert unassigned.people == ("p8",)
    assert [g.size for g in evaluation.groups] == [4, 4, 0]
    assert evaluation.groups[0].organisations == {"o0": 1, "o1": 2, "o2": 1}


def test_solve_scenario_feasible_for_1000_participants_and_100_coaches_within_two_seconds():
    data = generate_scenario(1000, 100, seed=9)

    result = solve_scenario(data, time_limit=2.0, seed=0)

    assert result.feasible
    assert result.violations == []
    assert len(result.groups) == 100


def test_solve_scenario_moves_a_large_together_block_as_one():
    data = scenario(people(["gezinshuisouder"] * 8), 2, max_size=8)
    data["pairs_together"] = [[f"p{i}", f"p{i + 1}"] for i in range(5)]  # p0..p5 in one chain

    result = solve_scenario(data, time_limit=1.0)

    assert result.feasible
    assert any({f"p{i}" for i in range(6)} <= members for members in members_of(result).values())


def test_solve_scenario_together_block_larger_than_a_group_is_reported():
    data = scenario(people(["gezinshuisouder"] * 8), 2, max_size=4)
    data["pairs_together"] = [[f"p{i}", f"p{i + 1}"] for i in range(4)]  # p0..p4: five people

    result = solve_scenario(data, time_limit=1.0)

    problem = next(v for v in result.violations if v.code == "together_too_large")
    assert problem.params == {"size": 5, "max": 4}
    assert problem.people == ("p0", "p1", "p2", "p3", "p4")


# --- The organiser's most important criterion ("priority") against a hand deal ---------------------


def same_value_pairs(people_list: list[dict], groups: list[list], attribute: str) -> int:
    """Pairs in one group with the same non-empty value, counted here on their own."""
    value = {p["id"]: p.get(attribute) for p in people_list}
    total = 0
    for members in groups:
        total += sum(c * (c - 1) // 2 for c in Counter(value[m] for m in members if value[m]).values())
    return total


def round_robin(people_list: list[dict], groups: int, attribute: str) -> list[list]:
    """The naive hand deal: sort by the attribute (stable), deal out in turn."""
    ordered = sorted(people_list, key=lambda p: str(p.get(attribute) or ""))
    dealt: list[list] = [[] for _ in range(groups)]
    for i, person in enumerate(ordered):
        dealt[i % groups].append(person["id"])
    return dealt


def orgs_scenario(orgs: list[str], coaches: int, **rules) -> dict:
    participants = [
        {"id": f"p{i}", "role": "gezinshuisouder", "organisation": org, "region": "r", "household": None}
        for i, org in enumerate(orgs)
    ]
    return scenario(participants, coaches, spread=[], priority="organisation", **rules)


def test_hand_deal_sorts_by_the_attribute_and_deals_out_in_turn():
    data = orgs_scenario(["b", "a", "c", "a", "b", "a"], 3)

    groups = hand_deal(data)

    # a: p1 p3 p5, then b: p0 p4, then c: p2, dealt to c0 c1 c2 c0 c1 c2.
    assert groups == [
        {"coach": "c0", "members": ["p0", "p1"]},
        {"coach": "c1", "members": ["p3", "p4"]},
        {"coach": "c2", "members": ["p2", "p5"]},
    ]


def test_hand_deal_mends_a_pair_apart_with_a_swap_inside_the_organisation():
    # Dealt: c0 gets p0 p2 p4 (a) and p6 (b), c1 gets p1 p3 (a) and p5 p7 (b); p0 and p2 must be apart.
    data = orgs_scenario(["a"] * 5 + ["b"] * 3, 2, pairs_apart=[["p0", "p2"]])
    org = {p["id"]: p["organisation"] for p in data["participants"]}

    groups = hand_deal(data)

    assert not any({"p0", "p2"} <= set(g["members"]) for g in groups)
    # Swapped with someone of the same organisation: every group keeps its mix.
    assert [Counter(org[m] for m in g["members"]) for g in groups] == [
        Counter({"a": 3, "b": 1}),
        Counter({"a": 2, "b": 2}),
    ]
    assert evaluate_scenario(data, groups).feasible


def test_hand_deal_keeps_locked_people_with_their_coach_and_blocks_together():
    data = orgs_scenario(["a", "a", "a", "b", "b", "b"], 3, pairs_together=[["p3", "p4"]])

    groups = members_of_groups(hand_deal(data, locked={"p0": "c2"}))

    assert "p0" in groups["c2"]
    assert any({"p3", "p4"} <= members for members in groups.values())
    assert sorted(len(m) for m in groups.values()) == [2, 2, 2]


def members_of_groups(groups: list[dict]) -> dict:
    return {g["coach"]: set(g["members"]) for g in groups}


def test_hand_deal_takes_another_attribute_than_the_priority():
    data = orgs_scenario(["a", "a", "b", "b"], 2)
    for i, person in enumerate(data["participants"]):
        person["region"] = "north" if i < 2 else "south"

    groups = hand_deal(data, attribute="region")

    regions = {p["id"]: p["region"] for p in data["participants"]}
    assert [sorted(regions[m] for m in g["members"]) for g in groups] == [["north", "south"]] * 2


@pytest.mark.parametrize("criterion", ["organisation", "region", "role"])
@pytest.mark.parametrize("seed", [0, 3, 6, 9])
def test_solve_scenario_60_people_6_coaches_is_never_worse_than_a_hand_deal(criterion, seed):
    data = generate_scenario(60, 6, seed=seed)
    data["pairs_together"] = []  # so the hand deal is exactly the naive one below
    data["priority"] = criterion
    participants = data["participants"]

    result = solve_scenario(data, time_limit=2.0, seed=0)

    naive = same_value_pairs(participants, round_robin(participants, 6, criterion), criterion)
    ours = same_value_pairs(participants, [g["members"] for g in result.groups], criterion)
    assert result.feasible
    assert ours <= naive
    assert result.comparison.attribute == criterion
    assert result.comparison.pairs == ours
    assert result.comparison.hand_deal_pairs == naive
    assert result.comparison.hand_deal_feasible is True
    assert result.comparison.fewest <= ours


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feasible_scenarios(), st.sampled_from(["organisation", "region", "role"]), st.integers(0, 3))
def test_solve_scenario_keeps_the_hard_rules_and_beats_or_equals_the_hand_deal(case, criterion, seed):
    data, locked = case
    data["priority"] = criterion

    result = solve_scenario(data, time_limit=2.0, seed=seed, locked=locked)

    dealt = hand_deal(data, locked=locked)
    hand_pairs = same_value_pairs(data["participants"], [g["members"] for g in dealt], criterion)
    ours = same_value_pairs(data["participants"], [g["members"] for g in result.groups], criterion)
    assert result.feasible
    assert result.comparison.hand_deal_pairs == hand_pairs
    assert result.comparison.pairs == ours
    if evaluate_scenario(data, dealt, locked=locked).feasible:
        assert ours <= hand_pairs


def test_solve_scenario_spreads_the_priority_to_the_fewest_pairs_and_objective_zero():
    data = orgs_scenario(["a", "b", "c", "d"] * 3, 3, max_size=4)  # 3 people in each of 4 organisations

    result = solve_scenario(data, time_limit=1.0)

    assert result.comparison.pairs == result.comparison.fewest == 0
    assert result.objective == 0.0
    assert result.to_dict()["comparison"] == {
        "attribute": "organisation",
        "pairs": 0,
        "hand_deal_pairs": 0,
        "hand_deal_feasible": True,
        "fewest": 0,
    }


def test_evaluate_scenario_compares_a_hand_made_grouping_with_the_hand_deal():
    data = orgs_scenario(["a", "a", "a", "b", "b", "b"], 2)
    lumped = [{"coach": "c0", "members": ["p0", "p1", "p2"]}, {"coach": "c1", "members": ["p3", "p4", "p5"]}]

    evaluation = evaluate_scenario(data, lumped)

    # Lumped: 3 + 3 pairs. Dealt: p0 p2 p4 (a a b) and p1 p3 p5 (a b b): 1 + 1 pairs.
    assert (evaluation.comparison.pairs, evaluation.comparison.hand_deal_pairs) == (6, 2)
    assert evaluation.comparison.fewest == 2
    assert evaluation.objective == pytest.approx(4 * 20_000.0)
    assert evaluate_scenario(data, lumped, compare=False).comparison is None


def test_solve_scenario_without_a_priority_has_no_comparison():
    result = solve_scenario(generate_scenario(30, seed=1), time_limit=1.0)

    assert result.comparison is None
    assert "comparison" not in result.to_dict()
