"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Playwright's own browser download does not work on our machines, so chromium is always launched from
/usr/bin/chromium. Every test in this folder is marked ``e2e`` (``pytest -m "not e2e"`` skips them).
The live server runs in the test process, so the test code and the server share the database (the
``live_server`` fixture turns on ``transactional_db``), ``django.core.mail.outbox`` and the cache.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP, SCREENSHOTS

_HERE = Path(__file__).parent
# Two xdist workers share two cores with two chromiums and two live servers: give pages some slack.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_sessionstart(session):
    """Remove the last run's screenshots, so the folder only holds what this run saw.

    Only the main process does this: with xdist, a worker starting late would delete the other's work.
    """
    if not hasattr(session.config, "workerinput"):
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()


def pytest_collection_modifyitems(items):
    # A conftest's collection hook sees the whole session's items, so only mark the ones in this folder.
    for item in items:
        if _HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options (e.g. --slowmo), always with Debian's chromium."""
    return {"headless": True, **browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server.

    This also replaces pytest-playwright's own ``base_url`` fixture, an instance method that pytest 9
    warns about (and the warning is an error here).
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every context talks Dutch, at laptop size unless a test says otherwise."""
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "viewport": LAPTOP,
    }


class BrowserProblems:
    """Content-Security-Policy violations and uncaught JavaScript errors seen in the test's pages."""

    def __init__(self):
        self.seen = []
        self.allowed = []

    def allow(self, text):
        """A test that provokes a problem on purpose allows the messages that contain ``text``."""
        self.allowed.append(text)

    def unexpected(self):
        return [problem for problem in self.seen if not any(text in problem for text in self.allowed)]


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def new_context(new_context, browser_problems):
    """pytest-playwright's context factory, also failing the test on CSP violations and JavaScript errors."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", lambda message: _note_csp_violation(browser_problems.seen, message))
        context.on("weberror", lambda error: browser_problems.seen.append(f"JavaScript error: {error.error}"))
        return context

    yield make
    if browser_problems.unexpected():
        pytest.fail("The browser reported problems:\n" + "\n".join(browser_problems.unexpected()))


def _note_csp_violation(problems, message):
    if message.type == "error" and "Content Security Policy" in message.text:
        problems.append(f"{message.text} (at {message.location.get('url')})")
