"""Invented meeting history for seven demo groups, and the evidence built on it.

Per group: the agreements (groepsafspraken, some groups with a second version), a finished first
series of meetings over the last fourteen months (a start meeting, then every six weeks), a second
series that runs on (one meeting cancelled, four still to come), a 50-minute online meeting in some
groups (too short to count for a register), RSVPs, and attendance registered by the begeleider (or,
without a begeleider account, by a member who plans) with a few late arrivals and early departures,
most of it confirmed by the members. On top of it: registration periods for the demo
gezinshuisouder and the demo jeugdzorgwerker, certificates of participation (one revoked), and a
reflectieverklaring signed by the demo begeleider.

Dates are relative to the day of the first load, so the history always lies in the last fourteen
months and the next meetings in the coming weeks. Idempotent: a group's history is written once, in
its own savepoint, and skipped when the group already has the series ``FIRST_SERIES`` (the marker);
registration periods are keyed on person and register. A second run, on any day, adds nothing.

The domain refuses to plan a meeting or take an RSVP in the past, so past meetings (and the answers
given before them) are written with the ORM. Everything the domain allows afterwards (charters,
attendance, sign-off, coming meetings, certificates, the reflectieverklaring) goes through the
domain functions, with their audit log; their e-mails wait in the outbox like all demo e-mails.
Meeting e-mails for the coming meetings are not sent (``notify=False``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intervisie.accreditation import domain as accreditation
from intervisie.accreditation.domain import AccreditationError
from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement, Register
from intervisie.groups.domain import membership_set_planner
from intervisie.groups.enums import PARTICIPANT_STATES, Format, MembershipState
from intervisie.groups.models import Membership
from intervisie.meetings import domain
from intervisie.meetings.attendance import (
    AttendanceEntry,
    AttendanceError,
    attendance_confirm,
    attendance_register,
)
from intervisie.meetings.domain import MeetingError, video_room_new
from intervisie.meetings.enums import BelowQuorum, CaseChoice, MeetingStatus, RsvpAnswer
from intervisie.meetings.models import (
    Attendance,
    Charter,
    CharterAgreement,
    Meeting,
    MeetingSeries,
    Rsvp,
)

SEED = 20261124
FIRST_SERIES = "Reeks 1: startjaar"  # the marker: a group with this series has its history
SECOND_SERIES = "Reeks 2: verdieping"
# Weeks before the first coming meeting. The first series: a start meeting, then every six weeks.
FIRST_SERIES_WEEKS = (60, 54, 48, 42, 36, 30, 24)
SECOND_SERIES_PAST_WEEKS = (18, 12, 6)
CANCELLED_WEEKS = 18
SHORT_WEEKS = 45  # the 50-minute online meeting, between two meetings of the first series
SHORT_MINUTES = 50
COMING_MEETINGS = 4
EVERY_WEEKS = 6

# Since when a member takes part: from the start meeting, from the second series, or only since
# the last meeting (a newcomer in kennismaking or proefperiode).
START, SECOND, RECENT = "start", "second", "recent"

SKJ = "skj-jeugd-en-gezinsprofessional"
SKJ_JZW = "skj-jeugdzorgwerker"
REGISTERPLEIN = "registerplein-gezinshuisouders"

ABSENT_REASONS = [
    "Een van de kinderen is ziek.",
    "Ik heb een crisisgesprek op het werk.",
    "We hebben een afspraak met de voogd van een van de kinderen.",
    "Ik ben die week op vakantie.",
    "Ik ben zelf ziek.",
    "Er is een schoolavond van een van de kinderen.",
    "Geen oppas gevonden.",
]

QUORUM_REASON = (
    "Te weinig aanmeldingen: deze keer konden bijna alle leden niet. Zoals afgesproken gaat de "
    "bijeenkomst niet door. We zien elkaar weer over zes weken."
)
ILL_REASON = "De begeleider is ziek en er was zo snel geen vervanging. We zien elkaar weer over zes weken."


@dataclass(frozen=True)
class GroupHistory:
    slug: str
    members: tuple[tuple[str, str], ...]  # (user key, since)
    location: str
    charter: dict
    charter_v2: dict | None = None  # the fields that change in version 2
    planner: str = ""  # a member who plans; registers attendance when the group has no begeleider account
    short_meeting: bool = False
    # The next meeting is in two days, the RSVP deadline has passed and too few people come:
    # the group's meetings page shows the quorum warning.
    quorum_soon: bool = False
    # The next meeting is over a week away and so far too few people say they come: the begeleider's
    # home page warns (the deadline has not passed, so nothing is cancelled).
    few_coming: bool = False
    # A meeting last week whose attendance the begeleider has not filled in yet (the home page asks).
    unregistered_recent: bool = False
    certificates: bool = False


EXPECTATIONS = (
    "In de startronde vertelde iedereen wat hij of zij hoopt: van elkaar leren hoe je rustig blijft als "
    "het thuis onrustig is, eerlijke vragen krijgen in plaats van snelle adviezen, en een vaste groep "
    "waar je ook twijfels kwijt kunt. We willen om de beurt inbrengen en elkaar aanspreken als iemand "
    "vaak afzegt."
)


def _charter(schedule: str, channel: str, channel_use: str, **fields) -> dict:
    return {
        "expectations": EXPECTATIONS,
        "case_choice": CaseChoice.BEFOREHAND,
        "min_attendance": 3,
        "below_quorum": BelowQuorum.CANCEL,
        "schedule": schedule,
        "channel": channel,
        "channel_use": channel_use,
        "max_gap_weeks": 8,
        **fields,
    }


APP_RULES = (
    "Alleen voor praktische dingen: afmelden, wie de inbreng heeft, wie er koffie meeneemt. "
    "We zetten geen namen of verhalen van kinderen in de app."
)
HISTORIES = [
    GroupHistory(
        slug="leerkring-gezinshuisouders-amersfoort",
        members=(
            ("gezinshuisouder", START),
            ("annemiek.de.boer", START),
            ("gert-jan.hofman", START),
            ("priya.ramdin", SECOND),
            ("sanne.mulder", RECENT),
            ("kees.van.leeuwen", RECENT),
        ),
        location="Wijkcentrum De Kersenboom, Kersenlaan 14, Amersfoort",
        charter=_charter(
            "Elke zes weken op dinsdag van 19.30 tot 21.30 uur in Wijkcentrum De Kersenboom in Amersfoort.",
            "Signal-groep 'Leerkring Amersfoort'",
            APP_RULES,
            min_attendance=4,
        ),
        charter_v2={
            "case_choice": CaseChoice.DURING,
            "below_quorum": BelowQuorum.RESCHEDULE,
            "channel_use": APP_RULES + " Afmelden doe je ook in Intervisiewijzer, dan ziet de begeleider "
            "op tijd of de bijeenkomst doorgaat.",
        },
        short_meeting=True,
        unregistered_recent=True,
        certificates=True,
    ),
    GroupHistory(
        slug="intervisiegroep-gezinshuisouders-zwolle",
        members=(
            ("lieke.timmermans", START),
            ("hanna.kroes", START),
            ("dirk.wolters", START),
            ("esra.demir", SECOND),
        ),
        location="Nestwerk regiokantoor, Vechtstraat 3, Zwolle",
        charter=_charter(
            "Elke zes weken op woensdagochtend van 9.00 tot 11.00 uur. Je komt naar het regiokantoor in "
            "Zwolle of doet online mee via de link bij de bijeenkomst.",
            "WhatsApp-groep 'Intervisie Zwolle'",
            APP_RULES,
            case_choice=CaseChoice.DURING,
        ),
        charter_v2={"case_choice": CaseChoice.BEFOREHAND, "max_gap_weeks": 7},
    ),
    GroupHistory(
        slug="integrale-intervisie-apeldoorn",
        members=(
            ("jeugdzorgwerker", START),
            ("ilona.groen", START),
            ("martijn.lammers", START),
            ("samira.ouali", SECOND),
        ),
        location="Ontmoetingscentrum Het Anker, Beekstraat 21, Apeldoorn",
        charter=_charter(
            "Elke zes weken op maandag van 20.00 tot 22.00 uur in Het Anker in Apeldoorn.",
            "Signal-groep 'Integrale intervisie Apeldoorn'",
            APP_RULES,
        ),
        short_meeting=True,
        certificates=True,
    ),
    GroupHistory(
        slug="online-intervisie-gezinshuisouders-avondgroep",
        members=(
            ("tessa.van.rijn", START),
            ("bram.nijhuis", START),
            ("yvette.pronk", START),
            ("jeugdzorgwerker", RECENT),
        ),
        location="",
        charter=_charter(
            "Elke zes weken op donderdagavond van 20.00 tot 22.00 uur, online. De link staat bij de "
            "bijeenkomst. Zet je camera aan en zoek een plek waar niemand meeluistert.",
            "E-mail via de begeleider",
            "De begeleider stuurt een week van tevoren een herinnering. Reageren hoeft alleen als je niet kunt.",
            below_quorum=BelowQuorum.CONTINUE,
        ),
        short_meeting=True,
        few_coming=True,
    ),
    GroupHistory(
        slug="intervisie-voor-leidinggevenden-soest",
        members=(("carla.wijnands", START), ("frank.hazelaar", START), ("monique.tromp", SECOND)),
        location="Praktijk Veldkamp, Eikenlaan 5, Soest",
        charter=_charter(
            "Elke zes weken op dinsdag van 16.00 tot 19.00 uur bij Praktijk Veldkamp in Soest, met soep "
            "en brood.",
            "E-mail",
            "Alleen voor afmelden en het rooster. Inhoud bespreken we alleen in de groep.",
            case_choice=CaseChoice.DURING,
            below_quorum=BelowQuorum.RESCHEDULE,
        ),
    ),
    GroupHistory(
        slug="gho-intervisie-drachten",
        members=(("jelle.hoekstra", START), ("sietske.bouma", START), ("wietse.zijlstra", SECOND)),
        location="Dorpshuis De Mieden, Middelweg 10, Drachten",
        charter=_charter(
            "Elke zes weken op donderdag van 19.00 tot 21.00 uur in Dorpshuis De Mieden in Drachten.",
            "WhatsApp-groep 'GHO Drachten'",
            APP_RULES,
        ),
        planner="jelle.hoekstra",
    ),
    GroupHistory(
        slug="integrale-intervisie-online-zuid",
        members=(("maartje.verschuren", START), ("ruben.claes", START), ("ellen.maas", START)),
        location="",
        charter=_charter(
            "Elke zes weken op woensdagavond van 20.00 tot 22.00 uur, online.",
            "Signal-groep 'Intervisie Zuid'",
            APP_RULES,
            # Below the minimum the group looks for another date: the planners get the warning (a
            # charter that says "cancel" would have the scheduler cancel the meeting at the deadline).
            below_quorum=BelowQuorum.RESCHEDULE,
        ),
        planner="maartje.verschuren",
        quorum_soon=True,
    ),
]

# Fixed attendance of people whose figures the demo shows (weeks before the first coming meeting ->
# what happened); everyone else gets a seeded random pattern. ("late", 30): arrived 30 minutes late.
PATTERNS = {
    # The demo gezinshuisouder: 8 of 9 meetings, 15 hours for SKJ, behind schedule.
    "gezinshuisouder": {54: ("late", 30), 42: ("absent", 0), 30: ("early", 30)},
    # The demo jeugdzorgwerker: on schedule for the SKJ jeugdzorgwerker register.
    "jeugdzorgwerker": {48: ("late", 15)},
    # Her attendance is corrected after the certificate was issued (see _certificates).
    "annemiek.de.boer": {},
}
CORRECTED = ("annemiek.de.boer", 36)


@dataclass
class Context:
    group: object
    history: GroupHistory
    rng: random.Random
    by: object  # who plans and registers attendance
    people: dict  # user key -> user, only current participants
    now: datetime


def _first_coming(today: date, weekday: int | None, *, soon: bool) -> date:
    """The date of the next meeting: on the group's weekday, five to eleven days from today (so
    people can still say they come), or in two days for the quorum example."""
    if soon:
        return today + timedelta(days=2)
    day = today + timedelta(days=5)
    while day.isoweekday() != (weekday or 2):
        day += timedelta(days=1)
    return day


def _at(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _since_ok(since: str, weeks: int) -> bool:
    """Whether someone who takes part ``since`` was in the group ``weeks`` before the next meeting."""
    if since == START:
        return True
    if since == SECOND:
        return weeks <= CANCELLED_WEEKS
    return weeks == min(SECOND_SERIES_PAST_WEEKS)


def meetings_demo_load(
    *, users: dict, groups: dict, log=lambda message: None, today: date | None = None
) -> dict:
    """Write the meeting history and evidence that is not there yet. Returns counts of demo rows."""
    today = today or timezone.localdate()
    for history in HISTORIES:
        group = groups.get(history.slug)
        if group is None:
            log(f"  overgeslagen: bijeenkomsten van {history.slug}: die groep bestaat niet")
            continue
        if MeetingSeries.objects.filter(group=group, name=FIRST_SERIES).exists():
            continue  # written in an earlier run
        _group_history(history=history, group=group, users=users, today=today, log=log)
    _enrolments(users=users, today=today, log=log)
    return _counts(groups)


def _counts(groups: dict) -> dict:
    demo_groups = [g.pk for g in groups.values()]
    return {
        "meetings": Meeting.objects.filter(group__in=demo_groups).count(),
        "attendances": Attendance.objects.filter(meeting__group__in=demo_groups).count(),
        "certificates": Certificate.objects.filter(group__in=demo_groups).count(),
    }


def _group_history(*, history: GroupHistory, group, users: dict, today: date, log) -> None:
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(group=group, state__in=PARTICIPANT_STATES).select_related("user")
    }
    people = {key: users[key] for key, _since in history.members if users[key].pk in memberships}
    if not people:
        log(f"  overgeslagen: bijeenkomsten van {group.name}: geen deelnemers")
        return
    planner = users[history.planner] if history.planner else None
    if planner is not None and planner.pk in memberships:
        manager = group.organisation.managers.first() or users.get("beheerder") or planner
        membership_set_planner(membership=memberships[planner.pk], is_planner=True, by=manager)
    by = group.begeleider or planner
    if by is None:
        log(f"  overgeslagen: bijeenkomsten van {group.name}: niemand die plant")
        return
    ctx = Context(
        group=group,
        history=history,
        rng=random.Random(f"{SEED}:{group.slug}"),
        by=by,
        people=people,
        now=timezone.now(),
    )
    try:
        with transaction.atomic():  # a savepoint: all of the group's history, or none of it
            _build(ctx, _first_coming(today, group.weekday, soon=history.quorum_soon))
    except (MeetingError, AttendanceError, AccreditationError, ValidationError) as exc:
        log(f"  overgeslagen: bijeenkomsten van {group.name}: {exc}")
        return
    log(f"  bijeenkomsten {group.name}")


def _build(ctx: Context, first: date) -> None:
    group, history = ctx.group, ctx.history
    minutes = group.meeting_minutes if 60 <= group.meeting_minutes <= 180 else 120
    start_time = group.start_time or time(19, 30)
    methods = list(group.methods.order_by("name"))
    series_one = MeetingSeries.objects.create(group=group, name=FIRST_SERIES, created_by=ctx.by)
    series_two = MeetingSeries.objects.create(group=group, name=SECOND_SERIES, created_by=ctx.by)

    def day(weeks: int) -> date:
        return first - timedelta(weeks=weeks)

    _membership_dates(ctx, day)
    charter_one = _charter_version(ctx, history.charter, methods, agreed_on=day(FIRST_SERIES_WEEKS[0]))
    _backdate(series_one, created_at=_at(day(FIRST_SERIES_WEEKS[0]) - timedelta(days=21), time(10)))

    held = []
    for number, weeks in enumerate(FIRST_SERIES_WEEKS, start=1):
        meeting = _past_meeting(
            ctx,
            series=series_one,
            title="Startbijeenkomst: kennismaken en afspraken maken"
            if number == 1
            else f"Bijeenkomst {number}",
            starts_at=_at(day(weeks), start_time),
            minutes=minutes,
            method=methods[number % len(methods)] if methods else None,
            is_start_meeting=number == 1,
        )
        held.append((weeks, meeting))
    if history.short_meeting:
        short = _past_meeting(
            ctx,
            series=None,
            title="Korte tussenronde online",
            starts_at=_at(day(SHORT_WEEKS), start_time),
            minutes=SHORT_MINUTES,
            method=None,
            format=Format.ONLINE,
        )
        held.append((SHORT_WEEKS, short))

    _backdate(series_two, created_at=_at(day(CANCELLED_WEEKS) - timedelta(days=28), time(10)))
    for number, weeks in enumerate(SECOND_SERIES_PAST_WEEKS, start=1):
        meeting = _past_meeting(
            ctx,
            series=series_two,
            # Numbered on from the first series, so the group's list reads in order.
            title=f"Bijeenkomst {len(FIRST_SERIES_WEEKS) + number}",
            starts_at=_at(day(weeks), start_time),
            minutes=minutes,
            method=methods[number % len(methods)] if methods else None,
        )
        if weeks == CANCELLED_WEEKS:
            _cancel_past(ctx, meeting)
        else:
            held.append((weeks, meeting))

    for weeks, meeting in sorted(held, key=lambda item: -item[0]):
        _attendance(ctx, meeting, weeks)
    if history.unregistered_recent:
        _past_meeting(
            ctx,
            series=None,
            title="Extra bijeenkomst: terugkomavond",
            starts_at=_at(timezone.localdate(ctx.now) - timedelta(days=5), start_time),
            minutes=minutes,
            method=None,
        )

    if history.charter_v2:
        fields = {**history.charter, **history.charter_v2}
        _charter_version(
            ctx,
            fields,
            methods,
            agreed_on=day(CANCELLED_WEEKS),
            skip_one=True,
            recent_on=day(min(SECOND_SERIES_PAST_WEEKS)),
        )
    else:
        # Members who joined later agreed to the only version when they came.
        _agree_later(ctx, charter_one, agreed_on=day(CANCELLED_WEEKS))

    for number in range(COMING_MEETINGS):
        _coming_meeting(
            ctx,
            series=series_two,
            number=len(FIRST_SERIES_WEEKS) + len(SECOND_SERIES_PAST_WEEKS) + number + 1,
            starts_at=_at(first + timedelta(weeks=EVERY_WEEKS * number), start_time),
            minutes=minutes,
            method=methods[number % len(methods)] if methods else None,
            index=number,
        )

    if history.certificates:
        _certificates(ctx, series_one, dict(held))


def _membership_dates(ctx: Context, day) -> None:
    """When each person began taking part, as the story tells it (the memberships were made through
    the domain today): the steady members a month before the start meeting, those of the second series
    two weeks before it, newcomers ten days before the last meeting (a trial began five days later).
    Someone who left the group before its history began keeps a window that ended then. Attendance is
    registered afterwards and lists only who took part on each meeting's date."""
    began = {
        START: day(FIRST_SERIES_WEEKS[0]) - timedelta(days=28),
        SECOND: day(CANCELLED_WEEKS) - timedelta(days=14),
        RECENT: day(min(SECOND_SERIES_PAST_WEEKS)) - timedelta(days=10),
    }
    for key, since in ctx.history.members:
        user = ctx.people.get(key)
        if user is None:
            continue
        started = _at(began[since], time(10))
        memberships = Membership.objects.filter(user=user, group=ctx.group, state__in=PARTICIPANT_STATES)
        memberships.update(created_at=started - timedelta(days=7), started_at=started)
        memberships.filter(trial_started_at__isnull=False).update(
            trial_started_at=started + timedelta(days=5 if since == RECENT else 21)
        )
    left_before = _at(day(FIRST_SERIES_WEEKS[0]) - timedelta(days=30), time(10))
    Membership.objects.filter(group=ctx.group, state=MembershipState.LEFT).update(
        created_at=left_before - timedelta(days=200),
        started_at=left_before - timedelta(days=190),
        ended_at=left_before,
    )


