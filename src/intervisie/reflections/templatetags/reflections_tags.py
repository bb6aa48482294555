"""Links into reflections from pages owned by other apps (the meeting page, the live session's end,
the group page): ``{% load reflections_tags %}{% reflection_link meeting %}`` and
``{% group_reflection_links group %}``. Each shows nothing to someone who may not use the page."""

from django import template
from django.utils import timezone

from intervisie.meetings.enums import MeetingStatus

register = template.Library()


@register.inclusion_tag("reflections/_reflection_link.html", takes_context=True)
def reflection_link(context, meeting):
    user = context.get("user")
    show = bool(
        user is not None
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.starts_at <= timezone.now()
        and user.has_perm("reflections.write", meeting)
    )
    return {"meeting": meeting, "show": show}


@register.inclusion_tag("reflections/_group_links.html", takes_context=True)
def group_reflection_links(context, group):
    user = context.get("user")
    return {
        "group": group,
        "shared": bool(user is not None and user.has_perm("reflections.view_shared", group)),
        "evaluations": bool(user is not None and user.has_perm("reflections.view_evaluations", group)),
    }
