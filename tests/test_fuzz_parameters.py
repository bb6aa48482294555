"""Every path and query parameter of every URL, with values a browser, a bot or a typo can send: a NUL
byte, 10,000 characters, broken UTF-8, control characters, text where a number belongs, a number too
big for the database, a digit that is not ASCII ("²": str.isdigit() says yes, int() says no). Anonymous
and logged in as someone with rights to the page: never a server error (issue 10).

SQLite accepts a NUL byte in a query and PostgreSQL refuses it with an error, so this test matters most
on PostgreSQL; CI runs the suite on both.

The URLs come from the resolver, so a new URL is fuzzed as soon as it exists. What it needs from whoever
adds one with path parameters: real values for them and the person who may open the page, in
``TARGETS``; until then the URL's test fails and says so. (A URL without path parameters is opened
by the group's member unless ``TARGETS`` names someone else; the test fails when that person cannot
get to the page, since fuzzing a 404 proves nothing.) The query parameters per view are in
``GET_PARAMS``; when a view reads a name that is not listed there, its test fails and names it (a
recording ``request.GET`` notes every name a view asks for).

Requests are percent-encoded paths and query strings, the way a real server hands them to Django, so
the bytes reach the view as they would in production.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from intervisie.accreditation.forms import ScopeForm, StatementPeriodForm, VerifyForm
from intervisie.accreditation.models import ReflectionStatement
from intervisie.api.api import api
from intervisie.cases.models import Case
from intervisie.directory.filters import GroupFilter
from intervisie.events.enums import EventStatus, RegistrationKind
from intervisie.events.forms import EventSearchForm, RegistrationSearchForm
from intervisie.events.models import CoachInvite
from intervisie.groups.enums import MembershipState
from intervisie.live.domain import session_start
from intervisie.meetings.calendar import calendar_feed_for
from intervisie.methods.domain import method_copy
from intervisie.methods.forms import LibrarySearchForm
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker
from intervisie.organisations.forms import DashboardFilterForm
from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.domain import partner_accept
from intervisie.programmes.forms_signup import ProgrammeSearchForm
from intervisie.programmes.models import Programme, Signup
from intervisie.reflections.forms import PeriodForm
from intervisie.reflections.models import Reflection
from intervisie.trajectories.domain import quote_link
from intervisie.trajectories.forms import ProviderFilterForm
from intervisie.trajectories.forms_invoices import BookkeepingForm
from intervisie.trajectories.models import ReaderDocument
from tests.factories import (
    AttendanceFactory,
    CertificateFactory,
    EnrolmentFactory,
    EventFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ProviderFactory,
    RegistrationFactory,
    TrajectoryFactory,
    UserFactory,
    blank_pdf,
    give_totp,
    invoice_for,
    make_partner,
    make_programme,
    make_signup,
    sent_quote_for,
)

# Percent-encoded, as they travel in a URL.
FUZZ_VALUES = {
    "nul": "abc%00def",
    "huge": "x" * 10_000,
    "bad-utf8": "abc%ff",
    "cut-utf8": "abc%c3",
    "control": "abc%1b%0d%0adef",
    "letters": "abc",
    "huge-number": "9" * 30,
    "unicode-digit": "%c2%b2",  # "²"
    "many-digits": "9" * 5_000,  # int() refuses more than 4,300 digits
    "negative": "-1",
    "empty": "",
}
ADMIN_VALUES = {"nul", "huge", "bad-utf8", "letters", "huge-number", "many-digits"}
HTMX = {"HTTP_HX_REQUEST": "true"}


# --- The URLs, from the resolver ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "events:manage"; the route itself for a pattern without a name
    route: str  # "evenementen/<slug:slug>/beheer/"
    params: tuple[str, ...]
    int_params: frozenset[str]


def _walk(patterns, prefix="", namespace="", outer=()):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        params = (*outer, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner, params)
        elif isinstance(pattern, URLPattern):
            ints = frozenset(
                name
                for name, converter in pattern.pattern.converters.items()
                if isinstance(converter, IntConverter)
            )
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield Route(name=name, route=route, params=tuple(dict.fromkeys(params)), int_params=ints)


ROUTES = sorted(_walk(get_resolver().url_patterns), key=lambda r: r.name)
# Routes with no name are catch-alls (the admin's "anything else" page); they are fuzzed through their
# one parameter like the others.


# --- The world: one of everything, made once for this module ---------------------------------------------


@dataclass
class World:
    member: object  # a planner of ``group``
    begeleider: object  # the group's begeleider
    manager: object  # manages the group's organisation
    organiser: object  # organises ``event``
    admin: object  # staff and superuser, for the admin
    organisation: object
    group: object
    applicant: object  # someone whose join request ``manager`` can answer
    application: object
    meeting: object  # next week, with a live session and a case
    past_meeting: object  # the member was there
    attendance: object
    case: object
    library_method: object
    group_method: object
    certificate: object
    statement: object
    enrolment: object
    feed: object
    event: object
    registration: object
    invite: object  # for the begeleider, as coach
    draft_event: object
    provider: object
    trajectory: object
    intro_invite: object
    quote: object
    participant_invite: object
    reader_document: object
    invoice: object
    programme: object
    partner: object
    signup: object
    young_signup: object
    running_programme: object


def _library_method():
    method = MethodTemplate.objects.create(name="Fuzzmethode", slug="fuzzmethode", summary="Om te testen.")
    MethodStep.objects.create(
        method=method, position=1, name="Vraag", instruction="Stel vragen.", minutes=5, speaker=Speaker.GROUP
    )
    return method


def _reader_document(provider):
    document = ReaderDocument(provider=provider, title="Werkblad")
    document.file.save("werkblad.pdf", ContentFile(blank_pdf()), save=True)
    return document


def _quote_value(quote) -> str:
    return quote_link(quote).rstrip("/").rsplit("/", 1)[-1]


def _trajectory_of(begeleider):
    trajectory = TrajectoryFactory()
    trajectory.provider.members.create(user=begeleider, is_owner=True)
    return trajectory


def _programmes(organiser, begeleider, member, group, manager) -> dict:
    """A recruiting programme run by the organiser and guided by the begeleider, with a partner whose
    contact is the member; and a running one whose first group is the fuzz group, the member placed. The
    manager manages the initiator, a gemeente: they may start a programme."""
    initiator = OrganisationFactory(name="Fuzz Gemeente", kind=OrganisationKind.GEMEENTE, managers=[manager])
    programme = make_programme(
        kartrekker=organiser, initiator=initiator, begeleiders=[begeleider, begeleider]
    )
    partner = make_partner(programme, name="Fuzz Partner", contact_email=member.email)
    partner_accept(partner=partner, user=member)
    young = make_signup(
        programme,
        "jongere",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 14),
        parent_name="Fuzz Ouder",
        parent_email="fuzz.ouder@example.nl",
    )
    running = make_programme(kartrekker=organiser, initiator=initiator, name="Fuzz lopend")
    first = running.groups.get(position=0)
    first.group = group
    first.save(update_fields=["group"])
    placed = make_signup(running, "student", email=member.email, status="invited")
    Signup.objects.filter(pk=placed.pk).update(status="placed", user=member, group=first)
    Programme.objects.filter(pk=running.pk).update(status="running", published_at=timezone.now())
    return {
        "programme": programme,
        "partner": partner,
        "signup": make_signup(programme, "student", partner=partner),
        "young_signup": young,
        "running_programme": running,
    }


def _build_world() -> World:
    today = timezone.localdate()
    manager = UserFactory(name="Mila Manager", roles=["organisatiebeheerder"])
    begeleider = UserFactory(name="Bea Begeleider", roles=["begeleider"], supervisor_register="LVSC")
    admin_user = UserFactory(name="Adam Beheer", roles=["beheerder"], is_staff=True, is_superuser=True)
    for user in (manager, begeleider, admin_user):
        give_totp(user)
    RecoveryCodes.activate(begeleider)
    member = UserFactory(name="Mo Lid", roles=["gezinshuisouder"])
    organiser = UserFactory(name="Olga Organisator", roles=["organisator"])
    organisation = OrganisationFactory(name="Fuzz Zorg", managers=[manager])
    group = GroupFactory(
        name="Fuzzgroep", organisation=organisation, begeleider=begeleider, has_begeleider=True
    )
    MembershipFactory(
        user=member, group=group, is_planner=True, started_at=timezone.now() - dt.timedelta(days=400)
    )
    applicant = UserFactory(name="Ali Aanvrager")
    application = MembershipFactory(
        user=applicant, group=group, state=MembershipState.REQUESTED, started_at=None
    )
    meeting = MeetingFactory(group=group, title="Volgende bijeenkomst")
    start = timezone.now() - dt.timedelta(days=30)
    past_meeting = MeetingFactory(group=group, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    attendance = AttendanceFactory(meeting=past_meeting, user=member)
    Reflection.objects.create(meeting=past_meeting, user=member, methods_text="Ik leerde vragen stellen.")
    case = Case.objects.create(
        group=group, bringer=member, meeting=meeting, title="Een vraag", situation="Iets.", question="Hoe?"
    )
    library_method = _library_method()
    group_method = method_copy(method=library_method, group=group, by=begeleider)
    session_start(
        meeting=meeting, method=library_method, case=case, chair=member, bringer=member, by=begeleider
    )
    certificate = CertificateFactory(user=member, group=group)
    statement = ReflectionStatement.objects.create(
        user=member,
        group=group,
        period_start=today - dt.timedelta(days=365),
        period_end=today,
        hours=2,
        signed_by=begeleider,
        signer_register="LVSC",
    )
    enrolment = EnrolmentFactory(user=member)
    feed = calendar_feed_for(user=member)
    event = EventFactory(title="Fuzz thema", organisers=[organiser])
    registration = RegistrationFactory(event=event, user=member)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    invite = CoachInvite.objects.create(event=event, email=begeleider.email, invited_by=organiser)
    draft_event = EventFactory(title="Fuzz concept", organisers=[organiser], status=EventStatus.DRAFT)
    return World(
        member=member,
        begeleider=begeleider,
        manager=manager,
        organiser=organiser,
        admin=admin_user,
        organisation=organisation,
        group=group,
        applicant=applicant,
        application=application,
        meeting=meeting,
        past_meeting=past_meeting,
        attendance=attendance,
        case=case,
        library_method=library_method,
        group_method=group_method,
        certificate=certificate,
        statement=statement,
        enrolment=enrolment,
        feed=feed,
        event=event,
        registration=registration,
        invite=invite,
        draft_event=draft_event,
        provider=ProviderFactory(name="Fuzz Praktijk"),
        trajectory=(trajectory := _trajectory_of(begeleider)),
        intro_invite=trajectory.intro_invites.create(name="Fuzz", email="fuzz@example.nl"),
        quote=sent_quote_for(trajectory),
        participant_invite=trajectory.participant_invites.create(name="Fuzz", email="fuzz@example.nl"),
        reader_document=_reader_document(trajectory.provider),
        invoice=invoice_for(trajectory),
        **_programmes(organiser, begeleider, member, group, manager),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made once for the module inside a transaction that is rolled back at the end; every test runs in
    a savepoint of its own (the ``db`` fixture), so what one test changes the next does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --- Who opens each URL, with which path values -----------------------------------------------------------


@dataclass(frozen=True)
class Target:
    user: str  # an attribute of World: the person with rights to the page
    kwargs: Callable[[World], dict] = lambda w: {}
    found: bool = True  # the real page is there for them (False: a view that only ever says 404)


def _group(user="member"):
    return Target(user, lambda w: {"slug": w.group.slug})


def _programme(user="organiser", **more):
    return Target(user, lambda w: {"slug": w.programme.slug, **{k: f(w) for k, f in more.items()}})


def _running(user="member", **more):
    return Target(user, lambda w: {"slug": w.running_programme.slug, **{k: f(w) for k, f in more.items()}})


def _event(user="organiser", **more):
    return Target(user, lambda w: {"slug": w.event.slug, **{k: f(w) for k, f in more.items()}})


TARGETS: dict[str, Target] = {
    # trajectories (public: the client has no account)
    "trajectories:provider_request": Target("member", lambda w: {"slug": w.provider.slug}),
    "trajectories:follow": Target("member", lambda w: {"token": w.trajectory.follow_token}),
    "trajectories:detail": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:invite": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:expectations": Target("member", lambda w: {"token": w.intro_invite.token}),
    "trajectories:intro_join": Target("member", lambda w: {"token": w.trajectory.intro_token}),
    "providers:profile": Target("begeleider", lambda w: {"slug": w.trajectory.provider.slug}),
    "providers:member_add": Target("begeleider", lambda w: {"slug": w.trajectory.provider.slug}),
    "providers:member_remove": Target(
        "begeleider",
        lambda w: {"slug": w.trajectory.provider.slug, "pk": w.trajectory.provider.members.get().pk},
    ),
    "trajectories:participate": Target("member", lambda w: {"token": w.participant_invite.token}),
    "trajectories:meeting_aspects": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "meeting": w.meeting.pk}
    ),
    "trajectories:reader": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:reader_upload": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:reader_document": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "document": w.reader_document.pk}
    ),
    "trajectories:reader_remove": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "document": w.reader_document.pk}
    ),
    "trajectories:report": Target("member", lambda w: {"pk": w.trajectory.pk}, found=False),
    "trajectories:report_edit": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:report_start": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:report_share": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:report_send": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:report_pdf": Target("begeleider", lambda w: {"pk": w.trajectory.pk}, found=False),
    "trajectories:report_client_pdf": Target(
        "member", lambda w: {"token": w.trajectory.follow_token}, found=False
    ),
    "trajectories:invoices": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:invoice_make": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:invoice_make_meeting": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "meeting": w.past_meeting.pk}, found=False
    ),
    "trajectories:invoice_paid": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "invoice": w.invoice.pk}
    ),
    "trajectories:invoice_credit": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "invoice": w.invoice.pk}
    ),
    "trajectories:invoice_pdf": Target(
        "begeleider", lambda w: {"pk": w.trajectory.pk, "invoice": w.invoice.pk}
    ),
    "trajectories:follow_invoice_pdf": Target(
        "member", lambda w: {"token": w.trajectory.follow_token, "invoice": w.invoice.pk}
    ),
    "trajectories:bookkeeping": Target("begeleider", lambda w: {"slug": w.trajectory.provider.slug}),
    "trajectories:bookkeeping_csv": Target(
        "begeleider", lambda w: {"slug": w.trajectory.provider.slug, "year": w.invoice.year}
    ),
    "trajectories:quote_pdf": Target("begeleider", lambda w: {"pk": w.trajectory.pk}),
    "trajectories:quote_answer": Target("member", lambda w: {"value": _quote_value(w.quote)}),
    "trajectories:quote_answer_pdf": Target("member", lambda w: {"value": _quote_value(w.quote)}),
    "trajectories:step": Target("begeleider", lambda w: {"pk": w.trajectory.pk, "state": "talk_declined"}),
    # groups
    "groups:manage": Target("manager"),
    "groups:membership": Target("manager", lambda w: {"pk": w.application.pk}),
    "groups:membership_action": Target("manager", lambda w: {"pk": w.application.pk, "action": "accept"}),
    "directory:detail": _group(),
    "groups:join": Target("applicant", lambda w: {"slug": w.group.slug}),
    "groups:members": _group("begeleider"),
    "groups:verify_registration": Target(
        "begeleider", lambda w: {"slug": w.group.slug, "user_id": w.member.pk}
    ),
    # organisations
    "organisations:list": Target("manager"),
    "organisations:dashboard": Target("manager", lambda w: {"slug": w.organisation.slug}),
    "organisations:group_create": Target("manager", lambda w: {"slug": w.organisation.slug}),
    "organisations:group_edit": Target(
        "manager", lambda w: {"slug": w.organisation.slug, "group_slug": w.group.slug}
    ),
    "organisations:groups_export": Target("manager", lambda w: {"slug": w.organisation.slug}),
    "organisations:groups_import": Target("manager", lambda w: {"slug": w.organisation.slug}),
    # meetings
    "meetings:group_meetings": _group(),
    "meetings:plan": _group(),
    "meetings:plan_series": _group(),
    "meetings:charter": _group(),
    "meetings:charter_new": _group(),
    "meetings:charter_agree": _group(),
    "meetings:detail": Target("member", lambda w: {"pk": w.meeting.pk}),
    "meetings:rsvp": Target("member", lambda w: {"pk": w.meeting.pk}),
    "meetings:edit": Target("member", lambda w: {"pk": w.meeting.pk}),
    "meetings:cancel": Target("member", lambda w: {"pk": w.meeting.pk}),
    "meetings:attendance": Target("begeleider", lambda w: {"pk": w.past_meeting.pk}),
    "meetings:meeting_ics": Target("member", lambda w: {"pk": w.meeting.pk}),
    "meetings:attendance_confirm": Target("member", lambda w: {"pk": w.attendance.pk}),
    "meetings:attendance_dispute": Target("member", lambda w: {"pk": w.attendance.pk}),
    "meetings:calendar_feed_ics": Target("member", lambda w: {"token": w.feed.token}),
    # reflection hours and evidence
    "accreditation:enrolment_delete": Target("member", lambda w: {"pk": w.enrolment.pk}),
    "accreditation:statement_pdf": Target("member", lambda w: {"pk": w.statement.pk}),
    "accreditation:certificate_pdf": Target("member", lambda w: {"code": w.certificate.code}),
    "accreditation:evidence": _group(),
    "accreditation:attendance_list_pdf": _group(),
    "accreditation:reflection_pdf": _group(),
    "accreditation:statements": _group("begeleider"),
    "accreditation:certificates": _group("begeleider"),
    "accreditation:statement_revoke": Target(
        "begeleider", lambda w: {"slug": w.group.slug, "pk": w.statement.pk}
    ),
    "accreditation:certificate_revoke": Target(
        "begeleider", lambda w: {"slug": w.group.slug, "pk": w.certificate.pk}
    ),
    "verify:certificate": Target("member", lambda w: {"code": w.certificate.code}),
    # cases
    "cases:group_cases": _group(),
    "cases:create": _group(),
    "cases:detail": Target("member", lambda w: {"pk": w.case.pk}),
    "cases:edit": Target("member", lambda w: {"pk": w.case.pk}),
    # methods
    "methods:group_list": Target("member", lambda w: {"group_slug": w.group.slug}),
    "methods:group_detail": Target(
        "member", lambda w: {"group_slug": w.group.slug, "slug": w.group_method.slug}
    ),
    "methods:group_edit": Target(
        "begeleider", lambda w: {"group_slug": w.group.slug, "slug": w.group_method.slug}
    ),
    "methods:detail": Target("member", lambda w: {"slug": w.library_method.slug}),
    "methods:copy": Target(
        "begeleider", lambda w: {"slug": w.library_method.slug, "group_slug": w.group.slug}
    ),
    # live sessions
    "live:session": Target("member", lambda w: {"pk": w.meeting.pk}),
    "live:state": Target("member", lambda w: {"pk": w.meeting.pk}),
    "live:start": Target("begeleider", lambda w: {"pk": w.meeting.pk}),
    "live:action": Target("member", lambda w: {"pk": w.meeting.pk, "action": "volgende"}),
    "live:answer": Target("member", lambda w: {"pk": w.meeting.pk}),
    "live:note": Target("member", lambda w: {"pk": w.meeting.pk}),
    "live:close": Target("member", lambda w: {"pk": w.meeting.pk}),
    # reflections
    "reflections:report_pdf": _group(),
    "reflections:meeting": Target("member", lambda w: {"pk": w.past_meeting.pk}),
    "reflections:shared": _group("begeleider"),
    "reflections:evaluations": _group("begeleider"),
    # themed events
    "events:create": Target("organiser"),
    "events:detail": _event("member"),
    "events:ics": _event("member"),
    "events:register": _event("member"),
    "events:register_coach": _event("begeleider"),
    "events:coach_invite": _event("begeleider", token=lambda w: w.invite.token),
    "events:cancel_registration": _event("member"),
    "events:live": _event("member"),
    "events:evaluate": _event("member"),
    "events:manage": _event(),
    "events:edit": _event(),
    "events:publish": _event(),
    "events:cancel": _event(),
    "events:delete_draft": Target("organiser", lambda w: {"slug": w.draft_event.slug}),
    "events:invite_coach": _event(),
    "events:cancel_for": _event(pk=lambda w: w.registration.pk),
    "events:composition": _event(),
    "events:compose": _event(),
    "events:move": _event(),
    "events:lock": _event(),
    "events:publish_composition": _event(),
    "events:attendance": _event(),
    "events:results": _event(),
    # allauth's links from e-mails
    "account_confirm_email": Target("member", lambda w: {"key": "MQ:1abcde:fuzz"}),
    "account_reset_password_from_key": Target("member", lambda w: {"uidb36": "1", "key": "set-password"}),
    # two-factor pages for someone who has it turned on
    "mfa_deactivate_totp": Target("begeleider"),
    "mfa_view_recovery_codes": Target("begeleider"),
    "mfa_download_recovery_codes": Target("begeleider"),
    "mfa_generate_recovery_codes": Target("begeleider"),
    # the public API
    "api-1.0.0:group_detail": Target("member", lambda w: {"slug": w.group.slug}),
    # "buiten je bubbel" programmes
    "programmes:create": Target("manager"),
    "programmes:detail": Target("member", lambda w: {"slug": w.programme.slug}),
    "programmes:partner_link": Target("member", lambda w: {"slug": w.programme.slug, "code": w.partner.code}),
    "programmes:partner_category_link": Target(
        "member", lambda w: {"slug": w.programme.slug, "code": w.partner.code, "category": "student"}
    ),
    "programmes:signup": _programme("member", category=lambda w: "student"),
    "programmes:signup_done": _programme("member", category=lambda w: "student"),
    "programmes:signup_recorded": _programme("member"),
    "programmes:signup_follow": Target("member", lambda w: {"token": w.signup.token}),
    "programmes:signup_withdraw": Target("member", lambda w: {"token": w.signup.token}),
    "programmes:signup_link": Target("member", lambda w: {"token": w.signup.token}),
    "programmes:parent_consent": Target("member", lambda w: {"token": w.young_signup.parent_token}),
    "programmes:partner_accept": Target("member", lambda w: {"token": w.partner.invite_token}),
    "programmes:manage": _programme(),
    "programmes:manage_edit": _programme(),
    "programmes:manage_status": _programme(status=lambda w: "composing"),
    "programmes:manage_dates": _programme(),
    "programmes:manage_dates_five": _programme(),
    "programmes:manage_date_edit": _programme(pk=lambda w: w.programme.dates.order_by("pk").first().pk),
    "programmes:manage_date_remove": _programme(pk=lambda w: w.programme.dates.order_by("pk").first().pk),
    "programmes:manage_groups": _programme(),
    "programmes:manage_partners": _programme(),
    "programmes:manage_partner_edit": _programme(pk=lambda w: w.partner.pk),
    "programmes:manage_partner_resend": _programme(pk=lambda w: w.partner.pk),
    "programmes:manage_partner_remove": _programme(pk=lambda w: w.partner.pk),
    "programmes:manage_signups": _programme(),
    "programmes:manage_signups_invite": _programme(),
    "programmes:manage_signup_status": _programme(pk=lambda w: w.signup.pk, status=lambda w: "reserve"),
    "programmes:composition": _programme(),
    "programmes:composition_compose": _programme(),
    "programmes:composition_move": _programme(),
    "programmes:composition_pin": _programme(),
    "programmes:composition_publish": _programme(),
    "programmes:recruitment": _programme(),
    "programmes:recruitment_edit": _programme(category=lambda w: "student"),
    "programmes:recruitment_preview": _programme(category=lambda w: "student"),
    "programmes:recruitment_sent": _programme(category=lambda w: "student"),
    "programmes:recruitment_reset": _programme(category=lambda w: "student"),
    "programmes:recruitment_qr": _programme(category=lambda w: "student", code=lambda w: w.partner.code),
    "programmes:commitment": _running(),
    "programmes:evaluation": _running(),
    "programmes:evaluation_final": _running(),
    "programmes:evaluation_certificate": _running(),
    "programmes:evaluation_meeting": _running(meeting=lambda w: w.past_meeting.pk),
    "programmes:harvest": _running(),
    "programmes:report": _running("organiser"),
    "programmes:report_pdf": _running("organiser"),
    "programmes:report_send": _running("organiser"),
    "programmes:partner": Target("member", lambda w: {"slug": w.programme.slug, "code": w.partner.code}),
    "programmes:partner_report_pdf": Target(
        "member", lambda w: {"slug": w.programme.slug, "code": w.partner.code}
    ),
    "api-1.0.0:programme_detail": Target("member", lambda w: {"slug": w.programme.slug}),
}


def _admin_target(route: Route) -> Target | None:
    """The admin's URLs follow one scheme, beheer/<app>/<model>/<id>/…: the id of a stored object of that
    model, or 1 when there is none (the admin then says so). Always as the platform admin."""
    if not _is_admin(route):
        return None
    models = {(m._meta.app_label, m._meta.model_name): m for m in admin.site._registry}
    segments = route.route.split("/")
    model = models.get(tuple(segments[1:3]))

    def kwargs(w):
        values = {}
        for param in route.params:
            if param in ("object_id", "id") and model is not None:
                pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
                values[param] = str(pk or 1)
            elif param == "object_id":  # view_on_site: r/<content_type_id>/<object_id>/, a group's page
                values[param] = str(w.group.pk)
            elif param == "content_type_id":
                values[param] = ContentType.objects.get_for_model(type(w.group)).pk
            elif param == "app_label":
                values[param] = "accounts"
            elif param == "url":  # the catch-all
                values[param] = "bestaat-niet/"
        return values

    # The catch-all answers every unknown admin address with 404: that is the view at work.
    return Target("admin", kwargs, found="url" not in route.params)


def target_for(route: Route) -> Target | None:
    if route.name in TARGETS:
        return TARGETS[route.name]
    admin_target = _admin_target(route)
    if admin_target is not None:
        return admin_target
    if not route.params:
        return Target("member")  # no object needed; the member opens it
    return None


# --- The query parameters each view reads -----------------------------------------------------------------

_DIRECTORY = [*GroupFilter.base_filters, "page"]
_SCOPE = [*ScopeForm.base_fields, "deelnemer"]
_NEXT = ["next"]
_ADMIN_CHANGELIST = ["q", "o", "p", "all", "_facets", "_popup", "_to_field"]
_ADMIN_FORM = ["_popup", "_to_field", "_changelist_filters", "p"]

GET_PARAMS: dict[str, list[str]] = {
    "directory:search": _DIRECTORY,
    "directory:embed": _DIRECTORY,
    "groups:membership_action": _NEXT,
    "groups:join": _NEXT,
    "organisations:dashboard": [*DashboardFilterForm.base_fields, "page"],
    "meetings:cancel": ["reden"],
    "meetings:rsvp": _NEXT,
    "accreditation:evidence": _SCOPE,
    "accreditation:attendance_list_pdf": _SCOPE,
    "accreditation:reflection_pdf": _SCOPE,
    "accreditation:statements": [*StatementPeriodForm.base_fields],
    "verify:form": [*VerifyForm.base_fields],
    "cases:create": ["bijeenkomst"],
    "cases:edit": ["bijeenkomst"],
    "live:state": ["v"],
    "meetings:attendance_dispute": _NEXT,
    "methods:library": [*LibrarySearchForm.base_fields],
    "reflections:report_pdf": [*PeriodForm.base_fields],
    "events:list": [*EventSearchForm.base_fields, "pagina"],
    "trajectories:providers": [*ProviderFilterForm.base_fields, "pagina"],
    "trajectories:mine": ["pagina"],
    "programmes:list": [*ProgrammeSearchForm.base_fields, "pagina"],
    "programmes:signup": ["via"],
    "programmes:signup_recorded": ["via"],
    "programmes:manage_list": ["q", "pagina"],
    "programmes:partner_mine": ["pagina"],
    "programmes:manage_signups": ["q", "categorie", "status", "partner", "sorteer", "pagina"],
    "programmes:manage_signup_status": ["terug"],
    "trajectories:bookkeeping": [*BookkeepingForm.base_fields, "pagina"],
    "events:manage": [*RegistrationSearchForm.base_fields, "pagina"],
    "events:live": ["state"],
    "account_login": _NEXT,
    "account_signup": _NEXT,
    "account_logout": _NEXT,
    "mfa_activate_totp": ["required"],
    "set_language": _NEXT,
    "admin:login": _NEXT,
    "admin:autocomplete": ["term", "app_label", "model_name", "field_name", "page"],
}


def _api_params(route: Route) -> list[str]:
    """The API's query parameters, as its OpenAPI document lists them."""
    if not route.name.startswith("api-1.0.0:"):
        return []
    document = api.get_openapi_schema(path_prefix="/api/")
    for path_item in document["paths"].values():
        operation = path_item["get"]
        if operation["operationId"].endswith(route.name.removeprefix("api-1.0.0:")):
            return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    return []


