"""Publishing a programme's composed groups: each becomes a real intervision group with its meetings and a
charter for the start meeting (seed 003's agenda); everyone placed is told their group, begeleider and
dates with one calendar file, and joins the group once their account is linked. And the attendance each
participant commits to at the start meeting ("vrijwillig maar niet vrijblijvend").

The composition itself is ``programmes.composition``; publishing takes the same programme row lock.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intervisie import geo
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.common.ics import dated_ics_filename, ics_calendar, ics_entry
from intervisie.groups.domain import group_save
from intervisie.groups.enums import Audience, Format, Frequency
from intervisie.groups.group_forms import time_of_day_for, unique_group_slug
from intervisie.groups.models import IntervisionGroup
from intervisie.meetings.calendar import PRODID as MEETINGS_PRODID
from intervisie.meetings.calendar import meeting_event
from intervisie.meetings.domain import MeetingError, charter_create, meeting_plan
from intervisie.meetings.enums import BelowQuorum, CaseChoice, MeetingStatus
from intervisie.meetings.models import Meeting
from intervisie.programmes.composition import board, lock_programme
from intervisie.programmes.domain import (
    ProgrammeError,
    placed_signup_admit,
    set_programme_status,
    set_signup_status,
    signup_url,
)
from intervisie.programmes.enums import DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Programme, ProgrammeDate, ProgrammeGroup, Signup

# --- Publishing -----------------------------------------------------------------------------------------


CONFIDENTIALITY = (
    "Alles wat besproken wordt in de intervisie blijft binnen de groep. We praten buiten de groep niet over "
    "de situaties en de mensen die ter sprake komen."
)


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y H:i")


def _group_dates(dates: list[ProgrammeDate], group: ProgrammeGroup, kinds) -> list[ProgrammeDate]:
    return sorted(
        (d for d in dates if d.kind in kinds and d.group_id in (None, group.pk)),
        key=lambda d: (d.starts_at, d.pk),
    )


def _location(programme: Programme, date: ProgrammeDate) -> str:
    if date.format == Format.ONLINE:
        return ""
    return (date.location or programme.place or "").strip()


@dataclass
class PublishPlan:
    """What publishing would do, for the confirmation page, and why it cannot yet (``problems``)."""

    programme: Programme
    first: bool  # the first publication: groups, meetings and charters are made
    groups: list[ProgrammeGroup]
    people: list[Signup]  # those told their group now
    linked: int  # of them, with an account (they join the group at once)
    meetings: int  # per group, on the first publication
    past: int  # meeting dates that have passed: left out of the agenda
    problems: list[str]


def publish_plan(programme: Programme, *, now: datetime | None = None) -> PublishPlan:
    """What publishing would do, and what stands in its way, in Dutch. Read only."""
    now = now or timezone.now()
    current = board(programme, now=now)
    dates = list(programme.dates.all())
    first = programme.published_at is None
    people = [s for g in current.groups for s in current.members[g.pk] if s.status == SignupStatus.INVITED]
    problems = []
    if current.reason:
        problems.append(current.reason)
    if not current.placed_any:
        problems.append(_("Er is nog geen indeling. Klik eerst op ‘Indelen’."))
    elif not people:
        problems.append(_("Er is niemand nieuw om bekend te maken: iedereen in de groepen weet het al."))
    if current.unplaced:
        problems.append(
            ngettext(
                "%(count)d uitgenodigde zit nog in geen groep. Deel eerst iedereen in, of zet hem of haar op de "
                "reservelijst.",
                "%(count)d uitgenodigden zitten nog in geen groep. Deel eerst iedereen in, of zet ze op de "
                "reservelijst.",
                len(current.unplaced),
            )
            % {"count": len(current.unplaced)}
        )
    if current.violations:
        problems.append(
            _("De indeling breekt nog een regel. Los die eerst op (zie de meldingen op het bord).")
        )
    meetings = past = 0
    if first:
        for group in current.groups:
            planned = _group_dates(dates, group, {DateKind.START, DateKind.MEETING})
            meetings = max(meetings, sum(1 for d in planned if d.starts_at > now))
            past = max(past, sum(1 for d in planned if d.starts_at <= now))
            for date in planned:
                if date.format != Format.ONLINE and not _location(programme, date):
                    problems.append(
                        _(
                            "De bijeenkomst van %(when)s is op locatie maar heeft geen adres. Vul het adres in."
                        )
                        % {"when": _local(date.starts_at)}
                    )
        if not any(d.kind == DateKind.START for d in dates):
            problems.append(_("Zet eerst de datum van de startbijeenkomst erin."))
    return PublishPlan(
        programme=programme,
        first=first,
        groups=current.groups,
        people=people,
        linked=sum(1 for s in people if s.user_id),
        meetings=meetings,
        past=past,
        problems=list(dict.fromkeys(problems)),
    )


def _meeting_minutes(dates: list[ProgrammeDate]) -> int:
    if not dates:
        return 120
    minutes = int((dates[0].ends_at - dates[0].starts_at).total_seconds() // 60)
    return min(max(minutes, 30), 600)


def place_location(place: str) -> geo.Location | None:
    """Where an address lies, for the directory's map and distance: the whole text, else its parts from
    the end ("Wijkcentrum De Leeuw, Leeuwstraat 4, Utrecht": Utrecht), a postcode or place name each."""
    for part in [place, *reversed(place.split(","))]:
        location = geo.locate(part.strip())
        if location is not None:
            return location
    return None


def _intervision_group(programme: Programme, group: ProgrammeGroup, dates: list[ProgrammeDate], by):
    """The real group: closed, not in the directory, of the initiator, with the group's begeleider and
    the programme's method, format and place (as a guided trajectory's group is made)."""
    planned = _group_dates(dates, group, {DateKind.START, DateKind.MEETING})
    start = next((d for d in planned if d.kind == DateKind.START), planned[0] if planned else None)
    online = programme.format == Format.ONLINE
    location = None if online else place_location(programme.place)
    name = f"{programme.name} – {group.name}"[:120]
    description = programme.description or _(
        "Intervisie buiten je bubbel: professionals, studenten, ouders en jongeren praten samen over het "
        "thema %(theme)s."
    ) % {"theme": programme.theme}
    intervision = IntervisionGroup(
        name=name,
        slug=unique_group_slug(name),
        organisation=programme.initiator,
        description=description[:3000],
        audience=Audience.MIXED_PUBLIC,
        format=programme.format,
        place="" if online else programme.place[:80],
        municipality=location.label[:80] if location else "",
        province=location.province if location else "",
        latitude=location.latitude if location else None,
        longitude=location.longitude if location else None,
        has_begeleider=True,
        begeleider=group.begeleider,
        min_members=min(max(programme.group_size_min, 2), programme.group_size_max),
        max_members=max(programme.group_size_max, 2),
        is_closed=True,
        has_waitlist=False,
        is_published=False,
        frequency=Frequency.FIVE_PER_SCHOOL_YEAR,
        time_of_day=time_of_day_for(timezone.localtime(start.starts_at).time()) if start else "evening",
        start_time=timezone.localtime(start.starts_at).time().replace(second=0, microsecond=0)
        if start
        else None,
        start_date=timezone.localtime(start.starts_at).date() if start else None,
        meeting_minutes=_meeting_minutes(planned),
        contact_name=programme.contact_name,
        contact_email=programme.contact_email,
        contact_phone=programme.contact_phone,
    )
    intervision = group_save(group=intervision, by=by, created=True)
    if programme.method_id:
        intervision.methods.set([programme.method_id])
    return intervision


def _meetings_plan(
    programme: Programme, group: ProgrammeGroup, intervision, dates, by, now
) -> tuple[list, int]:
    """The start meeting and the meetings, with the programme's method preselected; no e-mail (the
    publication's own e-mail carries the dates). A date that has passed is left out (and counted)."""
    planned = _group_dates(dates, group, {DateKind.START, DateKind.MEETING})
    count = sum(1 for d in planned if d.kind == DateKind.MEETING)
    meetings, skipped, number = [], 0, 0
    for date in planned:
        if date.kind == DateKind.MEETING:
            number += 1
        if date.starts_at <= now:
            skipped += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            title = (
                _("Startbijeenkomst")
                if date.kind == DateKind.START
                else _("Bijeenkomst %(number)s van %(count)s") % {"number": number, "count": count}
            )
        try:
            meeting = meeting_plan(
                group=intervision,
                by=by,
                notify=False,
                title=title,
                starts_at=date.starts_at,
                ends_at=date.ends_at,
                format=date.format,
                location=_location(programme, date),
                method=programme.method,
                is_start_meeting=date.kind == DateKind.START,
            )
        except (MeetingError, ValidationError):
            skipped += 1  # publish_plan refused the ones we can foresee; the begeleider plans the rest
            continue
        meetings.append(meeting)
    return meetings, skipped


