"""A group's life in three browsers: the begeleider plans a series of meetings, two members answer
whether they come, the begeleider registers attendance, a member confirms it, sees the counted
reflection hours and downloads the attendance list.

Downloading the certificate and checking its code are covered by tests/accreditation/test_browser.py.
Screenshots go to tests/e2e/screenshots/meetings-*.png.
"""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar
from playwright.sync_api import expect

from intervisie.meetings.models import Meeting
from tests.e2e.browser import check_at_viewports, log_in, render_pdf_page, screenshot
from tests.factories import PASSWORD, MethodFactory, register

SERIES = "Begeleide intervisie"
FIRST = f"{SERIES}: bijeenkomst 1 van 3"
PLACE = "Buurthuis De Linde, Lindelaan 4, Utrecht"
REASON = "Ik heb die avond een overdracht in het gezinshuis."


@pytest.fixture
def members(guided_group, member, danielle):
    """Bob and Daniëlle are members of the group that Bea (``begeleider``) runs."""
    return member, danielle


@pytest.fixture
def registers(live_server):
    """The live server's transactional database empties the registers the data migration seeds."""
    for code in ("skj-jeugd-en-gezinsprofessional", "skj-jeugdzorgwerker", "registerplein-gezinshuisouders"):
        register(code)


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _dutch_date(day: dt.date) -> str:
    with translation.override("nl"):
        return date_format(day, "j F Y")


