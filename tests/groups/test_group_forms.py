from decimal import Decimal

import pytest

from intervisie.common.models import AuditEntry
from intervisie.groups.domain import membership_request
from intervisie.groups.enums import GroupStatus, MembershipState
from intervisie.groups.group_forms import GroupForm, unique_group_slug
from intervisie.groups.models import IntervisionGroup
from tests.factories import GroupFactory, MethodFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def valid_data(**changes):
    data = {
        "name": "Intervisie Zwolle Zuid",
        "description": "Gezinshuisouders uit de regio Zwolle bespreken elke zes weken een vraag uit de praktijk.",
        "audience": "gezinshuisouders",
        "format": "in_person",
        "place": "Zwolle",
        "municipality": "",
        "province": "",
        "methods": [],
        "has_begeleider": "on",
        "begeleider_name": "Petra Smit",
        "begeleider_register": "LVSC",
        "for_skj": "on",
        "min_members": "4",
        "max_members": "8",
        "external_members": "0",
        "is_closed": "False",
        "has_waitlist": "on",
        "frequency": "six_weekly",
        "weekday": "2",
        "time_of_day": "evening",
        "start_time": "19:30",
        "meeting_minutes": "120",
        "start_date": "2026-09-01",
        "cost_per_year": "250",
        "language": "nl",
        "contact_name": "Petra Smit",
        "contact_email": "petra@voorbeeld.nl",
        "contact_phone": "038 123 4567",
        "is_published": "on",
    }
    data.update(changes)
    return data


def errors_of(organisation, instance=None, **changes):
    form = GroupForm(data=valid_data(**changes), organisation=organisation, instance=instance)
    assert not form.is_valid()
    return form.errors


def test_group_form_fills_coordinates_and_province_from_the_place(organisation):
    form = GroupForm(data=valid_data(), organisation=organisation)
    assert form.is_valid(), form.errors
    group = form.instance
    assert (group.latitude, group.longitude) == (52.5125, 6.0944)
    assert form.cleaned_data["province"] == "OV"
    assert group.organisation == organisation


def test_group_form_keeps_a_province_the_manager_chose(organisation):
    form = GroupForm(data=valid_data(province="GE"), organisation=organisation)
    assert form.is_valid(), form.errors
    assert form.instance.province == "GE"
    assert form.instance.latitude == 52.5125


def test_group_form_turns_a_postcode_into_the_place_name(organisation):
    form = GroupForm(data=valid_data(place="3511"), organisation=organisation)
    assert form.is_valid(), form.errors
    assert form.instance.place == "Utrecht"
    assert form.instance.province == "UT"


def test_group_form_needs_a_place_unless_online(organisation):
    assert errors_of(organisation, place="")["place"] == [
        "Vul de plaats in waar de groep bij elkaar komt. Alleen bij een online groep mag dit leeg blijven."
    ]
    form = GroupForm(data=valid_data(place="", format="online"), organisation=organisation)
    assert form.is_valid(), form.errors
    assert form.instance.latitude is None and form.instance.province == ""


def test_group_form_rejects_an_unknown_place(organisation):
    assert errors_of(organisation, place="Nergenshuizen")["place"] == [
        "We kennen de plaats 'Nergenshuizen' niet. Controleer de spelling, of typ de postcode (4 cijfers)."
    ]


def test_group_form_rejects_max_below_min(organisation):
    assert errors_of(organisation, min_members="6", max_members="5")["max_members"] == [
        "Het maximum moet minstens even groot zijn als het minimum (6)."
    ]


def test_group_form_rejects_max_below_external_members(organisation):
    assert errors_of(organisation, min_members="2", max_members="4", external_members="5")["max_members"] == [
        "Er zijn al 5 leden (ook die buiten Intervisiewijzer). Het maximum kan niet lager zijn."
    ]