def _gap_weeks(meetings: list) -> int:
    gaps = [(b.starts_at - a.starts_at).days for a, b in pairwise(meetings)]
    return min(max(8, math.ceil(max(gaps, default=0) / 7) + 1), 26)


def charter_preset(programme: Programme, intervision, meetings: list, by):
    """Version 1 of the group's agreements, ready for the start meeting to go through and agree to (seed
    003's agenda): the expectations round, what is said stays in the group, how a case is chosen, the
    ten-step method with its creative variations, the dates and place, the minimum attendance, and an
    app group with how it is used. Made before anyone joins, so nobody gets the "new agreements"
    e-mail: the publication's e-mail says so."""
    with translation.override(settings.LANGUAGE_CODE):
        expectations = _(
            "Startbijeenkomst: vertel ieder wat je ideeën, verwachtingen en wensen zijn voor Intervisie buiten "
            "je bubbel. Schrijf hier kort op wat jullie hebben gedeeld.\n"
            "Methode: we werken met de tienstappenmethode van Intervisie buiten je bubbel. In plaats van stap 5 "
            "tot en met 7 kan de groep een creatieve variatie kiezen: ieder beschrijft de beelden, geluiden of "
            "kleuren die de inbreng oproept; ieder of samen een tekening van die beelden; of een tekening van "
            "de inbrenger in zijn omgeving met de samenwerkingsrelaties."
        )
        lines = [
            f"{m.title}: {_local(m.starts_at)}" + (f", {m.location}" if m.location else ", online")
            for m in meetings
        ]
        schedule = (
            _("Onze bijeenkomsten in het schooljaar %(year)s:") % {"year": programme.school_year}
            + "\n"
            + "\n".join(lines)
        )[:2000]
        channel = _("Appgroep")
        channel_use = _(
            "Zodat iedereen elkaars contactgegevens heeft. Alleen voor praktische zaken, zoals afmelden of "
            "een vraag over de planning. Geen casussen en geen namen van kinderen, ouders of collega's."
        )
    size = programme.target_size or programme.group_size_max
    minimum = min(max(size // 2 + 1, 2), intervision.max_members)
    return charter_create(
        group=intervision,
        by=by,
        methods=[programme.method] if programme.method_id else [],
        expectations=expectations,
        confidentiality=CONFIDENTIALITY,
        case_choice=CaseChoice.DURING,
        min_attendance=minimum,
        below_quorum=BelowQuorum.RESCHEDULE,
        schedule=schedule,
        channel=channel,
        channel_use=channel_use,
        max_gap_weeks=_gap_weeks(meetings),
    )


def _final_entries(programme: Programme, group: ProgrammeGroup, dates: list, now) -> list:
    entries = []
    for date in _group_dates(dates, group, {DateKind.FINAL}):
        if date.starts_at > now:
            entries.append(
                ics_entry(
                    uid=f"programme-date-{date.pk}",
                    sequence=0,
                    starts_at=date.starts_at,
                    ends_at=date.ends_at,
                    summary=f"{date.get_kind_display()} – {programme.name}",
                    cancelled=False,
                    now=now,
                    location=_location(programme, date),
                )
            )
    return entries


def calendar_attachment(
    programme: Programme, group: ProgrammeGroup, meetings: list, dates: list, now
) -> list:
    """One calendar file with all the group's dates (the meetings' own UIDs, so a later change of a
    meeting updates the entry people already have; and the final evaluation)."""
    entries = [meeting_event(m, now=now) for m in meetings] + _final_entries(programme, group, dates, now)
    if not entries:
        return []
    first = meetings[0].starts_at if meetings else now
    return [
        {
            "name": dated_ics_filename("buiten-je-bubbel", starts_at=first, pk=group.pk),
            "mimetype": "text/calendar",
            "content": ics_calendar(prodid=MEETINGS_PRODID, entries=entries).decode(),
        }
    ]


def composition_publish(*, programme: Programme, by, now: datetime | None = None) -> dict:
    """Make the groups known. The first time: every programme group becomes a real intervision group
    with its meetings and agreements, and the programme starts running; later (a late change before the
    start meeting) only the newly placed people are told and join.

    Side effects, in order, in one transaction:

    1. lock the programme; refuse (Dutch) when ``publish_plan`` names a problem (nothing new to tell:
       a second click; not composing; a broken rule; someone unplaced);
    2. first time, per group: the closed, unlisted ``IntervisionGroup`` of the initiator with the group's
       begeleider and the programme's method (``groups.group_save``); the start meeting and the meetings
       with the method preselected, without e-mail (``meetings.meeting_plan``); version 1 of the charter
       with seed 003's agenda (``charter_preset``); the group saved on the programme group;
    3. each newly placed person: status placed without the standard e-mail (``set_signup_status``);
       with a linked account, membership of the group (``domain.placed_signup_admit``: race-safe, and
       the groups app's own membership e-mail);
    4. e-mail each newly placed person once: their group, begeleider and dates, with one calendar file;
       e-mail each begeleider whose group got people their group list, with the same calendar file;
    5. first time: ``published_at`` and the status running (``domain.set_programme_status``);
    6. audit log ``programme.published`` with the counts.

    Returns the counts (groups, people told, memberships, meetings, dates left out).
    """
    now = now or timezone.now()
    with transaction.atomic():
        programme = lock_programme(programme.pk)
        plan = publish_plan(programme, now=now)
        if plan.problems:
            raise ProgrammeError(" ".join(plan.problems))
        dates = list(programme.dates.all())
        groups = list(
            ProgrammeGroup.objects.filter(programme=programme).select_related("begeleider", "group")
        )
        new_people: dict[int, list[Signup]] = {g.pk: [] for g in groups}
        for person in plan.people:
            new_people[person.group_id].append(person)
        meetings_of: dict[int, list] = {}
        counts = {"groups": 0, "people": 0, "memberships": 0, "meetings": 0, "skipped_dates": 0}
        for group in groups:
            if plan.first:
                intervision = _intervision_group(programme, group, dates, by)
                meetings, skipped = _meetings_plan(programme, group, intervision, dates, by, now)
                charter_preset(programme, intervision, meetings, by)
                group.group = intervision
                group.save(update_fields=["group"])
                counts["groups"] += 1
                counts["meetings"] += len(meetings)
                counts["skipped_dates"] += skipped
            elif group.group_id is None:
                continue
            else:
                meetings = list(
                    Meeting.objects.filter(
                        group_id=group.group_id, status=MeetingStatus.PLANNED, starts_at__gt=now
                    )
                    .select_related("group", "method")
                    .order_by("starts_at")
                )
            meetings_of[group.pk] = meetings
            placed_now = []
            for person in new_people[group.pk]:
                placed = set_signup_status(signup=person, status=SignupStatus.PLACED, by=by, send_email=False)
                # Their one e-mail comes below, with the group, the dates and the calendar file.
                if placed_signup_admit(signup=placed, by=by, notify=False) is not None:
                    counts["memberships"] += 1
                placed_now.append(placed)
            new_people[group.pk] = placed_now
        for group in groups:
            people = new_people[group.pk]
            if not people or group.pk not in meetings_of:
                continue
            meetings = meetings_of[group.pk]
            attachments = calendar_attachment(programme, group, meetings, dates, now)
            for person in people:
                email_queue(
                    to=person.email,
                    template="programmes/composition/email/placed",
                    context={
                        "programme": programme,
                        "signup": person,
                        "group": group,
                        "meetings": meetings,
                        "link": signup_url(person),
                        "commitment_link": settings.SITE_URL
                        + reverse("programmes:commitment", args=[programme.slug]),
                    },
                    attachments=attachments,
                )
                counts["people"] += 1
            if group.begeleider_id:
                everyone = list(
                    Signup.objects.filter(group=group, status=SignupStatus.PLACED)
                    .select_related("organisation")
                    .order_by("name", "pk")
                )
                email_queue(
                    to=group.begeleider,
                    template="programmes/composition/email/begeleider_group",
                    context={
                        "programme": programme,
                        "group": group,
                        "people": everyone,
                        "new_people": people,
                        "first": plan.first,
                        "meetings": meetings,
                        "board_link": settings.SITE_URL
                        + reverse("programmes:composition", args=[programme.slug]),
                    },
                    attachments=attachments,
                )
        if plan.first:
            programme.published_at = now
            programme.save(update_fields=["published_at", "updated_at"])
            set_programme_status(programme=programme, status=ProgrammeStatus.RUNNING, by=by)
        log_action(actor=by, action="programme.published", obj=programme, data=dict(counts, first=plan.first))
    return counts


# --- The attendance commitment (start meeting) ---------------------------------------------------------


def commitment_range(signup: Signup) -> tuple[int, int]:
    """How many meetings a participant may commit to: from the programme's minimum to the meetings of
    their group (the start meeting not counted). One query."""
    programme = signup.programme
    count = (
        ProgrammeDate.objects.filter(programme_id=programme.pk, kind=DateKind.MEETING)
        .filter(Q(group__isnull=True) | Q(group_id=signup.group_id))
        .count()
    ) or programme.min_attendance_commitment
    low = min(programme.min_attendance_commitment, count)
    return low, count


@transaction.atomic
def attendance_commitment_set(*, signup: Signup, count: int, by) -> Signup:
    """The participant confirms how many meetings they commit to ("vrijwillig maar niet vrijblijvend").

    Side effects, in order: lock the sign-up; validate (placed in a running programme; at least the
    programme's minimum, at most their group's meetings; Dutch message); save; audit log
    ``programme.attendance_committed`` (the number, no name)."""
    signup = Signup.objects.select_for_update().select_related("programme").get(pk=signup.pk)
    if signup.status != SignupStatus.PLACED or signup.programme.status != ProgrammeStatus.RUNNING:
        raise ProgrammeError(_("Je kunt dit doen zodra je in een groep bent ingedeeld."))
    low, high = commitment_range(signup)
    if not low <= count <= high:
        raise ProgrammeError(
            _("Kies een aantal van %(low)d tot en met %(high)d bijeenkomsten.") % {"low": low, "high": high}
        )
    signup.attendance_commitment = count
    signup.save(update_fields=["attendance_commitment"])
    log_action(
        actor=by,
        action="programme.attendance_committed",
        obj=signup.programme,
        data={"signup": signup.pk, "count": count},
    )
    return signup
