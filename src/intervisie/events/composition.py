"""Composing an event's breakouts: read the registrations, call the grouping solver, store the result;
the board with the solver's findings; the organiser's edits (move, pin, send).

The solver (``src/grouping``) knows nothing of Django: it gets a scenario of plain ids and attributes
(registration ids, organisation and gezinshuis keys, provinces) and returns groups. This module turns
the database into that scenario, solves it while holding no lock, has the domain store the answer in
one transaction (refused when the registrations changed meanwhile), and turns the solver's findings
(codes and numbers) into Dutch sentences for the organiser. The stored report holds ids and numbers
only, never names. Every write goes through ``events.domain`` (``set_breakouts`` and friends).
"""

import hashlib
import json
from dataclasses import dataclass, field
from itertools import count

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grouping import Comparison, evaluate_scenario, solve_scenario
from intervisie.events.domain import (
    BreakoutStep,
    EventError,
    composition_send,
    composition_store,
    ensure_composition_changeable,
    lock_event,
    set_breakout_pin,
    set_breakouts,
)
from intervisie.events.enums import (
    CompositionPriority,
    PairRule,
    ParticipantRole,
    RegistrationKind,
    RegistrationStatus,
)
from intervisie.events.models import Breakout, Event, Registration

# A composition request must answer within seconds; the solver stops earlier when it has converged.
COMPOSE_TIME_LIMIT = 3.0
COMPOSE_SEED = 0
MIN_PER_ROLE = {ParticipantRole.GEZINSHUISOUDER.value: 1, ParticipantRole.JEUGDZORGWERKER.value: 1}
SPREAD = ["organisation", "region"]


@dataclass
class Board:
    """What the composition page shows: the breakouts with members, those not placed, the findings."""

    event: Event
    breakouts: list[Breakout]
    members: dict[int, list[Registration]]  # breakout id → its participants
    unplaced: list[Registration]
    coaches_without_group: list[Registration]
    violations: list = field(default_factory=list)  # dicts: code, message, params, group, people
    warnings: list = field(default_factory=list)
    group_findings: dict[int, dict] = field(default_factory=dict)  # breakout id → quality and findings
    people: dict[int, Registration] = field(default_factory=dict)
    unpublished: int = 0  # people whose group differs from the one last sent to them
    # The most important criterion: pairs in the composition against a hand deal (grouping.Comparison).
    comparison: Comparison | None = None

    @property
    def feasible(self) -> bool:
        return not self.violations and not self.unplaced


# --- Loading -------------------------------------------------------------------------------------------


def _confirmed(event: Event):
    return list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("user", "organisation", "breakout")
        .order_by("queued_at", "pk")
    )


def met_before_pairs(event: Event, participant_ids: list[int]) -> list[list[int]]:
    """Pairs of this event's participants (registration ids) who shared a breakout at an earlier
    event whose composition was published. Two queries."""
    by_user = dict(Registration.objects.filter(pk__in=participant_ids).values_list("user_id", "pk"))
    earlier = (
        Registration.objects.filter(
            user_id__in=list(by_user),
            breakout__isnull=False,
            event__published_at__isnull=False,
            event__plenary_starts_at__lt=event.plenary_starts_at,
        )
        .exclude(event=event)
        .values_list("breakout_id", "user_id")
    )
    rooms: dict[int, list[int]] = {}
    for breakout_id, user_id in earlier:
        rooms.setdefault(breakout_id, []).append(by_user[user_id])
    pairs = set()
    for members in rooms.values():
        members = sorted(set(members))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return [list(p) for p in sorted(pairs)]


def household_pairs(participants: list[Registration]) -> list[list[int]]:
    """A gezinshuisouder and a youth-care worker who named the same gezinshuis."""
    homes: dict[str, dict[str, list[int]]] = {}
    for r in participants:
        if r.household and r.role in MIN_PER_ROLE:
            homes.setdefault(r.household, {}).setdefault(r.role, []).append(r.pk)
    pairs = []
    for roles in homes.values():
        for parent in roles.get(ParticipantRole.GEZINSHUISOUDER, []):
            for worker in roles.get(ParticipantRole.JEUGDZORGWERKER, []):
                pairs.append([parent, worker])
    return sorted(pairs)


