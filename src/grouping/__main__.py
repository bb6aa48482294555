"""Command line: ``python -m grouping solve INSTANCE --time-limit SECONDS --seed N``, ``python -m grouping warm``.

INSTANCE is an MDGPLIB text file or a JSON scenario (README.md); the result is one JSON object on stdout.
``warm`` compiles the numba kernels into numba's cache (``grouping.warm``) and prints where it is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def solve_file(path: Path, *, time_limit: float, seed: int) -> dict:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        from grouping.scenario import solve_scenario

        return solve_scenario(json.loads(text), time_limit=time_limit, seed=seed).to_dict()
    from grouping.mdgp import read_mdgplib, solve_mdgp, warm_up

    started = time.perf_counter()
    instance = read_mdgplib(path)
    # Reading the file and loading (or compiling) the kernels count towards the time limit: the
    # caller asked for an answer within that many seconds.
    warm_up()
    result = solve_mdgp(
        instance.d,
        instance.lower,
        instance.upper,
        time_limit=time_limit - (time.perf_counter() - started),
        seed=seed,
    )
    violations = []
    for g, members in enumerate(result.groups):
        if not instance.lower[g] <= len(members) <= instance.upper[g]:
            violations.append(
                f"group {g} has {len(members)} elements, outside {instance.lower[g]}..{instance.upper[g]}"
            )
    return {
        "objective": result.objective,
        "groups": result.groups,
        "feasible": not violations,
        "violations": violations,
        "seconds": round(time.perf_counter() - started, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grouping", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    solve = commands.add_parser("solve", help="solve an MDGPLIB instance or a JSON scenario")
    solve.add_argument("instance", type=Path)
    solve.add_argument("--time-limit", type=float, default=2.0, help="seconds (default 2)")
    solve.add_argument("--seed", type=int, default=0)
    warm = commands.add_parser(
        "warm", help="compile the numba kernels into numba's cache (make install and the worker run it)"
    )
    warm.add_argument("--cache-dir", type=Path, default=None, help="NUMBA_CACHE_DIR for this run")
    args = parser.parse_args(argv)
    if args.command == "warm":
        from grouping.warm import warm as warm_kernels

        report = warm_kernels(args.cache_dir)
        json.dump(report.to_dict(), sys.stdout)
        sys.stdout.write("\n")
        for problem in report.problems:
            sys.stderr.write(f"grouping warm: {problem}\n")
        return 1 if report.problems else 0
    result = solve_file(args.instance, time_limit=args.time_limit, seed=args.seed)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
