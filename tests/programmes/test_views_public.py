"""The public programme pages (issue 13): the list in recruitment, a programme's page, partner attribution,
the sign-up per category, the participant's own page, a parent's consent and a partner accepting."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from intervisie.programmes.domain import set_programme_status, set_signup_status
from intervisie.programmes.enums import DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import PartnerContact, ProgrammeDate, Signup
from intervisie.programmes.views_public import SIGNUP_RATE_LIMIT
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    give_totp,
    make_partner,
    make_programme,
    make_signup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The sign-up's rate limit counts in the cache, which lives as long as the test process."""
    cache.clear()
    yield
    cache.clear()


def years_ago(years: int, *, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day + dt.timedelta(days=days)


GOOD = {
    "student": {
        "name": "Sanne de Wit",
        "email": "sanne@student.example.nl",
        "phone": "",
        "study_programme": "Social Work",
        "study_year": "3",
        "motivation": "Ik wil leren hoe professionals samenwerken.",
    },
    "professional": {
        "name": "Karim El Idrissi",
        "email": "karim@jeugdteam.example.nl",
        "phone": "06-12345678",
        "organisation_other": "Jeugdteam Oost",
        "role": "Jeugdconsulent",
        "motivation": "",
    },
    "ouder": {"name": "Mirjam Bos", "email": "mirjam@example.nl", "phone": "", "motivation": ""},
    "jongere": {
        "name": "Noah Peters",
        "email": "noah@example.nl",
        "phone": "",
        "birth_date": years_ago(18).isoformat(),
        "motivation": "",
    },
}


@pytest.fixture
def programme(db):
    return make_programme(
        name="Buiten je bubbel Utrecht",
        description="Vijf gesprekken over samenwerken rond gezinnen in Utrecht.",
        theme="SAMENWERKEN",
    )


@pytest.fixture
def kartrekker(programme):
    give_totp(programme.kartrekker)
    return programme.kartrekker


def signup_url(programme, category):
    return f"/programmas/{programme.slug}/aanmelden/{category}/"


def html(response) -> str:
    return response.content.decode()


# --- The list ----------------------------------------------------------------------------------------------


def test_list_shows_only_programmes_in_recruitment_with_their_dates(client, programme):
    make_programme(name="Nog een concept", status="draft")
    make_programme(name="Al aan het indelen", status="composing")
    page = html(client.get("/programmas/"))
    assert "Buiten je bubbel Utrecht" in page
    assert "Nog een concept" not in page and "Al aan het indelen" not in page
    assert "1 programma" in page
    start = programme.dates.get(kind=DateKind.START).starts_at
    assert f"Start: {timezone.localtime(start):%-d}" in page
    assert "Aanmelden tot" in page
    assert f'href="/programmas/{programme.slug}/"' in page


def test_list_searches_name_theme_and_initiator_and_says_when_nothing_fits(client, programme):
    other = make_programme(
        name="Bubbel Zwolle",
        theme="OPVOEDEN",
        initiator=OrganisationFactory(name="Gemeente Zwolle", kind="gemeente", city="Zwolle"),
    )
    assert "Bubbel Zwolle" not in html(client.get("/programmas/", {"q": "utrecht"}))
    by_theme = html(client.get("/programmas/", {"q": "opvoeden"}))
    assert other.name in by_theme and programme.name not in by_theme
    by_initiator = html(client.get("/programmas/", {"q": "gemeente zwolle"}))
    assert other.name in by_initiator and programme.name not in by_initiator
    nothing = html(client.get("/programmas/", {"q": "bestaatniet"}))
    assert "Geen programma’s gevonden. Probeer een ander woord." in nothing


def test_list_sorts_by_name_or_closing_day(client, programme):
    later = make_programme(name="Aaa later")
    later.signup_closes_on = programme.signup_closes_on + dt.timedelta(days=10)
    later.save(update_fields=["signup_closes_on"])
    by_close = html(client.get("/programmas/"))
    assert by_close.index(programme.name) < by_close.index("Aaa later")
    by_name = html(client.get("/programmas/", {"sorteer": "naam"}))
    assert by_name.index("Aaa later") < by_name.index(programme.name)


def test_list_with_too_long_a_search_says_so_at_the_field(client, programme):
    page = html(client.get("/programmas/", {"q": "x" * 101}))
    assert "Gebruik hoogstens 100 tekens." in page
    assert programme.name in page


def test_list_empty_says_there_is_nothing_now(client):
    page = html(client.get("/programmas/"))
    assert "Er zoekt op dit moment geen programma deelnemers. Kijk later nog eens." in page


def test_list_pages_by_twenty(client):
    for n in range(21):
        make_programme(name=f"Programma {n:02d}", group_count=1, meetings=1)
    first = html(client.get("/programmas/", {"sorteer": "naam"}))
    assert "Programma 19" in first and "Programma 20" not in first
    assert "Pagina 1 van 2" in first
    second = html(client.get("/programmas/", {"sorteer": "naam", "pagina": "2"}))
    assert "Programma 20" in second and "Programma 00" not in second


def test_list_answers_htmx_with_the_results_only(client, programme):
    response = client.get("/programmas/", {"q": "utrecht"}, headers={"HX-Request": "true"})
    assert "<html" not in html(response)
    assert programme.name in html(response)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("amount", [1, 3])
def test_list_query_count_does_not_grow_with_programmes(client, django_assert_num_queries, amount):
    for _n in range(amount):
        make_programme(group_count=1, meetings=1)
    # the count and the page (initiator joined, start date as an aggregate)
    with django_assert_num_queries(2):
        response = client.get("/programmas/")
    assert html(response).count('class="result card"') == amount


# --- A programme's page ------------------------------------------------------------------------------------


def test_detail_shows_theme_questions_dates_and_the_four_sign_up_buttons(client, programme):
    page = html(client.get(f"/programmas/{programme.slug}/"))
    assert "Vijf gesprekken over samenwerken rond gezinnen in Utrecht." in page
    assert "SAMENWERKEN" in page and programme.initiator.name in page
    assert "Wat kun je leren van elkaars rollen?" in page
    assert page.count("Intervisiebijeenkomst") == 5
    assert "Informatiebijeenkomst" in page and "Startbijeenkomst" in page
    closes = programme.signup_closes_on
    assert f"Aanmelden kan tot {closes.day}" in page
    for category, label in [
        ("student", "student"),
        ("professional", "professional"),
        ("ouder", "ouder"),
        ("jongere", "jongere"),
    ]:
        assert f'href="/programmas/{programme.slug}/aanmelden/{category}/">Aanmelden als {label}</a>' in page
    assert "Aanmelden is gesloten" not in page
    assert programme.contact_email in page


@pytest.mark.parametrize("status", ["composing", "running"])
def test_detail_of_a_programme_past_recruitment_says_sign_up_is_closed(client, programme, status):
    set_programme_status(programme=programme, status=ProgrammeStatus.COMPOSING, by=programme.kartrekker)
    if status == "running":
        programme.published_at = timezone.now()
        programme.save(update_fields=["published_at"])
        set_programme_status(programme=programme, status=ProgrammeStatus.RUNNING, by=programme.kartrekker)
    page = html(client.get(f"/programmas/{programme.slug}/"))
    assert "Aanmelden is gesloten." in page
    assert "/aanmelden/student/" not in page


def test_a_draft_is_not_found_except_by_its_team(client, superuser, charlie):
    draft = make_programme(name="Stil concept", status="draft")
    give_totp(draft.kartrekker)
    url = f"/programmas/{draft.slug}/"
    assert client.get(url).status_code == 404
    for outsider in (charlie, superuser):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    begeleider = draft.groups.first().begeleider
    for insider in (draft.kartrekker, begeleider):
        client.force_login(insider)
        page = html(client.get(url))
        assert "Concept: alleen het team van dit programma ziet deze pagina." in page


def test_detail_shows_the_recruitment_link_to_the_kartrekker_only(client, programme, kartrekker, charlie):
    client.force_login(charlie)
    assert "Wervingsteksten en links" not in html(client.get(f"/programmas/{programme.slug}/"))
    client.force_login(kartrekker)
    page = html(client.get(f"/programmas/{programme.slug}/"))
    assert f'href="/programmas/{programme.slug}/beheer/werving/"' in page


def test_unknown_programme_is_not_found(client):
    assert client.get("/programmas/bestaat-niet/").status_code == 404
    assert client.get("/programmas/bestaat-niet/aanmelden/student/").status_code == 404


# --- Attribution to a partner ------------------------------------------------------------------------------


def test_partner_link_attributes_later_sign_ups_to_the_partner(client, programme):
    partner = make_partner(programme, name="Jeugdteam Oost")
    response = client.get(f"/programmas/{programme.slug}/p/{partner.code}/")
    assert response.status_code == 302 and response["Location"] == f"/programmas/{programme.slug}/"
    assert "Je meldt je aan via Jeugdteam Oost." in html(client.get(response["Location"]))
    response = client.post(signup_url(programme, "ouder"), {**GOOD["ouder"], "share_with_partner": "on"})
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert signup.partner == partner and signup.share_with_partner is True


def test_partner_link_with_a_category_goes_to_that_sign_up(client, programme):
    partner = make_partner(programme, name="Hogeschool Utrecht", kind="opleiding")
    response = client.get(f"/programmas/{programme.slug}/p/{partner.code}/student/")
    assert response["Location"] == signup_url(programme, "student")
    client.post(signup_url(programme, "student"), GOOD["student"])
    assert Signup.objects.get().partner == partner


def test_via_on_the_sign_up_page_attributes_too(client, programme):
    partner = make_partner(programme, name="Balans")
    page = html(client.get(signup_url(programme, "ouder"), {"via": partner.code}))
    assert "Balans mag zien dat ik meedoe (mijn naam)" in page
    client.post(f"{signup_url(programme, 'ouder')}?via={partner.code}", GOOD["ouder"])
    signup = Signup.objects.get()
    assert signup.partner == partner and signup.share_with_partner is False


def test_without_a_partner_there_is_no_sharing_question_and_no_partner(client, programme):
    assert "mag zien dat ik meedoe" not in html(client.get(signup_url(programme, "ouder")))
    client.post(signup_url(programme, "ouder"), {**GOOD["ouder"], "share_with_partner": "on"})
    signup = Signup.objects.get()
    assert signup.partner is None and signup.share_with_partner is False


def test_unknown_partner_code_or_category_is_not_found(client, programme):
    partner = make_partner(programme)
    other = make_programme()
    assert client.get(f"/programmas/{programme.slug}/p/onbekend/").status_code == 404
    assert client.get(f"/programmas/{other.slug}/p/{partner.code}/").status_code == 404
    assert client.get(f"/programmas/{programme.slug}/p/{partner.code}/docent/").status_code == 404
    assert client.get(signup_url(programme, "ouder"), {"via": "onbekend"}).status_code == 404
    # A malformed code is never looked up (PostgreSQL refuses a NUL in a query).
    assert client.get(signup_url(programme, "ouder"), {"via": "ab\x00c"}).status_code == 404


def test_a_partner_remembered_for_one_programme_does_not_carry_to_another(client, programme):
    partner = make_partner(programme, name="Jeugdteam Oost")
    other = make_programme()
    client.get(f"/programmas/{programme.slug}/p/{partner.code}/")
    client.post(signup_url(other, "ouder"), GOOD["ouder"])
    assert Signup.objects.get().partner is None


# --- Signing up --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("category", ["student", "professional", "ouder", "jongere"])
def test_sign_up_per_category_saves_mails_and_confirms(client, programme, category):
    response = client.post(signup_url(programme, category), GOOD[category])
    assert response.status_code == 302
    assert response["Location"] == f"/programmas/{programme.slug}/aanmelden/{category}/bedankt/"
    signup = Signup.objects.get()
    assert signup.category == category and signup.status == SignupStatus.SIGNED_UP
    assert signup.name == GOOD[category]["name"] and signup.email == GOOD[category]["email"]
    assert [m.to for m in mail.outbox] == [[GOOD[category]["email"]]]
    page = html(client.get(response["Location"]))
    assert "Je bent aangemeld voor Buiten je bubbel Utrecht." in page
    # The personal link goes by e-mail only: it proves the address is theirs.
    assert signup.token not in page and signup.token in mail.outbox[0].body


def test_each_category_asks_only_what_it_needs(client, programme):
    fields = {}
    for category in ("student", "professional", "ouder", "jongere"):
        page = html(client.get(signup_url(programme, category)))
        fields[category] = {
            name
            for name in (
                "study_programme",
                "study_year",
                "organisation",
                "role",
                "birth_date",
                "parent_email",
            )
            if f'name="{name}"' in page
        }
    assert fields == {
        "student": {"study_programme", "study_year"},
        "professional": {"organisation", "role"},
        "ouder": set(),
        "jongere": {"birth_date", "parent_email"},
    }


def test_professional_chooses_an_organisation_from_the_list(client, programme):
    organisation = OrganisationFactory(name="Jeugdbescherming Midden")
    data = {**GOOD["professional"], "organisation": organisation.pk, "organisation_other": ""}
    client.post(signup_url(programme, "professional"), data)
    signup = Signup.objects.get()
    assert signup.organisation == organisation and signup.organisation_name == "Jeugdbescherming Midden"
    assert signup.role == "Jeugdconsulent"


@pytest.mark.parametrize(
    ("category", "field", "value", "message"),
    [
        ("ouder", "name", "", "Vul je naam in."),
        ("ouder", "name", "x" * 121, "Gebruik maximaal 120 tekens (nu 121)."),
        ("ouder", "email", "", "Vul je e-mailadres in."),
        (
            "ouder",
            "email",
            "mirjam-at-example",
            "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        ),
        ("ouder", "phone", "bel me", "Vul een telefoonnummer in met alleen cijfers"),
        ("ouder", "motivation", "x" * 1001, "Gebruik maximaal 1000 tekens (nu 1001)."),
        ("student", "study_programme", "", "Vul je opleiding in."),
        ("student", "study_year", "", "Kies je studiejaar."),
        ("student", "study_year", "9", "Kies je studiejaar uit de lijst."),
        ("professional", "organisation_other", "", "Kies je organisatie of vul de naam in."),
        ("professional", "role", "", "Vul je functie in."),
        ("professional", "organisation", "999999", "Kies een organisatie uit de lijst."),
        ("jongere", "birth_date", "", "Vul de geboortedatum in."),
        ("jongere", "birth_date", "31-02-2010", "Vul een geldige datum in, bijvoorbeeld 14-10-2025."),
        (
            "jongere",
            "birth_date",
            (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
            "Die datum ligt in",
        ),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_keeps_what_was_typed(
    client, programme, category, field, value, message
):
    response = client.post(signup_url(programme, category), {**GOOD[category], field: value})
    page = html(response)
    assert response.status_code == 200
    assert message in page
    # At the field, not only above the form (no organisation at all: at the list to choose from).
    at = "organisation" if field == "organisation_other" else field
    assert f'id="id_{at}_error"' in page
    assert not Signup.objects.exists() and mail.outbox == []
    if field != "name":
        assert f'value="{GOOD[category]["name"]}"' in page


def test_professional_with_both_a_chosen_and_a_typed_organisation_is_asked_to_pick_one(client, programme):
    organisation = OrganisationFactory(name="Jeugdbescherming Midden")
    data = {**GOOD["professional"], "organisation": organisation.pk}
    page = html(client.post(signup_url(programme, "professional"), data))
    assert "Je koos al een organisatie uit de lijst." in page
    assert 'value="Jeugdteam Oost"' in page


def test_a_second_sign_up_with_the_same_address_is_refused_above_the_form(client, programme):
    client.post(signup_url(programme, "ouder"), GOOD["ouder"])
    again = {**GOOD["ouder"], "email": "Mirjam@Example.nl", "name": "Mirjam B."}
    page = html(client.post(signup_url(programme, "ouder"), again))
    assert "Met dit e-mailadres ben je al aangemeld." in page
    assert 'value="Mirjam B."' in page
    assert Signup.objects.count() == 1


def test_the_same_address_may_sign_up_in_another_category(client, programme):
    client.post(signup_url(programme, "ouder"), GOOD["ouder"])
    client.post(
        signup_url(programme, "professional"), {**GOOD["professional"], "email": GOOD["ouder"]["email"]}
    )
    assert sorted(Signup.objects.values_list("category", flat=True)) == ["ouder", "professional"]


# --- Young people and a parent's consent -------------------------------------------------------------------


def test_young_person_page_explains_the_parents_consent(client, programme):
    page = html(client.get(signup_url(programme, "jongere")))
    assert "Volgens de privacywet (AVG) mag je onder de 16 alleen meedoen als een ouder of verzorger" in page
    assert "Die krijgt een e-mail met een link om toestemming te geven." in page


def test_under_16_without_a_parent_gets_messages_at_the_parent_fields(client, programme):
    data = {**GOOD["jongere"], "birth_date": years_ago(16, days=1).isoformat()}
    page = html(client.post(signup_url(programme, "jongere"), data))
    assert "Onder de 16 is de naam van een ouder of verzorger nodig." in page
    assert "Onder de 16 is het e-mailadres van een ouder of verzorger nodig." in page
    assert 'id="id_parent_email_error"' in page
    assert not Signup.objects.exists()


def test_under_16_with_the_young_persons_own_address_as_parent_is_refused(client, programme):
    data = {
        **GOOD["jongere"],
        "birth_date": years_ago(14).isoformat(),
        "parent_name": "Noah zelf",
        "parent_email": GOOD["jongere"]["email"],
    }
    page = html(client.post(signup_url(programme, "jongere"), data))
    assert "niet dat van de jongere zelf" in page
    assert not Signup.objects.exists()


def test_under_16_with_a_parent_waits_for_consent_and_mails_the_parent(client, programme):
    data = {
        **GOOD["jongere"],
        "birth_date": years_ago(14).isoformat(),
        "parent_name": "Ellen Peters",
        "parent_email": "ellen@example.nl",
    }
    response = client.post(signup_url(programme, "jongere"), data)
    signup = Signup.objects.get()
    assert signup.status == SignupStatus.AWAITING_CONSENT
    assert (signup.parent_name, signup.parent_email) == ("Ellen Peters", "ellen@example.nl")
    assert sorted(m.to[0] for m in mail.outbox) == ["ellen@example.nl", "noah@example.nl"]
    page = html(client.get(response["Location"]))
    assert "vragen we Ellen Peters per e-mail om toestemming (AVG)" in page


def test_sixteen_today_needs_no_parent_and_keeps_no_parent_data(client, programme):
    data = {
        **GOOD["jongere"],
        "birth_date": years_ago(16).isoformat(),
        "parent_name": "Ellen",
        "parent_email": "",
    }
    client.post(signup_url(programme, "jongere"), data)
    signup = Signup.objects.get()
    assert signup.status == SignupStatus.SIGNED_UP
    assert signup.parent_name == "" and signup.parent_email == ""


# --- Students ----------------------------------------------------------------------------------------------


def test_student_page_says_which_year_it_is_for(client, programme):
    page = html(client.get(signup_url(programme, "student")))
    assert f"In welk studiejaar zit je in schooljaar {programme.school_year}?" in page
    assert "Buiten je bubbel is bedoeld voor het 3e of 4e studiejaar." in page


def test_a_year_two_student_is_signed_up_and_warned_on_the_confirmation(client, programme):
    response = client.post(signup_url(programme, "student"), {**GOOD["student"], "study_year": "2"})
    assert Signup.objects.get().study_year == 2
    page = html(client.get(response["Location"]))
    assert "Buiten je bubbel is bedoeld voor studenten in hun 3e of 4e studiejaar." in page


def test_a_year_two_student_with_another_error_sees_the_warning_at_the_form(client, programme):
    data = {**GOOD["student"], "study_year": "2", "name": ""}
    page = html(client.post(signup_url(programme, "student"), data))
    assert "Buiten je bubbel is bedoeld voor studenten in hun 3e of 4e studiejaar." in page
    assert "Vul je naam in." in page


def test_a_year_three_student_gets_no_warning(client, programme):
    response = client.post(signup_url(programme, "student"), GOOD["student"])
    assert "bedoeld voor studenten in hun 3e of 4e" not in html(client.get(response["Location"]))


# --- Groups on different dates -----------------------------------------------------------------------------


@pytest.fixture
def groups_apart(programme):
    """Groep B meets on other days than Groep A: people say which they can make."""
    group_a, group_b = programme.groups.order_by("position")
    start = timezone.now() + dt.timedelta(days=100)
    for group, offset in ((group_a, 0), (group_b, 2)):
        ProgrammeDate.objects.create(
            programme=programme,
            kind=DateKind.MEETING,
            group=group,
            starts_at=start + dt.timedelta(days=offset),
            ends_at=start + dt.timedelta(days=offset, hours=2),
        )
    return group_a, group_b


def test_groups_on_different_dates_are_chosen_with_checkboxes(client, programme, groups_apart):
    group_a, group_b = groups_apart
    page = html(client.get(signup_url(programme, "ouder")))
    assert "Welke groepen passen in je agenda?" in page
    assert f'value="{group_a.pk}"' in page and f'value="{group_b.pk}"' in page
    assert "Groep A: " in page and "Groep B: " in page
    client.post(signup_url(programme, "ouder"), {**GOOD["ouder"], "availability": [group_b.pk]})
    assert Signup.objects.get().availability == [group_b.pk]


def test_groups_on_different_dates_need_at_least_one_choice(client, programme, groups_apart):
    page = html(client.post(signup_url(programme, "ouder"), GOOD["ouder"]))
    assert "Kruis minstens één groep aan waarvan je de data kunt." in page
    assert not Signup.objects.exists()


def test_groups_on_the_same_dates_ask_nothing(client, programme):
    assert "Welke groepen passen in je agenda?" not in html(client.get(signup_url(programme, "ouder")))
    client.post(signup_url(programme, "ouder"), GOOD["ouder"])
    assert Signup.objects.get().availability == []


# --- Spam, closed and unknown ------------------------------------------------------------------------------


def test_honeypot_saves_and_sends_nothing_and_looks_like_success(client, programme):
    response = client.post(signup_url(programme, "ouder"), {**GOOD["ouder"], "website_adres": "http://spam"})
    assert response["Location"] == f"/programmas/{programme.slug}/aanmelden/ouder/bedankt/"
    assert not Signup.objects.exists() and mail.outbox == []
    assert "We hebben je aanmelding voor Buiten je bubbel Utrecht ontvangen." in html(
        client.get(response["Location"])
    )


def test_rate_limit_per_address_keeps_the_form(client, programme):
    for n in range(SIGNUP_RATE_LIMIT):
        data = {**GOOD["ouder"], "email": f"ouder{n}@example.nl"}
        assert client.post(signup_url(programme, "ouder"), data).status_code == 302
    response = client.post(signup_url(programme, "ouder"), GOOD["ouder"])
    assert response.status_code == 200
    assert "Er zijn het afgelopen uur al veel aanmeldingen gedaan." in html(response)
    assert 'value="Mirjam Bos"' in html(response)
    assert Signup.objects.count() == SIGNUP_RATE_LIMIT


def test_closed_programme_shows_closed_and_takes_no_sign_up(client, programme):
    set_programme_status(programme=programme, status=ProgrammeStatus.COMPOSING, by=programme.kartrekker)
    page = html(client.get(signup_url(programme, "student")))
    assert "Aanmelden is gesloten." in page and 'name="email"' not in page
    response = client.post(signup_url(programme, "student"), GOOD["student"])
    assert response.status_code == 200 and "Aanmelden is gesloten." in html(response)
    assert not Signup.objects.exists()


def test_the_team_sees_a_drafts_form_and_the_domains_refusal_above_it(client, kartrekker):
    draft = make_programme(kartrekker=kartrekker, status="draft")
    client.force_login(kartrekker)
    page = html(client.get(signup_url(draft, "ouder")))
    assert "Concept: zo ziet het formulier eruit." in page
    page = html(client.post(signup_url(draft, "ouder"), GOOD["ouder"]))
    assert "Aanmelden kan nu niet: dit programma werft geen deelnemers." in page
    assert 'value="Mirjam Bos"' in page
    assert not Signup.objects.exists()


def test_a_drafts_sign_up_is_not_found_for_others(client):
    draft = make_programme(status="draft")
    assert client.get(signup_url(draft, "ouder")).status_code == 404


@pytest.mark.parametrize("category", ["docent", "begeleider", "Student"])
def test_unknown_category_is_not_found(client, programme, category):
    assert client.get(signup_url(programme, category)).status_code == 404
    assert client.post(signup_url(programme, category), GOOD["ouder"]).status_code == 404


# --- A professional signs up a young person ----------------------------------------------------------------


def test_recorded_sign_up_needs_an_account(client, programme):
    response = client.get(f"/programmas/{programme.slug}/aanmelden/jongere/namens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_young_person_page_points_professionals_to_their_variant(client, programme):
    page = html(client.get(signup_url(programme, "jongere")))
    assert (
        f'href="/programmas/{programme.slug}/aanmelden/jongere/namens/">Ik meld een jongere aan</a>' in page
    )


def test_recorded_sign_up_without_the_young_persons_consent_is_refused_at_the_checkbox(
    client, programme, charlie
):
    client.force_login(charlie)
    page = html(client.post(f"/programmas/{programme.slug}/aanmelden/jongere/namens/", GOOD["jongere"]))
    assert "Vraag eerst de jongere zelf of je deze gegevens mag doorgeven." in page
    assert 'id="id_subject_consent_error"' in page
    assert not Signup.objects.exists()


def test_recorded_sign_up_keeps_who_recorded_it_and_the_consent(client, programme, charlie):
    client.force_login(charlie)
    page = html(client.get(f"/programmas/{programme.slug}/aanmelden/jongere/namens/"))
    assert "Naam van de jongere" in page and "De jongere heeft mij zelf gezegd" in page
    data = {**GOOD["jongere"], "subject_consent": "on"}
    response = client.post(f"/programmas/{programme.slug}/aanmelden/jongere/namens/", data)
    signup = Signup.objects.get()
    assert signup.recorded_by == charlie and signup.subject_consent_at is not None
    assert signup.category == "jongere" and signup.status == SignupStatus.SIGNED_UP
    assert [m.to for m in mail.outbox] == [["noah@example.nl"]]
    assert "Je hebt Noah Peters aangemeld voor Buiten je bubbel Utrecht." in html(
        client.get(response["Location"])
    )


# --- The participant's own page ----------------------------------------------------------------------------


def test_follow_page_shows_status_dates_and_what_we_keep(client, programme):
    signup = make_signup(programme, "student", name="Sanne de Wit", study_year=3)
    page = html(client.get(f"/programmas/deelnemer/{signup.token}/"))
    assert "Je bent aangemeld. Als het aanmelden sluit, stelt de kartrekker de groepen samen." in page
    assert "Sanne de Wit" in page and "Social Work, jaar 3" in page
    assert page.count("Intervisiebijeenkomst") == 5
    assert f'href="/programmas/deelnemer/{signup.token}/afmelden/"' in page
    assert "Koppel je account" not in page


def test_follow_page_with_an_unknown_token_is_not_found(client):
    assert client.get("/programmas/deelnemer/niet-het-goede-token/").status_code == 404


def test_withdraw_asks_first_then_withdraws(client, programme):
    signup = make_signup(programme, "ouder")
    confirm = html(client.get(f"/programmas/deelnemer/{signup.token}/afmelden/"))
    assert "Weet je zeker dat je je afmeldt voor Buiten je bubbel Utrecht?" in confirm
    signup.refresh_from_db()
    assert signup.status == SignupStatus.SIGNED_UP
    response = client.post(f"/programmas/deelnemer/{signup.token}/afmelden/")
    assert response["Location"] == f"/programmas/deelnemer/{signup.token}/"
    signup.refresh_from_db()
    assert signup.status == SignupStatus.WITHDRAWN
    page = html(client.get(response["Location"]))
    assert "Je bent afgemeld. Jammer dat je niet meedoet." in page
    assert "/afmelden/" not in page


def test_withdrawing_twice_says_it_cannot(client, programme):
    signup = make_signup(programme, "ouder")
    client.post(f"/programmas/deelnemer/{signup.token}/afmelden/")
    response = client.post(f"/programmas/deelnemer/{signup.token}/afmelden/", follow=True)
    assert "Dit kan nu niet: de aanmelding staat op “Afgemeld”." in html(response)
    # The confirmation page is not offered any more either.
    assert client.get(f"/programmas/deelnemer/{signup.token}/afmelden/")["Location"] == (
        f"/programmas/deelnemer/{signup.token}/"
    )


def test_an_invited_person_links_their_account(client, programme, bob):
    signup = make_signup(programme, "ouder", status="invited")
    page = html(client.get(f"/programmas/deelnemer/{signup.token}/"))
    assert "Je kunt meedoen." in page and "Koppel je account" in page
    link = f"/programmas/deelnemer/{signup.token}/account/"
    assert client.get(link)["Location"].startswith("/accounts/login/")
    client.force_login(bob)
    assert "bob@example.nl" in html(client.get(link))
    response = client.post(link)
    assert response["Location"] == f"/programmas/deelnemer/{signup.token}/"
    signup.refresh_from_db()
    assert signup.user == bob
    assert "Deze aanmelding hoort bij je account." in html(client.get(response["Location"]))


def test_linking_before_an_invitation_is_refused_with_the_reason(client, programme, bob):
    signup = make_signup(programme, "ouder")
    client.force_login(bob)
    page = html(client.post(f"/programmas/deelnemer/{signup.token}/account/", follow=True))
    assert "Je kunt je account koppelen zodra je bent uitgenodigd." in page
    signup.refresh_from_db()
    assert signup.user is None


def test_linking_an_account_someone_else_linked_is_refused(client, programme, bob, charlie):
    signup = make_signup(programme, "ouder", status="invited")
    client.force_login(bob)
    client.post(f"/programmas/deelnemer/{signup.token}/account/")
    client.force_login(charlie)
    page = html(client.post(f"/programmas/deelnemer/{signup.token}/account/", follow=True))
    assert "Deze aanmelding is al aan een ander account gekoppeld." in page
    signup.refresh_from_db()
    assert signup.user == bob


def test_a_declined_person_reads_it_kindly_and_cannot_withdraw(client, programme):
    signup = make_signup(programme, "ouder")
    set_signup_status(signup=signup, status=SignupStatus.DECLINED, by=programme.kartrekker)
    page = html(client.get(f"/programmas/deelnemer/{signup.token}/"))
    assert "Deze keer is er geen plaats voor je." in page
    assert "/afmelden/" not in page


# --- A parent's consent ------------------------------------------------------------------------------------


@pytest.fixture
def young_signup(programme):
    return make_signup(
        programme,
        "jongere",
        name="Noah Peters",
        birth_date=years_ago(14),
        parent_name="Ellen Peters",
        parent_email="ellen@example.nl",
    )


def test_consent_page_shows_what_the_child_signed_up_for(client, young_signup):
    page = html(client.get(f"/programmas/toestemming/{young_signup.parent_token}/"))
    assert "Noah Peters heeft zich aangemeld voor Buiten je bubbel Utrecht." in page
    assert "Dat vraagt de privacywet (AVG)." in page
    assert page.count("Intervisiebijeenkomst") == 5
    assert "Ik geef toestemming" in page


def test_consent_is_given_once_and_the_link_then_only_says_so(client, young_signup):
    url = f"/programmas/toestemming/{young_signup.parent_token}/"
    response = client.post(url, {"answer": "ja"})
    assert response["Location"] == url
    young_signup.refresh_from_db()
    assert young_signup.status == SignupStatus.SIGNED_UP and young_signup.parent_consent_at is not None
    given_at = young_signup.parent_consent_at
    page = html(client.get(url))
    assert "deze link werkt maar één keer" in page and "Ik geef toestemming" not in page
    assert "Noah Peters" not in page
    # A second answer changes nothing: not a refusal, not a new time.
    client.post(url, {"answer": "nee"})
    young_signup.refresh_from_db()
    assert young_signup.status == SignupStatus.SIGNED_UP and young_signup.parent_consent_at == given_at


def test_a_parent_who_refuses_withdraws_the_sign_up(client, young_signup):
    url = f"/programmas/toestemming/{young_signup.parent_token}/"
    client.post(url, {"answer": "nee"})
    young_signup.refresh_from_db()
    assert young_signup.status == SignupStatus.WITHDRAWN and young_signup.parent_consent_at is None
    assert "Deze aanmelding voor Buiten je bubbel Utrecht is niet meer actief." in html(client.get(url))


def test_consent_with_an_unknown_token_is_not_found(client, young_signup):
    assert client.get("/programmas/toestemming/niet-het-goede-token/").status_code == 404
    # The young person's own token is not the parent's.
    assert client.get(f"/programmas/toestemming/{young_signup.token}/").status_code == 404


# --- A partner accepts the invitation ----------------------------------------------------------------------


def _partner_page(partner) -> str:
    try:
        return reverse("programmes:partner", args=[partner.programme.slug, partner.code])
    except NoReverseMatch:  # until the partner pages exist, the programme's page
        return reverse("programmes:detail", args=[partner.programme.slug])


def test_partner_invitation_needs_an_account(client, programme):
    partner = make_partner(programme, name="Jeugdteam Oost")
    response = client.get(f"/programmas/partner/uitnodiging/{partner.invite_token}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_invited_contact_accepts_and_goes_to_the_partner_page(client, programme):
    partner = make_partner(programme, name="Jeugdteam Oost", contact_email="lotte@jeugdteam.example.nl")
    lotte = UserFactory(email="lotte@jeugdteam.example.nl")
    client.force_login(lotte)
    url = f"/programmas/partner/uitnodiging/{partner.invite_token}/"
    page = html(client.get(url))
    assert "Jeugdteam Oost is partner van Buiten je bubbel Utrecht" in page
    response = client.post(url)
    assert response["Location"] == _partner_page(partner)
    assert PartnerContact.objects.filter(partner=partner, user=lotte).exists()
    assert "Je bent contactpersoon van deze partner." in html(client.get(url))


def test_someone_else_cannot_accept_and_reads_why(client, programme, charlie):
    partner = make_partner(programme, name="Jeugdteam Oost", contact_email="lotte@jeugdteam.example.nl")
    client.force_login(charlie)
    page = html(client.post(f"/programmas/partner/uitnodiging/{partner.invite_token}/"))
    assert "Deze uitnodiging is voor lotte@jeugdteam.example.nl. Log in met dat e-mailadres." in page
    assert not PartnerContact.objects.exists()


def test_partner_invitation_with_an_unknown_token_is_not_found(client, charlie):
    client.force_login(charlie)
    assert client.get("/programmas/partner/uitnodiging/niet-het-goede-token/").status_code == 404
