"""After logging in, each kind of person lands on their own dashboard: a member, a begeleider (two-factor
login), an event organiser and an organisation manager (two-factor login). Each page is checked with
axe-core and photographed at laptop and phone size: tests/e2e/screenshots/dashboard-*.png.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intervisie.events.enums import RegistrationKind, RegistrationStatus
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings.enums import RsvpAnswer
from tests.e2e.browser import check_at_viewports, log_in
from tests.factories import (
    PASSWORD,
    AttendanceFactory,
    CharterFactory,
    EnrolmentFactory,
    EventFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    MethodFactory,
    RegistrationFactory,
    RsvpFactory,
    UserFactory,
    days_from_today,
    make_case,
    register,
)


def _meeting(group, title: str, days: int, **extra):
    return MeetingFactory(
        group=group,
        title=title,
        starts_at=days_from_today(days),
        ends_at=days_from_today(days) + timedelta(hours=2),
        **extra,
    )


@pytest.fixture
def world(live_server, alice, bob, organisation, group, begeleider, olga):
    """One organisation (alice manages it) with two groups; bea (the begeleider) guides the first, where
    bob is a member with hours, a case to bring and an attendance to confirm; olga organises a themed
    event."""
    register("skj-jeugd-en-gezinsprofessional")  # the live server's database starts without registers
    second = GroupFactory(name="Intervisie Amersfoort", organisation=organisation, max_members=8)
    dana = UserFactory(name="Dana de Wit", roles=["jeugdzorgwerker"])
    for person in (bob, dana):
        MembershipFactory(user=person, group=group)
    MembershipFactory(user=UserFactory(name="Sanne Visser"), group=group, state=S.REQUESTED)
    MembershipFactory(user=UserFactory(name="Kees Kok"), group=second, state=S.REQUESTED)
    CharterFactory(group=group, min_attendance=3)

    for days in (90, 60, 30):
        past = _meeting(group, f"Intervisie van {days} dagen geleden", -days)
        for person in (bob, dana):
            AttendanceFactory(meeting=past, user=person, confirmed_at=timezone.now())
    waiting = _meeting(group, "Intervisie januari", -14)
    AttendanceFactory(meeting=waiting, user=bob)
    _meeting(group, "Intervisie februari", -3)  # attendance not registered yet
    incident = MethodFactory(name="Incidentmethode", slug="incidentmethode")
    coming = _meeting(group, "Intervisie maart", 6, method=incident)
    RsvpFactory(meeting=coming, user=dana, answer=RsvpAnswer.COMING)
    make_case(
        meeting=coming,
        bringer=bob,
        title="Grenzen stellen bij logeerweekenden",
        situation="De situatie.",
        question="Wat kan ik anders doen?",
    )
    EnrolmentFactory(user=bob, register=register("skj-jeugd-en-gezinsprofessional"))

    event = EventFactory(organisers=[olga], title="GGZ in het gezinshuis", capacity=30)
    for _ in range(11):
        RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    RegistrationFactory(event=EventFactory(title="Traumasensitief werken"), user=bob)
    return {"bea": begeleider, "olga": olga}


def _dashboard(new_context, live_server, user, *, totp=False):
    page = new_context().new_page()
    log_in(page, user, PASSWORD, totp=totp)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn overzicht")
    return page


def test_each_role_lands_on_its_own_dashboard(new_context, live_server, world, alice, bob):
    # A member: the next meeting with what to prepare, hours, and a themed event.
    page = _dashboard(new_context, live_server, bob)
    expect(page.get_by_role("heading", level=3, name="Intervisie maart")).to_be_visible()
    prepare = page.get_by_role("region", name="Voorbereiden")
    expect(prepare).to_contain_text("Je brengt een casus in bij de volgende bijeenkomst")
    expect(prepare).to_contain_text("Lees de groepsafspraken van Intervisie Utrecht Oost")
    expect(prepare).to_contain_text("Bevestig dat je bij 1 bijeenkomst was.")
    expect(page.get_by_role("region", name="Je reflectie-uren")).to_contain_text("8 van 60 uur")
    expect(page.get_by_role("region", name="Je themabijeenkomsten")).to_contain_text("Traumasensitief werken")
    check_at_viewports(page, "dashboard-member")
    page.get_by_role("link", name="Geef het door").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intervisie maart")

    # A begeleider: attendance to register, too few people coming, an application to decide.
    page = _dashboard(new_context, live_server, world["bea"], totp=True)
    lead = page.get_by_role("region", name="Groepen die je begeleidt")
    expect(lead.get_by_role("link", name="Intervisie februari")).to_be_visible()
    expect(lead).to_contain_text("1 persoon komt, de groep wil minstens 3 mensen.")
    expect(page.get_by_role("region", name="Aanmeldingen om over te beslissen")).to_contain_text(
        "Sanne Visser"
    )
    check_at_viewports(page, "dashboard-begeleider")
    lead.get_by_role("link", name="Intervisie februari").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanwezigheid")

    # An event organiser: registrations, waitlist, and what still needs doing.
    page = _dashboard(new_context, live_server, world["olga"])
    events = page.get_by_role("region", name="Themabijeenkomsten die je organiseert")
    expect(events).to_contain_text("11 van 30 plaatsen bezet, 1 op de wachtlijst, 1 coach")
    expect(events).to_contain_text("Er is nog 1 coach nodig.")
    check_at_viewports(page, "dashboard-organiser")

    # An organisation manager: the groups with open places, and both applications.
    page = _dashboard(new_context, live_server, alice, totp=True)
    organisation = page.get_by_role("region", name="Je organisatie")
    expect(organisation).to_contain_text("2 groepen")
    expect(organisation.get_by_role("link", name="Intervisie Amersfoort")).to_be_visible()
    applications = page.get_by_role("region", name="Aanmeldingen om over te beslissen")
    expect(applications).to_contain_text("Sanne Visser")
    expect(applications).to_contain_text("Kees Kok")
    check_at_viewports(page, "dashboard-manager")
