"""The sign-up form per category (programmes/forms_signup.py): which fields, the checks and the sign-up
it makes for the domain."""

import datetime as dt

import pytest
from django.utils import timezone

from intervisie.programmes.forms_signup import ProgrammeSearchForm, SignupForm
from tests.factories import OrganisationFactory, make_partner, make_programme

pytestmark = pytest.mark.django_db

BASE = {"name": "Noor", "email": "Noor@Example.NL", "phone": "", "motivation": ""}
ALWAYS = {"name", "email", "phone", "motivation", "website_adres"}


@pytest.fixture
def programme(db):
    return make_programme(group_count=2, meetings=1)


def form(programme, category, data=None, **kwargs):
    return SignupForm(data, programme=programme, category=category, **kwargs)


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day + dt.timedelta(days=days)


def test_each_category_has_only_its_own_fields(programme):
    fields = {
        c: set(form(programme, c).fields) - ALWAYS for c in ("student", "professional", "ouder", "jongere")
    }
    assert fields == {
        "student": {"study_programme", "study_year"},
        "professional": {"organisation", "organisation_other", "role"},
        "ouder": set(),
        "jongere": {"birth_date", "parent_name", "parent_email"},
    }
    recorded = set(form(programme, "jongere", recorded=True).fields) - ALWAYS
    assert recorded == {"birth_date", "parent_name", "parent_email", "subject_consent"}


def test_sharing_with_a_partner_is_asked_only_with_a_partner(programme):
    partner = make_partner(programme, name="Balans")
    assert "share_with_partner" not in form(programme, "ouder").fields
    with_partner = form(programme, "ouder", partner=partner)
    assert with_partner.fields["share_with_partner"].label == "Balans mag zien dat ik meedoe (mijn naam)"
    assert with_partner.fields["share_with_partner"].required is False


def test_email_is_kept_in_lower_case_so_one_person_signs_up_once(programme):
    f = form(programme, "ouder", BASE)
    assert f.is_valid(), f.errors
    assert f.to_signup().email == "noor@example.nl"


@pytest.mark.parametrize(
    ("phone", "valid"), [("06-12345678", True), ("+31 6 1234 5678", True), ("12345", False)]
)
def test_phone_is_optional_but_must_look_like_a_number(programme, phone, valid):
    assert form(programme, "ouder", {**BASE, "phone": phone}).is_valid() is valid


def test_under_16_needs_a_parent_and_sixteen_does_not(programme):
    fifteen = form(programme, "jongere", {**BASE, "birth_date": years_ago(16, days=1)})
    assert not fifteen.is_valid()
    assert set(fifteen.errors) == {"parent_name", "parent_email"}
    sixteen = form(programme, "jongere", {**BASE, "birth_date": years_ago(16), "parent_name": "Ellen"})
    assert sixteen.is_valid(), sixteen.errors
    signup = sixteen.to_signup()
    assert signup.parent_name == "" and signup.birth_date == years_ago(16)


def test_under_16_with_a_parent_makes_a_sign_up_with_the_parent(programme):
    data = {**BASE, "birth_date": years_ago(13), "parent_name": " Ellen ", "parent_email": "Ellen@Example.nl"}
    f = form(programme, "jongere", data)
    assert f.is_valid(), f.errors
    signup = f.to_signup()
    assert (signup.parent_name, signup.parent_email) == ("Ellen", "ellen@example.nl")


def test_professional_names_one_organisation(programme):
    organisation = OrganisationFactory(name="Veilig Thuis Utrecht")
    base = {**BASE, "role": "Aandachtsfunctionaris"}
    chosen = form(programme, "professional", {**base, "organisation": organisation.pk})
    assert chosen.is_valid(), chosen.errors
    assert chosen.to_signup().organisation_name == "Veilig Thuis Utrecht"
    typed = form(programme, "professional", {**base, "organisation_other": " Buurtteam Noord "})
    assert typed.is_valid(), typed.errors
    signup = typed.to_signup()
    assert signup.organisation is None and signup.organisation_name == "Buurtteam Noord"
    neither = form(programme, "professional", base)
    assert neither.errors == {"organisation": ["Kies je organisatie of vul de naam in."]}


def test_study_year_outside_three_and_four_is_accepted_with_a_warning(programme):
    data = {**BASE, "study_programme": "Pedagogiek"}
    second = form(programme, "student", {**data, "study_year": "2"})
    assert second.is_valid(), second.errors
    assert second.to_signup().study_year == 2
    assert "3e of 4e studiejaar" in second.year_warning()
    third = form(programme, "student", {**data, "study_year": "3"})
    assert third.is_valid() and third.year_warning() == ""


def test_availability_is_a_sorted_list_of_group_ids(programme):
    group_a, group_b = programme.groups.order_by("position")
    groups = [(group_a, []), (group_b, [])]
    f = form(programme, "ouder", {**BASE, "availability": [str(group_b.pk), str(group_a.pk)]}, groups=groups)
    assert f.is_valid(), f.errors
    assert f.to_signup().availability == sorted([group_a.pk, group_b.pk])
    unknown = form(programme, "ouder", {**BASE, "availability": ["999999"]}, groups=groups)
    assert "availability" in unknown.errors


def test_honeypot_marks_the_form_as_spam(programme):
    assert form(programme, "ouder", {**BASE, "website_adres": "http://spam"}).is_spam
    assert not form(programme, "ouder", BASE).is_spam


def test_search_form_limits_the_query():
    assert ProgrammeSearchForm({"q": "utrecht", "sorteer": "naam"}).is_valid()
    assert ProgrammeSearchForm({"q": "x" * 101}).errors == {"q": ["Gebruik hoogstens 100 tekens."]}
    assert "sorteer" in ProgrammeSearchForm({"sorteer": "prijs"}).errors
