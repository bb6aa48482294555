"""Composing a programme's groups with the grouping solver, the kartrekker's edits and the board.
Publishing the composed groups is ``programmes.publication``.

The same approach as the themed events' board (``events.composition``): the solver (``src/grouping``)
gets a scenario of plain ids and attributes (sign-up ids, category, an organisation key; one "coach" per
programme group, whose id is the ProgrammeGroup's id) and knows nothing of Django. This module reads the
programme without a lock (``composition_snapshot``), solves (``composition_solve``, no transaction held,
so nobody waits for the solver), and stores the answer under the programme's row lock in one
transaction, refused when the sign-ups changed meanwhile (``composition_apply``). The solver's findings
(codes and numbers) become Dutch sentences with the fix (``finding_text``). The stored report
(``Programme.composition``) holds ids and numbers only: organisation keys are digests, never names.

What the solver cannot express is checked here after solving: availability for some but not all
groups (a repair swaps such a person with someone of the same category where that breaks nothing,
else a violation with the fix), and "nobody the only one of their category" where the target mix
asks for two or more.

When the composition may change: while the programme is composing; and, once published and running,
until the first start meeting begins, for late changes only: invited people (a late sign-up, someone
from the reserve list) are placed by hand or by the solver while everyone already placed stays where
they were told they are, and publishing again tells only the newly placed. After the first start meeting
the groups are the intervision groups' business (groups app).
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grouping import evaluate_scenario, solve_scenario
from intervisie.common.audit import log_action
from intervisie.programmes.domain import ProgrammeError
from intervisie.programmes.enums import Category, DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Programme, ProgrammeDate, ProgrammeGroup, Signup

# A composition request must answer within seconds; the solver stops earlier when it has converged.
COMPOSE_TIME_LIMIT = 3.0
COMPOSE_SEED = 0
# People from the same organisation (or, for students, the same opleiding) apart; it is also the
# criterion the board compares with a hand deal (the solver's "priority", where it supports one).
SPREAD = ["organisation"]
PRIORITY = "organisation"
# Who takes part in a composition: invited people, and (after publishing) those already placed.
COMPOSABLE = (SignupStatus.INVITED, SignupStatus.PLACED)
# Findings of our own, next to the solver's codes.
AVAILABILITY_BROKEN = "availability_broken"
CATEGORY_ALONE = "category_alone"
BEGELEIDER_MISSING = "begeleider_missing"


def people_text(category: str, count: int) -> str:
    """A count with the category's Dutch word: "3 studenten", "1 ouder"."""
    if category == Category.STUDENT:
        text = ngettext("%(n)d student", "%(n)d studenten", count)
    elif category == Category.PROFESSIONAL:
        text = ngettext("%(n)d professional", "%(n)d professionals", count)
    elif category == Category.PARENT:
        text = ngettext("%(n)d ouder", "%(n)d ouders", count)
    elif category == Category.YOUNG_PERSON:
        text = ngettext("%(n)d jongere", "%(n)d jongeren", count)
    else:
        text = ngettext("%(n)d persoon", "%(n)d mensen", count)
    return text % {"n": count}


def _word(category: str, count: int = 1) -> str:
    """The category's Dutch word without a number: "student", "studenten"."""
    words = {
        Category.STUDENT: ngettext("student", "studenten", count),
        Category.PROFESSIONAL: ngettext("professional", "professionals", count),
        Category.PARENT: ngettext("ouder", "ouders", count),
        Category.YOUNG_PERSON: ngettext("jongere", "jongeren", count),
    }
    return words.get(category, ngettext("persoon", "mensen", count))


def _groups_text(count: int) -> str:
    return ngettext("%(n)d groep", "%(n)d groepen", count) % {"n": count}


# --- The scenario --------------------------------------------------------------------------------------


def _normal(name: str) -> str:
    return " ".join((name or "").casefold().split())


def _digest(name: str) -> str:
    # A digest, not the name: the stored report holds no text a person typed.
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def organisation_keys(signups: list[Signup]) -> dict[int, str]:
    """Sign-up id → the key that keeps people of one organisation apart ("" for none).

    Professionals: their Organisation's id, or the name they typed (normalised); a typed name that is the
    name of an organisation someone else picked counts as that organisation. Students: their opleiding.
    Parents and young people: none. Needs ``organisation`` loaded (no queries)."""
    picked = {
        _normal(s.organisation.name): s.organisation_id
        for s in signups
        if s.category == Category.PROFESSIONAL and s.organisation_id
    }
    keys = {}
    for s in signups:
        key = ""
        if s.category == Category.PROFESSIONAL:
            if s.organisation_id:
                key = f"org:{s.organisation_id}"
            elif name := _normal(s.organisation_name):
                key = f"org:{picked[name]}" if name in picked else f"naam:{_digest(name)}"
        elif s.category == Category.STUDENT and (name := _normal(s.study_programme)):
            key = f"opleiding:{_digest(name)}"
        keys[s.pk] = key
    return keys


