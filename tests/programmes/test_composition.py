"""Composing a programme's groups with the solver, the findings in Dutch, moves and pins, publishing the
groups (intervision groups, meetings, charter, e-mails with a calendar file) and the attendance
commitment."""

import random
from collections import Counter

import pytest
from django.db import connection

from grouping import solve_scenario
from intervisie.common.models import AuditEntry
from intervisie.programmes import composition, publication
from intervisie.programmes.domain import (
    ProgrammeError,
    set_programme_status,
    set_signup_status,
)
from intervisie.programmes.enums import ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Programme, ProgrammeGroup, Signup
from tests.factories import OrganisationFactory, make_programme, make_signup

pytestmark = pytest.mark.django_db

# Seed 003's example: two groups, each two students, two professionals from different organisations, one
# parent and one young person. Two students share an opleiding and two professionals an organisation.
TWELVE = [
    ("student", {"study_programme": "Social Work"}),
    ("student", {"study_programme": "Social Work"}),
    ("student", {"study_programme": "Pedagogiek"}),
    ("student", {"study_programme": "Verpleegkunde"}),
    ("professional", {"organisation_name": "Wijkteam Noord"}),
    ("professional", {"organisation_name": "Wijkteam Noord"}),
    ("professional", {"organisation_name": "Veilig Thuis"}),
    ("professional", {"organisation_name": "Jeugdbescherming"}),
    ("ouder", {}),
    ("ouder", {}),
    ("jongere", {}),
    ("jongere", {}),
]


# Six more for a third group: two students, two professionals, a parent and a young person.
EXTRA_SIX = [
    ("student", {"study_programme": "Rechten"}),
    ("student", {"study_programme": "Sport"}),
    ("professional", {"organisation_name": "Organisatie 1"}),
    ("professional", {"organisation_name": "Organisatie 2"}),
    ("ouder", {}),
    ("jongere", {}),
]


def composing(people, *, group_count: int = 2, order_seed: int | None = None, **fields) -> Programme:
    """A programme whose sign-up has closed, with ``people`` (category, fields) invited."""
    programme = make_programme(group_count=group_count, **fields)
    people = list(people)
    if order_seed is not None:
        random.Random(order_seed).shuffle(people)
    for category, extra in people:
        make_signup(programme, category, status="invited", **extra)
    set_programme_status(programme=programme, status=ProgrammeStatus.COMPOSING, by=programme.kartrekker)
    programme.refresh_from_db()
    return programme


def members(programme) -> dict[str, list[Signup]]:
    return {
        g.name: list(Signup.objects.filter(group=g).order_by("pk"))
        for g in programme.groups.order_by("position")
    }


def texts(programme, findings) -> list[str]:
    current = composition.board(programme)
    return [composition.finding_text(f, current) for f in findings]


# --- The target mix -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_every_group_follows_the_target_mix_when_the_signups_allow_it(seed):
    programme = composing(TWELVE, order_seed=seed)
    report = composition.composition_compose(programme=programme, by=programme.kartrekker, seed=seed)

    assert report["feasible"] is True and report["violations"] == []
    groups = members(programme)
    assert sorted(groups) == ["Groep A", "Groep B"]
    for people in groups.values():
        assert Counter(s.category for s in people) == {
            "student": 2,
            "professional": 2,
            "ouder": 1,
            "jongere": 1,
        }
        # Same organisation, same opleiding: apart.
        assert len({s.organisation_name for s in people if s.category == "professional"}) == 2
        assert len({s.study_programme for s in people if s.category == "student"}) == 2
    assert not Signup.objects.filter(programme=programme, group__isnull=True).exists()
    assert report["participants"] == 12 and report["groups"] == 2
    # Never worse than dealing people out by hand on keeping organisations apart; here none share a group.
    comparison = report["comparison"]
    assert comparison["attribute"] == "organisation" and comparison["pairs"] == comparison["fewest"] == 0
    assert comparison["pairs"] <= comparison["hand_deal_pairs"]
    entry = AuditEntry.objects.get(action="programme.composed")
    assert entry.data == {"participants": 12, "placed": 12, "violations": 0, "changed": None}


def test_the_stored_report_holds_ids_and_numbers_never_names():
    programme = composing(TWELVE[:4] + [("professional", {"organisation_name": "Wijkteam Noord"})] * 3)
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    stored = str(Programme.objects.get(pk=programme.pk).composition)
    for signup in Signup.objects.filter(programme=programme):
        assert signup.name not in stored
    assert "Wijkteam" not in stored and "Social Work" not in stored


