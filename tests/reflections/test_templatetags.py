from django.template import Context, Template

from intervisie.meetings.enums import MeetingStatus
from tests.factories import past_meeting

LINK = Template("{% load reflections_tags %}{% reflection_link meeting %}")
GROUP = Template("{% load reflections_tags %}{% group_reflection_links group %}")


def test_reflection_link_shown_to_participant_after_start(member, meeting):
    html = LINK.render(Context({"user": member, "meeting": meeting}))
    assert f'href="/reflectie/bijeenkomst/{meeting.pk}/"' in html
    assert "Reflectie en evaluatie" in html


def test_reflection_link_hidden_for_begeleider_future_and_cancelled(
    member, begeleider, guided_group, meeting
):
    assert LINK.render(Context({"user": begeleider, "meeting": meeting})).strip() == ""
    future = past_meeting(guided_group, days_ago=-2)
    assert LINK.render(Context({"user": member, "meeting": future})).strip() == ""
    cancelled = past_meeting(guided_group, status=MeetingStatus.CANCELLED)
    assert LINK.render(Context({"user": member, "meeting": cancelled})).strip() == ""


def test_group_links_per_role(member, begeleider, alice, charlie, guided_group):
    lead = GROUP.render(Context({"user": begeleider, "group": guided_group}))
    assert "Gedeelde reflecties" in lead
    assert "Evaluaties per bijeenkomst" in lead
    manager = GROUP.render(Context({"user": alice, "group": guided_group}))
    assert "Gedeelde reflecties" not in manager
    assert "Evaluaties per bijeenkomst" in manager
    assert GROUP.render(Context({"user": member, "group": guided_group})).strip() == ""
    assert GROUP.render(Context({"user": charlie, "group": guided_group})).strip() == ""
