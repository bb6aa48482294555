"""The kartrekker's pages: who may open them (everyone else gets 404), what they show and what they do."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.dates import MONTHS

from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.domain import set_signup_status
from intervisie.programmes.enums import SignupStatus
from intervisie.programmes.models import Partner, PartnerContact, Programme, ProgrammeDate, Signup
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    give_totp,
    make_partner,
    make_programme,
    make_signup,
)

pytestmark = pytest.mark.django_db


# --- The people ---------------------------------------------------------------------------------------------


@pytest.fixture
def kim(db):
    """Kim Kartrekker runs the programme (and manages the gemeente that started it: two-factor login)."""
    user = UserFactory(email="kim@gemeente.example.nl", name="Kim Kartrekker", phone="030 123 45 67")
    give_totp(user)
    return user


@pytest.fixture
def bea(db):
    """Bea guides Groep A."""
    return UserFactory(email="bea@hu.example.nl", name="Bea Begeleider")


@pytest.fixture
def programme(kim, bea):
    gemeente = OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE, managers=[kim])
    return make_programme(
        kartrekker=kim, initiator=gemeente, name="Buiten je bubbel Utrecht", begeleiders=[bea, UserFactory()]
    )


@pytest.fixture
def ivo(programme):
    """Ivo manages the initiator (the gemeente) next to Kim."""
    user = UserFactory(email="ivo@gemeente.example.nl", name="Ivo Initiatief")
    give_totp(user)
    programme.initiator.managers.add(user)
    return user


@pytest.fixture
def partner(programme):
    return make_partner(programme, name="Wijkteam Oost", commitments={"professional": 3, "ouder": 1})


@pytest.fixture
def pim(partner):
    """Pim is the partner's contact person, with access to the partner page."""
    user = UserFactory(email="pim@wijkteam.example.nl", name="Pim Partner")
    PartnerContact.objects.create(partner=partner, user=user)
    return user


def url(name: str, programme=None, *args) -> str:
    return reverse(f"programmes:{name}", args=[programme.slug, *args] if programme else list(args))


def page(client, address) -> str:
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return response.content.decode()


def text(html: str) -> str:
    """The page's words without tags and with single spaces, for assertions on what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def form_values(html: str) -> dict:
    """The values the page's inputs carry (name → value)."""
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))


# --- Who may open what --------------------------------------------------------------------------------------


def manage_pages(programme, partner, signup, date):
    """Every page of this part about one programme, each with its GET address."""
    return {
        "manage": url("manage", programme),
        "edit": url("manage_edit", programme),
        "status": url("manage_status", programme, "composing"),
        "dates": url("manage_dates", programme),
        "dates_five": url("manage_dates_five", programme),
        "date_edit": url("manage_date_edit", programme, date.pk),
        "date_remove": url("manage_date_remove", programme, date.pk),
        "groups": url("manage_groups", programme),
        "partners": url("manage_partners", programme),
        "partner_edit": url("manage_partner_edit", programme, partner.pk),
        "partner_remove": url("manage_partner_remove", programme, partner.pk),
        "signups": url("manage_signups", programme),
        "signup_status": url("manage_signup_status", programme, signup.pk, "declined"),
    }


READ_ONLY = {"manage", "dates", "groups"}


def test_who_may_open_the_programmes_pages(
    client, programme, kim, ivo, bea, partner, pim, charlie, superuser
):
    signup = make_signup(programme, "professional", partner=partner)
    date = programme.dates.get(kind="start")
    pages = manage_pages(programme, partner, signup, date)
    expected = {
        "kim": dict.fromkeys(pages, 200),
        "ivo": dict.fromkeys(pages, 200),
        "bea": {name: 200 if name in READ_ONLY else 404 for name in pages},
        "pim": dict.fromkeys(pages, 404),
        "charlie": dict.fromkeys(pages, 404),
        "superuser": dict.fromkeys(pages, 404),
    }
    people = {"kim": kim, "ivo": ivo, "bea": bea, "pim": pim, "charlie": charlie, "superuser": superuser}
    for name, person in people.items():
        client.force_login(person)
        assert {key: client.get(address).status_code for key, address in pages.items()} == expected[name], (
            name
        )


def test_an_unknown_programme_or_another_programmes_object_is_not_there(client, programme, kim, partner):
    other = make_programme()
    client.force_login(kim)
    assert client.get("/programmas/bestaat-niet/beheer/").status_code == 404
    assert client.get(url("manage_partner_edit", programme, make_partner(other).pk)).status_code == 404
    assert client.get(url("manage_date_edit", programme, other.dates.first().pk)).status_code == 404
    assert (
        client.get(url("manage_signup_status", programme, make_signup(other).pk, "invited")).status_code
        == 404
    )
    assert client.get(url("manage", other)).status_code == 404