def build_scenario(event: Event, participants: list[Registration], coaches: list[Registration]) -> dict:
    pairs = household_pairs(participants)
    return {
        "participants": [
            {
                "id": r.pk,
                "role": r.role or ParticipantRole.OTHER.value,
                "organisation": r.organisation_key,
                "region": r.region,
                "household": r.household,
            }
            for r in participants
        ],
        "coaches": [{"id": c.pk, "organisation": c.organisation_key} for c in coaches],
        "group_size": {"min": event.group_min, "max": event.group_max},
        "min_per_role": dict(MIN_PER_ROLE),
        "pairs_apart": pairs if event.pair_rule == PairRule.APART else [],
        "pairs_together": pairs if event.pair_rule == PairRule.TOGETHER else [],
        "met_before": met_before_pairs(event, [r.pk for r in participants]),
        "spread": list(SPREAD),
        # The organiser's most important criterion: never worse on it than a hand deal.
        "priority": event.composition_priority,
    }


def _split(registrations):
    participants = [r for r in registrations if r.kind == RegistrationKind.PARTICIPANT]
    coaches = [r for r in registrations if r.kind == RegistrationKind.COACH]
    return participants, coaches


def _finding(v, numbers: list[int] | None = None) -> dict:
    """A solver finding as stored and shown; ``numbers`` maps the solver's group index to the
    breakout's number on the board."""
    return {
        "code": v.code,
        "message": v.message,
        "params": dict(v.params),
        "group": v.group,
        "number": numbers[v.group] if numbers and v.group is not None and v.group < len(numbers) else None,
        "people": list(v.people),
    }


# --- Composing: snapshot, solve (no lock held), apply (under the lock) -------------------------------


@dataclass
class Snapshot:
    """What the solver works from, read without a lock, and a version of it. ``groups`` says which
    breakout each coach will lead: the one they lead, one that lost its coach (it keeps its members,
    pins and video room), or the number of a new one; ``drop`` are breakouts left without a coach,
    whose members become unplaced."""

    event: Event
    participants: list[Registration]
    coaches: list[Registration]
    groups: dict[int, Breakout | int]  # coach id → breakout, or the number of a new one
    drop: list[Breakout]
    scenario: dict
    previous: dict[int, int]  # participant id → coach id of the group they are in now
    locked: dict[int, int]  # pinned participant id → coach id
    version: str  # composition_version, read before everything else


@dataclass
class Solution:
    """The solver's answer: coach id → participant ids, and the report to store."""

    groups: dict[int, list[int]]
    report: dict


def plan_breakouts(
    breakouts: list[Breakout], coaches: list[Registration]
) -> tuple[dict[int, Breakout | int], list[Breakout]]:
    """One breakout per coach. A breakout keeps its coach; one that lost its coach goes to the next
    coach without one (in registration order); other new coaches get a new number (the lowest
    free); a breakout left without coach is dropped. Returns (coach id → breakout or number, dropped)."""
    coach_ids = [c.pk for c in coaches]
    groups: dict[int, Breakout | int] = {b.coach_id: b for b in breakouts if b.coach_id in set(coach_ids)}
    waiting = [pk for pk in coach_ids if pk not in groups]
    drop = []
    for breakout in sorted(breakouts, key=lambda b: b.number):
        if breakout.coach_id in groups:
            continue
        if waiting:
            groups[waiting.pop(0)] = breakout
        else:
            drop.append(breakout)
    numbers = {b.number for b in groups.values()}
    for pk in waiting:
        groups[pk] = next(n for n in count(1) if n not in numbers)
        numbers.add(groups[pk])
    return groups, drop


def _number(target: Breakout | int) -> int:
    return target.number if isinstance(target, Breakout) else target


