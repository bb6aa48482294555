"""Cases (inbreng): create, change, purge after the retention period, and the fair rotation.

Case texts are confidential. Audit entries and e-mails carry ids and the group's name only, never a
title or a text (the audit log is read by platform admins, who may not read cases).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.cases.models import Case
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.groups.enums import MembershipState
from intervisie.groups.selectors import participation, trial_reads_from

TEXT_FIELDS = ("title", "situation", "question")
CHECKLIST_FIELDS = ("own_experience", "still_current", "has_influence", "fits_theme")
EDITABLE_FIELDS = (*TEXT_FIELDS, *CHECKLIST_FIELDS, "meeting", "privacy_acknowledged")


# Who brings cases and is in the rotation: members and people on trial, not yet someone in kennismaking.
BRINGER_STATES = {MembershipState.MEMBER, MembershipState.TRIAL}


def _check_meeting(group, meeting, *, bringer=None) -> None:
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationError({"meeting": _("Kies een bijeenkomst van deze groep.")})
    since = trial_reads_from(participation(bringer, group)) if bringer is not None else None
    if meeting is not None and since is not None and meeting.starts_at < since:
        raise ValidationError({"meeting": _("Kies een bijeenkomst vanaf het begin van je proefperiode.")})


def _brought_on(meeting) -> date:
    return timezone.localdate(meeting.starts_at) if meeting is not None else timezone.localdate()


def case_create(*, group, bringer, fields: dict) -> Case:
    """A participant brings a case.

    Side effects, in one transaction: validate (participant, meeting of this group, lengths), save,
    audit log ``case.create`` (ids only), e-mail the other participants and the begeleider that there
    is a new case (group name and link only).
    """
    membership = participation(bringer, group)
    if membership is None or membership.state not in BRINGER_STATES:
        raise ValidationError(
            _("Alleen leden en mensen in hun proefperiode kunnen een casus inbrengen in deze groep.")
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    meeting = fields.get("meeting")
    _check_meeting(group, meeting, bringer=bringer)
    case = Case(group=group, bringer=bringer, brought_on=_brought_on(meeting), **fields)
    case.full_clean(exclude=["group", "bringer"])
    with transaction.atomic():
        case.save()
        log_action(
            actor=bringer,
            action="case.create",
            obj=case,
            data={"group": group.pk, "meeting": meeting.pk if meeting else None},
        )
        _notify_new_case(case)
    return case


def _notify_new_case(case: Case) -> None:
    """Tell the people who may read the case: members, people on trial when the case is for a meeting
    from their trial's start, and the begeleider. Not someone in kennismaking."""
    group = case.group
    since_meeting = case.meeting.starts_at if case.meeting is not None else None
    recipients = set()
    for membership in group.memberships.filter(state__in=BRINGER_STATES).select_related("user"):
        since = trial_reads_from(membership)
        if since is None or (since_meeting is not None and since_meeting >= since):
            recipients.add(membership.user)
    if group.begeleider_id:
        recipients.add(group.begeleider)
    recipients.discard(case.bringer)
    path = reverse("cases:group_cases", args=[group.slug])
    for user in sorted(recipients, key=lambda u: u.pk):
        # Deliberately no title or text: e-mail leaves our hands and may be read on a shared device.
        email_queue(to=user, template="cases/email/case_new", context={"group": group, "path": path})


def case_update(*, case: Case, by, fields: dict) -> Case:
    """The bringer changes their case while its texts still exist.

    Side effects, in one transaction: validate, save the changed fields, audit log ``case.update``
    with the names of the changed fields (never their values).
    """
    if case.bringer_id != by.pk:
        raise ValidationError(_("Alleen wie de casus inbracht, kan hem wijzigen."))
    if case.is_purged:
        raise ValidationError(_("De tekst van deze casus is al verwijderd na de bewaartermijn."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    _check_meeting(case.group, fields.get("meeting", case.meeting), bringer=by)
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, fields[name])
    if "meeting" in changed:
        case.brought_on = _brought_on(case.meeting)
        changed.append("brought_on")
    case.full_clean(exclude=["group", "bringer"])
    with transaction.atomic():
        if changed:
            case.save(update_fields=[*changed, "updated_at"])
        log_action(actor=by, action="case.update", obj=case, data={"fields": sorted(changed)})
    return case


def cases_purge(*, now=None) -> int:
    """Empty the texts of cases whose meeting ended more than CASE_RETENTION_DAYS days ago (a case
    without a meeting counts from when it was written). Who brought it and when stays, for the
    rotation and the history. Idempotent: a purged case is skipped. Returns how many were purged."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CASE_RETENTION_DAYS)
    due = Case.objects.filter(text_purged_at__isnull=True).filter(
        Q(meeting__isnull=False, meeting__ends_at__lt=cutoff) | Q(meeting__isnull=True, created_at__lt=cutoff)
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            case = Case.objects.select_for_update().filter(pk=pk, text_purged_at__isnull=True).first()
            if case is None:  # purged by a parallel run
                continue
            case.title = case.situation = case.question = ""
            case.text_purged_at = now
            case.save(update_fields=[*TEXT_FIELDS, "text_purged_at", "updated_at"])
            log_action(actor=None, action="case.purge", obj=case, data={"group": case.group_id})
            count += 1
    return count


@dataclass(frozen=True)
class RotationRow:
    user: object
    count: int
    last_brought_on: date | None


def rotation(group) -> list[RotationRow]:
    """The group's members and people on trial in the order they are due to bring a case: first who never brought
    one, then who brought one least recently; ties by name. The first row is the suggestion."""
    memberships = group.memberships.filter(state__in=BRINGER_STATES).select_related("user")
    history = {
        row["bringer"]: row
        for row in Case.objects.filter(group=group)
        .values("bringer")
        .annotate(count=Count("pk"), last=Max("brought_on"))
    }
    rows = []
    for membership in memberships:
        row = history.get(membership.user_id, {})
        rows.append(RotationRow(membership.user, row.get("count", 0), row.get("last")))
    return sorted(
        rows,
        key=lambda r: (
            r.last_brought_on is not None,
            r.last_brought_on or date.min,
            (r.user.name or r.user.email).casefold(),
        ),
    )