def _admin_filter_params(route: Route, superuser) -> list[str]:
    """The changelist's filter parameters ("status__exact", "revoked_at__gte", …), from its filters."""
    if not (route.name.startswith("admin:") and route.name.endswith("_changelist")):
        return []
    key = route.name.removeprefix("admin:").removesuffix("_changelist")
    model_admin = next(
        ma for m, ma in admin.site._registry.items() if f"{m._meta.app_label}_{m._meta.model_name}" == key
    )
    request = RequestFactory().get("/")
    request.user = superuser
    changelist = model_admin.get_changelist_instance(request)
    return [name for spec in changelist.filter_specs for name in spec.expected_parameters()]


def params_for(route: Route, world: World) -> list[str]:
    listed = GET_PARAMS.get(route.name, [])
    if route.name.startswith(("account_", "mfa_")):
        listed = [*listed, "next"]  # allauth's pages pass on where to go afterwards
    if route.name.endswith("_changelist") and _is_admin(route):
        listed = [*listed, *_ADMIN_CHANGELIST, *_admin_filter_params(route, world.admin)]
    elif _is_admin(route) and route.name.endswith(("_add", "_change", "_delete", "_history")):
        listed = [*listed, *_ADMIN_FORM]
    return list(dict.fromkeys([*listed, *_api_params(route)]))


