"""Calendar files: one .ics per meeting, and a personal secret subscription feed.

Times are written in UTC (``DTSTART:20260303T180000Z``): every calendar app imports that cleanly and
shows it in the person's own time zone, with no VTIMEZONE block to get wrong. A changed meeting has a
higher SEQUENCE and a cancelled one ``STATUS:CANCELLED`` under the same UID, so calendars update the
event they already have instead of adding a second one.

Nothing from a meeting's cases or reflections goes into a calendar: calendar apps store their data
with third parties.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.groups.enums import PARTICIPANT_STATES, Format
from intervisie.groups.models import Membership
from intervisie.meetings.models import CalendarFeed, Meeting

PRODID = "-//Intervisiewijzer//Bijeenkomsten//NL"
UID_DOMAIN = "intervisiewijzer"
# The meeting page (planning area). Used for the URL in calendar events.
MEETING_PAGE = "meetings:detail"
# How far back the subscription feed goes; calendar apps drop events that leave the feed.
FEED_HISTORY = timedelta(days=183)
FEED_REFRESH = timedelta(hours=1)  # also written as PT1H in X-PUBLISHED-TTL


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def meeting_page_url(meeting: Meeting) -> str:
    return _absolute(reverse(MEETING_PAGE, args=[meeting.pk]))


def meeting_location(meeting: Meeting) -> str:
    """A place for people who meet in person (also for hybrid meetings), else the video link."""
    if meeting.format != Format.ONLINE and meeting.location:
        return meeting.location
    return meeting.video_url


def _description(meeting: Meeting) -> str:
    lines = []
    if meeting.is_cancelled:
        lines.append(_("Deze bijeenkomst is afgelast."))
    if meeting.method_id:
        lines.append(_("Methode: %(method)s") % {"method": meeting.method.name})
    if meeting.video_url:
        lines.append(_("Online meedoen: %(link)s") % {"link": meeting.video_url})
    lines.append(_("Meer informatie: %(link)s") % {"link": meeting_page_url(meeting)})
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, now: datetime):
    """One VEVENT for ``meeting``. Needs ``meeting.group`` and ``meeting.method`` loaded (no queries)."""
    from icalendar import Event

    summary = f"{meeting.title} – {meeting.group.name}"
    if meeting.is_cancelled:
        # STATUS:CANCELLED is the standard; not every app shows it, so the title says it too.
        summary = _("Afgelast: %(title)s") % {"title": summary}
    event = Event()
    event.add("uid", f"{meeting.uid}@{UID_DOMAIN}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("summary", summary)
    location = meeting_location(meeting)
    if location:
        event.add("location", location)
    event.add("url", meeting_page_url(meeting))
    event.add("description", _description(meeting))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    return event


def calendar_bytes(
    meetings, *, name: str = "", feed: bool = False, now: datetime | None = None, extra=()
) -> bytes:
    """A VCALENDAR with one VEVENT per meeting (and the ready-made VEVENTs in ``extra``), as bytes."""
    from icalendar import Calendar

    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    if feed:
        # How often subscribing apps should fetch the feed again (RFC 7986 and Outlook's own name).
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")  # an X- property is text: write the duration itself
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, now=now))
    for component in extra:
        calendar.add_component(component)
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, *, now: datetime | None = None) -> bytes:
    return calendar_bytes([meeting], now=now)


def meeting_ics_filename(meeting: Meeting) -> str:
    return f"bijeenkomst-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.ics"


# --- The personal feed -----------------------------------------------------------------------------


def feed_meetings(user, *, now: datetime | None = None) -> QuerySet:
    """The meetings in a person's feed: from six months ago on, of every group they take part in or
    guide as begeleider, cancelled ones included (so calendars mark them cancelled). One query."""
    now = now or timezone.now()
    groups = Membership.objects.filter(user=user, state__in=PARTICIPANT_STATES).values("group_id")
    return (
        Meeting.objects.filter(Q(group_id__in=groups) | Q(group__begeleider=user))
        .filter(ends_at__gte=now - FEED_HISTORY)
        .select_related("group", "method")
        .order_by("starts_at", "pk")
    )


def feed_ics(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """The whole feed of ``feed.user``, in their own language: the meetings of their groups and the
    themed events they registered for. Three queries whatever the size."""
    from intervisie.events.domain import event_component, feed_events

    user = feed.user
    now = now or timezone.now()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return calendar_bytes(
            feed_meetings(user, now=now),
            name=_("Intervisiewijzer: mijn bijeenkomsten"),
            feed=True,
            now=now,
            extra=[
                event_component(r.event, cancelled=r.status != "confirmed", now=now)
                for r in feed_events(user, since=now - FEED_HISTORY)
            ],
        )


def feed_url(feed: CalendarFeed) -> str:
    return _absolute(reverse("meetings:calendar_feed_ics", args=[feed.token]))


def webcal_url(url: str) -> str:
    """The same address with the webcal:// scheme, which opens the calendar app to subscribe."""
    return "webcal://" + url.split("://", 1)[-1]


@transaction.atomic
def calendar_feed_for(*, user) -> CalendarFeed:
    """The person's feed, made on first use.

    Side effects, in order: create the feed with a new secret token (once); audit log
    ``calendar_feed.created``.
    """
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if created:
        log_action(actor=user, action="calendar_feed.created", obj=feed)
    return feed


@transaction.atomic
def calendar_feed_reset(*, feed: CalendarFeed, by) -> CalendarFeed:
    """Give the feed a new secret token: the old address stops working at once (404).

    Side effects, in order: lock the row; save the new token; audit log ``calendar_feed.reset``
    (never the token itself: it is a secret).
    """
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = CalendarFeed._meta.get_field("token").get_default()  # a fresh random token
    feed.save(update_fields=["token"])
    log_action(actor=by, action="calendar_feed.reset", obj=feed, data={"user": feed.user_id})
    return feed
