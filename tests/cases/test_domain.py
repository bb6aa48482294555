"""Creating, changing and purging cases, the rotation, and what e-mails and the audit log may contain."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from intervisie.cases.domain import case_create, case_update, cases_purge, rotation
from intervisie.cases.models import Case
from intervisie.cases.tasks import purge_case_texts
from intervisie.common.models import AuditEntry
from intervisie.groups.enums import MembershipState as S
from tests.factories import (
    SECRET_QUESTION,
    SECRET_SITUATION,
    SECRET_TITLE,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    make_case,
)

FIELDS = {
    "title": SECRET_TITLE,
    "situation": SECRET_SITUATION,
    "question": SECRET_QUESTION,
    "own_experience": True,
}


def _assert_no_case_text(text: str):
    for secret in (SECRET_TITLE, SECRET_SITUATION, SECRET_QUESTION):
        assert secret not in text


def test_case_create_saves_logs_and_mails_without_text(group, member, begeleider):
    other = UserFactory(email="dina@example.nl", name="Dina Deelnemer")
    MembershipFactory(user=other, group=group, state=S.TRIAL)
    MembershipFactory(user=UserFactory(email="wacht@example.nl"), group=group, state=S.WAITLISTED)
    meeting = MeetingFactory(group=group)

    case = case_create(group=group, bringer=member, fields={**FIELDS, "meeting": meeting})

    assert case.bringer == member and case.title == SECRET_TITLE and case.own_experience
    assert case.brought_on == timezone.localdate(meeting.starts_at)
    assert sorted(m.to[0] for m in mail.outbox) == ["bea@example.nl", "dina@example.nl"]
    for message in mail.outbox:
        assert group.name in message.subject
        assert f"/inbreng/groep/{group.slug}/" in message.body
        _assert_no_case_text(message.subject + message.body + message.alternatives[0][0])
    entry = AuditEntry.objects.get(action="case.create")
    assert entry.object_id == str(case.pk) and entry.actor == member
    assert entry.data == {"group": group.pk, "meeting": meeting.pk}
    _assert_no_case_text(entry.object_repr + str(entry.data))


def test_case_create_by_non_participant_is_refused(group, charlie):
    with pytest.raises(ValidationError):
        case_create(group=group, bringer=charlie, fields=FIELDS)
    assert not Case.objects.exists()
    assert mail.outbox == []


def test_case_create_with_meeting_of_other_group_is_refused(group, member):
    with pytest.raises(ValidationError) as info:
        case_create(group=group, bringer=member, fields={**FIELDS, "meeting": MeetingFactory()})
    assert "meeting" in info.value.message_dict


def test_case_create_too_long_title_is_refused(group, member):
    with pytest.raises(ValidationError) as info:
        case_create(group=group, bringer=member, fields={**FIELDS, "title": "x" * 121})
    assert "title" in info.value.message_dict


def test_case_update_logs_field_names_only(group, member):
    case = make_case(group=group, bringer=member)
    case_update(case=case, by=member, fields={"question": "Wat doe ik nu?", "title": SECRET_TITLE})
    case.refresh_from_db()
    assert case.question == "Wat doe ik nu?"
    entry = AuditEntry.objects.get(action="case.update")
    assert entry.data == {"fields": ["question"]}
    assert "Wat doe ik" not in str(entry.data) + entry.object_repr


def test_case_update_by_someone_else_or_after_purge_is_refused(group, member, begeleider):
    case = make_case(group=group, bringer=member)
    with pytest.raises(ValidationError):
        case_update(case=case, by=begeleider, fields={"title": "Anders"})
    case.text_purged_at = timezone.now()
    with pytest.raises(ValidationError):
        case_update(case=case, by=member, fields={"title": "Anders"})


def _meeting_ended(group, days_ago):
    end = timezone.now() - timedelta(days=days_ago)
    return MeetingFactory(group=group, starts_at=end - timedelta(hours=2), ends_at=end)


def test_cases_purge_empties_text_after_retention_and_keeps_who_and_when(group, member, settings):
    settings.CASE_RETENTION_DAYS = 30
    old = make_case(
        group=group, bringer=member, meeting=_meeting_ended(group, 31), brought_on=date(2026, 1, 5)
    )
    recent = make_case(group=group, bringer=member, meeting=_meeting_ended(group, 29))
    now = timezone.now()

    assert cases_purge(now=now) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.title, old.situation, old.question) == ("", "", "")
    assert old.text_purged_at == now and old.is_purged
    assert old.bringer == member and old.brought_on == date(2026, 1, 5)
    assert recent.title == SECRET_TITLE and not recent.is_purged
    entry = AuditEntry.objects.get(action="case.purge")
    assert entry.object_id == str(old.pk) and entry.actor is None
    _assert_no_case_text(entry.object_repr + str(entry.data))


def test_cases_purge_is_idempotent(group, member):
    make_case(group=group, bringer=member, meeting=_meeting_ended(group, 40))
    now = timezone.now()
    assert cases_purge(now=now) == 1
    assert cases_purge(now=now + timedelta(days=1)) == 0
    assert AuditEntry.objects.filter(action="case.purge").count() == 1


def test_cases_purge_without_meeting_counts_from_creation(group, member, settings):
    settings.CASE_RETENTION_DAYS = 10
    case = make_case(group=group, bringer=member)
    assert cases_purge(now=timezone.now() + timedelta(days=9)) == 0
    assert cases_purge(now=timezone.now() + timedelta(days=11)) == 1
    case.refresh_from_db()
    assert case.is_purged and case.situation == ""


def test_purge_case_texts_task_and_command_purge(group, member):
    first = make_case(group=group, bringer=member, meeting=_meeting_ended(group, 60))
    purge_case_texts.enqueue()
    first.refresh_from_db()
    assert first.is_purged
    second = make_case(group=group, bringer=member, meeting=_meeting_ended(group, 45))
    out = io.StringIO()
    call_command("purge_case_texts", stdout=out)
    second.refresh_from_db()
    assert second.is_purged
    assert out.getvalue().strip() == "Tekst verwijderd van 1 casus(sen)."


def test_rotation_never_brought_first_then_least_recent_ties_by_name(group, begeleider):
    people = {}
    for name in ["Zoë Zwart", "Anna Appel", "Bram Boom", "Carla Cox", "Daan Dijk"]:
        people[name] = UserFactory(name=name)
        MembershipFactory(user=people[name], group=group)
    MembershipFactory(user=UserFactory(name="Aaron Weg"), group=group, state=S.LEFT)
    make_case(group=group, bringer=people["Anna Appel"], brought_on=date(2026, 5, 1))
    make_case(group=group, bringer=people["Anna Appel"], brought_on=date(2026, 9, 1))
    make_case(group=group, bringer=people["Bram Boom"], brought_on=date(2026, 6, 1))
    make_case(group=group, bringer=people["Daan Dijk"], brought_on=date(2026, 6, 1))
    make_case(group=MembershipFactory().group, bringer=people["Carla Cox"])  # another group

    rows = rotation(group)

    assert [(r.user.name, r.count, r.last_brought_on) for r in rows] == [
        ("Carla Cox", 0, None),
        ("Zoë Zwart", 0, None),
        ("Bram Boom", 1, date(2026, 6, 1)),
        ("Daan Dijk", 1, date(2026, 6, 1)),
        ("Anna Appel", 2, date(2026, 9, 1)),
    ]
