"""Helpers for the browser tests: launch options, screenshots and axe-core accessibility checks."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=nl-NL",  # date and time pickers as Dutch users see them
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"laptop": LAPTOP, "phone": PHONE}
SCREENSHOTS = Path(__file__).parent / "screenshots"
# axe-core impacts that fail a test; "moderate" and "minor" are printed but do not fail.
BLOCKING_IMPACTS = {"serious", "critical"}


def screenshot(page, name):
    """Save a full-page PNG to tests/e2e/screenshots/<name>.png (git-ignored; look at them)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page, name=""):
    """Run axe-core on the page; fail on "serious" or "critical" violations and print them readably."""
    results = Axe().run(page)
    violations = results.response["violations"]
    report = _axe_report(violations, f"{name or page.url} ({page.viewport_size['width']}px)")
    if report:
        print(report)  # pytest shows captured output with a failure, and with -s always
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, _axe_report(blocking, f"Blocking accessibility problems on {page.url}")


def _axe_report(violations, title):
    if not violations:
        return ""
    lines = [f"axe-core: {len(violations)} violation(s) on {title}"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def check_at_viewports(page, name, *, axe=True):
    """Screenshot the page (and check it with axe-core) at laptop and phone size, then go back to laptop."""
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
        if axe:
            assert_accessible(page, f"{name}-{label}")
    page.set_viewport_size(LAPTOP)


# --- Logging in and looking at PDFs (added for the meetings flow) ---------------------------------------

PDFTOPPM = "/usr/bin/pdftoppm"


def totp_code(user) -> str:
    """The code the user's authenticator app shows now (allauth stores the secret encrypted).

    allauth accepts no clock drift, so near the end of a 30-second period this waits for the next one:
    the only sleep the browser tests may do.
    """
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    period = mfa_settings.TOTP_PERIOD
    seconds_left = period - time.time() % period
    if seconds_left < 3:  # the code would change before the form is sent
        time.sleep(seconds_left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def log_in(page, user, password, *, totp=False):
    """Log in through the login form (and the authenticator code when ``totp``); waits until logged in."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    if totp:
        page.get_by_label("Code").fill(totp_code(user))
        page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def render_pdf_page(pdf_path, name, *, page_number=1, dpi=80):
    """Render one page of a PDF to tests/e2e/screenshots/<name>.png with pdftoppm (poppler); look at it."""
    import subprocess

    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / name
    subprocess.run(  # noqa: S603 (a fixed program with our own arguments, no shell)
        [
            PDFTOPPM,
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page_number),
            "-l",
            str(page_number),
            "-singlefile",
            str(pdf_path),
            str(target),
        ],
        check=True,
    )
    return target.with_suffix(".png")