def test_a_begeleider_reads_but_cannot_change_dates_or_groups(client, programme, bea):
    client.force_login(bea)
    dates = page(client, url("manage_dates", programme))
    groups = page(client, url("manage_groups", programme))
    overview = page(client, url("manage", programme))
    assert "Een datum toevoegen" not in dates and "wijzigen" not in text(dates)
    assert "Groepen opslaan" not in groups and "Bea Begeleider" in groups
    assert "Werving starten" not in overview and "Aanmelden sluiten" not in overview
    assert (
        url("manage_partners", programme) not in overview and url("manage_signups", programme) not in overview
    )
    count = programme.dates.count()
    assert client.post(url("manage_dates", programme), {"kind": "final"}).status_code == 404
    assert client.post(url("manage_groups", programme), {}).status_code == 404
    assert programme.dates.count() == count


def test_changing_pages_refuse_posts_from_everyone_without_business(
    client, programme, partner, bea, charlie, superuser
):
    signup = make_signup(programme, "student")
    posts = [
        (url("manage_status", programme, "composing"), {}),
        (url("manage_partner_resend", programme, partner.pk), {}),
        (url("manage_partner_remove", programme, partner.pk), {}),
        (url("manage_signup_status", programme, signup.pk, "invited"), {}),
        (url("manage_signups_invite", programme), {"aanmelding": [signup.pk]}),
        (url("manage_edit", programme), {"name": "Gekaapt"}),
    ]
    for person in (bea, charlie, superuser):
        client.force_login(person)
        assert [client.post(address, data).status_code for address, data in posts] == [404] * len(posts)
    programme.refresh_from_db()
    signup.refresh_from_db()
    assert (programme.status, programme.name, signup.status) == (
        "recruiting",
        "Buiten je bubbel Utrecht",
        "signed_up",
    )
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_a_visitor_is_asked_to_log_in(client, programme):
    response = client.get(url("manage", programme))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(url("manage_list")).status_code == 302


# --- My programmes and starting one -------------------------------------------------------------------------


def test_my_programmes_list_shows_my_role_and_the_sign_ups(client, programme, kim, bea, ivo):
    make_signup(programme, "student")
    client.force_login(kim)
    html = text(page(client, url("manage_list")))
    assert f"Buiten je bubbel Utrecht {programme.school_year} Gemeente Utrecht Werving 1 Kartrekker" in html
    assert "Nieuw programma" in html
    client.force_login(ivo)
    assert "Werving 1 Initiatiefnemer" in text(page(client, url("manage_list")))
    client.force_login(bea)
    html = text(page(client, url("manage_list")))
    assert "Werving 1 Begeleider" in html and "Nieuw programma" not in html


def test_someone_who_manages_no_initiator_gets_no_button_and_no_form(client, charlie, superuser):
    for person in (charlie, superuser):
        client.force_login(person)
        html = page(client, url("manage_list"))
        assert "Nieuw programma" not in html
        assert client.get(url("create")).status_code == 404


def test_the_new_programme_form_is_prefilled_with_me_as_contact(client, kim):
    gemeente = OrganisationFactory(name="Gemeente Zeist", kind=OrganisationKind.GEMEENTE, managers=[kim])
    OrganisationFactory(name="Zorg BV", kind=OrganisationKind.ZORGAANBIEDER, managers=[kim])
    client.force_login(kim)
    html = page(client, url("create"))
    values = form_values(html)
    assert values["contact_name"] == "Kim Kartrekker" and values["contact_email"] == kim.email
    assert values["contact_phone"] == "030 123 45 67"
    assert "Wat is ieders rol en hoe beïnvloedt je rol je perspectief op een casus?" in html
    assert f'<option value="{gemeente.pk}"' in html and "Zorg BV" not in html
    assert re.search(r'name="recruitment_opens_on" value="\d{4}-04-01"', html)


def create_data(gemeente, **changes) -> dict:
    values = {
        "initiator": gemeente.pk,
        "name": "Bubbel Zeist",
        "theme": "SAMENWERKEN",
        "leading_questions": "Wat is ieders rol?",
        "school_year": "2027-2028",
        "contact_name": "Kim",
        "contact_email": "kim@gemeente.example.nl",
        "group_count": 2,
        "group_size_min": 5,
        "group_size_max": 7,
        "target_professional": 2,
        "target_student": 2,
        "target_ouder": 1,
        "target_jongere": 1,
        "format": "online",
        "min_attendance_commitment": 4,
    }
    values.update(changes)
    return values


