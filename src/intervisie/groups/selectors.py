"""Reading memberships: who takes part in a group now, and who took part on a given day.

A membership's participation window runs from ``started_at`` (the kennismaking began) to ``ended_at``
(left, or declined after a kennismaking or trial), whole days in Dutch time. Evidence follows it: a
meeting counts for someone only when they took part in the group on the meeting's date (DESIGN.md).
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from intervisie.groups.enums import PARTICIPANT_STATES, MembershipState
from intervisie.groups.models import Membership

# States of a membership that took part at some time: now, or until it ended (left, or declined after
# a kennismaking or trial). A request, waitlist place or offer never took part, whatever its dates.
TOOK_PART_STATES = sorted(
    str(s) for s in {*PARTICIPANT_STATES, MembershipState.LEFT, MembershipState.DECLINED}
)


def participation(user, group) -> Membership | None:
    """The person's current membership in ``group`` in which they take part (kennismaking, trial or
    member), or None. One query; at most one such membership exists (unique constraint)."""
    if user is None or not user.is_authenticated or group is None:
        return None
    return (
        Membership.objects.filter(group=group, user=user, state__in=PARTICIPANT_STATES)
        .only("pk", "state", "started_at", "trial_started_at")
        .first()
    )


def day_start(moment: datetime) -> datetime:
    """Midnight (Dutch time) at the start of ``moment``'s day."""
    local = timezone.localtime(moment)
    return datetime.combine(local.date(), time.min, tzinfo=local.tzinfo)


def trial_reads_from(membership: Membership | None) -> datetime | None:
    """From when someone on trial takes part in meetings: the start of the day their trial began.
    None when the membership is not a trial."""
    if membership is None or membership.state != MembershipState.TRIAL:
        return None
    return day_start(membership.trial_started_at or membership.started_at or timezone.now())


def took_part_q(*, starts_at: datetime, ends_at: datetime, prefix: str = "") -> Q:
    """Memberships whose window covers the day(s) of a meeting from ``starts_at`` to ``ends_at``."""
    first_day = day_start(starts_at)
    after_last_day = day_start(ends_at) + timedelta(days=1)
    return Q(
        **{
            f"{prefix}state__in": TOOK_PART_STATES,
            f"{prefix}started_at__isnull": False,
            f"{prefix}started_at__lt": after_last_day,
        }
    ) & (Q(**{f"{prefix}ended_at__isnull": True}) | Q(**{f"{prefix}ended_at__gte": first_day}))


def took_part_user_ids(*, group_id: int, starts_at: datetime, ends_at: datetime) -> QuerySet:
    """Ids of everyone who took part in the group on the meeting's date(s), as a subquery."""
    return Membership.objects.filter(
        took_part_q(starts_at=starts_at, ends_at=ends_at), group_id=group_id
    ).values("user_id")


def took_part_in(user, group, *, starts_at: datetime, ends_at: datetime) -> bool:
    if user is None or not user.is_authenticated or group is None:
        return False
    return Membership.objects.filter(
        took_part_q(starts_at=starts_at, ends_at=ends_at), group=group, user=user
    ).exists()


def took_part_exists(*, user_ref: str, group_ref: str, first_day_ref: str, last_day_ref: str) -> Exists:
    """``Exists(...)`` for rows that point at a person and a meeting (an attendance): the person took
    part in the group on the meeting's date. The same whole-day rule as ``took_part_q``, in SQL; the
    outer query annotates the meeting's first and last day with ``TruncDate`` (Dutch time)."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef(user_ref),
            group_id=OuterRef(group_ref),
            state__in=TOOK_PART_STATES,
            started_at__isnull=False,
        )
        .annotate(start_day=TruncDate("started_at"), end_day=TruncDate("ended_at"))
        .filter(start_day__lte=OuterRef(last_day_ref))
        .filter(Q(ended_at__isnull=True) | Q(end_day__gte=OuterRef(first_day_ref)))
    )


def waitlist_ahead() -> Coalesce:
    """Annotation (a subquery) for memberships: how many people stand before this one on its group's
    waitlist (oldest first; equal times by id). One query for a whole list, where ``domain.
    waitlist_position`` asks per membership."""
    ahead = (
        Membership.objects.filter(group=OuterRef("group"), state=MembershipState.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead), 0)
