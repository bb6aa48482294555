import datetime as dt

from intervisie.live.domain import remaining_seconds

T0 = dt.datetime(2026, 11, 24, 19, 0, tzinfo=dt.UTC)


def _at(seconds):
    return T0 + dt.timedelta(seconds=seconds)


def test_remaining_seconds_counts_down_from_step_minutes():
    left = remaining_seconds(
        minutes=5, extra_seconds=0, step_started_at=T0, paused_seconds=0, paused_at=None, now=_at(60)
    )
    assert left == 240


def test_remaining_seconds_stands_still_while_paused():
    # Paused at 60 s; at 200 s the clock still shows what it showed at the pause.
    left = remaining_seconds(
        minutes=5, extra_seconds=0, step_started_at=T0, paused_seconds=0, paused_at=_at(60), now=_at(200)
    )
    assert left == 240


def test_remaining_seconds_subtracts_earlier_pauses():
    left = remaining_seconds(
        minutes=5, extra_seconds=0, step_started_at=T0, paused_seconds=100, paused_at=None, now=_at(160)
    )
    assert left == 240


def test_remaining_seconds_adds_extra_time():
    left = remaining_seconds(
        minutes=5, extra_seconds=120, step_started_at=T0, paused_seconds=0, paused_at=None, now=_at(300)
    )
    assert left == 120


def test_remaining_seconds_negative_when_over_time():
    left = remaining_seconds(
        minutes=1, extra_seconds=0, step_started_at=T0, paused_seconds=0, paused_at=None, now=_at(90)
    )
    assert left == -30
