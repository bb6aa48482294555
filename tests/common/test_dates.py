"""Dates and times on the Dutch wall clock (common/dates.py)."""

from datetime import date, datetime, time, timedelta

from intervisie.common.dates import local_datetime


def test_local_datetime_follows_summer_and_winter_time():
    summer = local_datetime(date(2025, 7, 1), time(19, 30))
    winter = local_datetime(date(2025, 1, 7), time(19, 30))
    assert summer.utcoffset() == timedelta(hours=2)
    assert winter.utcoffset() == timedelta(hours=1)
    assert winter.replace(tzinfo=None) == datetime(2025, 1, 7, 19, 30)
