"""The kartrekker's writes on the manage pages: editing the programme, its dates (with the "five meetings"
proposal), its groups' names and begeleiders, and its partners. Keyword-only functions; each validates,
saves, writes the audit log and queues e-mail, in that order and in one transaction; a refusal is a
``ProgrammeError`` with a Dutch message. The programme's and a sign-up's status change only in
``programmes.domain`` (set_programme_status, set_signup_status).

Kept apart from ``domain.py`` (the lead's core), which other parts extend at the same time."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.programmes.domain import ProgrammeError, date_add, groups_sync, partner_invite_url
from intervisie.programmes.enums import ProgrammeStatus
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, ProgrammeGroup, new_token

# --- The programme -----------------------------------------------------------------------------------------


def programme_update(*, programme: Programme, changed: list[str], by) -> Programme:
    """Save the fields ``changed`` of an edited programme (the slug stays, so links already shared with
    partners keep working).

    Side effects, in order:

    1. lock the programme's row (a composition or a status step waits for this edit);
    2. save the changed fields;
    3. a changed group count goes through ``domain.groups_sync``: new groups are added, and removing a
       group that has people is refused (ProgrammeError), which undoes the whole edit;
    4. audit log ``programme.updated`` with the names of the changed fields (and the new kartrekker).
    """
    fields = [name for name in changed if name != "slug"]
    if not fields:
        return programme
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        programme.save(update_fields=[*fields, "updated_at"])
        if "group_count" in fields:
            groups_sync(programme=programme, by=by)
        data = {"fields": sorted(fields)}
        if "kartrekker" in fields:
            data["kartrekker"] = programme.kartrekker_id
        log_action(actor=by, action="programme.updated", obj=programme, data=data)
    return programme


# --- Dates -------------------------------------------------------------------------------------------------


def _refuse_after_publication(programme: Programme) -> None:
    # At publication every group got its own meetings (programmes.composition); a date changed here
    # would no longer match them.
    if programme.published_at is not None:
        raise ProgrammeError(
            _(
                "De groepen zijn al bekendgemaakt en hebben hun eigen agenda. Verzet een bijeenkomst in de "
                "agenda van de groep."
            )
        )


def date_save(*, programme: Programme, date: ProgrammeDate, by) -> ProgrammeDate:
    """Add a date (``domain.date_add``) or save a changed one.

    Side effects, in order: refuse once the groups are published, or when the end is not after the
    start; save; audit log ``programme.date_added`` or ``programme.date_changed`` (the kind)."""
    _refuse_after_publication(programme)
    if date.group_id and date.group.programme_id != programme.pk:
        raise ProgrammeError(_("Kies een groep van dit programma."))
    if date.pk is None:
        with transaction.atomic():
            return date_add(programme=programme, date=date, by=by)
    if date.ends_at <= date.starts_at:
        raise ProgrammeError(_("Het einde ligt na het begin."))
    with transaction.atomic():
        date.save()
        log_action(
            actor=by,
            action="programme.date_changed",
            obj=programme,
            data={"date": date.pk, "kind": date.kind},
        )
    return date


def date_remove(*, date: ProgrammeDate, by) -> None:
    """Remove a date. Side effects: refuse once the groups are published; delete; audit log
    ``programme.date_removed`` (the kind and when it was)."""
    programme = date.programme
    _refuse_after_publication(programme)
    with transaction.atomic():
        data = {"kind": date.kind, "starts_at": date.starts_at.isoformat()}
        date.delete()
        log_action(actor=by, action="programme.date_removed", obj=programme, data=data)


def propose_meetings(
    *, first: dt.date, starts: dt.time, ends: dt.time, weeks_between: int, count: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """``count`` meeting times, ``weeks_between`` weeks apart from ``first`` (seed 003: five meetings of
    about two hours in a school year), in local time. The kartrekker adjusts them before saving."""
    slots = []
    for number in range(count):
        day = first + dt.timedelta(weeks=weeks_between * number)
        slots.append(
            (
                timezone.make_aware(dt.datetime.combine(day, starts)),
                timezone.make_aware(dt.datetime.combine(day, ends)),
            )
        )
    return slots


def meetings_add(
    *,
    programme: Programme,
    slots: list[tuple[dt.datetime, dt.datetime]],
    format: str,
    location: str,
    group: ProgrammeGroup | None,
    by,
) -> list[ProgrammeDate]:
    """Add several meeting dates at once (the "five meetings" proposal): all of them or none."""
    with transaction.atomic():
        return [
            date_save(
                programme=programme,
                date=ProgrammeDate(
                    kind="meeting",
                    starts_at=starts,
                    ends_at=ends,
                    format=format,
                    location=location,
                    group=group,
                ),
                by=by,
            )
            for starts, ends in slots
        ]


# --- Groups ------------------------------------------------------------------------------------------------


def groups_update(*, programme: Programme, rows: list[tuple[ProgrammeGroup, str, object]], by) -> None:
    """Name each group and choose its begeleider (``rows``: group, name, user or None).

    Side effects, in order:

    1. refuse once the groups are published (the intervision groups then have their own begeleider),
       and a group without begeleider once recruitment has started (the recruitment names them);
    2. save what changed;
    3. audit log ``programme.groups_changed`` with the groups and their begeleiders (ids).
    """
    if programme.published_at is not None:
        raise ProgrammeError(
            _("De groepen zijn al bekendgemaakt. Kies een andere begeleider op de pagina van de groep zelf.")
        )
    if programme.status != ProgrammeStatus.DRAFT and any(begeleider is None for _g, _n, begeleider in rows):
        raise ProgrammeError(_("Elke groep heeft een begeleider nodig: de werving is al begonnen."))
    changes = {}
    with transaction.atomic():
        for group, name, begeleider in rows:
            if group.programme_id != programme.pk:
                raise ProgrammeError(_("Kies een groep van dit programma."))
            begeleider_id = begeleider.pk if begeleider is not None else None
            if group.name == name and group.begeleider_id == begeleider_id:
                continue
            group.name, group.begeleider = name, begeleider
            group.save(update_fields=["name", "begeleider"])
            changes[str(group.pk)] = begeleider_id
        if changes:
            log_action(
                actor=by, action="programme.groups_changed", obj=programme, data={"begeleiders": changes}
            )


# --- Partners ----------------------------------------------------------------------------------------------


def _send_invite(partner: Partner) -> None:
    partner.invite_sent_at = timezone.now()
    partner.save(update_fields=["invite_sent_at"])
    email_queue(
        to=partner.contact_email,
        template="programmes/email/partner_invite",
        context={"programme": partner.programme, "partner": partner, "link": partner_invite_url(partner)},
    )


def partner_update(*, partner: Partner, changed: list[str], by) -> Partner:
    """Save the fields ``changed`` of an edited partner.

    Side effects, in order:

    1. a new contact e-mail address gets a new invitation link (the old one no longer opens the partner
       page for anyone; contact persons who already accepted keep their access);
    2. save (a name the programme already has is refused);
    3. audit log ``programme.partner_changed`` (the partner and the changed fields);
    4. e-mail the new contact person the invitation.
    """
    fields = [name for name in changed if name not in {"code", "invite_token", "programme"}]
    if not fields:
        return partner
    new_contact = "contact_email" in fields
    if new_contact:
        partner.invite_token = new_token()
        fields.append("invite_token")
    try:
        with transaction.atomic():
            partner.save(update_fields=fields)
            log_action(
                actor=by,
                action="programme.partner_changed",
                obj=partner.programme,
                data={"partner": partner.pk, "fields": sorted(fields)},
            )
            if new_contact:
                _send_invite(partner)
    except IntegrityError as error:
        raise ProgrammeError(_("Deze partner staat al in het programma.")) from error
    return partner


def partner_invite_resend(*, partner: Partner, by) -> Partner:
    """Send the contact person the invitation to the partner page again (the same link).
    Side effects: note when; audit log ``programme.partner_invited``; e-mail."""
    with transaction.atomic():
        log_action(
            actor=by, action="programme.partner_invited", obj=partner.programme, data={"partner": partner.pk}
        )
        _send_invite(partner)
    return partner


def partner_remove(*, partner: Partner, by) -> None:
    """Take a partner out of the programme.

    Side effects, in order:

    1. lock the partner's row (a sign-up through its link waits for this);
    2. refuse when sign-ups came in through its link: they stay attributed to the partner, whose page
       and report show them;
    3. delete the partner (its contact persons lose the partner page);
    4. audit log ``programme.partner_removed`` with its name.
    """
    programme = partner.programme
    with transaction.atomic():
        locked = Partner.objects.select_for_update().filter(pk=partner.pk).first()
        if locked is None:
            return
        if locked.signups.exists():
            raise ProgrammeError(
                _(
                    "Via %(partner)s kwamen al aanmeldingen binnen. Die blijven bij deze partner horen, dus je "
                    "kunt de partner niet weghalen."
                )
                % {"partner": locked.name}
            )
        name = locked.name
        locked.delete()
        log_action(actor=by, action="programme.partner_removed", obj=programme, data={"name": name})
