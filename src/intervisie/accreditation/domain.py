"""State changes for reflection hours and evidence: registration periods, signed reflection
statements and certificates. Each function validates, saves, writes the audit log and queues
e-mail, in one transaction. A change that is not possible raises ``AccreditationError`` with a
Dutch message for the person (and the form field it belongs to, when there is one)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.accreditation.enums import SIGNING_REGISTERS
from intervisie.accreditation.ledger import add_years
from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement, Register
from intervisie.accreditation.selectors import Scope, evidence_rules, group_hours
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.groups.models import IntervisionGroup
from intervisie.meetings.enums import MeetingStatus

# A registration period may be entered up to a year ahead (a new period that starts soon).
MAX_START_AHEAD = timedelta(days=365)
EARLIEST_START = date(2000, 1, 1)
REVOKE_REASON_MAX_LENGTH = 300  # Certificate.revoked_reason


class AccreditationError(Exception):
    """A change that is not possible; ``message`` is Dutch and meant for the person."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Registration periods ---------------------------------------------------------------------------


def enrolment_create(*, user, register: Register, period_start: date, today: date | None = None) -> Enrolment:
    """Add a registration period. Side effects: validate (not more than a year ahead, no period of the
    same register that overlaps), save, audit log."""
    today = today or timezone.localdate()
    if period_start > today + MAX_START_AHEAD:
        raise AccreditationError(
            _("Deze datum ligt meer dan een jaar in de toekomst. Kies de datum waarop je periode begint."),
            field="period_start",
        )
    if period_start < EARLIEST_START:
        raise AccreditationError(
            _("Deze datum ligt te ver terug. Kies een datum na 1 januari 2000."), field="period_start"
        )
    period_end = add_years(period_start, register.period_years)
    with transaction.atomic():
        for other in Enrolment.objects.select_for_update().filter(user=user, register=register):
            other_end = add_years(other.period_start, register.period_years)
            if other.period_start == period_start:
                raise AccreditationError(
                    _("Je hebt deze registratieperiode al toegevoegd."), field="period_start"
                )
            if other.period_start < period_end and period_start < other_end:
                raise AccreditationError(
                    _(
                        "Je hebt al een periode bij %(register)s die dan loopt (vanaf %(date)s). "
                        "Een nieuwe periode begint pas als de vorige is afgelopen."
                    )
                    % {"register": register.name, "date": other.period_start.strftime("%d-%m-%Y")},
                    field="period_start",
                )
        enrolment = Enrolment.objects.create(user=user, register=register, period_start=period_start)
        log_action(
            actor=user,
            action="enrolment.created",
            obj=enrolment,
            data={"register": register.code, "period_start": period_start.isoformat()},
        )
    return enrolment


def enrolment_delete(*, enrolment: Enrolment, by) -> None:
    """Remove a registration period (the meetings and attendance stay). Side effects: audit log, delete."""
    with transaction.atomic():
        log_action(
            actor=by,
            action="enrolment.deleted",
            obj=enrolment,
            data={"register": enrolment.register.code, "period_start": enrolment.period_start.isoformat()},
        )
        enrolment.delete()


# --- Reflection statements (reflectieverklaring) ------------------------------------------------------


def can_sign_statements(user) -> bool:
    return bool(user and user.supervisor_register in SIGNING_REGISTERS)


def validate_period(period_start: date, period_end: date, *, today: date) -> None:
    if period_start > period_end:
        raise AccreditationError(_("De begindatum ligt na de einddatum."), field="start")
    if period_end > today:
        raise AccreditationError(_("De einddatum ligt in de toekomst. Kies vandaag of eerder."), field="end")