# What the solver's input is made of: the event's group rules, and the fields of its confirmed
# registrations and its breakouts that build_scenario and plan_breakouts read. Earlier events' groups
# (met_before) are left out: they change only when another event is composed and sent, and a list
# that is a moment old only weighs a preference.
VERSION_EVENT_FIELDS = ("status", "group_min", "group_max", "pair_rule", "composition_priority")
VERSION_REGISTRATION_FIELDS = (
    "pk",
    "kind",
    "role",
    "organisation_id",
    "organisation_other",
    "gezinshuis",
    "region",
    "breakout_id",
    "locked",
)
VERSION_BREAKOUT_FIELDS = ("pk", "number", "coach_id", "locked")


def composition_version(event: Event) -> str:
    """A hash of what the solver works from (``VERSION_*``), in two small queries: any change to it
    between the snapshot and storing the result means the result is of an event that no longer
    is. A change elsewhere (the description, the waitlist, someone's wishes) keeps the version."""
    state = {
        "event": [getattr(event, name) for name in VERSION_EVENT_FIELDS],
        "registrations": list(
            Registration.objects.filter(event_id=event.pk, status=RegistrationStatus.CONFIRMED)
            .order_by("queued_at", "pk")
            .values_list(*VERSION_REGISTRATION_FIELDS)
        ),
        "breakouts": list(
            Breakout.objects.filter(event_id=event.pk)
            .order_by("number")
            .values_list(*VERSION_BREAKOUT_FIELDS)
        ),
    }
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()


def composition_snapshot(event: Event) -> Snapshot:
    """Read the event, its confirmed participants and coaches, its breakouts and earlier groups: all
    the solver needs. Refuses (Dutch) a cancelled or past event, or one without participants or
    coaches. Seven queries, none of which takes a lock.

    The version is read first: a change that lands while the rest is read then shows as a newer
    version when the result is stored (refused), never as an older one (stored on stale data).
    """
    event = Event.objects.get(pk=event.pk)
    ensure_composition_changeable(event)
    version = composition_version(event)
    participants, coaches = _split(_confirmed(event))
    if not participants:
        raise EventError(_("Er zijn nog geen deelnemers om in te delen."))
    if not coaches:
        raise EventError(_("Er zijn nog geen coaches. Nodig eerst coaches uit: elke groep krijgt één coach."))
    breakouts = list(event.breakouts.order_by("number"))
    groups, drop = plan_breakouts(breakouts, coaches)
    coach_of = {target.pk: coach_id for coach_id, target in groups.items() if isinstance(target, Breakout)}
    pinned_groups = {b.pk for b in breakouts if b.locked}
    previous, locked = {}, {}
    for p in participants:
        if p.breakout_id in coach_of:
            previous[p.pk] = coach_of[p.breakout_id]
            if p.locked or p.breakout_id in pinned_groups:
                locked[p.pk] = coach_of[p.breakout_id]
    scenario = build_scenario(event, participants, coaches)
    return Snapshot(
        event=event,
        participants=participants,
        coaches=coaches,
        groups=groups,
        drop=drop,
        scenario=scenario,
        previous=previous,
        locked=locked,
        version=version,
    )


def composition_solve(
    snapshot: Snapshot, *, time_limit: float = COMPOSE_TIME_LIMIT, solver=solve_scenario
) -> Solution:
    """Run the solver on a snapshot. Touches no database: it may take seconds, and nobody waits for
    it. ``solver`` is the grouping package's ``solve_scenario`` (a parameter so a test can watch
    what the database does while it runs)."""
    result = solver(
        snapshot.scenario,
        time_limit=time_limit,
        seed=COMPOSE_SEED,
        locked=snapshot.locked or None,
        previous=snapshot.previous or None,
    )
    numbers = [_number(snapshot.groups[c.pk]) for c in snapshot.coaches]
    report = {
        "feasible": result.feasible,
        "objective": result.objective,
        "seconds": round(result.seconds, 3),
        "changed": result.changed if snapshot.previous else None,
        "participants": len(snapshot.participants),
        "coaches": len(snapshot.coaches),
        "violations": [_finding(v, numbers) for v in result.violations],
        "warnings": [_finding(v, numbers) for v in result.warnings],
        # Pairs sharing the most important attribute, against a hand deal (numbers only).
        "comparison": result.comparison.to_dict() if result.comparison else None,
    }
    return Solution(groups={g["coach"]: list(g["members"]) for g in result.groups}, report=report)


