"""Invented Dutch demo data: methods, organisations, about seventy groups, demo users and memberships,
and (in ``demo_meetings``) a history of meetings, attendance and evidence for seven of the groups.

Everything here is made up: no real people, children, cases or brands. ``demo_load()`` is idempotent
(every row is keyed on a slug or an e-mail address and only written when it differs) and the groups
come from a fixed random seed, so every run gives the same data. Memberships go through the domain
functions in ``intervisie.groups.domain``, so they are audited and their e-mails land in the outbox
(delivered later by the task worker; loading never waits for it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from intervisie import geo
from intervisie.accounts.enums import Role, SupervisorRegister
from intervisie.common import demo_casework, demo_events, demo_meetings
from intervisie.groups.enums import Audience, Format, Frequency, Language, TimeOfDay

SEED = 20261124
DEMO_PASSWORD = "intervisie-demo"  # noqa: S105 - printed on purpose by `manage.py demo_logins`
# One fixed, documented TOTP secret for every demo account that must use two-factor login.
# Only for demo data: anyone who reads this file can compute the codes.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_DOMAIN = "intervisiewijzer.example"  # RFC 2606: .example never reaches a real mailbox

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

# --- People -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    key: str
    name: str
    roles: tuple[str, ...]
    phone: str = ""
    skj_number: str = ""
    skj_verified: bool = False
    registerplein_number: str = ""
    supervisor_register: str = ""
    staff: bool = False
    manages: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


R = Role
# One account per role; the password and two-factor codes are printed by `manage.py demo_logins`.
ROLE_USERS = [
    DemoUser(
        "gezinshuisouder",
        "Marloes de Graaf",
        (R.GEZINSHUISOUDER,),
        phone="06 00 00 01 01",
        skj_number="318274650",
        skj_verified=True,
        registerplein_number="461038275",
    ),
    DemoUser("jeugdzorgwerker", "Youssef El Amrani", (R.JEUGDZORGWERKER,), skj_number="402918375"),
    DemoUser("professional", "Wouter Jansen", (R.PROFESSIONAL,)),
    DemoUser(
        "begeleider",
        "Ingrid Veldkamp",
        (R.BEGELEIDER,),
        phone="06 00 00 01 04",
        supervisor_register=SupervisorRegister.LVSC,
        skj_number="227364819",
    ),
    DemoUser(
        "organisatiebeheerder", "Peter van Dam", (R.ORGANISATIEBEHEERDER,), manages=("nestwerk-gezinshuizen",)
    ),
    DemoUser("organisator", "Fatma Yıldız", (R.ORGANISATOR,)),
    DemoUser("opdrachtgever", "Joris Hendriks", (R.OPDRACHTGEVER,)),
    DemoUser("onderzoeker", "Lotte Brouwer", (R.ONDERZOEKER,)),
    DemoUser("student", "Sem Kuipers", (R.STUDENT,)),
    DemoUser("ouder", "Anouk Smit", (R.OUDER,)),
    DemoUser("jongere", "Daan Vos", (R.JONGERE,)),
    DemoUser("beheerder", "Noor Bakker", (R.BEHEERDER,), staff=True),
]
# Other invented members, so groups have people asking to join, on the waitlist and in a trial.
MEMBER_USERS = [
    DemoUser("sanne.mulder", "Sanne Mulder", (R.GEZINSHUISOUDER,), registerplein_number="461027364"),
    DemoUser("kees.van.leeuwen", "Kees van Leeuwen", (R.GEZINSHUISOUDER,)),
    DemoUser("fenna.dijkstra", "Fenna Dijkstra", (R.JEUGDZORGWERKER,), skj_number="509182736"),
    DemoUser("ahmed.benali", "Ahmed Benali", (R.JEUGDZORGWERKER,)),
    DemoUser("lieke.timmermans", "Lieke Timmermans", (R.GEZINSHUISOUDER,)),
    DemoUser("rob.schouten", "Rob Schouten", (R.GEZINSHUISOUDER,)),
    DemoUser("mirjam.koster", "Mirjam Koster", (R.PROFESSIONAL,)),
    DemoUser("thijs.bos", "Thijs Bos", (R.GEZINSHUISOUDER,)),
    # Steady members of the groups with a meeting history (demo_meetings.py).
    DemoUser("annemiek.de.boer", "Annemiek de Boer", (R.GEZINSHUISOUDER,), registerplein_number="461044912"),
    DemoUser("gert-jan.hofman", "Gert-Jan Hofman", (R.GEZINSHUISOUDER,), skj_number="604817263"),
    DemoUser(
        "priya.ramdin",
        "Priya Ramdin",
        (R.GEZINSHUISOUDER,),
        skj_number="711204589",
        registerplein_number="461090123",
    ),
    DemoUser("hanna.kroes", "Hanna Kroes", (R.GEZINSHUISOUDER,), registerplein_number="461052781"),
    DemoUser("dirk.wolters", "Dirk Wolters", (R.GEZINSHUISOUDER,)),
    DemoUser("esra.demir", "Esra Demir", (R.JEUGDZORGWERKER,), skj_number="520938471"),
    DemoUser("ilona.groen", "Ilona Groen", (R.JEUGDZORGWERKER,), skj_number="438109275"),
    DemoUser("martijn.lammers", "Martijn Lammers", (R.GEZINSHUISOUDER,), registerplein_number="461071930"),
    DemoUser("samira.ouali", "Samira Ouali", (R.JEUGDZORGWERKER,), skj_number="619283740"),
    DemoUser("tessa.van.rijn", "Tessa van Rijn", (R.GEZINSHUISOUDER,), registerplein_number="461083356"),
    DemoUser("bram.nijhuis", "Bram Nijhuis", (R.GEZINSHUISOUDER,)),
    DemoUser("yvette.pronk", "Yvette Pronk", (R.GEZINSHUISOUDER,), skj_number="350918264"),
    DemoUser("carla.wijnands", "Carla Wijnands", (R.PROFESSIONAL,)),
    DemoUser("frank.hazelaar", "Frank Hazelaar", (R.PROFESSIONAL,)),
    DemoUser("monique.tromp", "Monique Tromp", (R.PROFESSIONAL,)),
    DemoUser("jelle.hoekstra", "Jelle Hoekstra", (R.GEZINSHUISOUDER,), registerplein_number="461019284"),
    DemoUser("sietske.bouma", "Sietske Bouma", (R.GEZINSHUISOUDER,)),
    DemoUser("wietse.zijlstra", "Wietse Zijlstra", (R.GEZINSHUISOUDER,), registerplein_number="461066102"),
    DemoUser("maartje.verschuren", "Maartje Verschuren", (R.JEUGDZORGWERKER,), skj_number="482716390"),
    DemoUser("ruben.claes", "Ruben Claes", (R.GEZINSHUISOUDER,)),
    DemoUser("ellen.maas", "Ellen Maas", (R.JEUGDZORGWERKER,), skj_number="527381046"),
]
MFA_KEYS = {
    u.key
    for u in ROLE_USERS
    if u.staff or u.manages or set(u.roles) & {R.BEGELEIDER, R.ORGANISATIEBEHEERDER, R.BEHEERDER}
}

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


def _group(
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
        _group(
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
                # Room for the members with a meeting history (demo_meetings.py) and one more.
                "external_members": 2,
                "for_skj": True,
                "for_registerplein": True,
            },
        ),
        _group(
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
        _group(
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
        _group(
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
        _group(
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
        _group(
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
        _group(
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
            _group(
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
    # The steady members of the groups with a meeting history (demo_meetings.py).
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


def _upsert(model, lookup: dict, values: dict):
    """Get or create a row and only write the fields that differ, so a second run changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, False


