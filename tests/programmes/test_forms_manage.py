import datetime as dt

import pytest
from django.utils import formats, timezone

from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.forms_manage import (
    DateForm,
    FiveMeetingsForm,
    GroupForm,
    PartnerForm,
    ProgrammeForm,
    SignupFilterForm,
    parse_school_year,
)
from intervisie.programmes.models import Programme
from tests.factories import OrganisationFactory, UserFactory, make_partner, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def kim():
    return UserFactory(name="Kim Kartrekker", email="kim@gemeente.example.nl", phone="030 123 45 67")


@pytest.fixture
def gemeente(kim):
    return OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE, managers=[kim])


def data(gemeente, **changes) -> dict:
    values = {
        "initiator": str(gemeente.pk),
        "name": "Buiten je bubbel Utrecht",
        "theme": "SAMENWERKEN",
        "leading_questions": "Wat is ieders rol?",
        "description": "",
        "school_year": "2027-2028",
        "contact_name": "Kim Kartrekker",
        "contact_email": "kim@gemeente.example.nl",
        "contact_phone": "",
        "group_count": "2",
        "group_size_min": "5",
        "group_size_max": "7",
        "target_professional": "2",
        "target_student": "2",
        "target_ouder": "1",
        "target_jongere": "1",
        "format": "online",
        "place": "",
        "min_attendance_commitment": "4",
        "recruitment_opens_on": "",
        "students_by": "",
        "signup_closes_on": "",
        "composed_by": "",
        "final_evaluation_on": "",
    }
    values.update(changes)
    return values


def new_form(gemeente, kim, **changes) -> ProgrammeForm:
    initiators = gemeente.__class__.objects.filter(pk=gemeente.pk)
    return ProgrammeForm(data(gemeente, **changes), initiators=initiators, user=kim)


# --- The programme -----------------------------------------------------------------------------------------


def test_a_new_programme_is_prefilled_with_the_seeds_choices_and_me_as_contact(kim, gemeente):
    form = ProgrammeForm(initiators=gemeente.__class__.objects.all(), user=kim)
    first = timezone.localdate().year if timezone.localdate().month < 7 else timezone.localdate().year + 1
    assert form.initial["school_year"] == f"{first}-{first + 1}"
    assert form.initial["contact_name"] == "Kim Kartrekker"
    assert form.initial["contact_email"] == "kim@gemeente.example.nl"
    assert form.initial["contact_phone"] == "030 123 45 67"
    assert form.initial["leading_questions"].startswith("Wat is ieders rol")
    assert form.initial["recruitment_opens_on"] == dt.date(first, 4, 1)
    assert (form.initial["target_professional"], form.initial["target_jongere"]) == (2, 1)
    assert "kartrekker_email" not in form.fields


def test_planning_dates_left_empty_follow_the_school_year(kim, gemeente):
    form = new_form(gemeente, kim)
    assert form.is_valid(), form.errors
    programme = form.save()
    assert programme.school_year == "2027-2028"
    assert programme.recruitment_opens_on == dt.date(2027, 4, 1)
    assert programme.students_by == dt.date(2027, 6, 1)
    assert programme.signup_closes_on == dt.date(2027, 7, 1)
    assert programme.composed_by == dt.date(2027, 8, 31)
    assert programme.final_evaluation_on == dt.date(2028, 6, 15)
    assert programme.target_mix == {"professional": 2, "student": 2, "ouder": 1, "jongere": 1}
    assert programme.pk is None  # the domain function saves it


def test_an_empty_form_says_what_is_missing_at_each_field(kim, gemeente):
    form = new_form(gemeente, kim, name="", contact_email="", school_year="", group_count="")
    assert not form.is_valid()
    assert form.errors["name"] == ["Geef het programma een naam."]
    assert form.errors["contact_email"] == ["Vul het e-mailadres van de contactpersoon in."]
    assert form.errors["school_year"] == [
        "Vul het schooljaar in als twee jaren na elkaar, bijvoorbeeld 2027-2028."
    ]
    assert form.errors["group_count"] == ["Vul een getal in."]


def test_a_name_too_long_says_how_long(kim, gemeente):
    form = new_form(gemeente, kim, name="x" * 121)
    assert form.errors["name"] == ["Je tekst is te lang. Gebruik maximaal 120 tekens (nu 121)."]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2027", "Vul het schooljaar in als twee jaren na elkaar, bijvoorbeeld 2027-2028."),
        ("27-28", "Vul het schooljaar in als twee jaren na elkaar, bijvoorbeeld 2027-2028."),
        ("2027-2029", "Een schooljaar loopt over twee jaren na elkaar, bijvoorbeeld 2027-2028."),
        ("2028-2027", "Een schooljaar loopt over twee jaren na elkaar, bijvoorbeeld 2028-2029."),
        ("1850-1851", "Vul het schooljaar in als twee jaren na elkaar, bijvoorbeeld 2027-2028."),
    ],
)
def test_a_wrong_school_year_gets_a_clear_message(kim, gemeente, typed, message):
    form = new_form(gemeente, kim, school_year=typed)
    assert form.errors["school_year"] == [message]


