"""A themed event in two browsers: the organiser creates and publishes an event, 40 registrations and
5 coaches come in, the organiser composes the breakouts, moves a person and sees which rule that
breaks, moves them back, and sends the composition out; at breakout time a participant sees the link
to their own group on the live page (on a phone).

Screenshots go to tests/e2e/screenshots/events-*.png.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from intervisie.events.enums import ParticipantRole, RegistrationKind
from intervisie.events.models import Event, Registration
from tests.e2e.browser import PHONE, assert_accessible, check_at_viewports, log_in, screenshot
from tests.factories import PASSWORD, RegistrationFactory, UserFactory

TITLE = "Traumasensitief werken in het gezinshuis"
REGIONS = ["UT", "GE", "NH", "ZH", "NB"]


@pytest.fixture
def organiser(live_server):
    return UserFactory(email="fatma@example.nl", name="Fatma Organisator", roles=["organisator"])


def _registrations(event, participant_user):
    """40 participants (parents and youth-care workers of 20 gezinshuizen) and 5 coaches."""
    for i in range(40):
        RegistrationFactory(
            event=event,
            user=participant_user if i == 0 else UserFactory(),
            role=[ParticipantRole.GEZINSHUISOUDER, ParticipantRole.JEUGDZORGWERKER][i % 2],
            organisation_other=f"Zorgaanbieder {i % 6}",
            region=REGIONS[i % len(REGIONS)],
            gezinshuis=f"Gezinshuis {i // 2}",
        )
    for i in range(5):
        RegistrationFactory(
            event=event, kind=RegistrationKind.COACH, role="", organisation_other=f"Coachbureau {i}"
        )


def test_events_flow_create_compose_move_publish_and_join_the_breakout(new_context, live_server, organiser):
    participant = UserFactory(email="marloes@example.nl", name="Marloes de Graaf", roles=["gezinshuisouder"])
    day = timezone.localdate() + dt.timedelta(days=20)

    # 1. The organiser creates the event as a draft and publishes it.
    page = new_context().new_page()
    log_in(page, organiser, PASSWORD)
    page.goto("/evenementen/")
    page.get_by_role("link", name="Nieuwe themabijeenkomst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe themabijeenkomst")
    # An empty form first: the errors show at the fields.
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Vul het thema in.")).to_be_visible()

    def field(label):
        return page.get_by_label(f"{label} (verplicht)", exact=True)

    field("Thema").fill(TITLE)
    field("Beschrijving").fill("Hoe herken je traumagedrag en hoe blijf je zelf rustig?")
    field("Deskundige").fill("Karim Ait Taleb")
    field("Datum").fill(day.isoformat())
    field("Plenair deel: begin").fill("19:00")
    field("Plenair deel: einde").fill("19:45")
    field("Kleine groepen: begin").fill("20:00")
    field("Kleine groepen: einde").fill("21:15")
    field("Aantal plaatsen").fill("48")
    field("Aanmelden kan tot").fill(f"{(day - dt.timedelta(days=2)).isoformat()}T23:00")
    check_at_viewports(page, "events-01-form")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("De bijeenkomst is opgeslagen als concept.")).to_be_visible()
    page.get_by_role("button", name="Publiceren: aanmelden openzetten").click()
    expect(page.get_by_text("De bijeenkomst staat online.")).to_be_visible()
    event = Event.objects.get(title=TITLE)
    assert event.is_published and event.capacity == 48 and event.group_max == 8

    # 2. Forty people and five coaches register; the organiser composes the breakouts.
    _registrations(event, participant)
    page.goto(f"/evenementen/{event.slug}/beheer/")
    expect(page.get_by_text("40 van 48 plaatsen bezet")).to_be_visible()
    expect(page.get_by_text("5 coaches")).to_be_visible()
    check_at_viewports(page, "events-02-manage")
    page.get_by_role("link", name="Indeling in groepen").click()
    page.get_by_role("button", name="Maak een indeling").click()
    expect(page.get_by_text(re.compile(r"Indeling gemaakt in [\d.,]+ seconden"))).to_be_visible()
    expect(page.get_by_text("Alle harde regels kloppen")).to_be_visible()
    groups = page.locator("section.composition-group")
    expect(groups).to_have_count(5)
    for i in range(5):
        expect(groups.nth(i)).to_contain_text("8 deelnemers")
    check_at_viewports(page, "events-03-composed")

    # 3. Moving one person makes another group too big: the page says so at once.
    first_group = groups.nth(0)
    mover = first_group.locator("li.composition-member").first
    name = mover.locator(".member-name").inner_text().strip()
    mover.get_by_role("combobox").select_option(label="Groep 2")
    mover.get_by_role("button", name=re.compile("^Verplaats")).click()
    feedback = page.locator(".composition-feedback")
    expect(feedback).to_contain_text(f"{name} zit nu in groep 2.")
    expect(feedback).to_contain_text("Deze verplaatsing breekt een regel:")
    expect(feedback).to_contain_text("Groep 2 heeft 9 deelnemers; het maximum is 8.")
    expect(page.get_by_text("Alle harde regels kloppen")).to_have_count(0)
    screenshot(page, "events-04-move-feedback-laptop")
    assert_accessible(page, "events-04-move-feedback")
    # Publishing is refused while a rule is broken.
    page.get_by_role("button", name="Indeling versturen").click()
    expect(page.get_by_text("De indeling breekt nog een harde regel.")).to_be_visible()
    # Moving the person back mends it.
    back = page.locator("section.composition-group").nth(1).locator("li.composition-member", has_text=name)
    back.get_by_role("combobox").select_option(label="Groep 1")
    back.get_by_role("button", name=re.compile("^Verplaats")).click()
    expect(page.locator(".composition-feedback")).to_contain_text("Opgelost door deze verplaatsing:")
    # The keyboard stays on the moved person's button, now in group 1.
    expect(
        page.locator("section.composition-group").nth(0).get_by_role("button", name=f"Verplaats {name}")
    ).to_be_focused()
    expect(page.get_by_text("Alle harde regels kloppen")).to_be_visible()

    # 4. Sending the composition asks first, then e-mails all 45 people their group and video room.
    mail.outbox.clear()
    page.get_by_role("button", name="Indeling versturen").click()
    expect(page.get_by_text("45 mensen krijgen een e-mail met hun groep en videolink.")).to_be_visible()
    confirm = page.get_by_role("button", name="Ja, verstuur de e-mails")
    expect(confirm).to_be_focused()
    assert mail.outbox == []
    confirm.click()
    expect(page.get_by_text("De indeling is verstuurd: 45 mensen kregen een e-mail.")).to_be_visible()
    assert len(mail.outbox) == 45
    own = Registration.objects.select_related("breakout").get(event=event, user=participant)
    message = next(m for m in mail.outbox if m.to == [participant.email])
    assert own.breakout.room_url in message.body

    # 5. At breakout time the participant opens the live page on a phone and sees their own room.
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        plenary_starts_at=now - dt.timedelta(minutes=70),
        plenary_ends_at=now - dt.timedelta(minutes=20),
        breakout_starts_at=now - dt.timedelta(minutes=5),
        breakout_ends_at=now + dt.timedelta(minutes=70),
        registration_deadline=now - dt.timedelta(days=1),
    )
    phone = new_context().new_page()
    phone.set_viewport_size(PHONE)
    log_in(phone, participant, PASSWORD)
    phone.goto(f"/evenementen/{event.slug}/")
    phone.get_by_role("link", name="Naar de live-pagina").click()
    expect(phone.get_by_role("heading", level=2, name="Deel 2: in je kleine groep")).to_be_visible()
    expect(phone.get_by_text(f"Je zit in groep {own.breakout.number}.")).to_be_visible()
    link = phone.get_by_role("link", name=re.compile(f"^Naar groep {own.breakout.number} \\(video\\)"))
    expect(link).to_have_attribute("href", own.breakout.room_url)
    expect(phone.locator("[data-countdown-text]")).to_have_text(re.compile(r"^1:(09|10):\d\d$"))
    screenshot(phone, "events-05-live-breakout-phone")
    assert_accessible(phone, "events-05-live-breakout")

    # One minute before the end the page warns (the countdown's own clock, no reload needed).
    Event.objects.filter(pk=event.pk).update(breakout_ends_at=timezone.now() + dt.timedelta(seconds=63))
    phone.reload()
    warning = phone.get_by_text("Nog één minuut. Rond het gesprek af")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=12_000)
    screenshot(phone, "events-06-live-one-minute-phone")