def composition_apply(*, snapshot: Snapshot, solution: Solution, by) -> dict:
    """Store a solution, provided the event is still as the snapshot saw it. Returns the report.

    Side effects, in order: in one transaction, lock the event; check it is still to come and its
    version is the snapshot's, else refuse (Dutch: the registrations changed, compose again) and
    write nothing; ``domain.composition_store`` (breakouts, every placement, the report, audit log
    ``event.composed``).
    """
    with transaction.atomic():
        event = lock_event(snapshot.event.pk)
        ensure_composition_changeable(event)
        if composition_version(event) != snapshot.version:
            raise EventError(
                _(
                    "De aanmeldingen zijn veranderd terwijl de indeling werd gemaakt. Maak de indeling opnieuw."
                )
            )
        # The same version: the snapshot's people and breakouts are as the database has them now.
        people = {p.pk: p for p in snapshot.participants}
        placed = {pk for members in solution.groups.values() for pk in members}
        composition_store(
            event=event,
            groups=[
                (coach, snapshot.groups[coach.pk], [people[pk] for pk in solution.groups.get(coach.pk, [])])
                for coach in snapshot.coaches
            ],
            unplaced=[p for p in snapshot.participants if p.pk not in placed],
            drop=snapshot.drop,
            report=solution.report,
            by=by,
        )
    return solution.report


def composition_compose(
    *, event: Event, by, time_limit: float = COMPOSE_TIME_LIMIT, solver=solve_scenario
) -> dict:
    """Compose (or re-compose) the breakouts. Locked people and locked groups stay where they are;
    everyone else already placed moves only when that makes the groups clearly better, so a
    re-composition after late registrations or cancellations changes as few places as possible.

    The solver runs outside any transaction: on SQLite a transaction holds the database's one write
    lock, and every other request would wait for the solver (seconds). So the event is read
    (``composition_snapshot``), solved (``composition_solve``), and only then stored under the lock
    (``composition_apply``), which refuses when the registrations changed in between.

    Side effects, in order: read; solve; lock the event and check it did not change; one breakout
    per coach; save every participant's breakout; save the report (codes, numbers and ids only);
    audit log ``event.composed`` with the counts. Returns the report.
    """
    snapshot = composition_snapshot(event)
    solution = composition_solve(snapshot, time_limit=time_limit, solver=solver)
    return composition_apply(snapshot=snapshot, solution=solution, by=by)


# --- The board -------------------------------------------------------------------------------------------


