import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.live.domain import (
    SessionError,
    SessionPermissionError,
    VersionConflict,
    current_step,
    look_back_for,
    session_add_time,
    session_end,
    session_next,
    session_pause,
    session_previous,
    session_remaining,
    session_resume,
    session_reveal_next,
    session_start,
    silent_answer_save,
    step_note_save,
    takeaway_save,
)
from intervisie.live.models import LiveSession, SessionStatus, SilentAnswer
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker
from tests.factories import GroupFactory, MeetingFactory, MembershipFactory


def _now(session, seconds=0):
    return session.step_started_at + dt.timedelta(seconds=seconds)


def test_session_start_opens_first_step_and_logs(session, begeleider):
    assert session.step_position == 1
    assert session.status == SessionStatus.RUNNING
    assert session.version == 0
    entry = AuditEntry.objects.get(action="live.session_start")
    assert entry.actor == begeleider
    assert "Ruzie" not in entry.object_repr


def test_session_start_twice_refused(session, meeting, method, member, begeleider):
    with pytest.raises(SessionError, match="al gestart"):
        session_start(meeting=meeting, method=method, chair=member, by=begeleider)
    assert LiveSession.objects.count() == 1


def test_session_start_by_plain_member_refused(meeting, method, member):
    with pytest.raises(SessionPermissionError):
        session_start(meeting=meeting, method=method, chair=member, by=member)


def test_session_start_by_organisation_manager_refused(meeting, method, member, alice):
    # Alice may change the meeting, but she is not in the circle that sees case titles.
    with pytest.raises(SessionPermissionError):
        session_start(meeting=meeting, method=method, chair=member, by=alice)


def test_session_start_with_outsider_as_chair_refused(meeting, method, charlie, begeleider):
    with pytest.raises(SessionError, match="De voorzitter hoort niet bij deze groep"):
        session_start(meeting=meeting, method=method, chair=charlie, by=begeleider)


def test_session_start_with_other_groups_method_refused(meeting, method, member, begeleider, organisation):
    other = MethodTemplate.objects.create(
        name="Eigen", slug="eigen", summary="x", group=GroupFactory(organisation=organisation)
    )
    with pytest.raises(SessionError, match="bibliotheek"):
        session_start(meeting=meeting, method=other, chair=member, by=begeleider)


def test_session_next_and_previous_stay_within_steps(session, member):
    session = session_next(session=session, by=member, expected_version=0)
    session = session_next(session=session, by=member, expected_version=1)
    assert session.step_position == 3
    with pytest.raises(SessionError, match="laatste stap"):
        session_next(session=session, by=member, expected_version=2)
    session = session_previous(session=session, by=member, expected_version=2)
    session = session_previous(session=session, by=member, expected_version=3)
    assert session.step_position == 1
    with pytest.raises(SessionError, match="eerste stap"):
        session_previous(session=session, by=member, expected_version=4)
    session.refresh_from_db()
    assert (session.step_position, session.version) == (1, 4)


def test_session_next_resets_the_timer(session, member):
    session = session_add_time(session=session, by=member, expected_version=0)
    later = timezone.now() + dt.timedelta(minutes=4)
    session = session_next(session=session, by=member, expected_version=1, now=later)
    assert session.step_started_at == later
    assert session.extra_seconds == 0
    assert session_remaining(session, current_step(session), now=later) == 3 * 60


def test_session_pause_and_resume_stop_the_clock(session, member):
    start = session.step_started_at
    session = session_pause(
        session=session, by=member, expected_version=0, now=start + dt.timedelta(seconds=60)
    )
    step = current_step(session)
    assert session.status == SessionStatus.PAUSED
    assert session_remaining(session, step, now=start + dt.timedelta(seconds=500)) == 240
    with pytest.raises(SessionError, match="al op pauze"):
        session_pause(session=session, by=member, expected_version=1)
    session = session_resume(
        session=session, by=member, expected_version=1, now=start + dt.timedelta(seconds=160)
    )
    assert session.paused_seconds == 100
    assert session.status == SessionStatus.RUNNING
    assert session_remaining(session, step, now=start + dt.timedelta(seconds=170)) == 230
    with pytest.raises(SessionError, match="loopt al"):
        session_resume(session=session, by=member, expected_version=2)


def test_session_add_time_gives_two_minutes(session, member):
    session = session_add_time(session=session, by=member, expected_version=0, now=_now(session))
    assert session.extra_seconds == 120
    assert session_remaining(session, current_step(session), now=_now(session, 5 * 60)) == 120


def test_session_add_time_rejects_silly_minutes(session, member):
    with pytest.raises(SessionError, match="1 tot 30 minuten"):
        session_add_time(session=session, by=member, minutes=0, expected_version=0)


def test_session_navigation_by_other_participant_refused(session, erin):
    with pytest.raises(SessionPermissionError):
        session_next(session=session, by=erin, expected_version=0)


def test_session_navigation_by_begeleider_allowed(session, begeleider):
    assert session_next(session=session, by=begeleider, expected_version=0).step_position == 2