def test_too_few_students_is_explained_with_the_numbers_and_the_two_ways_out():
    people = [p for p in TWELVE if p[0] != "student"] + TWELVE[:3]
    programme = composing(people)
    report = composition.composition_compose(programme=programme, by=programme.kartrekker)

    assert report["feasible"] is True  # the mix is relaxed, not broken
    warnings = texts(programme, report["warnings"])
    assert (
        "Er zijn 3 studenten voor 2 groepen: niet elke groep kan er 2 krijgen. Nodig er nog 1 uit of laat één "
        "groep met 1 student starten."
    ) in warnings
    groups = members(programme)
    counts = sorted(Counter(s.category for s in people)["student"] for people in groups.values())
    assert counts == [1, 2]  # spread as evenly as the numbers allow
    alone = next(
        s
        for people in groups.values()
        for s in people
        if s.category == "student" and sum(1 for o in people if o.category == "student") == 1
    )
    lonely_group = alone.group.name
    other = "Groep B" if lonely_group == "Groep A" else "Groep A"
    assert (
        f"{alone.name} is de enige student in {lonely_group}; de mix vraagt er 2. Nodig nog een student uit, of "
        f"zet {alone.name} in een groep met een andere student."
    ) in warnings
    assert other  # the other group has exactly two: no spare student to move


@pytest.mark.parametrize(
    ("params", "text"),
    [
        (
            {"role": "jongere", "available": 0, "groups": 2, "min": 1},
            "Er zijn nog geen jongeren voor 2 groepen: geen groep kan er 1 krijgen. Nodig er nog 2 uit of laat de "
            "groepen zonder jongere starten.",
        ),
        (
            {"role": "ouder", "available": 1, "groups": 2, "min": 1},
            "Er is 1 ouder voor 2 groepen: niet elke groep kan er 1 krijgen. Nodig er nog 1 uit of laat één groep "
            "zonder ouder starten.",
        ),
        (
            {"role": "student", "available": 2, "groups": 3, "min": 2},
            "Er zijn 2 studenten voor 3 groepen: niet elke groep kan er 2 krijgen. Nodig er nog 4 uit of laat 2 "
            "groepen met 1 student en één groep zonder student starten.",
        ),
        (
            {"role": "professional", "available": 5, "groups": 3, "min": 3},
            "Er zijn 5 professionals voor 3 groepen: niet elke groep kan er 3 krijgen. Nodig er nog 4 uit of laat 2 "
            "groepen met 2 professionals en één groep met 1 professional starten.",
        ),
        (
            {"role": "student", "available": 2, "groups": 2, "min": 3},
            "Er zijn 2 studenten voor 2 groepen: niet elke groep kan er 3 krijgen. Nodig er nog 4 uit of laat elke "
            "groep met 1 student starten.",
        ),
    ],
)
def test_the_relaxed_mix_explanation(params, text):
    assert composition.relaxed_text(params) == text


def test_too_many_people_for_the_groups_says_how_many_to_put_on_the_reserve_list():
    programme = composing(TWELVE + TWELVE[:4], group_size_max=7)
    report = composition.composition_compose(programme=programme, by=programme.kartrekker)
    assert report["feasible"] is False
    assert (
        "Er zijn 16 mensen voor 2 groepen van hoogstens 7. Zet er 2 op de reservelijst, voeg een groep toe of maak "
        "de groepen groter (8 per groep)."
    ) in texts(programme, report["violations"])


def test_too_few_people_for_the_groups_says_how_many_to_invite():
    programme = composing(TWELVE[:8], group_size_min=5)
    report = composition.composition_compose(programme=programme, by=programme.kartrekker)
    assert (
        "Er zijn 8 mensen voor 2 groepen van minstens 5. Nodig er nog 2 uit, of verlaag het minimum per groep naar "
        "4, of maak minder groepen (1)."
    ) in texts(programme, report["violations"])


def test_typed_names_of_one_organisation_count_as_that_organisation():
    """ "zorg  utrecht" typed by one and the organisation Zorg Utrecht picked by another: one organisation."""
    zorg = OrganisationFactory(name="Zorg Utrecht")
    people = [
        ("professional", {"organisation": zorg, "organisation_name": ""}),
        ("professional", {"organisation_name": "zorg  utrecht"}),
        ("professional", {"organisation_name": "Buurtteam"}),
        ("professional", {"organisation_name": "BUURTTEAM "}),
        *TWELVE[:4],
        *TWELVE[8:],
    ]
    for seed in range(3):
        programme = composing(people, order_seed=seed)
        composition.composition_compose(programme=programme, by=programme.kartrekker, seed=seed)
        for group in members(programme).values():
            keys = [
                s.organisation_label.strip().casefold().replace("  ", " ")
                for s in group
                if s.category == "professional"
            ]
            assert len(keys) == len(set(keys)) == 2


