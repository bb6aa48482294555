"""Dates and times on the Dutch wall clock (the site's time zone)."""

from datetime import date, datetime, time

from django.utils import timezone


def local_datetime(day: date, at: time) -> datetime:
    """A wall-clock time on a day in the site's time zone (summer and winter time handled)."""
    return timezone.make_aware(datetime.combine(day, at))
