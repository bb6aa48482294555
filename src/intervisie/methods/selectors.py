"""Reading the method library: the directory's list of methods and the method a group plans to use.

The library (``MethodTemplate`` with no group) is the one list of methods. The directory keeps its
``groups.Method`` rows because groups, charters and meetings point at them, but each library method has
exactly one such row (its ``tag``, kept in step by ``methods.domain.link_tags`` and migration 0003),
and the directory offers only those rows.
"""

from django.db.models import Q, QuerySet

from intervisie.groups.models import Method
from intervisie.methods.models import MethodTemplate


def directory_methods() -> QuerySet[Method]:
    """The methods the directory offers (search filter, group form): the library's, by name."""
    return Method.objects.in_library().order_by("name")


def method_for_tag(*, tag_id: int | None, group) -> MethodTemplate | None:
    """The method to run for ``tag_id`` (what a meeting or charter names) in ``group``: the group's own
    adapted copy when it made one (the newest, if several), or else the library method. Only methods
    with steps, because a live session needs them; None when there is none."""
    if tag_id is None:
        return None
    candidates = (
        MethodTemplate.objects.filter(Q(group=None) | Q(group=group), steps__isnull=False)
        .filter(Q(tag_id=tag_id) | Q(based_on__tag_id=tag_id))
        .distinct()
    )
    # The group's copy first: the group changed it on purpose. Then the newest.
    return min(candidates, key=lambda m: (m.group_id is None, -m.created_at.timestamp(), -m.pk), default=None)
