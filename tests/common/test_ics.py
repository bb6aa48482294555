"""Calendar files (common/ics.py): the shape every meeting and event file shares.

Every file is read back with a real iCalendar parser (icalendar.Calendar.from_ical).
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry, ics_response

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=AMS)
START = datetime(2025, 3, 4, 19, 0, tzinfo=AMS)


def _entry(**fields):
    values = {
        "uid": "abc",
        "sequence": 3,
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "summary": "Intervisie maart",
        "cancelled": False,
        "now": NOW,
    }
    return ics_entry(**{**values, **fields})


def _parse(content: bytes):
    parsed = Calendar.from_ical(content)
    assert parsed.errors == []
    entries = list(parsed.walk("VEVENT"))
    assert all(e.errors == [] for e in entries)
    return parsed, entries


def test_ics_calendar_writes_the_header_and_every_entry():
    content = ics_calendar(prodid="-//Test//NL", entries=[_entry(), _entry(uid="def")])
    parsed, entries = _parse(content)
    assert str(parsed["PRODID"]) == "-//Test//NL"
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert "X-WR-CALNAME" not in parsed and "REFRESH-INTERVAL" not in parsed
    assert [str(e["UID"]) for e in entries] == ["abc@intervisiewijzer", "def@intervisiewijzer"]


def test_ics_calendar_as_a_feed_has_a_name_and_a_refresh_interval():
    content = ics_calendar(prodid="-//Test//NL", entries=[], name="Mijn agenda", refresh=timedelta(hours=1))
    parsed, entries = _parse(content)
    assert entries == []
    assert str(parsed["X-WR-CALNAME"]) == "Mijn agenda"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in content
    assert b"X-PUBLISHED-TTL:PT1H" in content


def test_ics_entry_is_written_in_utc_with_uid_sequence_and_status():
    content = ics_calendar(
        prodid="-//Test//NL",
        entries=[_entry(location="Utrecht", url="https://example.nl/1/", description="Regel 1\nRegel 2")],
    )
    [entry] = _parse(content)[1]
    # 19:00–21:00 in Amsterdam is 18:00–20:00 UTC in March; written in UTC.
    assert b"DTSTART:20250304T180000Z" in content
    assert b"DTEND:20250304T200000Z" in content
    assert entry.decoded("DTSTAMP") == NOW.astimezone(UTC)
    assert str(entry["UID"]) == "abc@intervisiewijzer"
    assert int(entry["SEQUENCE"]) == 3
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["SUMMARY"]) == "Intervisie maart"
    assert (str(entry["LOCATION"]), str(entry["URL"])) == ("Utrecht", "https://example.nl/1/")
    assert str(entry["DESCRIPTION"]) == "Regel 1\nRegel 2"


def test_ics_entry_leaves_out_empty_location_url_and_description():
    entry = _entry()
    assert {"LOCATION", "URL", "DESCRIPTION"}.isdisjoint(entry)


def test_ics_entry_cancelled_says_so_in_status_and_title():
    entry = _entry(cancelled=True)
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["SUMMARY"]) == "Afgelast: Intervisie maart"
    assert str(entry["UID"]) == "abc@intervisiewijzer"  # the same entry, so calendars update it


def test_dated_ics_filename_uses_the_local_date():
    # 00:30 in Amsterdam is still the day before in UTC: the name follows the local date.
    late = datetime(2025, 3, 5, 0, 30, tzinfo=AMS)
    assert dated_ics_filename("bijeenkomst", starts_at=late, pk=7) == "bijeenkomst-2025-03-05-7.ics"


def test_ics_response_is_a_download_or_inline():
    download = ics_response(b"BEGIN:VCALENDAR", filename="a.ics")
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="a.ics"'
    assert download.content == b"BEGIN:VCALENDAR"
    feed = ics_response(b"", filename="feed.ics", attachment=False)
    assert feed["Content-Disposition"] == 'inline; filename="feed.ics"'