def test_starting_a_programme_makes_me_its_kartrekker_with_its_groups(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    client.force_login(kim)
    response = client.post(url("create"), create_data(gemeente), follow=True)
    programme = Programme.objects.get(name="Bubbel Zeist")
    assert response.redirect_chain[-1][0] == url("manage", programme)
    assert (programme.kartrekker, programme.initiator, programme.status) == (kim, gemeente, "draft")
    assert [g.name for g in programme.groups.all()] == ["Groep A", "Groep B"]
    assert programme.signup_closes_on == dt.date(2027, 7, 1)
    assert "Het programma staat klaar als concept." in response.content.decode()


def test_a_wrong_new_programme_keeps_what_was_typed(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    client.force_login(kim)
    response = client.post(url("create"), create_data(gemeente, target_student=5, school_year="2027-2029"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "De gewenste samenstelling telt 9 mensen per groep, maar een groep heeft 5 tot 7 deelnemers." in html
    )
    assert "Een schooljaar loopt over twee jaren na elkaar, bijvoorbeeld 2027-2028." in html
    assert form_values(html)["name"] == "Bubbel Zeist" and form_values(html)["school_year"] == "2027-2029"
    assert not Programme.objects.filter(name="Bubbel Zeist").exists()


# --- Editing ------------------------------------------------------------------------------------------------


def edit_data(programme, **changes) -> dict:
    values = create_data(
        programme.initiator,
        name=programme.name,
        school_year=programme.school_year,
        kartrekker_email=programme.kartrekker.email,
        contact_name=programme.contact_name,
        contact_email=programme.contact_email,
        recruitment_opens_on=programme.recruitment_opens_on,
        students_by=programme.students_by,
        signup_closes_on=programme.signup_closes_on,
        composed_by=programme.composed_by,
    )
    values.pop("initiator")
    values.update(changes)
    return values


def test_one_more_group_through_the_edit_page(client, programme, kim):
    client.force_login(kim)
    response = client.post(url("manage_edit", programme), edit_data(programme, group_count=3))
    assert response.status_code == 302
    assert [g.name for g in programme.groups.all()] == ["Groep A", "Groep B", "Groep C"]


def test_fewer_groups_is_refused_while_the_group_has_people(client, programme, kim):
    signup = make_signup(programme, "student")
    Signup.objects.filter(pk=signup.pk).update(group=programme.groups.get(position=1))
    client.force_login(kim)
    response = client.post(url("manage_edit", programme), edit_data(programme, group_count=1, name="Nieuw"))
    assert response.status_code == 200
    assert "Groep B heeft al deelnemers. Haal ze eerst uit de groep." in response.content.decode()
    programme.refresh_from_db()
    assert (programme.group_count, programme.name) == (2, "Buiten je bubbel Utrecht")


def test_handing_the_programme_to_another_kartrekker(client, programme, kim):
    noor = UserFactory(email="noor@example.nl", name="Noor Nieuw")
    programme.initiator.managers.remove(kim)
    client.force_login(kim)
    response = client.post(
        url("manage_edit", programme), edit_data(programme, kartrekker_email="noor@example.nl"), follow=True
    )
    programme.refresh_from_db()
    assert programme.kartrekker == noor
    # Kim no longer runs it (nor manages the initiator): back to her list, with who runs it now.
    assert response.redirect_chain[-1][0] == url("manage_list")
    assert "Noor Nieuw is nu de kartrekker van Buiten je bubbel Utrecht." in response.content.decode()
    assert client.get(url("manage", programme)).status_code == 404


# --- Status steps -------------------------------------------------------------------------------------------


def test_closing_sign_up_asks_for_confirmation_and_then_moves_on(client, programme, kim):
    client.force_login(kim)
    overview = page(client, url("manage", programme))
    assert "Aanmelden sluiten en groepen indelen" in overview and "Terug naar concept" in overview
    confirm = text(page(client, url("manage_status", programme, "composing")))
    assert "Daarna kan niemand zich meer aanmelden en deel je de groepen in." in confirm
    assert "Ja, aanmelden sluiten en groepen indelen Nee, terug" in confirm
    programme.refresh_from_db()
    assert programme.status == "recruiting"  # a GET changes nothing
    response = client.post(url("manage_status", programme, "composing"), follow=True)
    programme.refresh_from_db()
    assert programme.status == "composing"
    assert "Gelukt: het programma staat nu op “Groepen indelen”." in response.content.decode()


def test_starting_recruitment_without_begeleiders_shows_why_and_changes_nothing(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    programme = make_programme(kartrekker=kim, initiator=gemeente, status="draft", begeleiders=[])
    client.force_login(kim)
    response = client.post(url("manage_status", programme, "recruiting"), follow=True)
    assert "Kies eerst een begeleider voor elke groep." in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_an_illegal_step_shows_a_message_and_changes_nothing(client, programme, kim):
    client.force_login(kim)
    for method in (client.get, client.post):
        response = method(url("manage_status", programme, "finished"), follow=True)
        assert "Dit kan nu niet: het programma staat op “Werving”." in response.content.decode()
    # Publishing is the composition page's: not offered here.
    response = client.post(url("manage_status", programme, "running"), follow=True)
    assert "Dit kan nu niet" in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == "recruiting"
    assert client.get(url("manage_status", programme, "onzin")).status_code == 404


def test_a_second_click_on_a_step_already_taken_is_refused(client, programme, kim):
    client.force_login(kim)
    client.post(url("manage_status", programme, "composing"))
    response = client.post(url("manage_status", programme, "composing"), follow=True)
    assert "Dit kan nu niet: het programma staat op “Groepen indelen”." in response.content.decode()


# --- The overview and its timeline --------------------------------------------------------------------------


def test_the_overview_warns_when_students_were_not_approached_in_time(client, programme, kim):
    Programme.objects.filter(pk=programme.pk).update(students_by=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(kim)
    html = text(page(client, url("manage", programme)))
    month = str(MONTHS[timezone.localdate().month]).lower()
    due = formats.date_format(timezone.localdate() - dt.timedelta(days=1), "j F Y")
    assert (
        f"loopt achter Studenten benaderen via de secretariaten van de opleidingen : {due} "
        f"Studenten zijn nog niet benaderd en het is al {month}: stuur de tekst voor studenten via de "
        "secretariaten van de opleidingen (naar studenten in jaar 2 en 3)."
    ) in html
    assert "stappen lopen achter: Studenten benaderen via de secretariaten van de opleidingen" in html


def test_the_overview_lists_the_steps_and_the_mix(client, programme, kim):
    make_signup(programme, "student")
    client.force_login(kim)
    html = text(page(client, url("manage", programme)))
    assert "klaar Werving begint" in html
    assert "Bijeenkomst 5" in html and "Slotevaluatie" in html
    assert "Student 4 1 3" in html  # target, signed up, still needed
    assert "Groep A: Bea Begeleider" in html


def test_links_to_other_parts_appear_only_when_they_exist(client, programme, kim):
    client.force_login(kim)
    html = page(client, url("manage", programme))
    for name in ("recruitment", "composition", "report"):
        try:
            address = reverse(f"programmes:{name}", args=[programme.slug])
        except NoReverseMatch:
            continue
        assert f'href="{address}"' in html, name


# --- Dates --------------------------------------------------------------------------------------------------


def test_adding_a_date_outside_the_school_year_warns_after_saving(client, programme, kim):
    first_year = int(programme.school_year[:4])
    client.force_login(kim)
    response = client.post(
        url("manage_dates", programme),
        {
            "kind": "final",
            "starts_at": f"{first_year + 1}-09-02T16:00",
            "ends_at": f"{first_year + 1}-09-02T18:00",
            "format": "online",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Slotevaluatie toegevoegd." in html
    assert f"Let op: 2 september {first_year + 1} valt buiten het schooljaar {programme.school_year}" in html
    assert programme.dates.filter(kind="final").count() == 1


def test_a_date_ending_before_it_starts_shows_the_message_and_what_was_typed(client, programme, kim):
    client.force_login(kim)
    response = client.post(
        url("manage_dates", programme),
        {"kind": "final", "starts_at": "2028-06-01T16:00", "ends_at": "2028-06-01T15:00", "format": "online"},
    )
    html = response.content.decode()
    assert "Het einde ligt na het begin: kies een latere eindtijd." in html
    assert 'value="2028-06-01T16:00"' in html
    assert not programme.dates.filter(kind="final").exists()


def test_a_date_is_changed_and_removed_after_confirmation(client, programme, kim):
    final = ProgrammeDate.objects.create(
        programme=programme,
        kind="final",
        starts_at=timezone.make_aware(dt.datetime(2028, 6, 1, 16)),
        ends_at=timezone.make_aware(dt.datetime(2028, 6, 1, 18)),
    )
    client.force_login(kim)
    client.post(
        url("manage_date_edit", programme, final.pk),
        {"kind": "final", "starts_at": "2028-06-08T16:00", "ends_at": "2028-06-08T18:00", "format": "online"},
    )
    final.refresh_from_db()
    assert timezone.localtime(final.starts_at).day == 8
    assert "Weet je zeker dat je de slotevaluatie" in page(
        client, url("manage_date_remove", programme, final.pk)
    )
    client.post(url("manage_date_remove", programme, final.pk))
    assert not ProgrammeDate.objects.filter(pk=final.pk).exists()


def test_five_meetings_are_proposed_adjusted_and_saved(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    programme = make_programme(kartrekker=kim, initiator=gemeente, status="draft", meetings=0)
    start = timezone.localtime(programme.dates.get(kind="start").starts_at)
    first = start.date() + dt.timedelta(weeks=6)
    client.force_login(kim)
    html = page(client, url("manage_dates_five", programme))
    assert f'value="{first.isoformat()}"' in html
    settings = {
        "first": first.isoformat(),
        "starts": "16:00",
        "ends": "18:00",
        "weeks_between": "6",
        "count": "5",
        "format": "online",
        "location": "",
        "group": "",
    }
    proposal = client.post(
        url("manage_dates_five", programme), {**settings, "action": "propose"}
    ).content.decode()
    days = [first + dt.timedelta(weeks=6 * i) for i in range(5)]
    for i, day in enumerate(days):
        assert f'name="voorstel-{i}-starts_at" value="{day.isoformat()}T16:00"' in proposal
    rows = {
        "voorstel-TOTAL_FORMS": "5",
        "voorstel-INITIAL_FORMS": "5",
        **{f"voorstel-{i}-starts_at": f"{day.isoformat()}T16:00" for i, day in enumerate(days)},
        **{f"voorstel-{i}-ends_at": f"{day.isoformat()}T18:00" for i, day in enumerate(days)},
    }
    # The kartrekker moves the third meeting a week later.
    moved = days[2] + dt.timedelta(weeks=1)
    rows["voorstel-2-starts_at"], rows["voorstel-2-ends_at"] = f"{moved}T16:00", f"{moved}T18:00"
    response = client.post(
        url("manage_dates_five", programme), {**settings, **rows, "action": "save"}, follow=True
    )
    assert "5 bijeenkomsten toegevoegd." in response.content.decode()
    saved = [timezone.localtime(d.starts_at).date() for d in programme.dates.filter(kind="meeting")]
    assert saved == [days[0], days[1], moved, days[3], days[4]]


def test_a_proposed_meeting_before_the_start_meeting_is_refused_at_its_row(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    programme = make_programme(kartrekker=kim, initiator=gemeente, status="draft", meetings=0)
    start = timezone.localtime(programme.dates.get(kind="start").starts_at)
    early = start.date() - dt.timedelta(days=3)
    client.force_login(kim)
    response = client.post(
        url("manage_dates_five", programme),
        {
            "first": early.isoformat(),
            "starts": "16:00",
            "ends": "18:00",
            "weeks_between": "6",
            "count": "1",
            "format": "online",
            "action": "save",
            "voorstel-TOTAL_FORMS": "1",
            "voorstel-INITIAL_FORMS": "1",
            "voorstel-0-starts_at": f"{early}T16:00",
            "voorstel-0-ends_at": f"{early}T18:00",
        },
    )
    html = response.content.decode()
    assert "Een bijeenkomst ligt na de startbijeenkomst" in html
    assert f'value="{early}T16:00"' in html
    assert not programme.dates.filter(kind="meeting").exists()


def test_dates_cannot_change_once_the_groups_are_published(client, programme, kim):
    Programme.objects.filter(pk=programme.pk).update(published_at=timezone.now())
    date = programme.dates.get(kind="start")
    client.force_login(kim)
    html = page(client, url("manage_dates", programme))
    assert "Een datum toevoegen" not in html
    response = client.post(url("manage_date_remove", programme, date.pk), follow=True)
    assert "Verzet een bijeenkomst in de agenda van de groep." in response.content.decode()
    assert ProgrammeDate.objects.filter(pk=date.pk).exists()


# --- Groups -------------------------------------------------------------------------------------------------


def test_groups_get_a_name_and_a_begeleider_by_e_mail(client, programme, kim):
    a, b = programme.groups.all()
    client.force_login(kim)
    response = client.post(
        url("manage_groups", programme),
        {
            f"g{a.pk}-name": "Groep Oost",
            f"g{a.pk}-begeleider_email": "KIM@gemeente.example.nl",
            f"g{b.pk}-name": "Groep West",
            f"g{b.pk}-begeleider_email": b.begeleider.email,
        },
        follow=True,
    )
    assert "De groepen zijn opgeslagen." in response.content.decode()
    a.refresh_from_db()
    assert (a.name, a.begeleider) == ("Groep Oost", kim)


def test_an_unknown_begeleider_or_none_while_recruiting_gets_a_message_at_the_field(client, programme, kim):
    a, b = programme.groups.all()
    client.force_login(kim)
    response = client.post(
        url("manage_groups", programme),
        {
            f"g{a.pk}-name": "Groep A",
            f"g{a.pk}-begeleider_email": "niemand@example.nl",
            f"g{b.pk}-name": "Groep B",
            f"g{b.pk}-begeleider_email": "",
        },
    )
    html = response.content.decode()
    assert (
        "We kennen geen account met dit e-mailadres. Vraag de begeleider eerst een account te maken." in html
    )
    assert "Elke groep heeft een begeleider nodig: de werving is al begonnen." in html
    assert 'value="niemand@example.nl"' in html
    a.refresh_from_db()
    assert a.begeleider.email == "bea@hu.example.nl"


# --- Partners -----------------------------------------------------------------------------------------------


def test_adding_a_partner_invites_its_contact(client, programme, kim):
    client.force_login(kim)
    mail.outbox.clear()
    response = client.post(
        url("manage_partners", programme),
        {
            "name": "Hogeschool Utrecht",
            "kind": "opleiding",
            "contact_name": "Hanna",
            "contact_email": "hanna@hu.example.nl",
            "commit_professional": "0",
            "commit_student": "4",
            "commit_ouder": "0",
            "commit_jongere": "0",
            "paid_hours": "0",
        },
        follow=True,
    )
    html = response.content.decode()
    assert (
        "Hogeschool Utrecht is toegevoegd. hanna@hu.example.nl krijgt een uitnodiging voor de partnerpagina."
        in html
    )
    partner = programme.partners.get(name="Hogeschool Utrecht")
    assert partner.commitments == {"student": 4}
    assert [m.to for m in mail.outbox] == [["hanna@hu.example.nl"]]
    assert f"/programmas/{programme.slug}/p/{partner.code}/" in html


def test_the_partners_page_shows_committed_against_signed_up(client, programme, kim, partner):
    make_signup(programme, "professional", partner=partner)
    make_signup(programme, "ouder", partner=partner)
    make_signup(programme, "ouder", partner=partner)
    client.force_login(kim)
    html = text(page(client, url("manage_partners", programme)))
    assert "Student 0 0 Professional 3 1 Ouder 1 2 Jongere 0 0 Samen 4 3" in html
    assert "Uitgenodigd op" in html


def test_a_partner_is_edited_and_a_new_contact_gets_a_new_invitation(client, programme, kim, partner):
    old = partner.invite_token
    client.force_login(kim)
    mail.outbox.clear()
    response = client.post(
        url("manage_partner_edit", programme, partner.pk),
        {
            "name": "Wijkteam Oost",
            "kind": "praktijk",
            "contact_name": "Nina",
            "contact_email": "nina@wijkteam.example.nl",
            "commit_professional": "3",
            "commit_student": "0",
            "commit_ouder": "2",
            "commit_jongere": "0",
            "pays_hours": "on",
            "paid_hours": "10",
        },
        follow=True,
    )
    assert "nina@wijkteam.example.nl krijgt een nieuwe uitnodiging." in response.content.decode()
    partner.refresh_from_db()
    assert (partner.contact_name, partner.commitments, partner.paid_hours) == (
        "Nina",
        {"professional": 3, "ouder": 2},
        10,
    )
    assert partner.invite_token != old
    assert [m.to for m in mail.outbox] == [["nina@wijkteam.example.nl"]]


def test_the_invitation_is_sent_again_on_request(client, programme, kim, partner):
    client.force_login(kim)
    mail.outbox.clear()
    response = client.post(url("manage_partner_resend", programme, partner.pk), follow=True)
    assert "De uitnodiging is opnieuw gestuurd naar" in response.content.decode()
    assert len(mail.outbox) == 1 and partner.invite_token in mail.outbox[0].body
    assert client.get(url("manage_partner_resend", programme, partner.pk)).status_code == 405


def test_a_partner_without_sign_ups_is_removed_after_confirmation(client, programme, kim, partner):
    client.force_login(kim)
    assert "Weet je zeker dat je Wijkteam Oost uit het programma haalt?" in page(
        client, url("manage_partner_remove", programme, partner.pk)
    )
    response = client.post(url("manage_partner_remove", programme, partner.pk), follow=True)
    assert "Wijkteam Oost is weggehaald." in response.content.decode()
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_a_partner_with_sign_ups_cannot_be_removed(client, programme, kim, partner):
    make_signup(programme, "professional", partner=partner)
    client.force_login(kim)
    confirm = text(page(client, url("manage_partner_remove", programme, partner.pk)))
    assert "Via Wijkteam Oost kwam al 1 aanmelding binnen." in confirm and "Ja, weghalen" not in confirm
    response = client.post(url("manage_partner_remove", programme, partner.pk), follow=True)
    assert "kunt de partner niet weghalen" in response.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()


# --- The recruitment dashboard ------------------------------------------------------------------------------


def test_the_dashboard_chart_and_table_show_the_same_numbers(client, programme, kim, partner):
    make_signup(programme, "student")
    make_signup(programme, "student", status="invited")
    make_signup(programme, "professional", partner=partner)
    declined = make_signup(programme, "ouder")
    set_signup_status(signup=declined, status="declined", by=kim)
    client.force_login(kim)
    html = page(client, url("manage_signups", programme))
    svg = re.search(
        r'<svg[^>]*aria-labelledby="aanmeldingen-categorie-title[^"]*".*?</svg>', html, re.S
    ).group(0)
    assert re.findall(r"<text[^>]*>([^<]*)</text>", svg) == [
        "Studenten",
        "2 van 4",
        "Professionals",
        "1 van 4",
        "Ouders",
        "0 van 2",
        "Jongeren",
        "0 van 2",
    ]
    assert "Studenten: 2 van 4; Professionals: 1 van 4; Ouders: 0 van 2; Jongeren: 0 van 2" in svg
    words = text(html)
    # Target, signed up, missing, new, awaiting a parent, invited, placed, reserve, declined, withdrawn.
    assert "Student 4 2 2 1 0 1 0 0 0 0" in words
    assert "Professional 4 1 3 1 0 0 0 0 0 0" in words
    assert "Ouder 2 0 2 0 0 0 0 0 1 0" in words
    # Per partner: signed up of committed; those without a partner on their own row.
    assert "Wijkteam Oost 0 van 0 1 van 3 0 van 1 0 van 0 1 van 4" in words
    assert "Zonder partner 2 0 0 0 2" in words
    # Per week: all four that came in, this week.
    week = re.search(r'aria-labelledby="aanmeldingen-week-title.*?</svg>', html, re.S).group(0)
    assert ">4</text>" in week
    assert "in totaal 4 aanmeldingen" in week


def test_the_dashboard_shows_names_warnings_and_consent(client, programme, kim):
    make_signup(programme, "student", name="Sara Student", study_year=2)
    young = timezone.localdate() - dt.timedelta(days=365 * 14)
    make_signup(programme, "jongere", name="Jip Jong", birth_date=young, parent_email="ouder@example.nl")
    consented = make_signup(
        programme, "jongere", name="Lot Later", birth_date=young, parent_email="o2@example.nl"
    )
    set_signup_status(signup=consented, status="signed_up", by=None)
    client.force_login(kim)
    html = text(page(client, url("manage_signups", programme)))
    assert "Sara Student" in html and "jaar 2 bedoeld voor jaar 3 of 4" in html
    assert "Wacht op toestemming van een ouder (ouder@example.nl)" in html
    assert f"Toestemming van een ouder op {timezone.localdate().day}" in html


def test_the_sign_up_list_searches_filters_and_pages(client, programme, kim, partner):
    make_signup(
        programme, "professional", name="Bram Bakker", organisation_name="Wijkteam Zuid", partner=partner
    )
    for i in range(26):
        make_signup(programme, "student", name=f"Student {i:02d}")
    client.force_login(kim)
    found = text(page(client, url("manage_signups", programme) + "?q=zuid"))
    assert "1 aanmelding gevonden" in found and "Bram Bakker" in found
    by_partner = text(page(client, url("manage_signups", programme) + f"?partner={partner.pk}"))
    assert "1 aanmelding gevonden" in by_partner
    students = text(page(client, url("manage_signups", programme) + "?categorie=student&sorteer=naam"))
    assert "26 aanmeldingen gevonden" in students and "Pagina 1 van 2" in students
    assert students.index("Student 00") < students.index("Student 01")
    second = text(page(client, url("manage_signups", programme) + "?categorie=student&sorteer=naam&pagina=2"))
    assert "Student 25" in second and "Student 00" not in second
    # An edited address with values that are not on the lists shows everything, never an error.
    assert "27 aanmeldingen gevonden" in text(
        page(client, url("manage_signups", programme) + "?status=x&partner=abc&sorteer=%00")
    )


def test_the_filtered_list_comes_alone_for_htmx(client, programme, kim):
    make_signup(programme, "student", name="Sara Student")
    client.force_login(kim)
    response = client.get(url("manage_signups", programme) + "?q=sara", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "1 aanmelding gevonden" in html and "<html" not in html and "<svg" not in html
    assert "HX-Request" in response["Vary"]


def test_inviting_a_sign_up_sends_the_invitation(client, programme, kim):
    signup = make_signup(programme, "student", name="Sara Student")
    client.force_login(kim)
    mail.outbox.clear()
    response = client.post(
        url("manage_signup_status", programme, signup.pk, "invited"),
        {"terug": "categorie=student"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("manage_signups", programme) + "?categorie=student"
    assert "Sara Student is uitgenodigd en krijgt een e-mail." in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.INVITED
    assert [m.to for m in mail.outbox] == [[signup.email]]


def test_declining_shows_the_kind_message_first(client, programme, kim):
    signup = make_signup(programme, "ouder", name="Olga Ouder")
    client.force_login(kim)
    confirm = text(page(client, url("manage_signup_status", programme, signup.pk, "declined")))
    assert "Weet je zeker dat je Olga Ouder afwijst?" in confirm
    assert "Hoi Olga Ouder," in confirm
    assert (
        "Helaas kunnen we je deze keer geen plaats geven" in confirm and "Dat zegt niets over jou." in confirm
    )
    signup.refresh_from_db()
    assert signup.status == SignupStatus.SIGNED_UP
    client.post(url("manage_signup_status", programme, signup.pk, "declined"))
    signup.refresh_from_db()
    assert signup.status == SignupStatus.DECLINED
    assert "Dat zegt niets over jou." in mail.outbox[-1].body


def test_an_illegal_sign_up_step_shows_a_message_and_changes_nothing(client, programme, kim):
    signup = make_signup(programme, "ouder")
    set_signup_status(signup=signup, status="declined", by=kim)
    client.force_login(kim)
    response = client.post(url("manage_signup_status", programme, signup.pk, "invited"), follow=True)
    assert "Dit kan nu niet: de aanmelding staat op “Afgewezen”." in response.content.decode()
    assert "Dit kan nu niet" in page(client, url("manage_signup_status", programme, signup.pk, "reserve"))
    signup.refresh_from_db()
    assert signup.status == SignupStatus.DECLINED
    assert client.get(url("manage_signup_status", programme, signup.pk, "placed")).status_code == 404


def test_inviting_the_selected_sign_ups_at_once(client, programme, kim):
    first = make_signup(programme, "student", name="Ada")
    second = make_signup(programme, "student", name="Ben", status="reserve")
    declined = make_signup(programme, "student", name="Cas")
    set_signup_status(signup=declined, status="declined", by=kim)
    other = make_signup(make_programme(), "student")
    client.force_login(kim)
    response = client.post(
        url("manage_signups_invite", programme),
        {"aanmelding": [first.pk, second.pk, declined.pk, other.pk, "x"]},
        follow=True,
    )
    html = response.content.decode()
    assert "2 mensen uitgenodigd. Ze krijgen een e-mail." in html
    assert "Cas: Dit kan nu niet: de aanmelding staat op “Afgewezen”." in html
    statuses = dict(
        Signup.objects.filter(pk__in=[first.pk, second.pk, declined.pk, other.pk]).values_list(
            "name", "status"
        )
    )
    assert [statuses["Ada"], statuses["Ben"], statuses["Cas"]] == ["invited", "invited", "declined"]
    assert Signup.objects.get(pk=other.pk).status == "signed_up"
    response = client.post(url("manage_signups_invite", programme), {}, follow=True)
    assert "Kies eerst wie je wilt uitnodigen" in response.content.decode()


# --- Query counts (no query per row) ------------------------------------------------------------------------


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured.captured_queries)


def test_the_list_of_my_programmes_costs_the_same_for_one_or_three(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    make_programme(kartrekker=kim, initiator=gemeente)
    client.force_login(kim)
    one = queries(client, url("manage_list"))
    make_programme(kartrekker=kim, initiator=gemeente)
    make_programme(kartrekker=kim, initiator=gemeente, begeleiders=[kim, kim])
    assert queries(client, url("manage_list")) == one


def test_the_dashboard_costs_the_same_for_one_or_three_sign_ups_and_partners(client, programme, kim):
    partner = make_partner(programme)
    make_signup(programme, "student", partner=partner)
    client.force_login(kim)
    one = queries(client, url("manage_signups", programme))
    for category in ("professional", "jongere"):
        make_signup(programme, category, partner=make_partner(programme), birth_date=dt.date(2000, 1, 1))
    recorder = UserFactory()
    young = make_signup(programme, "jongere", birth_date=dt.date(2005, 1, 1))
    Signup.objects.filter(pk=young.pk).update(recorded_by=recorder, subject_consent_at=timezone.now())
    assert queries(client, url("manage_signups", programme)) == one


def test_the_partners_page_costs_the_same_for_one_or_three_partners(client, programme, kim):
    make_partner(programme, organisation=OrganisationFactory())
    client.force_login(kim)
    one = queries(client, url("manage_partners", programme))
    make_partner(programme, organisation=OrganisationFactory())
    make_partner(programme)
    assert queries(client, url("manage_partners", programme)) == one


def test_the_overview_costs_the_same_for_one_or_three_groups(client, kim):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kim])
    one_group = make_programme(kartrekker=kim, initiator=gemeente, group_count=1)
    three = make_programme(kartrekker=kim, initiator=gemeente, group_count=3)
    client.force_login(kim)
    assert queries(client, url("manage", one_group)) == queries(client, url("manage", three))


# --- Odd values from edited addresses and forms never give a server error -------------------------------

ODD = ["abc%00def", "x" * 3000, "abc%ff", "abc%1b%0d%0adef", "9" * 30, "%c2%b2", "9" * 5000, "-1", ""]


@pytest.mark.parametrize("value", ODD, ids=range(len(ODD)))
def test_odd_query_values_show_the_page(client, programme, kim, partner, value):
    make_signup(programme, "student", partner=partner)
    client.force_login(kim)
    params = "&".join(
        f"{name}={value}" for name in ("q", "categorie", "status", "partner", "sorteer", "pagina")
    )
    assert client.get(f"{url('manage_signups', programme)}?{params}").status_code == 200
    assert client.get(f"{url('manage_list')}?q={value}&pagina={value}").status_code == 200
    status = client.get(
        f"{url('manage_signup_status', programme, programme.signups.get().pk, 'invited')}?terug={value}"
    )
    assert status.status_code == 200


@pytest.mark.parametrize("value", ["²", "9" * 5000, "9" * 30, "a\x00", "-1"])
def test_odd_posted_values_change_nothing_and_say_so(client, programme, kim, value):
    signup = make_signup(programme, "student")
    client.force_login(kim)
    response = client.post(
        url("manage_signups_invite", programme), {"aanmelding": [value], "terug": value}, follow=True
    )
    assert response.status_code == 200
    assert "Kies eerst wie je wilt uitnodigen" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == "signed_up"
    for name in ("manage_dates", "manage_groups", "manage_partners", "manage_edit", "manage_dates_five"):
        assert (
            client.post(
                url(name, programme),
                {
                    "kind": value,
                    "group": value,
                    "name": value,
                    "voorstel-TOTAL_FORMS": value,
                    "action": "save",
                },
            ).status_code
            == 200
        ), name
