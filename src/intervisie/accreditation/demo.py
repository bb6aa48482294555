"""Demo evidence on top of the demo meetings and attendance: registration periods for people with a
register number, one signed reflectieverklaring per group whose begeleider may sign, and certificates
for completed series. Idempotent: a second run adds nothing. Run after the meetings' demo data."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from intervisie.accreditation import domain
from intervisie.accreditation.enums import SIGNING_REGISTERS
from intervisie.accreditation.ledger import add_years
from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement, Register
from intervisie.accreditation.selectors import Scope, evidence_rules, group_hours
from intervisie.groups.models import IntervisionGroup
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import MeetingSeries

SKJ = "skj-jeugd-en-gezinsprofessional"
REGISTERPLEIN = "registerplein-gezinshuisouders"


def accreditation_demo_load(*, log=lambda message: None, today=None) -> dict:
    today = today or timezone.localdate()
    counts = {"enrolments": 0, "statements": 0, "certificates": 0}
    registers = {r.code: r for r in Register.objects.filter(code__in=[SKJ, REGISTERPLEIN])}
    User = get_user_model()
    with transaction.atomic():
        # Periods that started two years ago: long enough for a history, early enough to show progress.
        start = add_years(today, -2)
        for user in User.objects.filter(attendances__present=True).distinct().order_by("pk"):
            for code, number in ((SKJ, user.skj_number), (REGISTERPLEIN, user.registerplein_number)):
                register = registers.get(code)
                if (
                    not number
                    or register is None
                    or Enrolment.objects.filter(user=user, register=register).exists()
                ):
                    continue
                domain.enrolment_create(user=user, register=register, period_start=start, today=today)
                counts["enrolments"] += 1
                log(f"  registratieperiode {register.name}: {user}")

        rules = evidence_rules()
        signers = IntervisionGroup.objects.filter(begeleider__supervisor_register__in=SIGNING_REGISTERS)
        for group in signers.select_related("begeleider").order_by("pk"):
            if ReflectionStatement.objects.filter(group=group).exists():
                continue
            period_start = today - timedelta(days=365)
            hours = group_hours(Scope(group=group, start=period_start, end=today), rules)
            people = sorted(
                (
                    row
                    for user_id, row in hours.items()
                    if row["hours"] > 0 and user_id != group.begeleider_id
                ),
                key=lambda row: str(row["user"]).lower(),
            )
            if people:
                domain.reflection_statement_sign(
                    group=group,
                    person=people[0]["user"],
                    by=group.begeleider,
                    period_start=period_start,
                    period_end=today,
                    today=today,
                )
                counts["statements"] += 1
                log(f"  reflectieverklaring {group.name}: {people[0]['user']}")

        now = timezone.now()
        for series in MeetingSeries.objects.select_related("group__begeleider").order_by("pk"):
            if Certificate.objects.filter(series=series).exists():
                continue
            meetings = list(series.meetings.exclude(status=MeetingStatus.CANCELLED))
            if not meetings or any(m.ends_at > now for m in meetings):
                continue
            result = domain.certificates_issue(
                group=series.group,
                by=series.group.begeleider,
                title=f"Deelname aan {series.name}",
                min_meetings=1,
                series=series,
                now=now,
            )
            counts["certificates"] += len(result.issued)
            if result.issued:
                log(f"  certificaten {series.group.name} – {series.name}: {len(result.issued)}")
    return counts