def board(event: Event) -> Board:
    """The current composition with its findings, evaluated by the solver's own rules. Four queries."""
    registrations = _confirmed(event)
    participants, coaches = _split(registrations)
    breakouts = list(event.breakouts.select_related("coach__user", "coach__organisation"))
    members: dict[int, list[Registration]] = {b.pk: [] for b in breakouts}
    unplaced = []
    for p in participants:
        if p.breakout_id in members:
            members[p.breakout_id].append(p)
        else:
            unplaced.append(p)
    with_group = {b.coach_id for b in breakouts if b.coach_id}
    result = Board(
        event=event,
        breakouts=breakouts,
        members=members,
        unplaced=unplaced,
        coaches_without_group=[c for c in coaches if c.pk not in with_group],
        people={r.pk: r for r in registrations},
    )
    result.unpublished = sum(1 for p in participants if p.breakout_id != p.published_breakout_id) + sum(
        1 for b in breakouts if b.coach is not None and b.coach.published_breakout_id != b.pk
    )
    # The coaches in registration order, as composing gives them to the solver: the hand deal deals
    # the groups in that order, so the board shows the baseline the composition was held to.
    order = {c.pk: i for i, c in enumerate(coaches)}
    coached = sorted(
        (b for b in breakouts if b.coach_id), key=lambda b: (order.get(b.coach_id, len(order)), b.number)
    )
    for breakout in breakouts:
        if breakout.coach_id is None and members[breakout.pk]:
            # A coach cancelled after composing: the group must get a coach before it is sent out.
            result.violations.append(
                {
                    "code": "coach_missing",
                    "message": f"Group {breakout.number} has no coach.",
                    "params": {"size": len(members[breakout.pk])},
                    "group": None,
                    "number": breakout.number,
                    "people": [],
                }
            )
    if not coached:
        return result
    placed = [p for p in participants if p.breakout_id in {b.pk for b in coached}]
    scenario = build_scenario(event, placed, [b.coach for b in coached])
    groups = [{"coach": b.coach_id, "members": [m.pk for m in members[b.pk]]} for b in coached]
    locked = {m.pk: b.coach_id for b in coached for m in members[b.pk] if m.locked or b.locked}
    evaluation = evaluate_scenario(scenario, groups, locked=locked or None)
    numbers = [b.number for b in coached]
    result.violations += [_finding(v, numbers) for v in evaluation.violations]
    result.warnings = [_finding(v, numbers) for v in evaluation.warnings]
    result.comparison = evaluation.comparison
    for index, (breakout, quality) in enumerate(zip(coached, evaluation.groups, strict=True)):
        result.group_findings[breakout.pk] = {
            "size": quality.size,
            "roles": quality.roles,
            "organisations": quality.organisations,
            "regions": quality.regions,
            "violations": [f for f in result.violations if f["group"] == index],
            "warnings": [f for f in result.warnings if f["group"] == index],
        }
    return result


def _key(finding: dict) -> tuple:
    return (finding["code"], finding["group"], tuple(sorted(map(str, finding["people"]))))


# --- Editing by hand: thin verbs over the domain's transitions ---------------------------------------


@transaction.atomic
def composition_move(*, registration: Registration, breakout: Breakout | None, by) -> dict:
    """Move one participant to another breakout (or out of all). Returns what the move broke and
    what it mended, compared with the findings just before, and the pairs that share the most
    important attribute before and after.

    Side effects, in order: lock the event; check it is still to come; the board before;
    ``set_breakouts`` (MOVE: check, save, audit log ``event_registration.moved``); the board after.
    """
    event = lock_event(registration.event_id)
    ensure_composition_changeable(event)
    before = board(event)
    set_breakouts({registration: breakout}, event=event, step=BreakoutStep.MOVE, by=by)
    after = board(event)
    old_keys = {_key(f) for f in before.violations}
    new_keys = {_key(f) for f in after.violations}
    return {
        "broken": [f for f in after.violations if _key(f) not in old_keys],
        "mended": [f for f in before.violations if _key(f) not in new_keys],
        "board": after,
        # Pairs sharing the most important attribute before and after the move (None: no groups).
        "pairs": (
            before.comparison.pairs if before.comparison else None,
            after.comparison.pairs if after.comparison else None,
        ),
    }


def registration_lock_set(*, registration: Registration, locked: bool, by) -> Registration:
    """Pin a participant to their breakout (or release them), so re-composing leaves them there.

    Side effects: ``set_breakouts`` (PIN or UNPIN: lock, check the event is to come and the person
    is placed, save, audit log ``event_registration.locked``).
    """
    step = BreakoutStep.PIN if locked else BreakoutStep.UNPIN
    # Pinning keeps the person in the group they are in now (read under the lock), so no group is given.
    (saved,) = set_breakouts({registration: None}, event=registration.event, step=step, by=by)
    return saved


def breakout_lock_set(*, breakout: Breakout, locked: bool, by) -> Breakout:
    """Pin a whole breakout: re-composing keeps its members as they are.

    Side effects: ``set_breakout_pin`` (lock, check the event is still to come, save, audit log
    ``breakout.locked``).
    """
    return set_breakout_pin(breakout, locked, by=by)