def test_a_school_year_with_a_slash_or_spaces_is_understood():
    assert parse_school_year(" 2027 / 2028 ") == 2027


def test_the_target_mix_must_fit_the_group_size(kim, gemeente):
    form = new_form(gemeente, kim, target_professional="4", target_student="3")
    assert form.errors["target_professional"] == [
        "De gewenste samenstelling telt 9 mensen per groep, maar een groep heeft 5 tot 7 deelnemers. Pas de "
        "aantallen of de groepsgrootte aan."
    ]
    form = new_form(
        gemeente, kim, target_professional="0", target_student="1", target_ouder="1", target_jongere="1"
    )
    assert "telt 3 mensen per groep" in form.errors["target_professional"][0]


def test_the_maximum_group_size_is_not_below_the_minimum(kim, gemeente):
    form = new_form(gemeente, kim, group_size_min="7", group_size_max="5")
    assert form.errors["group_size_max"] == [
        "Het maximum is kleiner dan het minimum (7). Pas een van beide aan."
    ]
    assert "target_professional" not in form.errors


def test_numbers_outside_their_range_are_refused(kim, gemeente):
    form = new_form(gemeente, kim, group_count="13", target_student="-1", min_attendance_commitment="twee")
    assert form.errors["group_count"] == ["Kies hoogstens 12."]
    assert form.errors["target_student"] == ["Kies minstens 0."]
    assert form.errors["min_attendance_commitment"] == ["Vul een heel getal in, zonder letters."]


def test_the_planning_dates_come_in_order(kim, gemeente):
    form = new_form(
        gemeente,
        kim,
        recruitment_opens_on="2027-04-01",
        students_by="2027-03-01",
        signup_closes_on="2027-07-01",
        composed_by="2027-06-30",
    )
    assert form.errors["students_by"] == [
        "Studenten benader je als de werving loopt: kies een datum na 1 april 2027."
    ]
    assert form.errors["composed_by"] == ["De groepen deel je in nadat het aanmelden sluit (1 juli 2027)."]
    form = new_form(gemeente, kim, signup_closes_on="2027-05-20", final_evaluation_on="2027-08-01")
    assert form.errors["final_evaluation_on"] == [
        "De slotevaluatie komt na het indelen van de groepen (31 augustus 2027)."
    ]
    assert form.errors["signup_closes_on"] == [
        "Aanmelden sluit na de datum waarop de studenten benaderd zijn (1 juni 2027)."
    ]


def test_a_wrong_date_keeps_what_was_typed(kim, gemeente):
    form = new_form(gemeente, kim, signup_closes_on="31-02-2027")
    assert form.errors["signup_closes_on"] == ["Vul een geldige datum in, bijvoorbeeld 14-10-2025."]
    assert 'value="31-02-2027"' in str(form["signup_closes_on"])


def test_meetings_on_site_need_a_place(kim, gemeente):
    form = new_form(gemeente, kim, format="in_person")
    assert form.errors["place"] == ["Vul de plaats en het adres in voor bijeenkomsten op locatie."]


def test_a_phone_number_with_letters_is_refused(kim, gemeente):
    form = new_form(gemeente, kim, contact_phone="bel me")
    assert form.errors["contact_phone"] == [
        "Vul een telefoonnummer in met cijfers, spaties of streepjes, bijvoorbeeld 030 123 45 67."
    ]


def test_an_initiator_that_is_not_mine_is_refused(kim, gemeente):
    other = OrganisationFactory(kind=OrganisationKind.GEMEENTE)
    form = new_form(gemeente, kim, initiator=str(other.pk))
    assert form.errors["initiator"] == ["Kies een organisatie uit de lijst."]


def test_the_kartrekker_is_handed_over_by_e_mail_address(kim):
    programme = make_programme(kartrekker=kim)
    noor = UserFactory(email="noor@example.nl")
    values = data(programme.initiator, kartrekker_email="Noor@Example.nl", school_year=programme.school_year)
    form = ProgrammeForm(values, instance=Programme.objects.get(pk=programme.pk))
    assert "initiator" not in form.fields
    assert form.is_valid(), form.errors
    assert form.save().kartrekker == noor


