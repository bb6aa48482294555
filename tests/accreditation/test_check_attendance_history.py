"""manage.py check_attendance_history: attendance of people who were not in the group on the meeting's
date is reported with the documents that may have counted it, left out of the ledger, and removed
(audit-logged) with --fix."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from intervisie.accreditation import selectors
from intervisie.common.models import AuditEntry
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings.models import Attendance
from tests.factories import CertificateFactory, MembershipFactory, UserFactory, attend, past_meeting


@pytest.fixture
def joined_in_march(group):
    """Mira joined on 1 March; a January meeting was wrongly registered for her."""
    user = UserFactory(email="mira@example.nl", name="Mira Maart")
    MembershipFactory(user=user, group=group, started_at=timezone.make_aware(dt.datetime(2026, 3, 1, 10)))
    return user


def _run(*args) -> str:
    out = StringIO()
    call_command("check_attendance_history", *args, stdout=out)
    return out.getvalue()


def test_reports_a_later_joiner_and_the_certificate_that_may_count_it(group, bob, joined_in_march):
    january = past_meeting(group, dt.date(2026, 1, 13))
    march = past_meeting(group, dt.date(2026, 3, 10))
    wrong = attend(january, joined_in_march)
    attend(march, joined_in_march)
    attend(january, bob)  # a member for years (factory default)
    CertificateFactory(
        user=joined_in_march, group=group, code="IVW-AAAA-BBBB-CCCC", period_start=dt.date(2026, 1, 1)
    )

    out = _run()

    assert f"13-01-2026 '{january.title}' – mira@example.nl (aanwezig, aanwezigheid #{wrong.pk})" in out
    assert "controleer certificaat IVW-AAAA-BBBB-CCCC" in out
    assert "1 regel(s) buiten een lidmaatschap gevonden; herstel met --fix." in out
    assert "bob@example.nl" not in out
    # Reporting changes nothing, but the ledger already leaves the line out.
    assert Attendance.objects.filter(pk=wrong.pk).exists()
    assert [m.source.meeting for m in selectors.attended_meetings(joined_in_march)] == [march]


def test_fix_removes_with_an_audit_entry_and_a_second_run_finds_nothing(group, joined_in_march):
    january = past_meeting(group, dt.date(2026, 1, 13))
    wrong = attend(january, joined_in_march, confirmed_at=timezone.now())

    out = _run("--fix")

    assert "1 regel(s) verwijderd (staat in het auditlog)." in out
    assert not Attendance.objects.filter(pk=wrong.pk).exists()
    entry = AuditEntry.objects.get(action="attendance.removed_outside_membership")
    assert entry.object_id == str(wrong.pk)
    assert entry.data["user"] == joined_in_march.pk and entry.data["present"] is True
    assert entry.data["confirmed_at"] is not None
    assert "0 regel(s) buiten een lidmaatschap." in _run("--fix")


def test_someone_who_left_keeps_lines_from_before_and_loses_lines_after(group):
    gone = UserFactory(email="gert@example.nl")
    MembershipFactory(
        user=gone,
        group=group,
        state=S.LEFT,
        started_at=timezone.make_aware(dt.datetime(2025, 6, 1, 10)),
        ended_at=timezone.make_aware(dt.datetime(2026, 2, 1, 10)),
    )
    before = attend(past_meeting(group, dt.date(2026, 1, 13)), gone)
    after = attend(past_meeting(group, dt.date(2026, 2, 10)), gone)
    out = _run()
    assert f"aanwezigheid #{after.pk}" in out and f"aanwezigheid #{before.pk}" not in out
