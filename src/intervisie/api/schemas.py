"""Typed schemas of the public API. Only what the public directory shows: never member lists,
membership data or account details (e-mail addresses of users) of anyone.

The contact fields of a group are public on purpose: a group publishes them to be contacted.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import Annotated, Literal

from ninja import Field, Schema

from intervisie.directory.filters import DISTANCE_CHOICES, SORT_CHOICES
from intervisie.groups.enums import Audience, Format, GroupStatus, Province, Weekday

# A group meets at a clock time in the Netherlands: "19:30" in winter (+01:00) and in summer (+02:00)
# alike, so there is no fixed offset to send. JSON Schema's format "time" demands one; the schema says
# what the answer holds instead.
LocalTime = Annotated[
    str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$", examples=["19:30:00"])
]


class Choice(Schema):
    """A coded value with its label in the request's language (Dutch unless asked otherwise)."""

    code: str
    label: str


class WeekdayChoice(Schema):
    code: int = Field(..., description="1 = maandag … 7 = zondag")
    label: str


class MethodOut(Schema):
    slug: str
    name: str
    summary: str = ""


class OrganisationRef(Schema):
    slug: str
    name: str
    kind: Choice
    website: str = ""


class OrganisationOut(OrganisationRef):
    city: str = ""
    email: str = Field("", description="Het algemene e-mailadres van de organisatie.")
    description: str = ""
    group_count: int = Field(..., description="Aantal groepen van deze organisatie in het overzicht.")


class FitReasonOut(Schema):
    verdict: str = Field(..., description="`meets` (voldoet), `fails` (voldoet niet) of `note` (opmerking).")
    text: str


class RegisterFitOut(Schema):
    code: str = Field(
        ..., description="Code van het register, bijvoorbeeld `skj-jeugd-en-gezinsprofessional`."
    )
    name: str
    body: str = Field(..., description="SKJ of Registerplein.")
    fits: bool
    reasons: list[FitReasonOut]


class GroupOut(Schema):
    slug: str
    name: str
    url: str = Field(..., description="De pagina van de groep op Intervisiewijzer.")
    organisation: OrganisationRef
    description: str
    audience: Choice
    format: Choice
    place: str
    municipality: str
    province: Choice | None
    latitude: float | None
    longitude: float | None
    methods: list[MethodOut]
    has_begeleider: bool
    begeleider_name: str
    begeleider_register: Choice | None
    for_skj: bool = Field(
        ..., description="De groep geeft zelf aan dat ze past bij de reflectie-eisen van SKJ (een claim)."
    )
    for_registerplein: bool = Field(
        ...,
        description="De groep geeft zelf aan dat ze past bij de reflectie-eisen van Registerplein (een claim).",
    )
    register_fit: list[RegisterFitOut] = Field(
        ...,
        description="Per register: of de groep voldoet aan de regels van het register (duur, hoe vaak, "
        "groepsgrootte, begeleider), uitgerekend door Intervisiewijzer, met de redenen. Dit gebruikt het "
        "filter `register`.",
    )
    min_members: int
    max_members: int
    current_members: int
    open_places: int
    status: Choice
    has_waitlist: bool
    frequency: Choice
    weekday: WeekdayChoice | None
    time_of_day: Choice
    start_time: LocalTime | None = Field(
        ...,
        description="Begintijd als kloktijd in Nederland (uu:mm:ss), zonder tijdzone: in de zomer en de "
        "winter dezelfde tijd.",
    )
    meeting_minutes: int
    start_date: date | None
    cost_per_year: Decimal = Field(..., description="Kosten per persoon per jaar in euro.")
    language: Choice
    contact_name: str
    contact_email: str
    contact_phone: str
    updated_at: datetime


class GroupPage(Schema):
    count: int = Field(..., description="Aantal groepen dat aan de filters voldoet.")
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    items: list[GroupOut]


class ErrorDetail(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ErrorDetail]


class NotFoundOut(Schema):
    detail: str