def test_an_unknown_kartrekker_address_is_refused(kim):
    programme = make_programme(kartrekker=kim)
    values = data(
        programme.initiator, kartrekker_email="niemand@example.nl", school_year=programme.school_year
    )
    form = ProgrammeForm(values, instance=programme)
    assert form.errors["kartrekker_email"] == [
        "We kennen geen account met dit e-mailadres. Vraag de nieuwe kartrekker eerst een account te maken."
    ]


def test_the_edit_form_shows_the_programmes_own_mix_and_kartrekker(kim):
    programme = make_programme(
        kartrekker=kim, target_mix={"professional": 3, "student": 1, "ouder": 1, "jongere": 1}
    )
    form = ProgrammeForm(instance=programme)
    assert form["kartrekker_email"].value() == kim.email
    assert form["target_professional"].value() == 3


# --- Dates -------------------------------------------------------------------------------------------------


def date_data(**changes) -> dict:
    values = {
        "kind": "meeting",
        "starts_at": "",
        "ends_at": "",
        "format": "online",
        "location": "",
        "group": "",
    }
    values.update(changes)
    return values


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_a_date_ending_before_it_starts_is_refused_at_the_end():
    programme = make_programme()
    form = DateForm(date_data(starts_at="2027-10-26T16:00", ends_at="2027-10-26T15:00"), programme=programme)
    assert form.errors["ends_at"] == ["Het einde ligt na het begin: kies een latere eindtijd."]


def test_an_empty_date_form_says_what_is_missing():
    programme = make_programme()
    form = DateForm(date_data(kind=""), programme=programme)
    assert form.errors == {
        "kind": ["Kies wat voor bijeenkomst het is."],
        "starts_at": ["Kies wanneer de bijeenkomst begint."],
        "ends_at": ["Kies wanneer de bijeenkomst eindigt."],
    }


def test_a_meeting_before_the_start_meeting_is_refused():
    programme = make_programme()
    start = programme.dates.get(kind="start")
    before = start.starts_at - dt.timedelta(days=1)
    form = DateForm(
        date_data(starts_at=local(before), ends_at=local(before + dt.timedelta(hours=2))), programme=programme
    )
    when = formats.date_format(timezone.localtime(start.starts_at), "j F Y H:i")
    assert form.errors["starts_at"] == [f"Een bijeenkomst ligt na de startbijeenkomst ({when})."]


def test_a_start_meeting_after_the_first_meeting_is_refused():
    programme = make_programme()
    start = programme.dates.get(kind="start")
    first = programme.dates.filter(kind="meeting").first()
    later = first.starts_at + dt.timedelta(days=1)
    form = DateForm(
        date_data(kind="start", starts_at=local(later), ends_at=local(later + dt.timedelta(hours=2))),
        instance=start,
        programme=programme,
    )
    when = formats.date_format(timezone.localtime(first.starts_at), "j F Y H:i")
    assert form.errors["starts_at"] == [f"De startbijeenkomst ligt vóór de eerste bijeenkomst ({when})."]


def test_a_meeting_outside_the_school_year_is_a_warning_not_an_error():
    programme = make_programme()
    programme.school_year = "2027-2028"
    form = DateForm(
        date_data(kind="final", starts_at="2028-09-01T16:00", ends_at="2028-09-01T18:00"), programme=programme
    )
    assert form.is_valid(), form.errors
    assert (
        form.warning
        == "Let op: 1 september 2028 valt buiten het schooljaar 2027-2028 (1 augustus tot en met 31 juli)."
    )
    info = DateForm(
        date_data(kind="information", starts_at="2027-05-20T19:00", ends_at="2027-05-20T20:00"),
        programme=programme,
    )
    assert info.is_valid() and info.warning == ""


def test_a_date_on_site_needs_a_place():
    programme = make_programme()
    form = DateForm(
        date_data(kind="final", format="in_person", starts_at="2028-06-01T16:00", ends_at="2028-06-01T18:00"),
        programme=programme,
    )
    assert form.errors["location"] == ["Vul de plaats en het adres in voor een bijeenkomst op locatie."]


def test_a_group_of_another_programme_cannot_be_chosen():
    programme, other = make_programme(), make_programme()
    form = DateForm(
        date_data(
            kind="final",
            starts_at="2028-06-01T16:00",
            ends_at="2028-06-01T18:00",
            group=str(other.groups.first().pk),
        ),
        programme=programme,
    )
    assert form.errors["group"] == ["Kies een groep uit de lijst."]


def test_five_meetings_start_six_weeks_after_the_start_meeting_at_its_times():
    programme = make_programme(meetings=0, status="draft")
    start = timezone.localtime(programme.dates.get(kind="start").starts_at)
    form = FiveMeetingsForm(programme=programme)
    assert form.initial["first"] == start.date() + dt.timedelta(weeks=6)
    assert (form.initial["starts"], form.initial["ends"]) == (dt.time(16), dt.time(18))
    assert (form.initial["weeks_between"], form.initial["count"]) == (6, 5)


