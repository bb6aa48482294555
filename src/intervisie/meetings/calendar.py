"""Calendar files: one .ics per meeting, and a personal secret subscription feed.

The shape of every file and entry (UTC times, UID and SEQUENCE, cancelled entries) is
``common.ics``; this module fills in what a meeting says. The feed also lists the themed events a
person registered for, as ``events.domain`` writes them.

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
from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry
from intervisie.events.domain import event_feed_entries
from intervisie.groups.enums import PARTICIPANT_STATES, Format
from intervisie.groups.models import Membership
from intervisie.meetings.models import CalendarFeed, Meeting

PRODID = "-//Intervisiewijzer//Bijeenkomsten//NL"
# The meeting page (planning area). Used for the URL in calendar events.
MEETING_PAGE = "meetings:detail"
# How far back the subscription feed goes; calendar apps drop events that leave the feed.
FEED_HISTORY = timedelta(days=183)
FEED_REFRESH = timedelta(hours=1)


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
    event = ics_entry(
        uid=str(meeting.uid),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.title} – {meeting.group.name}",
        cancelled=meeting.is_cancelled,
        now=now,
        location=meeting_location(meeting),
        url=meeting_page_url(meeting),
        description=_description(meeting),
    )
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    return event


def meeting_ics(meeting: Meeting, *, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    return ics_calendar(prodid=PRODID, entries=[meeting_event(meeting, now=now)])


def meeting_ics_filename(meeting: Meeting) -> str:
    return dated_ics_filename("bijeenkomst", starts_at=meeting.starts_at, pk=meeting.pk)


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
    user = feed.user
    now = now or timezone.now()
    since = now - FEED_HISTORY
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return ics_calendar(
            prodid=PRODID,
            entries=[
                *(meeting_event(meeting, now=now) for meeting in feed_meetings(user, now=now)),
                *event_feed_entries(user=user, since=since, now=now),
            ],
            name=_("Intervisiewijzer: mijn bijeenkomsten"),
            refresh=FEED_REFRESH,
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