# --- Charter ----------------------------------------------------------------------------------------


def _charter_version(
    ctx: Context,
    fields: dict,
    methods: list,
    *,
    agreed_on: date,
    skip_one: bool = False,
    recent_on: date | None = None,
):
    """A charter version and who agreed to it. The first version: the members of the start meeting
    (who came later agree in ``_agree_later``). A new version: everyone but the newest member, who
    has not read it yet (``skip_one``); newcomers agreed when they came (``recent_on``)."""
    charter = domain.charter_create(group=ctx.group, by=ctx.by, methods=methods, **fields)
    _backdate(charter, created_at=_at(agreed_on, time(21, 0)))
    keys = [key for key, _since in ctx.history.members if key in ctx.people]
    if skip_one:
        agreeing = keys[:-1]
    else:
        agreeing = [key for key, since in ctx.history.members if key in ctx.people and since == START]
    since = dict(ctx.history.members)
    for offset, key in enumerate(agreeing):
        domain.charter_agree(charter=charter, user=ctx.people[key])
        on = recent_on if since[key] == RECENT and recent_on else agreed_on + timedelta(days=offset % 3)
        CharterAgreement.objects.filter(charter=charter, user=ctx.people[key]).update(
            agreed_at=_at(on, time(21, 30))
        )
    return Charter.objects.get(pk=charter.pk)


