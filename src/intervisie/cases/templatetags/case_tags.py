from django import template

register = template.Library()


@register.simple_tag
def meeting_cases(meeting, user) -> dict:
    """The cases of a meeting, only for people who may read the group's cases (else an empty dict, so
    the meeting page shows nothing about them)."""
    group = meeting.group
    if not user.has_perm("cases.view_group_cases", group):
        return {}
    return {
        "cases": list(meeting.cases.select_related("bringer").order_by("created_at")),
        "can_add": user.has_perm("cases.add_case", group),
    }