def test_group_form_rejects_max_below_members_on_the_platform(group, bob):
    group.occupied_places = 3
    group.save()
    errors = errors_of(
        group.organisation,
        instance=group,
        name=group.name,
        min_members="2",
        max_members="4",
        external_members="2",
    )
    assert errors["max_members"] == [
        "Er zijn al 5 leden (ook die buiten Intervisiewijzer). Het maximum kan niet lager zijn."
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_email", "petra@", "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."),
        ("cost_per_year", "-1", "De kosten kunnen niet lager zijn dan 0."),
        ("cost_per_year", "veel", "Vul een bedrag in, bijvoorbeeld 250 of 250,50."),
        ("cost_per_year", "12,345", "Gebruik hoogstens 2 cijfers achter de komma."),
        ("name", "", "Vul de naam van de groep in."),
        ("min_members", "1", "Een groep heeft minstens 2 leden."),
        ("max_members", "31", "Een groep heeft hoogstens 30 leden."),
        ("province", "XX", "Onbekende provincie: XX. Gebruik een code zoals UT of NH."),
        ("weekday", "8", "Onbekende dag: 8. Gebruik 1 (maandag) tot en met 7 (zondag)."),
        ("methods", ["bestaat-niet"], "Onbekende methode: bestaat-niet."),
        ("start_date", "1 september", "Vul een datum in, bijvoorbeeld 2026-09-01 of 1-9-2026."),
        ("is_closed", "misschien", "Kies open of gesloten."),
    ],
)
def test_group_form_explains_bad_values_in_dutch(organisation, field, value, message):
    assert errors_of(organisation, **{field: value})[field] == [message]


def test_group_form_limits_the_description_to_3000_characters(organisation):
    errors = errors_of(organisation, description="x" * 3001)
    assert errors["description"] == [
        "Zorg dat deze waarde niet meer dan 3000 tekens bevat (het zijn er nu 3001)."
    ]
    assert GroupForm(data=valid_data(description="x" * 3000), organisation=organisation).is_valid()


def test_group_form_accepts_a_dutch_amount(organisation):
    form = GroupForm(data=valid_data(cost_per_year="€ 1.234,50"), organisation=organisation)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cost_per_year"] == Decimal("1234.50")


def test_group_form_refuses_a_second_group_with_the_same_name(group):
    errors = errors_of(group.organisation, name="intervisie utrecht  oost")
    assert errors["name"] == ["Je organisatie heeft al een groep met deze naam. Kies een andere naam."]
    other = OrganisationFactory()
    assert GroupForm(data=valid_data(name=group.name), organisation=other).is_valid()


def test_group_form_save_generates_a_unique_slug_and_writes_the_audit_log(organisation, alice):
    GroupFactory(name="Intervisie Zwolle Zuid", slug="intervisie-zwolle-zuid")  # another organisation
    method = MethodFactory(name="Incidentmethode")
    form = GroupForm(data=valid_data(methods=["incidentmethode"]), organisation=organisation)
    assert form.is_valid(), form.errors
    group = form.save_group(by=alice)
    group.refresh_from_db()
    assert group.slug == "intervisie-zwolle-zuid-2"
    assert list(group.methods.all()) == [method]
    assert group.status == GroupStatus.OPEN and group.open_places == 8
    entry = AuditEntry.objects.get(action="group.created")
    assert (entry.actor, entry.object_id) == (alice, str(group.pk))


def test_unique_group_slug_counts_up_and_handles_names_without_letters(db):
    GroupFactory(name="Groep", slug="groep")
    GroupFactory(name="Groep 2", slug="groep-2")
    assert unique_group_slug("Groep") == "groep-3"
    assert unique_group_slug("???") == "groep-3"
    assert unique_group_slug("Één ding") == "een-ding"


def test_group_form_edit_keeps_coordinates_when_the_place_stays(group, alice):
    group.latitude, group.longitude = 52.1, 5.2  # set by hand, e.g. the exact address
    group.save()
    form = GroupForm(
        data=valid_data(name=group.name, place="Utrecht"), instance=group, organisation=group.organisation
    )
    assert form.is_valid(), form.errors
    form.save_group(by=alice)
    group.refresh_from_db()
    assert (group.latitude, group.longitude, group.province) == (52.1, 5.2, "UT")


