import datetime as dt

import pytest

from intervisie.common.models import AuditEntry
from intervisie.meetings.enums import MeetingStatus
from intervisie.reflections import domain
from intervisie.reflections.models import Evaluation, Reflection
from intervisie.reflections.selectors import reflections_for
from tests.factories import MeetingFactory, MembershipFactory, UserFactory, past_meeting

TEXTS = {
    "methods_text": "Ik vroeg door.",
    "values_text": "Veiligheid eerst.",
    "personal_text": "Ik voelde onrust.",
}


def test_reflection_save_creates_private_reflection_and_logs_without_texts(member, meeting):
    reflection = domain.reflection_save(meeting=meeting, user=member, shared_with_begeleider=False, **TEXTS)

    assert reflection.shared_with_begeleider is False
    assert reflection.personal_text == "Ik voelde onrust."
    entry = AuditEntry.objects.get(action="reflection.saved")
    assert entry.actor == member
    assert entry.data == {"meeting": meeting.pk, "created": True, "shared": False}
    stored = f"{entry.object_repr} {entry.data}"
    for text in TEXTS.values():
        assert text not in stored


def test_reflection_save_twice_updates_the_same_reflection(member, meeting):
    domain.reflection_save(meeting=meeting, user=member, shared_with_begeleider=False, **TEXTS)
    domain.reflection_save(
        meeting=meeting,
        user=member,
        shared_with_begeleider=True,
        methods_text="Anders",
        values_text="",
        personal_text="",
    )

    reflection = Reflection.objects.get()
    assert (reflection.methods_text, reflection.values_text, reflection.shared_with_begeleider) == (
        "Anders",
        "",
        True,
    )
    assert AuditEntry.objects.filter(action="reflection.saved").count() == 2


def test_reflection_save_all_empty_is_refused(member, meeting):
    with pytest.raises(domain.ReflectionError, match="minstens één van de drie"):
        domain.reflection_save(
            meeting=meeting,
            user=member,
            shared_with_begeleider=False,
            methods_text=" ",
            values_text="",
            personal_text="",
        )
    assert not Reflection.objects.exists()


def test_reflection_save_by_non_participant_is_refused(begeleider, meeting):
    with pytest.raises(domain.ReflectionError, match="Alleen deelnemers"):
        domain.reflection_save(meeting=meeting, user=begeleider, shared_with_begeleider=False, **TEXTS)


def test_reflection_save_before_meeting_starts_is_refused(member, guided_group):
    future = MeetingFactory(group=guided_group)
    with pytest.raises(domain.ReflectionError, match="pas iets schrijven"):
        domain.reflection_save(meeting=future, user=member, shared_with_begeleider=False, **TEXTS)


def test_reflection_save_cancelled_meeting_is_refused(member, guided_group):
    cancelled = past_meeting(guided_group, status=MeetingStatus.CANCELLED)
    with pytest.raises(domain.ReflectionError, match="afgelast"):
        domain.reflection_save(meeting=cancelled, user=member, shared_with_begeleider=False, **TEXTS)


def test_evaluation_save_logs_without_scores_or_texts(member, meeting):
    domain.evaluation_save(
        meeting=meeting,
        user=member,
        how_it_went=4,
        still_bothers="De ruzie thuis.",
        method_rating=2,
        will_do="Bellen met school.",
    )

    evaluation = Evaluation.objects.get()
    assert (evaluation.how_it_went, evaluation.method_rating) == (4, 2)
    entry = AuditEntry.objects.get(action="evaluation.saved")
    assert entry.data == {"meeting": meeting.pk, "created": True}
    assert "ruzie" not in entry.object_repr


@pytest.mark.parametrize("score", [0, 6])
def test_evaluation_save_score_out_of_range_is_refused(member, meeting, score):
    with pytest.raises(domain.ReflectionError, match="1 tot en met 5"):
        domain.evaluation_save(
            meeting=meeting, user=member, how_it_went=score, still_bothers="", method_rating=3, will_do=""
        )
    assert not Evaluation.objects.exists()


def test_reflections_for_returns_only_own_reflections_in_group_and_period(member, danielle, guided_group):
    old = past_meeting(guided_group, days_ago=100, title="Oud")
    recent = past_meeting(guided_group, days_ago=5, title="Recent")
    for m in (old, recent):
        domain.reflection_save(meeting=m, user=member, shared_with_begeleider=False, **TEXTS)
    domain.reflection_save(meeting=recent, user=danielle, shared_with_begeleider=True, **TEXTS)
    other_group_meeting = past_meeting(MeetingFactory().group)

    everything = reflections_for(member, guided_group, None, None)
    assert [r.meeting.title for r in everything] == ["Oud", "Recent"]
    start = old.starts_at.date() + dt.timedelta(days=1)
    assert [r.meeting.title for r in reflections_for(member, guided_group, start, None)] == ["Recent"]
    assert list(reflections_for(member, other_group_meeting.group, None, None)) == []


def test_reflection_refused_for_a_meeting_before_the_person_joined(meeting, guided_group):
    later = UserFactory(name="Lotte Later")
    MembershipFactory(user=later, group=guided_group, started_at=meeting.ends_at + dt.timedelta(days=3))
    with pytest.raises(
        domain.ReflectionError, match="Je deed nog niet mee in de groep toen deze bijeenkomst was"
    ):
        domain.reflection_save(
            meeting=meeting,
            user=later,
            methods_text="x",
            values_text="",
            personal_text="",
            shared_with_begeleider=False,
        )
