"""The home page: the public page for visitors, and a dashboard with a part per role for each kind of
person who logs in."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intervisie.events.enums import RegistrationStatus
from intervisie.groups.enums import Format
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings.enums import RsvpAnswer
from intervisie.meetings.models import CharterAgreement
from intervisie.programmes.domain import partner_accept, signup_link_account
from tests.factories import (
    PASSWORD,
    AttendanceFactory,
    CharterFactory,
    EnrolmentFactory,
    EventFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ProviderFactory,
    RegistrationFactory,
    RsvpFactory,
    TrajectoryFactory,
    UserFactory,
    days_from_today,
    give_totp,
    make_case,
    make_partner,
    make_programme,
    make_signup,
    register,
)

SITUATION = "Jayden (9) slaapt slecht sinds het bezoek aan zijn moeder."


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """The visible text, with tags removed and white space collapsed, to assert whole sentences."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _headings(html: str) -> list[str]:
    return [_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)]


# --- Visitors and logging in --------------------------------------------------------------------------


def test_home_for_a_visitor_is_the_public_start_page(client, group):
    html = client.get(reverse("home")).content.decode()

    assert "<h1>Vind een intervisiegroep die bij je past</h1>" in html
    assert "Er staan nu 1 groepen in het overzicht." in html
    assert "Mijn overzicht" not in html


