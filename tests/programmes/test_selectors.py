import datetime as dt

import pytest
from django.utils import timezone

from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.domain import set_programme_status, set_signup_status
from intervisie.programmes.models import RecruitmentText, Signup
from intervisie.programmes.selectors import (
    NO_PARTNER,
    category_rows,
    initiator_choices,
    my_programmes,
    partner_rows,
    programme_steps,
    signup_list,
    targets,
    weekly_totals,
)
from intervisie.programmes.timeline import StepState
from tests.factories import OrganisationFactory, UserFactory, make_partner, make_programme, make_signup

pytestmark = pytest.mark.django_db


def test_my_programmes_are_those_i_run_manage_or_guide(superuser):
    kim, ivo, bea, charlie = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    led = make_programme(kartrekker=kim, name="Trekker")
    managed = make_programme(name="Beheerd")
    managed.initiator.managers.add(ivo)
    guided = make_programme(name="Begeleid", begeleiders=[bea, UserFactory()])
    make_signup(led, "student")
    make_signup(led, "ouder", status="invited")
    withdrawn = make_signup(led, "professional")
    set_signup_status(signup=withdrawn, status="withdrawn", by=None)

    assert [p.name for p in my_programmes(user=kim)] == ["Trekker"]
    assert my_programmes(user=kim).get().active_signups == 2
    assert [p.name for p in my_programmes(user=ivo)] == ["Beheerd"]
    assert [p.name for p in my_programmes(user=bea)] == ["Begeleid"]
    assert list(my_programmes(user=charlie)) == []
    # A superuser has no programmes of their own: no flag opens someone else's.
    assert list(my_programmes(user=superuser)) == []
    assert guided.pk not in {p.pk for p in my_programmes(user=kim)}


def test_my_programmes_are_listed_once_when_i_have_two_roles():
    kim = UserFactory()
    programme = make_programme(kartrekker=kim, begeleiders=[kim, kim])
    assert [p.pk for p in my_programmes(user=kim)] == [programme.pk]


def test_my_programmes_are_searched_by_name_or_initiator():
    kim = UserFactory()
    make_programme(kartrekker=kim, name="Bubbel Utrecht")
    make_programme(kartrekker=kim, name="Bubbel Zeist")
    assert [p.name for p in my_programmes(user=kim, query="zeist")] == ["Bubbel Zeist"]


def test_only_managers_of_a_gemeente_kenniswerkplaats_or_opleiding_may_start(superuser):
    ivo = UserFactory()
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[ivo])
    OrganisationFactory(kind=OrganisationKind.ZORGAANBIEDER, managers=[ivo])
    assert list(initiator_choices(user=ivo)) == [gemeente]
    assert list(initiator_choices(user=superuser)) == []


def test_targets_are_the_mix_times_the_number_of_groups():
    programme = make_programme(group_count=3)
    assert targets(programme) == {"student": 6, "professional": 6, "ouder": 3, "jongere": 3}


def test_category_rows_count_each_status_and_what_is_missing():
    programme = make_programme()
    make_signup(programme, "student")
    make_signup(programme, "student", status="invited")
    make_signup(programme, "student", status="reserve")
    declined = make_signup(programme, "student")
    set_signup_status(signup=declined, status="declined", by=programme.kartrekker)
    make_signup(
        programme,
        "jongere",
        birth_date=timezone.localdate() - dt.timedelta(days=365 * 14),
        parent_email="p@example.nl",
    )
    rows = {row.category.value: row for row in category_rows(programme=programme)}
    student = rows["student"]
    assert (student.target, student.active, student.missing) == (4, 3, 1)
    assert (student.signed_up, student.invited, student.reserve, student.declined) == (1, 1, 1, 1)
    assert (rows["jongere"].awaiting_consent, rows["jongere"].active) == (1, 1)
    assert rows["professional"].missing == 4


