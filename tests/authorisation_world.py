"""The world the authorisation matrix runs in (tests/test_authorisation_matrix.py).

Two groups with everything confidential a group has: cases, a live session with notes and answers,
reflections shared with the begeleider, attendance, evidence, certificates. Group A has a person in
every membership state; group B is "another group". A themed event with its organiser, a coach
invitation and a registration. Every confidential text carries a marker, so a page that shows it to
the wrong person is caught by looking for the marker.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from intervisie.accreditation.models import ReflectionStatement
from intervisie.cases.models import Case
from intervisie.events.enums import RegistrationKind
from intervisie.events.models import CoachInvite
from intervisie.groups.enums import MembershipState as S
from intervisie.live.models import LiveSession, SilentAnswer, StepNote
from intervisie.meetings.models import CalendarFeed
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker
from intervisie.organisations.models import OrganisationKind
from intervisie.programmes.domain import partner_accept
from intervisie.programmes.models import Harvest, Programme, ProgrammeEvaluation, Signup
from intervisie.reflections.models import Reflection
from intervisie.trajectories.domain import quote_link
from intervisie.trajectories.models import ReaderDocument, Report
from tests.factories import (
    AttendanceFactory,
    CertificateFactory,
    CharterFactory,
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

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "introduction",
    "trial",
    "requested",
    "waitlisted",
    "former",
    "begeleider",
    "other_begeleider",
    "manager",
    "organiser",
    "staff",
    "superuser",
)

# Markers of confidential texts, and who may read each. Nobody else may ever see one in a response.
OWN_OLD_CASE = "GEHEIM-A-OUDE-CASUS"
OWN_RECENT_CASE = "GEHEIM-A-RECENTE-CASUS"
OWN_NOTE = "GEHEIM-A-SESSIENOTITIE"
OWN_ANSWER = "GEHEIM-A-STIL-ANTWOORD"
OWN_REFLECTION = "GEHEIM-A-REFLECTIE"
OTHER_CASE = "GEHEIM-B-CASUS"
OTHER_NOTE = "GEHEIM-B-SESSIENOTITIE"
OTHER_REFLECTION = "GEHEIM-B-REFLECTIE"
# A programme sign-up's name: the kartrekker (the organiser) and the programme's begeleiders only; never
# a partner without the person's consent.
SIGNUP_NAME = "GEHEIM-AANMELDER"
# A participant's private harvest (oogst) and an evaluation remark they did not allow to be quoted.
OWN_HARVEST = "GEHEIM-OOGST"
OWN_REMARK = "GEHEIM-EVALUATIEOPMERKING"
READERS = {
    OWN_OLD_CASE: {"member", "begeleider"},
    # The recent meeting is after the start of the trial: someone on trial takes part in it.
    OWN_RECENT_CASE: {"member", "begeleider", "trial"},
    OWN_NOTE: {"member", "begeleider", "trial"},
    # A silent answer stays private to its writer (the member) until the chair reveals it.
    OWN_ANSWER: {"member"},
    # The member's reflection, shared with the begeleider.
    OWN_REFLECTION: {"member", "begeleider"},
    OTHER_CASE: {"other_member", "other_begeleider"},
    OTHER_NOTE: {"other_member", "other_begeleider"},
    OTHER_REFLECTION: {"other_member", "other_begeleider"},
    SIGNUP_NAME: {"organiser", "begeleider", "other_begeleider"},
    OWN_HARVEST: {"member"},
    OWN_REMARK: {"member"},
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _person(key: str, *, roles=(), totp=False, **fields):
    user = UserFactory(
        email=f"{key}@example.nl", name=key.replace("_", " ").title(), roles=list(roles), **fields
    )
    if totp:
        give_totp(user)
    return user


def _session(meeting, case, chair, *, note: str, answer_by, answer: str):
    """A running session standing at a silent-writing step, with the group note and one private answer
    of that step (so the pages show both to whoever may see them)."""
    step = (
        MethodStep.objects.filter(method__group=None, speaker=Speaker.SILENT_WRITING)
        .select_related("method")
        .order_by("method_id", "position")
        .first()
    )
    session = LiveSession.objects.create(
        meeting=meeting,
        case=case,
        method=step.method,
        chair=chair,
        bringer=case.bringer,
        step_position=step.position,
        step_started_at=timezone.now(),
    )
    StepNote.objects.create(
        session=session, step_position=step.position, is_group_note=True, user=chair, text=note
    )
    SilentAnswer.objects.create(session=session, step_position=step.position, user=answer_by, text=answer)
    return session


def build_world() -> World:
    now = timezone.now()
    w = World()
    u = w.users
    u["member"] = _person("member", roles=["gezinshuisouder"])
    u["other_member"] = _person("other_member", roles=["jeugdzorgwerker"])
    for key in ("introduction", "trial", "requested", "waitlisted", "former"):
        u[key] = _person(key, roles=["gezinshuisouder"])
    u["begeleider"] = _person("begeleider", roles=["begeleider"], totp=True, supervisor_register="LVSC")
    u["other_begeleider"] = _person(
        "other_begeleider", roles=["begeleider"], totp=True, supervisor_register="NVO"
    )
    u["manager"] = _person("manager", roles=["organisatiebeheerder"], totp=True)
    u["organiser"] = _person("organiser", roles=["organisator"])
    u["staff"] = _person("staff", roles=["beheerder"], totp=True)  # the role makes them staff
    u["superuser"] = _person("superuser", totp=True, is_staff=True, is_superuser=True)
    o = w.objects

    org_a = OrganisationFactory(name="Organisatie A", managers=[u["manager"]])
    org_b = OrganisationFactory(name="Organisatie B")
    group = GroupFactory(name="Groep A", organisation=org_a, begeleider=u["begeleider"], max_members=8)
    other = GroupFactory(name="Groep B", organisation=org_b, begeleider=u["other_begeleider"])
    o.update(organisation=org_a, other_organisation=org_b, group=group, other_group=other)
    CharterFactory(group=group)

    long_ago = now - timedelta(days=3 * 365)
    MembershipFactory(user=u["member"], group=group, started_at=long_ago)
    o["requested_membership"] = MembershipFactory(user=u["requested"], group=group, state=S.REQUESTED)
    MembershipFactory(user=u["waitlisted"], group=group, state=S.WAITLISTED, waitlisted_at=now)
    MembershipFactory(
        user=u["introduction"], group=group, state=S.INTRODUCTION, started_at=now - timedelta(days=3)
    )
    trial_start = now - timedelta(days=10)
    MembershipFactory(
        user=u["trial"],
        group=group,
        state=S.TRIAL,
        started_at=trial_start - timedelta(days=14),
        trial_started_at=trial_start,
    )
    MembershipFactory(
        user=u["former"], group=group, state=S.LEFT, started_at=long_ago, ended_at=now - timedelta(days=100)
    )
    o["membership"] = group.memberships.get(user=u["member"])
    MembershipFactory(user=u["other_member"], group=other, started_at=long_ago)

    def meeting(g, days: int, **fields):
        start = now + timedelta(days=days)
        return MeetingFactory(group=g, starts_at=start, ends_at=start + timedelta(hours=2), **fields)

    o["old_meeting"] = meeting(group, -40, title="Bijeenkomst januari")
    o["recent_meeting"] = meeting(group, -2, title="Bijeenkomst recent")
    o["future_meeting"] = meeting(group, 7, title="Bijeenkomst straks")
    o["other_meeting"] = meeting(other, -2, title="Bijeenkomst groep B")

    def case(g, meeting_, bringer, marker):
        return Case.objects.create(
            group=g,
            meeting=meeting_,
            bringer=bringer,
            title=f"Titel {marker}",
            situation=f"Situatie {marker}",
            question=f"Vraag {marker}",
            brought_on=timezone.localdate(meeting_.starts_at),
        )

    o["old_case"] = case(group, o["old_meeting"], u["member"], OWN_OLD_CASE)
    o["recent_case"] = case(group, o["recent_meeting"], u["member"], OWN_RECENT_CASE)
    o["other_case"] = case(other, o["other_meeting"], u["other_member"], OTHER_CASE)
    o["session"] = _session(
        o["recent_meeting"],
        o["recent_case"],
        u["begeleider"],
        note=OWN_NOTE,
        answer_by=u["member"],
        answer=OWN_ANSWER,
    )
    o["other_session"] = _session(
        o["other_meeting"],
        o["other_case"],
        u["other_begeleider"],
        note=OTHER_NOTE,
        answer_by=u["other_member"],
        answer="b",
    )
    for meeting_, user, marker in (
        (o["recent_meeting"], u["member"], OWN_REFLECTION),
        (o["other_meeting"], u["other_member"], OTHER_REFLECTION),
    ):
        Reflection.objects.create(
            meeting=meeting_,
            user=user,
            methods_text=f"Methoden {marker}",
            values_text=f"Waarden {marker}",
            personal_text=f"Persoonlijk {marker}",
            shared_with_begeleider=True,
        )

    o["attendance"] = AttendanceFactory(meeting=o["old_meeting"], user=u["member"])
    AttendanceFactory(meeting=o["recent_meeting"], user=u["member"])
    AttendanceFactory(meeting=o["old_meeting"], user=u["former"])
    AttendanceFactory(meeting=o["other_meeting"], user=u["other_member"])
    o["certificate"] = CertificateFactory(user=u["member"], group=group)
    o["statement"] = ReflectionStatement.objects.create(
        user=u["member"],
        group=group,
        period_start=timezone.localdate() - timedelta(days=60),
        period_end=timezone.localdate(),
        hours=Decimal("4.00"),
        signed_by=u["begeleider"],
        signer_register="LVSC",
    )
    o["enrolment"] = EnrolmentFactory(user=u["member"])
    o["feed"] = CalendarFeed.objects.create(user=u["member"])
    library = MethodTemplate.objects.filter(group=None).order_by("pk").first()
    o["library_method"] = library
    o["group_method"] = MethodTemplate.objects.create(
        group=group, based_on=library, name="Eigen methode A", slug="eigen-methode-a", summary="Aangepast."
    )

    o["event"] = EventFactory(title="Themabijeenkomst Trauma", organisers=[u["organiser"]])
    o["registration"] = RegistrationFactory(event=o["event"], user=u["member"])
    o["coach_invite"] = CoachInvite.objects.create(
        event=o["event"], email="coach@example.nl", invited_by=u["organiser"]
    )
    o["draft_event"] = EventFactory(title="Concept bijeenkomst", organisers=[u["organiser"]], status="draft")
    RegistrationFactory(event=o["event"], user=u["other_member"], kind=RegistrationKind.PARTICIPANT)

    o["provider"] = ProviderFactory(name="Praktijk Samen Verder")
    o["provider"].members.create(user=u["begeleider"], is_owner=True)
    o["trajectory"] = TrajectoryFactory(
        provider=o["provider"], talk_notes="Aantekening alleen voor de aanbieder", group=group
    )
    o["participant_invite"] = o["trajectory"].participant_invites.create(
        name="Sanne de Wit", email="sanne@example.nl"
    )
    o["report"] = Report.objects.create(
        trajectory=o["trajectory"], status="sent", conclusions="Conclusie", advice="Advies"
    )
    o["reader_document"] = ReaderDocument(provider=o["provider"], title="Werkblad")
    o["reader_document"].file.save("werkblad.pdf", ContentFile(blank_pdf()), save=True)
    o["quote"] = sent_quote_for(o["trajectory"])
    o["quote_value"] = quote_link(o["quote"]).rstrip("/").rsplit("/", 1)[-1]
    o["invoice"] = invoice_for(o["trajectory"], quote=o["quote"])
    o["intro_invite"] = o["trajectory"].intro_invites.create(
        name="Sanne de Wit", email="sanne@example.nl", expectations="Verwachting alleen voor de begeleider"
    )
    _programmes(w)
    return w


def _programmes(w: World) -> None:
    """Two "buiten je bubbel" programmes run by the organiser (the kartrekker), guided by the two
    begeleiders: one recruiting (a partner whose contact is the other member; a sign-up through it that
    did not agree to share the name), and one running whose first group is group A, with the member
    placed in it (an evaluation with a remark not to quote, a private harvest)."""
    u, o = w.users, w.objects
    initiator = OrganisationFactory(name="Gemeente Matrix", kind=OrganisationKind.GEMEENTE)
    begeleiders = [u["begeleider"], u["other_begeleider"]]
    o["programme"] = make_programme(kartrekker=u["organiser"], initiator=initiator, begeleiders=begeleiders)
    o["partner"] = make_partner(o["programme"], name="Partner Matrix", contact_email=u["other_member"].email)
    partner_accept(partner=o["partner"], user=u["other_member"])
    o["other_partner"] = make_partner(o["programme"], name="Andere Partner")
    o["signup"] = make_signup(o["programme"], "student", partner=o["partner"], name=SIGNUP_NAME)
    # The person's own link shows their own name: a sign-up without the marker for those rows.
    o["own_signup"] = make_signup(o["programme"], "ouder", name="Ouder Met Link")
    o["young_signup"] = make_signup(
        o["programme"],
        "jongere",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 14),
        parent_name="Ouder Matrix",
        parent_email="ouder.matrix@example.nl",
    )
    running = make_programme(
        kartrekker=u["organiser"], initiator=initiator, begeleiders=begeleiders, name="Lopend programma"
    )
    first = running.groups.get(position=0)
    first.group = w.group
    first.save(update_fields=["group"])
    o["placed_signup"] = make_signup(running, "professional", email=u["member"].email, status="invited")
    Signup.objects.filter(pk=o["placed_signup"].pk).update(status="placed", user=u["member"], group=first)
    Programme.objects.filter(pk=running.pk).update(status="running", published_at=timezone.now())
    running.refresh_from_db()
    o["running_programme"] = running
    ProgrammeEvaluation.objects.create(
        signup=o["placed_signup"],
        meeting=o["recent_meeting"],
        answers={},
        quote=f"Opmerking {OWN_REMARK}",
        may_quote=False,
    )
    Harvest.objects.create(signup=o["placed_signup"], private_text=f"Oogst {OWN_HARVEST}")