def test_five_meetings_need_an_end_after_the_start():
    programme = make_programme(meetings=0, status="draft")
    form = FiveMeetingsForm(
        {
            "first": "2027-10-26",
            "starts": "18:00",
            "ends": "16:00",
            "weeks_between": "6",
            "count": "5",
            "format": "online",
        },
        programme=programme,
    )
    assert form.errors == {"ends": ["Het einde ligt na het begin: kies een latere eindtijd."]}


# --- Groups and partners -----------------------------------------------------------------------------------


def test_a_begeleider_is_chosen_by_the_address_of_an_account():
    bea = UserFactory(email="bea@hu.example.nl")
    form = GroupForm({"name": "Groep A", "begeleider_email": "BEA@hu.example.nl"})
    assert form.is_valid() and form.begeleider == bea
    form = GroupForm({"name": "Groep A", "begeleider_email": "onbekend@example.nl"})
    assert form.errors["begeleider_email"] == [
        "We kennen geen account met dit e-mailadres. Vraag de begeleider eerst een account te maken."
    ]
    form = GroupForm({"name": "", "begeleider_email": ""}, begeleider_required=True)
    assert form.errors == {
        "name": ["Geef de groep een naam."],
        "begeleider_email": ["Elke groep heeft een begeleider nodig: de werving is al begonnen."],
    }


def partner_data(**changes) -> dict:
    values = {
        "name": "Wijkteam Oost",
        "kind": "praktijk",
        "organisation_name": "",
        "contact_name": "Sam",
        "contact_email": "sam@wijkteam.example.nl",
        "commit_professional": "2",
        "commit_student": "0",
        "commit_ouder": "1",
        "commit_jongere": "0",
        "paid_hours": "0",
    }
    values.update(changes)
    return values


def test_a_partner_commits_per_category_and_may_pay_hours():
    programme = make_programme()
    care = OrganisationFactory(name="Wijkteam Utrecht Oost")
    form = PartnerForm(
        partner_data(pays_hours="on", paid_hours="10", organisation_name="wijkteam utrecht oost"),
        programme=programme,
    )
    assert form.is_valid(), form.errors
    partner = form.save()
    assert partner.commitments == {"professional": 2, "ouder": 1}
    assert (partner.pays_hours, partner.paid_hours, partner.organisation) == (True, 10, care)


def test_paid_hours_and_the_tick_go_together():
    programme = make_programme()
    form = PartnerForm(partner_data(pays_hours="on", paid_hours="0"), programme=programme)
    assert form.errors["paid_hours"] == ["Vul in hoeveel uur per deelnemer de partner betaalt."]
    form = PartnerForm(partner_data(paid_hours="8"), programme=programme)
    assert form.errors["paid_hours"] == ["Zet het vinkje bij ‘betaalt de uren’ aan, of zet de uren op 0."]


def test_a_partner_name_the_programme_has_is_refused_and_an_unknown_organisation_explained():
    programme = make_programme()
    make_partner(programme, name="Wijkteam Oost")
    form = PartnerForm(
        partner_data(name="wijkteam oost", organisation_name="Bestaat niet"), programme=programme
    )
    assert form.errors["name"] == ["Deze partner staat al in het programma."]
    assert form.errors["organisation_name"][0].startswith("We vinden geen organisatie met deze naam")


def test_editing_a_partner_keeps_its_own_name_allowed():
    programme = make_programme()
    partner = make_partner(programme, name="Wijkteam Oost", commitments={"student": 2})
    form = PartnerForm(instance=partner, programme=programme)
    assert form["commit_student"].value() == 2
    form = PartnerForm(partner_data(), instance=partner, programme=programme)
    assert form.is_valid(), form.errors


def test_the_list_filters_fall_back_to_their_defaults():
    programme = make_programme()
    partner = make_partner(programme)
    form = SignupFilterForm(
        {
            "q": "  anna  " + "x" * 200,
            "categorie": "alien",
            "status": "invited",
            "partner": "99999",
            "sorteer": "raar",
        },
        partners=[partner],
    )
    values = form.values()
    assert values["q"].startswith("anna") and len(values["q"]) <= 100
    assert (values["categorie"], values["status"], values["partner"], values["sorteer"]) == (
        "",
        "invited",
        "",
        "nieuwste",
    )
    assert SignupFilterForm({"partner": str(partner.pk)}, partners=[partner]).values()["partner"] == str(
        partner.pk
    )
