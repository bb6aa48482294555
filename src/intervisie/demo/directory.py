"""Invented directory: the library's methods by name, organisations, about seventy groups spread over
every province and online, and the membership story of the demo accounts (requests, trials, a waitlist,
a member who left, the steady members of the groups with a meeting history).

Everything here is made up: no real people, children, cases or brands. Idempotent: every row is keyed
on a slug and only written when it differs, and the groups come from a fixed random seed, so every run
gives the same data. Memberships go through the domain functions in ``intervisie.groups.domain``, so
they are audited and their e-mails land in the outbox (delivered later by the task worker; loading
never waits for it). A membership that exists already is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from intervisie import geo
from intervisie.demo.base import upsert
from intervisie.demo.people import ROLE_USERS
from intervisie.groups import domain
from intervisie.groups.enums import Audience, Format, Frequency, Language, TimeOfDay
from intervisie.groups.models import IntervisionGroup, Membership, Method
from intervisie.methods.domain import link_tags
from intervisie.organisations.models import Organisation

SEED = 20261124

# --- Methods -----------------------------------------------------------------------------------------

# The directory's methods are the method library's (seeded by the methods migrations, one list):
# the demo only names them, by the slug of their directory entry, with the library's name.
METHODS = [
    ("zes-fasen", "Intervisie in zes fasen"),
    ("tienstappenmethode-buiten-je-bubbel", "Buiten je bubbel: de tienstappenmethode"),
    ("incidentmethode", "Incidentmethode"),
    ("balintmethode", "Balintmethode"),
    ("roddelmethode", "Roddelmethode"),
    ("vijfstappenmethode", "Vijfstappenmethode"),
    ("probleemoplossende-methode", "Probleemoplossende methode"),
    ("socratisch-gesprek", "Socratisch gesprek"),
    ("tienstappenmethode", "Tienstappenmethode"),
]

# --- Organisations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    slug: str
    name: str
    kind: str
    city: str
    description: str
    provinces: tuple[str, ...]  # where its groups meet; () means anywhere
    audiences: tuple[str, ...]


A = Audience
ORGANISATIONS = [
    Org(
        "nestwerk-gezinshuizen",
        "Nestwerk Gezinshuizen",
        "franchiseorganisatie",
        "Zwolle",
        "Franchiseorganisatie voor ruim negentig gezinshuizen in het hele land. Wij ondersteunen "
        "gezinshuisouders met scholing, een vaste gedragswetenschapper en intervisie in de regio.",
        (),
        (A.GEZINSHUISOUDERS, A.GEZINSHUISOUDERS, A.INTEGRAAL),
    ),
    Org(
        "gezinshuisformule-dakpan",
        "Gezinshuisformule De Dakpan",
        "franchiseorganisatie",
        "Utrecht",
        "Een formule voor zelfstandige gezinshuizen. Je blijft ondernemer, wij regelen de contracten en "
        "zorgen dat je er niet alleen voor staat.",
        (),
        (A.GEZINSHUISOUDERS, A.GEZINSHUISOUDERS, A.INTEGRAAL),
    ),
    Org(
        "kompasrijk-jeugdhulp",
        "Stichting Kompasrijk Jeugdhulp",
        "zorgaanbieder",
        "Groningen",
        "Jeugdhulp in Groningen, Friesland en Drenthe: ambulant, pleegzorg en gezinshuizen.",
        ("GR", "FR", "DR"),
        (A.JEUGDZORGWERKERS, A.INTEGRAAL, A.GEZINSHUISOUDERS),
    ),
    Org(
        "zorggroep-wilgenhoeve",
        "Zorggroep De Wilgenhoeve",
        "zorgaanbieder",
        "Eindhoven",
        "Specialistische jeugdhulp en gezinshuizen in Brabant en Limburg.",
        ("NB", "LI"),
        (A.JEUGDZORGWERKERS, A.INTEGRAAL, A.GEZINSHUISOUDERS),
    ),
    Org(
        "jeugdhulp-zeekant",
        "Jeugdhulp Zeekant",
        "zorgaanbieder",
        "Rotterdam",
        "Jeugdhulp langs de kust van Zuid-Holland en Zeeland, met veel aandacht voor gezinshuizen.",
        ("ZH", "ZE"),
        (A.JEUGDZORGWERKERS, A.INTEGRAAL, A.PROFESSIONALS),
    ),
    Org(
        "kenniswerkplaats-oostland",
        "Kenniswerkplaats Jeugd Oostland",
        "kenniswerkplaats",
        "Enschede",
        "Samenwerking van gemeenten, jeugdhulp, onderwijs en ervaringsdeskundigen in Oost-Nederland. "
        "Wij organiseren Intervisie buiten je bubbel.",
        ("OV", "GE"),
        (A.MIXED_PUBLIC, A.PROFESSIONALS),
    ),
    Org(
        "gemeente-heideveen",
        "Gemeente Heideveen",
        "gemeente",
        "Amersfoort",
        "Een voorbeeldgemeente. Het sociaal team organiseert intervisie voor professionals rond gezinnen.",
        ("UT", "FL"),
        (A.MIXED_PUBLIC, A.PROFESSIONALS),
    ),
    Org(
        "hogeschool-zuiderpoort",
        "Hogeschool Zuiderpoort",
        "opleiding",
        "Tilburg",
        "Hbo-opleidingen pedagogiek en social work. Studenten uit jaar 3 en 4 doen mee aan gemengde groepen.",
        ("NB", "ZE", "LI"),
        (A.MIXED_PUBLIC, A.PROFESSIONALS),
    ),
    Org(
        "praktijk-veldkamp",
        "Praktijk Veldkamp Supervisie & Intervisie",
        "other",
        "Soest",
        "Zelfstandig begeleider, geregistreerd supervisor bij de LVSC. Begeleidt intervisie voor "
        "gezinshuisouders, jeugdprofessionals en leidinggevenden.",
        ("UT", "GE", "NH", "FL"),
        (A.GEZINSHUISOUDERS, A.EXECUTIVES, A.INTEGRAAL),
    ),
    Org(
        "bureau-ten-bosch",
        "Bureau Ten Bosch Coaching",
        "other",
        "Maastricht",
        "Zelfstandig coach en intervisor in Zuid-Nederland. Veel ervaring met leidinggevenden in de zorg.",
        ("LI", "NB"),
        (A.EXECUTIVES, A.PROFESSIONALS, A.GEZINSHUISOUDERS),
    ),
]
ORG_BY_SLUG = {o.slug: o for o in ORGANISATIONS}

# --- Places (all known to intervisie.geo; municipality where it differs from the place) -------------

PLACES = {
    "DR": [("Assen", ""), ("Emmen", ""), ("Hoogeveen", ""), ("Meppel", "")],
    "FL": [("Lelystad", ""), ("Emmeloord", "Noordoostpolder"), ("Dronten", "")],
    "FR": [
        ("Leeuwarden", ""),
        ("Drachten", "Smallingerland"),
        ("Sneek", "Súdwest-Fryslân"),
        ("Heerenveen", ""),
    ],
    "GE": [
        ("Arnhem", ""),
        ("Nijmegen", ""),
        ("Apeldoorn", ""),
        ("Ede", ""),
        ("Zutphen", ""),
        ("Doetinchem", ""),
        ("Harderwijk", ""),
        ("Tiel", ""),
    ],
    "GR": [("Groningen", ""), ("Veendam", ""), ("Winschoten", "Oldambt"), ("Stadskanaal", "")],
    "LI": [
        ("Maastricht", ""),
        ("Venlo", ""),
        ("Roermond", ""),
        ("Heerlen", ""),
        ("Sittard", "Sittard-Geleen"),
        ("Weert", ""),
    ],
    "NB": [
        ("Eindhoven", ""),
        ("Tilburg", ""),
        ("Breda", ""),
        ("'s-Hertogenbosch", ""),
        ("Helmond", ""),
        ("Oss", ""),
        ("Bergen op Zoom", ""),
        ("Uden", "Maashorst"),
    ],
    "NH": [
        ("Haarlem", ""),
        ("Alkmaar", ""),
        ("Amsterdam", ""),
        ("Hoorn", ""),
        ("Zaandam", "Zaanstad"),
        ("Hilversum", ""),
        ("Purmerend", ""),
    ],
    "OV": [
        ("Zwolle", ""),
        ("Enschede", ""),
        ("Deventer", ""),
        ("Hengelo", ""),
        ("Almelo", ""),
        ("Kampen", ""),
    ],
    "UT": [
        ("Utrecht", ""),
        ("Amersfoort", ""),
        ("Zeist", ""),
        ("Soest", ""),
        ("Veenendaal", ""),
        ("Houten", ""),
        ("Nieuwegein", ""),
    ],
    "ZE": [
        ("Middelburg", ""),
        ("Goes", ""),
        ("Terneuzen", ""),
        ("Vlissingen", ""),
        ("Zierikzee", "Schouwen-Duiveland"),
    ],
    "ZH": [
        ("Rotterdam", ""),
        ("Den Haag", ""),
        ("Leiden", ""),
        ("Dordrecht", ""),
        ("Gouda", ""),
        ("Delft", ""),
        ("Zoetermeer", ""),
    ],
}
# How many generated groups meet in each province (the online groups come on top).
PROVINCE_COUNTS = {
    "DR": 4,
    "FL": 3,
    "FR": 4,
    "GE": 7,
    "GR": 4,
    "LI": 5,
    "NB": 7,
    "NH": 6,
    "OV": 5,
    "UT": 5,
    "ZE": 3,
    "ZH": 7,
}
ONLINE_COUNT = 6

BEGELEIDERS = [  # invented names of begeleiders without an account
    ("Marieke Hoogland", "LVSC"),
    ("Ruud Verbeek", "NVO"),
    ("Esther Kalkman", "NIP"),
    ("Hans Oldenburger", "LVSC"),
    ("Petra Zwart", "NVRG"),
    ("Karin Wessels", "VGCT"),
    ("Bas Roelofs", "LVSC"),
    ("Yvonne Tersteeg", "NVO"),
    ("Mohamed Bouali", "NIP"),
    ("Annelies de Wit", "LVSC"),
]
CONTACTS = [
    "Linda Postma",
    "Jeroen Kok",
    "Hanneke Brink",
    "Erik Scholten",
    "Saskia Meijer",
    "Ilse van Wijk",
    "Marco Peters",
    "Nadia Haddou",
    "Gerrit Bosman",
    "Wendy Verhoef",
]
THEMES = [
    "traumasensitief werken",
    "GGZ in het gezinshuis",
    "hechting",
    "samenwerken met ouders",
    "grenzen stellen",
    "de eerste jaren",
    "loyaliteit",
    "pubers in huis",
    "rouw en verlies",
    "je eigen veerkracht",
]

# --- Groups -----------------------------------------------------------------------------------------

NAME_PREFIXES = {
    A.GEZINSHUISOUDERS: [
        "Intervisiegroep gezinshuisouders",
        "Leerkring gezinshuisouders",
        "GHO-intervisie",
        "Gezinshuisouders in gesprek",
    ],
    A.JEUGDZORGWERKERS: [
        "Intervisie jeugdzorgwerkers",
        "Reflectiegroep jeugdhulp",
        "Collegiaal consult jeugdzorg",
    ],
    A.INTEGRAAL: [
        "Integrale intervisie",
        "Samen sterker: gezinshuis en jeugdhulp",
        "Intervisie gezinshuis en ambulant",
    ],
    A.PROFESSIONALS: [
        "Intervisie jeugd- en gezinsprofessionals",
        "Reflectiekring wijkteams",
        "Intervisie pleegzorg en gezinshuis",
    ],
    A.MIXED_PUBLIC: ["Buiten je bubbel", "Intervisie buiten je bubbel"],
    A.EXECUTIVES: ["Intervisie voor leidinggevenden", "Bestuurderskring", "Leiderschapsintervisie"],
}
INTROS = {
    A.GEZINSHUISOUDERS: "Ben je gezinshuisouder en wil je praten met mensen die weten hoe het is om je huis te "
    "delen met kinderen die het zwaar hebben? In deze groep bespreek je vragen uit je eigen "
    "gezinshuis.",
    A.JEUGDZORGWERKERS: "Deze groep is voor jeugdzorgwerkers die willen leren van elkaars praktijk. Je brengt "
    "situaties in uit je werk met kinderen, jongeren en gezinnen.",
    A.INTEGRAAL: "In deze groep zitten gezinshuisouders en jeugdzorgwerkers samen. Zo hoor je hoe de ander naar "
    "dezelfde situatie kijkt, en leer je elkaars werk beter kennen.",
    A.PROFESSIONALS: "Deze groep is voor professionals rond kind en gezin, zoals wijkteammedewerkers, "
    "pleegzorgbegeleiders en gedragswetenschappers.",
    A.MIXED_PUBLIC: "Intervisie buiten je bubbel: professionals, studenten, ouders en jongeren praten samen. Er "
    "staat geen urgente casus centraal. Het gaat over ieders rol en over hoe je beter "
    "samenwerkt.",
    A.EXECUTIVES: "Deze groep is voor leidinggevenden en bestuurders uit verschillende organisaties, liefst niet "
    "uit dezelfde branche. Per keer bespreek je twee of drie situaties uit je eigen werk.",
}
METHOD_SLUGS = [m[0] for m in METHODS]
METHOD_NAMES = {m[0]: m[1] for m in METHODS}
FREQUENCIES = [
    Frequency.SIX_WEEKLY,
    Frequency.SIX_WEEKLY,
    Frequency.MONTHLY,
    Frequency.MONTHLY,
    Frequency.SIX_PER_YEAR,
    Frequency.BIWEEKLY,
    Frequency.FIVE_PER_SCHOOL_YEAR,
    Frequency.QUARTERLY,
    Frequency.WEEKLY,
]
START_TIMES = {
    TimeOfDay.MORNING: [time(9, 0), time(9, 30), time(10, 0)],
    TimeOfDay.AFTERNOON: [time(13, 0), time(13, 30), time(14, 0), time(16, 0)],
    TimeOfDay.EVENING: [time(19, 0), time(19, 30), time(20, 0)],
}
COSTS = [0, 0, 0, 0, 75, 120, 150, 240, 295, 350, 450, 600, 750]
MINUTES = [90, 120, 120, 120, 150, 180, 210, 240]
FIRST_START = date(2025, 9, 1)  # fixed, so every run gives the same dates


@dataclass
class GroupSpec:
    """One demo group; ``fields`` are IntervisionGroup fields, ``methods`` method slugs."""

    slug: str
    org: str
    fields: dict
    methods: list[str]
    begeleider_key: str = ""  # a demo account that is the group's begeleider
    memberships: list = field(default_factory=list)


def _description(
    *, audience, methods, theme, has_begeleider, register, fmt, place, for_skj, for_rp, begeleider_key
) -> str:
    names = [METHOD_NAMES[m] for m in methods]
    parts = [INTROS[audience]]
    if theme:
        parts.append(f"Het thema van dit jaar is {theme}.")
    if len(names) == 1:
        parts.append(f"We werken met de methode {names[0]}.")
    else:
        parts.append(f"We werken met de methodes {', '.join(names[:-1])} en {names[-1]}.")
    if has_begeleider:
        who = "Ingrid Veldkamp" if begeleider_key else "een ervaren begeleider"
        parts.append(
            f"De bijeenkomsten worden geleid door {who} (geregistreerd bij {register}). "
            "De begeleider let op de structuur, zodat jij je kunt richten op de inhoud."
        )
    else:
        parts.append("De groep werkt zonder begeleider. De leden zijn om de beurt voorzitter en tijdbewaker.")
    if fmt == Format.ONLINE:
        parts.append(
            "We komen online samen met video. Zet je camera aan en zoek een rustige plek, zodat "
            "niemand kan meeluisteren."
        )
    elif fmt == Format.HYBRID:
        parts.append(f"Je kunt in {place} meedoen of online inbellen. Dat scheelt reistijd in drukke weken.")
    else:
        parts.append(f"We komen samen in {place}, op een rustige plek buiten het gezinshuis of de werkplek.")
    if for_skj and for_rp:
        parts.append(
            "De groep is opgezet volgens de reflectie-eisen van SKJ en Registerplein. Je krijgt een "
            "aanwezigheidslijst die je in je portfolio kunt gebruiken."
        )
    elif for_skj:
        parts.append(
            "De groep is opgezet volgens de reflectie-eisen van SKJ. Je krijgt een aanwezigheidslijst "
            "voor Mijn SKJ."
        )
    elif for_rp:
        parts.append(
            "De groep is opgezet volgens de reflectie-eisen van Registerplein. Je krijgt een "
            "aanwezigheidslijst voor je portfolio."
        )
    parts.append(
        "Wat in de groep gezegd wordt, blijft in de groep. Nieuwe leden starten met een kennismaking "
        "en een proefperiode."
    )
    return " ".join(parts)


def group_spec(
    rng: random.Random,
    *,
    name: str,
    org: Org,
    audience: str,
    fmt: str,
    place: str,
    municipality: str,
    province: str,
    status: str,
    begeleider_key: str = "",
    methods: list[str] | None = None,
    theme: str = "",
    overrides: dict | None = None,
) -> GroupSpec:
    """Fill in every attribute of a group in a varied but realistic way."""
    overrides = overrides or {}
    if methods is None:
        if audience == A.MIXED_PUBLIC:
            methods = ["tienstappenmethode-buiten-je-bubbel"]
            if rng.random() < 0.4:
                methods.append("socratisch-gesprek")
        else:
            methods = rng.sample(METHOD_SLUGS, rng.choice([1, 2, 2, 3]))
    has_begeleider = bool(begeleider_key) or audience in (A.MIXED_PUBLIC, A.EXECUTIVES) or rng.random() < 0.65
    if begeleider_key:
        begeleider_name, register = "Ingrid Veldkamp", "LVSC"
    elif has_begeleider:
        begeleider_name, register = rng.choice(BEGELEIDERS)
    else:
        begeleider_name, register = "", ""
    if audience == A.EXECUTIVES:
        min_members, max_members = 5, 7
        frequency, time_of_day, start_time, minutes = (
            Frequency.SIX_PER_YEAR,
            TimeOfDay.AFTERNOON,
            time(16, 0),
            210,
        )
        cost = rng.choice([950, 1150, 1495])
    else:
        min_members = rng.choice([3, 4, 4, 5, 6])
        max_members = max(min_members + 2, rng.choice([6, 6, 8, 8, 8, 10, 12]))
        if "zes-fasen" in methods:
            min_members, max_members = 8, 10  # the six-phase method is run with 8-10 people
        frequency = rng.choice(FREQUENCIES)
        if audience == A.MIXED_PUBLIC:
            frequency = Frequency.FIVE_PER_SCHOOL_YEAR  # students join: plan along the school year
        time_of_day = rng.choice(
            [TimeOfDay.MORNING, TimeOfDay.AFTERNOON, TimeOfDay.EVENING, TimeOfDay.EVENING]
        )
        start_time = rng.choice(START_TIMES[time_of_day])
        minutes = rng.choice(MINUTES)
        cost = rng.choice(COSTS) if has_begeleider else rng.choice([0, 0, 0, 25, 50])
    for_skj, for_rp = rng.choice([(True, True), (True, True), (True, False), (False, True), (False, False)])
    if audience in (A.GEZINSHUISOUDERS, A.INTEGRAAL) and not (for_skj or for_rp):
        for_rp = True  # the Register Gezinshuisouders is run by Registerplein
    is_closed, has_waitlist = False, True
    if status == "open":
        external = max(0, max_members - rng.choice([1, 2, 3, 3, 4]))
    elif status == "roomy":  # plenty of places: the demo memberships go here
        external = max(0, max_members - 5)
    elif status == "waitlist":
        external = max_members
    elif status == "full":
        external, has_waitlist = max_members, False
    else:  # closed
        external, is_closed = rng.randint(min_members, max_members), True
    language = rng.choice([Language.DUTCH] * 16 + [Language.BOTH, Language.BOTH, Language.ENGLISH])
    contact = rng.choice(CONTACTS)
    weekday = (
        rng.choice([1, 2, 2, 3, 3, 4, 4, 5, None])
        if time_of_day != TimeOfDay.EVENING
        else rng.choice([1, 2, 3, 4])
    )
    if audience == A.EXECUTIVES:
        weekday = rng.choice([2, 4])
    start_date = FIRST_START + timedelta(days=7 * rng.randint(0, 90))
    description = _description(
        audience=audience,
        methods=methods,
        theme=theme,
        has_begeleider=has_begeleider,
        register=register,
        fmt=fmt,
        place=place,
        for_skj=for_skj,
        for_rp=for_rp,
        begeleider_key=begeleider_key,
    )
    if language == Language.ENGLISH:
        description += " We spreken Engels, zodat ook collega's meedoen die (nog) weinig Nederlands spreken."
    elif language == Language.BOTH:
        description += " We spreken Nederlands, en Engels als iemand dat nodig heeft."
    fields = {
        "name": name,
        "organisation_slug": org.slug,
        "description": description,
        "audience": audience,
        "format": fmt,
        "place": place,
        "municipality": municipality or place,
        "province": province,
        "has_begeleider": has_begeleider,
        "begeleider_name": begeleider_name,
        "begeleider_register": register,
        "for_skj": for_skj,
        "for_registerplein": for_rp,
        "min_members": min_members,
        "max_members": max_members,
        "external_members": external,
        "is_closed": is_closed,
        "has_waitlist": has_waitlist,
        "frequency": frequency,
        "weekday": weekday,
        "time_of_day": time_of_day,
        "start_time": start_time,
        "meeting_minutes": minutes,
        "start_date": start_date,
        "cost_per_year": Decimal(cost),
        "language": language,
        "contact_name": contact,
        "contact_email": f"intervisie@{org.slug}.example",
        "contact_phone": f"06 00 00 {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "is_published": True,
    }
    if fmt == Format.ONLINE:
        fields.update(place="", municipality="", province="")
    fields.update(overrides)
    return GroupSpec(
        slug=slugify(name)[:140], org=org.slug, fields=fields, methods=methods, begeleider_key=begeleider_key
    )


# The groups the demo story is built on (memberships below). Fixed names, so they are easy to find.
def _story_groups(rng: random.Random) -> list[GroupSpec]:
    org = ORG_BY_SLUG
    return [
        group_spec(
            rng,
            name="Leerkring gezinshuisouders Amersfoort",
            org=org["nestwerk-gezinshuizen"],
            audience=A.GEZINSHUISOUDERS,
            fmt=Format.IN_PERSON,
            place="Amersfoort",
            municipality="",
            province="UT",
            status="roomy",
            begeleider_key="begeleider",
            methods=["zes-fasen"],
            theme="traumasensitief werken",
            overrides={
                "frequency": Frequency.SIX_WEEKLY,
                "weekday": 2,
                "time_of_day": TimeOfDay.EVENING,
                "start_time": time(19, 30),
                "meeting_minutes": 120,
                "cost_per_year": Decimal(0),
                # Room for the members with a meeting history (demo/meetings.py) and one more.
                "external_members": 2,
                "for_skj": True,
                "for_registerplein": True,
            },
        ),
        group_spec(
            rng,
            name="Intervisiegroep gezinshuisouders Zwolle",
            org=org["nestwerk-gezinshuizen"],
            audience=A.GEZINSHUISOUDERS,
            fmt=Format.HYBRID,
            place="Zwolle",
            municipality="",
            province="OV",
            status="roomy",
            begeleider_key="begeleider",
            methods=["incidentmethode", "roddelmethode"],
            overrides={"meeting_minutes": 120, "external_members": 5},
        ),
        group_spec(
            rng,
            name="GHO-intervisie Utrecht – hechting",
            org=org["gezinshuisformule-dakpan"],
            audience=A.GEZINSHUISOUDERS,
            fmt=Format.IN_PERSON,
            place="Utrecht",
            municipality="",
            province="UT",
            status="waitlist",
            methods=["balintmethode", "vijfstappenmethode"],
            theme="hechting",
        ),
        group_spec(
            rng,
            name="Integrale intervisie Apeldoorn",
            org=org["praktijk-veldkamp"],
            audience=A.INTEGRAAL,
            fmt=Format.IN_PERSON,
            place="Apeldoorn",
            municipality="",
            province="GE",
            status="roomy",
            begeleider_key="begeleider",
            methods=["probleemoplossende-methode"],
            # Monday: the demo begeleider leads the online group on Thursday evening.
            overrides={
                "meeting_minutes": 120,
                "external_members": 1,
                "weekday": 1,
                "start_time": time(20, 0),
            },
        ),
        group_spec(
            rng,
            name="Online intervisie gezinshuisouders – avondgroep",
            org=org["praktijk-veldkamp"],
            audience=A.GEZINSHUISOUDERS,
            fmt=Format.ONLINE,
            place="",
            municipality="",
            province="",
            status="roomy",
            begeleider_key="begeleider",
            methods=["zes-fasen", "incidentmethode"],
            overrides={
                "time_of_day": TimeOfDay.EVENING,
                "start_time": time(20, 0),
                "weekday": 4,
                "meeting_minutes": 120,
                "external_members": 3,
            },
        ),
        group_spec(
            rng,
            name="Intervisie voor leidinggevenden Soest",
            org=org["praktijk-veldkamp"],
            audience=A.EXECUTIVES,
            fmt=Format.IN_PERSON,
            place="Soest",
            municipality="",
            province="UT",
            status="roomy",
            begeleider_key="begeleider",
            methods=["incidentmethode", "socratisch-gesprek"],
            overrides={"cost_per_year": Decimal(950), "meeting_minutes": 180, "external_members": 2},
        ),
        group_spec(
            rng,
            name="Nieuwe groep gezinshuisouders Deventer (concept)",
            org=org["nestwerk-gezinshuizen"],
            audience=A.GEZINSHUISOUDERS,
            fmt=Format.IN_PERSON,
            place="Deventer",
            municipality="",
            province="OV",
            status="open",
            overrides={"is_published": False},
        ),
    ]


def demo_groups() -> list[GroupSpec]:
    """All demo groups, the same on every call (fixed seed, no database access)."""
    rng = random.Random(SEED)
    specs = _story_groups(rng)
    names = {s.fields["name"] for s in specs}
    statuses = ["open"] * 6 + ["waitlist"] * 2 + ["full", "closed"]
    audiences_any = [A.GEZINSHUISOUDERS, A.JEUGDZORGWERKERS, A.INTEGRAAL, A.PROFESSIONALS]
    slots = [(prov, None) for prov, count in PROVINCE_COUNTS.items() for _ in range(count)]
    slots += [("", Format.ONLINE)] * ONLINE_COUNT
    for province, fmt in slots:
        # Regional organisations run most groups in their own region; the national franchises fill in.
        if province:
            orgs = [o for o in ORGANISATIONS if not o.provinces] + [
                o for o in ORGANISATIONS if province in o.provinces
            ] * 2
        else:
            orgs = [o for o in ORGANISATIONS if o.kind in ("franchiseorganisatie", "other", "zorgaanbieder")]
        org = rng.choice(orgs)
        own_audiences = rng.random() < 0.8 or org.kind in ("kenniswerkplaats", "gemeente", "opleiding")
        audience = rng.choice(org.audiences) if own_audiences else rng.choice(audiences_any)
        if fmt is None:
            fmt = rng.choice([Format.IN_PERSON] * 4 + [Format.HYBRID])
        place, municipality = rng.choice(PLACES[province]) if province else ("", "")
        theme = rng.choice(THEMES) if rng.random() < 0.45 and audience != A.EXECUTIVES else ""
        prefix = rng.choice(NAME_PREFIXES[audience])
        where = place or rng.choice(["landelijk", "Noord", "Zuid", "Oost", "West", "Midden"])
        name = f"{prefix} {where}" if place else f"{prefix} online ({where})"
        if theme:
            name += f" – {theme}"
        n = 2
        base = name
        while name in names:
            name, n = f"{base} {n}", n + 1
        names.add(name)
        status = statuses[rng.randrange(len(statuses))]
        specs.append(
            group_spec(
                rng,
                name=name,
                org=org,
                audience=audience,
                fmt=fmt,
                place=place,
                municipality=municipality,
                province=province,
                status=status,
                theme=theme,
            )
        )
    return specs


MEMBER_STEPS = ["request", "accept", "trial", "confirm"]
# Memberships of the demo story: (user key, group slug, steps). Steps are domain verbs, in order.
# The demo gezinshuisouder left the group in Apeldoorn (history), is a member in Amersfoort (switched),
# waits for an answer in Zwolle and is second on the waitlist in Utrecht.
STORY = [
    ("gezinshuisouder", "integrale-intervisie-apeldoorn", ["request", "accept", "confirm", "leave"]),
    ("gezinshuisouder", "leerkring-gezinshuisouders-amersfoort", ["request", "accept", "trial", "confirm"]),
    ("sanne.mulder", "leerkring-gezinshuisouders-amersfoort", ["request", "accept", "trial"]),
    ("kees.van.leeuwen", "leerkring-gezinshuisouders-amersfoort", ["request", "accept"]),
    ("fenna.dijkstra", "leerkring-gezinshuisouders-amersfoort", ["request"]),
    (
        "lieke.timmermans",
        "intervisiegroep-gezinshuisouders-zwolle",
        ["request", "accept", "trial", "confirm"],
    ),
    ("ahmed.benali", "intervisiegroep-gezinshuisouders-zwolle", ["request"]),
    ("gezinshuisouder", "intervisiegroep-gezinshuisouders-zwolle", ["request"]),
    ("rob.schouten", "gho-intervisie-utrecht-hechting", ["request"]),
    ("gezinshuisouder", "gho-intervisie-utrecht-hechting", ["request"]),
    ("mirjam.koster", "online-intervisie-gezinshuisouders-avondgroep", ["request"]),
    ("thijs.bos", "online-intervisie-gezinshuisouders-avondgroep", ["request"]),
    ("jeugdzorgwerker", "online-intervisie-gezinshuisouders-avondgroep", ["request", "accept"]),
    ("opdrachtgever", "intervisie-voor-leidinggevenden-soest", ["request"]),
    # The jeugdzorgwerker is a steady member of the integral group in Apeldoorn (meeting history).
    ("jeugdzorgwerker", "integrale-intervisie-apeldoorn", MEMBER_STEPS),
    # The steady members of the groups with a meeting history (demo/meetings.py).
    ("annemiek.de.boer", "leerkring-gezinshuisouders-amersfoort", MEMBER_STEPS),
    ("gert-jan.hofman", "leerkring-gezinshuisouders-amersfoort", MEMBER_STEPS),
    ("priya.ramdin", "leerkring-gezinshuisouders-amersfoort", MEMBER_STEPS),
    ("hanna.kroes", "intervisiegroep-gezinshuisouders-zwolle", MEMBER_STEPS),
    ("dirk.wolters", "intervisiegroep-gezinshuisouders-zwolle", MEMBER_STEPS),
    ("esra.demir", "intervisiegroep-gezinshuisouders-zwolle", MEMBER_STEPS),
    ("ilona.groen", "integrale-intervisie-apeldoorn", MEMBER_STEPS),
    ("martijn.lammers", "integrale-intervisie-apeldoorn", MEMBER_STEPS),
    ("samira.ouali", "integrale-intervisie-apeldoorn", MEMBER_STEPS),
    ("tessa.van.rijn", "online-intervisie-gezinshuisouders-avondgroep", MEMBER_STEPS),
    ("bram.nijhuis", "online-intervisie-gezinshuisouders-avondgroep", MEMBER_STEPS),
    ("yvette.pronk", "online-intervisie-gezinshuisouders-avondgroep", MEMBER_STEPS),
    ("carla.wijnands", "intervisie-voor-leidinggevenden-soest", MEMBER_STEPS),
    ("frank.hazelaar", "intervisie-voor-leidinggevenden-soest", MEMBER_STEPS),
    ("monique.tromp", "intervisie-voor-leidinggevenden-soest", MEMBER_STEPS),
    # Two generated groups without a begeleider account: a member plans and registers attendance.
    ("jelle.hoekstra", "gho-intervisie-drachten", MEMBER_STEPS),
    ("sietske.bouma", "gho-intervisie-drachten", MEMBER_STEPS),
    ("wietse.zijlstra", "gho-intervisie-drachten", MEMBER_STEPS),
    ("maartje.verschuren", "integrale-intervisie-online-zuid", MEMBER_STEPS),
    ("ruben.claes", "integrale-intervisie-online-zuid", MEMBER_STEPS),
    ("ellen.maas", "integrale-intervisie-online-zuid", MEMBER_STEPS),
]
MOTIVATIONS = {
    "gezinshuisouder": "Wij hebben sinds twee jaar een gezinshuis met drie kinderen. Ik zoek een vaste groep "
    "om vragen over hechting en grenzen te bespreken.",
    "sanne.mulder": "Ik ben net gestart als gezinshuisouder en wil graag leren van ervaren collega's.",
    "kees.van.leeuwen": "Mijn vorige groep is gestopt. Ik mis het sparren met andere gezinshuisouders.",
    "fenna.dijkstra": "Als jeugdzorgwerker werk ik veel samen met gezinshuizen. Ik wil hun kant beter begrijpen.",
    "lieke.timmermans": "Ik zoek een groep dicht bij huis, op een avond.",
    "ahmed.benali": "Ik wil mijn reflectie-uren voor SKJ halen in een groep met vaste mensen.",
    "rob.schouten": "Graag in een groep met een begeleider, ik heb nog weinig ervaring met intervisie.",
    "mirjam.koster": "Online past het beste bij mijn rooster.",
    "thijs.bos": "Ik woon in een klein dorp; online scheelt mij veel reistijd.",
    "jeugdzorgwerker": "Ik begeleid twee gezinshuizen en wil weten waar gezinshuisouders tegenaan lopen.",
    "opdrachtgever": "Ik ben manager van een team jeugdhulp en zoek een plek om over leiderschap te praten.",
    "annemiek.de.boer": "Wij hebben al acht jaar een gezinshuis. Ik wil graag blijven leren, samen met anderen.",
    "gert-jan.hofman": "Ik zoek een vaste groep in de buurt, met een begeleider die de structuur bewaakt.",
    "priya.ramdin": "Ik wil mijn reflectie-uren halen in een groep waar je echt de diepte in gaat.",
    "hanna.kroes": "Ik wil sparren met andere gezinshuisouders over pubers en hun ouders.",
    "dirk.wolters": "Mijn vrouw en ik hebben sinds kort een gezinshuis. Ik wil horen hoe anderen het doen.",
    "esra.demir": "Ik werk als jeugdzorgwerker met gezinshuizen en wil hun kant beter leren kennen.",
    "ilona.groen": "Ik wil intervisie met mensen buiten mijn eigen team.",
    "martijn.lammers": "Ik zoek een groep waar gezinshuisouders en jeugdhulp samen leren.",
    "samira.ouali": "Ik wil graag intervisie met een vaste groep, op een avond.",
    "tessa.van.rijn": "Online past het best: wij wonen ver weg en hebben vier kinderen in huis.",
    "bram.nijhuis": "Ik wil 's avonds intervisie, als de kinderen slapen.",
    "yvette.pronk": "Ik zoek een vaste online groep om vragen uit ons gezinshuis te bespreken.",
    "carla.wijnands": "Ik ben teamleider en wil praten met leidinggevenden buiten mijn eigen organisatie.",
    "frank.hazelaar": "Als bestuurder zoek ik een plek om over lastige keuzes te praten.",
    "monique.tromp": "Ik ben sinds kort manager en wil leren van ervaren collega's.",
    "jelle.hoekstra": "Wij zoeken een groep in Friesland, dicht bij huis.",
    "sietske.bouma": "Ik wil graag intervisie met andere gezinshuisouders uit de regio.",
    "wietse.zijlstra": "Onze vorige groep is gestopt. Ik zoek een nieuwe vaste groep.",
    "maartje.verschuren": "Ik wil intervisie met gezinshuisouders en jeugdhulp samen, online.",
    "ruben.claes": "Online scheelt mij veel reistijd.",
    "ellen.maas": "Ik wil mijn reflectie-uren halen en leren van mensen uit andere organisaties.",
}
LEAVE_REASON = "Ik ben verhuisd en zoek een groep dichter bij huis."


# --- Loading ----------------------------------------------------------------------------------------


def directory_demo_load(*, users: dict, log=lambda message: None) -> dict:
    """Create or update the methods' directory entries, the organisations (with the demo manager), the
    groups and the membership story. Returns the demo groups by slug."""
    link_tags()  # every library method has its directory entry (as the methods migration makes them)
    methods = {m.slug: m for m in Method.objects.filter(slug__in=METHOD_SLUGS)}
    missing = sorted(set(METHOD_SLUGS) - set(methods))
    if missing:  # a library method renamed or gone: fail loudly rather than show groups without methods
        raise ValueError(f"the method library has no entry for {missing}")
    orgs = {}
    for org in ORGANISATIONS:
        orgs[org.slug], _ = upsert(
            Organisation,
            {"slug": org.slug},
            {
                "name": org.name,
                "kind": org.kind,
                "city": org.city,
                "description": org.description,
                "email": f"info@{org.slug}.example",
                "website": f"https://www.{org.slug}.example/",
            },
        )
    for spec in ROLE_USERS:
        for slug in spec.manages:
            orgs[slug].managers.add(users[spec.key])

    groups = {}
    for spec in demo_groups():
        values = dict(spec.fields)
        values["organisation"] = orgs[values.pop("organisation_slug")]
        values["begeleider"] = users[spec.begeleider_key] if spec.begeleider_key else None
        if values["place"]:
            location = geo.locate(values["place"])
            if location is None:  # a typo in PLACES; fail loudly rather than show a group without a map
                raise ValueError(f"geo does not know {values['place']!r}")
            values.update(
                latitude=location.latitude, longitude=location.longitude, province=location.province
            )
        else:
            values.update(latitude=None, longitude=None)
        group, created = upsert(IntervisionGroup, {"slug": spec.slug}, values)
        if created:
            log(f"  groep {group.name}")
        wanted = {methods[m].pk for m in spec.methods}
        if set(group.methods.values_list("pk", flat=True)) != wanted:
            group.methods.set(wanted)
        groups[spec.slug] = group

    _run_story(users, groups, log)
    return groups


def directory_counts(*, users: dict, groups: dict) -> dict:
    """How many methods, organisations, groups and memberships of demo accounts there are."""
    return {
        "methods": Method.objects.filter(slug__in=METHOD_SLUGS).count(),
        "organisations": Organisation.objects.filter(slug__in=ORG_BY_SLUG).count(),
        "groups": IntervisionGroup.objects.filter(slug__in=groups).count(),
        "memberships": Membership.objects.filter(user__in=users.values()).count(),
    }


def _run_story(users: dict, groups: dict, log) -> None:
    """Walk each membership of ``STORY`` through its domain verbs, one savepoint per membership."""
    verbs = {
        "accept": domain.membership_accept,
        "trial": domain.membership_start_trial,
        "confirm": domain.membership_confirm,
    }
    for key, slug, steps in STORY:
        user, group = users[key], groups.get(slug)
        if group is None:  # a generated group whose name changed with the generator
            log(f"  overgeslagen: {key} bij {slug}: die groep bestaat niet")
            continue
        if Membership.objects.filter(user=user, group=group).exists():
            continue  # done in an earlier run (or changed by hand since): leave it alone
        manager = (
            users["begeleider"]
            if group.begeleider_id == users["begeleider"].pk
            else group.organisation.managers.first() or users["beheerder"]
        )
        try:
            with transaction.atomic():
                membership = None
                for step in steps:
                    if step == "request":
                        membership = domain.membership_request(
                            user=user, group=group, motivation=MOTIVATIONS[key]
                        )
                    elif step == "leave":
                        membership = domain.membership_leave(
                            membership=membership, by=user, reason=LEAVE_REASON
                        )
                    else:
                        membership = verbs[step](membership=membership, by=manager)
        except domain.MembershipError as exc:
            log(f"  overgeslagen: {key} bij {slug}: {exc}")
