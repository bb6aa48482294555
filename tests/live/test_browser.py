"""A live session in two browsers: the participant's screen follows the chair, silent writing and
reveal work, the end leads to the closing page. Screenshots in tests/e2e/screenshots/live-*.png."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intervisie.live.domain import session_add_time
from intervisie.live.models import LiveSession
from tests.e2e import conftest as e2e
from tests.e2e.browser import LAPTOP, PHONE, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FOLLOW_MS = 6_000  # the screens poll every 2 s

# The browser fixtures of tests/e2e: one shared Debian chromium per worker (a second sync Playwright
# in the same process fails), Dutch locale, CSP and JavaScript error checks.
base_url = e2e.base_url
browser_context_args = e2e.browser_context_args
browser_problems = e2e.browser_problems
browser_type_launch_args = e2e.browser_type_launch_args
new_context = e2e.new_context


def test_live_session_participant_follows_chair(live_server, new_context, session, member, erin, password):
    url = f"{live_server.url}/sessie/{session.meeting.pk}/"
    pages = {}
    for name, user, viewport in (("chair", member, LAPTOP), ("erin", erin, PHONE)):
        page = new_context().new_page()
        page.set_viewport_size(viewport)
        log_in(page, user, password)
        page.goto(url)
        pages[name] = page
    chair, erin_page = pages["chair"], pages["erin"]
    expect(erin_page.get_by_text("Stap 1 van 3", exact=True)).to_be_visible()

    chair.get_by_role("button", name="Volgende stap").click()
    expect(chair.get_by_text("Stap 2 van 3", exact=True)).to_be_visible()
    expect(erin_page.get_by_text("Stap 2 van 3", exact=True)).to_be_visible(timeout=FOLLOW_MS)
    expect(erin_page.get_by_text("De inbrenger luistert alleen")).to_be_visible()

    answer = erin_page.get_by_label("Jouw antwoord (alleen jij ziet het, tot de voorzitter het laat zien)")
    answer.fill("Eet een week samen zonder telefoon.")
    erin_page.get_by_role("button", name="Antwoord opslaan").click()
    expect(erin_page.get_by_text("Je antwoord is opgeslagen.")).to_be_visible()
    # Half-typed text survives the polls (hx-preserve).
    note = erin_page.get_by_label("Mijn eigen notitie (alleen voor jou)")
    note.fill("Nog niet opgeslagen")
    erin_page.wait_for_timeout(4_500)
    expect(note).to_have_value("Nog niet opgeslagen")

    chair.reload()
    chair.get_by_role("button", name="Volgende antwoord tonen").click()
    expect(erin_page.get_by_text("Erin Smit:")).to_be_visible(timeout=FOLLOW_MS)
    screenshot(erin_page, "live-session-phone")
    screenshot(chair, "live-session-laptop")
    assert_accessible(erin_page, "live session (phone)")
    assert_accessible(chair, "live session (chair)")

    # Time is up: a soft signal on every screen; a reload (reconnect) shows the same step.
    LiveSession.objects.filter(pk=session.pk).update(step_started_at=timezone.now() - dt.timedelta(minutes=4))
    expect(erin_page.get_by_text("De tijd is om")).to_be_visible(timeout=FOLLOW_MS)
    erin_page.reload()
    expect(erin_page.get_by_text("Stap 2 van 3", exact=True)).to_be_visible()
    screenshot(erin_page, "live-time-up-phone")

    chair.once("dialog", lambda dialog: dialog.accept())
    chair.get_by_role("button", name="Sessie afronden").click()
    expect(chair.get_by_role("heading", name="Wat neem je mee?")).to_be_visible()
    expect(erin_page.get_by_role("heading", name="Wat neem je mee?")).to_be_visible(timeout=FOLLOW_MS)
    screenshot(erin_page, "live-close-phone")


def _tab_to(page, element_id, *, most=40):
    """Press Tab from the top of the page until the element with ``element_id`` has the focus."""
    page.locator("h1").click()  # start where a keyboard user starts reading: the page's heading
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} was not reached with {most} presses of Tab")


def test_live_session_chair_keeps_focus_and_hears_the_step(
    live_server, new_context, session, member, erin, begeleider, password
):
    url = f"{live_server.url}/sessie/{session.meeting.pk}/"
    chair = new_context().new_page()
    log_in(chair, member, password)
    polls = []
    chair.on("response", lambda r: polls.append(r.status) if "/stand/" in r.url else None)
    chair.goto(url)
    erin_page = new_context().new_page()
    erin_page.set_viewport_size(PHONE)
    log_in(erin_page, erin, password)
    erin_page.goto(url)

    _tab_to(chair, "live-next")
    next_button = chair.get_by_role("button", name="Volgende stap")
    expect(next_button).to_be_focused()
    # Erin types a note and does not save it yet.
    note = erin_page.get_by_label("Mijn eigen notitie (alleen voor jou)")
    note.fill("Nog niet opgeslagen")
    # Past two refreshes in which nothing changed: the server answers 204 and nothing is replaced.
    chair.wait_for_timeout(4_500)
    assert polls.count(204) >= 2
    expect(next_button).to_be_focused()
    # Something does change (the begeleider gives two more minutes): the state is swapped in, and the
    # focus and Erin's unsaved note stay where they were.
    swaps = polls.count(200)
    session_add_time(session=session, by=begeleider, expected_version=session.version)
    expect(chair.locator("[data-countdown-text]")).to_have_text(
        re.compile(r"^(6:\d\d|7:00)$"), timeout=FOLLOW_MS
    )
    assert polls.count(200) == swaps + 1
    expect(next_button).to_be_focused()
    expect(note).to_have_value("Nog niet opgeslagen")
    expect(chair.locator("#live-announcer")).to_have_text("")  # more time is no new step: nothing said

    chair.keyboard.press("Enter")
    expect(chair.locator(".live-step-count")).to_have_text("Stap 2 van 3")
    expect(chair.locator("#live-step-title")).to_have_text("Stil schrijven")
    expect(chair.locator("#live-announcer")).to_have_text("Stap 2 van 3: Stil schrijven.")
    expect(next_button).to_be_focused()
    expect(erin_page.locator("#live-announcer")).to_have_text(
        "Stap 2 van 3: Stil schrijven.", timeout=FOLLOW_MS
    )
    assert LiveSession.objects.get(pk=session.pk).step_position == 2
    assert_accessible(chair, "live session, chair after a step by keyboard")
    screenshot(chair, "live-keyboard-step2-chair")

    # Pause and go on by keyboard: "Pauze" and "Verder" are one toggle, the focus stays on it.
    chair.get_by_role("button", name="Pauze").focus()
    chair.keyboard.press("Enter")
    expect(chair.get_by_role("button", name="Verder")).to_be_focused()
    expect(chair.locator("#live-announcer")).to_have_text(
        "Stap 2 van 3: Stil schrijven. De sessie staat op pauze."
    )
    chair.keyboard.press("Enter")
    expect(chair.get_by_role("button", name="Pauze")).to_be_focused()
    expect(chair.locator("#live-announcer")).to_have_text("Stap 2 van 3: Stil schrijven.")

    # The last step has no "Volgende stap": the focus goes to the step's heading, not to the footer.
    next_button.focus()
    chair.keyboard.press("Enter")
    expect(chair.locator("#live-announcer")).to_have_text("Stap 3 van 3: Afronden.")
    expect(chair.locator("#live-step-title")).to_be_focused()
    screenshot(chair, "live-keyboard-last-step-chair")