def test_session_next_with_stale_version_refused_once(session, member, begeleider):
    """Two chairs both click "next" on the screen that showed version 0: the group moves one step."""
    session_next(session=session, by=member, expected_version=0)
    with pytest.raises(VersionConflict, match="Iemand anders heeft de sessie net al veranderd") as refused:
        session_next(session=session, by=begeleider, expected_version=0)
    assert refused.value.session.step_position == 2
    session.refresh_from_db()
    assert (session.step_position, session.version) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_session_next_two_threads_at_once_move_one_step(group, begeleider, erin, bob):
    MembershipFactory(user=bob, group=group)
    template = MethodTemplate.objects.create(name="Twee", slug="twee", summary="x")
    for position in (1, 2, 3):
        MethodStep.objects.create(
            method=template,
            position=position,
            name=f"Stap {position}",
            instruction="x",
            minutes=5,
            speaker=Speaker.GROUP,
        )
    meeting = MeetingFactory(group=group)
    session = session_start(meeting=meeting, method=template, chair=bob, by=begeleider)
    barrier = threading.Barrier(2)
    outcomes = []

    def click(user):
        try:
            barrier.wait()
            session_next(session=LiveSession.objects.get(pk=session.pk), by=user, expected_version=0)
            outcomes.append("moved")
        except VersionConflict:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(user,)) for user in (bob, begeleider)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.refresh_from_db()
    # SQLite runs with transaction_mode IMMEDIATE (settings.py): the second click waits for the
    # first to commit, then finds the version moved on. On PostgreSQL select_for_update does this.
    assert sorted(outcomes) == ["moved", "refused"]
    assert (session.step_position, session.version) == (2, 1)


def test_session_reveal_next_shows_answers_one_by_one(session, member, erin, begeleider):
    session = session_next(session=session, by=member, expected_version=0)
    first = silent_answer_save(session=session, user=erin, text="Eerst samen eten zonder telefoon.")
    second = silent_answer_save(session=session, user=begeleider, text="Vraag de kinderen wat zij willen.")
    session = session_reveal_next(session=session, by=member, expected_version=1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revealed_at is not None and second.revealed_at is None
    assert session.revealed_upto == 1
    session = session_reveal_next(session=session, by=member, expected_version=2)
    with pytest.raises(SessionError, match="geen antwoorden meer"):
        session_reveal_next(session=session, by=member, expected_version=3)


def test_session_reveal_next_refused_in_non_silent_step(session, member):
    with pytest.raises(SessionError, match="geen antwoorden gedeeld"):
        session_reveal_next(session=session, by=member, expected_version=0)


def test_silent_answer_save_only_in_silent_step(session, erin):
    with pytest.raises(SessionError, match="geen stille schrijfstap"):
        silent_answer_save(session=session, user=erin, text="Hallo")
    assert SilentAnswer.objects.count() == 0


def test_silent_answer_save_edges(session, member, erin):
    session = session_next(session=session, by=member, expected_version=0)
    with pytest.raises(SessionError, match="Schrijf eerst iets op"):
        silent_answer_save(session=session, user=erin, text="   ")
    with pytest.raises(SessionError, match="maximaal 2000 tekens"):
        silent_answer_save(session=session, user=erin, text="a" * 2001)
    silent_answer_save(session=session, user=erin, text="Eerste versie")
    silent_answer_save(session=session, user=erin, text="Tweede versie")
    assert list(SilentAnswer.objects.values_list("text", flat=True)) == ["Tweede versie"]
    session = session_reveal_next(session=session, by=member, expected_version=1)
    with pytest.raises(SessionError, match="al aan de groep getoond"):
        silent_answer_save(session=session, user=erin, text="Derde versie")


def test_silent_answer_save_by_outsider_refused(session, member, charlie, alice):
    session = session_next(session=session, by=member, expected_version=0)
    for user in (charlie, alice):
        with pytest.raises(SessionPermissionError):
            silent_answer_save(session=session, user=user, text="Ik kijk mee")


def test_step_note_group_note_only_for_chair(session, member, erin):
    note = step_note_save(
        session=session, user=member, text="Afspraak: iedereen één vraag.", is_group_note=True
    )
    assert note.is_group_note
    with pytest.raises(SessionPermissionError):
        step_note_save(session=session, user=erin, text="Mijn groepsnotitie", is_group_note=True)


def test_session_end_logs_and_allows_takeaway(session, member, erin):
    with pytest.raises(SessionError, match="pas als de sessie is afgerond"):
        takeaway_save(session=session, user=erin, text="Rust nemen")
    session = session_end(session=session, by=member, expected_version=0)
    assert session.status == SessionStatus.ENDED
    assert AuditEntry.objects.filter(action="live.session_end", actor=member).count() == 1
    with pytest.raises(SessionError, match="al afgerond"):
        session_next(session=session, by=member, expected_version=1)
    assert takeaway_save(session=session, user=erin, text="Rust nemen").text == "Rust nemen"


def test_look_back_for_bringer_at_next_meeting(session, group, erin, member):
    next_meeting = MeetingFactory(group=group, starts_at=session.meeting.starts_at + dt.timedelta(weeks=6))
    assert look_back_for(next_meeting, erin) == session
    assert look_back_for(next_meeting, member) is None
    assert look_back_for(session.meeting, erin) is None


def test_look_back_for_method_without_look_back(session, group, erin, method):
    method.has_look_back = False
    method.save()
    next_meeting = MeetingFactory(group=group, starts_at=session.meeting.starts_at + dt.timedelta(weeks=6))
    assert look_back_for(next_meeting, erin) is None


def test_session_start_for_cancelled_meeting_refused(meeting, method, member, begeleider):
    meeting.status = "cancelled"
    meeting.save()
    with pytest.raises(SessionError, match="afgelast"):
        session_start(meeting=meeting, method=method, chair=member, by=begeleider)
