"""Calendar files (iCalendar, .ics): the one shape of every calendar file and entry we hand out.

Meetings (``meetings.calendar``) and themed events (``events.domain``) fill in what they know; this
module writes it the same way for both. Times are in UTC (``DTSTART:20260303T180000Z``): every calendar
app imports that cleanly and shows it in the person's own time zone, with no VTIMEZONE block to get
wrong. A changed entry keeps its UID with a higher SEQUENCE, and a cancelled one gets
``STATUS:CANCELLED``, so calendars update the entry they already have instead of adding a second one.

No app imports here; icalendar is imported where it is used (about 75 ms), so a process that never
writes a calendar file does not pay for it.
"""

from datetime import UTC, datetime, timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

UID_DOMAIN = "intervisiewijzer"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def ics_calendar(*, prodid: str, entries, name: str = "", refresh: timedelta | None = None) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding ``entries`` (from ``ics_entry``), as bytes.

    ``name`` is the calendar's name in the app that subscribes; ``refresh`` makes it a feed that such
    apps fetch again that often.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    if refresh is not None:
        # How often subscribing apps should fetch the feed again (RFC 7986 and Outlook's own name).
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        # An X- property is text: write the duration itself (whole hours, as ISO 8601).
        calendar.add("x-published-ttl", f"PT{int(refresh.total_seconds() // 3600)}H")
    for entry in entries:
        calendar.add_component(entry)
    return calendar.to_ical()


def ics_entry(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    cancelled: bool,
    now: datetime | None = None,
    location: str = "",
    url: str = "",
    description: str = "",
):
    """One VEVENT: ``uid`` (unique within the site; ``@intervisiewijzer`` is added) and ``sequence``
    identify it across changes. A cancelled entry has STATUS:CANCELLED and says so in its title too,
    because not every calendar app shows the status."""
    from icalendar import Event

    now = now or timezone.now()
    if cancelled:
        summary = _("Afgelast: %(title)s") % {"title": summary}
    entry = Event()
    entry.add("uid", f"{uid}@{UID_DOMAIN}")
    entry.add("dtstamp", now.astimezone(UTC))
    entry.add("dtstart", starts_at.astimezone(UTC))
    entry.add("dtend", ends_at.astimezone(UTC))
    entry.add("sequence", sequence)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    if url:
        entry.add("url", url)
    if description:
        entry.add("description", description)
    return entry


def dated_ics_filename(kind: str, *, starts_at: datetime, pk: int) -> str:
    """``<kind>-<local date>-<pk>.ics``: people see the date in their downloads and attachments."""
    return f"{kind}-{timezone.localtime(starts_at):%Y-%m-%d}-{pk}.ics"


def ics_response(content: bytes, *, filename: str, attachment: bool = True) -> HttpResponse:
    """A calendar file as a download (``attachment``) or, for a subscription feed, inline."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    kind = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{kind}; filename="{filename}"'
    return response
