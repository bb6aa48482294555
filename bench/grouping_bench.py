"""The grouping solver's benchmark: MDGPLIB instances against best-known values, and product scenarios.

Called by ``bench/run.py grouping`` (``make bench``); runs on its own too:
``PYTHONPATH=src python bench/grouping_bench.py --mdgp-time-scale 0.1``. Needs no Django.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MDGP_DIR = ROOT.parent / "shared" / "bench" / "mdgp"
SCENARIO_SIZES = (50, 200, 1000)


def time_limit_for(n: int) -> float:
    """The literature's limits scaled to our targets: 3 s up to n = 120, 20 s at 240, 60 s at 480."""
    if n <= 120:
        return 3.0
    if n <= 240:
        return 20.0
    return 60.0


def _instance_key(path: Path) -> tuple:
    match = re.search(r"_n(\d+)_", path.name)
    return (int(match.group(1)) if match else 0, path.name)


def cold_start_seconds() -> dict:
    """Seconds for a fresh process to import, compile (numba cache emptied) and solve a tiny case."""
    code = (
        "import time; t=time.perf_counter(); from grouping.mdgp import warm_up; w=warm_up(); "
        "print(w, time.perf_counter()-t)"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "NUMBA_CACHE_DIR": str(ROOT / "var" / "bench" / "numba"),
    }
    cache = ROOT / "var" / "bench" / "numba"
    for file in cache.rglob("*") if cache.exists() else []:
        if file.is_file():
            file.unlink()
    figures = {}
    for label in ("cold (empty numba cache)", "warm (numba cache filled)"):
        out = subprocess.run(  # noqa: S603 - our own interpreter and fixed code, no shell
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        compile_s, total_s = (float(x) for x in out.stdout.split())
        figures[label] = (compile_s, total_s)
    scenario_code = (
        "import time; t=time.perf_counter(); from grouping import solve_scenario; "
        "from grouping.generate import generate_scenario; s=generate_scenario(50, seed=1); "
        "r=solve_scenario(s, time_limit=2.0); print(r.seconds, time.perf_counter()-t)"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and fixed code, no shell
        [sys.executable, "-c", scenario_code], env=env, capture_output=True, text=True, check=True
    )
    figures["scenario, 50 people, fresh process"] = tuple(float(x) for x in out.stdout.split())
    return figures


def bench_mdgp(scale: float, only: str | None) -> None:
    from grouping.mdgp import read_mdgplib, solve_mdgp, warm_up

    with open(MDGP_DIR / "best_known_values.csv", encoding="utf-8") as handle:
        best_known = {row["instance"]: float(row["best_known"]) for row in csv.DictReader(handle)}
    warm_up()
    paths = sorted(MDGP_DIR.glob("*.txt"), key=_instance_key)
    if only:
        paths = [p for p in paths if re.search(only, p.name)]
    print()
    print(f"MDGPLIB instances in {MDGP_DIR} (time limit x {scale:g}; gap = (best known - ours) / best known)")
    header = f"{'instance':<22} {'n':>4} {'limit s':>7} {'objective':>14} {'best known':>14} {'gap %':>7} {'s used':>7}"
    print(header)
    print("-" * len(header))
    gaps: dict[int, list[float]] = {}
    for path in paths:
        instance = read_mdgplib(path)
        n = instance.d.shape[0]
        limit = time_limit_for(n) * scale
        result = solve_mdgp(instance.d, instance.lower, instance.upper, time_limit=limit, seed=0)
        best = best_known.get(path.stem)
        gap = "" if best is None else f"{100 * (best - result.objective) / best:7.3f}"
        if best is not None:
            gaps.setdefault(n, []).append(100 * (best - result.objective) / best)
        print(
            f"{path.stem:<22} {n:>4} {limit:>7.1f} {result.objective:>14.3f} "
            f"{'' if best is None else f'{best:.3f}':>14} {gap:>7} {result.seconds:>7.2f}"
        )
    for n, values in sorted(gaps.items()):
        print(f"n = {n}: mean gap {sum(values) / len(values):.3f} %, worst {max(values):.3f} %")


def bench_scenarios(time_limit: float) -> None:
    from grouping import solve_scenario
    from grouping.generate import generate_scenario

    print()
    print(f"Product scenarios (grouping.generate, 1 coach per 10 participants, time limit {time_limit:g} s)")
    header = f"{'participants':>12} {'coaches':>8} {'objective':>10} {'violations':>10} {'warnings':>8} {'s used':>7}"
    print(header)
    print("-" * len(header))
    for n in SCENARIO_SIZES:
        scenario = generate_scenario(n, seed=n)
        result = solve_scenario(scenario, time_limit=time_limit, seed=0)
        print(
            f"{n:>12} {len(scenario['coaches']):>8} {result.objective:>10.1f} {len(result.violations):>10} "
            f"{len(result.warnings):>8} {result.seconds:>7.3f}"
        )


def run(*, mdgp_time_scale: float = 1.0, only: str | None = None, scenario_time_limit: float = 2.0) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    started = time.perf_counter()
    print()
    print("Start-up in a fresh process (seconds: numba compile or cache load, then the whole process)")
    for label, (inner, total) in cold_start_seconds().items():
        print(f"  {label:<38} {inner:6.2f} s inside, {total:6.2f} s in all")
    bench_scenarios(scenario_time_limit)
    bench_mdgp(mdgp_time_scale, only)
    print(f"\nGrouping benchmark done in {time.perf_counter() - started:.0f} s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mdgp-time-scale",
        type=float,
        default=float(os.environ.get("MDGP_TIME_SCALE", "1")),
        help="multiply the MDGPLIB time limits (3/20/60 s) by this, e.g. 0.1 for a quick run (env MDGP_TIME_SCALE)",
    )
    parser.add_argument("--mdgp-only", default=None, help="only MDGPLIB files whose name matches this regex")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    run(mdgp_time_scale=args.mdgp_time_scale, only=args.mdgp_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
