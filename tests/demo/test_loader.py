"""The whole demo as ``load_demo`` writes it: what each capability's demo module adds (people, the
directory and its membership story, meetings and evidence, casework, themed events), and that a second
load changes nothing.

The demo is loaded once for this module (the ``demo`` fixture, rolled back at the end) and each test
runs in a savepoint within it. Tests that need no demo, or an empty database, live in the other modules
of tests/demo/: a module-scoped load stays in place until its module's last test. With ``-n 2`` one
worker runs all of this module (``ONE_WORKER_MODULES`` in tests/conftest.py), so the demo is loaded
once per run, not once per worker.
"""

from decimal import Decimal
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from intervisie.accounts.enums import Role
from intervisie.accounts.models import User, UserRole
from intervisie.accreditation.enums import NotCounted
from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement
from intervisie.accreditation.selectors import ledgers
from intervisie.billing.models import Quote
from intervisie.common.models import AuditEntry, OutgoingEmail
from intervisie.demo.base import DEMO_PASSWORD, DEMO_TOTP_SECRET
from intervisie.demo.management.commands.demo_logins import current_totp_code
from intervisie.demo.meetings import FIRST_SERIES, HISTORIES
from intervisie.groups.enums import PARTICIPANT_STATES, Format, GroupStatus, MembershipState, Province
from intervisie.groups.models import IntervisionGroup, Membership, Method
from intervisie.meetings.enums import MeetingStatus, RsvpAnswer
from intervisie.meetings.models import (
    Attendance,
    Charter,
    CharterAgreement,
    Meeting,
    MeetingSeries,
    Rsvp,
)
from intervisie.organisations.models import Organisation, OrganisationKind
from intervisie.providers.models import Provider, ProviderMember
from intervisie.trajectories.models import IntroInvite, Trajectory

pytestmark = pytest.mark.django_db

DEMO_GHO = "gezinshuisouder@intervisiewijzer.example"


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Method,
            Organisation,
            IntervisionGroup,
            User,
            UserRole,
            Membership,
            EmailAddress,
            Authenticator,
            AuditEntry,
            OutgoingEmail,
            Charter,
            CharterAgreement,
            MeetingSeries,
            Meeting,
            Rsvp,
            Attendance,
            Enrolment,
            Certificate,
            ReflectionStatement,
            Provider,
            ProviderMember,
            Trajectory,
            IntroInvite,
            Quote,
        )
    }


def _load():
    call_command("load_demo", stdout=StringIO())


def test_load_demo_twice_changes_nothing(demo):
    first = _counts()
    group_rows = list(IntervisionGroup.objects.order_by("slug").values())
    attendance = ("meeting_id", "user_id", "present", "arrived_at", "left_at", "confirmed_at")
    attendance_rows = list(Attendance.objects.order_by("pk").values(*attendance))
    _load()
    assert _counts() == first
    assert list(IntervisionGroup.objects.order_by("slug").values()) == group_rows
    assert list(Attendance.objects.order_by("pk").values(*attendance)) == attendance_rows
    assert first["Meeting"] >= 7 * 14 and first["Attendance"] > 150 and first["Certificate"] >= 5
    assert (first["Provider"], first["Trajectory"], first["IntroInvite"], first["Quote"]) == (2, 14, 32, 7)


def test_load_demo_with_force_loads_on_https_and_prints_the_counts(demo, settings):
    settings.HTTPS = True
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert out.getvalue().startswith(
        "Demogegevens klaar: 73 groepen, 10 organisaties, 9 methodes, 41 accounts, 52 aanmeldingen, "
        "102 bijeenkomsten, 193 keer aanwezigheid, 7 certificaten, 2 themabijeenkomsten met "
        "72 aanmeldingen ("
    )


def test_load_demo_has_at_least_sixty_groups_in_all_provinces(demo):
    groups = IntervisionGroup.objects.listed()
    assert groups.count() >= 60
    assert set(groups.exclude(province="").values_list("province", flat=True)) == set(Province.values)