def test_partner_rows_show_committed_against_signed_up_per_category():
    programme = make_programme()
    hu = make_partner(programme, name="Hogeschool", kind="opleiding", commitments={"student": 3})
    wijk = make_partner(programme, name="Wijkteam", commitments={"professional": 2, "ouder": 1})
    make_signup(programme, "student", partner=hu)
    make_signup(programme, "student", partner=hu)
    make_signup(programme, "professional", partner=wijk)
    make_signup(programme, "ouder")
    rows = partner_rows(programme=programme)
    assert [row.partner.name if row.partner else None for row in rows] == ["Hogeschool", "Wijkteam", None]
    cells = {c.category.value: (c.committed, c.active) for c in rows[0].cells}
    assert cells == {"student": (3, 2), "professional": (0, 0), "ouder": (0, 0), "jongere": (0, 0)}
    assert (rows[1].committed, rows[1].active) == (3, 1)
    assert (rows[2].committed, rows[2].active) == (0, 1)
    assert partner_rows(programme=programme, with_unattributed=False)[-1].partner == wijk


def test_weekly_totals_run_from_the_first_week_and_fill_empty_weeks():
    programme = make_programme()
    days = [dt.date(2027, 4, 6), dt.date(2027, 4, 8), dt.date(2027, 4, 22)]
    for day in days:
        signup = make_signup(programme, "professional")
        Signup.objects.filter(pk=signup.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        )
    assert weekly_totals(programme=programme) == [
        (dt.date(2027, 4, 5), 2, 2),
        (dt.date(2027, 4, 12), 0, 2),
        (dt.date(2027, 4, 19), 1, 3),
    ]
    assert weekly_totals(programme=programme, until=dt.date(2027, 5, 4))[-1] == (dt.date(2027, 5, 3), 0, 3)
    assert weekly_totals(programme=make_programme()) == []


def test_the_signup_list_searches_filters_and_sorts():
    programme = make_programme()
    hu = make_partner(programme, name="Hogeschool", kind="opleiding")
    anna = make_signup(programme, "student", name="Anna de Wit", partner=hu, study_programme="Pedagogiek")
    bram = make_signup(programme, "professional", name="Bram Yılmaz", organisation_name="Wijkteam Oost")
    cem = make_signup(programme, "ouder", name="Cem Aydın", email="cem@voorbeeld.nl", status="invited")

    def names(**kwargs):
        return [s.name for s in signup_list(programme=programme, **kwargs)]

    assert names() == ["Cem Aydın", "Bram Yılmaz", "Anna de Wit"]  # newest first
    assert names(sort="oudste") == ["Anna de Wit", "Bram Yılmaz", "Cem Aydın"]
    assert names(sort="naam") == ["Anna de Wit", "Bram Yılmaz", "Cem Aydın"]
    assert names(query="wijkteam") == ["Bram Yılmaz"]
    assert names(query="voorbeeld.nl") == ["Cem Aydın"]
    assert names(query="pedagogiek anna") == ["Anna de Wit"]
    assert names(category="ouder") == ["Cem Aydın"]
    assert names(status="invited") == ["Cem Aydın"]
    assert names(partner=str(hu.pk)) == ["Anna de Wit"]
    assert names(partner=NO_PARTNER, sort="oudste") == [bram.name, cem.name]
    assert anna.pk


def test_the_programme_steps_read_its_dates_texts_and_sign_ups():
    programme = make_programme(status="draft")
    set_programme_status(programme=programme, status="recruiting", by=programme.kartrekker)
    today = programme.students_by + dt.timedelta(days=1)
    steps = {s.key: s for s in programme_steps(programme=programme, today=today)}
    assert steps["recruitment"].state == StepState.DONE
    assert steps["students"].state == StepState.LATE
    RecruitmentText.objects.filter(programme=programme).update(sent_at=timezone.now())
    steps = {s.key: s for s in programme_steps(programme=programme, today=today)}
    assert steps["students"].state == StepState.DONE
    assert steps["texts"].state == StepState.DONE
