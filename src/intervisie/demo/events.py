"""Invented themed events: one that took place two months ago (composed, published, attendance and
evaluations) and one in three weeks with 40 registrations and 5 coaches, waiting to be composed by
the demo organiser. The people are invented; their accounts share the demo password.

Dates are relative to the day of the first load. Idempotent: each event is keyed on its slug and
written once; a second run adds nothing. The past event is written with the ORM (the domain refuses
registrations after the deadline); the coming event's registrations go through the domain, so they
are audited and their confirmation e-mails wait in the outbox like all demo e-mails.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from intervisie.accounts.domain import user_set_roles
from intervisie.accounts.enums import Role
from intervisie.accounts.models import User
from intervisie.demo.base import DEMO_DOMAIN, DEMO_PASSWORD
from intervisie.events import composition, domain
from intervisie.events.enums import EventStatus, RegistrationKind
from intervisie.events.models import Event, EventEvaluation, Registration

SEED = 20261204
PAST_SLUG = "ggz-in-het-gezinshuis-demo"
COMING_SLUG = "traumasensitief-werken-in-het-gezinshuis-demo"
REGIONS = ["UT", "GE", "NH", "ZH", "NB", "OV", "FR", "GR", "LI", "DR", "FL", "ZE"]
FIRST = [
    "Anna",
    "Bas",
    "Carmen",
    "Daan",
    "Eline",
    "Floor",
    "Gijs",
    "Hatice",
    "Iris",
    "Jeroen",
    "Karin",
    "Luuk",
    "Meryem",
    "Nina",
    "Olaf",
    "Petra",
    "Quinten",
    "Rianne",
    "Stijn",
    "Tamara",
    "Umut",
    "Vera",
    "Willem",
    "Xandra",
    "Yara",
    "Zoë",
    "Arjen",
    "Bianca",
    "Chris",
    "Dewi",
    "Erik",
    "Fleur",
    "Gerda",
    "Hidde",
    "Ineke",
    "Joost",
    "Kim",
    "Lars",
    "Mila",
    "Niels",
    "Oumaima",
    "Pim",
]
LAST = [
    "Akkerman",
    "Brink",
    "Claassen",
    "Dekker",
    "Evers",
    "Franken",
    "Gerritsen",
    "Hendriks",
    "IJzerman",
    "Jacobs",
    "Kok",
    "Lubbers",
    "Meijer",
    "Nauta",
    "Oosterhuis",
    "Peeters",
    "Rademaker",
    "Schipper",
    "Terpstra",
    "Uylenburg",
    "Veenstra",
    "Wouters",
    "Yilmaz",
    "Zwart",
]
ORGANISATIONS = [
    "Nestwerk Gezinshuizen",
    "Gezinshuisformule Dakpan",
    "Kompasrijk Jeugdhulp",
    "Zorggroep Wilgenhoeve",
    "Jeugdhulp Zeekant",
    "Stichting Thuisbasis",
]
COACHES = ["Henk Stoffels", "Nadia Bouzid", "Gerrit Jan Mulder", "Lianne Post"]
TAKEAWAYS = [
    "Dat ik eerst naar de veiligheid van het kind kijk voordat ik grenzen stel.",
    "De vraag 'wat heeft dit kind nodig?' in plaats van 'wat doet dit kind fout?'.",
    "Dat de jeugdzorgwerker en ik meer kunnen afstemmen over de crisisplannen.",
    "Rust nemen voordat ik reageer.",
    "Het was fijn om te horen hoe een gedragswetenschapper hiernaar kijkt.",
]
SUGGESTIONS = ["Iets meer tijd voor de kleine groep.", "", "Graag de dia's vooraf.", "", ""]


def _person(email: str, name: str, roles, password_hash: str):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, name=name, password=password_hash)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        user_set_roles(user=user, roles=list(roles), by=None)
    return user


def _day_at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _people(rng: random.Random, password_hash: str):
    """Forty invented participants (mixed roles, organisations, regions; gezinshuis pairs) and four
    coaches besides the demo begeleider."""
    participants = []
    for i in range(40):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        role = "gezinshuisouder" if i % 5 in (0, 1, 3) else ("jeugdzorgwerker" if i % 5 != 4 else "other")
        user_role = {
            "gezinshuisouder": Role.GEZINSHUISOUDER,
            "jeugdzorgwerker": Role.JEUGDZORGWERKER,
            "other": Role.PROFESSIONAL,
        }[role]
        email = f"deelnemer{i + 1:02d}@{DEMO_DOMAIN}"
        user = _person(email, name, [user_role], password_hash)
        participants.append(
            {
                "user": user,
                "role": role,
                "organisation_other": ORGANISATIONS[rng.randrange(len(ORGANISATIONS))],
                # Every gezinshuis has a parent and (often) the youth-care worker who works with it.
                "gezinshuis": f"Gezinshuis {LAST[(i // 2) % len(LAST)]}" if role != "other" else "",
                "region": REGIONS[rng.randrange(len(REGIONS))],
            }
        )
    coaches = []
    for i, name in enumerate(COACHES):
        email = f"coach{i + 1}@{DEMO_DOMAIN}"
        coaches.append(_person(email, name, [Role.BEGELEIDER], password_hash))
    return participants, coaches


def events_demo_load(*, users: dict, log=lambda message: None) -> dict:
    """Write the themed events that are not there yet, with their invented participants and coaches.
    Returns counts of demo rows."""
    rng = random.Random(SEED)
    password_hash = make_password(DEMO_PASSWORD)
    participants, coaches = _people(rng, password_hash)
    organiser = users["organisator"]
    coaches = [users["begeleider"], *coaches]
    if not Event.objects.filter(slug=PAST_SLUG).exists():
        with transaction.atomic():
            _past_event(rng=rng, organiser=organiser, participants=participants, coaches=coaches, users=users)
        log("  themabijeenkomst (geweest) GGZ in het gezinshuis")
    if not Event.objects.filter(slug=COMING_SLUG).exists():
        with transaction.atomic():
            _coming_event(organiser=organiser, participants=participants, coaches=coaches, users=users)
        log("  themabijeenkomst (binnenkort) Traumasensitief werken")
    return {
        "events": Event.objects.filter(slug__in=[PAST_SLUG, COMING_SLUG]).count(),
        "event_registrations": Registration.objects.filter(event__slug__in=[PAST_SLUG, COMING_SLUG]).count(),
    }


def _coming_day(today):
    """A Tuesday about three weeks ahead, outside the Christmas holidays."""
    day = today + timedelta(days=21)
    day += timedelta(days=(1 - day.weekday()) % 7)
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 6):
        day = day.replace(year=day.year + (day.month == 12), month=1, day=7)
        day += timedelta(days=(1 - day.weekday()) % 7)
    return day


def _past_event(*, rng, organiser, participants, coaches, users):
    day = timezone.localdate() - timedelta(days=61)
    event = Event.objects.create(
        slug=PAST_SLUG,
        title="GGZ in het gezinshuis",
        description=(
            "Steeds meer kinderen in gezinshuizen hebben psychische problemen. Wat zie je, wat kun je zelf "
            "doen en wanneer schakel je hulp in? Een kinder- en jeugdpsychiater vertelt en deelt een "
            "casus. Daarna werk je in een kleine, gemengde groep met een coach aan een eigen vraag."
        ),
        expert_name="Dr. Sophie Verhagen",
        expert_bio="Kinder- en jeugdpsychiater, werkt al vijftien jaar met gezinshuizen en pleeggezinnen.",
        plenary_starts_at=_day_at(day, 19, 0),
        plenary_ends_at=_day_at(day, 19, 45),
        breakout_starts_at=_day_at(day, 20, 0),
        breakout_ends_at=_day_at(day, 21, 15),
        capacity=30,
        registration_deadline=_day_at(day - timedelta(days=3), 23, 59),
        audiences=["gezinshuisouders", "jeugdzorgwerkers"],
        plenary_room="intervisiewijzer-demoggzplenair00001",
        hours_eligible=True,
        group_min=4,
        group_max=8,
        status=EventStatus.PUBLISHED,
        created_by=organiser,
    )
    event.organisers.add(organiser)
    people = [
        {
            "user": users["gezinshuisouder"],
            "role": "gezinshuisouder",
            "organisation_other": "Nestwerk Gezinshuizen",
            "gezinshuis": "Gezinshuis De Graaf",
            "region": "UT",
        },
        {
            "user": users["jeugdzorgwerker"],
            "role": "jeugdzorgwerker",
            "organisation_other": "Kompasrijk Jeugdhulp",
            "gezinshuis": "Gezinshuis De Graaf",
            "region": "GE",
        },
        *participants[:22],
    ]
    for p in people:
        Registration.objects.create(event=event, kind=RegistrationKind.PARTICIPANT, **p)
    for coach in coaches[:3]:
        Registration.objects.create(
            event=event,
            user=coach,
            kind=RegistrationKind.COACH,
            organisation_other="Coachbureau Samen Verder",
        )
    # Composed before the event took place: compose on a copy of the dates a year ahead, then put
    # the dates back (the domain keeps a past event's composition as it was).
    past = {
        f: getattr(event, f)
        for f in (
            "plenary_starts_at",
            "plenary_ends_at",
            "breakout_starts_at",
            "breakout_ends_at",
            "registration_deadline",
        )
    }
    Event.objects.filter(pk=event.pk).update(**{f: v + timedelta(days=365) for f, v in past.items()})
    event.refresh_from_db()
    composition.composition_compose(event=event, by=organiser, time_limit=1.0)
    # Sent to everyone before the event, through the domain (as the organiser would; the e-mails wait
    # in the outbox like all demo mail).
    composition.composition_publish(event=event, by=organiser)
    Event.objects.filter(pk=event.pk).update(
        **past, published_at=past["plenary_starts_at"] - timedelta(days=2)
    )
    event.refresh_from_db()
    # Attendance registered afterwards: a few people did not come; the coaches were all there.
    registrations = list(event.registrations.all())
    demo_people = {users["gezinshuisouder"].pk, users["jeugdzorgwerker"].pk}  # their hours show the event
    present = {r.pk for r in registrations if r.user_id in demo_people or rng.random() > 0.12}
    present |= set(event.breakouts.exclude(coach=None).values_list("coach_id", flat=True))
    domain.attendance_save(event=event, by=organiser, present_ids=present)
    for r in registrations:
        r.attended = r.pk in present
    attended = [r for r in registrations if r.kind == RegistrationKind.PARTICIPANT and r.attended]
    for i, r in enumerate(attended[:12]):
        EventEvaluation.objects.create(
            registration=r,
            plenary_rating=rng.choice([4, 4, 5, 3, 5]),
            breakout_rating=rng.choice([5, 4, 5, 4, 3]),
            mix_rating=rng.choice([4, 5, 5, 3, 4]),
            takeaway=TAKEAWAYS[i % len(TAKEAWAYS)],
            suggestion=SUGGESTIONS[i % len(SUGGESTIONS)],
        )


def _coming_event(*, organiser, participants, coaches, users):
    day = _coming_day(timezone.localdate())
    event = domain.event_create(
        by=organiser,
        fields={
            "title": "Traumasensitief werken in het gezinshuis",
            "description": (
                "Veel kinderen in een gezinshuis hebben nare dingen meegemaakt. Hoe herken je traumagedrag "
                "en hoe blijf je zelf rustig? Een orthopedagoog legt uit en laat een casus zien. Daarna "
                "werk je in een kleine groep met gezinshuisouders en jeugdzorgwerkers aan een casus."
            ),
            "expert_name": "Karim Ait Taleb",
            "expert_bio": "Orthopedagoog-generalist, traint pleegouders en gezinshuisouders in traumasensitief opvoeden.",
            "plenary_starts_at": _day_at(day, 19, 0),
            "plenary_ends_at": _day_at(day, 19, 45),
            "breakout_starts_at": _day_at(day, 20, 0),
            "breakout_ends_at": _day_at(day, 21, 15),
            "capacity": 48,
            "registration_deadline": _day_at(day - timedelta(days=2), 23, 59),
            "audiences": ["gezinshuisouders", "jeugdzorgwerkers", "professionals"],
            "video_provider": "jitsi",
            "hours_eligible": True,
            "group_min": 4,
            "group_max": 8,
            "pair_rule": "apart",
        },
    )
    # A fixed slug (the domain makes one from title and date), so a second run finds the event.
    Event.objects.filter(pk=event.pk).update(slug=COMING_SLUG)
    event.refresh_from_db()
    domain.event_publish(event=event, by=organiser)
    # The demo gezinshuisouder and 39 invented people; the demo jeugdzorgwerker is not registered yet.
    people = [
        {
            "user": users["gezinshuisouder"],
            "role": "gezinshuisouder",
            "organisation_other": "Nestwerk Gezinshuizen",
            "gezinshuis": "Gezinshuis De Graaf",
            "region": "UT",
        },
        *participants[:39],
    ]
    for p in people:
        fields = {k: v for k, v in p.items() if k != "user"}
        fields.setdefault("preferences", "")
        fields["organisation"] = None
        domain.registration_create(event=event, user=p["user"], fields=fields)
    for coach in coaches:
        domain.registration_create(
            event=event,
            user=coach,
            fields={"organisation": None, "organisation_other": "Coachbureau Samen Verder", "region": ""},
            kind=RegistrationKind.COACH,
        )
