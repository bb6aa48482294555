"""factory_boy factories shared by all tests."""

import datetime as dt
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone
from django.utils.text import slugify

from intervisie.accounts.domain import user_set_roles
from intervisie.accounts.models import User
from intervisie.accreditation.models import Certificate, Enrolment, Register
from intervisie.cases.models import Case
from intervisie.events.enums import EventAudience, EventStatus, ParticipantRole, RegistrationKind
from intervisie.events.models import Event, Registration
from intervisie.groups.enums import Audience, Format, Frequency, MembershipState, Province, TimeOfDay
from intervisie.groups.models import IntervisionGroup, Membership, Method
from intervisie.meetings.enums import BelowQuorum, CaseChoice, RsvpAnswer
from intervisie.meetings.models import Attendance, Charter, Meeting, MeetingSeries, Rsvp
from intervisie.organisations.models import Organisation, OrganisationKind
from intervisie.programmes.domain import (
    partner_add,
    programme_create,
    set_programme_status,
    set_signup_status,
    signup_create,
)
from intervisie.programmes.enums import DateKind, ProgrammeStatus
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, Signup

PASSWORD = "geheim-wachtwoord-123"


# --- Moments, in Dutch time -----------------------------------------------------------------------------


def at(day: dt.date, hour: int = 19, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour``:``minute``, Dutch time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def days_from_today(days: int, hour: int = 19, minute: int = 0) -> dt.datetime:
    """``days`` days from today (negative: in the past) at ``hour``:``minute``, Dutch time."""
    return at(timezone.localdate() + dt.timedelta(days=days), hour, minute)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified e-mail address, so allauth lets the person log in."""
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=obj, roles=extracted, by=None)


def give_totp(user: User) -> Authenticator:
    """Turn on TOTP for a user (privileged roles must have it before they can use the site)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret()).instance


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zorgaanbieder {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.ZORGAANBIEDER
    city = "Utrecht"

    @factory.post_generation
    def managers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.managers.add(*extracted)


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        # The library's methods are in every database (methods migration 0003): reuse them by name.
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Methode {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntervisionGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Intervisiegroep {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    organisation = factory.SubFactory(OrganisationFactory)
    description = "Een vaste groep gezinshuisouders die elkaar helpt met vragen uit de praktijk."
    audience = Audience.GEZINSHUISOUDERS
    format = Format.IN_PERSON
    place = "Utrecht"
    municipality = "Utrecht"
    province = Province.UTRECHT
    latitude = 52.0908
    longitude = 5.1222
    frequency = Frequency.SIX_WEEKLY
    weekday = 2
    time_of_day = TimeOfDay.EVENING
    min_members = 4
    max_members = 8
    cost_per_year = 0

    @factory.post_generation
    def methods(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.methods.add(*extracted)


# --- Meetings (issue 3: charter, planning, RSVP) ------------------------------------------------------


class MembershipFactory(factory.django.DjangoModelFactory):
    """A participant (state "member" by default) without going through the joining workflow.

    Does not touch the group's place counters: use it for group life (meetings, attendance), and
    ``groups.domain`` when places matter.
    """

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(GroupFactory)
    state = MembershipState.MEMBER
    motivation = "Ik wil graag leren van collega's."
    # Taking part since long before the meetings tests make (a later joiner sets a later date);
    # a request, waitlist place or offer has not started.
    started_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() - dt.timedelta(days=3 * 365)
            if o.state in {"introduction", "trial", "member", "left"}
            else None
        )
    )
    trial_started_at = factory.LazyAttribute(lambda o: o.started_at if o.state == "trial" else None)
    is_planner = False


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Reeks {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting next week, 19:00 to 21:00 (local time), in person."""

    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Intervisiebijeenkomst {n}")
    starts_at = factory.LazyFunction(lambda: days_from_today(7, 19))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    format = Format.IN_PERSON
    location = "Buurthuis De Linde, Lindelaan 4, Utrecht"


def past_meeting(
    group, day: dt.date | None = None, *, days_ago: int = 2, start=(19, 0), minutes=120, **fields
):
    """A meeting of ``group`` that has taken place: on ``day``, or ``days_ago`` days before today (negative
    for one still to come), from ``start`` (19:00 Dutch time) for ``minutes`` minutes."""
    starts_at = at(day or timezone.localdate() - dt.timedelta(days=days_ago), *start)
    return MeetingFactory(
        group=group, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes), **fields
    )


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    version = factory.Sequence(lambda n: n + 1)
    case_choice = CaseChoice.BEFOREHAND
    min_attendance = 3
    below_quorum = BelowQuorum.CANCEL
    schedule = "Zes keer per jaar op dinsdagavond van 19:00 tot 21:00 in Utrecht."
    channel = "Appgroep"
    channel_use = "Alleen voor afspraken en afmelden."
    max_gap_weeks = 8

    @factory.post_generation
    def methods(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.methods.add(*extracted)


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rsvp

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    answer = RsvpAnswer.COMING


# accreditation (issue 3: reflection hours, evidence, certificates) -----------------------------------


class AttendanceFactory(factory.django.DjangoModelFactory):
    """Present for the whole meeting, not yet confirmed by the person.

    Attendance counts only for someone who took part in the group on the meeting's date, so a person
    without any membership in the group gets one (a member for years). A test about a later joiner
    makes the membership first, with its own dates.
    """

    class Meta:
        model = Attendance
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    present = True

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and not Membership.objects.filter(user=obj.user, group_id=obj.meeting.group_id).exists():
            MembershipFactory(user=obj.user, group=obj.meeting.group)


def attend(meeting, user, **fields) -> Attendance:
    """``user`` was at ``meeting`` (present for the whole meeting, unless ``fields`` say otherwise)."""
    return AttendanceFactory(meeting=meeting, user=user, **fields)


def register(code: str = "skj-jeugd-en-gezinsprofessional") -> Register:
    """One of the registers the data migration seeds (skj-jeugd-en-gezinsprofessional,
    skj-jeugdzorgwerker, registerplein-gezinshuisouders). Seeded again from the migration's data
    when a transactional test (live_server) has emptied the table."""
    import importlib

    found = Register.objects.filter(code=code).first()
    if found is None:
        seed = importlib.import_module("intervisie.accreditation.migrations.0003_seed_registers")
        facts = importlib.import_module(
            "intervisie.accreditation.migrations.0004_statement_code_register_facts"
        )
        data = next(row for row in seed.REGISTERS if row["code"] == code)
        found = Register.objects.create(**data, **facts.FACTS.get(code, {}))
    return found


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    register = factory.LazyFunction(register)
    period_start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(GroupFactory)
    title = "Intervisie voor gezinshuisouders"
    period_start = dt.date(2025, 9, 1)
    period_end = dt.date(2026, 6, 30)
    meetings_attended = 5
    hours = 10


# events (issue 5: themed events with breakouts) -----------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A published online event in two weeks: plenary 19:00-19:45, breakouts 20:00-21:15."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Traumasensitief werken {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "Een deskundige vertelt over trauma bij kinderen; daarna werk je in kleine groepen."
    expert_name = "Dr. Mirjam Hoekstra"
    plenary_starts_at = factory.LazyFunction(lambda: days_from_today(14, 19))
    plenary_ends_at = factory.LazyAttribute(lambda o: o.plenary_starts_at + dt.timedelta(minutes=45))
    breakout_starts_at = factory.LazyAttribute(lambda o: o.plenary_starts_at + dt.timedelta(minutes=60))
    breakout_ends_at = factory.LazyAttribute(lambda o: o.breakout_starts_at + dt.timedelta(minutes=75))
    registration_deadline = factory.LazyAttribute(lambda o: o.plenary_starts_at - dt.timedelta(days=2))
    capacity = 40
    audiences = factory.LazyFunction(lambda: [EventAudience.GEZINSHUISOUDERS, EventAudience.JEUGDZORGWERKERS])
    plenary_room = "intervisiewijzer-plenairplenairplen01"
    status = EventStatus.PUBLISHED
    group_min = 4
    group_max = 8

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisers.add(*extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed participant; pass ``kind=RegistrationKind.COACH`` for a coach."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    kind = RegistrationKind.PARTICIPANT
    role = ParticipantRole.GEZINSHUISOUDER
    organisation_other = factory.Sequence(lambda n: f"Zorgaanbieder {n % 5}")
    gezinshuis = factory.Sequence(lambda n: f"Gezinshuis De Linde {n}")
    region = "UT"


# cases (inbreng) ----------------------------------------------------------------------------------------

SECRET_TITLE = "Ruzie aan tafel met de oudste"
SECRET_SITUATION = "De oudste jongen gooide zijn bord op de grond toen zijn moeder belde."
SECRET_QUESTION = "Hoe blijf ik rustig als hij boos wordt?"


def make_case(*, bringer, group=None, meeting=None, brought_on=None, **fields) -> Case:
    """A stored case without the create workflow (no e-mail, no audit), with the SECRET_ texts unless
    ``fields`` name others: in ``group`` (the meeting's group when only a meeting is given), brought on
    ``brought_on``, else on the meeting's date or today, as ``case_create`` sets it."""
    if brought_on is None:
        brought_on = timezone.localdate(meeting.starts_at) if meeting is not None else timezone.localdate()
    values = {"title": SECRET_TITLE, "situation": SECRET_SITUATION, "question": SECRET_QUESTION, **fields}
    return Case.objects.create(
        group=group or meeting.group, bringer=bringer, meeting=meeting, brought_on=brought_on, **values
    )


# --- Data the migrations seed ---------------------------------------------------------------------------


def ensure_seeded() -> None:
    """Put back what the data migrations seed (the method library with its directory entries, the
    registers with their facts) when it is gone. A transactional test (browser tests, races, migration
    tests) empties every table when it ends, and the tests after it in the same process expect the
    database as ``migrate`` left it. Two queries when nothing is missing."""
    import importlib

    from django.apps import apps

    from intervisie.methods.models import MethodTemplate

    if not MethodTemplate.objects.filter(group=None).exists():
        importlib.import_module("intervisie.methods.migrations.0002_seed_library").seed_library(apps, None)
        importlib.import_module("intervisie.methods.migrations.0003_library_tags").link_library_tags(
            apps, None
        )
    if not Register.objects.exists():
        seed = importlib.import_module("intervisie.accreditation.migrations.0003_seed_registers")
        for row in seed.REGISTERS:
            register(row["code"])


# --- Billing --------------------------------------------------------------------------------------------


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.Provider"

    name = factory.Sequence(lambda n: f"Praktijk {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    email = factory.Sequence(lambda n: f"praktijk{n}@example.nl")


# --- Trajectories -----------------------------------------------------------------------------------------


class TrajectoryFactory(factory.django.DjangoModelFactory):
    """A client's request (state "requested") to ``provider``."""

    class Meta:
        model = "trajectories.Trajectory"

    provider = factory.SubFactory(ProviderFactory)
    kind = "new_group"
    organisation_name = "Gezinshuizen De Linde"
    contact_name = "Noor Opdrachtgever"
    contact_email = factory.Sequence(lambda n: f"opdrachtgever{n}@example.nl")
    contact_phone = "030-1234567"
    expected_participants = 6
    question = "We willen een intervisiegroep voor onze gezinshuisouders starten."


def sent_quote_for(trajectory, *, fee: Decimal = Decimal("300.00")):
    """A sent quote (six meetings at ``fee``) for ``trajectory``, set as its current quote; the state is
    left as it is (use ``send_quote`` to take the real step)."""
    from intervisie.billing.domain import LineData, create_quote, set_quote_status

    quote = create_quote(
        provider=trajectory.provider,
        recipient={
            "recipient_organisation": trajectory.organisation_name,
            "recipient_name": trajectory.contact_name,
            "recipient_email": trajectory.contact_email,
        },
        subject="Begeleide intervisie",
        lines=[
            LineData(description="Begeleiding", quantity=Decimal(6), unit_price=fee, vat_rate=Decimal(21))
        ],
        by=None,
    )
    quote = set_quote_status(quote=quote, status="sent")
    type(trajectory).objects.filter(pk=trajectory.pk).update(quote=quote)
    trajectory.quote = quote
    return quote


def blank_pdf() -> bytes:
    """A real one-page PDF (for uploads such as a reader document)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def invoice_for(trajectory, *, quote=None):
    """An open invoice (one line of € 300) of ``trajectory``'s provider, for its quote."""
    from django.utils import timezone

    from intervisie.billing.domain import LineData, create_invoice

    return create_invoice(
        provider=trajectory.provider,
        recipient={
            "recipient_organisation": trajectory.organisation_name,
            "recipient_name": trajectory.contact_name,
            "recipient_email": trajectory.contact_email,
        },
        subject="Begeleide intervisie",
        lines=[
            LineData(
                description="Begeleiding",
                quantity=Decimal(1),
                unit_price=Decimal("300.00"),
                vat_rate=Decimal(0),
            )
        ],
        issued_on=timezone.localdate(),
        quote=quote or trajectory.quote,
        by=None,
    )


# --- Programmes ("buiten je bubbel", issue 13) ---------------------------------------------------------------


def make_programme(
    *,
    kartrekker=None,
    initiator=None,
    status: str = "recruiting",
    group_count: int = 2,
    begeleiders: list | None = None,
    meetings: int = 5,
    **fields,
):
    """A programme as the kartrekker sets it up: groups with begeleiders, an information meeting, a start
    meeting and ``meetings`` meeting dates; by default open for sign-up (``status``)."""
    kartrekker = kartrekker or UserFactory()
    initiator = initiator or OrganisationFactory(kind=OrganisationKind.GEMEENTE, managers=[kartrekker])
    today = timezone.localdate()
    programme = Programme(
        initiator=initiator,
        name=fields.pop("name", f"Buiten je bubbel {Programme.objects.count() + 1}"),
        school_year=f"{today.year}-{today.year + 1}",
        kartrekker=kartrekker,
        contact_name=kartrekker.name,
        contact_email=kartrekker.email,
        group_count=group_count,
        recruitment_opens_on=today - dt.timedelta(days=30),
        students_by=today + dt.timedelta(days=20),
        signup_closes_on=today + dt.timedelta(days=40),
        composed_by=today + dt.timedelta(days=50),
        **fields,
    )
    begeleiders = begeleiders if begeleiders is not None else [UserFactory() for _ in range(group_count)]
    programme_create(programme=programme, by=kartrekker, begeleiders=begeleiders)
    ProgrammeDate.objects.create(
        programme=programme,
        kind=DateKind.INFORMATION,
        starts_at=days_from_today(10, 19),
        ends_at=days_from_today(10, 20),
    )
    ProgrammeDate.objects.create(
        programme=programme,
        kind=DateKind.START,
        starts_at=days_from_today(60, 16),
        ends_at=days_from_today(60, 18),
    )
    for i in range(meetings):
        ProgrammeDate.objects.create(
            programme=programme,
            kind=DateKind.MEETING,
            starts_at=days_from_today(90 + 35 * i, 16),
            ends_at=days_from_today(90 + 35 * i, 18),
        )
    if status != ProgrammeStatus.DRAFT:
        set_programme_status(programme=programme, status=ProgrammeStatus.RECRUITING, by=kartrekker)
    if status == ProgrammeStatus.COMPOSING:
        set_programme_status(programme=programme, status=ProgrammeStatus.COMPOSING, by=kartrekker)
    programme.refresh_from_db()
    return programme


def make_partner(programme, *, name: str | None = None, kind: str = "praktijk", **fields):
    name = name or f"Partner {programme.partners.count() + 1}"
    partner = Partner(
        name=name,
        kind=kind,
        contact_name=fields.pop("contact_name", "Contact " + name),
        contact_email=fields.pop("contact_email", f"{slugify(name)}@partner.example.nl"),
        **fields,
    )
    return partner_add(programme=programme, partner=partner, by=programme.kartrekker)


_signup_counter = iter(range(1, 10**9))


def make_signup(
    programme, category: str = "professional", *, partner=None, status: str | None = None, **fields
):
    """A sign-up through the public page's domain call; ``status`` then moves it on (invited, reserve…)."""
    n = next(_signup_counter)
    defaults = {
        "name": f"Deelnemer {n}",
        "email": f"deelnemer{n}@example.nl",
        "organisation_name": f"Organisatie {n % 7}" if category == "professional" else "",
        "role": "Jeugdconsulent" if category == "professional" else "",
        "study_programme": "Social Work" if category == "student" else "",
        "study_year": 3 if category == "student" else None,
        "birth_date": dt.date(2007, 5, 1) if category == "jongere" else None,
    }
    defaults.update(fields)
    signup = signup_create(programme=programme, signup=Signup(category=category, partner=partner, **defaults))
    if status == "invited":
        set_signup_status(signup=signup, status="invited", by=programme.kartrekker)
    elif status == "reserve":
        set_signup_status(signup=signup, status="reserve", by=programme.kartrekker)
    return signup
