"""Running trajectories with an accepted quote and meetings held, for the invoice tests."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from intervisie.billing.models import Quote
from intervisie.trajectories.domain import QuoteAnswer, answer_quote, send_quote
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import Trajectory
from tests.factories import ProviderFactory, TrajectoryFactory, UserFactory, give_totp

D = Decimal
# The client accepted this long ago; the meetings held lie between then and now.
ACCEPTED_DAYS_AGO = 60
FEE = D("325.00")
NO_TRAVEL = D("0.00")


def begeleider(email: str = "bea@example.nl", name: str = "Bea Begeleider"):
    user = UserFactory(email=email, name=name, roles=["begeleider"])
    give_totp(user)
    return user


def provider_of(user, **fields):
    """A provider (VAT 21 %, a reader at € 12,50 per participant) with ``user`` as its owner."""
    values = {
        "name": f"Praktijk {user.name}",
        "reader_price": D("12.50"),
        "iban": "NL91ABNA0417164300",
        "kvk_number": "12345678",
        "payment_days": 14,
    }
    values.update(fields)
    provider = ProviderFactory(**values)
    provider.members.create(user=user, is_owner=True)
    return provider


def _moments(count: int) -> list[dt.datetime]:
    local = timezone.localtime(timezone.now()).replace(hour=19, minute=0, second=0, microsecond=0)
    return [local + dt.timedelta(days=20 + 14 * n) for n in range(count)]


def accepted(
    user,
    *,
    provider=None,
    moment: str = "acceptance",
    meetings: int = 4,
    fee_mode: str = "per_meeting",
    fee: Decimal = FEE,
    travel: Decimal = NO_TRAVEL,
    reader: bool = False,
    participants: int = 6,
    **trajectory_fields,
) -> Trajectory:
    """A trajectory of ``provider`` (one of ``user``'s by default) whose client accepted the quote
    ``ACCEPTED_DAYS_AGO`` days ago, through the real steps: it runs, with its group and a meeting per
    quoted date, all still to come (see ``hold``). No e-mail left in the outbox."""
    provider = provider or provider_of(user)
    trajectory = TrajectoryFactory(
        provider=provider,
        begeleider=user,
        state=TrajectoryState.INTRODUCTION_HELD,
        agreed_focus="Leren doorvragen.",
        **trajectory_fields,
    )
    quote = send_quote(
        trajectory=trajectory,
        agreement={
            "meetings_count": meetings,
            "participants_count": participants,
            "meeting_minutes": 150,
            "proposed_dates": [moment_.isoformat() for moment_ in _moments(meetings)],
            "meeting_place": "Buurthuis De Linde, Utrecht",
            "fee_mode": fee_mode,
            "fee": fee,
            "travel_costs": travel,
            "reader_included": reader,
            "invoice_moment": moment,
            "attendance_threshold_percent": 80,
        },
        introduction="",
        terms="",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        by=user,
    )
    answer_quote(quote=quote, answer=QuoteAnswer.ACCEPT, name="Noor", function="Teamleider", ip="192.0.2.1")
    Quote.objects.filter(pk=quote.pk).update(
        answered_at=timezone.now() - dt.timedelta(days=ACCEPTED_DAYS_AGO)
    )
    mail.outbox.clear()
    return Trajectory.objects.select_related("provider", "quote", "group").get(pk=trajectory.pk)


def hold(trajectory: Trajectory, count: int) -> list:
    """Let the first ``count`` meetings of the trajectory (its group's since the acceptance) have taken
    place, a week apart, the last one yesterday; returns all of them in order."""
    since = Quote.objects.get(pk=trajectory.quote_id).answered_at
    meetings = list(trajectory.group.meetings.filter(starts_at__gte=since).order_by("starts_at"))
    now = timezone.now()
    for index, meeting in enumerate(meetings[:count]):
        meeting.starts_at = now - dt.timedelta(days=7 * (count - index) - 6, hours=3)
        meeting.ends_at = meeting.starts_at + dt.timedelta(minutes=150)
        meeting.save(update_fields=["starts_at", "ends_at"])
    return list(trajectory.group.meetings.filter(starts_at__gte=since).order_by("starts_at"))
