"""In a real browser: a person's hours, downloading evidence and a certificate, checking the
certificate's code on the public page; the begeleider's signing and certificates pages.

Uses the browser set-up of tests/e2e (Debian's chromium, CSP and JavaScript error checks, axe-core).
Screenshots go to tests/e2e/screenshots/uren-*.png.
"""

import datetime as dt
import io

import pypdf
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from intervisie.accreditation import domain
from intervisie.accreditation.models import ReflectionStatement
from tests.e2e import conftest as e2e
from tests.e2e.browser import check_at_viewports
from tests.factories import EnrolmentFactory, MethodFactory, at, attend, past_meeting, register

pytestmark = pytest.mark.e2e

# The browser fixtures of tests/e2e: Debian's chromium, Dutch locale, CSP and JavaScript error checks.
base_url = e2e.base_url
browser_context_args = e2e.browser_context_args
browser_problems = e2e.browser_problems
browser_type_launch_args = e2e.browser_type_launch_args
new_context = e2e.new_context


def _logged_in_page(new_context, live_server, user):
    """A browser page with ``user``'s session (the MFA check only needs TOTP to be set up)."""
    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


@pytest.fixture
def group_history(live_server, guided_group, member, danielle, begeleider):
    """Six meetings over the last year; Bob missed one, came late once, and one was too short."""
    method = MethodFactory(name="Incidentmethode", slug="incidentmethode")
    today = timezone.localdate()
    EnrolmentFactory(user=member, register=register(), period_start=today - dt.timedelta(days=800))
    for i in range(6):
        day = today - dt.timedelta(days=30 + 42 * i)
        meeting = past_meeting(guided_group, day, method=method, minutes=50 if i == 4 else 120)
        if i != 2:
            attend(
                meeting,
                member,
                arrived_at=at(day, 19, 25) if i == 1 else None,
                confirmed_at=at(day + dt.timedelta(days=1), 9) if i % 2 == 0 else None,
            )
        attend(meeting, danielle)
    result = domain.certificates_issue(
        group=guided_group,
        by=begeleider,
        title="Intervisie voor gezinshuisouders",
        min_meetings=3,
        period_start=today - dt.timedelta(days=300),
        period_end=today,
    )
    return {c.user_id: c for c in result.issued}


def _pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_person_downloads_evidence_and_verifies_certificate(
    new_context, live_server, member, guided_group, group_history
):
    page = _logged_in_page(new_context, live_server, member)
    page.goto("/uren/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn reflectie-uren")
    expect(page.get_by_text("Je loopt achter:")).to_be_visible()
    check_at_viewports(page, "uren-01-overview")

    # The attendance list for the group.
    page.get_by_role("link", name="Intervisie Utrecht Oost", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewijs voor Intervisie Utrecht Oost")
    check_at_viewports(page, "uren-02-evidence")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Presentielijst downloaden (PDF)").click()
    text = _pdf_text(download_info.value)
    assert "Presentielijst intervisie" in text
    assert "Begeleider Bea Begeleider (LVSC)" in text
    assert "Daniëlle Özdemir" in text

    # The certificate.
    page.goto("/uren/")
    certificate = group_history[member.pk]
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Intervisie voor gezinshuisouders (Intervisie Utrecht Oost, PDF)"
        ).click()
    assert certificate.code in _pdf_text(download_info.value)

    # Anyone can check the code, typed in lower case without dashes.
    public = new_context().new_page()
    public.goto("/verifieer/")
    check_at_viewports(public, "uren-03-verify-form")
    public.get_by_label("Code van het certificaat of de verklaring").fill(
        certificate.code.replace("-", "").lower()
    )
    public.get_by_role("button", name="Controleren").click()
    expect(public.get_by_text("Dit certificaat is echt.")).to_be_visible()
    expect(public.locator("dd").nth(1)).to_have_text("Bob de Vries")
    check_at_viewports(public, "uren-04-verify-genuine")

    # One wrong character: not found.
    public.goto(f"/verifieer/{certificate.code[:-1]}{'A' if certificate.code[-1] != 'A' else 'B'}/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Code niet gevonden")
    check_at_viewports(public, "uren-05-verify-not-found")


def test_begeleider_signs_and_revokes(
    new_context, live_server, begeleider, member, guided_group, group_history
):
    page = _logged_in_page(new_context, live_server, begeleider)
    page.goto(f"/uren/groep/{guided_group.slug}/verklaringen/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reflectieverklaringen voor Intervisie Utrecht Oost"
    )
    check_at_viewports(page, "uren-06-statements")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ondertekenen voor Bob de Vries").click()
    expect(page.get_by_text("Je hebt de reflectieverklaring van Bob de Vries ondertekend.")).to_be_visible()

    # The signed statement has a code anyone can check, until the begeleider revokes it.
    statement = ReflectionStatement.objects.get(user=member)
    public = new_context().new_page()
    public.goto("/verifieer/")
    public.get_by_label("Code van het certificaat of de verklaring").fill(statement.code.lower())
    public.get_by_role("button", name="Controleren").click()
    expect(public.get_by_text("Deze reflectieverklaring is echt.")).to_be_visible()
    check_at_viewports(public, "uren-06b-verify-statement")
    page.get_by_role("link", name="Intrekken verklaring van Bob de Vries").click()
    page.get_by_label("Waarom trek je de verklaring in?").fill("De periode klopte niet.")
    check_at_viewports(page, "uren-06c-revoke-statement")
    page.get_by_role("button", name="Ja, intrekken").click()
    expect(
        page.get_by_text(f"De reflectieverklaring {statement.code} van Bob de Vries is ingetrokken.")
    ).to_be_visible()
    public.reload()
    expect(public.get_by_text("Deze reflectieverklaring is ingetrokken.")).to_be_visible()

    page.goto(f"/uren/groep/{guided_group.slug}/certificaten/")
    check_at_viewports(page, "uren-07-certificates")
    page.get_by_role("link", name="Intrekken certificaat van Bob de Vries").click()
    page.get_by_label("Waarom trek je het certificaat in?").fill("Per ongeluk uitgegeven.")
    check_at_viewports(page, "uren-08-revoke")
    page.get_by_role("button", name="Ja, intrekken").click()
    expect(page.get_by_text("van Bob de Vries is ingetrokken.")).to_be_visible()
