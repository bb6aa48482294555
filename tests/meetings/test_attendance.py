"""Attendance registration and sign-off (meetings/attendance.py), without the web pages."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Membership
from intervisie.meetings.attendance import (
    AttendanceEntry,
    AttendanceError,
    attendance_confirm,
    attendance_dispute,
    attendance_people,
    attendance_register,
    attendance_summary,
    attendance_time_errors,
    attendances_to_confirm,
    on_meeting_day,
)
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Attendance, Meeting
from tests.factories import GroupFactory, MeetingFactory, MembershipFactory, UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
START = datetime(2025, 3, 4, 19, 0, tzinfo=AMS)  # a Tuesday evening, 19:00–21:00 Dutch time


def _at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=AMS)


def _meeting(group, *, starts_at=START, minutes=120, **fields) -> Meeting:
    fields.setdefault("title", "Intervisie maart")
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), **fields
    )


def _join(user, group, state=S.MEMBER) -> Membership:
    return MembershipFactory(user=user, group=group, state=state)


def _entries(*rows) -> list[AttendanceEntry]:
    return [AttendanceEntry(user_id=u.pk, present=p, arrived_at=a, left_at=b) for u, p, a, b in rows]


@pytest.fixture
def meeting(group, bob, dina):
    _join(bob, group)
    return _meeting(group)


# --- Registering --------------------------------------------------------------------------------------


def test_attendance_register_stores_partial_attendance_with_actual_times(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=_entries((bob, True, _at(19, 15), _at(20, 30)), (dina, True, None, None)),
    )
    bob_row = Attendance.objects.get(meeting=meeting, user=bob)
    assert (bob_row.present, bob_row.arrived_at, bob_row.left_at) == (True, _at(19, 15), _at(20, 30))
    assert bob_row.registered_by == alice
    assert bob_row.confirmed_at is None
    dina_row = Attendance.objects.get(meeting=meeting, user=dina)
    # No times given: present for the whole meeting.
    assert (dina_row.arrived_at, dina_row.left_at) == (_at(19), _at(21))


def test_contact_minutes_count_late_arrival_and_early_departure(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=_entries((bob, True, _at(19, 15), _at(20, 30)), (dina, True, None, None)),
    )
    assert Attendance.objects.get(user=bob).contact_minutes == 75
    assert Attendance.objects.get(user=dina).contact_minutes == 120


def test_attendance_register_absent_person_has_no_times_and_no_minutes(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=_entries((bob, False, _at(19), _at(21)), (dina, True, None, None)),
    )
    row = Attendance.objects.get(user=bob)
    assert (row.present, row.arrived_at, row.left_at, row.contact_minutes) == (False, None, None, 0)
    assert attendance_summary(meeting) == {"registered": 2, "present": 1, "confirmed": 0}


def test_attendance_register_writes_one_audit_entry_per_change(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (dina, True, None, None))
    )
    entries = AuditEntry.objects.filter(action="attendance.registered")
    assert entries.count() == 2
    first = entries.get(data__user=bob.pk)
    assert first.actor == alice
    assert first.data["present"] is True
    assert first.data["previous"] is None

    # The same again: nothing changed, nothing logged.
    attendance_register(
        meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (dina, True, None, None))
    )
    assert entries.count() == 2

    # Dina left early: one new entry, with what it was before.
    attendance_register(
        meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (dina, True, None, _at(20)))
    )
    assert entries.count() == 3
    latest = entries.filter(data__user=dina.pk).order_by("-id").first()
    assert latest.data["left_at"] == "2025-03-04T19:00:00+00:00"
    assert latest.data["previous"]["left_at"] == "2025-03-04T20:00:00+00:00"


def test_attendance_register_same_times_in_another_time_zone_count_as_unchanged(meeting, alice, bob, dina):
    attendance_register(meeting=meeting, by=alice, entries=_entries((bob, True, _at(19, 30), _at(21))))
    utc = ZoneInfo("UTC")
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=_entries((bob, True, _at(19, 30).astimezone(utc), _at(21).astimezone(utc))),
    )
    assert AuditEntry.objects.filter(action="attendance.registered").count() == 1


def test_attendance_register_change_of_times_clears_sign_off(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (dina, True, None, None))
    )
    for person in (bob, dina):
        attendance_confirm(attendance=Attendance.objects.get(user=person), user=person)

    attendance_register(
        meeting=meeting,
        by=alice,
        entries=_entries((bob, True, _at(19, 30), None), (dina, True, None, None)),
    )
    assert Attendance.objects.get(user=bob).confirmed_at is None  # changed: must confirm again
    assert Attendance.objects.get(user=dina).confirmed_at is not None  # unchanged: sign-off kept
    entry = AuditEntry.objects.filter(action="attendance.registered", data__user=bob.pk).order_by("-id")[0]
    assert entry.data["confirmation_cleared"] is True


def test_attendance_register_change_to_absent_clears_sign_off(meeting, alice, bob):
    attendance_register(meeting=meeting, by=alice, entries=_entries((bob, True, None, None)))
    attendance_confirm(attendance=Attendance.objects.get(user=bob), user=bob)
    attendance_register(meeting=meeting, by=alice, entries=_entries((bob, False, None, None)))
    row = Attendance.objects.get(user=bob)
    assert (row.present, row.confirmed_at) == (False, None)


def test_attendance_register_cancelled_meeting_refused(group, alice, bob):
    _join(bob, group)
    meeting = _meeting(group, status=MeetingStatus.CANCELLED)
    with pytest.raises(AttendanceError, match="Deze bijeenkomst is afgelast"):
        attendance_register(meeting=meeting, by=alice, entries=_entries((bob, True, None, None)))
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action="attendance.registered").exists()


def test_attendance_register_future_meeting_refused_until_it_starts(group, alice, bob):
    _join(bob, group)
    starts_at = timezone.now() + timedelta(days=2)
    meeting = _meeting(group, starts_at=starts_at)
    with pytest.raises(AttendanceError, match="Deze bijeenkomst is nog niet begonnen"):
        attendance_register(meeting=meeting, by=alice, entries=_entries((bob, True, None, None)))
    assert not Attendance.objects.exists()
    # From the start time on it can be filled in (during the meeting, too).
    attendance_register(meeting=meeting, by=alice, entries=_entries((bob, True, None, None)), now=starts_at)
    assert Attendance.objects.get(user=bob).present is True


def test_attendance_register_times_outside_meeting_refused_per_person(meeting, alice, bob, dina):
    with pytest.raises(AttendanceError) as caught:
        attendance_register(
            meeting=meeting,
            by=alice,
            entries=_entries((bob, True, _at(18, 30), _at(21)), (dina, True, _at(19), _at(21, 30))),
        )
    assert caught.value.errors == {
        bob.pk: {"arrived_at": "Dat is vóór het begin van de bijeenkomst. Vul een tijd in vanaf 19:00."},
        dina.pk: {"left_at": "Dat is na het einde van de bijeenkomst. Vul een tijd in tot en met 21:00."},
    }
    assert not Attendance.objects.exists()  # all or nothing


def test_attendance_register_departure_before_arrival_refused(meeting, alice, bob):
    with pytest.raises(AttendanceError) as caught:
        attendance_register(meeting=meeting, by=alice, entries=_entries((bob, True, _at(20), _at(19, 30))))
    assert caught.value.errors == {
        bob.pk: {"left_at": "De tijd van weggaan moet later zijn dan de tijd van binnenkomen."}
    }


def test_attendance_time_errors_edges(meeting):
    assert attendance_time_errors(meeting=meeting, arrived_at=_at(19), left_at=_at(21)) == {}
    assert attendance_time_errors(meeting=meeting, arrived_at=_at(20), left_at=_at(20)) == {
        "left_at": "De tijd van weggaan moet later zijn dan de tijd van binnenkomen."
    }
    assert attendance_time_errors(meeting=meeting, arrived_at=_at(21), left_at=_at(21)) == {
        "arrived_at": "Dat is niet tijdens de bijeenkomst. Vul een tijd in tussen 19:00 en 21:00."
    }
    assert attendance_time_errors(meeting=meeting, arrived_at=_at(19), left_at=_at(19)) == {
        "left_at": "Dat is niet tijdens de bijeenkomst. Vul een tijd in tussen 19:00 en 21:00."
    }


def test_attendance_register_person_outside_group_refused(meeting, alice, bob, charlie):
    with pytest.raises(AttendanceError, match="deed op de dag van de bijeenkomst niet mee in de groep"):
        attendance_register(
            meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (charlie, True, None, None))
        )
    assert not Attendance.objects.exists()


def test_attendance_register_same_person_twice_refused(meeting, alice, bob):
    with pytest.raises(AttendanceError):
        attendance_register(
            meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (bob, False, None, None))
        )
    assert not Attendance.objects.exists()


def test_attendance_people_are_who_took_part_on_the_meetings_date(meeting, group, alice, bob, dina, charlie):
    _join(charlie, group, S.REQUESTED)  # not (yet) taking part
    assert list(attendance_people(meeting)) == [bob, dina]

    attendance_register(
        meeting=meeting, by=alice, entries=_entries((bob, True, None, None), (dina, True, None, None))
    )
    Membership.objects.filter(user=dina).update(state=S.LEFT, ended_at=timezone.now())
    # Dina left the group afterwards, but keeps her line so it can still be corrected.
    assert list(attendance_people(meeting)) == [bob, dina]
    attendance_register(meeting=meeting, by=alice, entries=_entries((dina, True, _at(19, 30), None)))
    assert Attendance.objects.get(user=dina).arrived_at == _at(19, 30)


def test_on_meeting_day_uses_meeting_date_and_crosses_midnight(group):
    meeting = _meeting(group)
    assert on_meeting_day(meeting, time(19, 45)) == _at(19, 45)
    late = _meeting(group, starts_at=_at(22), minutes=150)  # 22:00 until 00:30
    assert on_meeting_day(late, time(23, 0)) == _at(23)
    assert on_meeting_day(late, time(0, 15)) == _at(0, 15, day=5)


# --- Sign-off --------------------------------------------------------------------------------------


@pytest.fixture
def registered(meeting, alice, bob, dina):
    attendance_register(
        meeting=meeting,
        by=alice,
        entries=_entries((bob, True, _at(19, 15), None), (dina, False, None, None)),
    )
    return Attendance.objects.get(user=bob)


def test_attendance_confirm_is_idempotent(registered, bob):
    first = attendance_confirm(attendance=registered, user=bob)
    assert first.confirmed_at is not None
    again = attendance_confirm(attendance=registered, user=bob)
    assert again.confirmed_at == first.confirmed_at
    entries = AuditEntry.objects.filter(action="attendance.confirmed")
    assert entries.count() == 1
    assert entries.get().actor == bob


def test_attendance_confirm_someone_elses_row_refused(registered, dina):
    with pytest.raises(AttendanceError, match="alleen je eigen aanwezigheid"):
        attendance_confirm(attendance=registered, user=dina)
    registered.refresh_from_db()
    assert registered.confirmed_at is None


def test_attendance_confirm_absent_row_refused(registered, dina):
    with pytest.raises(AttendanceError, match="Je staat als afwezig genoteerd"):
        attendance_confirm(attendance=Attendance.objects.get(user=dina), user=dina)


def test_attendance_dispute_emails_begeleider_and_logs_note(registered, begeleider, bob):
    attendance_confirm(attendance=registered, user=bob)
    mail.outbox.clear()
    attendance_dispute(attendance=registered, user=bob, note="Ik was er al om 19:00, niet om 19:15.")

    registered.refresh_from_db()
    assert registered.confirmed_at is None  # no longer agreed
    entry = AuditEntry.objects.get(action="attendance.disputed")
    assert entry.actor == bob
    assert entry.data["note"] == "Ik was er al om 19:00, niet om 19:15."
    assert entry.data["confirmation_cleared"] is True
    # The begeleider and Alice (who registered it) hear about it; Bob himself does not.
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.nl", "bea@example.nl"]
    to_bea = next(m for m in mail.outbox if m.to == ["bea@example.nl"])
    assert to_bea.subject == (
        "[Intervisiewijzer] Bob de Vries zegt dat de aanwezigheid bij Intervisie maart niet klopt"
    )
    assert "Wat er nu staat: aanwezig van 19:15 tot 21:00 uur." in to_bea.body
    assert "Ik was er al om 19:00, niet om 19:15." in to_bea.body
    assert f"/bijeenkomsten/{registered.meeting_id}/aanwezigheid/" in to_bea.body


def test_attendance_dispute_empty_or_too_long_note_refused(registered, bob):
    with pytest.raises(AttendanceError, match="Schrijf kort wat er niet klopt"):
        attendance_dispute(attendance=registered, user=bob, note="   ")
    with pytest.raises(AttendanceError, match="maximaal 500 tekens"):
        attendance_dispute(attendance=registered, user=bob, note="x" * 501)
    assert not AuditEntry.objects.filter(action="attendance.disputed").exists()
    assert mail.outbox == []


def test_attendance_dispute_someone_elses_row_refused(registered, dina):
    with pytest.raises(AttendanceError):
        attendance_dispute(attendance=registered, user=dina, note="Bob was er niet.")
    assert not AuditEntry.objects.filter(action="attendance.disputed").exists()


def test_attendances_to_confirm_only_open_presence(group, alice, bob, registered):
    other = _meeting(group, starts_at=START + timedelta(days=42), title="Intervisie april")
    cancelled = _meeting(group, starts_at=START + timedelta(days=84), title="Intervisie mei")
    attendance_register(meeting=other, by=alice, entries=_entries((bob, True, None, None)))
    attendance_register(meeting=cancelled, by=alice, entries=_entries((bob, True, None, None)))
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
    assert [a.meeting.title for a in attendances_to_confirm(bob)] == ["Intervisie maart", "Intervisie april"]
    attendance_confirm(attendance=registered, user=bob)
    assert [a.meeting.title for a in attendances_to_confirm(bob)] == ["Intervisie april"]


def test_attendance_of_another_group_is_not_in_the_list(registered, bob):
    elsewhere = GroupFactory(name="Intervisie Zwolle")
    _join(bob, elsewhere)
    assert [a.pk for a in attendances_to_confirm(bob)] == [registered.pk]


def test_attendance_people_leave_out_later_joiners_and_people_gone_before(meeting, group, alice, bob, dina):
    later = UserFactory(name="Lotte Later")
    Membership.objects.filter(pk=_join(later, group).pk).update(
        started_at=meeting.ends_at + timedelta(days=1)
    )
    gone = UserFactory(name="Gerrit Gestopt")
    Membership.objects.filter(pk=_join(gone, group).pk).update(
        state=S.LEFT, ended_at=meeting.starts_at - timedelta(days=1)
    )
    assert list(attendance_people(meeting)) == [bob, dina]
    with pytest.raises(AttendanceError):
        attendance_register(meeting=meeting, by=alice, entries=_entries((later, True, None, None)))
    assert not Attendance.objects.exists()


def test_attendance_people_include_who_joined_on_the_meetings_day(meeting, group, bob, dina):
    """Whole days count: someone whose kennismaking began that morning is on the evening's list."""
    same_day = UserFactory(name="Sam Zelfdedag")
    Membership.objects.filter(pk=_join(same_day, group, S.INTRODUCTION).pk).update(
        started_at=meeting.starts_at.replace(hour=9)
    )
    assert same_day in list(attendance_people(meeting))
