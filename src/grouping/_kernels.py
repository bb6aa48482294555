"""Numba kernels for the Maximally Diverse Grouping Problem (MDGP).

One search state lives in plain numpy arrays that the Python driver owns, so the driver can call
``search_rounds`` in short chunks and stop when its time is up: numba code cannot read the clock.
Every kernel takes the same concrete types (float64 matrix, int64 vectors), so each compiles to one
signature only and numba's on-disk cache (``cache=True``) serves every later process.
"""

from __future__ import annotations

import numpy as np
from numba import njit

EPS = 1e-9


@njit(cache=True)
def seed_rng(seed):
    np.random.seed(seed)


@njit(cache=True)
def random_assignment(n, lower, upper):
    """A random assignment that meets every group's lower and upper bound (assumes they allow one)."""
    m = lower.shape[0]
    order = np.random.permutation(n)
    assign = np.empty(n, dtype=np.int64)
    pos = 0
    for g in range(m):
        for _ in range(lower[g]):
            assign[order[pos]] = g
            pos += 1
    sizes = lower.copy()
    while pos < n:
        g = np.random.randint(m)
        if sizes[g] < upper[g]:
            assign[order[pos]] = g
            sizes[g] += 1
            pos += 1
    return assign


@njit(cache=True)
def build_state(d, assign, m):
    """Gain matrix ``gain[i, g]`` = sum of d[i, j] over the members j of group g, group sizes, objective."""
    n = d.shape[0]
    gain = np.zeros((n, m))
    sizes = np.zeros(m, dtype=np.int64)
    for j in range(n):
        g = assign[j]
        sizes[g] += 1
        for i in range(n):
            gain[i, g] += d[i, j]
    total = 0.0
    for i in range(n):
        total += gain[i, assign[i]]
    return gain, sizes, total / 2.0


@njit(cache=True)
def _move(d, gain, assign, sizes, i, b):
    a = assign[i]
    n = d.shape[0]
    for k in range(n):
        dik = d[i, k]
        gain[k, a] -= dik
        gain[k, b] += dik
    assign[i] = b
    sizes[a] -= 1
    sizes[b] += 1


@njit(cache=True)
def descent(d, gain, assign, sizes, lower, upper, total, dmin):
    """First-improvement descent over one-moves (when the bounds allow) and swaps; returns the objective.

    A swap of i (group a) and j (group b) gains h[i, b] + h[j, a] - 2 d[i, j], with h[x, g] the gain of
    moving x alone to g. With ``cap[b, a]`` = max over j in b of h[j, a], a whole group b is skipped for i
    when h[i, b] + cap[b, a] - 2 dmin cannot be positive. The bounds are computed at the start of each
    pass and go stale within it, but a pass without improvement uses fresh ones, so the result is a true
    local optimum.
    """
    n = d.shape[0]
    m = sizes.shape[0]
    starts = np.zeros(m + 1, dtype=np.int64)
    members = np.empty(n, dtype=np.int64)
    fill = np.empty(m, dtype=np.int64)
    cap = np.empty((m, m))
    improved = True
    while improved:
        improved = False
        start = np.random.randint(n)
        for step in range(n):
            i = (start + step) % n
            a = assign[i]
            if sizes[a] <= lower[a]:
                continue
            best_g = -1
            best_delta = EPS
            for g in range(m):
                if g != a and sizes[g] < upper[g]:
                    delta = gain[i, g] - gain[i, a]
                    if delta > best_delta:
                        best_delta = delta
                        best_g = g
            if best_g >= 0:
                _move(d, gain, assign, sizes, i, best_g)
                total += best_delta
                improved = True
        # Members by group (counting sort) and the bounds.
        starts[0] = 0
        for g in range(m):
            starts[g + 1] = starts[g] + sizes[g]
            fill[g] = starts[g]
        cap[:, :] = -np.inf
        for j in range(n):
            b = assign[j]
            members[fill[b]] = j
            fill[b] += 1
            base = gain[j, b]
            for g in range(m):
                h = gain[j, g] - base
                if h > cap[b, g]:
                    cap[b, g] = h
        start = np.random.randint(n)
        for step in range(n):
            i = (start + step) % n
            a = assign[i]
            gia = gain[i, a]
            done = False
            for b in range(m):
                if b == a or gain[i, b] - gia + cap[b, a] - 2.0 * dmin <= EPS:
                    continue
                for t in range(starts[b], starts[b + 1]):
                    j = members[t]
                    if assign[j] != b:
                        continue
                    delta = gain[i, b] - gia + gain[j, a] - gain[j, b] - 2.0 * d[i, j]
                    if delta > EPS:
                        _move(d, gain, assign, sizes, i, b)
                        _move(d, gain, assign, sizes, j, a)
                        total += delta
                        improved = True
                        done = True
                        break
                if done:
                    break
    return total