def target_mix(programme: Programme) -> dict[str, int]:
    """The programme's target mix, as the solver's minimum per role (categories we know, above 0)."""
    mix = {}
    for category in Category:
        try:
            count = int((programme.target_mix or {}).get(category.value, 0))
        except (TypeError, ValueError):
            count = 0
        if count > 0:
            mix[category.value] = count
    return mix


def allowed_groups(signup: Signup, group_ids: list[int]) -> set[int] | None:
    """The programme groups whose dates this person can make; None when every group (or none known)."""
    allowed = {g for g in (signup.availability or []) if g in set(group_ids)}
    if not allowed or allowed == set(group_ids):
        return None
    return allowed


def build_scenario(
    programme: Programme, signups: list[Signup], groups: list[ProgrammeGroup], *, priority: bool = True
) -> dict:
    keys = organisation_keys(signups)
    scenario = {
        "participants": [{"id": s.pk, "role": s.category, "organisation": keys[s.pk]} for s in signups],
        # One group per begeleider: the ProgrammeGroup is the solver's "coach". A begeleider has no
        # organisation in the programme (a docent), so no coach key.
        "coaches": [{"id": g.pk} for g in groups],
        "group_size": {"min": programme.group_size_min, "max": programme.group_size_max},
        "min_per_role": target_mix(programme),
        "spread": list(SPREAD),
    }
    if priority:
        # The solver compares its composition with a hand deal on this criterion (when it can).
        scenario["priority"] = PRIORITY
    return scenario


# --- When the composition may change -------------------------------------------------------------------


