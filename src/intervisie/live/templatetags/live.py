from django import template

from intervisie.live.domain import look_back_for as _look_back_for

register = template.Library()


@register.simple_tag
def look_back_for(meeting, user):
    return _look_back_for(meeting, user)


@register.filter
def mmss(seconds) -> str:
    """Seconds as m:ss, without a sign (the template says whether time is up)."""
    seconds = abs(int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"