# --- Availability -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_someone_who_can_make_one_groups_dates_only_is_placed_there(seed):
    programme = composing(TWELVE, order_seed=seed)
    group_b = programme.groups.get(position=1)
    parent = Signup.objects.filter(programme=programme, category="ouder").first()
    Signup.objects.filter(pk=parent.pk).update(availability=[group_b.pk])
    composition.composition_compose(programme=programme, by=programme.kartrekker, seed=seed)
    assert Signup.objects.get(pk=parent.pk).group == group_b


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_availability_for_two_of_three_groups_is_kept_by_a_swap(seed):
    people = [*TWELVE, *EXTRA_SIX]
    programme = composing(people, group_count=3, order_seed=seed, group_size_min=5)
    a, _b, c = programme.groups.order_by("position")
    students = list(Signup.objects.filter(programme=programme, category="student"))
    for student in students[:3]:
        Signup.objects.filter(pk=student.pk).update(availability=[a.pk, c.pk])
    report = composition.composition_compose(programme=programme, by=programme.kartrekker, seed=seed)
    assert report["violations"] == []
    assert all(Signup.objects.get(pk=s.pk).group_id in (a.pk, c.pk) for s in students[:3])


def test_a_move_against_someones_availability_is_a_broken_rule_with_the_fix():
    people = [*TWELVE, *EXTRA_SIX]
    programme = composing(people, group_count=3, group_size_min=5)
    a, b, c = programme.groups.order_by("position")
    parent = Signup.objects.filter(programme=programme, category="ouder").first()
    Signup.objects.filter(pk=parent.pk).update(availability=[a.pk, c.pk], name="Petra")
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    outcome = composition.composition_move(
        signup=Signup.objects.get(pk=parent.pk), group=b, by=programme.kartrekker
    )
    broken = [composition.finding_text(f, outcome["board"]) for f in outcome["broken"]]
    assert (
        "Petra kan alleen op de data van Groep A of Groep C, maar zit in Groep B. Verplaats Petra naar Groep A of Groep C."
        in broken
    )


# --- Moves, pins, re-composing --------------------------------------------------------------------------


def test_a_move_says_at_once_which_rule_it_breaks_and_moving_back_mends_it():
    programme = composing(TWELVE)
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    groups = members(programme)
    student = next(s for s in groups["Groep A"] if s.category == "student")
    group_a, group_b = programme.groups.order_by("position")

    outcome = composition.composition_move(signup=student, group=group_b, by=programme.kartrekker)
    broken = [composition.finding_text(f, outcome["board"]) for f in outcome["broken"]]
    assert (
        "Groep A heeft 1 student; de mix vraagt er 2, en er zijn er genoeg voor elke groep. Zet er een student bij "
        "(uit een groep met meer of van wie nog geen groep heeft), of klik op ‘Indelen’."
    ) in broken
    assert Signup.objects.get(pk=student.pk).group == group_b
    entry = AuditEntry.objects.get(action="programme.signup_moved")
    assert entry.data == {"signup": student.pk, "from": group_a.pk, "to": group_b.pk}

    back = composition.composition_move(signup=student, group=group_a, by=programme.kartrekker)
    assert back["broken"] == [] and back["worse"] == []
    mended = [composition.finding_text(f, back["board"]) for f in back["mended"]]
    assert any(text.startswith("Groep A heeft 1 student") for text in mended)


def test_moving_someone_out_of_every_group_says_they_are_in_none_and_what_their_group_now_lacks():
    programme = composing(TWELVE)
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    parent = Signup.objects.filter(programme=programme, category="ouder").select_related("group").first()
    Signup.objects.filter(pk=parent.pk).update(name="Petra")
    outcome = composition.composition_move(signup=parent, group=None, by=programme.kartrekker)
    broken = [composition.finding_text(f, outcome["board"]) for f in outcome["broken"]]
    assert "Petra zit in geen groep." in broken
    assert any(text.startswith(f"{parent.group.name} heeft 0 ouders; de mix vraagt er 1") for text in broken)
    # The mix is still possible with everyone invited: no "there are too few parents" warning.
    assert not any(f["code"] == "min_per_role_relaxed" for f in outcome["board"].warnings)