def test_logging_in_lands_on_the_dashboard(client, bob):
    response = client.post(reverse("account_login"), {"login": bob.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home") == "/"
    html = client.get(response["Location"]).content.decode()
    assert "<h1>Mijn overzicht</h1>" in html
    assert "Hallo Bob! Hier zie je wat er voor jou klaarstaat." in _text(html)


# --- Someone without a group or role ------------------------------------------------------------------


def test_dashboard_without_group_or_role_shows_a_friendly_start(client, charlie):
    html = _page(client, charlie)

    assert _headings(html) == ["Aan de slag"]
    assert "Je zit nog niet in een intervisiegroep." in _text(html)
    assert f'href="{reverse("directory:search")}">Zoek een groep</a>' in html
    assert f'href="{reverse("accounts:profile")}"' in html
    assert f'href="{reverse("meetings:calendar_feed")}"' in html
    assert "Beheer van het platform" not in html


# --- A member -----------------------------------------------------------------------------------------


def test_member_sees_next_meeting_place_answer_and_what_to_prepare(client, member, group):
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    meeting = MeetingFactory(
        group=group,
        title="Intervisie maart",
        starts_at=days_from_today(6),
        ends_at=days_from_today(6) + timedelta(hours=2),
    )
    make_case(meeting=meeting, bringer=member, title="Grenzen stellen bij logeren", situation=SITUATION)
    make_case(
        meeting=meeting, bringer=dana, title="Titel van Dana", situation="Tekst van Dana over een kind."
    )
    charter = CharterFactory(group=group)
    past = MeetingFactory(
        group=group,
        title="Intervisie februari",
        starts_at=days_from_today(-20),
        ends_at=days_from_today(-20) + timedelta(hours=2),
    )
    AttendanceFactory(meeting=past, user=member)

    html = _page(client, member)
    text = _text(html)

    assert _headings(html) == ["Je volgende bijeenkomst", "Voorbereiden", "Je reflectie-uren", "Je groepen"]
    assert f'<a href="{reverse("meetings:detail", args=[meeting.pk])}">Intervisie maart</a>' in html
    assert "Buurthuis De Linde, Lindelaan 4, Utrecht" in text
    assert "Je hebt nog niet doorgegeven of je komt. Geef het door" in text
    assert "Je brengt een casus in bij de volgende bijeenkomst: Grenzen stellen bij logeren" in text
    assert "Lees de groepsafspraken van Intervisie Utrecht Oost en geef aan dat je akkoord bent." in text
    assert reverse("meetings:charter", args=[charter.group.slug]) in html
    assert "Bevestig dat je bij 1 bijeenkomst was. Dan telt die mee voor je uren." in text
    assert "Voor de volgende bijeenkomst is al een casus ingebracht. Lees hem vooraf" in text
    assert "Intervisie februari" in text
    # Confidential: no case text, and not another person's case title.
    assert SITUATION not in html
    assert "Titel van Dana" not in html
    assert "Tekst van Dana" not in html


def test_member_sees_the_video_link_of_an_online_meeting_and_their_answer(client, member, group):
    meeting = MeetingFactory(
        group=group, format=Format.ONLINE, location="", video_room="kamer-abcdefghijklmnopqrst"
    )
    RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.COMING)

    html = _page(client, member)

    assert f'<a href="{meeting.video_url}" rel="noopener">Naar de videoverbinding</a>' in html
    assert "Je hebt doorgegeven dat je komt." in html


def test_member_during_a_meeting_sees_it_is_on_now_without_the_rsvp_question(client, member, group):
    start = timezone.now() - timedelta(minutes=30)
    MeetingFactory(group=group, title="Nu bezig", starts_at=start, ends_at=start + timedelta(hours=2))

    text = _text(_page(client, member))

    assert "(nu bezig)" in text
    assert "Kom je?" not in text


def test_member_whose_turn_it_is_gets_a_link_to_prepare_a_case(client, member, group):
    MeetingFactory(group=group)

    text = _text(_page(client, member))

    assert "Volgens de beurtrol ben jij aan de beurt om een casus in te brengen" in text
    assert "Casus voorbereiden" in text


def test_member_without_anything_to_prepare_is_told_so(client, member, group):
    earlier = MeetingFactory(
        group=group, starts_at=days_from_today(-30), ends_at=days_from_today(-30) + timedelta(hours=2)
    )
    make_case(meeting=earlier, bringer=member, title="Eerdere casus")
    AttendanceFactory(meeting=earlier, user=member, confirmed_at=timezone.now())

    text = _text(_page(client, member))

    assert "Er is nog geen bijeenkomst gepland in je groep." in text
    assert "Je hoeft nu niets voor te bereiden." in text


def test_member_sees_hours_progress_with_a_link_to_the_overview(client, member, group):
    EnrolmentFactory(user=member, register=register("skj-jeugd-en-gezinsprofessional"))
    past = MeetingFactory(
        group=group, starts_at=days_from_today(-14), ends_at=days_from_today(-14) + timedelta(hours=2)
    )
    AttendanceFactory(meeting=past, user=member, confirmed_at=timezone.now())

    html = _page(client, member)
    text = _text(html)

    assert "SKJ" in text
    assert re.search(r"2 van \d+ uur \(\d+%\)", text)
    assert f'<a href="{reverse("accreditation:overview")}">Bekijk je uren en je bewijs</a>' in html


def test_member_without_registration_is_invited_to_add_one(client, member):
    text = _text(_page(client, member))
    assert "Voeg je registratie toe, dan zie je hier hoe ver je bent." in text


def test_someone_who_joined_after_the_meetings_sees_only_what_is_theirs(client, bob, group):
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    charter = CharterFactory(group=group)
    CharterAgreement.objects.create(charter=charter, user=dana)
    past = MeetingFactory(
        group=group,
        title="Januari",
        starts_at=days_from_today(-40),
        ends_at=days_from_today(-40) + timedelta(hours=2),
    )
    AttendanceFactory(meeting=past, user=dana)
    make_case(meeting=past, bringer=dana, title="Januari-casus van Dana", situation=SITUATION)
    MeetingFactory(group=group, title="Volgende maand")
    MembershipFactory(user=bob, group=group, started_at=timezone.now())

    text = _text(_page(client, bob))

    assert "Volgende maand" in text
    assert "Lees de groepsafspraken van Intervisie Utrecht Oost" in text
    assert "Bevestig dat je bij" not in text
    assert "Januari" not in text
    assert SITUATION not in text


# --- Someone halfway through joining -----------------------------------------------------------------


def test_someone_in_kennismaking_sees_their_status_and_next_step_but_no_cases(client, bob, group):
    MembershipFactory(user=bob, group=group, state=S.INTRODUCTION)
    dana = UserFactory(name="Dana de Wit")
    MembershipFactory(user=dana, group=group)
    meeting = MeetingFactory(group=group, title="Kennismakingsavond")
    make_case(meeting=meeting, bringer=dana, title="Casus van Dana", situation=SITUATION)

    html = _page(client, bob)
    text = _text(html)

    assert _headings(html)[:3] == ["Je volgende bijeenkomst", "Voorbereiden", "Je aanmeldingen"]
    assert "Kennismaking" in text
    assert "Je gaat kennismaken met de groep." in text
    assert "Kennismakingsavond" in text
    assert "aan de beurt" not in text
    assert "al een casus ingebracht" not in text  # someone in kennismaking reads no cases
    assert "Casus van Dana" not in html
    assert SITUATION not in html


def test_waitlisted_person_sees_their_place_and_an_offer_comes_first(client, bob, group):
    now = timezone.now()
    MembershipFactory(group=group, state=S.WAITLISTED, waitlisted_at=now - timedelta(hours=2))
    MembershipFactory(user=bob, group=group, state=S.WAITLISTED, waitlisted_at=now)
    offered = MembershipFactory(
        user=bob,
        group=GroupFactory(name="Groep Amersfoort"),
        state=S.OFFERED,
        offer_expires_at=now + timedelta(days=7),
    )

    html = _page(client, bob)
    text = _text(html)

    assert "Je staat op plaats 2 van de wachtlijst." in text
    assert text.index("Groep Amersfoort") < text.index("Intervisie Utrecht Oost")
    assert "Er is een plek voor je. Neem de plek aan vóór" in text
    assert f'href="{reverse("groups:membership", args=[offered.pk])}">Plek aannemen of afslaan' in html
    assert "Aan de slag" not in text


def test_member_with_a_request_elsewhere_sees_the_next_meeting_first(client, member, group):
    MeetingFactory(group=group)
    MembershipFactory(user=member, group=GroupFactory(name="Groep Zwolle"), state=S.REQUESTED)

    html = _page(client, member)

    assert _headings(html)[:3] == ["Je volgende bijeenkomst", "Voorbereiden", "Je aanmeldingen"]
    assert "De beheerder of begeleider van de groep bekijkt je aanmelding." in _text(html)


# --- A begeleider -------------------------------------------------------------------------------------


def test_begeleider_sees_groups_attendance_to_register_quorum_and_applications(client, begeleider, group):
    for _ in range(2):
        MembershipFactory(group=group)
    applicant = UserFactory(name="Sanne Visser")
    application = MembershipFactory(user=applicant, group=group, state=S.REQUESTED)
    CharterFactory(group=group, min_attendance=3)
    past = MeetingFactory(
        group=group,
        title="Vorige week",
        starts_at=days_from_today(-7),
        ends_at=days_from_today(-7) + timedelta(hours=2),
    )
    soon = MeetingFactory(
        group=group,
        title="Volgende week",
        starts_at=days_from_today(7),
        ends_at=days_from_today(7) + timedelta(hours=2),
    )

    html = _page(client, begeleider)
    text = _text(html)

    assert _headings(html) == ["Groepen die je begeleidt", "Aanmeldingen om over te beslissen"]
    assert "2 deelnemers" in text
    assert f'<a href="{reverse("meetings:attendance", args=[past.pk])}">Vorige week</a>' in html
    assert f'<a href="{reverse("meetings:detail", args=[soon.pk])}">Volgende week</a>' in html
    assert "0 mensen komen, de groep wil minstens 3 mensen." in text
    assert f'<a href="{reverse("groups:membership", args=[application.pk])}">Sanne Visser</a>' in html
    assert "Aan de slag" not in text


# --- An organisation manager --------------------------------------------------------------------------


def test_manager_sees_the_organisations_groups_with_open_places_and_status(
    client, alice, organisation, group
):
    MembershipFactory(group=group, state=S.REQUESTED)
    full = GroupFactory(
        name="Volle groep", organisation=organisation, min_members=2, max_members=2, external_members=2
    )

    html = _page(client, alice)
    text = _text(html)

    assert _headings(html) == ["Aanmeldingen om over te beslissen", "Je organisatie"]
    assert (
        f'<a href="{reverse("organisations:dashboard", args=[organisation.slug])}">Gezinshuis Netwerk Midden</a>'
        in html
    )
    assert "2 groepen" in text
    assert "6 open plekken 1 nieuwe aanmelding" in text
    assert "Intervisie Utrecht Oost Open voor aanmeldingen 6 open plekken 1 aanmelding wacht" in text
    assert f"{full.name} Vol, wachtlijst open 0 open plekken" in text


# --- An event organiser -------------------------------------------------------------------------------


def test_organiser_sees_events_with_registrations_and_what_to_do(client, olga):
    event = EventFactory(organisers=[olga], title="GGZ in het gezinshuis", capacity=30)
    for _ in range(3):
        RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)

    html = _page(client, olga)
    text = _text(html)

    assert _headings(html) == ["Themabijeenkomsten die je organiseert"]
    assert f'<a href="{reverse("events:manage", args=[event.slug])}">GGZ in het gezinshuis</a>' in html
    assert "3 van 30 plaatsen bezet, 1 op de wachtlijst, 0 coaches" in text
    assert "Nog te doen: Er is nog 1 coach nodig. Coaches uitnodigen" in text
    assert f'href="{reverse("events:create")}">Nieuwe themabijeenkomst</a>' in html


