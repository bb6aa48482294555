import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.domain import (
    ProgrammeError,
    groups_sync,
    parent_consent_give,
    programme_create,
    set_programme_status,
    set_signup_status,
    signup_create,
    student_year_warning,
)
from intervisie.programmes.enums import Category, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Programme, Signup
from tests.factories import OrganisationFactory, UserFactory, make_partner, make_programme, make_signup

pytestmark = pytest.mark.django_db


def test_a_new_programme_gets_its_groups_recruitment_texts_and_the_ten_step_method():
    programme = make_programme(status="draft", group_count=3)
    assert [g.name for g in programme.groups.all()] == ["Groep A", "Groep B", "Groep C"]
    assert sorted(programme.recruitment_texts.values_list("category", flat=True)) == sorted(Category.values)
    assert programme.method.slug == "tienstappenmethode-buiten-je-bubbel"
    assert programme.target_mix == {"professional": 2, "student": 2, "ouder": 1, "jongere": 1}
    assert programme.status == ProgrammeStatus.DRAFT


def test_only_a_gemeente_kenniswerkplaats_or_opleiding_starts_a_programme():
    user = UserFactory()
    care = OrganisationFactory(kind=OrganisationKind.ZORGAANBIEDER, managers=[user])
    programme = Programme(
        initiator=care,
        name="Bubbel",
        school_year="2027-2028",
        kartrekker=user,
        contact_name="K",
        contact_email="k@example.nl",
        recruitment_opens_on=dt.date(2027, 4, 1),
        students_by=dt.date(2027, 6, 1),
        signup_closes_on=dt.date(2027, 7, 1),
        composed_by=dt.date(2027, 8, 15),
    )
    with pytest.raises(ProgrammeError, match="gemeente"):
        programme_create(programme=programme, by=user)
    assert not Programme.objects.exists()


def test_a_programme_never_takes_a_word_of_the_apps_own_urls_as_slug():
    assert make_programme(name="Beheer").slug == "beheer-2"


def test_recruiting_needs_dates_and_a_begeleider_for_every_group():
    programme = make_programme(status="draft", meetings=0, begeleiders=[])
    with pytest.raises(ProgrammeError, match="data van de bijeenkomsten"):
        set_programme_status(programme=programme, status="recruiting", by=programme.kartrekker)
    programme = make_programme(status="draft", begeleiders=[])
    with pytest.raises(ProgrammeError, match="begeleider"):
        set_programme_status(programme=programme, status="recruiting", by=programme.kartrekker)
    assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.DRAFT


def test_an_illegal_programme_step_is_refused_and_changes_nothing():
    programme = make_programme()
    with pytest.raises(ProgrammeError, match="Werving"):
        set_programme_status(programme=programme, status="finished", by=programme.kartrekker)
    with pytest.raises(ProgrammeError, match="bekend"):
        set_programme_status(programme=programme, status="composing", by=programme.kartrekker)
        set_programme_status(programme=programme, status="running", by=programme.kartrekker)
    assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.COMPOSING


def test_fewer_groups_is_refused_while_the_group_that_would_go_has_people():
    programme = make_programme(group_count=2)
    signup = make_signup(programme, "student")
    Signup.objects.filter(pk=signup.pk).update(group=programme.groups.get(position=1))
    programme.group_count = 1
    with pytest.raises(ProgrammeError, match="Groep B heeft al deelnemers"):
        groups_sync(programme=programme, by=programme.kartrekker)
    assert programme.groups.count() == 2


def test_a_signup_is_attributed_to_the_partner_and_confirmed_by_email():
    programme = make_programme()
    partner = make_partner(programme, name="Wijkteam Noord")
    signup = make_signup(programme, "professional", partner=partner, email="jan@example.nl")
    assert signup.partner == partner and signup.status == SignupStatus.SIGNED_UP
    (message,) = [m for m in mail.outbox if m.to == ["jan@example.nl"]]
    assert programme.name in message.subject and f"/programmas/deelnemer/{signup.token}/" in message.body


def test_signing_up_twice_with_the_same_address_is_refused_but_after_withdrawing_it_is_fine():
    programme = make_programme()
    first = make_signup(programme, "ouder", email="ouder@example.nl")
    with pytest.raises(ProgrammeError, match="al aangemeld"):
        make_signup(programme, "ouder", email="ouder@example.nl")
    set_signup_status(signup=first, status="withdrawn", by=None)
    assert make_signup(programme, "ouder", email="ouder@example.nl").status == SignupStatus.SIGNED_UP


def test_no_signup_when_the_programme_does_not_recruit():
    programme = make_programme(status="draft")
    with pytest.raises(ProgrammeError, match="werft geen deelnemers"):
        make_signup(programme, "student")


def test_a_young_person_under_16_waits_for_the_parents_consent_given_through_the_email_link():
    programme = make_programme()
    birth = timezone.localdate().replace(year=timezone.localdate().year - 14)
    with pytest.raises(ProgrammeError, match="ouder of verzorger"):
        make_signup(programme, "jongere", birth_date=birth)
    signup = make_signup(
        programme, "jongere", birth_date=birth, parent_name="Ma", parent_email="ma@example.nl"
    )
    assert signup.status == SignupStatus.AWAITING_CONSENT and signup.parent_consent_at is None
    (message,) = [m for m in mail.outbox if m.to == ["ma@example.nl"]]
    assert f"/programmas/toestemming/{signup.parent_token}/" in message.body
    with pytest.raises(ProgrammeError):
        set_signup_status(signup=signup, status="invited", by=programme.kartrekker)
    parent_consent_give(signup=signup)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.SIGNED_UP and signup.parent_consent_at is not None


def test_a_young_person_of_16_needs_no_parent():
    programme = make_programme()
    today = timezone.localdate()
    birth = today.replace(year=today.year - 16)
    assert make_signup(programme, "jongere", birth_date=birth).status == SignupStatus.SIGNED_UP


def test_a_professional_signs_up_a_young_person_only_with_their_consent_which_is_recorded():
    programme = make_programme()
    professional = UserFactory()
    young = Signup(
        category=Category.YOUNG_PERSON, name="Sam", email="sam@example.nl", birth_date=dt.date(2006, 1, 1)
    )
    with pytest.raises(ProgrammeError, match="jongere zelf"):
        signup_create(programme=programme, signup=young, recorded_by=professional)
    signup = signup_create(programme=programme, signup=young, recorded_by=professional, subject_consent=True)
    assert signup.recorded_by == professional and signup.subject_consent_at is not None


def test_a_student_outside_year_3_or_4_gets_a_warning_not_a_refusal():
    programme = make_programme()
    signup = make_signup(programme, "student", study_year=2)
    assert signup.status == SignupStatus.SIGNED_UP
    assert "3e of 4e studiejaar" in student_year_warning(signup)
    assert student_year_warning(make_signup(programme, "student", study_year=4)) == ""


def test_signup_steps_follow_the_workflow_and_mail_the_kind_standard_message():
    programme = make_programme()
    signup = make_signup(programme, "student", email="s@example.nl")
    set_signup_status(signup=signup, status="declined", by=programme.kartrekker)
    assert "geen plaats" in [m for m in mail.outbox if m.to == ["s@example.nl"]][-1].body
    with pytest.raises(ProgrammeError, match="Afgewezen"):
        set_signup_status(signup=signup, status="invited", by=programme.kartrekker)
    assert Signup.objects.get(pk=signup.pk).status == SignupStatus.DECLINED