def test_a_move_that_puts_two_colleagues_together_is_reported_as_worse_with_their_names():
    programme = composing(TWELVE)
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    colleagues = list(Signup.objects.filter(programme=programme, organisation_name="Wijkteam Noord"))
    Signup.objects.filter(pk=colleagues[0].pk).update(name="Anna")
    Signup.objects.filter(pk=colleagues[1].pk).update(name="Bram")
    target = colleagues[1].group
    outcome = composition.composition_move(signup=colleagues[0], group=target, by=programme.kartrekker)
    worse = [composition.finding_text(f, outcome["board"]) for f in outcome["worse"]]
    assert (
        f"In {target.name} zitten 2 mensen van Wijkteam Noord (Anna en Bram); eerlijk verdeeld zou 1 zijn. "
        "Verplaats een van hen naar een andere groep."
    ) in worse


def test_pinned_people_and_groups_stay_when_composing_again():
    programme = composing(TWELVE)
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    group_a, group_b = programme.groups.order_by("position")
    student = Signup.objects.filter(group=group_a, category="student").first()
    composition.composition_move(signup=student, group=group_b, by=programme.kartrekker)
    composition.signup_pin_set(signup=student, locked=True, by=programme.kartrekker)
    composition.group_pin_set(group=group_b, locked=True, by=programme.kartrekker)
    before_b = set(Signup.objects.filter(group=group_b).values_list("pk", flat=True))

    report = composition.composition_compose(programme=programme, by=programme.kartrekker)
    assert set(Signup.objects.filter(group=group_b).values_list("pk", flat=True)) == before_b
    assert Signup.objects.get(pk=student.pk).group == group_b
    # Group B keeps three students, so group A has one: the numbers say why.
    assert any(f["code"] == "missing_role" for f in report["violations"])


def test_pinning_someone_without_a_group_is_refused():
    programme = composing(TWELVE)
    signup = Signup.objects.filter(programme=programme).first()
    with pytest.raises(ProgrammeError, match="eerst in een groep"):
        composition.signup_pin_set(signup=signup, locked=True, by=programme.kartrekker)


def test_recompose_with_as_few_changes_as_possible_after_a_late_invitation():
    programme = composing(TWELVE[:-1])
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    before = dict(Signup.objects.filter(programme=programme).values_list("pk", "group_id"))
    set_programme_status(programme=programme, status=ProgrammeStatus.RECRUITING, by=programme.kartrekker)
    late = make_signup(programme, "jongere", status="invited")
    set_programme_status(programme=programme, status=ProgrammeStatus.COMPOSING, by=programme.kartrekker)

    report = composition.composition_compose(programme=programme, by=programme.kartrekker, minimal=True)
    after = dict(Signup.objects.filter(programme=programme).values_list("pk", "group_id"))
    assert report["changed"] == 0
    assert all(after[pk] == group for pk, group in before.items())
    assert after[late.pk] is not None


@pytest.mark.django_db(transaction=True)
def test_the_solver_runs_outside_any_transaction():
    programme = composing(TWELVE)
    seen = {}

    def watching_solver(scenario, **options):
        seen["in_transaction"] = connection.in_atomic_block
        return solve_scenario(scenario, **options)

    composition.composition_compose(programme=programme, by=programme.kartrekker, solver=watching_solver)
    assert seen == {"in_transaction": False}


def test_a_solution_of_signups_that_changed_meanwhile_is_refused():
    programme = composing(TWELVE)
    snapshot = composition.composition_snapshot(programme)
    solution = composition.composition_solve(snapshot, time_limit=1.0)
    someone = Signup.objects.filter(programme=programme, category="ouder").first()
    set_signup_status(signup=someone, status=SignupStatus.WITHDRAWN, by=None)

    with pytest.raises(ProgrammeError, match="De aanmeldingen zijn veranderd"):
        composition.composition_apply(snapshot=snapshot, solution=solution, by=programme.kartrekker)
    assert not Signup.objects.filter(programme=programme, group__isnull=False).exists()


def test_composing_is_refused_before_signup_closes_and_without_invited_people():
    programme = make_programme()
    make_signup(programme, "student", status="invited")
    with pytest.raises(ProgrammeError, match="zet het programma eerst op ‘Groepen indelen’"):
        composition.composition_compose(programme=programme, by=programme.kartrekker)
    empty = composing([])
    with pytest.raises(ProgrammeError, match="Er is nog niemand uitgenodigd"):
        composition.composition_compose(programme=empty, by=empty.kartrekker)


def test_a_group_without_begeleider_is_a_finding_that_blocks_publishing():
    programme = composing(TWELVE)
    ProgrammeGroup.objects.filter(programme=programme, position=1).update(begeleider=None)
    report = composition.composition_compose(programme=programme, by=programme.kartrekker)
    assert "Groep B heeft nog geen begeleider. Kies er een bij de instellingen van het programma." in texts(
        programme, report["violations"]
    )
    with pytest.raises(ProgrammeError, match="breekt nog een regel"):
        publication.composition_publish(programme=programme, by=programme.kartrekker)
