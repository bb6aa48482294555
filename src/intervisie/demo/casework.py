"""Invented casework for the demo groups with a meeting history (issue 4): cases (inbreng), one
finished guided session, takeaways, reflections and evaluations.

In the "Leerkring gezinshuisouders Amersfoort" (the demo gezinshuisouder's group, guided by the demo
begeleider): five cases on past meetings by different members and one for the next meeting, so the
rotation shows who is next (the two newcomers never brought one); an ENDED session "Intervisie in zes
fasen" on the most recent past meeting with the demo gezinshuisouder as bringer and a few takeaways,
so the look-back prompt shows for her at the next meeting; her reflections on three past meetings
(one shared with the begeleider); evaluations by three or four members on three meetings (the
begeleider's trend shows averages) and by only two on another ("te weinig antwoorden"). In
"Integrale intervisie Apeldoorn" (the demo jeugdzorgwerker's group): two past cases and one coming.

All texts are made up: no names of children, no personal data; children are "een jongen van 14".

Cases older than the retention period lose their texts, as the scheduled purge does: every past
meeting of the demo is more than CASE_RETENTION_DAYS ago, so their lists show "tekst verwijderd na
de bewaartermijn" (who brought a case and when stays, for the rotation). The coming case keeps its
text.

Everything goes through the domain functions (case_create, session_start/next/end, step_note_save,
takeaway_save, reflection_save, evaluation_save, cases_purge); they accept past meetings when given
``now``. Only the automatic timestamps (created_at, started_at, ...) are set back afterwards with a
queryset update, so the history reads right. The e-mails case_create queues ("er is een nieuwe
inbreng", no case text) wait in the outbox like all demo e-mails.

Idempotent: a group is skipped when it already has a case (the marker); each group is written in its
own savepoint, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intervisie.accounts.models import User
from intervisie.cases.domain import case_create, cases_purge
from intervisie.cases.models import Case
from intervisie.demo.base import DEMO_DOMAIN
from intervisie.groups.models import IntervisionGroup
from intervisie.live import domain
from intervisie.live.domain import SessionError
from intervisie.live.models import LiveSession, Takeaway
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting
from intervisie.methods.models import MethodTemplate
from intervisie.reflections.domain import ReflectionError, evaluation_save, reflection_save
from intervisie.reflections.models import Evaluation, Reflection

AMERSFOORT = "leerkring-gezinshuisouders-amersfoort"
APELDOORN = "integrale-intervisie-apeldoorn"
SIX_PHASES = "zes-fasen"

CHECKLIST = {"own_experience": True, "still_current": True, "has_influence": True, "fits_theme": True}


@dataclass(frozen=True)
class DemoCase:
    bringer: str  # user key
    ago: int  # 0 = the next coming meeting, 1 = the most recent past meeting, 2 = the one before, ...
    title: str
    situation: str
    question: str


@dataclass(frozen=True)
class GroupCasework:
    slug: str
    cases: tuple[DemoCase, ...]
    # (meetings ago, user keys): who evaluates; people who were not there are left out
    evaluations: tuple[tuple[int, tuple[str, ...]], ...] = ()
    session: bool = False
    reflections: tuple[tuple[int, bool], ...] = ()  # the demo gezinshuisouder's: (meetings ago, shared)


AMERSFOORT_CASES = (
    DemoCase(
        "gezinshuisouder",
        1,
        "Als het logeerweekend weer niet doorgaat",
        "Bij ons woont een meisje van 12. Haar moeder zegt het bezoekweekend steeds op het laatste moment af. "
        "Het meisje pakt dan toch haar tas in en wacht bij het raam. Daarna is ze dagenlang boos op mij en op "
        "de andere kinderen.",
        "Hoe help ik haar met de teleurstelling, zonder dat ik iets lelijks over haar moeder zeg?",
    ),
    DemoCase(
        "priya.ramdin",
        2,
        "Samenwerken met een nieuwe jeugdbeschermer",
        "Een jongen van 14 bij ons in huis heeft sinds kort een nieuwe jeugdbeschermer. Afspraken die we "
        "hadden over school en sport worden opnieuw besproken. Ik merk dat ik me opgejaagd voel in de "
        "gesprekken.",
        "Hoe bouw ik snel een goede samenwerking op, en houd ik vast aan wat goed gaat?",
    ),
    DemoCase(
        "gert-jan.hofman",
        3,
        "Eigen kinderen en gezinshuiskinderen",
        "Onze eigen dochter van 16 zegt dat ze zich thuis niet meer thuis voelt. Er is veel onrust en "
        "aandacht gaat vaak naar de kinderen die bij ons wonen.",
        "Hoe geef ik mijn eigen kind de ruimte, zonder dat de andere kinderen zich afgewezen voelen?",
    ),
    DemoCase(
        "annemiek.de.boer",
        4,
        "Grenzen aan mijn eigen energie",
        "Na een zware periode met nachtelijke onrust merk ik dat ik sneller geïrriteerd ben. Ik werk door, "
        "maar ik heb het gevoel dat ik mezelf kwijtraak.",
        "Wanneer is het tijd om hulp te vragen, en bij wie?",
    ),
    DemoCase(
        "gezinshuisouder",
        5,
        "Een jongen van 9 die niet wil slapen",
        "Een jongen van 9 die net bij ons woont, wil 's avonds niet naar bed. Hij blijft op de trap zitten en "
        "wordt boos als ik hem naar boven breng.",
        "Wat kan ik doen zodat de avond rustiger wordt voor hem en voor ons?",
    ),
    DemoCase(
        "gert-jan.hofman",
        0,
        "Een meisje van 15 dat haar telefoon niet wegdoet",
        "Een meisje van 15 bij ons in huis zit 's nachts op haar telefoon. Als we de telefoon vragen, loopt "
        "het uit op ruzie. Ze zegt dat ze anders niemand meer heeft.",
        "Hoe maken we afspraken over de telefoon die ze zelf ook goed vindt?",
    ),
)

APELDOORN_CASES = (
    DemoCase(
        "ilona.groen",
        1,
        "Een gezin dat afspraken afzegt",
        "Een gezin met drie kinderen zegt de huisbezoeken steeds af. De school maakt zich zorgen over de "
        "oudste, een jongen van 11.",
        "Hoe houd ik contact met de ouders zonder dat het voelt als controle?",
    ),
    DemoCase(
        "martijn.lammers",
        2,
        "Overdracht naar een collega",
        "Ik ga een gezin overdragen aan een collega. De moeder heeft gezegd dat ze dan stopt met de hulp.",
        "Hoe maak ik de overdracht zo dat het gezin de hulp niet loslaat?",
    ),
    DemoCase(
        "jeugdzorgwerker",
        0,
        "Een jongere die 18 wordt",
        "Een jongere van 17 wordt over drie maanden 18. Er is nog geen woonplek en geen plan voor daarna.",
        "Wat kan ik nu al regelen, en wie moet ik erbij halen?",
    ),
)

GROUPS = (
    GroupCasework(
        slug=AMERSFOORT,
        cases=AMERSFOORT_CASES,
        session=True,
        reflections=((1, True), (2, False), (3, False)),
        evaluations=(
            # Everyone who was at the last meeting: five or more answers, so the trend shows averages
            # (the platform's anonymity floor); the older meetings had fewer people and show none.
            (
                1,
                (
                    "gezinshuisouder",
                    "annemiek.de.boer",
                    "gert-jan.hofman",
                    "priya.ramdin",
                    "sanne.mulder",
                    "kees.van.leeuwen",
                ),
            ),
            (2, ("annemiek.de.boer", "gert-jan.hofman", "priya.ramdin")),
            (3, ("gezinshuisouder", "gert-jan.hofman")),
            (4, ("gezinshuisouder", "annemiek.de.boer", "gert-jan.hofman")),
        ),
    ),
    GroupCasework(slug=APELDOORN, cases=APELDOORN_CASES),
)

TAKEAWAYS = {
    "gezinshuisouder": "Ik ga haar vooraf vertellen dat het weekend misschien niet doorgaat, en samen een plan B "
    "maken dat zij zelf kiest.",
    "annemiek.de.boer": "Ik let meer op wat een kind laat zien vóór een bezoek, niet alleen erna.",
    "sanne.mulder": "Teleurstelling mag er zijn. Ik hoef het niet op te lossen, wel bij haar te blijven.",
    "priya.ramdin": "Ik vraag de jeugdbeschermer om afspraken over afzeggen op papier te zetten.",
}
GROUP_NOTE = (
    "Kernvraag: hoe blijf je naast het kind staan als een ouder een afspraak afzegt, zonder partij te kiezen?"
)

REFLECTIONS = {
    1: (
        "De zes fasen hielpen me om eerst te luisteren. Bij de vragenronde merkte ik hoe snel ik zelf al "
        "oplossingen had.",
        "Ik vind loyaliteit aan ouders belangrijk, ook als ik boos ben over afzeggingen. Dat botst soms met "
        "wat ik het kind gun.",
        "Ik was moe en merkte dat ik me verdedigde. Volgende keer wil ik rustiger blijven luisteren.",
    ),
    2: (
        "De vragen van de groep lieten zien dat samenwerken tijd kost. Ik neem de vraag 'wat gaat er al goed?' "
        "mee naar mijn eigen overleggen.",
        "",
        "Ik herkende het opgejaagde gevoel uit mijn eigen gesprekken met instanties.",
    ),
    3: (
        "",
        "Eerlijk verdelen betekent niet dat iedereen hetzelfde krijgt. Dat vond ik een belangrijk inzicht.",
        "Ik dacht aan mijn eigen zoon en hoe weinig tijd ik alleen met hem doorbreng.",
    ),
}
EVALUATIONS = [
    (4, "", 4, "Vooraf met het kind een plan B maken."),
    (5, "", 4, ""),
    (3, "Ik had meer tijd willen hebben voor de adviesronde.", 3, "Het rooster van de avonden aanpassen."),
    (4, "", 5, "De vraag 'wat gaat er al goed?' vaker stellen."),
]


def casework_demo_load(*, log=lambda message: None) -> dict:
    """Write the demo casework that is not there yet. Returns counts of demo rows."""
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    groups = {g.slug: g for g in IntervisionGroup.objects.filter(slug__in=[c.slug for c in GROUPS])}
    for work in GROUPS:
        group = groups.get(work.slug)
        if group is None:
            log(f"  overgeslagen: inbreng van {work.slug}: die groep bestaat niet")
            continue
        if Case.objects.filter(group=group).exists():
            continue  # written in an earlier run (the marker)
        try:
            with transaction.atomic():  # a savepoint: all of the group's casework, or none of it
                _group_casework(work, group, users)
        except _Skip as exc:
            log(f"  overgeslagen: inbreng van {group.name}: {exc}")
            continue
        log(f"  inbreng en sessie {group.name}")
    return _counts(groups.values())


class _Skip(Exception):
    pass


def _counts(groups) -> dict:
    pks = [g.pk for g in groups]
    return {
        "cases": Case.objects.filter(group__in=pks).count(),
        "sessions": LiveSession.objects.filter(meeting__group__in=pks).count(),
        "reflections": Reflection.objects.filter(meeting__group__in=pks).count(),
        "evaluations": Evaluation.objects.filter(meeting__group__in=pks).count(),
    }


def _group_casework(work: GroupCasework, group, users: dict) -> None:
    now = timezone.now()
    meetings = Meeting.objects.filter(group=group).exclude(status=MeetingStatus.CANCELLED)
    # The meetings of the series (not the short online in-between round), newest first.
    past = list(meetings.filter(ends_at__lte=now, series__isnull=False).order_by("-starts_at"))
    coming = meetings.filter(starts_at__gt=now).order_by("starts_at").first()
    by_ago = {ago: meeting for ago, meeting in enumerate(past, start=1)}
    by_ago[0] = coming
    if len(past) < 5 or coming is None:
        raise _Skip("te weinig bijeenkomsten")

    try:
        cases = {}
        for demo in work.cases:
            meeting = by_ago[demo.ago]
            case = case_create(
                group=group,
                bringer=users[demo.bringer],
                fields={
                    "title": demo.title,
                    "situation": demo.situation,
                    "question": demo.question,
                    "meeting": meeting,
                    **CHECKLIST,
                },
            )
            # Written about a week before the meeting.
            written = min(meeting.starts_at - timedelta(days=7), now)
            Case.objects.filter(pk=case.pk).update(created_at=written, updated_at=written)
            cases[demo.ago] = case
        if work.session:
            _session(group, by_ago[1], cases[1], users)
        for ago, shared in work.reflections:
            _reflection(by_ago[ago], users["gezinshuisouder"], ago, shared)
        for index, (ago, keys) in enumerate(work.evaluations):
            _evaluations(by_ago[ago], [users[k] for k in keys], index)
    except (ValidationError, SessionError, ReflectionError, KeyError) as exc:
        raise _Skip(str(exc)) from exc
    # As the scheduled purge does: texts of cases whose meeting ended more than the retention ago.
    cases_purge(now=now)


def _session(group, meeting, case, users: dict) -> None:
    """The finished six-phase session of the most recent past meeting, led by the begeleider, with
    the demo gezinshuisouder as bringer. The domain accepts a past ``now``: each step is clicked
    through at its suggested duration, then the session ends and people write their takeaways."""
    method = MethodTemplate.objects.filter(group=None, slug=SIX_PHASES).first()
    if method is None:
        raise _Skip("de methode Intervisie in zes fasen staat niet in de bibliotheek")
    chair = group.begeleider or users["annemiek.de.boer"]
    at = meeting.starts_at + timedelta(minutes=10)
    session = domain.session_start(
        meeting=meeting,
        method=method,
        case=case,
        chair=chair,
        timekeeper=users["annemiek.de.boer"],
        bringer=users["gezinshuisouder"],
        by=chair,
        now=at,
    )
    steps = domain.session_steps(session)
    for step in steps:
        if step.position == 3:  # the core question: the chair writes it down for the group
            domain.step_note_save(session=session, user=chair, text=GROUP_NOTE, is_group_note=True)
        at += timedelta(minutes=step.minutes or 5)
        if step is not steps[-1]:
            session = domain.session_next(session=session, by=chair, expected_version=session.version, now=at)
    session = domain.session_end(session=session, by=chair, expected_version=session.version, now=at)
    LiveSession.objects.filter(pk=session.pk).update(started_at=meeting.starts_at + timedelta(minutes=10))
    present = set(meeting.attendances.filter(present=True).values_list("user_id", flat=True))
    for key, text in TAKEAWAYS.items():
        if users[key].pk not in present:
            continue
        takeaway = domain.takeaway_save(session=session, user=users[key], text=text)
        Takeaway.objects.filter(pk=takeaway.pk).update(created_at=at + timedelta(minutes=5))


def _reflection(meeting, user, ago: int, shared: bool) -> None:
    methods_text, values_text, personal_text = REFLECTIONS[ago]
    reflection = reflection_save(
        meeting=meeting,
        user=user,
        methods_text=methods_text,
        values_text=values_text,
        personal_text=personal_text,
        shared_with_begeleider=shared,
    )
    written = meeting.ends_at + timedelta(days=1, hours=2)
    Reflection.objects.filter(pk=reflection.pk).update(created_at=written, updated_at=written)


def _evaluations(meeting, people: list, index: int) -> None:
    present = set(meeting.attendances.filter(present=True).values_list("user_id", flat=True))
    for offset, user in enumerate(u for u in people if u.pk in present):
        how, bothers, method, will_do = EVALUATIONS[(index + offset) % len(EVALUATIONS)]
        evaluation = evaluation_save(
            meeting=meeting,
            user=user,
            how_it_went=how,
            still_bothers=bothers,
            method_rating=method,
            will_do=will_do,
        )
        written = meeting.ends_at + timedelta(minutes=5 + offset)
        Evaluation.objects.filter(pk=evaluation.pk).update(created_at=written, updated_at=written)