def _agree_later(ctx: Context, charter, *, agreed_on: date) -> None:
    for key, since in ctx.history.members:
        if since == SECOND and key in ctx.people:
            domain.charter_agree(charter=charter, user=ctx.people[key])
            CharterAgreement.objects.filter(charter=charter, user=ctx.people[key]).update(
                agreed_at=_at(agreed_on, time(21, 30))
            )


# --- Meetings ---------------------------------------------------------------------------------------


def _backdate(obj, **fields) -> None:
    """Set times that the model fills in itself (auto_now_add) to when it happened in the story."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def _past_meeting(
    ctx: Context, *, series, title, starts_at, minutes, method, is_start_meeting=False, format=None
):
    """A meeting in the past, written directly: the domain only plans meetings in the future."""
    format = format or ctx.group.format
    meeting = Meeting.objects.create(
        group=ctx.group,
        series=series,
        title=title,
        is_start_meeting=is_start_meeting,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        format=format,
        location="" if format == Format.ONLINE else ctx.history.location,
        video_room=video_room_new() if format != Format.IN_PERSON else "",
        method=method,
        created_by=ctx.by,
    )
    _backdate(meeting, created_at=starts_at - timedelta(days=42))
    return meeting


def _cancel_past(ctx: Context, meeting) -> None:
    """The meeting that was cancelled, with the answers people gave before. A group whose charter
    says a meeting below the minimum does not go ahead cancelled for too few people; the others
    because the begeleider was ill."""
    too_few = ctx.history.charter["below_quorum"] == BelowQuorum.CANCEL
    keys = [
        key for key, since in ctx.history.members if key in ctx.people and _since_ok(since, CANCELLED_WEEKS)
    ]
    rsvps, reasons = [], _reasons(ctx)
    for index, key in enumerate(keys):
        coming = index == 0 or not too_few
        rsvps.append(
            Rsvp(
                meeting=meeting,
                user=ctx.people[key],
                answer=RsvpAnswer.COMING if coming else RsvpAnswer.NOT_COMING,
                reason="" if coming else next(reasons),
            )
        )
    Rsvp.objects.bulk_create(rsvps)
    Rsvp.objects.filter(meeting=meeting).update(updated_at=meeting.starts_at - timedelta(days=4))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = QUORUM_REASON if too_few else ILL_REASON
    meeting.sequence = 1
    meeting.cancellation_sent_at = meeting.starts_at - timedelta(days=3 if too_few else 1)
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "cancellation_sent_at"])


def _reasons(ctx: Context):
    """Reasons for not coming, each once per meeting (two people rarely have the same reason)."""
    return iter(ctx.rng.sample(ABSENT_REASONS, len(ABSENT_REASONS)) * 2)


def _plan(ctx: Context, key: str, weeks: int) -> tuple[str, int]:
    """What happened to one person at one meeting: full, late, early or absent (with minutes)."""
    fixed = PATTERNS.get(key)
    if fixed is not None:
        return fixed.get(weeks, ("full", 0))
    roll = ctx.rng.random()
    if roll < 0.12:
        return "absent", 0
    if roll < 0.20:
        return "late", ctx.rng.choice([10, 15, 20, 30])
    if roll < 0.26:
        return "early", ctx.rng.choice([15, 30, 45])
    return "full", 0


def _attendance(ctx: Context, meeting, weeks: int) -> None:
    """The RSVPs before the meeting, the attendance the begeleider registered and the sign-offs."""
    last = weeks == min(SECOND_SERIES_PAST_WEEKS)
    entries, rsvps, reasons = [], [], _reasons(ctx)
    for key, since in ctx.history.members:
        user = ctx.people.get(key)
        if user is None or not _since_ok(since, weeks):
            continue
        what, minutes = _plan(ctx, key, weeks)
        if what == "absent":
            entries.append(AttendanceEntry(user_id=user.pk, present=False))
            rsvps.append(
                Rsvp(
                    meeting=meeting,
                    user=user,
                    answer=RsvpAnswer.NOT_COMING,
                    reason=next(reasons),
                )
            )
            continue
        arrived = meeting.starts_at + timedelta(minutes=minutes) if what == "late" else None
        left = meeting.ends_at - timedelta(minutes=minutes) if what == "early" else None
        if what in ("late", "early") and minutes >= meeting.duration_minutes:
            arrived = left = None
        entries.append(AttendanceEntry(user_id=user.pk, present=True, arrived_at=arrived, left_at=left))
        rsvps.append(Rsvp(meeting=meeting, user=user, answer=RsvpAnswer.COMING))
    Rsvp.objects.bulk_create(rsvps)
    Rsvp.objects.filter(meeting=meeting).update(updated_at=meeting.starts_at - timedelta(days=5))
    registered = attendance_register(meeting=meeting, by=ctx.by, entries=entries)
    Attendance.objects.filter(meeting=meeting).update(registered_at=meeting.ends_at + timedelta(minutes=20))
    keys = {user.pk: key for key, user in ctx.people.items()}
    for attendance in registered:
        if not attendance.present:
            continue
        key = keys[attendance.user_id]
        # A couple of people have not signed off the last meeting yet, among them the demo users.
        if last and (key in ("gezinshuisouder", "jeugdzorgwerker") or ctx.rng.random() < 0.3):
            continue
        attendance_confirm(
            attendance=attendance,
            user=ctx.people[key],
            now=meeting.ends_at + timedelta(days=ctx.rng.randint(0, 4), hours=ctx.rng.randint(1, 20)),
        )


def _coming_meeting(ctx: Context, *, series, number, starts_at, minutes, method, index) -> None:
    """A coming meeting, planned through the domain (without e-mail), with some answers already."""
    meeting = domain.meeting_plan(
        group=ctx.group,
        by=ctx.by,
        notify=False,
        title=f"Bijeenkomst {number}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        format=ctx.group.format,
        location=ctx.history.location,
        method=method,
    )
    Meeting.objects.filter(pk=meeting.pk).update(series=series)
    deadline_passed = domain.rsvp_deadline_of(meeting) <= ctx.now
    keys = [key for key, _since in ctx.history.members if key in ctx.people]
    # The next meeting: enough people come; in a bigger group one cannot (with a reason) and one has
    # not answered yet. Further ahead fewer people answered. The demo gezinshuisouder only answered
    # for the next meeting: the rest she can try in the demo.
    others = [key for key in keys if key not in ("gezinshuisouder", "jeugdzorgwerker")]
    away = ctx.rng.choice(others) if len(keys) >= 4 else None
    silent = ctx.rng.choice([key for key in others if key != away]) if len(keys) >= 5 else None
    share = (1.0, 0.5, 0.25, 0.0)[min(index, 3)]
    reasons = _reasons(ctx)
    for key in keys:
        user = ctx.people[key]
        if key == "gezinshuisouder":
            answer = RsvpAnswer.COMING if index == 0 else None
        elif ctx.history.quorum_soon and index == 0:
            answer = RsvpAnswer.COMING if key == ctx.history.planner else RsvpAnswer.NOT_COMING
        elif ctx.history.few_coming and index == 0:
            answer = (
                RsvpAnswer.COMING if key == keys[0] else RsvpAnswer.NOT_COMING if key in keys[1:3] else None
            )
        elif index == 0:
            answer = None if key == silent else RsvpAnswer.NOT_COMING if key == away else RsvpAnswer.COMING
        elif ctx.rng.random() < share:
            answer = RsvpAnswer.NOT_COMING if ctx.rng.random() < 0.25 else RsvpAnswer.COMING
        else:
            answer = None
        if answer is None:
            continue
        reason = next(reasons) if answer == RsvpAnswer.NOT_COMING else ""
        if answer == RsvpAnswer.COMING and deadline_passed:
            # Said before the deadline; the domain no longer takes a "yes" now.
            Rsvp.objects.create(meeting=meeting, user=user, answer=answer)
        else:
            domain.rsvp_set(meeting=meeting, user=user, answer=answer, reason=reason)
    _backdate(meeting, created_at=_at(timezone.localdate(starts_at) - timedelta(weeks=24), time(10)))


# --- Evidence -----------------------------------------------------------------------------------------


def _certificates(ctx: Context, series, held: dict) -> None:
    """Certificates for the finished first series. In Amersfoort the begeleider later corrected one
    member's attendance: that certificate is revoked and a new one issued. The demo gezinshuisouder's
    reflectieverklaring for the series is signed by the begeleider (LVSC)."""
    group, by = ctx.group, ctx.by
    last = series.meetings.order_by("-starts_at").first()
    issued_on = last.ends_at + timedelta(days=7)
    title = f"Deelname aan {group.name}, {FIRST_SERIES.lower()}"
    result = accreditation.certificates_issue(group=group, by=by, title=title, min_meetings=5, series=series)
    Certificate.objects.filter(pk__in=[c.pk for c in result.issued]).update(issued_at=issued_on)

    key, weeks = CORRECTED
    person = ctx.people.get(key)
    revoked = next((c for c in result.issued if person and c.user_id == person.pk), None)
    if revoked is not None and weeks in held:
        attendance_register(
            meeting=held[weeks], by=by, entries=[AttendanceEntry(user_id=person.pk, present=False)]
        )
        accreditation.certificate_revoke(
            certificate=revoked,
            by=by,
            reason="De aanwezigheid is achteraf gecorrigeerd: er stond een bijeenkomst te veel op. "
            "Er is een nieuw certificaat gemaakt.",
            now=issued_on + timedelta(days=10),
        )
        again = accreditation.certificates_issue(
            group=group, by=by, title=title, min_meetings=5, series=series
        )
        Certificate.objects.filter(pk__in=[c.pk for c in again.issued]).update(
            issued_at=issued_on + timedelta(days=10)
        )

    gho = ctx.people.get("gezinshuisouder")
    if gho is not None and accreditation.can_sign_statements(by):
        first_day = timezone.localdate(min(m.starts_at for m in series.meetings.all()))
        statement = accreditation.reflection_statement_sign(
            group=group,
            person=gho,
            by=by,
            period_start=first_day,
            period_end=timezone.localdate(last.starts_at),
        )
        ReflectionStatement.objects.filter(pk=statement.pk).update(signed_at=issued_on)


# (user key, register code, years before the first of this month the period started)
ENROLMENTS = [
    # Two years into a five-year period: enough history to show progress, and the warning.
    ("gezinshuisouder", SKJ, 2),
    ("gezinshuisouder", REGISTERPLEIN, 1),
    ("jeugdzorgwerker", SKJ_JZW, 1),
]


def _enrolments(*, users: dict, today: date, log) -> None:
    registers = {r.code: r for r in Register.objects.filter(code__in={code for _k, code, _y in ENROLMENTS})}
    for key, code, years in ENROLMENTS:
        user, register = users.get(key), registers.get(code)
        if (
            user is None
            or register is None
            or Enrolment.objects.filter(user=user, register=register).exists()
        ):
            continue
        start = today.replace(day=1)
        start = start.replace(year=start.year - years)
        accreditation.enrolment_create(user=user, register=register, period_start=start, today=today)
        log(f"  registratieperiode {register.name}: {user}")