def test_group_form_shows_a_derived_province_as_automatic_so_it_follows_a_new_place(group, alice):
    form = GroupForm(instance=group, organisation=group.organisation)
    assert form.initial["province"] == ""
    data = valid_data(name=group.name, place="Zwolle", province=form.initial["province"])
    form = GroupForm(data=data, instance=group, organisation=group.organisation)
    assert form.is_valid(), form.errors
    form.save_group(by=alice)
    group.refresh_from_db()
    assert (group.place, group.province, group.latitude) == ("Zwolle", "OV", 52.5125)


def test_group_form_closing_a_group_changes_its_status(group, alice):
    form = GroupForm(
        data=valid_data(name=group.name, place="Utrecht", is_closed="True"),
        instance=group,
        organisation=group.organisation,
    )
    assert form.is_valid(), form.errors
    form.save_group(by=alice)
    group.refresh_from_db()
    assert group.is_closed is True and group.status == GroupStatus.CLOSED
    assert (
        AuditEntry.objects.filter(action="group.changed", actor=alice, object_id=str(group.pk)).count() == 1
    )


def test_group_form_raising_the_maximum_offers_the_place_to_the_waitlist(group, alice, bob):
    group.max_members, group.external_members, group.min_members = 2, 2, 2
    group.save()
    waiting = membership_request(user=bob, group=group, motivation="Graag, ik wacht wel.")
    assert waiting.state == MembershipState.WAITLISTED
    form = GroupForm(
        data=valid_data(
            name=group.name, place="Utrecht", min_members="2", max_members="3", external_members="2"
        ),
        instance=group,
        organisation=group.organisation,
    )
    assert form.is_valid(), form.errors
    form.save_group(by=alice)
    waiting.refresh_from_db()
    assert waiting.state == MembershipState.OFFERED
    assert IntervisionGroup.objects.get(pk=group.pk).open_places == 0


def test_group_form_keeps_what_was_typed_after_an_error(organisation):
    form = GroupForm(
        data=valid_data(place="Nergenshuizen", contact_phone="06 98765432"), organisation=organisation
    )
    assert not form.is_valid()
    html = str(form["place"]) + str(form["contact_phone"]) + str(form["description"])
    assert 'value="Nergenshuizen"' in html
    assert 'value="06 98765432"' in html
    assert "bespreken elke zes weken" in html


def test_group_form_begeleider_account_is_not_a_field(organisation):
    # Picking an account would list people's names to every manager; the form asks for a name only.
    assert "begeleider" not in GroupForm(organisation=organisation).fields


def test_group_form_accepts_dutch_price_notation():
    from intervisie.common.forms import EuroField

    assert str(EuroField().clean("€ 250,-")) == "250"
    assert str(EuroField().clean("1.250,50")) == "1250.50"


def test_group_form_time_of_day_must_fit_the_start_time():
    from datetime import time

    from intervisie.groups.group_forms import time_of_day_for

    assert [time_of_day_for(time(h)) for h in (9, 11, 12, 17, 18, 21)] == [
        "morning",
        "morning",
        "afternoon",
        "afternoon",
        "evening",
        "evening",
    ]


def test_group_form_refuses_a_start_time_outside_the_part_of_day(organisation):
    form = GroupForm(valid_data(time_of_day="morning", start_time="19:30"), organisation=organisation)
    assert not form.is_valid()
    assert "De begintijd 19:30 past niet bij het dagdeel. Kies 'avond'" in form.errors["time_of_day"][0]


@pytest.mark.parametrize("phone", ["abc", "12", "06-abc-12345"])
def test_group_form_refuses_a_phone_number_without_digits(organisation, phone):
    form = GroupForm(valid_data(contact_phone=phone), organisation=organisation)
    assert not form.is_valid()
    assert "Een telefoonnummer bestaat uit cijfers" in form.errors["contact_phone"][0]
