"""Composing intervision groups: one coach per group, hard rules, and a soft objective.

The scenario format, the rules and the weights are described in README.md beside this file. This module
has no Django and no numba: it runs in pure Python and numpy, so it is fast on a cold start too.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

from grouping.violations import Violation, plural

# --- Weights of the objective (lower is better); see README.md ------------------------------------
W_HARD = 1_000_000.0  # each unit of a broken hard rule (search only; never part of `objective`)
# Each pair in one group that shares the value of the organiser's most important attribute
# ("priority"), beyond the fewest pairs possible. Right below the hard rules: the composition must never
# be worse on it than dealing people out by hand (see hand_deal), whatever it gains elsewhere.
W_PRIORITY = 20_000.0
W_RELAXED_ROLE = 10_000.0  # a scarce role spread unevenly (some group 2 while another has 0)
W_PREVIOUS = 1_000.0  # each participant moved away from the previous composition
W_MET_BEFORE = 100.0  # each pair that met before sharing a group
W_BALANCE = 30.0  # each participant above ceil(n/groups) or below floor(n/groups) in a group
W_ORGANISATION = 10.0  # each participant beyond the even share of their organisation in a group
W_COACH_ORGANISATION = 10.0  # each participant of the coach's own organisation
W_REGION = 3.0  # each participant beyond the even share of their region in a group
W_OTHER_SPREAD = 3.0  # the same for any other attribute named in "spread"
W_ROLE = 1.0  # each participant beyond the even share of their role in a group (role mix)

SPREAD_WEIGHTS = {"organisation": W_ORGANISATION, "region": W_REGION}
DEFAULT_SPREAD = ("organisation", "region")
EPS = 1e-9
# Search budget, in rounds (perturb a few blocks, descend): SEARCH_BLOCK_ROUNDS / movable blocks, within
# these bounds. A budget in rounds, not seconds, ends a normal run, so the result depends on the seed only.
SEARCH_BLOCK_ROUNDS = 10_000
SEARCH_MIN_ROUNDS = 40
SEARCH_MAX_ROUNDS = 400
# One local search keeps going while it still improves: it ends after as many rounds in a row without a
# better composition as it took to find its last one, and never after fewer than ILS_PATIENCE.
ILS_PATIENCE = 10
# Then it restarts from the best composition with RESTART_FRACTION of the blocks moved at random; it
# stops after RESTART_PATIENCE restarts in a row that found nothing better (or the budget is spent).
RESTART_FRACTION = 0.25
RESTART_PATIENCE = 3


@dataclass
class GroupQuality:
    coach: Hashable
    size: int
    roles: dict[str, int]
    organisations: dict[str, int]
    regions: dict[str, int]
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)


@dataclass
class Comparison:
    """The organiser's most important attribute: how many pairs in one group share a value of it, in a
    composition and in a hand deal of the same people (``hand_deal``), and the fewest possible."""

    attribute: str
    pairs: int  # in the composition
    hand_deal_pairs: int  # in the hand deal
    hand_deal_feasible: bool  # whether the hand deal keeps every hard rule
    fewest: int  # every value spread as evenly as the number of groups allows (a lower bound)

    def to_dict(self) -> dict:
        return {
            "attribute": self.attribute,
            "pairs": self.pairs,
            "hand_deal_pairs": self.hand_deal_pairs,
            "hand_deal_feasible": self.hand_deal_feasible,
            "fewest": self.fewest,
        }


@dataclass
class Evaluation:
    groups: list[GroupQuality]
    violations: list[Violation]
    warnings: list[Violation]
    objective: float
    comparison: Comparison | None = None

    @property
    def feasible(self) -> bool:
        return not self.violations


@dataclass
class ScenarioResult:
    groups: list[dict]
    objective: float
    feasible: bool
    seconds: float
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    changed: int = 0
    quality: list[GroupQuality] = field(default_factory=list)
    comparison: Comparison | None = None  # when the scenario names a "priority" attribute

    def to_dict(self) -> dict:
        result = {
            "objective": self.objective,
            "groups": self.groups,
            "feasible": self.feasible,
            "violations": [v.message for v in self.violations],
            "warnings": [w.message for w in self.warnings],
            "changed": self.changed,
            "seconds": round(self.seconds, 4),
        }
        if self.comparison is not None:
            result["comparison"] = self.comparison.to_dict()
        return result


def _text(value) -> str:
    return "" if value is None else str(value)


def _pairs(raw, name: str) -> list[tuple]:
    pairs = []
    for item in raw or []:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"{name}: each entry must be a pair of ids, got {item!r}")
        pairs.append((item[0], item[1]))
    return pairs


def _fewest_pairs(count: int, groups: int) -> int:
    """Pairs sharing a value when ``count`` people with it are spread as evenly as possible."""
    q, r = divmod(count, max(groups, 1))
    return r * (q + 1) * q // 2 + (max(groups, 1) - r) * q * (q - 1) // 2


def _mapping(raw) -> dict:
    """Locks or a previous composition: a dict, or a list of [participant, coach] pairs (JSON-friendly)."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return dict(raw)
    return dict(_pairs(raw, "assignment"))