# --- A request.GET that notes what a view asks for ---------------------------------------------------------


class RecordingQueryDict(QueryDict):
    asked: set[str] = set()

    def __getitem__(self, key):
        RecordingQueryDict.asked.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        RecordingQueryDict.asked.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        RecordingQueryDict.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        RecordingQueryDict.asked.add(key)
        return super().__contains__(key)


class RecordGetMiddleware:
    """First in the chain, so later middleware and the view read through the recorder."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
        return self.get_response(request)


# --- The test ----------------------------------------------------------------------------------------------


def _fill(route: Route, values: dict) -> str:
    """The URL of a pattern without a name (it cannot be reversed), from its route."""
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route.route)
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), text)
    return "/" + text.replace("^", "").replace("\\Z", "").replace("$", "")


def _path(route: Route, kwargs: dict, fuzzed: str | None = None, value: str = "") -> str:
    """The URL with real values, or with ``fuzzed`` replaced by the raw (percent-encoded) ``value``."""
    if route.name == route.route:
        return _fill(route, kwargs if fuzzed is None else {**kwargs, fuzzed: value})
    if fuzzed is None:
        return reverse(route.name, kwargs=kwargs)
    marker = "7777777" if fuzzed in route.int_params else "fuzzmarker"
    try:
        url = reverse(route.name, kwargs={**kwargs, fuzzed: marker})
    except NoReverseMatch:
        # The parameter takes a fixed list of values (the admin's app labels): swap the real one.
        url = reverse(route.name, kwargs=kwargs)
        marker = f"/{kwargs[fuzzed]}/"
        value = f"/{value}/"
    assert url.count(marker) == 1, f"cannot place a value for {fuzzed} in {url}"
    return url.replace(marker, value)


def _reached(response, route: Route) -> bool:
    """The person got to the view: no 404, no login or two-factor page in between. (The admin answers
    403 for what no one may do there, like adding audit entries: the view was reached.)"""
    if response.status_code == 404 or (response.status_code == 403 and not _is_admin(route)):
        return False
    location = response.get("Location", "")
    return not (
        response.status_code in (301, 302) and ("/accounts/login/" in location or "/2fa/" in location)
    )


def _server_errors(client, method, url, label, **extra) -> list[str]:
    response = getattr(client, method)(url, **extra)
    if response.status_code < 500:
        return []
    error = getattr(response, "exc_info", None)
    reason = f"{error[0].__name__}: {error[1]}"[:200] if error else ""
    return [f"{label}: {method.upper()} {url[:120]} -> {response.status_code} {reason}"]


ROUTE_IDS = [route.name for route in ROUTES]


def _is_admin(route: Route) -> bool:
    return route.name.startswith("admin:") or route.route.startswith("beheer/")


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_no_parameter_value_gives_a_server_error(route, world, db, settings):
    target = target_for(route)
    if target is None:
        pytest.fail(
            f"URL {route.name!r} ({route.route}) has path parameters {list(route.params)} and no entry in "
            "TARGETS (tests/test_fuzz_parameters.py): add real values for them from the World and the "
            "person who may open the page."
        )
    settings.MIDDLEWARE = [f"{__name__}.RecordGetMiddleware", *settings.MIDDLEWARE]
    kwargs = target.kwargs(world)
    anonymous = Client(raise_request_exception=False)
    person = Client(raise_request_exception=False)
    person.force_login(getattr(world, target.user))

    # The real page first, as the person with rights: they must get to the view, or the fuzzing below
    # would only ever meet a 404. An HTMX request too, since some views read more for HTMX.
    RecordingQueryDict.asked = set()
    url = _path(route, kwargs)
    baseline = person.get(url)
    htmx_baseline = person.get(url, **HTMX)
    assert baseline.status_code < 500 and htmx_baseline.status_code < 500, f"{url} fails without fuzzing"
    assert _reached(baseline, route) or not target.found, (
        f"{target.user} does not get to {route.name} ({url}: {baseline.status_code} "
        f"{baseline.get('Location', '')}); choose someone with rights in TARGETS"
    )
    params = params_for(route, world)
    unlisted = sorted(RecordingQueryDict.asked - set(params))
    assert not unlisted, (
        f"{route.name} reads the query parameter(s) {unlisted}: add them to GET_PARAMS so they are fuzzed"
    )
    # A POST-only view (405 to GET) gets its path values by POST. The admin is Django's own, well-tested
    # code around our few settings (search fields, filters): a smaller set of values keeps this quick.
    method = "post" if baseline.status_code == 405 else "get"
    values = {k: v for k, v in FUZZ_VALUES.items() if k in ADMIN_VALUES} if _is_admin(route) else FUZZ_VALUES
    anonymous_reaches = _reached(anonymous.get(url), route)
    htmx_differs = "HX-Request" in baseline.get("Vary", "")

    errors = []
    for value_name, value in values.items():
        for fuzzed in route.params:
            fuzzed_url = _path(route, kwargs, fuzzed, value)
            for label, client in ((target.user, person), ("anonymous", anonymous)):
                errors += _server_errors(client, method, fuzzed_url, f"{label}, {fuzzed}={value_name}")
        if method == "post" or not params:
            continue
        # Each parameter on its own (a bad value in one must not hide another's), as the person with
        # rights; all of them at once for an anonymous visitor who gets to the page, and for HTMX.
        for param in params:
            errors += _server_errors(
                person, "get", f"{url}?{param}={value}", f"{target.user}, ?{param}={value_name}"
            )
        together = f"{url}?" + "&".join(f"{param}={value}" for param in params)
        if anonymous_reaches:
            errors += _server_errors(anonymous, "get", together, f"anonymous, every parameter={value_name}")
        if htmx_differs:
            errors += _server_errors(person, "get", together, f"HTMX, every parameter={value_name}", **HTMX)
    assert not errors, "\n".join(errors)


# --- Posted values that views read themselves (not through a form) -----------------------------------------
# Found with `grep -rn "request.POST.get" src`: each such value, with the fuzz values that broke one of
# them, as the person who may post it. Forms are not listed: Django's form fields refuse NUL bytes.

RAW_POSTS = [
    ("live:note", "member", lambda w: {"pk": w.meeting.pk}, {"text": "abc\x00def"}),
    ("live:note", "member", lambda w: {"pk": w.meeting.pk}, {"text": "abc\x00def", "group": "1"}),
    ("live:answer", "member", lambda w: {"pk": w.meeting.pk}, {"text": "abc\x00def"}),
    (
        "live:action",
        "member",
        lambda w: {"pk": w.meeting.pk, "action": "volgende"},
        {"expected_version": "²"},
    ),
    ("meetings:charter_agree", "member", lambda w: {"slug": w.group.slug}, {"version": "²"}),
    ("meetings:charter_agree", "member", lambda w: {"slug": w.group.slug}, {"version": "9" * 5_000}),
    ("cases:create", "member", lambda w: {"slug": w.group.slug}, {"replace": "title|²", "title": "a\x00"}),
    ("events:lock", "organiser", lambda w: {"slug": w.event.slug}, {"breakout": "²", "locked": "1"}),
    ("events:lock", "organiser", lambda w: {"slug": w.event.slug}, {"registration": "9" * 5_000}),
    ("events:attendance", "organiser", lambda w: {"slug": w.event.slug}, {"present": ["²", "9" * 5_000]}),
    ("events:publish_composition", "organiser", lambda w: {"slug": w.event.slug}, {"confirm": "\x00"}),
    ("accreditation:statements", "begeleider", lambda w: {"slug": w.group.slug}, {"person": "²"}),
    (
        "groups:membership_action",
        "manager",
        lambda w: {"pk": w.application.pk, "action": "accept"},
        {"next": "/a\x00"},
    ),
]


@pytest.mark.parametrize(
    ("name", "user", "kwargs", "data"), RAW_POSTS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_raw_posted_values_never_give_a_server_error(world, db, name, user, kwargs, data):
    person = Client(raise_request_exception=False)
    person.force_login(getattr(world, user))
    url = reverse(name, kwargs=kwargs(world))
    assert _server_errors(person, "post", url, f"{user}, {sorted(data)}", data=data) == []
