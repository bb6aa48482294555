"""Reading for the live session pages: what the start form suggests."""

from dataclasses import dataclass

from intervisie.cases.domain import rotation
from intervisie.cases.models import Case
from intervisie.methods.selectors import method_for_tag


@dataclass(frozen=True)
class StartSuggestion:
    """What the start form preselects, and why (``bringer_from``: "case", "rotation" or "")."""

    method: object = None
    case: object = None
    bringer: object = None
    bringer_from: str = ""


def start_suggestion(*, meeting, people) -> StartSuggestion:
    """The method planned for ``meeting`` (the group's own version of it, or the library's), the case
    brought for this meeting (the first, if there are several) with its bringer, or else whoever the
    group's case rotation says is next (cases.domain.rotation). ``people`` are those who may take a
    role in the session: a suggested bringer outside it is left out."""
    method = method_for_tag(tag_id=meeting.method_id, group=meeting.group)
    case = (
        Case.objects.filter(meeting=meeting, group_id=meeting.group_id, text_purged_at__isnull=True)
        .select_related("bringer")
        .order_by("created_at", "pk")
        .first()
    )
    if case is not None:
        bringer, bringer_from = case.bringer, "case"
    else:
        first = next(iter(rotation(meeting.group)), None)
        bringer, bringer_from = (first.user, "rotation") if first else (None, "")
    if bringer is not None and not people.filter(pk=bringer.pk).exists():
        bringer, bringer_from = None, ""
    return StartSuggestion(method=method, case=case, bringer=bringer, bringer_from=bringer_from)
