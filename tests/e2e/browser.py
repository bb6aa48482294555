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