def reflection_statement_sign(
    *,
    group: IntervisionGroup,
    person,
    by,
    period_start: date,
    period_end: date,
    today: date | None = None,
) -> ReflectionStatement:
    """The group's begeleider signs a person's reflectieverklaring for a period.

    Side effects, in order: validate (the signer is the group's begeleider and registered with
    LVSC, VGCT, NIP, NVO or NVRG; the period is in the past; the person has counted hours in it;
    no valid signature for that period yet), save (with a new verification code), audit log, e-mail
    to the person.
    """
    today = today or timezone.localdate()
    if group.begeleider_id != by.pk:
        raise AccreditationError(_("Alleen de begeleider van de groep kan een verklaring ondertekenen."))
    if not can_sign_statements(by):
        raise AccreditationError(
            _(
                "Je kunt niet ondertekenen: alleen een begeleider die staat ingeschreven bij LVSC, VGCT, NIP, "
                "NVO of NVRG mag een reflectieverklaring voor SKJ ondertekenen. Vul je register in bij je profiel."
            )
        )
    if person.pk == by.pk:
        raise AccreditationError(_("Je kunt geen verklaring voor jezelf ondertekenen."))
    validate_period(period_start, period_end, today=today)
    with transaction.atomic():
        IntervisionGroup.objects.select_for_update().filter(pk=group.pk).first()
        hours = group_hours(Scope(group=group, start=period_start, end=period_end), evidence_rules())
        row = hours.get(person.pk)
        if row is None or row["hours"] <= 0:
            raise AccreditationError(
                _("%(name)s heeft in deze periode geen uren die meetellen.") % {"name": person}
            )
        exists = ReflectionStatement.objects.filter(
            user=person,
            group=group,
            period_start=period_start,
            period_end=period_end,
            revoked_at__isnull=True,
        ).exists()
        if exists:
            raise AccreditationError(
                _("Je hebt de verklaring van %(name)s voor deze periode al ondertekend.") % {"name": person}
            )
        statement = ReflectionStatement.objects.create(
            user=person,
            group=group,
            period_start=period_start,
            period_end=period_end,
            hours=row["hours"],
            signed_by=by,
            signer_register=by.supervisor_register,
        )
        log_action(
            actor=by,
            action="reflection_statement.signed",
            obj=statement,
            data={
                "user": person.pk,
                "group": group.pk,
                "period": [period_start.isoformat(), period_end.isoformat()],
                "hours": str(statement.hours),
            },
        )
        email_queue(
            to=person,
            template="accreditation/email/evidence_update",
            context={"event": "statement_signed", "statement": statement, "group": group, "signer": by},
        )
    return statement


def reflection_statement_revoke(
    *, statement: ReflectionStatement, by, reason: str, now=None
) -> ReflectionStatement:
    """Withdraw a signed statement (signed for the wrong person or period, say); the public page then
    says it is revoked and the PDF is no longer given out. Only the begeleider who signed it may.

    Side effects, in order: validate (the signer, a reason, not revoked before), save, audit log,
    e-mail to the person.
    """
    reason = (reason or "").strip()
    if statement.signed_by_id != getattr(by, "pk", None):
        raise AccreditationError(_("Alleen wie de verklaring heeft ondertekend, kan haar intrekken."))
    if not reason:
        raise AccreditationError(_("Schrijf kort waarom je de verklaring intrekt."), field="reason")
    if len(reason) > REVOKE_REASON_MAX_LENGTH:
        raise AccreditationError(
            _("De reden is te lang. Gebruik maximaal %(limit)d tekens.")
            % {"limit": REVOKE_REASON_MAX_LENGTH},
            field="reason",
        )
    with transaction.atomic():
        statement = (
            ReflectionStatement.objects.select_for_update(of=("self",))
            .select_related("user", "group", "signed_by")
            .get(pk=statement.pk)
        )
        if statement.is_revoked:
            raise AccreditationError(_("Deze verklaring is al ingetrokken."))
        statement.revoked_at = now or timezone.now()
        statement.revoked_reason = reason
        statement.save(update_fields=["revoked_at", "revoked_reason"])
        # The reason stays on the statement; the log keeps identifiers only.
        log_action(
            actor=by, action="reflection_statement.revoked", obj=statement, data={"user": statement.user_id}
        )
        email_queue(
            to=statement.user,
            template="accreditation/email/evidence_update",
            context={"event": "statement_revoked", "statement": statement, "group": statement.group},
        )
    return statement


# --- Certificates -----------------------------------------------------------------------------------


@dataclass
class IssueResult:
    issued: list[Certificate] = field(default_factory=list)
    already: list = field(default_factory=list)  # people who already have a valid certificate for it
    too_few: list = field(default_factory=list)  # people who came, but fewer than the minimum


