"""Composition quality against a hand deal, and the first solve in a fresh process (issue 13).

Called by ``bench/run.py quality`` (``make bench``); runs on its own too:
``PYTHONPATH=src python bench/quality_bench.py``. Needs no Django. Prints figures, asserts nothing.

1. **Against a hand deal.** Events of 60 participants and 6 coaches (``grouping.generate``, ten seeds)
   solved with a 2 s budget, once per criterion the organiser can mark as most important
   (organisation, region, role). For each: the pairs in one group that share that attribute, in the
   solver's composition and in a hand deal (sort everyone by the attribute, deal them out round-robin
   over the groups: what a careful organiser does by hand, computed here on its own, so it checks the
   solver's own baseline too), the seconds used and whether every hard rule holds.
2. **The first solve in a fresh process.** ``python -m grouping solve`` on 120-element MDGPLIB
   instances with ``--time-limit 3``, in a fresh process with an empty numba cache (a new install
   before warming) and again after ``python -m grouping warm`` filled it: wall seconds and the gap to
   the best-known value. The cache is a throwaway ``NUMBA_CACHE_DIR`` in ``var/bench/numba-first/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MDGP_DIR = ROOT.parent / "shared" / "bench" / "mdgp"
CRITERIA = ("organisation", "region", "role")
FIRST_SOLVE_INSTANCES = ("Geo_n120_ss_01", "RanInt_n120_ss_01", "RanReal_n120_ss_01")


def same_value_pairs(people: list[dict], groups: list[list], attribute: str) -> int:
    """Pairs of people in one group with the same non-empty value of ``attribute``."""
    value = {p["id"]: p.get(attribute) for p in people}
    total = 0
    for members in groups:
        counts = Counter(value[m] for m in members if value[m])
        total += sum(c * (c - 1) // 2 for c in counts.values())
    return total


def round_robin(people: list[dict], groups: int, attribute: str) -> list[list]:
    """Sort by the attribute (stable, so registration order within a value) and deal out in turn."""
    ordered = sorted(people, key=lambda p: str(p.get(attribute) or ""))
    dealt: list[list] = [[] for _ in range(groups)]
    for i, person in enumerate(ordered):
        dealt[i % groups].append(person["id"])
    return dealt


def bench_hand_deal(*, time_limit: float = 2.0, seeds: range = range(10)) -> None:
    from grouping import solve_scenario
    from grouping.generate import generate_scenario

    print()
    print(
        f"Composition against a hand deal (60 participants, 6 coaches, time limit {time_limit:g} s; "
        "pairs = two people in one group with the same value)"
    )
    header = (
        f"{'criterion':<13} {'seed':>4} {'solver pairs':>12} {'hand deal':>9} {'own baseline':>12} "
        f"{'hard ok':>7} {'s used':>7}"
    )
    print(header)
    print("-" * len(header))
    for criterion in CRITERIA:
        worse, seconds = 0, []
        for seed in seeds:
            scenario = generate_scenario(60, 6, seed=seed)
            scenario["priority"] = criterion  # ignored by a solver that has no such setting
            result = solve_scenario(scenario, time_limit=time_limit, seed=0)
            people = scenario["participants"]
            ours = same_value_pairs(people, [g["members"] for g in result.groups], criterion)
            hand = same_value_pairs(people, round_robin(people, 6, criterion), criterion)
            comparison = getattr(result, "comparison", None)
            own = "" if comparison is None else str(comparison.hand_deal_pairs)
            worse += ours > hand
            seconds.append(result.seconds)
            print(
                f"{criterion:<13} {seed:>4} {ours:>12} {hand:>9} {own:>12} "
                f"{'yes' if result.feasible else 'NO':>7} {result.seconds:>7.3f}"
            )
        print(
            f"{criterion}: worse than the hand deal for {worse} of {len(seeds)} seeds; "
            f"mean {sum(seconds) / len(seconds):.2f} s used"
        )


def _fresh(args: list[str], cache: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NUMBA_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    out = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments, no shell
        [sys.executable, "-m", "grouping", *args], env=env, capture_output=True, text=True, check=False
    )
    return time.perf_counter() - started, out.stdout if out.returncode == 0 else out.stderr


def bench_first_solve(*, time_limit: float = 3.0) -> None:
    with open(MDGP_DIR / "best_known_values.csv", encoding="utf-8") as handle:
        best_known = {row["instance"]: float(row["best_known"]) for row in csv.DictReader(handle)}
    cache = ROOT / "var" / "bench" / "numba-first"
    print()
    print(f"The first solve in a fresh process (python -m grouping solve --time-limit {time_limit:g})")
    header = f"{'instance':<20} {'numba cache':<28} {'wall s':>7} {'gap %':>7}"
    print(header)
    print("-" * len(header))
    for name in FIRST_SOLVE_INSTANCES:
        path = MDGP_DIR / f"{name}.txt"
        runs = [("empty (fresh install)", None)]
        runs.append(("after python -m grouping warm", ["warm"]))
        for label, before in runs:
            # Both start from an empty cache: a fresh install, solving at once or warming first.
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir(parents=True)
            note = ""
            if before:
                warm_s, output = _fresh(before, cache)
                if "usage:" in output or "invalid choice" in output:
                    print(f"{name:<20} {label:<28} {'(no warm command)':>15}")
                    continue
                note = f"  (warming took {warm_s:.1f} s)"
            wall, output = _fresh(["solve", str(path), "--time-limit", str(time_limit), "--seed", "0"], cache)
            objective = json.loads(output)["objective"]
            best = best_known[name]
            print(f"{name:<20} {label:<28} {wall:>7.2f} {100 * (best - objective) / best:>7.3f}{note}")


def run(*, time_limit: float = 2.0) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    started = time.perf_counter()
    bench_hand_deal(time_limit=time_limit)
    bench_first_solve()
    print(f"\nQuality benchmark done in {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("hand", "first"), default=None)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.only in (None, "hand"):
        bench_hand_deal()
    if args.only in (None, "first"):
        bench_first_solve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
