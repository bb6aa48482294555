"""Demo "buiten je bubbel" programmes (seed 003): one running in Utrecht with three partners and two
composed groups, and one recruiting for the next school year. Everything is invented. Written through
``programmes.domain`` (and its composition), so it is audited and its e-mails wait in the outbox.
Idempotent: a programme that exists is left as it is (someone may be trying the demo)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from intervisie.demo.base import DEMO_DOMAIN, upsert
from intervisie.groups.enums import Format
from intervisie.organisations.models import Organisation, OrganisationKind
from intervisie.programmes.domain import (
    date_add,
    partner_accept,
    partner_add,
    programme_create,
    set_programme_status,
    set_signup_status,
    signup_create,
)
from intervisie.programmes.enums import DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, Signup

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
        running = _programme(
            slug=RUNNING_SLUG,
            name="Buiten je bubbel Utrecht",
            start=today - dt.timedelta(days=80),
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
        set_programme_status(programme=running, status=ProgrammeStatus.COMPOSING, by=kartrekker)
        log("Programma Buiten je bubbel Utrecht: groepen indelen")

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
        log("Programma Buiten je bubbel Utrecht, volgend schooljaar: werving")

    slugs = [RUNNING_SLUG, RECRUITING_SLUG]
    return {
        "programmes": Programme.objects.filter(slug__in=slugs).count(),
        "programme_signups": Signup.objects.filter(programme__slug__in=slugs).count(),
    }