def first_start(programme: Programme) -> datetime | None:
    """When the first start meeting begins (one query)."""
    return (
        ProgrammeDate.objects.filter(programme_id=programme.pk, kind=DateKind.START)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def changeable_reason(programme: Programme, *, start: datetime | None, now: datetime | None = None) -> str:
    """Why the composition cannot change now ("" when it can): while composing, and while running until
    the first start meeting begins (late changes)."""
    if programme.status == ProgrammeStatus.COMPOSING:
        return ""
    if programme.status == ProgrammeStatus.RUNNING:
        if start is not None and start <= (now or timezone.now()):
            return _(
                "De startbijeenkomst is geweest: de groepen staan vast. Verandert er iemand van groep, doe "
                "dat dan in de groep zelf."
            )
        return ""
    return _(
        "Groepen indelen kan als het aanmelden gesloten is: zet het programma eerst op ‘Groepen indelen’."
    )


def ensure_changeable(programme: Programme, *, now: datetime | None = None) -> None:
    reason = changeable_reason(programme, start=first_start(programme), now=now)
    if reason:
        raise ProgrammeError(reason)


def lock_programme(programme_id: int) -> Programme:
    """The programme, read again with its row locked until the transaction ends: every change to its
    composition takes this lock first, so they happen one at a time."""
    return Programme.objects.select_for_update(of=("self",)).get(pk=programme_id)


def _composable(programme: Programme) -> list[Signup]:
    return list(
        Signup.objects.filter(programme_id=programme.pk, status__in=COMPOSABLE)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


# What the solver works from: any change to these between the snapshot and storing means the result is
# of a programme that no longer is.
VERSION_PROGRAMME_FIELDS = ("status", "group_count", "group_size_min", "group_size_max", "target_mix")
VERSION_SIGNUP_FIELDS = (
    "pk",
    "status",
    "category",
    "organisation_id",
    "organisation_name",
    "study_programme",
    "availability",
    "group_id",
    "locked",
)
VERSION_GROUP_FIELDS = ("pk", "position", "locked")


def composition_version(programme: Programme) -> str:
    """A hash of what the solver works from (``VERSION_*``), in two small queries."""
    state = {
        "programme": [getattr(programme, name) for name in VERSION_PROGRAMME_FIELDS],
        "signups": list(
            Signup.objects.filter(programme_id=programme.pk, status__in=COMPOSABLE)
            .order_by("created_at", "pk")
            .values_list(*VERSION_SIGNUP_FIELDS)
        ),
        "groups": list(
            ProgrammeGroup.objects.filter(programme_id=programme.pk)
            .order_by("position")
            .values_list(*VERSION_GROUP_FIELDS)
        ),
    }
    return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()


# --- Composing: snapshot, solve (no lock held), apply (under the lock) ---------------------------------


@dataclass
class Snapshot:
    programme: Programme
    signups: list[Signup]
    groups: list[ProgrammeGroup]
    scenario: dict
    locked: dict[int, int]  # sign-up id → ProgrammeGroup id
    previous: dict[int, int]
    allowed: dict[int, set[int]]  # availability for more than one but not every group
    version: str


@dataclass
class Solution:
    groups: dict[int, list[int]]  # ProgrammeGroup id → sign-up ids
    report: dict


def composition_snapshot(programme: Programme, *, minimal: bool = False) -> Snapshot:
    """Read what the solver needs, taking no lock. Refuses (Dutch) when the composition cannot change or
    nobody is invited yet.

    Locked: a pinned person or everyone in a pinned group stays; someone who can make only one group's
    dates goes there; after publishing everyone already placed stays where they were told. ``minimal``
    asks the solver to move as few of the others as possible (their current group as ``previous``).
    The version is read first: a change landing while the rest is read shows as a newer version when
    storing (refused), never as an older one.
    """
    programme = Programme.objects.get(pk=programme.pk)
    ensure_changeable(programme)
    version = composition_version(programme)
    signups = _composable(programme)
    if not any(s.status == SignupStatus.INVITED for s in signups):
        if programme.published_at is not None:
            raise ProgrammeError(
                _("Er is niemand nieuw om in te delen: wie is uitgenodigd, zit al in een groep en weet het.")
            )
        raise ProgrammeError(
            _(
                "Er is nog niemand uitgenodigd. Nodig eerst mensen uit bij de aanmeldingen; daarna deel je ze in."
            )
        )
    groups = list(ProgrammeGroup.objects.filter(programme_id=programme.pk).order_by("position"))
    group_ids = [g.pk for g in groups]
    pinned_groups = {g.pk for g in groups if g.locked}
    locked, previous, allowed = {}, {}, {}
    for s in signups:
        in_group = s.group_id in group_ids
        if in_group and (s.locked or s.group_id in pinned_groups or s.status == SignupStatus.PLACED):
            locked[s.pk] = s.group_id
        else:
            can = allowed_groups(s, group_ids)
            if can is not None and len(can) == 1:
                locked[s.pk] = next(iter(can))
            elif can is not None:
                allowed[s.pk] = can
        if minimal and in_group:
            previous[s.pk] = s.group_id
    return Snapshot(
        programme=programme,
        signups=signups,
        groups=groups,
        scenario=build_scenario(programme, signups, groups),
        locked=locked,
        previous=previous,
        allowed=allowed,
        version=version,
    )


def repair_availability(
    scenario: dict, groups: dict[int, list[int]], *, allowed: dict[int, set[int]], locked: dict[int, int]
) -> dict[int, list[int]]:
    """Move people whose availability excludes their group into a group they can make: alone when the
    sizes allow, else in a swap with someone of the same category who can make theirs. A change is kept
    only when it breaks no more hard rules than before (and, among those, the best objective). Pure."""
    plain = {k: v for k, v in scenario.items() if k != "priority"}  # no hand deal per trial
    role = {p["id"]: p["role"] for p in scenario["participants"]}

    def fits(pk, group_id) -> bool:
        return pk not in allowed or group_id in allowed[pk]

    def score(candidate) -> tuple[int, float]:
        result = evaluate_scenario(
            plain, [{"coach": g, "members": m} for g, m in candidate.items()], locked=locked or None
        )
        return len(result.violations), result.objective

    groups = {g: list(m) for g, m in groups.items()}
    for pk in sorted(allowed):
        here = next((g for g, members in groups.items() if pk in members), None)
        if here is None or fits(pk, here):
            continue
        base, best = score(groups), None
        for there in sorted(allowed[pk]):
            if there not in groups:
                continue
            partners = [None] + [
                q for q in groups[there] if role[q] == role[pk] and q not in locked and fits(q, here)
            ]
            for q in partners:
                trial = {g: list(m) for g, m in groups.items()}
                trial[here].remove(pk)
                trial[there].append(pk)
                if q is not None:
                    trial[there].remove(q)
                    trial[here].append(q)
                value = score(trial)
                if value[0] <= base[0] and (best is None or value < best[0]):
                    best = (value, trial)
        if best is not None:
            groups = best[1]
    return {g: sorted(m) for g, m in groups.items()}


def _finding(v, groups: list[ProgrammeGroup]) -> dict:
    """A solver finding as stored and shown; the solver's group index becomes the ProgrammeGroup id."""
    group_id = groups[v.group].pk if v.group is not None and v.group < len(groups) else None
    return {
        "code": v.code,
        "message": v.message,
        "params": dict(v.params),
        "group": group_id,
        "people": list(v.people),
    }


def own_findings(
    programme: Programme,
    groups: list[ProgrammeGroup],
    members: Mapping[int, list[int]],
    signups: Mapping[int, Signup],
    *,
    solver_violations: list[dict],
) -> tuple[list[dict], list[dict]]:
    """What the solver cannot know, checked on a composition: availability for some but not every group
    (a violation), nobody the only one of their category where the mix asks for two or more (a
    warning; not where the group already lacks that category as a broken hard rule), and a group without
    begeleider (a violation). Returns (violations, warnings). No queries."""
    violations, warnings = [], []
    group_ids = [g.pk for g in groups]
    mix = target_mix(programme)
    missing = {
        (f["group"], f["params"].get("role")) for f in solver_violations if f["code"] == "missing_role"
    }
    for group in groups:
        people = [signups[pk] for pk in members.get(group.pk, []) if pk in signups]
        if people and group.begeleider_id is None:
            violations.append(
                {
                    "code": BEGELEIDER_MISSING,
                    "message": f"Group {group.pk} has no begeleider.",
                    "params": {},
                    "group": group.pk,
                    "people": [],
                }
            )
        for person in people:
            can = allowed_groups(person, group_ids)
            if can is not None and group.pk not in can:
                violations.append(
                    {
                        "code": AVAILABILITY_BROKEN,
                        "message": f"{person.pk} cannot make the dates of group {group.pk}.",
                        "params": {"allowed": sorted(can)},
                        "group": group.pk,
                        "people": [person.pk],
                    }
                )
        for category, need in mix.items():
            if need < 2 or (group.pk, category) in missing:
                continue
            alone = [p for p in people if p.category == category]
            if len(alone) == 1:
                others = [
                    g.pk
                    for g in groups
                    if g.pk != group.pk
                    and sum(1 for pk in members.get(g.pk, []) if signups[pk].category == category) > need
                ]
                warnings.append(
                    {
                        "code": CATEGORY_ALONE,
                        "message": f"{alone[0].pk} is the only {category} in group {group.pk}.",
                        "params": {"role": category, "min": need, "spare": others},
                        "group": group.pk,
                        "people": [alone[0].pk],
                    }
                )
    return violations, warnings


def _comparison(result) -> dict | None:
    comparison = getattr(result, "comparison", None)
    return comparison.to_dict() if comparison is not None else None


def composition_solve(
    snapshot: Snapshot,
    *,
    time_limit: float = COMPOSE_TIME_LIMIT,
    seed: int = COMPOSE_SEED,
    solver=solve_scenario,
) -> Solution:
    """Run the solver on a snapshot, repair availability, check what the solver cannot. Touches no
    database. ``solver`` is the grouping package's ``solve_scenario`` (a parameter so a test can watch
    what the database does while it runs)."""
    result = solver(
        snapshot.scenario,
        time_limit=time_limit,
        seed=seed,
        locked=snapshot.locked or None,
        previous=snapshot.previous or None,
    )
    placed = {g["coach"]: list(g["members"]) for g in result.groups}
    found_violations, found_warnings = list(result.violations), list(result.warnings)
    objective, comparison = result.objective, _comparison(result)
    if placed and snapshot.allowed:
        repaired = repair_availability(
            snapshot.scenario, placed, allowed=snapshot.allowed, locked=snapshot.locked
        )
        if repaired != {g: sorted(m) for g, m in placed.items()}:
            # The solver's findings are of its own composition: assess the repaired one again.
            placed = repaired
            evaluation = evaluate_scenario(
                snapshot.scenario,
                [{"coach": g.pk, "members": placed.get(g.pk, [])} for g in snapshot.groups],
                locked=snapshot.locked or None,
                previous=snapshot.previous or None,
            )
            found_violations = _unique(
                [*(v for v in found_violations if v.group is None), *evaluation.violations]
            )
            found_warnings = _unique([*(v for v in found_warnings if v.group is None), *evaluation.warnings])
            objective, comparison = evaluation.objective, _comparison(evaluation) or comparison
    violations = [_finding(v, snapshot.groups) for v in found_violations]
    warnings = [_finding(v, snapshot.groups) for v in found_warnings]
    if placed:
        people = {s.pk: s for s in snapshot.signups}
        extra_violations, extra_warnings = own_findings(
            snapshot.programme, snapshot.groups, placed, people, solver_violations=violations
        )
        violations += extra_violations
        warnings += extra_warnings
    report = {
        "feasible": not violations,
        "objective": objective,
        "seconds": round(result.seconds, 3),
        "changed": (
            sum(1 for pk, g in snapshot.previous.items() if pk not in placed.get(g, []))
            if snapshot.previous
            else None
        ),
        "participants": len(snapshot.signups),
        "groups": len(snapshot.groups),
        "violations": violations,
        "warnings": warnings,
        "comparison": comparison,
    }
    return Solution(groups=placed, report=report)


def _unique(findings: list) -> list:
    seen, unique = set(), []
    for f in findings:
        key = (f.code, f.group, tuple(map(str, f.people)), json.dumps(f.params, sort_keys=True, default=str))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def composition_apply(*, snapshot: Snapshot, solution: Solution, by) -> dict:
    """Store a solution, provided the programme is still as the snapshot saw it. Returns the report.

    Side effects, in order: in one transaction, lock the programme; check the composition may change
    and the version is the snapshot's, else refuse (Dutch: the sign-ups changed, compose again) and write
    nothing; ``signup_placements_set`` (COMPOSE: every placement, sign-ups no longer invited lose a
    stale group); save the report on the programme; audit log ``programme.composed`` with the counts.
    """
    with transaction.atomic():
        programme = lock_programme(snapshot.programme.pk)
        ensure_changeable(programme)
        if composition_version(programme) != snapshot.version:
            raise ProgrammeError(
                _(
                    "De aanmeldingen zijn veranderd terwijl de indeling werd gemaakt. Maak de indeling opnieuw."
                )
            )
        groups = {g.pk: g for g in snapshot.groups}
        where = {pk: groups[g] for g, members in solution.groups.items() for pk in members}
        signup_placements_set(
            programme=programme,
            placements={s: where.get(s.pk) for s in snapshot.signups},
            step=PlacementStep.COMPOSE,
            by=by,
        )
        programme.composition = solution.report
        programme.save(update_fields=["composition", "updated_at"])
        log_action(
            actor=by,
            action="programme.composed",
            obj=programme,
            data={
                "participants": len(snapshot.signups),
                "placed": len(where),
                "violations": len(solution.report["violations"]),
                "changed": solution.report["changed"],
            },
        )
    snapshot.programme.composition = solution.report
    return solution.report


def composition_compose(
    *,
    programme: Programme,
    by,
    minimal: bool = False,
    time_limit: float = COMPOSE_TIME_LIMIT,
    seed: int = COMPOSE_SEED,
    solver=solve_scenario,
) -> dict:
    """Compose the groups (``minimal``: re-compose changing as few places as possible). Pinned people and
    groups stay; the solver runs outside any transaction (on SQLite a transaction holds the database's one
    write lock, and every other request would wait for the solver).

    Side effects, in order: read (``composition_snapshot``); solve (``composition_solve``); store under
    the lock (``composition_apply``). Returns the report.
    """
    snapshot = composition_snapshot(programme, minimal=minimal)
    solution = composition_solve(snapshot, time_limit=time_limit, seed=seed, solver=solver)
    return composition_apply(snapshot=snapshot, solution=solution, by=by)


# --- Placements: the one place where a sign-up's group or pin changes ----------------------------------


class PlacementStep(StrEnum):
    COMPOSE = "compose"  # the solver's result, for everyone at once
    MOVE = "move"  # the kartrekker moves one person
    PIN = "pin"
    UNPIN = "unpin"


def _pk(group: ProgrammeGroup | None) -> int | None:
    return group.pk if group is not None else None


@transaction.atomic
def signup_placements_set(
    *, programme: Programme, placements: Mapping[Signup, ProgrammeGroup | None], step: PlacementStep, by
) -> list[Signup]:
    """Put sign-ups in a programme group (None: no group), or pin or release them where they are.

    Side effects, in order:

    1. lock the programme; read the sign-ups again under the lock;
    2. validate, with a Dutch message: the composition may change now (``ensure_changeable``); every
       sign-up and group belongs to the programme; only invited or placed people; someone already told
       their group (placed) stays in it; PIN needs a group;
    3. save: COMPOSE one query per group that gains people (and the people it loses get no group and
       no pin), and a stale group of a sign-up no longer invited or placed is cleared; MOVE ``group``
       (out of every group also releases the pin); PIN and UNPIN ``locked``;
    4. audit log: MOVE ``programme.signup_moved`` (from, to); PIN and UNPIN ``programme.signup_pinned``.
       COMPOSE logs nothing per person: ``composition_apply`` logs ``programme.composed``.
    """
    step = PlacementStep(step)
    programme = lock_programme(programme.pk)
    ensure_changeable(programme)
    wanted = {signup.pk: group for signup, group in placements.items()}
    fresh = {s.pk: s for s in Signup.objects.select_for_update().filter(pk__in=list(wanted))}
    people = []
    for pk, group in wanted.items():
        person = fresh.get(pk)
        if person is None or person.programme_id != programme.pk:
            raise ProgrammeError(_("Deze aanmelding hoort niet bij dit programma."))
        if person.status not in COMPOSABLE:
            raise ProgrammeError(_("Alleen uitgenodigde mensen deel je in een groep in."))
        if group is not None and group.programme_id != programme.pk:
            raise ProgrammeError(_("Die groep hoort niet bij dit programma."))
        moving = step in (PlacementStep.COMPOSE, PlacementStep.MOVE) and person.group_id != _pk(group)
        if moving and person.status == SignupStatus.PLACED:
            raise ProgrammeError(
                _("%(name)s weet al in welke groep hij of zij zit. Wie al is ingedeeld, blijft in die groep.")
                % {"name": person.name}
            )
        if step == PlacementStep.PIN and person.group_id is None:
            raise ProgrammeError(_("Zet iemand eerst in een groep voordat je hem of haar vastzet."))
        people.append((person, group))

    if step == PlacementStep.COMPOSE:
        moves: dict[int | None, list[int]] = {}
        for person, group in people:
            if person.group_id != _pk(group):
                moves.setdefault(_pk(group), []).append(person.pk)
        for group_id, pks in moves.items():
            update = {"group_id": group_id}
            if group_id is None:
                update["locked"] = False
            Signup.objects.filter(pk__in=pks).update(**update)
        Signup.objects.filter(programme_id=programme.pk, group__isnull=False).exclude(
            status__in=COMPOSABLE
        ).update(group=None, locked=False)
    elif step == PlacementStep.MOVE:
        for person, group in people:
            was = person.group_id
            person.group = group
            fields = ["group"]
            if group is None and person.locked:
                person.locked = False
                fields.append("locked")
            person.save(update_fields=fields)
            log_action(
                actor=by,
                action="programme.signup_moved",
                obj=programme,
                data={"signup": person.pk, "from": was, "to": _pk(group)},
            )
    else:
        locked = step == PlacementStep.PIN
        for person, _group in people:
            if person.locked != locked:
                person.locked = locked
                person.save(update_fields=["locked"])
                log_action(
                    actor=by,
                    action="programme.signup_pinned",
                    obj=programme,
                    data={"signup": person.pk, "locked": locked},
                )
    return [person for person, _group in people]


def signup_pin_set(*, signup: Signup, locked: bool, by) -> Signup:
    """Pin a person to their group (or release them), so composing again leaves them there.

    Side effects: ``signup_placements_set`` (PIN or UNPIN)."""
    step = PlacementStep.PIN if locked else PlacementStep.UNPIN
    (saved,) = signup_placements_set(programme=signup.programme, placements={signup: None}, step=step, by=by)
    return saved


@transaction.atomic
def group_pin_set(*, group: ProgrammeGroup, locked: bool, by) -> ProgrammeGroup:
    """Pin a whole group: composing again keeps its members as they are.

    Side effects, in order: lock the programme; check the composition may change; save ``locked``;
    audit log ``programme.group_pinned``."""
    programme = lock_programme(group.programme_id)
    ensure_changeable(programme)
    group = ProgrammeGroup.objects.get(pk=group.pk)
    if group.locked != locked:
        group.locked = locked
        group.save(update_fields=["locked"])
        log_action(
            actor=by,
            action="programme.group_pinned",
            obj=programme,
            data={"group": group.pk, "locked": locked},
        )
    return group


# --- The board -----------------------------------------------------------------------------------------


@dataclass
class Board:
    """What the composition page shows: groups with members, those not placed, the findings."""

    programme: Programme
    groups: list[ProgrammeGroup]
    members: dict[int, list[Signup]]  # ProgrammeGroup id → its people
    unplaced: list[Signup]
    people: dict[int, Signup]
    keys: dict[int, str]  # sign-up id → organisation key
    reason: str  # why the composition cannot change now ("" when it can)
    violations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    group_findings: dict[int, dict] = field(default_factory=dict)
    comparison: dict | None = None
    unpublished: int = 0  # invited people in a group, to be told at publication

    @property
    def editable(self) -> bool:
        return not self.reason

    @property
    def late(self) -> bool:
        """Published already: only late changes (placing newly invited people)."""
        return self.programme.published_at is not None

    @property
    def feasible(self) -> bool:
        return not self.violations and not self.unplaced

    @property
    def placed_any(self) -> bool:
        return any(self.members.values())


def board(programme: Programme, *, now: datetime | None = None) -> Board:
    """The current composition with its findings, evaluated by the solver's own rules and ours. Three
    queries (the start meeting, the groups with their begeleiders, the sign-ups with their
    organisations)."""
    start = first_start(programme)
    groups = list(ProgrammeGroup.objects.filter(programme_id=programme.pk).select_related("begeleider"))
    signups = _composable(programme)
    members: dict[int, list[Signup]] = {g.pk: [] for g in groups}
    unplaced = []
    for s in signups:
        if s.group_id in members:
            members[s.group_id].append(s)
        else:
            unplaced.append(s)
    result = Board(
        programme=programme,
        groups=groups,
        members=members,
        unplaced=unplaced,
        people={s.pk: s for s in signups},
        keys=organisation_keys(signups),
        reason=changeable_reason(programme, start=start, now=now),
    )
    result.unpublished = sum(1 for s in signups if s.group_id in members and s.status == SignupStatus.INVITED)
    placed = [s for s in signups if s.group_id in members]
    if not placed:
        return result
    # Everyone invited, placed or not: a category's numbers (is the mix possible?) are those of the
    # invited, and someone unplaced is a finding of its own.
    scenario = build_scenario(programme, signups, groups)
    locked = {s.pk: s.group_id for s in placed if s.locked}
    locked |= {s.pk: s.group_id for s in placed if s.group_id in {g.pk for g in groups if g.locked}}
    evaluation = evaluate_scenario(
        scenario,
        [{"coach": g.pk, "members": [s.pk for s in members[g.pk]]} for g in groups],
        locked=locked or None,
    )
    result.violations = [_finding(v, groups) for v in evaluation.violations]
    result.warnings = [_finding(v, groups) for v in evaluation.warnings]
    extra_violations, extra_warnings = own_findings(
        programme,
        groups,
        {g.pk: [s.pk for s in members[g.pk]] for g in groups},
        result.people,
        solver_violations=result.violations,
    )
    result.violations += extra_violations
    result.warnings += extra_warnings
    result.comparison = _comparison(evaluation)
    mix = target_mix(programme)
    for group, quality in zip(groups, evaluation.groups, strict=True):
        result.group_findings[group.pk] = {
            "size": quality.size,
            "mix": [
                {
                    "category": category,
                    "label": _word(category, 2),
                    "count": quality.roles.get(category, 0),
                    "target": mix.get(category, 0),
                    "ok": quality.roles.get(category, 0) >= mix.get(category, 0),
                }
                for category in Category.values
                if mix.get(category) or quality.roles.get(category)
            ],
            "organisations": len(quality.organisations),
            "violations": [f for f in result.violations if f["group"] == group.pk],
            "warnings": [f for f in result.warnings if f["group"] == group.pk],
        }
    return result


def _key(finding: dict) -> tuple:
    return (
        finding["code"],
        finding["group"],
        tuple(sorted(map(str, finding["people"]))),
        json.dumps(finding["params"], sort_keys=True, default=str),
    )


@transaction.atomic
def composition_move(*, signup: Signup, group: ProgrammeGroup | None, by) -> dict:
    """Move one person to another group (or out of every group). Returns what the move broke and what it
    mended (hard rules and the softer ones: organisations apart, nobody alone in their category),
    compared with the findings just before, and the board after.

    Side effects, in order: lock the programme; the board before; ``signup_placements_set`` (MOVE:
    check, save, audit log ``programme.signup_moved``); the board after.
    """
    programme = lock_programme(signup.programme_id)
    ensure_changeable(programme)
    before = board(programme)
    signup_placements_set(programme=programme, placements={signup: group}, step=PlacementStep.MOVE, by=by)
    after = board(programme)
    old = {_key(f) for f in before.violations + before.warnings}
    new = {_key(f) for f in after.violations + after.warnings}
    return {
        "broken": [f for f in after.violations if _key(f) not in old],
        "worse": [f for f in after.warnings if _key(f) not in old],
        "mended": [f for f in before.violations + before.warnings if _key(f) not in new],
        "board": after,
    }


# --- Dutch sentences for the findings ------------------------------------------------------------------


def finding_text(finding: dict, current: Board) -> str:
    """A Dutch sentence for one finding, with the numbers, the names (for the kartrekker) and the fix.

    The solver gives a stable code and its numbers; its own English message is the fallback for a code
    this table does not know yet."""
    p = finding.get("params") or {}
    names_of_groups = {g.pk: g.name for g in current.groups}

    def name(pk) -> str:
        person = current.people.get(pk)
        return person.name if person is not None else _("iemand")

    def names() -> str:
        return " en ".join(name(pk) for pk in finding.get("people") or [])

    def group_name(group_id=None) -> str:
        group_id = finding.get("group") if group_id is None else group_id
        return names_of_groups.get(group_id, _("een groep"))

    def group_list(ids) -> str:
        labels = [names_of_groups[g] for g in ids if g in names_of_groups]
        if len(labels) <= 1:
            return "".join(labels)
        return _("%(first)s of %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}

    def organisation() -> str:
        key = p.get("organisation")
        for pk, other in current.keys.items():
            if other == key:
                person = current.people[pk]
                if person.category == Category.STUDENT:
                    return person.study_programme
                return person.organisation_label
        return _("dezelfde organisatie")

    code = finding.get("code")
    if code == "min_per_role_relaxed":
        return relaxed_text(p)
    if code == "too_few_coaches":
        extra = int(p.get("participants", 0)) - int(p.get("coaches", 0)) * int(p.get("max", 0))
        return _(
            "Er zijn %(people)s voor %(groups)s van hoogstens %(max)s. Zet er %(extra)s op de reservelijst, "
            "voeg een groep toe of maak de groepen groter (%(max_needed)s per groep)."
        ) % {
            "people": ngettext("%(n)d persoon", "%(n)d mensen", p.get("participants", 0))
            % {"n": p.get("participants", 0)},
            "groups": _groups_text(p.get("coaches", 0)),
            "max": p.get("max", "?"),
            "extra": extra,
            "max_needed": p.get("max_needed", "?"),
        }
    if code == "too_many_coaches":
        short = int(p.get("coaches", 0)) * int(p.get("min", 0)) - int(p.get("participants", 0))
        text = _(
            "Er zijn %(people)s voor %(groups)s van minstens %(min)s. Nodig er nog %(short)s uit, of verlaag "
            "het minimum per groep naar %(min_needed)s"
        ) % {
            "people": ngettext("%(n)d persoon", "%(n)d mensen", p.get("participants", 0))
            % {"n": p.get("participants", 0)},
            "groups": _groups_text(p.get("coaches", 0)),
            "min": p.get("min", "?"),
            "short": short,
            "min_needed": p.get("min_needed", "?"),
        }
        if p.get("usable"):
            text += _(", of maak minder groepen (%(usable)s)") % {"usable": p["usable"]}
        return text + "."
    texts = {
        "no_coaches": lambda: _("Dit programma heeft nog geen groepen. Stel eerst het aantal groepen in."),
        "invalid_group_size": lambda: (
            _("Het minimum per groep (%(min)s) is groter dan het maximum (%(max)s).")
            % {"min": p.get("min", "?"), "max": p.get("max", "?")}
        ),
        "group_too_large": lambda: (
            _(
                "%(group)s heeft %(size)s mensen; het maximum is %(max)s. Verplaats er iemand naar een andere groep."
            )
            % {"group": group_name(), "size": p.get("size", "?"), "max": p.get("max", "?")}
        ),
        "group_too_small": lambda: (
            _("%(group)s heeft %(size)s mensen; het minimum is %(min)s. Verplaats er iemand heen.")
            % {"group": group_name(), "size": p.get("size", "?"), "min": p.get("min", "?")}
        ),
        "missing_role": lambda: (
            _(
                "%(group)s heeft %(count)s; de mix vraagt er %(min)s, en er zijn er genoeg voor elke groep. "
                "Zet er een %(word)s bij (uit een groep met meer of van wie nog geen groep heeft), of klik op "
                "‘Indelen’."
            )
            % {
                "group": group_name(),
                "count": people_text(p.get("role"), int(p.get("count", 0))),
                "min": p.get("min", 1),
                "word": _word(p.get("role")),
            }
        ),
        "role_uneven": lambda: (
            _("%(group)s heeft %(count)s, terwijl ze eerlijker over de groepen te verdelen zijn.")
            % {"group": group_name(), "count": people_text(p.get("role"), int(p.get("count", 0)))}
        ),
        "organisation_duplicate": lambda: (
            _(
                "In %(group)s zitten %(count)s mensen van %(organisation)s (%(names)s); eerlijk verdeeld zou "
                "%(share)s zijn. Verplaats een van hen naar een andere groep."
            )
            % {
                "group": group_name(),
                "count": p.get("count", "?"),
                "organisation": organisation(),
                "names": names(),
                "share": p.get("share", "?"),
            }
        ),
        "lock_conflict": lambda: (
            _("Vastgezette plaatsen botsen met de regels (%(names)s). Maak iemand los.")
            % {"names": names() or group_name()}
        ),
        "lock_broken": lambda: (
            _("%(names)s is vastgezet in een andere groep. Zet hem of haar terug of maak hem of haar los.")
            % {"names": names()}
        ),
        "participant_unassigned": lambda: _("%(names)s zit in geen groep.") % {"names": names()},
        AVAILABILITY_BROKEN: lambda: (
            _(
                "%(name)s kan alleen op de data van %(allowed)s, maar zit in %(group)s. Verplaats %(name)s naar "
                "%(allowed)s."
            )
            % {"name": names(), "allowed": group_list(p.get("allowed", [])), "group": group_name()}
        ),
        CATEGORY_ALONE: lambda: (
            _("%(name)s is de enige %(word)s in %(group)s; de mix vraagt er %(min)s.")
            % {"name": names(), "word": _word(p.get("role")), "group": group_name(), "min": p.get("min", 2)}
            + " "
            + (
                _("Verplaats een %(word)s uit %(spare)s hierheen, of nodig er nog een uit.")
                % {"word": _word(p.get("role")), "spare": group_list(p["spare"])}
                if p.get("spare")
                else _("Nodig nog een %(word)s uit, of zet %(name)s in een groep met een andere %(word)s.")
                % {"word": _word(p.get("role")), "name": names()}
            )
        ),
        BEGELEIDER_MISSING: lambda: (
            _("%(group)s heeft nog geen begeleider. Kies er een bij de instellingen van het programma.")
            % {"group": group_name()}
        ),
    }
    make = texts.get(code)
    if make is None:
        return finding.get("message", "")
    return make()


def relaxed_text(p: dict) -> str:
    """The target mix cannot hold for a category: how many there are, how many are missing, and the
    other way out (start some groups with fewer, spread as evenly as the numbers allow). "Er zijn 3
    studenten voor 2 groepen: niet elke groep kan er 2 krijgen. Nodig er nog 1 uit of laat één groep
    met 1 student starten." """
    role = p.get("role")
    available, groups, need = (
        int(p.get("available", 0)),
        max(int(p.get("groups", 1)), 1),
        int(p.get("min", 1)),
    )
    missing = groups * need - available
    if available == 0:
        head = _("Er zijn nog geen %(words)s voor %(groups)s: geen groep kan er %(min)s krijgen.") % {
            "words": _word(role, 2),
            "groups": _groups_text(groups),
            "min": need,
        }
        other = _("laat de groepen zonder %(word)s starten") % {"word": _word(role)}
    else:
        head = ngettext(
            "Er is %(people)s voor %(groups)s: niet elke groep kan er %(min)s krijgen.",
            "Er zijn %(people)s voor %(groups)s: niet elke groep kan er %(min)s krijgen.",
            available,
        ) % {"people": people_text(role, available), "groups": _groups_text(groups), "min": need}
        # The solver spreads them evenly: ``spare`` groups get one more than ``low``.
        low, spare = divmod(available, groups)
        if spare == 0:
            other = _("laat elke groep met %(people)s starten") % {"people": people_text(role, low)}
        elif low + 1 >= need:
            other = _("laat %(groups)s %(with_low)s starten") % {
                "groups": _some_groups(groups - spare),
                "with_low": _with(role, low),
            }
        else:
            other = _("laat %(more)s %(with_high)s en %(fewer)s %(with_low)s starten") % {
                "more": _some_groups(spare),
                "with_high": _with(role, low + 1),
                "fewer": _some_groups(groups - spare),
                "with_low": _with(role, low),
            }
    return _("%(head)s Nodig er nog %(missing)s uit of %(other)s.") % {
        "head": head,
        "missing": missing,
        "other": other,
    }


def _some_groups(count: int) -> str:
    return ngettext("één groep", "%(n)d groepen", count) % {"n": count}


def _with(category: str, count: int) -> str:
    """ "met 2 studenten", "zonder student"."""
    if count == 0:
        return _("zonder %(word)s") % {"word": _word(category)}
    return _("met %(people)s") % {"people": people_text(category, count)}
