"""A live session in two browsers: the participant's screen follows the chair, silent writing and
reveal work, the end leads to the closing page. Screenshots in tests/e2e/screenshots/live-*.png."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

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
    expect(erin_page.get_by_text("Stap 1 van 3")).to_be_visible()

    chair.get_by_role("button", name="Volgende stap").click()
    expect(chair.get_by_text("Stap 2 van 3")).to_be_visible()
    expect(erin_page.get_by_text("Stap 2 van 3")).to_be_visible(timeout=FOLLOW_MS)
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
    expect(erin_page.get_by_text("Stap 2 van 3")).to_be_visible()
    screenshot(erin_page, "live-time-up-phone")

    chair.once("dialog", lambda dialog: dialog.accept())
    chair.get_by_role("button", name="Sessie afronden").click()
    expect(chair.get_by_role("heading", name="Wat neem je mee?")).to_be_visible()
    expect(erin_page.get_by_role("heading", name="Wat neem je mee?")).to_be_visible(timeout=FOLLOW_MS)
    screenshot(erin_page, "live-close-phone")