# Literal types give the OpenAPI schema its enums; the values come from the same choices as the
# search page, so the two cannot drift apart.
ProvinceCode = Literal[tuple(Province.values)]  # type: ignore[valid-type]
FormatCode = Literal[tuple(Format.values)]  # type: ignore[valid-type]
AudienceCode = Literal[tuple(Audience.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(GroupStatus.values)]  # type: ignore[valid-type]
# Integer enums (not Literal) so "25" in a query string is accepted as 25.
WeekdayCode = IntEnum("WeekdayCode", {f"day_{value}": value for value in Weekday.values})
DistanceKm = IntEnum("DistanceKm", {f"km_{value}": int(value) for value, _ in DISTANCE_CHOICES})
SortKey = Literal[tuple(value for value, _ in SORT_CHOICES)]  # type: ignore[valid-type]
RegisterCode = Literal["skj", "registerplein"]
BegeleiderChoice = Literal["yes", "no"]


class GroupFilterParams(Schema):
    """The search page's filters. Lists are repeated parameters: ``?province=UT&province=NH``."""

    q: str | None = Field(None, max_length=100, description="Zoekwoorden (naam, beschrijving, plaats, …).")
    near: str | None = Field(None, max_length=60, description="Postcode (3511) of plaatsnaam (Zwolle).")
    distance: DistanceKm | None = Field(None, description="Afstand in km vanaf `near`.")
    online: bool = Field(False, description="Neem online groepen mee bij zoeken op provincie of afstand.")
    province: list[ProvinceCode] = Field(default_factory=list)
    format: list[FormatCode] = Field(default_factory=list)
    audience: list[AudienceCode] = Field(default_factory=list)
    method: list[str] = Field(
        default_factory=list,
        description="Slug van een methode, zie /api/methods. Een lege waarde (`method=`) filtert niet.",
    )
    begeleider: BegeleiderChoice | None = Field(None, description="`yes`: met begeleider, `no`: zonder.")
    # "register" would shadow a method of ninja's Schema, hence the alias.
    registers: list[RegisterCode] = Field(default_factory=list, alias="register")
    open_places: bool = Field(False, description="Alleen groepen met een open plek.")
    status: list[StatusCode] = Field(default_factory=list)
    weekday: list[WeekdayCode] = Field(default_factory=list, description="1 = maandag … 7 = zondag.")
    max_cost: Decimal | None = Field(None, ge=0, le=100000, description="Maximale kosten per jaar in euro.")
    sort: SortKey = "relevance"
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=100)


# --- Programmes ("Intervisie buiten je bubbel") that take sign-ups -----------------------------------------


class ProgrammeDateOut(Schema):
    kind: Choice = Field(
        ..., description="`information` (informatiebijeenkomst), `start`, `meeting` (bijeenkomst) of `final`."
    )
    starts_at: datetime
    ends_at: datetime
    format: Choice
    location: str
    group: str | None = Field(..., description="Alleen voor deze groep; leeg: voor alle groepen.")


class ProgrammeSignupOut(Schema):
    category: Choice = Field(..., description="`student`, `professional`, `ouder` of `jongere`.")
    url: str = Field(..., description="De aanmeldpagina voor deze groep deelnemers.")


class ProgrammeOut(Schema):
    slug: str
    name: str
    url: str = Field(..., description="De pagina van het programma op Intervisiewijzer.")
    theme: str
    leading_questions: list[str]
    description: str
    school_year: str
    initiator: OrganisationRef
    format: Choice
    place: str
    group_count: int
    min_attendance_commitment: int = Field(..., description="Bij hoeveel bijeenkomsten je minstens bent.")
    signup_closes_on: date
    dates: list[ProgrammeDateOut]
    signup: list[ProgrammeSignupOut]
    contact_name: str
    contact_email: str
    contact_phone: str


class ProgrammePage(Schema):
    count: int = Field(
        ..., description="Aantal programma's dat deelnemers zoekt (en bij de zoekwoorden past)."
    )
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    items: list[ProgrammeOut]


class ProgrammeFilterParams(Schema):
    q: str | None = Field(
        None, max_length=100, description="Zoekwoorden (naam, thema, plaats, initiatiefnemer)."
    )
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=100)