@transaction.atomic
def composition_publish(*, event: Event, by) -> int:
    """Send every participant and coach their group and room link. Publishing again after changes
    only e-mails the people whose group changed. Refused while hard rules are broken or people are
    unplaced.

    Side effects, in order: lock the event; check the composition; ``composition_send`` (save each
    new group as sent and e-mail the person, save ``published_at``, audit log
    ``event.composition_published``). Returns how many people were e-mailed.
    """
    event = lock_event(event.pk)
    ensure_composition_changeable(event)
    current = board(event)
    if not current.breakouts:
        raise EventError(_("Er is nog geen indeling. Maak eerst een indeling."))
    if current.unplaced:
        raise EventError(
            ngettext(
                "%(count)d deelnemer zit nog in geen groep. Deel eerst iedereen in.",
                "%(count)d deelnemers zitten nog in geen groep. Deel eerst iedereen in.",
                len(current.unplaced),
            )
            % {"count": len(current.unplaced)}
        )
    if current.violations:
        raise EventError(
            _("De indeling breekt nog een harde regel. Los die eerst op (zie de meldingen bovenaan).")
        )
    unsent: dict[Registration, Breakout] = {}
    for breakout in current.breakouts:
        people = list(current.members[breakout.pk])
        if breakout.coach is not None:
            people.append(breakout.coach)
        for person in people:
            if person.published_breakout_id != breakout.pk:
                unsent[person] = breakout
    return composition_send(event=event, placements=unsent, by=by)


# --- Dutch sentences for the solver's findings -----------------------------------------------------


