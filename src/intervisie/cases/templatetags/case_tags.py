from django import template

register = template.Library()


@register.simple_tag
def meeting_cases(meeting, user) -> dict:
    """The cases of a meeting, only for people who may read them (else an empty dict, so the meeting
    page shows nothing about them): someone in kennismaking sees none, someone on trial only those of
    meetings from their trial's start."""
    group = meeting.group
    if not user.has_perm("cases.view_meeting_cases", meeting):
        return {}
    return {
        "cases": list(meeting.cases.select_related("bringer").order_by("created_at")),
        "can_add": user.has_perm("cases.add_case", group),
    }