def certificates_issue(
    *,
    group: IntervisionGroup,
    by,
    title: str,
    min_meetings: int,
    series=None,
    period_start: date | None = None,
    period_end: date | None = None,
    now=None,
    users: list | None = None,
) -> IssueResult:
    """Issue certificates of participation for a completed series or period to everyone who was at
    ``min_meetings`` meetings or more (only to ``users``, ids, when given: a student asking for their own).

    Side effects, in order: validate (the series is the group's and completed, or the period has
    ended), lock the group (a double click issues once), save one certificate per person who has no
    valid one for this series or period yet, audit log per certificate, e-mail per person.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    title = (title or "").strip()
    if not title:
        raise AccreditationError(_("Geef het certificaat een titel."), field="title")
    if min_meetings < 1:
        raise AccreditationError(_("Kies 1 of meer bijeenkomsten."), field="min_meetings")
    if series is not None:
        if series.group_id != group.pk:
            raise AccreditationError(_("Deze reeks hoort niet bij deze groep."), field="series")
        meetings = list(series.meetings.exclude(status=MeetingStatus.CANCELLED))
        if not meetings:
            raise AccreditationError(_("Deze reeks heeft nog geen bijeenkomsten."), field="series")
        if any(m.ends_at > now for m in meetings):
            raise AccreditationError(
                _("Deze reeks is nog niet klaar. Je kunt certificaten geven na de laatste bijeenkomst."),
                field="series",
            )
        period_start = min(timezone.localdate(m.starts_at) for m in meetings)
        period_end = max(timezone.localdate(m.starts_at) for m in meetings)
        scope = Scope(group=group, series=series)
    else:
        if period_start is None or period_end is None:
            raise AccreditationError(_("Kies een reeks, of vul een begin- en einddatum in."), field="start")
        validate_period(period_start, period_end, today=today)
        scope = Scope(group=group, start=period_start, end=period_end)

    result = IssueResult()
    with transaction.atomic():
        IntervisionGroup.objects.select_for_update().filter(pk=group.pk).first()
        people = group_hours(scope, evidence_rules())
        existing = Certificate.objects.filter(group=group, revoked_at__isnull=True)
        if series is not None:
            existing = existing.filter(series=series)
        else:
            existing = existing.filter(series__isnull=True, period_start=period_start, period_end=period_end)
        has_one = set(existing.values_list("user_id", flat=True))
        for user_id, row in sorted(people.items(), key=lambda item: str(item[1]["user"]).lower()):
            if row["meetings"] == 0 or (users is not None and user_id not in users):
                continue
            if row["meetings"] < min_meetings:
                result.too_few.append(row["user"])
                continue
            if user_id in has_one:
                result.already.append(row["user"])
                continue
            certificate = Certificate.objects.create(
                user=row["user"],
                group=group,
                series=series,
                title=title,
                period_start=period_start,
                period_end=period_end,
                meetings_attended=row["meetings"],
                hours=row["hours"],
                issued_by=by,
            )
            log_action(
                actor=by,
                action="certificate.issued",
                obj=certificate,
                data={"user": user_id, "group": group.pk, "series": series.pk if series else None},
            )
            email_queue(
                to=row["user"],
                template="accreditation/email/evidence_update",
                context={"event": "certificate_issued", "certificate": certificate, "group": group},
            )
            result.issued.append(certificate)
    return result


def certificate_revoke(*, certificate: Certificate, by, reason: str, now=None) -> Certificate:
    """Withdraw a certificate; the public page then says it is revoked. Side effects: validate
    (a reason, not revoked before), save, audit log, e-mail to the person."""
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationError(_("Schrijf kort waarom je het certificaat intrekt."), field="reason")
    if len(reason) > REVOKE_REASON_MAX_LENGTH:
        raise AccreditationError(
            _("De reden is te lang. Gebruik maximaal %(limit)d tekens.")
            % {"limit": REVOKE_REASON_MAX_LENGTH},
            field="reason",
        )
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("user", "group")
            .get(pk=certificate.pk)
        )
        if certificate.is_revoked:
            raise AccreditationError(_("Dit certificaat is al ingetrokken."))
        certificate.revoked_at = now or timezone.now()
        certificate.revoked_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_reason"])
        # The reason stays on the certificate; the log keeps identifiers only.
        log_action(
            actor=by, action="certificate.revoked", obj=certificate, data={"user": certificate.user_id}
        )
        email_queue(
            to=certificate.user,
            template="accreditation/email/evidence_update",
            context={"event": "certificate_revoked", "certificate": certificate, "group": certificate.group},
        )
    return certificate