def test_organiser_sees_closed_registration_and_past_events_with_attendance_to_register(client, olga):
    now = timezone.now()
    EventFactory(organisers=[olga], title="Bijna", registration_deadline=now - timedelta(hours=1))
    start = now - timedelta(days=2)
    past = EventFactory(
        organisers=[olga],
        title="Vorige week",
        plenary_starts_at=start,
        plenary_ends_at=start + timedelta(minutes=45),
        breakout_starts_at=start + timedelta(hours=1),
        breakout_ends_at=start + timedelta(hours=2),
        registration_deadline=start - timedelta(days=2),
    )
    RegistrationFactory(event=past)

    html = _page(client, olga)
    text = _text(html)

    assert "Bijna Aanmelden gesloten" in text
    assert "Vorige week Voorbij" in text
    assert "Van 1 deelnemer is de aanwezigheid nog niet ingevuld. Aanwezigheid invullen" in text
    assert f'href="{reverse("events:attendance", args=[past.slug])}"' in html


def test_organiser_without_events_may_start_one(client, olga):
    html = _page(client, olga)

    assert "Je organiseert nu geen themabijeenkomsten." in _text(html)
    assert "Aan de slag" not in html


def test_participant_of_an_event_sees_it(client, charlie):
    RegistrationFactory(user=charlie, event=EventFactory(title="Traumasensitief werken"))

    html = _page(client, charlie)

    assert _headings(html) == ["Aan de slag", "Je themabijeenkomsten"]
    assert "Traumasensitief werken" in html


