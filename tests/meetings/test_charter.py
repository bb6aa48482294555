"""The group charter (groepsafspraken): versions, agreeing in the app, and its pages."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Method
from intervisie.meetings import domain
from intervisie.meetings.enums import BelowQuorum, CaseChoice
from intervisie.meetings.models import DEFAULT_CONFIDENTIALITY, Charter, CharterAgreement
from tests.factories import (
    CharterFactory,
    GroupFactory,
    MembershipFactory,
    MethodFactory,
    OrganisationFactory,
    UserFactory,
    give_totp,
)

EXPECTATIONS = (
    "Leren van elkaars aanpak. Oefenen met lastige gesprekken met ouders.\n"
    "Een vaste groep waar je ook twijfels kwijt kunt."
)
FIELDS = {
    "expectations": EXPECTATIONS,
    "confidentiality": DEFAULT_CONFIDENTIALITY,
    "case_choice": CaseChoice.DURING,
    "min_attendance": 3,
    "below_quorum": BelowQuorum.RESCHEDULE,
    "schedule": "Zes keer per jaar op dinsdagavond in Utrecht.",
    "channel": "Appgroep",
    "channel_use": "Alleen voor afspraken, niet voor casussen.",
    "max_gap_weeks": 8,
}


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _create(group, by, **changes):
    return domain.charter_create(group=group, by=by, **{**FIELDS, **changes})


def _url(name, group):
    return reverse(f"meetings:{name}", kwargs={"slug": group.slug})


# --- Domain ----------------------------------------------------------------------------------------------


def test_charter_create_numbers_versions_and_emails_participants(group, alice, member, planner, charlie):
    method = MethodFactory(name="Onze eigen balintvariant")  # not a library name: those exist already
    first = _create(group, alice, methods=[method])
    second = _create(group, alice, min_attendance=4)
    assert (first.version, second.version) == (1, 2)
    assert list(first.methods.all()) == [method]
    assert domain.charter_current(group) == second
    assert AuditEntry.objects.filter(action="charter.create").count() == 2
    # Two versions, two participants: four e-mails; the manager and the outsider get none.
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.nl"] * 2 + ["pien@example.nl"] * 2
    message = mail.outbox[0]
    assert message.subject.endswith(
        "Nieuwe groepsafspraken voor Intervisie Utrecht Oost: lees ze en ga akkoord"
    )
    assert f"/bijeenkomsten/groep/{group.slug}/afspraken/" in message.body
    assert "Lees de afspraken en ga akkoord" in message.alternatives[0][0]
    # The e-mail points to the agreements; it does not carry what the group discusses.
    assert FIELDS["channel_use"] not in message.body


def test_charter_create_keeps_the_expectations_round_and_a_new_version_can_change_it(group, alice):
    first = _create(group, alice)
    second = _create(group, alice, expectations="")  # the round is not required
    assert (first.expectations, second.expectations) == (EXPECTATIONS, "")
    # The e-mail about the new agreements does not carry them.
    assert all("elkaars aanpak" not in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"expectations": "x" * 2001}, "expectations"),
        ({"min_attendance": 1}, "min_attendance"),
        ({"min_attendance": 7}, "min_attendance"),  # the group has at most 6 members
        ({"max_gap_weeks": 0}, "max_gap_weeks"),
        ({"case_choice": "dobbelsteen"}, "case_choice"),
        ({"confidentiality": "x" * 2001}, "confidentiality"),
        ({"channel": ""}, "channel"),
    ],
)
def test_charter_create_refuses_bad_input(group, alice, member, changes, field):
    with pytest.raises(ValidationError) as caught:
        _create(group, alice, **changes)
    assert field in caught.value.message_dict
    assert not Charter.objects.exists() and mail.outbox == []


def test_charter_agree_is_recorded_once_with_its_time(group, alice, member):
    charter = _create(group, alice)
    first = domain.charter_agree(charter=charter, user=member)
    second = domain.charter_agree(charter=charter, user=member)
    assert first.pk == second.pk and first.agreed_at is not None
    assert CharterAgreement.objects.count() == 1
    assert AuditEntry.objects.filter(action="charter.agree", actor=member).count() == 1


def test_charter_agree_a_new_version_needs_agreeing_again(group, alice, member):
    old = _create(group, alice)
    domain.charter_agree(charter=old, user=member)
    new = _create(group, alice, min_attendance=4)
    rows = domain.charter_agreement_rows(new)
    assert [(r.user, r.agreed_at) for r in rows] == [(member, None)]
    with pytest.raises(domain.MeetingError, match="nieuwe versie"):
        domain.charter_agree(charter=old, user=member)
    domain.charter_agree(charter=new, user=member)
    assert domain.charter_agreement_rows(new)[0].agreed_at is not None


def test_charter_agree_by_someone_outside_the_group_is_refused(group, alice, charlie, bob):
    MembershipFactory(user=bob, group=group, state=S.WAITLISTED)
    charter = _create(group, alice)
    for person in (alice, charlie, bob):
        with pytest.raises(domain.MeetingError, match="Alleen deelnemers"):
            domain.charter_agree(charter=charter, user=person)
    assert not CharterAgreement.objects.exists()


# --- The charter page ---------------------------------------------------------------------------------


def test_charter_page_without_charter_member_sees_explanation_only(client, group, member):
    client.force_login(member)
    html = _text(client.get(_url("charter", group)))
    assert "De groep heeft nog geen afspraken vastgelegd." in html
    assert _url("charter_new", group) not in html


def test_charter_page_without_charter_planner_can_start(client, group, planner):
    client.force_login(planner)
    html = _text(client.get(_url("charter", group)))
    assert "Groepsafspraken vastleggen" in html
    assert _url("charter_new", group) in html


def test_charter_page_member_sees_text_and_own_status_not_the_list(client, group, alice, member, planner):
    charter = _create(group, alice)
    domain.charter_agree(charter=charter, user=planner)
    client.force_login(member)
    html = _text(client.get(_url("charter", group)))
    assert "Groepsafspraken van Intervisie Utrecht Oost" in html
    assert "Versie 1" in html
    assert "Zes keer per jaar op dinsdagavond in Utrecht." in html
    assert "Tijdens de bijeenkomst kiezen we samen" in html
    assert "Je bent nog niet akkoord gegaan met deze versie." in html
    assert "Ik ga akkoord met deze afspraken" in html
    assert "Wie is akkoord?" not in html
    assert "Pien Planner" not in html
    assert (
        "<dt>Verwachtingen en wensen</dt><dd>Leren van elkaars aanpak. Oefenen met lastige gesprekken met "
        "ouders.<br>Een vaste groep waar je ook twijfels kwijt kunt.</dd>"
    ) in html


@pytest.mark.parametrize(
    ("rule", "shown"),
    [
        (BelowQuorum.CANCEL, True),
        (BelowQuorum.CONTINUE, False),
        (BelowQuorum.RESCHEDULE, False),
    ],
)
def test_charter_page_says_when_the_site_cancels_by_itself(client, group, alice, member, rule, shown):
    _create(group, alice, below_quorum=rule)
    client.force_login(member)
    html = _text(client.get(_url("charter", group)))
    assert ("Na de aanmelddeadline gelast de site de bijeenkomst dan vanzelf af." in html) is shown


def test_charter_page_without_expectations_says_they_are_not_written_down(client, group, alice, member):
    _create(group, alice, expectations="")
    client.force_login(member)
    html = _text(client.get(_url("charter", group)))
    assert (
        '<dt>Verwachtingen en wensen</dt><dd><span class="muted">Nog niet opgeschreven.</span></dd>' in html
    )


def test_charter_page_manager_sees_who_agreed_and_who_not_yet(client, group, alice, member, planner):
    charter = _create(group, alice)
    domain.charter_agree(charter=charter, user=planner)
    client.force_login(alice)
    html = _text(client.get(_url("charter", group)))
    agreed, waiting = html.split('class="agreed-list"')[1], html.split('class="waiting-list"')[1]
    assert "Pien Planner" in agreed.split("</ul>")[0]
    assert "Bob de Vries" in waiting.split("</ul>")[0]
    assert "Akkoord (1)" in html and "Nog niet akkoord (1)" in html
    # Alice manages the group but does not take part: nothing for her to agree to.
    assert "Ik ga akkoord met deze afspraken" not in html
    assert _url("charter_new", group) in html


def test_charter_page_planner_member_sees_own_status_and_the_list(client, group, alice, planner):
    charter = _create(group, alice)
    domain.charter_agree(charter=charter, user=planner)
    client.force_login(planner)
    html = _text(client.get(_url("charter", group)))
    assert "Je bent akkoord gegaan met deze afspraken op" in html
    assert "Wie is akkoord?" in html


def test_charter_page_outsiders_get_404(client, group, alice, charlie):
    _create(group, alice)
    other_manager = UserFactory(roles=["organisatiebeheerder"])
    give_totp(other_manager)
    OrganisationFactory(managers=[other_manager])
    left = UserFactory()
    MembershipFactory(user=left, group=group, state=S.LEFT)
    for person in (charlie, other_manager, left):
        client.force_login(person)
        assert client.get(_url("charter", group)).status_code == 404
        assert client.get(_url("charter_new", group)).status_code == 404
        assert client.post(_url("charter_agree", group), {"version": "1"}).status_code == 404


def test_charter_page_anonymous_goes_to_login(client, group):
    response = client.get(_url("charter", group))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_charter_page_unknown_group_is_404(client, member):
    client.force_login(member)
    assert client.get(reverse("meetings:charter", kwargs={"slug": "bestaat-niet"})).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_charter_page_query_count_is_fixed(client, group, alice, django_assert_num_queries, count):
    charter = _create(group, alice)
    for n in range(count):
        person = UserFactory(name=f"Deelnemer {n}")
        MembershipFactory(user=person, group=group)
        if n % 2 == 0:
            CharterAgreement.objects.create(charter=charter, user=person)
    client.force_login(alice)
    # session, user, MFA (roles, TOTP), group, permissions (viewing: participant, manager; editing:
    # manager; agreeing: participant), the charter with its author, its methods, the agreements, the
    # participants, and the menu's check.
    with django_assert_num_queries(14):
        response = client.get(_url("charter", group))
    assert f"Nog niet akkoord ({count // 2})" in _text(response)


# --- Agreeing ---------------------------------------------------------------------------------------------


def test_charter_agree_post_records_agreement_and_shows_it(client, group, alice, member):
    _create(group, alice)
    client.force_login(member)
    response = client.post(_url("charter_agree", group), {"version": "1"}, follow=True)
    assert _messages(response) == ["Je bent akkoord met de groepsafspraken (versie 1). Dank je wel!"]
    html = _text(response)
    assert "Je bent akkoord gegaan met deze afspraken op" in html
    assert "Ik ga akkoord met deze afspraken" not in html
    assert CharterAgreement.objects.filter(user=member).count() == 1


def test_charter_agree_post_to_an_old_version_says_read_the_new_one(client, group, alice, member):
    _create(group, alice)
    _create(group, alice, min_attendance=4)
    client.force_login(member)
    response = client.post(_url("charter_agree", group), {"version": "1"}, follow=True)
    assert _messages(response) == [
        "Er is intussen een nieuwe versie van de groepsafspraken. Lees die eerst en ga dan akkoord."
    ]
    assert not CharterAgreement.objects.exists()


@pytest.mark.parametrize("version", ["", "abc", "99"])
def test_charter_agree_post_with_a_bad_version_changes_nothing(client, group, alice, member, version):
    _create(group, alice)
    client.force_login(member)
    response = client.post(_url("charter_agree", group), {"version": version}, follow=True)
    assert "Deze versie van de groepsafspraken bestaat niet." in _messages(response)[0]
    assert not CharterAgreement.objects.exists()


def test_charter_agree_by_manager_who_does_not_take_part_is_404(client, group, alice):
    _create(group, alice)
    client.force_login(alice)
    assert client.post(_url("charter_agree", group), {"version": "1"}).status_code == 404


def test_charter_agree_get_is_not_allowed(client, group, alice, member):
    _create(group, alice)
    client.force_login(member)
    assert client.get(_url("charter_agree", group)).status_code == 405


# --- Making a new version ------------------------------------------------------------------------------


def _form_data(**changes):
    data = {**FIELDS, **changes}
    return {key: value for key, value in data.items() if value is not None}


def test_charter_new_first_version_is_prefilled_with_defaults(client, group, planner):
    method = MethodFactory(name="Onze eigen incidentvariant")
    group.methods.add(method)
    client.force_login(planner)
    response = client.get(_url("charter_new", group))
    form = response.context["form"]
    assert form["confidentiality"].value() == DEFAULT_CONFIDENTIALITY
    assert form["max_gap_weeks"].value() == 8
    assert form["min_attendance"].value() == 4  # the group's own minimum
    assert form["methods"].value() == [method.pk]
    assert form["expectations"].value() is None
    html = _text(response)
    assert "Groepsafspraken vastleggen" in html
    # The start meeting begins with everyone's expectations, so the form does too.
    assert html.index("Wat we verwachten") < html.index("Hoe we werken") < html.index("Praktische afspraken")


def test_charter_new_next_version_starts_from_the_current_one(client, group, alice):
    _create(group, alice, channel="Signal-groep", max_gap_weeks=6)
    client.force_login(alice)
    form = client.get(_url("charter_new", group)).context["form"]
    assert (form["channel"].value(), form["max_gap_weeks"].value()) == ("Signal-groep", 6)
    assert form["expectations"].value() == EXPECTATIONS
    assert "Je maakt versie 2." in _text(client.get(_url("charter_new", group)))


def test_charter_new_post_saves_a_version_and_emails(client, group, planner, member):
    method = Method.objects.in_library().get(name="Roddelmethode")  # the library's methods are the list
    client.force_login(planner)
    response = client.post(_url("charter_new", group), _form_data(methods=[method.pk]), follow=True)
    assert response.redirect_chain[-1][0] == _url("charter", group)
    assert _messages(response)[0].startswith("Versie 1 van de groepsafspraken is opgeslagen.")
    charter = Charter.objects.get()
    assert (charter.created_by, list(charter.methods.all())) == (planner, [method])
    assert charter.expectations == EXPECTATIONS
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.nl", "pien@example.nl"]


def test_charter_new_by_a_member_who_does_not_plan_is_404(client, group, member):
    client.force_login(member)
    assert client.get(_url("charter_new", group)).status_code == 404
    assert client.post(_url("charter_new", group), _form_data()).status_code == 404
    assert not Charter.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_attendance": "1"}, "min_attendance", "Het minimum is 2: intervisie doe je samen."),
        (
            {"min_attendance": "7"},
            "min_attendance",
            "De groep heeft hoogstens 6 leden. Kies een minimum van 6 of minder.",
        ),
        ({"min_attendance": "drie"}, "min_attendance", "Vul een heel getal in, zonder letters."),
        ({"max_gap_weeks": "0"}, "max_gap_weeks", "Kies minstens 1 week."),
        ({"max_gap_weeks": "27"}, "max_gap_weeks", "Kies hoogstens 26 weken."),
        ({"case_choice": None}, "case_choice", "Kies hoe jullie de inbrenger kiezen."),
        ({"channel": ""}, "channel", "Schrijf op hoe jullie contact houden."),
        (
            {"confidentiality": "x" * 2001},
            "confidentiality",
            "Je tekst is te lang. Gebruik maximaal 2000 tekens (nu 2001).",
        ),
        ({"channel_use": "Bel naar 111222333 bij vragen"}, "channel_use", "burgerservicenummer"),
        (
            {"expectations": "y" * 2001},
            "expectations",
            "Je tekst is te lang. Gebruik maximaal 2000 tekens (nu 2001).",
        ),
        ({"expectations": "Mijn pleegzoon 111222333 ..."}, "expectations", "burgerservicenummer"),
    ],
)
def test_charter_new_bad_input_shows_message_at_field_and_keeps_text(
    client, group, planner, changes, field, message
):
    client.force_login(planner)
    response = client.post(_url("charter_new", group), _form_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    html = _text(response)
    assert f'id="id_{field}_error"' in html
    # What was typed is still there.
    assert "Zes keer per jaar op dinsdagavond in Utrecht." in html
    assert form["channel"].value() == changes.get("channel", "Appgroep")
    assert not Charter.objects.exists()


def test_charter_pages_of_another_group_are_404_for_its_members(client, group, member):
    other = GroupFactory(name="Intervisie Zwolle", organisation=OrganisationFactory())
    client.force_login(member)
    assert client.get(_url("charter", other)).status_code == 404


def test_charter_factory_makes_a_current_charter(group):
    charter = CharterFactory(group=group, max_gap_weeks=5)
    assert domain.charter_current(group) == charter
    assert domain.max_gap_weeks(charter) == 5 and domain.max_gap_weeks(None) == 8


def test_charter_new_offers_only_the_librarys_methods(client, group, planner):
    outside = MethodFactory(name="Onze eigen roddelvariant")
    client.force_login(planner)
    html = client.get(_url("charter_new", group)).content.decode()
    assert "Roddelmethode" in html and "Onze eigen roddelvariant" not in html
    response = client.post(_url("charter_new", group), _form_data(methods=[outside.pk]))
    assert "Kies methodes uit de lijst." in response.content.decode()
    assert not Charter.objects.exists()