@njit(cache=True)
def perturb(d, gain, assign, sizes, lower, upper, total, strength):
    """``strength`` random swaps between different groups, each also a random one-move when bounds allow."""
    n = d.shape[0]
    for _ in range(strength):
        i = np.random.randint(n)
        j = np.random.randint(n)
        a = assign[i]
        b = assign[j]
        if a == b:
            continue
        if sizes[a] > lower[a] and sizes[b] < upper[b] and np.random.random() < 0.3:
            total += gain[i, b] - gain[i, a]
            _move(d, gain, assign, sizes, i, b)
            continue
        total += gain[i, b] - gain[i, a] + gain[j, a] - gain[j, b] - 2.0 * d[i, j]
        _move(d, gain, assign, sizes, i, b)
        _move(d, gain, assign, sizes, j, a)
    return total


@njit(cache=True)
def shift(d, gain, assign, sizes, lower, upper, total):
    """Move a random number of elements, the best first, from one group to another (sizes allowing).

    With groups of different sizes the objective depends much on which groups are big, and single
    moves cannot change that once most groups sit at a bound; this jump to another size profile can.
    """
    n = d.shape[0]
    m = sizes.shape[0]
    a = -1
    b = -1
    for _ in range(8 * m):
        x = np.random.randint(m)
        y = np.random.randint(m)
        if x != y and sizes[x] > lower[x] and sizes[y] < upper[y]:
            a = x
            b = y
            break
    if a < 0:
        return total
    count = 1 + np.random.randint(min(sizes[a] - lower[a], upper[b] - sizes[b]))
    for _ in range(count):
        best_i = -1
        best = -np.inf
        for i in range(n):
            if assign[i] == a:
                delta = gain[i, b] - gain[i, a]
                if delta > best:
                    best = delta
                    best_i = i
        total += best
        _move(d, gain, assign, sizes, best_i, b)
    return total


@njit(cache=True)
def search_rounds(
    d, lower, upper, cur, cur_gain, cur_sizes, state, best, rounds, alpha, weak, strong, dmin, shift_rate
):
    """Run ``rounds`` rounds of iterated maxima search (Lai, Hao, Fu and Yue 2021), in place.

    A round is a maxima search: weak perturbation + descent, repeated until ``alpha`` descents in a row
    bring no better local optimum; then a strong perturbation of that round's best. ``state`` holds
    [current objective, best objective, shift tries, shift wins, plain tries, plain wins, last kind
    (0 shift, 1 plain, -1 none), last round's best]; ``best`` the best assignment found so far.
    """
    total = state[0]
    best_total = state[1]
    for _ in range(rounds):
        total = descent(d, cur_gain, cur, cur_sizes, lower, upper, total, dmin)
        local = cur.copy()
        local_gain = cur_gain.copy()
        local_sizes = cur_sizes.copy()
        local_total = total
        fails = 0
        while fails < alpha:
            total = perturb(d, cur_gain, cur, cur_sizes, lower, upper, total, weak)
            total = descent(d, cur_gain, cur, cur_sizes, lower, upper, total, dmin)
            if total > local_total + EPS:
                local[:] = cur
                local_gain[:, :] = cur_gain
                local_sizes[:] = cur_sizes
                local_total = total
                fails = 0
            else:
                fails += 1
                # Go on from the round's best, so the weak perturbations stay near it.
                cur[:] = local
                cur_gain[:, :] = local_gain
                cur_sizes[:] = local_sizes
                total = local_total
        if local_total > best_total + EPS:
            best_total = local_total
            best[:] = local
        if shift_rate > 0.0:
            # Credit the previous round's kind of strong perturbation if this round beat the last.
            if state[6] >= 0.0:
                kind = int(state[6])
                state[2 + 2 * kind] += 1.0
                if local_total > state[7] + EPS:
                    state[3 + 2 * kind] += 1.0
            state[7] = local_total
            # Shift as often as it pays off compared with plain perturbations (within 2-60 %).
            shift_wins = (state[3] + 1.0) / (state[2] + 2.0)
            plain_wins = (state[5] + 1.0) / (state[4] + 2.0)
            rate = min(0.6, max(0.02, shift_rate * shift_wins / plain_wins))
            if np.random.random() < rate:
                total = shift(d, cur_gain, cur, cur_sizes, lower, upper, total)
                state[6] = 0.0
            else:
                state[6] = 1.0
        total = perturb(d, cur_gain, cur, cur_sizes, lower, upper, total, strong)
    state[0] = total
    state[1] = best_total
