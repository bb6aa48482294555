"""Template tags for the attendance block on the meeting page (included by the planning area)."""

from django import template

from intervisie.meetings.attendance import (
    attendance_closed_reason,
    attendance_summary,
    attendances_to_confirm,
)
from intervisie.meetings.models import Attendance

register = template.Library()


@register.simple_tag(takes_context=True)
def attendance_for(context, meeting):
    """What the attendance block shows to this viewer. A fixed number of queries: the permission
    check, the counts (planners only) and the viewer's own row."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or meeting is None:
        return {}
    can_register = user.has_perm("meetings.register_attendance", meeting)
    return {
        "can_register": can_register,
        "closed": attendance_closed_reason(meeting),
        "summary": attendance_summary(meeting) if can_register else None,
        "mine": Attendance.objects.filter(meeting=meeting, user=user).first(),
        "next_url": request.get_full_path(),
    }


@register.simple_tag(takes_context=True)
def attendance_to_confirm_for(context):
    """The viewer's attendance that waits for sign-off (one query), for a personal overview."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(attendances_to_confirm(user))