# --- Several roles, and the platform admin ------------------------------------------------------------


def test_person_with_several_roles_sees_each_part(client, group):
    person = UserFactory(name="Mira Meerdere", roles=["gezinshuisouder", "begeleider", "organisator"])
    give_totp(person)
    MembershipFactory(user=person, group=GroupFactory(name="Mijn eigen groep"))
    group.begeleider = person
    group.save(update_fields=["begeleider"])
    OrganisationFactory(name="Mira's organisatie", managers=[person])
    EventFactory(organisers=[person])

    html = _page(client, person)

    assert _headings(html) == [
        "Je volgende bijeenkomst",
        "Voorbereiden",
        "Groepen die je begeleidt",
        "Je organisatie",
        "Themabijeenkomsten die je organiseert",
        "Je reflectie-uren",
        "Je groepen",
    ]


def test_superuser_sees_only_their_own_parts_and_the_admin_link(client, bob, group):
    admin = UserFactory(name="Ada Admin", is_superuser=True, is_staff=True, roles=["beheerder"])
    give_totp(admin)
    MembershipFactory(user=bob, group=group)
    meeting = MeetingFactory(group=group, title="Bijeenkomst van een andere groep")
    make_case(meeting=meeting, bringer=bob, title="Casus van Bob", situation=SITUATION)
    MembershipFactory(group=group, state=S.REQUESTED)
    EventFactory(organisers=[UserFactory()])

    html = _page(client, admin)
    text = _text(html)

    assert _headings(html) == ["Aan de slag", "Beheer van het platform"]
    assert f'<a href="{reverse("admin:index")}">Naar het beheer</a>' in html
    assert "Casus van Bob" not in html
    assert SITUATION not in html
    assert "Bijeenkomst van een andere groep" not in text


def test_non_staff_do_not_get_the_admin_link(client, member):
    assert reverse("admin:index") not in _page(client, member)


# --- Query counts -------------------------------------------------------------------------------------


