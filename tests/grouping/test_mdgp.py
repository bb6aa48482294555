import csv
import time
from pathlib import Path

import numpy as np
import pytest

from grouping import mdgp_objective, read_mdgplib, solve_mdgp
from grouping.mdgp import warm_up

MDGP_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "mdgp"
SMALL = sorted(p.name for p in MDGP_DIR.glob("*_n01[02]_*.txt"))


def optimum(d: np.ndarray, lower: list[int], upper: list[int]) -> float:
    """Exact MDGP optimum by dynamic programming over subsets (fine up to n = 12)."""
    n = d.shape[0]
    full = 1 << n
    weight = np.zeros(full)
    for mask in range(1, full):
        low = (mask & -mask).bit_length() - 1
        rest = mask & (mask - 1)
        weight[mask] = weight[rest] + sum(d[low, j] for j in range(n) if rest >> j & 1)
    popcount = np.array([bin(x).count("1") for x in range(full)])
    masks = np.arange(full)
    best = np.full(full, -np.inf)
    best[0] = 0.0
    for lo, hi in zip(lower, upper, strict=True):
        new = np.full(full, -np.inf)
        reachable = masks[np.isfinite(best)]
        for subset in masks[(popcount >= lo) & (popcount <= hi)]:
            base = reachable[(reachable & subset) == 0]
            np.maximum.at(new, base | subset, best[base] + weight[subset])
        best = new
    return float(best[full - 1])


@pytest.mark.parametrize("name", SMALL)
def test_solve_mdgp_finds_the_optimum_of_small_instances(name):
    instance = read_mdgplib(MDGP_DIR / name)

    result = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=0.3, seed=1)

    assert result.objective == pytest.approx(optimum(instance.d, instance.lower, instance.upper), abs=1e-6)


def test_solve_mdgp_objective_recomputes_and_sizes_within_bounds():
    instance = read_mdgplib(MDGP_DIR / "RanReal_n240_ds_01.txt")

    result = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=0.5, seed=3)

    assert sorted(i for g in result.groups for i in g) == list(range(240))
    for members, lo, hi in zip(result.groups, instance.lower, instance.upper, strict=True):
        assert lo <= len(members) <= hi
    pairs = sum(
        instance.d[i, j] for members in result.groups for a, i in enumerate(members) for j in members[a + 1 :]
    )
    assert result.objective == pytest.approx(pairs, rel=1e-12)
    assert mdgp_objective(instance.d, result.groups) == pytest.approx(pairs, rel=1e-12)


def test_solve_mdgp_respects_the_time_limit_once_compiled():
    warm_up()
    instance = read_mdgplib(MDGP_DIR / "RanInt_n240_ss_01.txt")

    started = time.perf_counter()
    result = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=0.3, seed=0)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.3 + 1.5
    assert result.seconds <= elapsed
    assert all(len(g) == 20 for g in result.groups)


def test_solve_mdgp_same_seed_same_groups_on_a_round_budget():
    instance = read_mdgplib(MDGP_DIR / "Geo_n060_ds_01.txt")

    first = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=30, seed=7, max_rounds=5)
    second = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=30, seed=7, max_rounds=5)

    assert first.rounds == second.rounds == 5
    assert first.groups == second.groups
    assert first.objective == second.objective


def test_solve_mdgp_120_within_half_a_percent_of_best_known():
    instance = read_mdgplib(MDGP_DIR / "RanReal_n120_ss_01.txt")
    with open(MDGP_DIR / "best_known_values.csv", encoding="utf-8") as handle:
        best = next(
            float(r["best_known"]) for r in csv.DictReader(handle) if r["instance"] == "RanReal_n120_ss_01"
        )

    # A round budget, not the clock, ends the search: the same result on a slow or busy machine.
    result = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=60, seed=0, max_rounds=300)

    assert result.rounds == 300
    assert result.objective >= best * 0.995


def test_solve_mdgp_rejects_bounds_that_cannot_hold_the_elements():
    d = np.ones((5, 5)) - np.eye(5)

    with pytest.raises(ValueError, match="cannot hold 5 elements"):
        solve_mdgp(d, [1, 1], [2, 2], time_limit=0.1)


def test_read_mdgplib_reads_bounds_and_symmetric_matrix():
    instance = read_mdgplib(MDGP_DIR / "Geo_n010_ds_01.txt")

    assert (instance.lower, instance.upper, instance.kind) == ([5, 4], [6, 5], "ds")
    assert instance.d.shape == (10, 10)
    assert np.array_equal(instance.d, instance.d.T)
    assert np.all(np.diag(instance.d) == 0)