class _Model:
    """The scenario turned into indices, penalty tables and the rules that hold whatever the grouping."""

    def __init__(self, scenario: dict, locked: dict | None, previous: dict | None) -> None:
        self.problems: list[Violation] = []  # violations that no grouping can avoid
        self.notes: list[Violation] = []  # warnings that hold whatever the grouping
        participants = list(scenario.get("participants") or [])
        coaches = list(scenario.get("coaches") or [])
        self.people: list[dict] = []
        self.pindex: dict = {}
        for person in participants:
            pid = person["id"]
            if pid in self.pindex:
                self.problems.append(
                    Violation(
                        "duplicate_id",
                        f"Participant {pid} is listed more than once; only the first entry is used.",
                        {"id": pid},
                        people=(pid,),
                    )
                )
                continue
            self.pindex[pid] = len(self.people)
            self.people.append(person)
        self.coaches: list[dict] = []
        self.cindex: dict = {}
        for coach in coaches:
            cid = coach["id"]
            if cid in self.cindex:
                self.problems.append(
                    Violation(
                        "duplicate_id",
                        f"Coach {cid} is listed more than once; only the first entry is used.",
                        {"id": cid},
                        people=(cid,),
                    )
                )
                continue
            self.cindex[cid] = len(self.coaches)
            self.coaches.append(coach)
        self.pids = [p["id"] for p in self.people]
        self.cids = [c["id"] for c in self.coaches]
        n, g = len(self.people), len(self.coaches)
        self.n, self.g = n, g

        size = scenario.get("group_size") or {}
        self.gmin = int(size.get("min", 1))
        if "max" in size:
            self.gmax = int(size["max"])
        else:
            self.gmax = max(n, 1)
            self.problems.append(
                Violation(
                    "max_size_missing",
                    "The scenario gives no maximum group size; set group_size.max.",
                    {},
                )
            )
        if self.gmin > self.gmax:
            self.problems.append(
                Violation(
                    "invalid_group_size",
                    f"The minimum group size ({self.gmin}) is larger than the maximum ({self.gmax}); "
                    "lower the minimum or raise the maximum.",
                    {"min": self.gmin, "max": self.gmax},
                )
            )
        self.min_per_role = {str(k): int(v) for k, v in (scenario.get("min_per_role") or {}).items()}
        spread = scenario.get("spread")
        self.spread = list(DEFAULT_SPREAD if spread is None else spread)
        priority = scenario.get("priority")
        self.priority = str(priority) if priority else None

        self._check_sizes()
        self._build_features()
        self._build_pairs(scenario)
        self._build_locks(locked)
        self.prev = [-1] * n  # previous group index per participant, -1 when unknown or new
        for pid, cid in _mapping(previous).items():
            if pid in self.pindex and cid in self.cindex:
                self.prev[self.pindex[pid]] = self.cindex[cid]

    # --- rules that hold whatever the grouping -----------------------------------------------------

    def _check_sizes(self) -> None:
        n, g, lo, hi = self.n, self.g, self.gmin, self.gmax
        if g == 0:
            self.problems.append(
                Violation(
                    "no_coaches",
                    f"There are no coaches, so no groups can be made for {plural(n, 'participant')}; "
                    f"invite at least {plural(max(1, math.ceil(n / max(hi, 1))), 'coach', 'coaches')}.",
                    {"participants": n, "max": hi, "needed": max(1, math.ceil(n / max(hi, 1)))},
                )
            )
            return
        if lo > hi:
            return
        if n > g * hi:
            needed = math.ceil(n / hi)
            self.problems.append(
                Violation(
                    "too_few_coaches",
                    f"{plural(n, 'participant')} do not fit in {plural(g, 'group')} of at most {hi}: "
                    f"invite at least {plural(needed - g, 'more coach', 'more coaches')} ({needed} in all) or raise the maximum "
                    f"group size to {math.ceil(n / g)}.",
                    {
                        "participants": n,
                        "coaches": g,
                        "max": hi,
                        "needed": needed,
                        "missing": needed - g,
                        "max_needed": math.ceil(n / g),
                    },
                )
            )
        elif n < g * lo:
            keep = n // lo
            self.problems.append(
                Violation(
                    "too_many_coaches",
                    f"{plural(n, 'participant')} cannot fill {plural(g, 'group')} of at least {lo}: "
                    + (
                        f"use at most {plural(keep, 'coach', 'coaches')} ({g - keep} fewer) or lower the minimum group "
                        f"size to {n // g}."
                        if keep > 0
                        else f"there are fewer participants than the minimum group size; lower the "
                        f"minimum group size to {n // g}."
                    ),
                    {
                        "participants": n,
                        "coaches": g,
                        "min": lo,
                        "usable": keep,
                        "surplus": g - keep,
                        "min_needed": n // g,
                    },
                )
            )

    def _build_features(self) -> None:
        """Feature 0 is group size; then one feature per role, per spread value and per organisation.

        A feature's count in a group is how many of its members have it; the penalty tables say what
        each count costs (hard and soft apart), so a move is priced by a few table look-ups.
        """
        n, g = self.n, max(self.g, 1)
        self.fnames: list[tuple[str, str]] = [("size", "")]
        self.findex: dict[tuple[str, str], int] = {("size", ""): 0}
        attrs = ["role"] + [a for a in self.spread if a != "role"]
        if "organisation" not in attrs:
            attrs.append("organisation")  # the coach's own organisation is always weighed
        if self.priority and self.priority not in attrs:
            attrs.append(self.priority)
        for role in self.min_per_role:
            self._feature("role", role)
        self.pfeat: list[list[int]] = []
        for person in self.people:
            feats = [0]
            for attr in attrs:
                value = _text(person.get(attr))
                if value:
                    feats.append(self._feature(attr, value))
            self.pfeat.append(feats)
        self.total = [0] * len(self.fnames)
        for feats in self.pfeat:
            for k in feats:
                self.total[k] += 1
        width = 2 * n + 2  # a block priced against its own group counts itself twice
        self.hard = np.zeros((len(self.fnames), width))
        self.soft = np.zeros((len(self.fnames), width))
        c = np.arange(width, dtype=np.float64)
        self.hard[0] = W_HARD * (np.maximum(0, self.gmin - c) + np.maximum(0, c - self.gmax))
        self.soft[0] = W_BALANCE * (np.maximum(0, c - math.ceil(n / g)) + np.maximum(0, n // g - c))
        self.relaxed_roles: dict[str, int] = {}
        for k, (attr, value) in enumerate(self.fnames):
            if k == 0:
                continue
            total = self.total[k]
            share = math.ceil(total / g)
            if attr == "role":
                need = self.min_per_role.get(value, 0)
                if need > 0 and total >= g * need:
                    self.hard[k] = W_HARD * np.maximum(0, need - c)
                    self.soft[k] = W_ROLE * np.maximum(0, c - share)
                elif need > 0:
                    low = min(need, total // g)
                    self.relaxed_roles[value] = k
                    self.soft[k] = W_RELAXED_ROLE * (np.maximum(0, low - c) + np.maximum(0, c - share))
                else:
                    self.soft[k] = W_ROLE * np.maximum(0, c - share)
            elif attr in self.spread:
                weight = SPREAD_WEIGHTS.get(attr, W_OTHER_SPREAD)
                self.soft[k] = weight * np.maximum(0, c - share)
        # The priority attribute: pairs sharing a value, a convex cost, so spreading a value evenly is
        # cheapest (an even-share threshold alone leaves 3-3-3-1-0-0 as good as 2-2-2-2-2-1). Less a
        # linear term (q = total // groups per person), which changes no comparison (everyone is in some
        # group, so it sums to the same) but makes a person's own pairs cost nothing up to the even
        # share: the search then only tries to move people who are beyond it.
        # `priority_floor` is the cost at the fewest pairs possible; the objective counts only the excess.
        self.priority_soft = np.zeros_like(self.soft)
        self.priority_floor = 0.0
        self.priority_features: list[int] = []
        self.priority_fewest = 0
        if self.priority:
            for k, (attr, _value) in enumerate(self.fnames):
                if attr == self.priority and k:
                    q = self.total[k] // g
                    fewest = _fewest_pairs(self.total[k], g)
                    self.priority_features.append(k)
                    self.priority_soft[k] = W_PRIORITY * (c * (c - 1) / 2 - q * c)
                    self.priority_floor += W_PRIORITY * (fewest - q * self.total[k])
                    self.priority_fewest += fewest
            self.soft += self.priority_soft
        for role, k in self.relaxed_roles.items():
            need, total = self.min_per_role[role], self.total[k]
            self.notes.append(
                Violation(
                    "min_per_role_relaxed",
                    f"min_per_role relaxed: there are only {plural(total, 'participant')} with role "
                    f"{role} for {plural(self.g, 'group')} (needed {self.g * need} for {need} per group), "
                    "so they are spread as evenly as possible.",
                    {
                        "role": role,
                        "available": total,
                        "groups": self.g,
                        "min": need,
                        "needed": self.g * need,
                    },
                )
            )
        self.coach_feat = [
            self.findex.get(("organisation", _text(c.get("organisation"))), -1) for c in self.coaches
        ]

    def _feature(self, attr: str, value: str) -> int:
        key = (attr, value)
        if key not in self.findex:
            self.findex[key] = len(self.fnames)
            self.fnames.append(key)
        return self.findex[key]

    def _known(self, pid, rule: str) -> int | None:
        if pid in self.pindex:
            return self.pindex[pid]
        self.problems.append(
            Violation(
                "unknown_id",
                f"{rule} names {pid}, who is not a participant; remove it from {rule} or add the participant.",
                {"id": pid, "rule": rule},
                people=(pid,),
            )
        )
        return None

    def _build_pairs(self, scenario: dict) -> None:
        n = self.n
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        self.together: list[tuple[int, int]] = []
        for a, b in _pairs(scenario.get("pairs_together"), "pairs_together"):
            i, j = self._known(a, "pairs_together"), self._known(b, "pairs_together")
            if i is None or j is None or i == j:
                continue
            self.together.append((i, j))
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
        explicit: list[tuple[int, int]] = []
        for a, b in _pairs(scenario.get("pairs_apart"), "pairs_apart"):
            i, j = self._known(a, "pairs_apart"), self._known(b, "pairs_apart")
            if i is not None and j is not None and i != j:
                explicit.append((min(i, j), max(i, j)))
        # People of one household (a gezinshuisouder and the youth-care worker of the same gezinshuis)
        # are kept apart by default, unless the scenario explicitly wants them together.
        households: dict[str, list[int]] = {}
        for i, person in enumerate(self.people):
            home = _text(person.get("household"))
            if home:
                households.setdefault(home, []).append(i)
        implicit = []
        for home, members in households.items():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    if find(i) == find(j):
                        self.notes.append(
                            Violation(
                                "household_together",
                                f"{self.pids[i]} and {self.pids[j]} share household {home} but are "
                                "required together, so they are not kept apart.",
                                {"household": home},
                                people=(self.pids[i], self.pids[j]),
                            )
                        )
                    else:
                        implicit.append((i, j))
        self.apart = sorted(set(explicit) | set(implicit))
        self.block = [find(i) for i in range(n)]
        for i, j in explicit:
            if self.block[i] == self.block[j]:
                self.problems.append(
                    Violation(
                        "apart_together_conflict",
                        f"{self.pids[i]} and {self.pids[j]} must be kept apart, but pairs_together puts "
                        "them in one group (directly or through others); remove one of the two rules.",
                        {"a": self.pids[i], "b": self.pids[j]},
                        people=(self.pids[i], self.pids[j]),
                    )
                )
        blocks: dict[int, list[int]] = {}
        for i in range(n):
            blocks.setdefault(self.block[i], []).append(i)
        self.blocks = list(blocks.values())  # in order of their first member
        for members in self.blocks:
            if len(members) > self.gmax:
                ids = tuple(self.pids[i] for i in members)
                self.problems.append(
                    Violation(
                        "together_too_large",
                        f"pairs_together joins {len(members)} people ({', '.join(map(str, ids))}), more "
                        f"than the maximum group size of {self.gmax}; drop some of these pairs or raise "
                        f"the maximum to {len(members)}.",
                        {"size": len(members), "max": self.gmax},
                        people=ids,
                    )
                )
        self.met: list[tuple[int, int]] = []
        for a, b in _pairs(scenario.get("met_before"), "met_before"):
            if a in self.pindex and b in self.pindex and a != b:
                i, j = self.pindex[a], self.pindex[b]
                self.met.append((min(i, j), max(i, j)))
        self.met = sorted(set(self.met))

    def _build_locks(self, locked: dict | None) -> None:
        self.lock = [-1] * self.n
        for pid, cid in _mapping(locked).items():
            i = self._known(pid, "locked")
            if i is None:
                continue
            if cid not in self.cindex:
                self.problems.append(
                    Violation(
                        "lock_conflict",
                        f"{pid} is locked to {cid}, who is not a coach in this scenario; unlock {pid} "
                        "or add the coach.",
                        {"participant": pid, "coach": cid},
                        people=(pid, cid),
                    )
                )
                continue
            self.lock[i] = self.cindex[cid]
        # A block of people required together goes where its locked members are.
        self.block_lock: dict[int, int] = {}
        for members in self.blocks:
            locks = sorted({self.lock[i] for i in members if self.lock[i] >= 0})
            if len(locks) > 1:
                ids = tuple(self.pids[i] for i in members if self.lock[i] >= 0)
                self.problems.append(
                    Violation(
                        "lock_conflict",
                        f"{', '.join(map(str, ids))} must be together but are locked to different coaches "
                        f"({', '.join(str(self.cids[g]) for g in locks)}); unlock all but one coach's.",
                        {"coaches": [self.cids[g] for g in locks]},
                        people=ids,
                    )
                )
            if locks:
                self.block_lock[members[0]] = next(self.lock[i] for i in members if self.lock[i] >= 0)
        fixed = [0] * self.g
        for members in self.blocks:
            g = self.block_lock.get(members[0], -1)
            if g >= 0:
                fixed[g] += len(members)
        for g, count in enumerate(fixed):
            if count > self.gmax:
                locked_ids = tuple(
                    self.pids[i]
                    for members in self.blocks
                    if self.block_lock.get(members[0]) == g
                    for i in members
                )
                self.problems.append(
                    Violation(
                        "lock_conflict",
                        f"{count} participants are locked to coach {self.cids[g]} (with those required "
                        f"together with them), more than the maximum group size of {self.gmax}; unlock "
                        f"{count - self.gmax} of them or raise the maximum to {count}.",
                        {"coach": self.cids[g], "locked": count, "max": self.gmax},
                        group=g,
                        people=locked_ids,
                    )
                )
        for i, j in self.apart:
            gi = self.block_lock.get(self.block[i], -1)
            gj = self.block_lock.get(self.block[j], -1)
            if gi >= 0 and gi == gj and self.block[i] != self.block[j]:
                self.problems.append(
                    Violation(
                        "lock_conflict",
                        f"{self.pids[i]} and {self.pids[j]} must be kept apart but are both locked to coach "
                        f"{self.cids[gi]}; unlock one of them.",
                        {"a": self.pids[i], "b": self.pids[j], "coach": self.cids[gi]},
                        group=gi,
                        people=(self.pids[i], self.pids[j]),
                    )
                )

    # --- assessing a grouping ---------------------------------------------------------------------

    def assess(
        self, groups: list[list[int]]
    ) -> tuple[list[GroupQuality], list[Violation], list[Violation], float]:
        """Per-group quality, violations, warnings and the soft objective of ``groups`` (indices per coach)."""
        where = [-1] * self.n
        for g, members in enumerate(groups):
            for i in members:
                where[i] = g
        violations: list[Violation] = []
        warnings: list[Violation] = []
        quality: list[GroupQuality] = []
        objective = 0.0
        for g, members in enumerate(groups):
            cid = self.cids[g]
            counts = [0] * len(self.fnames)
            for i in members:
                for k in self.pfeat[i]:
                    counts[k] += 1
            gv: list[Violation] = []
            gw: list[Violation] = []
            size = counts[0]
            objective += float(self.soft[0, size])
            if size > self.gmax:
                gv.append(
                    Violation(
                        "group_too_large",
                        f"The group of coach {cid} has {size} participants, {size - self.gmax} more than "
                        f"the maximum of {self.gmax}.",
                        {"coach": cid, "size": size, "max": self.gmax},
                        group=g,
                    )
                )
            if size < self.gmin:
                gv.append(
                    Violation(
                        "group_too_small",
                        f"The group of coach {cid} has {size} participants, {self.gmin - size} fewer than "
                        f"the minimum of {self.gmin}.",
                        {"coach": cid, "size": size, "min": self.gmin},
                        group=g,
                    )
                )
            roles: dict[str, int] = {}
            organisations: dict[str, int] = {}
            regions: dict[str, int] = {}
            for k, (attr, value) in enumerate(self.fnames):
                if k == 0:
                    continue
                c = counts[k]
                objective += float(self.soft[k, c])
                if attr == "role":
                    if c:
                        roles[value] = c
                    need = self.min_per_role.get(value, 0)
                    if self.hard[k, c] > 0:
                        gv.append(
                            Violation(
                                "missing_role",
                                f"The group of coach {cid} has {c} participant(s) with role {value}, "
                                f"fewer than the minimum of {need}.",
                                {"coach": cid, "role": value, "count": c, "min": need},
                                group=g,
                            )
                        )
                    elif value in self.relaxed_roles and self.soft[k, c] > 0:
                        gw.append(
                            Violation(
                                "role_uneven",
                                f"The group of coach {cid} has {c} participant(s) with role {value}, "
                                "while the few there are could be spread more evenly.",
                                {"coach": cid, "role": value, "count": c},
                                group=g,
                            )
                        )
                elif attr == "organisation":
                    if c:
                        organisations[value] = c
                    share = math.ceil(self.total[k] / max(self.g, 1))
                    if c > share and "organisation" in self.spread:
                        gw.append(
                            Violation(
                                "organisation_duplicate",
                                f"The group of coach {cid} has {c} participants from {value}, "
                                f"{c - share} more than its even share of {share}.",
                                {"coach": cid, "organisation": value, "count": c, "share": share},
                                group=g,
                                people=tuple(self.pids[i] for i in members if k in self.pfeat[i]),
                            )
                        )
                elif attr == "region" and c:
                    regions[value] = c
            ck = self.coach_feat[g]
            if ck >= 0 and counts[ck]:
                objective += W_COACH_ORGANISATION * counts[ck]
                same = tuple(self.pids[i] for i in members if ck in self.pfeat[i])
                gw.append(
                    Violation(
                        "coach_own_organisation",
                        f"Coach {cid} coaches {plural(len(same), 'participant')} of their own organisation "
                        f"({self.fnames[ck][1]}).",
                        {"coach": cid, "organisation": self.fnames[ck][1], "count": len(same)},
                        group=g,
                        people=same,
                    )
                )
            quality.append(GroupQuality(cid, size, roles, organisations, regions, gv, gw))
        for i, j in self.apart:
            if where[i] >= 0 and where[i] == where[j]:
                g = where[i]
                quality[g].violations.append(
                    Violation(
                        "pair_apart_together",
                        f"{self.pids[i]} and {self.pids[j]} must be kept apart but are both in the group of "
                        f"coach {self.cids[g]}.",
                        {"a": self.pids[i], "b": self.pids[j], "coach": self.cids[g]},
                        group=g,
                        people=(self.pids[i], self.pids[j]),
                    )
                )
        for i, j in self.together:
            if where[i] != where[j] and where[i] >= 0 and where[j] >= 0:
                quality[where[i]].violations.append(
                    Violation(
                        "pair_together_split",
                        f"{self.pids[i]} and {self.pids[j]} must be together but are in the groups of "
                        f"coaches {self.cids[where[i]]} and {self.cids[where[j]]}.",
                        {"a": self.pids[i], "b": self.pids[j]},
                        group=where[i],
                        people=(self.pids[i], self.pids[j]),
                    )
                )
        for i, g in enumerate(self.lock):
            if g >= 0 and where[i] >= 0 and where[i] != g:
                quality[where[i]].violations.append(
                    Violation(
                        "lock_broken",
                        f"{self.pids[i]} is locked to coach {self.cids[g]} but is in the group of coach "
                        f"{self.cids[where[i]]}.",
                        {"participant": self.pids[i], "coach": self.cids[g]},
                        group=where[i],
                        people=(self.pids[i],),
                    )
                )
        for i, j in self.met:
            if where[i] >= 0 and where[i] == where[j]:
                g = where[i]
                objective += W_MET_BEFORE
                quality[g].warnings.append(
                    Violation(
                        "met_before",
                        f"{self.pids[i]} and {self.pids[j]} met before and share the group of coach "
                        f"{self.cids[g]}.",
                        {"a": self.pids[i], "b": self.pids[j], "coach": self.cids[g]},
                        group=g,
                        people=(self.pids[i], self.pids[j]),
                    )
                )
        moved = sum(
            1 for i in range(self.n) if self.prev[i] >= 0 and where[i] >= 0 and where[i] != self.prev[i]
        )
        objective += W_PREVIOUS * moved
        objective -= self.priority_floor
        for q in quality:
            violations.extend(q.violations)
            warnings.extend(q.warnings)
        return quality, violations, warnings, objective

    def priority_pairs(self, groups: list[list[int]]) -> int:
        """Pairs in one group that share a value of the priority attribute."""
        features = set(self.priority_features)
        total = 0
        for members in groups:
            counts: dict[int, int] = {}
            for i in members:
                for k in self.pfeat[i]:
                    if k in features:
                        counts[k] = counts.get(k, 0) + 1
            total += sum(c * (c - 1) // 2 for c in counts.values())
        return total

    def moved(self, groups: list[list[int]]) -> int:
        where = {i: g for g, members in enumerate(groups) for i in members}
        return sum(1 for i in range(self.n) if self.prev[i] >= 0 and where.get(i, -1) != self.prev[i])


class _Search:
    """Local search over blocks (people required together move as one), with numpy-priced moves."""

    def __init__(self, model: _Model, seed: int, deadline: float, *, hand: bool = False) -> None:
        """``hand``: price only what a person dealing by hand looks at (the hard rules, the priority
        attribute's pairs and even group sizes), for ``deal`` and ``repair``."""
        self.m = model
        self.rng = random.Random(seed)
        self.deadline = deadline
        self.hand = hand
        g = model.g
        self.units = model.blocks
        nu = len(self.units)
        if hand:
            self.P = model.hard + model.priority_soft
            self.P[0] += model.soft[0]
        else:
            self.P = model.hard + model.soft
        self.K = len(model.fnames)
        self.fk: list[np.ndarray] = []
        self.fc: list[np.ndarray] = []
        self.flist: list[list[tuple[int, int]]] = []
        self.sizes = np.array([len(u) for u in self.units], dtype=np.int64)
        unit_of = [0] * model.n
        for u, members in enumerate(self.units):
            counts: dict[int, int] = {}
            for i in members:
                unit_of[i] = u
                for k in model.pfeat[i]:
                    counts[k] = counts.get(k, 0) + 1
            keys = sorted(counts)
            self.fk.append(np.array(keys, dtype=np.int64))
            self.fc.append(np.array([counts[k] for k in keys], dtype=np.int64))
            self.flist.append([(k, counts[k]) for k in keys])
        # Blocks alike for a hand deal's swaps: the same size and the same priority values.
        priority = set(model.priority_features)
        self.value_key = [
            (int(self.sizes[u]), tuple((k, c) for k, c in self.flist[u] if k in priority)) for u in range(nu)
        ]
        # Static cost of a unit in each group: the coach's own organisation, and moves away from `previous`.
        self.static = np.zeros((nu, g))
        coach_feat = np.array(model.coach_feat, dtype=np.int64)
        for u, members in enumerate(self.units if not hand else []):
            for k, c in self.flist[u]:
                self.static[u] += W_COACH_ORGANISATION * c * (coach_feat == k)
            known = [model.prev[i] for i in members if model.prev[i] >= 0]
            if known:
                self.static[u] += W_PREVIOUS * len(known)
                for p in known:
                    self.static[u, p] -= W_PREVIOUS
        adj: list[dict[int, float]] = [{} for _ in range(nu)]
        weighed = [(model.apart, W_HARD)] + ([] if hand else [(model.met, W_MET_BEFORE)])
        for pairs, weight in weighed:
            for i, j in pairs:
                a, b = unit_of[i], unit_of[j]
                if a != b:
                    adj[a][b] = adj[a].get(b, 0.0) + weight
                    adj[b][a] = adj[b].get(a, 0.0) + weight
        self.adj = [sorted(d.items()) for d in adj]
        self.adj_idx = [np.array([v for v, _ in a], dtype=np.int64) for a in self.adj]
        self.adj_w = [np.array([w for _, w in a]) for a in self.adj]
        self.fixed = [model.block_lock.get(members[0], -1) for members in self.units]
        self.movable = [u for u in range(nu) if self.fixed[u] < 0]
        self.assign = np.full(nu, -1, dtype=np.int64)
        self.cnt = np.zeros((g, self.K), dtype=np.int64)
        self.members: list[list[int]] = [[] for _ in range(g)]
        self.cost = 0.0

    def timed_out(self) -> bool:
        return time.perf_counter() > self.deadline

    # --- pricing ---------------------------------------------------------------------------------

    def _pairs_by_group(self, u: int) -> np.ndarray:
        idx = self.adj_idx[u]
        if not len(idx):
            return np.zeros(self.m.g)
        where = self.assign[idx]
        ok = where >= 0
        return np.bincount(where[ok], weights=self.adj_w[u][ok], minlength=self.m.g)

    def insert_costs(self, u: int) -> np.ndarray:
        """Cost change of adding unit u (currently nowhere) to each group."""
        ks, cs = self.fk[u], self.fc[u]
        x = self.cnt[:, ks]
        add = (self.P[ks, x + cs] - self.P[ks, x]).sum(axis=1)
        return add + self._pairs_by_group(u) + self.static[u]

    def move_costs(self, u: int) -> tuple[np.ndarray, float]:
        """Cost change of moving u to each group (its own group priced +inf), and of just removing it."""
        a = int(self.assign[u])
        ks, cs = self.fk[u], self.fc[u]
        x = self.cnt[:, ks]
        add = (self.P[ks, x + cs] - self.P[ks, x]).sum(axis=1)
        pairs = self._pairs_by_group(u)
        xa = self.cnt[a, ks]
        rem_parts = self.P[ks, xa - cs] - self.P[ks, xa]
        rem = float(rem_parts.sum()) - pairs[a]
        delta = add + pairs + self.static[u] + (rem - self.static[u, a])
        delta[a] = np.inf
        # Removal without the size feature (index 0, always first): does u itself cause penalties here?
        conflict = rem - float(rem_parts[0]) - self.static[u, a]
        return delta, conflict

    def swap_cost(self, u: int, v: int) -> float:
        a, b = int(self.assign[u]), int(self.assign[v])
        diff: dict[int, int] = {}
        for k, c in self.flist[u]:
            diff[k] = c
        for k, c in self.flist[v]:
            diff[k] = diff.get(k, 0) - c
        P, ca, cb = self.P, self.cnt[a], self.cnt[b]
        d = 0.0
        for k, c in diff.items():
            if c:
                x, y = ca[k], cb[k]
                d += P[k, x - c] - P[k, x] + P[k, y + c] - P[k, y]
        d += self.static[u, b] - self.static[u, a] + self.static[v, a] - self.static[v, b]
        assign = self.assign
        for x, w in self.adj[u]:
            if x != v:
                gx = assign[x]
                if gx == b:
                    d += w
                elif gx == a:
                    d -= w
        for x, w in self.adj[v]:
            if x != u:
                gx = assign[x]
                if gx == a:
                    d += w
                elif gx == b:
                    d -= w
        return float(d)

    def place(self, u: int, b: int) -> None:
        a = int(self.assign[u])
        ks, cs = self.fk[u], self.fc[u]
        if a >= 0:
            self.cnt[a, ks] -= cs
            self.members[a].remove(u)
        self.cnt[b, ks] += cs
        self.members[b].append(u)
        self.assign[u] = b

    def total_cost(self) -> float:
        """Search cost from scratch (hard and soft): the check on the incremental bookkeeping."""
        cost = 0.0
        for g in range(self.m.g):
            cost += float(self.P[np.arange(self.K), self.cnt[g]].sum())
        for u in range(len(self.units)):
            cost += float(self.static[u, self.assign[u]])
            for v, w in self.adj[u]:
                if v > u and self.assign[v] == self.assign[u]:
                    cost += w
        return cost

    def load(self, assign: np.ndarray) -> None:
        self.assign[:] = -1
        self.cnt[:] = 0
        self.members = [[] for _ in range(self.m.g)]
        for u in range(len(self.units)):
            self.place(u, int(assign[u]))
        self.cost = self.total_cost()

    # --- search ----------------------------------------------------------------------------------

    def construct(self) -> None:
        """Locked blocks first, then the previous composition, then greedy cheapest insertion."""
        m = self.m
        for u in range(len(self.units)):
            if self.fixed[u] >= 0:
                self.place(u, self.fixed[u])
        rest = []
        for u in self.movable:
            known = [m.prev[i] for i in self.units[u] if m.prev[i] >= 0]
            if known:
                self.place(u, max(known, key=lambda g, known=known: (known.count(g), -g)))
            else:
                rest.append(u)
        scarcity = {}
        for role, need in m.min_per_role.items():
            k = m.findex.get(("role", role))
            if k is not None and need > 0:
                scarcity[k] = m.total[k] / max(m.g * need, 1)
        tiebreak = {u: self.rng.random() for u in rest}

        def key(u: int) -> tuple:
            scarce = min((scarcity[k] for k, _ in self.flist[u] if k in scarcity), default=math.inf)
            return (-int(self.sizes[u]), scarce, tiebreak[u])

        for u in sorted(rest, key=key):
            self.place(u, int(np.argmin(self.insert_costs(u))))
        self.cost = self.total_cost()

    def descent(self, queue: list[int] | None = None) -> None:
        """First-improvement descent with a work queue ("don't look bits").

        Each queued block tries its best move, and, if it causes penalties where it is, its best swap
        with a block of the most promising groups. After a change, the blocks of the two groups
        involved and the pair partners of the moved blocks are queued again.
        """
        if queue is None:
            queue = list(self.movable)
            self.rng.shuffle(queue)
        pending = deque(queue)
        queued = set(queue)
        checks = 0
        while pending:
            u = pending.popleft()
            queued.discard(u)
            checks += 1
            if checks % 64 == 0 and self.timed_out():
                return
            delta, conflict = self.move_costs(u)
            b = int(np.argmin(delta))
            moved: tuple[int, ...] = ()
            if delta[b] < -EPS:
                a = int(self.assign[u])
                self.place(u, b)
                self.cost += float(delta[b])
                moved, groups = (u,), (a, b)
            elif conflict < -EPS:
                best, partner = -EPS, -1
                for b in np.argsort(delta, kind="stable")[:4].tolist():
                    if not np.isfinite(delta[b]):
                        continue
                    for v in self.members[b]:
                        if self.fixed[v] < 0:
                            d = self.swap_cost(u, v)
                            if d < best:
                                best, partner = d, v
                if partner >= 0:
                    a, b = int(self.assign[u]), int(self.assign[partner])
                    self.place(u, b)
                    self.place(partner, a)
                    self.cost += best
                    moved, groups = (u, partner), (a, b)
            if moved:
                for v in [*self.members[groups[0]], *self.members[groups[1]]] + [
                    x for w in moved for x, _ in self.adj[w]
                ]:
                    if v not in queued and self.fixed[v] < 0:
                        queued.add(v)
                        pending.append(v)

    def at_floor(self, cost: float) -> bool:
        """Nothing left to improve: every soft term at zero, the priority pairs at their fewest."""
        return cost < self.m.priority_floor + EPS

    def perturb(self, strength: int) -> list[int]:
        """Move ``strength`` random blocks to random other groups; returns the blocks to look at again."""
        touched: list[int] = []
        for u in self.rng.sample(self.movable, min(strength, len(self.movable))):
            a = int(self.assign[u])
            b = self.rng.randrange(self.m.g - 1)
            if b >= a:
                b += 1
            delta, _ = self.move_costs(u)
            self.place(u, b)
            self.cost += float(delta[b])
            touched.extend(v for v in [*self.members[a], *self.members[b]] if self.fixed[v] < 0)
        return list(dict.fromkeys(touched))

    def local_search(self, max_rounds: int) -> tuple[np.ndarray, float, int]:
        """Iterated local search from the current composition: perturb a few blocks, descend, keep the
        best. Returns the best composition, its cost and the rounds used.

        It keeps going while it still improves: it ends after as many rounds in a row without a better
        composition as it took to find its last one (at least ILS_PATIENCE), so a search that keeps
        finding better compositions keeps its budget, and one that has converged stops early.
        """
        best, best_cost = self.assign.copy(), self.cost
        strength = max(2, min(8, len(self.movable) // 10))
        done = fails = last = 0
        while done < max_rounds and not self.at_floor(best_cost) and not self.timed_out():
            done += 1
            self.descent(self.perturb(strength))
            if self.cost < best_cost - EPS:
                best, best_cost, fails, last = self.assign.copy(), self.cost, 0, done
            else:
                fails += 1
                if self.cost > best_cost + EPS:
                    self.load(best)
            if fails >= max(ILS_PATIENCE, last):
                break
        return best, best_cost, done

    def scores(self, assign: np.ndarray) -> tuple[float, int, float]:
        """(hard-rule cost, priority pairs, search cost) of a composition: the order in which
        candidates are compared at the end. Leaves the composition loaded."""
        self.load(assign)
        hard = 0.0
        for g in range(self.m.g):
            hard += float(self.m.hard[np.arange(self.K), self.cnt[g]].sum())
        for u in range(len(self.units)):
            for v, w in self.adj[u]:
                if v > u and w >= W_HARD and self.assign[v] == self.assign[u]:
                    hard += w
        pairs = 0
        for k in self.m.priority_features:
            c = self.cnt[:, k]
            pairs += int((c * (c - 1) // 2).sum())
        return hard, pairs, self.cost

    def run(self, rounds: int, hand: np.ndarray | None = None) -> np.ndarray:
        """Search within a budget of ``rounds``, and return the best composition found.

        1. Construct (locks, previous, greedy insertion), descend, local search.
        2. With a hand deal (``hand``): the same from the hand deal.
        3. Restart from the best so far with a quarter of the blocks moved at random, local search,
           until RESTART_PATIENCE restarts in a row found nothing better or the budget is spent.
        4. Of all these and the hand deal itself, the one with the fewest broken hard rules, then the
           fewest priority pairs, then the lowest cost. So the result is never worse than the hand
           deal on the priority attribute unless the hand deal breaks more hard rules.
        """
        self.construct()
        self.descent()
        candidates = [self.assign.copy()]
        if len(self.movable) < 2 or self.m.g < 2:
            return candidates[0]
        left = rounds
        best, best_cost, used = self.local_search(left)
        left -= used
        candidates.append(best)
        if hand is not None:
            candidates.append(hand.copy())
            self.load(hand)
            self.descent()
            found, cost, used = self.local_search(left)
            left -= used
            candidates.append(found)
            if cost < best_cost - EPS:
                best, best_cost = found, cost
        strength = max(2, round(RESTART_FRACTION * len(self.movable)))
        fails = 0
        while left > 0 and fails < RESTART_PATIENCE and not self.at_floor(best_cost) and not self.timed_out():
            self.load(best)
            self.descent(self.perturb(strength))
            found, cost, used = self.local_search(left)
            left -= max(used, 1)
            if cost < best_cost - EPS:
                best, best_cost, fails = found, cost, 0
                candidates.append(found)
            else:
                fails += 1
        candidates.append(best)
        scored = [(self.scores(assign), i) for i, assign in enumerate(candidates)]
        return candidates[min(scored, key=lambda item: (item[0][0], item[0][1], item[0][2], item[1]))[1]]

    # --- a hand deal -----------------------------------------------------------------------------

    def deal(self) -> None:
        """What a careful organiser does by hand: locked blocks to their coach; everyone else sorted by
        the priority attribute (registration order within a value) and dealt out in turn over the
        groups, each filled to an even size (n / groups, the first groups one more); then people
        required together join one of them: each other member trades places with someone dealt into
        that group, of the same value where there is one (so the pairs stay as dealt)."""
        m = self.m
        self.assign[:] = -1
        self.cnt[:] = 0
        self.members = [[] for _ in range(m.g)]
        for u in range(len(self.units)):
            if self.fixed[u] >= 0:
                self.place(u, self.fixed[u])
        target = [m.n // m.g + (1 if b < m.n % m.g else 0) for b in range(m.g)]
        room = [target[b] - int(self.cnt[b, 0]) for b in range(m.g)]

        def value(i: int) -> str:
            return _text(m.people[i].get(m.priority)) if m.priority else ""

        people = sorted(
            ((value(i), u, i) for u in self.movable for i in self.units[u]), key=lambda x: (x[0], x[1], x[2])
        )
        seat: dict[int, int] = {}  # person → the group they were dealt into
        turn = 0
        for _value, _u, i in people:
            free = [(turn + step) % m.g for step in range(m.g) if room[(turn + step) % m.g] > 0]
            group = free[0] if free else max(range(m.g), key=lambda b: (room[b], -b))
            seat[i] = group
            room[group] -= 1
            turn = (group + 1) % m.g
        single = {self.units[u][0]: u for u in self.movable if self.sizes[u] == 1}
        dealt: dict[int, list[int]] = {}  # group → people of single blocks dealt there, in order
        for _value, _u, i in people:
            if i in single:
                dealt.setdefault(seat[i], []).append(i)
        for u in [u for u in self.movable if self.sizes[u] > 1]:
            first = seat[min(self.units[u], key=lambda i: (value(i), i))]

            def away(b: int, u: int = u) -> int:
                return sum(seat[i] != b for i in self.units[u])

            # The group they join: one with enough people to trade places with, then the one most of
            # them were dealt into, then the first's.
            home = min(
                {seat[i] for i in self.units[u]},
                key=lambda b: (len(dealt.get(b, [])) < away(b), away(b), b != first, b),
            )
            for i in self.units[u]:
                if seat[i] == home:
                    continue
                there = dealt.get(home, [])
                alike = [j for j in there if value(j) == value(i)]
                if alike or there:
                    j = (alike or there)[-1]
                    there.remove(j)
                    seat[j] = seat[i]
                    dealt.setdefault(seat[i], []).append(j)
                seat[i] = home
        for u in self.movable:
            self.place(u, seat[self.units[u][0]])
        self.cost = self.total_cost()

    def repair(self) -> None:
        """Mend the hard rules a deal breaks as a person would: swap someone in a group that breaks a
        rule with someone elsewhere, by preference of the same size and priority value (the pairs and
        sizes stay as dealt), else with whoever mends most; move someone only when no swap mends
        anything. Priced with the ``hand`` tables, so a swap never trades a hard rule for pairs."""
        m = self.m
        rows = np.arange(self.K)
        same_value: dict[tuple, list[int]] = {}
        for u in self.movable:
            same_value.setdefault(self.value_key[u], []).append(u)
        for _ in range(len(self.units) + 1):
            bad = {g for g in range(m.g) if float(m.hard[rows, self.cnt[g]].sum()) > 0}
            for u in range(len(self.units)):
                if any(w >= W_HARD and self.assign[v] == self.assign[u] for v, w in self.adj[u]):
                    bad.add(int(self.assign[u]))
            if not bad:
                return
            swap, swap_cost, move, move_cost = None, -EPS, None, -EPS
            for a in sorted(bad):
                for u in [u for u in self.members[a] if self.fixed[u] < 0]:
                    delta, _ = self.move_costs(u)
                    order = np.argsort(delta, kind="stable")
                    nearby = [v for b in order[:4].tolist() for v in self.members[b] if self.fixed[v] < 0]
                    for v in dict.fromkeys(same_value[self.value_key[u]] + nearby):
                        if self.assign[v] != a:
                            d = self.swap_cost(u, v)
                            if d < swap_cost:
                                swap, swap_cost = (u, v), d
                    if delta[order[0]] < move_cost:
                        move, move_cost = (u, int(order[0])), float(delta[order[0]])
            if swap is not None:
                u, v = swap
                a, b = int(self.assign[u]), int(self.assign[v])
                self.place(u, b)
                self.place(v, a)
                self.cost += swap_cost
            elif move is not None:
                self.place(*move)
                self.cost += move_cost
            else:
                return


def _groups_of(model: _Model, units: list[list[int]], assign: Iterable[int]) -> list[list[int]]:
    groups: list[list[int]] = [[] for _ in range(model.g)]
    for u, g in enumerate(assign):
        groups[int(g)].extend(units[u])
    return [sorted(members) for members in groups]


def _render(model: _Model, groups: list[list[int]]) -> list[dict]:
    return [
        {"coach": model.cids[g], "members": [model.pids[i] for i in members]}
        for g, members in enumerate(groups)
    ]


def solve_scenario(
    scenario: dict,
    time_limit: float = 2.0,
    seed: int = 0,
    locked: dict | None = None,
    previous: dict | None = None,
) -> ScenarioResult:
    """Compose one group per coach: hard rules first, then the soft objective (README.md).

    Deterministic for a given seed as long as the search ends on its own budget (it does in well under
    a second for events of up to a few hundred people); ``time_limit`` is an upper bound that cuts the
    search short and returns the best composition found so far.
    """
    started = time.perf_counter()
    locked = dict(locked or {})
    locked.update(_mapping(scenario.get("locked")))
    previous = previous if previous is not None else scenario.get("previous")
    model = _Model(scenario, locked, previous)
    if model.g == 0:
        return ScenarioResult(
            groups=[],
            objective=0.0,
            feasible=False,
            seconds=time.perf_counter() - started,
            violations=list(model.problems),
            warnings=list(model.notes),
        )
    deadline = started + max(0.0, time_limit) * 0.9
    hand = _deal(model) if model.priority else None
    search = _Search(model, seed, deadline)
    units = len(search.movable)
    # A budget in rounds, not the clock, ends a normal run, so the result depends on the seed only.
    rounds = max(SEARCH_MIN_ROUNDS, min(SEARCH_MAX_ROUNDS, SEARCH_BLOCK_ROUNDS // max(units, 1)))
    assign = search.run(rounds, hand=hand)
    groups = _groups_of(model, search.units, assign)
    quality, violations, warnings, objective = model.assess(groups)
    return ScenarioResult(
        groups=_render(model, groups),
        objective=objective,
        feasible=not (model.problems or violations),
        seconds=time.perf_counter() - started,
        violations=[*model.problems, *violations],
        warnings=[*model.notes, *warnings],
        changed=model.moved(groups),
        quality=quality,
        comparison=None if hand is None else _compare(model, groups, _groups_of(model, model.blocks, hand)),
    )


def _deal(model: _Model) -> np.ndarray:
    """The hand deal as the search's block assignment: dealt by the priority attribute, then repaired."""
    dealer = _Search(model, 0, math.inf, hand=True)
    dealer.deal()
    dealer.repair()
    return dealer.assign.copy()


def _compare(model: _Model, groups: list[list[int]], dealt: list[list[int]]) -> Comparison:
    _quality, violations, _warnings, _objective = model.assess(dealt)
    return Comparison(
        attribute=str(model.priority),
        pairs=model.priority_pairs(groups),
        hand_deal_pairs=model.priority_pairs(dealt),
        hand_deal_feasible=not (model.problems or violations),
        fewest=model.priority_fewest,
    )


def hand_deal(scenario: dict, attribute: str | None = None, locked: dict | None = None) -> list[dict]:
    """Groups as a careful organiser deals them by hand: everyone sorted by ``attribute`` (default: the
    scenario's "priority", else "organisation"; registration order within a value) and dealt out in
    turn over the coaches' groups, each filled to an even size, with the people required together as
    one and locked people with their coach; then each broken hard rule mended by swapping someone
    with a person of the same value elsewhere where possible. The baseline ``solve_scenario`` is never
    worse than on that attribute (``ScenarioResult.comparison``). Same format as ``solve_scenario``'s
    groups; deterministic.
    """
    locked = dict(locked or {})
    locked.update(_mapping(scenario.get("locked")))
    scenario = {**scenario, "priority": attribute or scenario.get("priority") or "organisation"}
    model = _Model(scenario, locked, None)
    if model.g == 0:
        return []
    return _render(model, _groups_of(model, model.blocks, _deal(model)))


def evaluate_scenario(
    scenario: dict,
    groups: list[dict],
    locked: dict | None = None,
    previous: dict | None = None,
    compare: bool = True,
) -> Evaluation:
    """Violations, warnings, per-group quality and objective of an arbitrary (e.g. hand-edited) grouping;
    with a "priority" attribute in the scenario and ``compare``, also its pairs against a hand deal."""
    locked = dict(locked or {})
    locked.update(_mapping(scenario.get("locked")))
    model = _Model(scenario, locked, previous)
    structural: list[Violation] = []
    index_groups: list[list[int]] = [[] for _ in range(model.g)]
    seen_coach: set = set()
    seen: dict = {}
    for group in groups:
        cid = group.get("coach")
        if cid not in model.cindex:
            structural.append(
                Violation(
                    "unknown_id",
                    f"A group has coach {cid}, who is not a coach in this scenario.",
                    {"id": cid, "rule": "coach"},
                    people=(cid,),
                )
            )
            continue
        g = model.cindex[cid]
        if cid in seen_coach:
            structural.append(
                Violation(
                    "too_many_coaches_in_group",
                    f"Coach {cid} has more than one group; each coach leads exactly one.",
                    {"coach": cid},
                    group=g,
                    people=(cid,),
                )
            )
        seen_coach.add(cid)
        for pid in group.get("members", []):
            if pid not in model.pindex:
                structural.append(
                    Violation(
                        "unknown_id",
                        f"The group of coach {cid} lists {pid}, who is not a participant.",
                        {"id": pid, "rule": "members"},
                        group=g,
                        people=(pid,),
                    )
                )
                continue
            if pid in seen:
                structural.append(
                    Violation(
                        "participant_duplicated",
                        f"{pid} is in the groups of coaches {seen[pid]} and {cid}; each participant is in "
                        "one group.",
                        {"participant": pid, "coaches": [seen[pid], cid]},
                        group=g,
                        people=(pid,),
                    )
                )
                continue
            seen[pid] = cid
            index_groups[g].append(model.pindex[pid])
    for g, cid in enumerate(model.cids):
        if cid not in seen_coach:
            structural.append(
                Violation(
                    "coach_missing",
                    f"Coach {cid} has no group; every coach leads exactly one group.",
                    {"coach": cid},
                    group=g,
                    people=(cid,),
                )
            )
    for pid in model.pids:
        if pid not in seen:
            structural.append(
                Violation(
                    "participant_unassigned",
                    f"{pid} is in no group.",
                    {"participant": pid},
                    people=(pid,),
                )
            )
    quality, violations, warnings, objective = model.assess(index_groups)
    comparison = None
    if model.priority and compare and model.g:
        comparison = _compare(model, index_groups, _groups_of(model, model.blocks, _deal(model)))
    return Evaluation(
        groups=quality,
        violations=[*model.problems, *structural, *violations],
        warnings=[*model.notes, *warnings],
        objective=objective,
        comparison=comparison,
    )