def _everything(person, count: int) -> None:
    """``count`` of everything: groups the person is in, groups they guide, applications, organisations,
    events they organise and events they take part in."""
    EnrolmentFactory(user=person, register=register())
    for n in range(count):
        own = GroupFactory(name=f"Eigen groep {n}")
        MembershipFactory(user=person, group=own)
        MeetingFactory(
            group=own, starts_at=days_from_today(3 + n), ends_at=days_from_today(3 + n) + timedelta(hours=2)
        )
        CharterFactory(group=own)
        AttendanceFactory(
            user=person,
            meeting=MeetingFactory(
                group=own,
                starts_at=days_from_today(-9 - n),
                ends_at=days_from_today(-9 - n) + timedelta(hours=2),
            ),
        )
        organisation = OrganisationFactory(managers=[person])
        guided = GroupFactory(name=f"Begeleide groep {n}", organisation=organisation, begeleider=person)
        MembershipFactory(group=guided, state=S.REQUESTED)
        MeetingFactory(
            group=guided,
            starts_at=days_from_today(-5 - n),
            ends_at=days_from_today(-5 - n) + timedelta(hours=2),
        )
        MeetingFactory(
            group=guided,
            starts_at=days_from_today(5 + n),
            ends_at=days_from_today(5 + n) + timedelta(hours=2),
        )
        event = EventFactory(organisers=[person])
        RegistrationFactory(event=event)
        RegistrationFactory(user=person)
        provider = ProviderFactory()
        provider.members.create(user=person)
        TrajectoryFactory(provider=provider)
        TrajectoryFactory(provider=provider, state="talk_planned")


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_is_fixed_for_a_person_with_every_role(
    client, db, django_assert_num_queries, count
):
    person = UserFactory(roles=["gezinshuisouder", "begeleider", "organisator"])
    give_totp(person)
    _everything(person, count)
    client.force_login(person)
    # Session, user, roles, the two-factor check, the menu's question, and 25 for the parts: the
    # same with one of everything as with three.
    with django_assert_num_queries(33):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Begeleide groep") >= count


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_is_fixed_for_a_member(client, bob, django_assert_num_queries, count):
    for n in range(count):
        own = GroupFactory(name=f"Eigen groep {n}")
        MembershipFactory(user=bob, group=own)
        MeetingFactory(
            group=own, starts_at=days_from_today(3 + n), ends_at=days_from_today(3 + n) + timedelta(hours=2)
        )
        CharterFactory(group=own)
    client.force_login(bob)
    with django_assert_num_queries(24):
        response = client.get(reverse("home"))
    assert _text(response.content.decode()).count("Lees de groepsafspraken") == count


def test_begeleider_of_a_provider_sees_what_waits_on_the_board(client, begeleider):
    provider = ProviderFactory()
    provider.members.create(user=begeleider)
    TrajectoryFactory(provider=provider)
    TrajectoryFactory(provider=provider, state="talk_planned")
    TrajectoryFactory(provider=provider, state="closed")
    TrajectoryFactory()  # another provider's
    client.force_login(begeleider)
    html = client.get("/").content.decode()
    assert "2 trajecten lopen nog." in html
    assert "1 nieuwe aanvraag wacht op een verkennend gesprek." in html
    assert "/trajecten/aanbieder/" in html


def test_someone_outside_a_provider_sees_no_trajectory_part(client, member):
    client.force_login(member)
    assert "Begeleide trajecten" not in client.get("/").content.decode()


def test_the_programmes_part_links_the_kartrekker_the_participant_and_the_partner_to_their_pages(client, bob):
    mine = make_programme(kartrekker=bob, name="Bubbel Noord")
    make_signup(mine, "student")
    other = make_programme(name="Bubbel Zuid")
    signup = make_signup(other, "student", email=bob.email, status="invited")
    signup_link_account(signup=signup, user=bob)
    partner = make_partner(other, name="Wijkteam Zuid", contact_email=bob.email)
    partner_accept(partner=partner, user=bob)
    give_totp(bob)  # bob manages the initiator organisation now: two-factor login
    client.force_login(bob)
    html = client.get("/").content.decode()
    assert f"/programmas/{mine.slug}/beheer/" in html and "1 wacht op jouw besluit" in html
    assert f"/programmas/deelnemer/{signup.token}/" in html
    assert f"/programmas/{other.slug}/partner/{partner.code}/" in html
    assert f"/programmas/{other.slug}/beheer/" not in html
