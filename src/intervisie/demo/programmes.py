"""Demo "buiten je bubbel" programmes (seed 003): one running in Utrecht with three partners and two
composed groups, and one recruiting for the next school year. Everything is invented. Written through
``programmes.domain`` (and its composition), so it is audited and its e-mails wait in the outbox.
Idempotent: a programme that exists is left as it is (someone may be trying the demo)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from intervisie.demo.base import DEMO_DOMAIN, upsert
from intervisie.groups.enums import Format
from intervisie.meetings.attendance import AttendanceEntry, attendance_confirm, attendance_register
from intervisie.meetings.domain import charter_agree
from intervisie.meetings.models import Meeting
from intervisie.organisations.models import Organisation, OrganisationKind
from intervisie.programmes.composition import composition_compose
from intervisie.programmes.domain import (
    date_add,
    partner_accept,
    partner_add,
    programme_create,
    set_programme_status,
    set_signup_status,
    signup_create,
    signup_link_account,
)
from intervisie.programmes.enums import DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.evaluation import harvest_save, programme_evaluation_save, questions_for
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, Signup
from intervisie.programmes.publication import attendance_commitment_set, composition_publish

INITIATOR = {
    "slug": "kenniswerkplaats-domstad",
    "name": "Kenniswerkplaats Jeugd Domstad",
    "kind": OrganisationKind.KENNISWERKPLAATS,
    "city": "Utrecht",
    "description": (
        "Gemeente, jeugdhulp, hogeschool en ervaringsdeskundigen in Utrecht leren samen. "
        "Wij organiseren Intervisie buiten je bubbel."
    ),
}
RUNNING_SLUG = "buiten-je-bubbel-utrecht"
RECRUITING_SLUG = "buiten-je-bubbel-utrecht-volgend-schooljaar"


@dataclass(frozen=True)
class DemoPartner:
    name: str
    kind: str
    contact_name: str
    contact_key: str  # the demo account that is the partner's contact person ("" = not yet accepted)
    commitments: dict
    pays_hours: bool = False
    paid_hours: int = 0


PARTNERS = [
    DemoPartner(
        "Wijkteams Domstad",
        "praktijk",
        "Wouter Jansen",
        "professional",
        {"professional": 4},
        pays_hours=True,
        paid_hours=10,
    ),
    DemoPartner(
        "Oudernetwerk Samen Verder", "belangenorganisatie", "Gerda Vermeulen", "", {"ouder": 2, "jongere": 2}
    ),
    DemoPartner("Hogeschool Domstad", "opleiding", "Bas Terpstra", "", {"student": 4}),
]

# (category, name, partner index or None, organisation, demo account key or "")
RUNNING_PEOPLE = [
    ("professional", "Wouter Jansen", 0, "Wijkteams Domstad", "professional"),
    ("professional", "Mirjam Koster", 0, "Wijkteams Domstad", "mirjam.koster"),
    ("professional", "Carla Wijnands", None, "Veilig Thuis Midden", "carla.wijnands"),
    ("professional", "Frank Hazelaar", 0, "Jongerenwerk Overvecht", "frank.hazelaar"),
    ("student", "Sem Kuipers", 2, "", "student"),
    ("student", "Lisa Hoogland", 2, "", ""),
    ("student", "Omar Haddou", 2, "", ""),
    ("student", "Eva Brink", 2, "", ""),
    ("ouder", "Anouk Smit", 1, "", "ouder"),
    ("ouder", "Marco de Ruiter", 1, "", ""),
    ("jongere", "Daan Vos", 1, "", "jongere"),
    ("jongere", "Noa Peters", None, "", ""),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _school_year(day: dt.date) -> str:
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


def _address(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{DEMO_DOMAIN}"


def _programme(*, slug: str, name: str, start: dt.date, initiator, kartrekker, begeleiders, description: str):
    """A programme whose start meeting is on ``start``: the planning of seed 003 counted back from it
    (recruit before the summer: students approached about fifteen weeks before the start)."""
    programme = Programme(
        slug=slug,
        initiator=initiator,
        name=name,
        description=description,
        school_year=_school_year(start),
        kartrekker=kartrekker,
        contact_name=kartrekker.name,
        contact_email=kartrekker.email,
        contact_phone="030 000 00 00",
        group_count=2,
        format=Format.IN_PERSON,
        place="Wijkcentrum De Leeuw, Leeuwstraat 4, Utrecht",
        recruitment_opens_on=start - dt.timedelta(days=150),
        students_by=start - dt.timedelta(days=100),
        signup_closes_on=start - dt.timedelta(days=70),
        composed_by=start - dt.timedelta(days=20),
        final_evaluation_on=start + dt.timedelta(days=250),
    )
    programme_create(programme=programme, by=kartrekker, begeleiders=begeleiders)
    moments = [
        (DateKind.INFORMATION, start - dt.timedelta(days=110), 19, 20, Format.ONLINE, ""),
        (DateKind.START, start, 16, 18, Format.IN_PERSON, programme.place),
    ]
    moments += [
        (DateKind.MEETING, start + dt.timedelta(days=35 * (i + 1)), 16, 18, Format.IN_PERSON, programme.place)
        for i in range(5)
    ]
    for kind, day, begin, end, form, location in moments:
        date_add(
            programme=programme,
            date=ProgrammeDate(
                kind=kind, starts_at=_at(day, begin), ends_at=_at(day, end), format=form, location=location
            ),
            by=kartrekker,
        )
    return programme


def _partners(programme: Programme, users: dict) -> list[Partner]:
    partners = []
    for spec in PARTNERS:
        contact = users.get(spec.contact_key)
        partner = partner_add(
            programme=programme,
            partner=Partner(
                name=spec.name,
                kind=spec.kind,
                contact_name=spec.contact_name,
                contact_email=contact.email if contact else _address(spec.contact_name),
                commitments=spec.commitments,
                pays_hours=spec.pays_hours,
                paid_hours=spec.paid_hours,
            ),
            by=programme.kartrekker,
        )
        if contact is not None:
            partner_accept(partner=partner, user=contact)
        partners.append(partner)
    return partners


def _sign_up(programme: Programme, partners: list[Partner], users: dict, people) -> list[Signup]:
    signups = []
    today = timezone.localdate()
    for category, name, partner_index, organisation, key in people:
        user = users.get(key) if key else None
        fields = {
            "name": name,
            "email": user.email if user else _address(name),
            "partner": partners[partner_index] if partner_index is not None else None,
            "organisation_name": organisation,
            "role": "Jeugdprofessional" if category == "professional" else "",
            "study_programme": "Social Work" if category == "student" else "",
            "study_year": 3 if category == "student" else None,
            "birth_date": today.replace(year=today.year - 17) if category == "jongere" else None,
            "share_with_partner": partner_index == 0,
        }
        signups.append(signup_create(programme=programme, signup=Signup(category=category, **fields)))
    return signups


# The running programme is made with its start meeting this many days later than it is, then moved back.
SHIFT_DAYS = 100


def _history(programme: Programme, kartrekker) -> None:
    """The demo's shortcut through time: the programme's dates and its groups' meetings move SHIFT_DAYS
    back (the start meeting and two meetings are then past); the people with an account agreed to the
    charter, committed to their meetings, came (one missed a meeting), evaluated each past meeting, and
    the student wrote a harvest, shared in part."""
    programme.refresh_from_db()
    shift = dt.timedelta(days=SHIFT_DAYS)
    for date in programme.dates.all():
        ProgrammeDate.objects.filter(pk=date.pk).update(
            starts_at=date.starts_at - shift, ends_at=date.ends_at - shift
        )
    for programme_date in (
        "recruitment_opens_on",
        "students_by",
        "signup_closes_on",
        "composed_by",
        "final_evaluation_on",
    ):
        setattr(programme, programme_date, getattr(programme, programme_date) - shift)
    programme.published_at = programme.published_at - shift
    programme.save()
    now = timezone.now()
    placed = list(
        programme.signups.filter(status=SignupStatus.PLACED, user__isnull=False).select_related(
            "user", "group"
        )
    )
    for group in programme.groups.select_related("group", "begeleider"):
        meetings = list(Meeting.objects.filter(group=group.group).order_by("starts_at"))
        for meeting in meetings:
            Meeting.objects.filter(pk=meeting.pk).update(
                starts_at=meeting.starts_at - shift, ends_at=meeting.ends_at - shift
            )
        group.group.memberships.update(started_at=now - shift)
        people = [s for s in placed if s.group_id == group.pk]
        charter = group.group.charters.order_by("-version").first()
        for signup in people:
            if charter is not None:
                charter_agree(charter=charter, user=signup.user)
            attendance_commitment_set(signup=signup, count=5, by=signup.user)
        past = list(Meeting.objects.filter(group=group.group, ends_at__lt=now).order_by("starts_at"))
        for number, meeting in enumerate(past):
            entries = [
                AttendanceEntry(user_id=s.user_id, present=not (index == 0 and number == 1))
                for index, s in enumerate(people)
            ]
            for attendance in attendance_register(meeting=meeting, by=group.begeleider, entries=entries):
                if attendance.present:
                    attendance_confirm(attendance=attendance, user=attendance.user)
                    signup = next(s for s in people if s.user_id == attendance.user_id)
                    answers = {
                        q.key: 3 + (index + number) % 3
                        for index, q in enumerate(questions_for(signup.category, final=False))
                    }
                    programme_evaluation_save(
                        signup=signup,
                        by=signup.user,
                        meeting=meeting,
                        answers=answers,
                        quote=QUOTES.get(signup.category, "") if number == 0 else "",
                        may_quote=number == 0,
                    )
    student = next((s for s in placed if s.category == "student"), None)
    if student is not None:
        harvest_save(
            signup=student,
            by=student.user,
            private_text="Ik merk dat ik sneller oordeel over ouders dan ik dacht. Daar wil ik op letten in mijn stage.",
            shared_text="Door met een ouder en een jongere aan tafel te zitten, snap ik beter hoe hulp voor hen voelt.",
            share=True,
        )


QUOTES = {
    "professional": "Ik zag hoe anders een ouder naar hetzelfde overleg kijkt. Dat neem ik mee.",
    "student": "Leerzaam om te horen waar professionals in de praktijk tegenaan lopen.",
    "ouder": "Ik voelde me gehoord, en niet als casus besproken.",
    "jongere": "Fijn dat ik mocht zeggen hoe ik het zie.",
}


def programmes_demo_load(*, users: dict, log=lambda message: None) -> dict:
    """Returns counts: programmes, programme_signups."""
    initiator, _created = upsert(
        Organisation,
        {"slug": INITIATOR["slug"]},
        {k: v for k, v in INITIATOR.items() if k != "slug"}
        | {
            "email": f"info@{INITIATOR['slug']}.example",
            "website": f"https://www.{INITIATOR['slug']}.example/",
        },
    )
    kartrekker = users["organisator"]
    initiator.managers.add(kartrekker)
    begeleiders = [users["begeleider"], kartrekker]
    today = timezone.localdate()

    if not Programme.objects.filter(slug=RUNNING_SLUG).exists():
        # Made as if the start meeting were three weeks ahead, then moved back in time (``_history``).
        running = _programme(
            slug=RUNNING_SLUG,
            name="Buiten je bubbel Utrecht",
            start=today + dt.timedelta(days=SHIFT_DAYS - 80),
            initiator=initiator,
            kartrekker=kartrekker,
            begeleiders=begeleiders,
            description=(
                "Twee groepen van professionals, studenten, ouders en jongeren praten vijf keer over samenwerken."
            ),
        )
        set_programme_status(programme=running, status=ProgrammeStatus.RECRUITING, by=kartrekker)
        partners = _partners(running, users)
        for signup in _sign_up(running, partners, users, RUNNING_PEOPLE):
            set_signup_status(signup=signup, status=SignupStatus.INVITED, by=kartrekker)
            account = next((u for u in users.values() if u.email == signup.email), None)
            if account is not None:
                signup_link_account(signup=signup, user=account)
        set_programme_status(programme=running, status=ProgrammeStatus.COMPOSING, by=kartrekker)
        composition_compose(programme=running, by=kartrekker)
        composition_publish(programme=running, by=kartrekker)
        _history(running, kartrekker)
        log("Programma Buiten je bubbel Utrecht: loopt, twee groepen")

    if not Programme.objects.filter(slug=RECRUITING_SLUG).exists():
        recruiting = _programme(
            slug=RECRUITING_SLUG,
            name="Buiten je bubbel Utrecht, volgend schooljaar",
            start=today + dt.timedelta(days=200),
            initiator=initiator,
            kartrekker=kartrekker,
            begeleiders=begeleiders,
            description="De tweede ronde: we werven nu, voor de zomervakantie, en starten na de zomer.",
        )
        set_programme_status(programme=recruiting, status=ProgrammeStatus.RECRUITING, by=kartrekker)
        partners = _partners(recruiting, users)
        _sign_up(
            recruiting,
            partners,
            users,
            [
                ("professional", "Ilse van Dongen", 0, "Wijkteams Domstad", ""),
                ("professional", "Ruud Kramer", None, "Jeugdbescherming Midden", ""),
                ("student", "Julia Martens", 2, "", ""),
                ("ouder", "Sandra Bos", 1, "", ""),
            ],
        )
        # A young person under 16: the parent's consent is still awaited.
        signup_create(
            programme=recruiting,
            signup=Signup(
                category="jongere",
                name="Mila de Jong",
                email=_address("Mila de Jong"),
                birth_date=today.replace(year=today.year - 14),
                parent_name="Ria de Jong",
                parent_email=_address("Ria de Jong"),
                partner=partners[1],
            ),
        )
        log("Programma Buiten je bubbel Utrecht, volgend schooljaar: werving")

    slugs = [RUNNING_SLUG, RECRUITING_SLUG]
    return {
        "programmes": Programme.objects.filter(slug__in=slugs).count(),
        "programme_signups": Signup.objects.filter(programme__slug__in=slugs).count(),
    }