def finding_text(finding: dict, people: dict[int, Registration] | None = None) -> str:
    """A Dutch sentence for one solver finding, with the numbers and (for the organiser) names.

    The solver gives a stable code and its numbers; its own English message is the fallback for a
    code this table does not know yet.
    """
    p = finding.get("params") or {}
    group = finding.get("group")

    def name(pk) -> str:
        if people and pk in people:
            return str(people[pk].user)
        return str(pk)

    def names() -> str:
        return " en ".join(name(pk) for pk in finding.get("people") or [])

    def group_label() -> str:
        if group is None:
            return _("Een groep")
        return _("Groep %(n)d") % {"n": finding.get("number") or group + 1}

    texts = {
        "no_coaches": lambda: (
            _("Er zijn geen coaches. Nodig minstens %(needed)s coach(es) uit: elke groep heeft er één nodig.")
            % {"needed": p.get("needed", 1)}
        ),
        "too_few_coaches": lambda: (
            _(
                "Er zijn %(coaches)s coaches voor %(participants)s deelnemers. Met hoogstens %(max)s per groep heb je "
                "minstens %(needed)s coaches nodig. Nodig er nog %(missing)s uit, of maak de groepen groter "
                "(maximaal %(max_needed)s per groep)."
            )
            % {
                "coaches": p.get("coaches", "?"),
                "participants": p.get("participants", "?"),
                "max": p.get("max", "?"),
                "needed": p.get("needed", "?"),
                "missing": _coaches(p.get("missing", 0)),
                "max_needed": p.get("max_needed", "?"),
            }
        ),
        "too_many_coaches": lambda: (
            _(
                "Er zijn %(coaches)s coaches voor %(participants)s deelnemers. Met minstens %(min)s per groep kun je "
                "hoogstens %(usable)s groepen maken. Laat er %(surplus)s vrij, of verlaag het minimum per "
                "groep naar %(min_needed)s."
            )
            % {
                "coaches": p.get("coaches", "?"),
                "participants": p.get("participants", "?"),
                "min": p.get("min", "?"),
                "usable": p.get("usable", "?"),
                "surplus": _coaches(p.get("surplus", 0)),
                "min_needed": p.get("min_needed", "?"),
            }
        ),
        "invalid_group_size": lambda: (
            _("Het minimum per groep (%(min)s) is groter dan het maximum (%(max)s).")
            % {"min": p.get("min", "?"), "max": p.get("max", "?")}
        ),
        "group_too_large": lambda: (
            _("%(group)s heeft %(size)s deelnemers; het maximum is %(max)s.")
            % {"group": group_label(), "size": p.get("size", "?"), "max": p.get("max", "?")}
        ),
        "group_too_small": lambda: (
            _("%(group)s heeft %(size)s deelnemers; het minimum is %(min)s.")
            % {"group": group_label(), "size": p.get("size", "?"), "min": p.get("min", "?")}
        ),
        "missing_role": lambda: (
            _(
                "%(group)s heeft %(count)s %(role)s; dat moet minstens %(min)s zijn, en er zijn er genoeg voor elke groep."
            )
            % {
                "group": group_label(),
                "count": p.get("count", 0),
                "role": _role_label(p.get("role")),
                "min": p.get("min", 1),
            }
        ),
        "role_uneven": lambda: (
            _("%(group)s heeft geen %(role)s, terwijl een andere groep er twee of meer heeft.")
            % {"group": group_label(), "role": _role_label(p.get("role"))}
        ),
        "min_per_role_relaxed": lambda: (
            _(
                "Er zijn %(available)s %(role)s voor %(groups)s groepen: niet elke groep kan er een krijgen. We "
                "verdelen ze zo eerlijk mogelijk."
            )
            % {
                "available": p.get("available", "?"),
                "role": _role_label(p.get("role")),
                "groups": p.get("groups", "?"),
            }
        ),
        "organisation_duplicate": lambda: (
            _(
                "In %(group)s zitten %(count)s mensen van dezelfde organisatie (%(organisation)s); eerlijk verdeeld "
                "zou %(share)s zijn."
            )
            % {
                "group": group_label().lower(),
                "count": p.get("count", "?"),
                "organisation": _organisation_label(p.get("organisation"), people),
                "share": p.get("share", "?"),
            }
        ),
        "coach_own_organisation": lambda: (
            _("De coach van %(group)s werkt bij dezelfde organisatie als %(count)s deelnemer(s).")
            % {"group": group_label().lower(), "count": p.get("count", "?")}
        ),
        "pair_apart_together": lambda: (
            _("%(names)s horen bij hetzelfde gezinshuis en zitten samen in %(group)s. De regel is: apart.")
            % {"names": names(), "group": group_label().lower()}
        ),
        "pair_together_split": lambda: (
            _(
                "%(names)s horen bij hetzelfde gezinshuis maar zitten in verschillende groepen. De regel is: samen."
            )
            % {"names": names()}
        ),
        "household_together": lambda: _(
            "Mensen van hetzelfde gezinshuis moeten samen, dus houden we ze niet apart."
        ),
        "apart_together_conflict": lambda: (
            _("%(names)s moeten volgens de regels tegelijk samen en apart. Haal een van de twee regels weg.")
            % {"names": names()}
        ),
        "together_too_large": lambda: (
            _(
                "Een gezinshuis met %(size)s mensen die samen moeten, past niet in een groep van hoogstens %(max)s. "
                "Verhoog het maximum, of kies ‘apart’."
            )
            % {"size": p.get("size", "?"), "max": p.get("max", "?")}
        ),
        "lock_conflict": lambda: (
            _("Vastgezette plaatsen botsen met de regels (%(names)s). Maak iemand los.")
            % {"names": names() or group_label().lower()}
        ),
        "lock_broken": lambda: _("%(names)s is vastgezet in een andere groep.") % {"names": names()},
        "met_before": lambda: _("%(names)s zaten eerder al samen in een groep.") % {"names": names()},
        "participant_unassigned": lambda: _("%(names)s zit in geen groep.") % {"names": names()},
        "coach_missing": lambda: (
            _(
                "Groep %(n)s heeft geen coach meer. Nodig een coach uit en klik op ‘Opnieuw indelen’: de groep "
                "houdt zijn deelnemers en videokamer."
            )
            % {"n": finding.get("number") or "?"}
        ),
    }
    make = texts.get(finding.get("code"))
    if make is None:
        return finding.get("message", "")
    return make()