def _load_users(log) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from intervisie.accounts.domain import platform_admin_sync, user_set_roles
    from intervisie.accounts.models import User

    password_hash = None
    users = {}
    for spec in [*ROLE_USERS, *MEMBER_USERS]:
        values = {
            "name": spec.name,
            "phone": spec.phone,
            "skj_number": spec.skj_number,
            "skj_verified": spec.skj_verified,
            "registerplein_number": spec.registerplein_number,
            "supervisor_register": spec.supervisor_register,
            # The platform admin works with the beheerder role's admin permissions, never as superuser
            # (accounts.domain.PLATFORM_ADMIN_PERMISSIONS); nothing in the demo needs a superuser.
            "is_staff": spec.staff,
            "is_superuser": False,
        }
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            # Hash once: the default hasher is slow on purpose and every demo account shares the password.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(email=spec.email, password=password_hash, **values)
            log(f"  account {spec.email}")
        else:
            _upsert(User, {"pk": user.pk}, values)
            user.refresh_from_db()
        address = EmailAddress.objects.filter(user=user, email__iexact=spec.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=spec.email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
        if set(user.role_set) != {str(r) for r in spec.roles}:
            user_set_roles(user=user, roles=spec.roles, by=None)
        if spec.staff:
            platform_admin_sync(user=user)  # also for a database loaded before the permissions existed
        if spec.key in MFA_KEYS:
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
                RecoveryCodes.activate(user)
        users[spec.key] = user
    return users


def _run_story(users: dict, groups: dict, log) -> None:
    from intervisie.groups import domain
    from intervisie.groups.models import Membership

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


def demo_load(*, log=lambda message: None) -> dict:
    """Create or update all demo data. Safe to run any number of times. Returns counts per kind."""
    from intervisie.groups.models import IntervisionGroup, Method
    from intervisie.organisations.models import Organisation

    with transaction.atomic():
        from intervisie.methods.domain import link_tags

        link_tags()  # every library method has its directory entry (as the methods migration makes them)
        methods = {m.slug: m for m in Method.objects.filter(slug__in=METHOD_SLUGS)}
        missing = sorted(set(METHOD_SLUGS) - set(methods))
        if missing:  # a library method renamed or gone: fail loudly rather than show groups without methods
            raise ValueError(f"the method library has no entry for {missing}")

        users = _load_users(log)

        orgs = {}
        for org in ORGANISATIONS:
            orgs[org.slug], _ = _upsert(
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
            group, created = _upsert(IntervisionGroup, {"slug": spec.slug}, values)
            if created:
                log(f"  groep {group.name}")
            wanted = {methods[m].pk for m in spec.methods}
            if set(group.methods.values_list("pk", flat=True)) != wanted:
                group.methods.set(wanted)
            groups[spec.slug] = group

        _run_story(users, groups, log)
        history = demo_meetings.load_meetings(users=users, groups=groups, log=log)
        history.update(demo_casework.casework_demo_load(log=log))  # issue 4: cases, session, reflections
        history.update(demo_events.events_demo_load(users=users, log=log))  # issue 5: themed events

    from intervisie.groups.models import Membership

    return {
        "methods": Method.objects.filter(slug__in=METHOD_SLUGS).count(),
        "organisations": Organisation.objects.filter(slug__in=orgs).count(),
        "groups": IntervisionGroup.objects.filter(slug__in=groups).count(),
        "users": len(users),
        "memberships": Membership.objects.filter(user__in=users.values()).count(),
        **history,
    }