def _pdf_text(path) -> str:
    with open(path, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_meetings_flow_plan_rsvp_attendance_and_hours(
    new_context, live_server, guided_group, begeleider, members, registers
):
    bob, danielle = members
    MethodFactory(name="Incidentmethode", slug="incidentmethode")
    today = timezone.localdate()
    first_day = today + dt.timedelta(days=10)

    # 1. The begeleider logs in (password and authenticator code) and plans a series from the group page.
    bea = new_context().new_page()
    log_in(bea, begeleider, PASSWORD, totp=True)
    bea.goto(guided_group.get_absolute_url())
    bea.get_by_role("main").get_by_role("link", name="Bijeenkomsten", exact=True).click()
    expect(bea.get_by_role("heading", level=1)).to_have_text("Bijeenkomsten van Intervisie Utrecht Oost")
    expect(bea.get_by_text("Er is nog geen bijeenkomst gepland.")).to_be_visible()
    bea.get_by_role("link", name="Reeks plannen").click()
    expect(bea.get_by_role("heading", level=1)).to_have_text("Reeks bijeenkomsten plannen")
    bea.get_by_label("Naam van de reeks").fill(SERIES)
    bea.get_by_label("Datum van de eerste bijeenkomst").fill(first_day.isoformat())
    bea.get_by_label("Aantal bijeenkomsten").fill("3")
    bea.get_by_label("Om de hoeveel weken").fill("6")
    bea.get_by_label("Begintijd").fill("19:30")
    bea.get_by_label("Eindtijd").fill("21:30")
    bea.get_by_role("group", name="Vorm").get_by_label("Op locatie", exact=True).check()
    bea.get_by_label("Plaats en adres").fill(PLACE)
    bea.get_by_label("Methode").select_option(label="Incidentmethode")
    check_at_viewports(bea, "meetings-01-series-form")
    bea.get_by_role("button", name="Reeks plannen").click()

    expect(
        bea.get_by_text("3 bijeenkomsten zijn gepland. Iedereen in de groep krijgt een e-mail met de data.")
    ).to_be_visible()
    upcoming = bea.get_by_role("region", name="Komende bijeenkomsten")
    expect(upcoming.get_by_role("heading", level=3)).to_have_text(
        [FIRST, f"{SERIES}: bijeenkomst 2 van 3", f"{SERIES}: bijeenkomst 3 van 3"]
    )
    expect(upcoming.get_by_role("listitem").first).to_contain_text("19:30 tot 21:30 uur")
    expect(upcoming.get_by_role("listitem").first).to_contain_text(f"{PLACE} · Methode: Incidentmethode")
    check_at_viewports(bea, "meetings-02-group-meetings-planned")
    meetings = list(Meeting.objects.filter(group=guided_group).order_by("starts_at"))
    assert [(m.starts_at, m.ends_at) for m in meetings] == [
        (_local(day, 19, 30), _local(day, 21, 30))
        for day in (first_day, first_day + dt.timedelta(weeks=6), first_day + dt.timedelta(weeks=12))
    ]
    first = meetings[0]

    # 2. Bob opens "Bijeenkomsten" in the menu, then the first meeting, and says he comes.
    bob_page = new_context().new_page()
    log_in(bob_page, bob, PASSWORD)
    bob_page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Bijeenkomsten", exact=True
    ).click()
    expect(bob_page.get_by_role("heading", level=1)).to_have_text("Mijn bijeenkomsten")
    bob_page.get_by_role("link", name=FIRST).click()
    expect(bob_page.get_by_role("heading", level=1)).to_have_text(FIRST)
    expect(bob_page.get_by_text("Je hebt nog niet doorgegeven of je komt.")).to_be_visible()
    bob_page.get_by_role("button", name="Ik kom").click()
    expect(bob_page.get_by_text("Gelukt: je hebt doorgegeven dat je komt. Tot dan!")).to_be_visible()
    expect(bob_page.get_by_text("Je hebt doorgegeven: je komt.")).to_be_visible()

    # Daniëlle cannot come and says why.
    danielle_page = new_context().new_page()
    log_in(danielle_page, danielle, PASSWORD)
    danielle_page.goto(f"/bijeenkomsten/{first.pk}/")
    danielle_page.get_by_label("Reden van afmelden (niet verplicht)").fill(REASON)
    danielle_page.get_by_role("button", name="Ik meld me af").click()
    expect(danielle_page.get_by_text("Gelukt: je bent afgemeld voor deze bijeenkomst.")).to_be_visible()
    expect(
        danielle_page.get_by_text(f"Je hebt doorgegeven: je bent afgemeld. Je reden: {REASON}")
    ).to_be_visible()

    # Bob sees who comes; the reason is only for the begeleider.
    bob_page.reload()
    who = bob_page.get_by_role("region", name="Wie komt er?")
    expect(who.get_by_role("list", name="Komt (1)")).to_have_text("Bob de Vries")
    expect(who.get_by_role("list", name="Afgemeld (1)")).to_have_text("Daniëlle Özdemir")
    expect(who.get_by_text("Iedereen heeft gereageerd.")).to_be_visible()
    expect(bob_page.get_by_text(REASON)).to_have_count(0)
    check_at_viewports(bob_page, "meetings-03-meeting-member")

    bea.goto(f"/bijeenkomsten/{first.pk}/")
    expect(bea.get_by_role("list", name="Afgemeld (1)")).to_have_text(f"Daniëlle Özdemir ({REASON})")
    screenshot(bea, "meetings-04-meeting-begeleider")

    # The meeting's calendar file parses with a real iCalendar parser.
    with bob_page.expect_download() as download_info:
        bob_page.get_by_role("link", name="Zet deze bijeenkomst in je agenda").click()
    with open(download_info.value.path(), "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{FIRST} – Intervisie Utrecht Oost"
    assert event.decoded("DTSTART") == _local(first_day, 19, 30)
    assert event.decoded("DTEND") == _local(first_day, 21, 30)
    assert str(event["LOCATION"]) == PLACE

    # 3. Attendance can only be registered once a meeting has started, and the browser cannot wait ten
    # days: move the first meeting to yesterday evening (Dutch time) in the database, as if it took place.
    yesterday = today - dt.timedelta(days=1)
    Meeting.objects.filter(pk=first.pk).update(
        starts_at=_local(yesterday, 19, 30), ends_at=_local(yesterday, 21, 30)
    )
    bea.goto(guided_group.get_absolute_url())
    bea.get_by_role("main").get_by_role("link", name="Bijeenkomsten", exact=True).click()
    bea.get_by_role("region", name="Eerdere bijeenkomsten").get_by_role("link", name=FIRST).click()
    expect(bea.get_by_text("De aanwezigheid is nog niet ingevuld.")).to_be_visible()
    bea.get_by_role("link", name="Aanwezigheid invullen").click()
    expect(bea.get_by_role("heading", level=1)).to_have_text(f"Aanwezigheid: {FIRST}")
    # Nobody counts as present until the begeleider says so; the answers are shown as a reminder.
    bob_row = bea.get_by_role("group", name="Was Bob de Vries er?")
    danielle_row = bea.get_by_role("group", name="Was Daniëlle Özdemir er?")
    expect(bob_row.get_by_role("radio", name="Niet ingevuld")).to_be_checked()
    expect(danielle_row.get_by_role("radio", name="Niet ingevuld")).to_be_checked()
    expect(bea.get_by_text("Had zich afgemeld")).to_be_visible()
    bob_row.get_by_role("radio", name="Aanwezig").check()
    danielle_row.get_by_role("radio", name="Afwezig").check()
    expect(bea.get_by_label("Binnen om: Bob de Vries")).to_have_value("19:30")
    bea.get_by_label("Binnen om: Bob de Vries").fill("19:45")
    check_at_viewports(bea, "meetings-05-attendance-form")
    bea.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(bea.get_by_text("De aanwezigheid is opgeslagen: 1 van de 2 mensen was er.")).to_be_visible()
    expect(bea.get_by_label("Binnen om: Bob de Vries")).to_have_value("19:45")
    expect(bea.get_by_label("Weg om: Bob de Vries")).to_have_value("21:30")
    check_at_viewports(bea, "meetings-06-attendance-saved")
    bea.get_by_role("link", name="Terug naar de bijeenkomst").click()
    attendance = bea.get_by_role("region", name="Aanwezigheid", exact=True)
    expect(attendance).to_contain_text("1 van de 2 mensen was er (0 bevestigd).")
    expect(attendance.get_by_role("link", name="Aanwezigheid aanpassen")).to_be_visible()
    screenshot(bea, "meetings-07-meeting-attendance-summary")

    # 4. Bob confirms his attendance from his meetings overview ...
    bob_page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Bijeenkomsten", exact=True
    ).click()
    to_confirm = bob_page.get_by_role("region", name="Aanwezigheid bevestigen")
    expect(to_confirm).to_contain_text("Je was er van 19:45 tot 21:30 uur.")
    screenshot(bob_page, "meetings-08-to-confirm")
    to_confirm.get_by_role("button", name=f"Klopt, bevestigen: {FIRST}").click()
    expect(bob_page.get_by_text(f"Bedankt. Je aanwezigheid bij '{FIRST}' is bevestigd.")).to_be_visible()
    expect(bob_page.get_by_role("region", name="Aanwezigheid bevestigen")).to_have_count(0)

    # ... adds his SKJ registration period on "Mijn uren" and sees 1 hour 45 minutes counted.
    bob_page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn uren").click()
    expect(bob_page.get_by_role("heading", level=1)).to_have_text("Mijn reflectie-uren")
    bob_page.get_by_label("Register").select_option(label="SKJ – jeugd- en gezinsprofessional")
    bob_page.get_by_label("Begin van je registratieperiode").fill(
        (today - dt.timedelta(days=365)).isoformat()
    )
    bob_page.get_by_role("button", name="Toevoegen").click()
    expect(
        bob_page.get_by_text("Je registratieperiode bij SKJ – jeugd- en gezinsprofessional is toegevoegd.")
    ).to_be_visible()
    ledger = bob_page.get_by_role("region", name="SKJ – jeugd- en gezinsprofessional")
    expect(ledger.locator(".ledger-total")).to_have_text("1,75 van 60 uur (2%)")
    expect(ledger.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        [
            _dutch_date(yesterday),
            "Intervisie Utrecht Oost",
            "Incidentmethode",
            re.compile(r"^19:30–21:30\s*jij: 19:45–21:30\s*Op locatie$"),  # his own, later arrival
            "105",
            "1,75",
            "ja",
        ]
    )
    check_at_viewports(bob_page, "meetings-09-hours")

    # The attendance list for the group, as a PDF.
    bob_page.get_by_role("region", name="Bewijs per groep").get_by_role(
        "link", name="Intervisie Utrecht Oost"
    ).click()
    with bob_page.expect_download() as download_info:
        bob_page.get_by_role("button", name="Presentielijst downloaden (PDF)").click()
    pdf_path = download_info.value.path()
    text = _pdf_text(pdf_path)
    assert "Presentielijst intervisie" in text
    assert "Intervisie Utrecht Oost" in text
    assert "Begeleider Bea Begeleider (LVSC)" in text
    assert yesterday.strftime("%d-%m-%Y") in text
    # A long line wraps inside its cell: compare the words, not the line breaks.
    assert f"Bob de Vries, 19:45–21:30, bevestigd op {today:%d-%m-%Y}" in " ".join(text.split())
    assert "Daniëlle" not in text  # she was not there
    render_pdf_page(pdf_path, "meetings-10-attendance-list-pdf")