def test_load_demo_every_group_has_coordinates_unless_online(demo):
    for group in IntervisionGroup.objects.all():
        if group.format == Format.ONLINE:
            assert (group.latitude, group.longitude, group.place) == (None, None, "")
        else:
            assert group.latitude is not None and group.longitude is not None, group.name
            assert group.place and group.municipality and group.province, group.name


def test_load_demo_fills_every_attribute_in_varied_ways(demo):
    groups = IntervisionGroup.objects.all()
    for name in ("audience", "format", "frequency", "time_of_day", "language", "begeleider_register"):
        assert len(set(groups.values_list(name, flat=True))) >= 3, name
    assert set(groups.values_list("status", flat=True)) == set(GroupStatus.values)
    assert set(groups.values_list("for_skj", "for_registerplein")) == {
        (True, True),
        (True, False),
        (False, True),
        (False, False),
    }
    assert {"LVSC", "NVO", "NIP", "NVRG", "VGCT"} <= set(groups.values_list("begeleider_register", flat=True))
    assert groups.filter(has_begeleider=False).exists()
    minutes = set(groups.values_list("meeting_minutes", flat=True))
    assert min(minutes) >= 90 and max(minutes) <= 240
    costs = set(groups.values_list("cost_per_year", flat=True))
    assert min(costs) == 0 and 900 <= max(costs) <= 1500
    assert Method.objects.filter(groups__isnull=False).distinct().count() == Method.objects.count() >= 7
    assert all(g.contact_email and g.contact_phone and g.description for g in groups)


def test_load_demo_has_organisations_of_each_kind(demo):
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert len(kinds) >= 8
    assert kinds.count(OrganisationKind.FRANCHISE) >= 2
    # Two of our own, and one made for the client of each guided trajectory that got its group.
    made_for_clients = Organisation.objects.filter(groups__trajectories__isnull=False).distinct().count()
    assert made_for_clients == 3
    assert kinds.count(OrganisationKind.OTHER) == 2 + made_for_clients
    for kind in (
        OrganisationKind.ZORGAANBIEDER,
        OrganisationKind.KENNISWERKPLAATS,
        OrganisationKind.GEMEENTE,
        OrganisationKind.OPLEIDING,
    ):
        assert kind in kinds


