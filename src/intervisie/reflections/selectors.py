"""Reading reflections and evaluations, with the privacy rules built in."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count
from django.utils import timezone

from intervisie.common.anonymity import MIN_GROUP_SIZE
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting

from .models import Reflection

# Averages are shown only over at least this many answers (the platform's one anonymity floor).
MIN_ANSWERS_FOR_AVERAGES = MIN_GROUP_SIZE


def reflections_for(user, group, period_start: date | None = None, period_end: date | None = None):
    """``user``'s own reflections in ``group`` with meetings from ``period_start`` to ``period_end``
    (inclusive, local dates; None = open). Feeds the reflection format in the evidence export."""
    qs = Reflection.objects.filter(user=user, meeting__group=group).select_related("meeting")
    if period_start is not None:
        qs = qs.filter(meeting__starts_at__date__gte=period_start)
    if period_end is not None:
        qs = qs.filter(meeting__starts_at__date__lte=period_end)
    return qs.order_by("meeting__starts_at", "pk")


def shared_reflections(group):
    """Reflections in ``group`` their writers shared with the begeleider; nothing else."""
    return (
        Reflection.objects.filter(meeting__group=group, shared_with_begeleider=True)
        .select_related("meeting", "user")
        .order_by("-meeting__starts_at", "user__name", "pk")
    )


@dataclass(frozen=True)
class TrendRow:
    meeting: Meeting
    answers: int
    how_it_went: float | None  # None when fewer than MIN_ANSWERS_FOR_AVERAGES answered
    method_rating: float | None

    @property
    def shown(self) -> bool:
        return self.how_it_went is not None


def evaluation_trend(group) -> list[TrendRow]:
    """Per meeting that has begun (oldest first): the number of evaluations and, only with at least
    MIN_GROUP_SIZE answers, the two average scores. One query; individual answers never leave the database."""
    meetings = (
        Meeting.objects.filter(group=group, starts_at__lte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(
            answers=Count("evaluations"),
            avg_how=Avg("evaluations__how_it_went"),
            avg_method=Avg("evaluations__method_rating"),
        )
        .order_by("starts_at", "pk")
    )
    rows = []
    for meeting in meetings:
        enough = meeting.answers >= MIN_ANSWERS_FOR_AVERAGES
        rows.append(
            TrendRow(
                meeting=meeting,
                answers=meeting.answers,
                how_it_went=round(meeting.avg_how, 1) if enough else None,
                method_rating=round(meeting.avg_method, 1) if enough else None,
            )
        )
    return rows


def own_reflections(user):
    return (
        Reflection.objects.filter(user=user)
        .select_related("meeting", "meeting__group")
        .order_by("-meeting__starts_at", "pk")
    )
