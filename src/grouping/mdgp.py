"""The Maximally Diverse Grouping Problem: reading MDGPLIB files and an anytime solver.

Split n elements into m groups, group g holding between ``lower[g]`` and ``upper[g]`` elements, so that
the sum of the pairwise diversities d[i, j] inside the groups is as large as possible.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# Iterated maxima search parameters, tuned on the MDGPLIB instances in shared/bench/mdgp/ (see README).
ALPHA = 10  # descents in a row without a better local optimum that end one maxima search
WEAK_STRENGTH = 2  # random swaps in a weak perturbation
STRONG_FRACTION = 0.03  # random swaps in a strong perturbation, as a fraction of n
SHIFT_RATE = 0.2  # share of strong perturbations that also shift elements between groups (sizes vary)


@dataclass
class MDGPInstance:
    d: np.ndarray
    lower: list[int]
    upper: list[int]
    kind: str = "ss"


@dataclass
class MDGPResult:
    groups: list[list[int]]  # element indices per group, in the instance's group order
    objective: float  # sum of d[i, j] over the pairs i < j inside a group
    seconds: float
    rounds: int = 0  # maxima-search rounds done (an iteration count, for comparing runs)
    assignment: list[int] = field(default_factory=list)  # group index per element


def read_mdgplib(path: str | Path) -> MDGPInstance:
    """Read an MDGPLIB text file: ``n m ss|ds a_1 b_1 ... a_m b_m``, then ``i j d_ij`` lines (0-based)."""
    with open(path, encoding="ascii") as handle:
        header = handle.readline().split()
        n, m, kind = int(header[0]), int(header[1]), header[2]
        bounds = [int(x) for x in header[3 : 3 + 2 * m]]
        data = np.loadtxt(handle, ndmin=2)
    d = np.zeros((n, n))
    if data.size:
        i = data[:, 0].astype(np.int64)
        j = data[:, 1].astype(np.int64)
        d[i, j] = data[:, 2]
        d[j, i] = data[:, 2]
    return MDGPInstance(d=d, lower=bounds[0::2], upper=bounds[1::2], kind=kind)


def mdgp_objective(d: np.ndarray, groups: list[list[int]]) -> float:
    """Sum of d[i, j] over the pairs i < j inside each group, recomputed from scratch."""
    total = 0.0
    for members in groups:
        idx = np.asarray(members, dtype=np.int64)
        total += float(d[np.ix_(idx, idx)].sum()) / 2.0
    return total


_warm = False


def warm_up() -> float:
    """Compile the numba kernels, or load them from numba's cache; returns the seconds it took.

    ``solve_mdgp`` calls it before it starts its clock, so compilation never eats into a time limit.
    """
    global _warm
    started = time.perf_counter()
    if not _warm:
        from grouping import _kernels as k

        k.seed_rng(np.int64(0))
        d = np.ones((4, 4)) - np.eye(4)
        lo = np.array([2, 2], dtype=np.int64)
        cur = k.random_assignment(np.int64(4), lo, lo)
        gain, sizes, total = k.build_state(d, cur, np.int64(2))
        state = np.array([total, total, 0.0, 0.0, 0.0, 0.0, -1.0, total])
        k.search_rounds(
            d,
            lo,
            lo,
            cur,
            gain,
            sizes,
            state,
            cur.copy(),
            np.int64(1),
            np.int64(1),
            np.int64(1),
            np.int64(2),
            0.0,
            0.5,
        )
        _warm = True
    return time.perf_counter() - started


def solve_mdgp(
    d: np.ndarray,
    lower: list[int],
    upper: list[int],
    *,
    time_limit: float,
    seed: int = 0,
    max_rounds: int | None = None,
) -> MDGPResult:
    """Best grouping found within ``time_limit`` seconds by iterated maxima search (numba kernels).

    Anytime: the search runs in short chunks and returns the best grouping when the time is up.
    With ``max_rounds`` it stops after that many rounds too; a run that stops on rounds, not on time,
    gives the same result for the same seed on every machine.
    """
    from grouping import _kernels as k

    warm_up()
    started = time.perf_counter()
    d = np.ascontiguousarray(d, dtype=np.float64)
    n = d.shape[0]
    lo = np.asarray(lower, dtype=np.int64)
    hi = np.asarray(upper, dtype=np.int64)
    m = lo.shape[0]
    if hi.shape[0] != m or (lo > hi).any() or lo.sum() > n or hi.sum() < n or (lo < 0).any():
        raise ValueError(f"group bounds cannot hold {n} elements: lower {list(lower)}, upper {list(upper)}")
    k.seed_rng(np.int64(seed))
    cur = k.random_assignment(np.int64(n), lo, hi)
    gain, sizes, total = k.build_state(d, cur, np.int64(m))
    best = cur.copy()
    state = np.array([total, total, 0.0, 0.0, 0.0, 0.0, -1.0, total])
    # Size-profile jumps only where sizes can differ (``ds`` instances).
    shift_rate = SHIFT_RATE if (lo < hi).any() else 0.0
    # The smallest off-diagonal diversity bounds the swap gains (see _kernels.descent).
    dmin = float(d[~np.eye(n, dtype=bool)].min()) if n > 1 else 0.0
    strong = np.int64(max(WEAK_STRENGTH + 1, round(STRONG_FRACTION * n)))
    rounds_done, chunk = 0, 1
    while True:
        if max_rounds is not None:
            chunk = min(chunk, max_rounds - rounds_done)
        if chunk <= 0:
            break
        chunk_started = time.perf_counter()
        k.search_rounds(
            d, lo, hi, cur, gain, sizes, state, best, np.int64(chunk), np.int64(ALPHA),
            np.int64(WEAK_STRENGTH), strong, dmin, shift_rate,
        )  # fmt: skip
        rounds_done += chunk
        now = time.perf_counter()
        left = time_limit - (now - started)
        per_round = max((now - chunk_started) / chunk, 1e-6)
        if left <= per_round:
            break
        # Chunks of about 50 ms keep the overshoot past the time limit small.
        chunk = max(1, min(int(left / per_round) - 1, int(0.05 / per_round), chunk * 2))
        if chunk <= 0:
            break
    groups = [[] for _ in range(m)]
    for i, g in enumerate(best.tolist()):
        groups[g].append(i)
    return MDGPResult(
        groups=groups,
        objective=mdgp_objective(d, groups),
        seconds=time.perf_counter() - started,
        rounds=rounds_done,
        assignment=best.tolist(),
    )