def comparison_text(comparison: Comparison | None) -> dict | None:
    """Dutch sentences for the board: how many pairs in one group share the most important attribute,
    against a hand deal of the same people, and what that means. None without a comparison."""
    if comparison is None:
        return None
    numbers = {"pairs": comparison.pairs, "hand": comparison.hand_deal_pairs}
    headline = {
        CompositionPriority.ORGANISATION: _(
            "Paren uit dezelfde organisatie: %(pairs)d (met de hand verdelen: %(hand)d)"
        ),
        CompositionPriority.REGION: _("Paren uit dezelfde regio: %(pairs)d (met de hand verdelen: %(hand)d)"),
        CompositionPriority.ROLE: _("Paren met dezelfde rol: %(pairs)d (met de hand verdelen: %(hand)d)"),
    }
    how = {
        CompositionPriority.ORGANISATION: _(
            "Met de hand verdelen: je zet iedereen op volgorde van organisatie en deelt ze om de beurt over de groepen."
        ),
        CompositionPriority.REGION: _(
            "Met de hand verdelen: je zet iedereen op volgorde van regio en deelt ze om de beurt over de groepen."
        ),
        CompositionPriority.ROLE: _(
            "Met de hand verdelen: je zet iedereen op volgorde van rol en deelt ze om de beurt over de groepen."
        ),
    }
    if comparison.pairs > comparison.hand_deal_pairs:
        verdict = _("Dat zijn er meer dan met de hand. Klik op ‘Opnieuw indelen’ om dat beter te maken.")
    elif comparison.pairs == comparison.fewest:
        verdict = _("Minder paren kan niet met dit aantal groepen.")
    elif comparison.pairs < comparison.hand_deal_pairs:
        verdict = _("Dat is beter dan met de hand.")
    else:
        verdict = _("Dat is even goed als met de hand.")
    notes = [_("Een paar zijn twee mensen in dezelfde groep."), str(how.get(comparison.attribute, ""))]
    if not comparison.hand_deal_feasible:
        notes.append(_("Let op: met de hand verdelen breekt hier een harde regel."))
    return {
        "headline": headline.get(comparison.attribute, headline[CompositionPriority.ORGANISATION]) % numbers,
        "verdict": verdict,
        "worse": comparison.pairs > comparison.hand_deal_pairs,
        "notes": [n for n in notes if n],
    }


def pairs_change_text(attribute: str, before: int | None, after: int | None) -> str:
    """The move's effect on the most important criterion, or "" when it did not change."""
    if before is None or after is None or before == after:
        return ""
    texts = {
        CompositionPriority.ORGANISATION: _("Paren uit dezelfde organisatie: van %(before)d naar %(after)d."),
        CompositionPriority.REGION: _("Paren uit dezelfde regio: van %(before)d naar %(after)d."),
        CompositionPriority.ROLE: _("Paren met dezelfde rol: van %(before)d naar %(after)d."),
    }
    text = texts.get(attribute, texts[CompositionPriority.ORGANISATION])
    return text % {"before": before, "after": after}


def _coaches(count) -> str:
    try:
        count = int(count)
    except (TypeError, ValueError):
        return str(count)
    return ngettext("%(n)d coach", "%(n)d coaches", count) % {"n": count}


def _organisation_label(key, people) -> str:
    """Our organisation keys are ``org:<pk>`` or ``other:<name>``; show a name."""
    key = str(key or "")
    if key.startswith("other:"):
        return key[len("other:") :]
    if people:
        for registration in people.values():
            if registration.organisation_key == key:
                return registration.organisation_label
    return key


def _role_label(role) -> str:
    if role == ParticipantRole.GEZINSHUISOUDER:
        return _("gezinshuisouders")
    if role == ParticipantRole.JEUGDZORGWERKER:
        return _("jeugdzorgwerkers")
    return str(role or "")