def test_load_demo_every_role_has_a_user_who_can_log_in(demo, client):
    for role in Role.values:
        assert User.objects.filter(roles__role=role).exists(), role
    user = User.objects.get(email=DEMO_GHO)
    assert user.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    response = client.post("/accounts/login/", {"login": DEMO_GHO, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_load_demo_privileged_users_have_the_demo_totp_secret(demo):
    from allauth.mfa.totp.internal.auth import TOTP

    for email in ("begeleider", "organisatiebeheerder", "beheerder"):
        user = User.objects.get(email=f"{email}@intervisiewijzer.example")
        assert user.requires_mfa
        totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
        code, _ = current_totp_code(DEMO_TOTP_SECRET)
        assert totp.validate_code(code)
    # The platform admin runs the admin with the beheerder role's permissions, not as a superuser.
    admin = User.objects.get(email="beheerder@intervisiewijzer.example")
    assert (admin.is_staff, admin.is_superuser) == (True, False)
    assert admin.has_perm("accreditation.change_register") and admin.has_perm("events.change_event")
    assert not admin.has_perm("auth.change_group")


def test_load_demo_gives_the_demo_gezinshuisouder_a_history(demo):
    states = dict(Membership.objects.filter(user__email=DEMO_GHO).values_list("group__slug", "state"))
    assert states == {
        "integrale-intervisie-apeldoorn": MembershipState.LEFT,
        "leerkring-gezinshuisouders-amersfoort": MembershipState.MEMBER,
        "intervisiegroep-gezinshuisouders-zwolle": MembershipState.REQUESTED,
        "gho-intervisie-utrecht-hechting": MembershipState.WAITLISTED,
    }
    user = User.objects.get(email=DEMO_GHO)
    assert user.skj_verified and not user.registerplein_verified
    assert user.registerplein_number.startswith("4610")


def test_load_demo_begeleider_has_requests_waiting(demo):
    begeleider = User.objects.get(email="begeleider@intervisiewijzer.example")
    assert begeleider.guided_groups.count() >= 4
    waiting = Membership.objects.filter(group__begeleider=begeleider, state=MembershipState.REQUESTED)
    assert waiting.count() >= 3
    manager = User.objects.get(email="organisatiebeheerder@intervisiewijzer.example")
    assert (
        manager.managed_organisations.get()
        .groups.filter(memberships__state=MembershipState.REQUESTED)
        .exists()
    )


def test_demo_logins_prints_accounts_password_and_current_code(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    code, _ = current_totp_code(DEMO_TOTP_SECRET)
    assert DEMO_PASSWORD in text
    assert DEMO_TOTP_SECRET in text
    assert "manage.py demo_logins" in text
    for role in Role.values:
        assert f"{role}@intervisiewijzer.example" in text
    begeleider_line = next(line for line in text.splitlines() if line.startswith("begeleider@"))
    assert begeleider_line.split()[-1] in {code, current_totp_code(DEMO_TOTP_SECRET)[0]}


# --- Meetings, attendance and evidence (demo/meetings.py) ---------------------------------------------

DEMO_JZW = "jeugdzorgwerker@intervisiewijzer.example"
AMERSFOORT = "leerkring-gezinshuisouders-amersfoort"


def _ledger(email, register_code):
    return next(
        ledger
        for enrolment, ledger in ledgers(User.objects.get(email=email))
        if enrolment.register.code == register_code
    )


def test_load_demo_gives_seven_groups_a_meeting_history(demo):
    now = timezone.now()
    groups = IntervisionGroup.objects.filter(series__name=FIRST_SERIES)
    assert groups.count() == len(HISTORIES) == 7
    begeleider = User.objects.get(email="begeleider@intervisiewijzer.example")
    # Apart from the group of the guided trajectory they run (demo/trajectories.py)
    # and the programme group they guide (demo/programmes.py).
    own = begeleider.guided_groups.filter(trajectories=None, programme_group=None)
    assert set(own.values_list("slug", flat=True)) <= set(groups.values_list("slug", flat=True))
    for group in groups:
        meetings = Meeting.objects.filter(group=group)
        past = meetings.filter(ends_at__lte=now)
        assert past.filter(is_start_meeting=True).count() == 1, group.slug
        assert meetings.filter(starts_at__gt=now).count() == 4, group.slug
        first = past.order_by("starts_at").first().starts_at
        assert 390 <= (now - first).days <= 430, group.slug  # about fourteen months of history
        cancelled = past.get(status=MeetingStatus.CANCELLED)
        assert cancelled.cancel_reason and not cancelled.attendances.exists(), group.slug
        assert Attendance.objects.filter(meeting__group=group, present=True).count() >= 15, group.slug
        charter = Charter.objects.filter(group=group).order_by("-version").first()
        participants = Membership.objects.filter(group=group, state__in=PARTICIPANT_STATES).count()
        assert charter.agreements.count() > participants / 2, group.slug
    assert Charter.objects.filter(group__in=groups, version=2).count() == 2
    amersfoort = Meeting.objects.get(group__slug=AMERSFOORT, status=MeetingStatus.CANCELLED)
    assert amersfoort.cancel_reason.startswith("Te weinig aanmeldingen")
    assert amersfoort.rsvps.filter(answer=RsvpAnswer.NOT_COMING).count() == 3

    present = Attendance.objects.filter(present=True)
    assert present.filter(arrived_at__gt=F("meeting__starts_at")).exists()  # late
    assert present.filter(left_at__lt=F("meeting__ends_at")).exists()  # left early
    assert Attendance.objects.filter(present=False).exists()
    waiting = present.filter(confirmed_at__isnull=True).count()
    assert 2 <= waiting < present.count() / 5  # most people signed off, a couple per group not yet
    assert present.filter(user__email=DEMO_GHO, confirmed_at__isnull=True).count() == 1


def test_load_demo_ledgers_count_hours_but_not_the_short_meeting(demo):
    ledger = _ledger(DEMO_GHO, "skj-jeugd-en-gezinsprofessional")
    # 6 x 2 hours, once 30 minutes late, once 30 minutes early, plus the themed event's 75-minute
    # breakout part (demo/events.py).
    assert ledger.hours == Decimal("16.25")
    assert len(ledger.counted) == 9
    assert [line.meeting.kind for line in ledger.counted].count("event") == 1
    short = [line for line in ledger.lines if line.meeting.planned_minutes == 50]
    assert len(short) == 1
    assert (short[0].reason, short[0].hours, short[0].meeting.present) == (NotCounted.TOO_SHORT, 0, True)
    assert [line.reason for line in ledger.not_counted] == [NotCounted.TOO_SHORT, NotCounted.ABSENT]
    assert ledger.is_behind
    assert ledger.warning.startswith("Je loopt achter: je hebt 16,25 uur")
    registerplein = _ledger(DEMO_GHO, "registerplein-gezinshuisouders")
    assert registerplein.hours > 0 and not registerplein.has_target

    ledger = _ledger(DEMO_JZW, "skj-jeugdzorgwerker")
    assert ledger.target == 50
    assert ledger.hours > ledger.expected_hours > 0
    assert not ledger.is_behind and ledger.warning == ""
    assert [e.register.code for e, _ledger in ledgers(User.objects.get(email=DEMO_JZW))] == [
        "skj-jeugdzorgwerker"
    ]


def test_load_demo_has_coming_meetings_with_answers_and_one_below_quorum(demo):
    from intervisie.meetings.domain import charter_current, coming_count, meeting_quorum

    coming = Rsvp.objects.filter(meeting__starts_at__gt=timezone.now())
    assert coming.filter(answer=RsvpAnswer.COMING).count() >= 10
    assert coming.filter(answer=RsvpAnswer.NOT_COMING).exclude(reason="").exists()
    mine = coming.filter(user__email=DEMO_GHO, meeting__group__slug=AMERSFOORT)
    assert list(mine.values_list("answer", flat=True)) == [RsvpAnswer.COMING]

    soon = Meeting.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    assert soon.group.slug == "integrale-intervisie-online-zuid"
    quorum = meeting_quorum(soon, coming=coming_count(soon), charter=charter_current(soon.group))
    assert quorum.warn and (quorum.coming, quorum.minimum) == (1, 3)


def test_load_demo_evidence_certificates_and_signed_statement(demo, client):
    mine = Certificate.objects.get(user__email=DEMO_GHO)
    assert not mine.is_revoked
    assert (mine.meetings_attended, mine.hours, mine.series.name) == (6, Decimal("11.00"), FIRST_SERIES)
    response = client.get(f"/verifieer/{mine.code}/")
    assert "Marloes de Graaf" in response.text and "ingetrokken" not in response.text
    revoked = Certificate.objects.get(revoked_at__isnull=False)
    assert revoked.user.email != DEMO_GHO
    assert "Dit certificaat is ingetrokken." in client.get(f"/verifieer/{revoked.code}/").text
    # The same person got a new certificate after her attendance was corrected.
    again = Certificate.objects.get(user=revoked.user, revoked_at__isnull=True)
    assert again.meetings_attended == revoked.meetings_attended - 1

    statement = ReflectionStatement.objects.get(user__email=DEMO_GHO)
    assert (statement.signed_by.email, statement.signer_register) == (
        "begeleider@intervisiewijzer.example",
        "LVSC",
    )
    assert statement.hours == Decimal("11.00")

    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert f"Voorbeeld-certificaat: {mine.code}, controleer op /verifieer/{mine.code}/" in out.getvalue()
    assert (
        f"Ingetrokken certificaat: {revoked.code}, controleer op /verifieer/{revoked.code}/" in out.getvalue()
    )


# --- Cases, guided session, reflections and evaluations (demo/casework.py) ----------------------------


def test_load_demo_casework_twice_changes_nothing(demo):
    from intervisie.cases.models import Case
    from intervisie.live.models import LiveSession, StepNote, Takeaway
    from intervisie.reflections.models import Evaluation, Reflection

    models = (Case, LiveSession, StepNote, Takeaway, Reflection, Evaluation, OutgoingEmail, AuditEntry)
    first = {model.__name__: model.objects.count() for model in models}
    cases = list(Case.objects.order_by("pk").values())
    _load()
    assert {model.__name__: model.objects.count() for model in models} == first
    assert list(Case.objects.order_by("pk").values()) == cases
    assert first["Case"] == 9 and first["LiveSession"] == 1


def test_load_demo_casework_rotation_and_purged_texts(demo, client):
    from intervisie.cases.domain import rotation
    from intervisie.cases.models import Case

    group = IntervisionGroup.objects.get(slug=AMERSFOORT)
    order = [(row.user.email.split("@")[0], row.count) for row in rotation(group)]
    # Kees is in his kennismaking: he does not bring cases yet, so he is not in the rotation.
    assert order == [
        ("sanne.mulder", 0),
        ("annemiek.de.boer", 1),
        ("priya.ramdin", 1),
        ("gezinshuisouder", 2),
        ("gert-jan.hofman", 2),
    ]
    cases = Case.objects.filter(group=group)
    assert len({case.meeting_id for case in cases}) == 6
    # Every past meeting is longer ago than the retention period: only the coming case keeps its text.
    coming = cases.get(text_purged_at__isnull=True)
    assert coming.meeting.starts_at > timezone.now()
    assert coming.title == "Een meisje van 15 dat haar telefoon niet wegdoet"
    assert all(case.title == case.situation == case.question == "" for case in cases.exclude(pk=coming.pk))

    client.force_login(User.objects.get(email=DEMO_GHO))
    page = client.get(f"/inbreng/groep/{AMERSFOORT}/")
    assert page.status_code == 200
    assert page.text.count("tekst verwijderd na de bewaartermijn") == 5
    assert "Een meisje van 15 dat haar telefoon niet wegdoet" in page.text


def test_load_demo_casework_ended_session_gives_the_bringer_a_look_back(demo):
    from intervisie.live.domain import look_back_for
    from intervisie.live.models import LiveSession, SessionStatus

    session = LiveSession.objects.get(meeting__group__slug=AMERSFOORT)
    group = session.meeting.group
    last = (
        # The last meeting of the series (not the extra evening whose attendance waits)
        Meeting.objects.filter(group=group, ends_at__lte=timezone.now(), series__isnull=False)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    assert session.meeting == last
    assert (session.status, session.method.slug, session.bringer.email) == (
        SessionStatus.ENDED,
        "zes-fasen",
        DEMO_GHO,
    )
    assert session.chair == group.begeleider and session.case.bringer == session.bringer
    assert session.started_at < session.ended_at <= last.ends_at
    assert session.takeaways.count() == 4 and session.notes.filter(is_group_note=True).count() == 1
    present = set(last.attendances.filter(present=True).values_list("user_id", flat=True))
    assert set(session.takeaways.values_list("user_id", flat=True)) <= present

    coming = Meeting.objects.filter(group=group, starts_at__gt=timezone.now()).order_by("starts_at").first()
    assert look_back_for(coming, User.objects.get(email=DEMO_GHO)) == session
    assert look_back_for(coming, User.objects.get(email="annemiek.de.boer@intervisiewijzer.example")) is None


def test_load_demo_casework_reflections_and_evaluation_trend(demo):
    from intervisie.reflections.models import Reflection
    from intervisie.reflections.selectors import evaluation_trend, shared_reflections

    group = IntervisionGroup.objects.get(slug=AMERSFOORT)
    mine = Reflection.objects.filter(user__email=DEMO_GHO)
    assert mine.count() == 3
    assert [r.user.email for r in shared_reflections(group)] == [DEMO_GHO]
    assert all(r.created_at > r.meeting.ends_at for r in mine)

    rows = [row for row in evaluation_trend(group) if row.answers]
    # Averages only from five answers (the anonymity floor): the last meeting had enough people.
    assert [row.answers for row in rows] == [3, 2, 3, 5]
    assert [row.shown for row in rows] == [False, False, False, True]
    assert rows[1].how_it_went is None and rows[-1].how_it_went == 4.0
