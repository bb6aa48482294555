"""Step 7 of the route (issue 12): after the last meeting the begeleider drafts the report for the
client; the group approves it (everyone or a majority, as the begeleider chose) or comments; only then
it goes to the client as a PDF. Every transition, every illegal one (a Dutch message, nothing changed),
the privacy screen, and the report never holding a case or reflection text."""

import io
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from intervisie.common.models import AuditEntry, OutgoingEmail
from intervisie.groups.enums import MembershipState
from intervisie.groups.models import Method
from intervisie.reflections.models import Reflection
from intervisie.trajectories.domain import set_trajectory_state
from intervisie.trajectories.enums import ReportRule, ReportStatus, TrajectoryState
from intervisie.trajectories.models import MeetingAspects, Report, ReportResponse
from intervisie.trajectories.report_pdf import report_pdf
from intervisie.trajectories.reporting import (
    REPORT_TRANSITIONS,
    ReportRefused,
    ReportText,
    report_facts,
    report_respond,
    report_save,
    report_start,
    report_tally,
    set_report_status,
)
from tests.concurrency import in_threads
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    ProviderFactory,
    TrajectoryFactory,
    UserFactory,
    attend,
    give_totp,
    make_case,
    past_meeting,
)
from tests.pdf_render import A4_AT_60_DPI, png_size, render_first_page

pytestmark = pytest.mark.django_db
S = TrajectoryState
R = ReportStatus

CASE_MARKER = "GEHEIME-CASUS-VOOR-HET-RAPPORT"
REFLECTION_MARKER = "GEHEIME-REFLECTIE-VOOR-HET-RAPPORT"
CONCLUSIONS = "De groep stelt nu open vragen en laat de inbrenger eerst uitpraten."
ADVICE = "Ga zelf verder, eens per zes weken, met een vaste voorzitter en de incidentmethode."


@dataclass
class Reporting:
    """A running trajectory whose three meetings were held: Bea guides, Sanne, Omar and Lotte take
    part (members), Iris is still in the kennismaking; a case and a reflection carry markers."""

    bea: object
    trajectory: object
    group: object
    meetings: list
    sanne: object
    omar: object
    lotte: object
    iris: object

    @property
    def participants(self):
        return [self.sanne, self.omar, self.lotte]


def build_reporting(*, rule=ReportRule.ALL, upcoming: bool = False) -> Reporting:
    bea = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(bea)
    group = GroupFactory(name="Begeleide intervisie De Linde", begeleider=bea)
    incident = Method.objects.get_or_create(name="Incidentmethode", defaults={"slug": "incidentmethode-r"})[0]
    roddel = Method.objects.get_or_create(name="Roddelmethode", defaults={"slug": "roddelmethode-r"})[0]
    meetings = [
        past_meeting(group, days_ago=30, title="Startbijeenkomst", method=incident),
        past_meeting(group, days_ago=16, title="Bijeenkomst 2 van 3", method=roddel),
        past_meeting(group, days_ago=2, title="Bijeenkomst 3 van 3", method=incident),
    ]
    if upcoming:
        meetings.append(past_meeting(group, days_ago=-5, title="Nog te komen"))
    people = {}
    for key, name in (("sanne", "Sanne de Wit"), ("omar", "Omar Bakker"), ("lotte", "Lotte Jansen")):
        people[key] = UserFactory(email=f"{key}@example.nl", name=name)
        MembershipFactory(user=people[key], group=group)
    iris = UserFactory(email="iris@example.nl", name="Iris Nieuw")
    MembershipFactory(user=iris, group=group, state=MembershipState.INTRODUCTION)
    # Attendance: 3, 2 and 3 present.
    for meeting, present in zip(
        meetings[:3],
        (["sanne", "omar", "lotte"], ["sanne", "lotte"], ["sanne", "omar", "lotte"]),
        strict=True,
    ):
        for key in present:
            attend(meeting, people[key])
    attend(meetings[1], people["omar"], present=False)
    provider = ProviderFactory(name="Praktijk Licht", kvk_number="12345678")
    provider.members.create(user=bea, is_owner=True)
    trajectory = TrajectoryFactory(
        provider=provider, begeleider=bea, group=group, state=S.RUNNING, report_rule=rule
    )
    MeetingAspects.objects.create(
        trajectory=trajectory, meeting=meetings[0], aspects=["structure", "conditions"]
    )
    MeetingAspects.objects.create(trajectory=trajectory, meeting=meetings[1], aspects=["methods", "skills"])
    MeetingAspects.objects.create(trajectory=trajectory, meeting=meetings[2], aspects=["methods"])
    make_case(
        bringer=people["sanne"], meeting=meetings[1], title=f"Titel {CASE_MARKER}", situation=CASE_MARKER
    )
    Reflection.objects.create(
        meeting=meetings[1],
        user=people["sanne"],
        methods_text=REFLECTION_MARKER,
        values_text=REFLECTION_MARKER,
        personal_text=REFLECTION_MARKER,
        shared_with_begeleider=True,
    )
    return Reporting(bea=bea, trajectory=trajectory, group=group, meetings=meetings, iris=iris, **people)


@pytest.fixture
def world(db):
    return build_reporting()


def _written(world, **overrides) -> Report:
    report = report_start(trajectory=world.trajectory, by=world.bea)
    text = {"conclusions": CONCLUSIONS, "advice": ADVICE, **overrides}
    report_save(report=report, text=ReportText(**text), by=world.bea)
    report.refresh_from_db()
    return report


def _shared(world, **overrides) -> Report:
    report = _written(world, **overrides)
    set_report_status(report, R.SHARED, by=world.bea)
    report.refresh_from_db()
    return report


def _approved(world) -> Report:
    report = _shared(world)
    for person in world.participants:
        report_respond(report=report, user=person, approves=True)
    report.refresh_from_db()
    return report


def _snapshot(report):
    report = Report.objects.get(pk=report.pk)
    return (
        report.status,
        report.shared_at,
        report.sent_at,
        report.conclusions,
        sorted(report.responses.values_list("user_id", "approves", "comment")),
        report.trajectory.state,
        AuditEntry.objects.count(),
        len(mail.outbox),
    )


# --- What the report shows ------------------------------------------------------------------------------------


def test_the_facts_are_numbers_per_meeting_with_methods_and_aspects_and_names_only_when_agreed(world):
    facts = report_facts(trajectory=world.trajectory)
    assert [(row.meeting.title, row.present, row.names) for row in facts.meetings] == [
        ("Startbijeenkomst", 3, []),
        ("Bijeenkomst 2 van 3", 2, []),
        ("Bijeenkomst 3 van 3", 3, []),
    ]
    assert facts.participants == 3  # Iris (kennismaking) did not take part
    assert facts.average_present == "2,7"
    assert facts.methods == [("Incidentmethode", 2), ("Roddelmethode", 1)]
    assert facts.aspects == [
        ("Structuur en opzet van intervisie", 1),
        ("Voorwaarden waaraan intervisie moet voldoen", 1),
        ("Intervisiemethodes", 2),
        ("Vaardigheden: exploreren, reflectieve vragen, luisteren, feedback", 1),
    ]
    named = report_facts(trajectory=world.trajectory, show_names=True)
    assert named.meetings[1].names == ["Lotte Jansen", "Sanne de Wit"]


def test_a_meeting_still_to_come_is_not_in_the_facts(db):
    world = build_reporting(upcoming=True)
    assert [row.meeting.title for row in report_facts(trajectory=world.trajectory).meetings][-1] == (
        "Bijeenkomst 3 van 3"
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_facts_take_the_same_queries_for_one_or_three_meetings(db, count):
    bea = UserFactory(roles=["begeleider"])
    group = GroupFactory()
    method = Method.objects.get_or_create(name="Incidentmethode", defaults={"slug": "incidentmethode-r"})[0]
    trajectory = TrajectoryFactory(group=group, begeleider=bea, state=S.RUNNING)
    for n in range(count):
        meeting = past_meeting(group, days_ago=2 + 7 * n, method=method)
        attend(meeting, UserFactory())
        MeetingAspects.objects.create(trajectory=trajectory, meeting=meeting, aspects=["methods"])
    with CaptureQueriesContext(connection) as queries:
        facts = report_facts(trajectory=trajectory, show_names=True)
    # meetings, their methods, attendance, aspects, the participants' count
    assert len(queries) == 5
    assert facts.held == count


# --- Starting -------------------------------------------------------------------------------------------------


def test_starting_after_the_last_meeting_makes_a_draft_and_moves_the_trajectory_to_reporting(world):
    report = report_start(trajectory=world.trajectory, by=world.bea)
    world.trajectory.refresh_from_db()
    assert (report.status, world.trajectory.state) == (R.DRAFT, S.REPORTING)
    on_trajectory = AuditEntry.objects.filter(object_type="trajectories.trajectory")
    assert list(on_trajectory.values_list("action", flat=True).order_by("pk")) == [
        "trajectory.reporting",
        "report.started",
    ]


def test_starting_before_the_last_meeting_is_refused_and_changes_nothing(db):
    world = build_reporting(upcoming=True)
    with pytest.raises(ReportRefused) as refused:
        report_start(trajectory=world.trajectory, by=world.bea)
    assert refused.value.messages[0].startswith("Schrijf het rapport na de laatste bijeenkomst (")
    world.trajectory.refresh_from_db()
    assert world.trajectory.state == S.RUNNING and not Report.objects.exists()
    assert not AuditEntry.objects.filter(object_type="trajectories.trajectory").exists()


def test_starting_without_any_meeting_is_refused(db):
    trajectory = TrajectoryFactory(group=GroupFactory(), state=S.RUNNING)
    with pytest.raises(ReportRefused, match="Er is nog geen bijeenkomst geweest"):
        report_start(trajectory=trajectory, by=None)
    trajectory.refresh_from_db()
    assert trajectory.state == S.RUNNING and not Report.objects.exists()


@pytest.mark.parametrize("state", [S.REQUESTED, S.QUOTE_SENT, S.REPORT_SENT, S.CLOSED, S.CANCELLED])
def test_starting_from_another_state_is_refused(world, state):
    type(world.trajectory).objects.filter(pk=world.trajectory.pk).update(state=state)
    with pytest.raises(ReportRefused) as refused:
        report_start(trajectory=world.trajectory, by=world.bea)
    assert refused.value.messages[0] == f"Dit kan nu niet: het traject staat op “{S(state).label}”."
    assert not Report.objects.exists()


def test_starting_twice_is_refused_the_second_time(world):
    report_start(trajectory=world.trajectory, by=world.bea)
    with pytest.raises(ReportRefused, match="Rapportage"):
        report_start(trajectory=world.trajectory, by=world.bea)
    assert Report.objects.count() == 1


# --- Writing --------------------------------------------------------------------------------------------------


def test_saving_writes_the_texts_and_the_rule_in_a_draft(world):
    report = report_start(trajectory=world.trajectory, by=world.bea)
    reset = report_save(
        report=report,
        text=ReportText(conclusions=CONCLUSIONS, advice=ADVICE, show_names=True, rule=ReportRule.MAJORITY),
        by=world.bea,
    )
    report.refresh_from_db()
    world.trajectory.refresh_from_db()
    assert reset is False
    assert (report.conclusions, report.advice, report.show_names) == (CONCLUSIONS, ADVICE, True)
    assert world.trajectory.report_rule == ReportRule.MAJORITY
    entry = AuditEntry.objects.get(action="report.saved")
    assert entry.data == {"changed": ["advice", "conclusions", "show_names", "report_rule"]}


@pytest.mark.parametrize(
    ("field", "text", "named"),
    [
        ("conclusions", "Sanne vond het lastig om door te vragen.", "een naam (“Sanne”)"),
        (
            "advice",
            "Bel de begeleider op 06-12345678 als het vastloopt.",
            "een telefoonnummer (“06-12345678”)",
        ),
        ("methods_text", "Het BSN 111222333 kwam ter sprake.", "een burgerservicenummer (BSN) (“111222333”)"),
        ("aspects_text", "De kinderen Emma en Daan kwamen ter sprake.", "een naam (“Emma”)"),
    ],
)
def test_a_privacy_finding_is_a_dutch_message_at_its_field_and_nothing_is_saved(world, field, text, named):
    report = report_start(trajectory=world.trajectory, by=world.bea)
    values = {"conclusions": CONCLUSIONS, "advice": ADVICE, field: text}
    with pytest.raises(ValidationError) as refused:
        report_save(report=report, text=ReportText(**values), by=world.bea)
    errors = refused.value.message_dict
    assert list(errors) == [field]
    assert errors[field][0].startswith("Dit rapport gaat naar de opdrachtgever.")
    assert named in errors[field][0]
    report.refresh_from_db()
    assert (report.conclusions, report.advice) == ("", "")


def test_editing_a_shared_report_resets_the_approvals_and_asks_the_group_again(world):
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)
    report_respond(report=report, user=world.omar, approves=False, comment="Noem ook de rollen.")
    mail.outbox.clear()
    reset = report_save(
        report=report,
        text=ReportText(conclusions=CONCLUSIONS + " En de rollen.", advice=ADVICE),
        by=world.bea,
    )
    report.refresh_from_db()
    assert reset is True
    assert report.status == R.SHARED and not report.responses.exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["lotte@example.nl", "omar@example.nl", "sanne@example.nl"]
    assert all("aangepast" in m.subject for m in mail.outbox)
    assert AuditEntry.objects.filter(action="report.shared").order_by("pk").last().data["reset"] is True


def test_editing_an_approved_report_takes_it_back_to_shared(world):
    report = _approved(world)
    assert report.status == R.APPROVED
    report_save(
        report=report, text=ReportText(conclusions=CONCLUSIONS, advice=ADVICE + " Ook."), by=world.bea
    )
    report.refresh_from_db()
    assert report.status == R.SHARED and not report.responses.exists()


def test_saving_the_same_text_again_resets_nothing(world):
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)
    assert (
        report_save(report=report, text=ReportText(conclusions=CONCLUSIONS, advice=ADVICE), by=world.bea)
        is False
    )
    assert report.responses.count() == 1


def test_the_rule_cannot_change_after_sharing(world):
    report = _shared(world)
    before = _snapshot(report)
    with pytest.raises(ValidationError) as refused:
        report_save(
            report=report,
            text=ReportText(conclusions=CONCLUSIONS, advice=ADVICE, rule=ReportRule.MAJORITY),
            by=world.bea,
        )
    assert refused.value.message_dict == {
        "rule": ["De regel kun je niet meer veranderen nadat het rapport met de groep gedeeld is."]
    }
    world.trajectory.refresh_from_db()
    assert world.trajectory.report_rule == ReportRule.ALL and _snapshot(report) == before


# --- Sharing --------------------------------------------------------------------------------------------------


def test_sharing_mails_each_participant_a_link_but_not_someone_in_the_kennismaking(world):
    report = _written(world)
    mail.outbox.clear()
    set_report_status(report, R.SHARED, by=world.bea)
    report.refresh_from_db()
    assert report.status == R.SHARED and report.shared_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["lotte@example.nl", "omar@example.nl", "sanne@example.nl"]
    to_sanne = next(m for m in mail.outbox if m.to == ["sanne@example.nl"])
    assert f"/trajecten/traject/{world.trajectory.pk}/rapport/" in to_sanne.body
    assert "als iedereen in de groep akkoord is" in to_sanne.body
    assert CASE_MARKER not in to_sanne.body and REFLECTION_MARKER not in to_sanne.body
    entry = AuditEntry.objects.get(action="report.shared")
    assert entry.data == {"from": "draft", "voters": 3, "approvals": 0}


def test_sharing_without_conclusions_or_advice_is_refused_and_changes_nothing(world):
    report = report_start(trajectory=world.trajectory, by=world.bea)
    before = _snapshot(report)
    with pytest.raises(ReportRefused) as refused:
        set_report_status(report, R.SHARED, by=world.bea)
    assert refused.value.messages == [
        "Schrijf eerst de conclusies en het advies, dan kun je het rapport delen."
    ]
    assert _snapshot(report) == before


def test_sharing_without_participants_is_refused(world):
    report = _written(world)
    world.group.memberships.update(state=MembershipState.LEFT)
    with pytest.raises(ReportRefused, match="nog geen deelnemers"):
        set_report_status(report, R.SHARED, by=world.bea)
    report.refresh_from_db()
    assert report.status == R.DRAFT


def test_sharing_twice_is_refused_the_second_time(world):
    report = _shared(world)
    before = _snapshot(report)
    with pytest.raises(ReportRefused, match="al gedeeld"):
        set_report_status(report, R.SHARED, by=world.bea)
    assert _snapshot(report) == before


# --- Answers and the rule ---------------------------------------------------------------------------------------


def test_with_the_rule_all_the_report_is_approved_at_the_last_approval_and_the_begeleider_hears(world):
    report = _shared(world)
    mail.outbox.clear()
    report_respond(report=report, user=world.sanne, approves=True)
    report_respond(report=report, user=world.omar, approves=True)
    report.refresh_from_db()
    assert report.status == R.SHARED and not mail.outbox
    report_respond(report=report, user=world.lotte, approves=True)
    report.refresh_from_db()
    assert report.status == R.APPROVED
    (to_bea,) = mail.outbox
    assert to_bea.to == ["bea@example.nl"] and "akkoord" in to_bea.subject
    assert f"/trajecten/traject/{world.trajectory.pk}/rapport/schrijven/" in to_bea.body


def test_with_the_rule_majority_two_of_three_approve_it(db):
    world = build_reporting(rule=ReportRule.MAJORITY)
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)
    report.refresh_from_db()
    assert report.status == R.SHARED
    report_respond(report=report, user=world.omar, approves=False, comment="Ik mis de rollen.")
    report_respond(report=report, user=world.lotte, approves=True)
    report.refresh_from_db()
    tally = report_tally(report=report)
    assert (report.status, tally.approvals, tally.needed, tally.comments) == (R.APPROVED, 2, 2, 1)


def test_a_comment_without_text_is_refused_at_the_field(world):
    report = _shared(world)
    with pytest.raises(ValidationError) as refused:
        report_respond(report=report, user=world.sanne, approves=False, comment="   ")
    assert refused.value.message_dict == {"comment": ["Schrijf op wat er anders moet in het rapport."]}
    assert not report.responses.exists()


def test_a_comment_tells_the_begeleider_who_not_what(world):
    report = _shared(world)
    mail.outbox.clear()
    report_respond(report=report, user=world.omar, approves=False, comment="Noem de rollen ZEER-EIGEN-TEKST.")
    (to_bea,) = mail.outbox
    assert to_bea.to == ["bea@example.nl"] and "Omar Bakker" in to_bea.body
    assert "ZEER-EIGEN-TEKST" not in to_bea.body


def test_approving_twice_is_one_answer_and_one_audit_entry(world):
    report = _shared(world)
    first = report_respond(report=report, user=world.sanne, approves=True)
    second = report_respond(report=report, user=world.sanne, approves=True)
    assert first.pk == second.pk
    assert ReportResponse.objects.filter(report=report).count() == 1
    assert AuditEntry.objects.filter(action="report.answered").count() == 1


def test_a_participant_may_change_their_answer_and_taking_back_an_approval_reopens_it(world):
    report = _approved(world)
    mail.outbox.clear()
    report_respond(report=report, user=world.lotte, approves=False, comment="Toch nog een punt.")
    report.refresh_from_db()
    assert report.status == R.SHARED
    assert report.responses.get(user=world.lotte).approves is False
    assert AuditEntry.objects.filter(action="report.shared").order_by("pk").last().data["from"] == "approved"
    # Only the begeleider hears of the comment; the group is not asked again.
    assert [m.to for m in mail.outbox] == [["bea@example.nl"]]


@pytest.mark.parametrize("who", ["iris", "outsider", "bea"])
def test_only_participants_answer(world, who):
    report = _shared(world)
    person = UserFactory() if who == "outsider" else getattr(world, who)
    with pytest.raises(ReportRefused, match="Alleen de deelnemers"):
        report_respond(report=report, user=person, approves=True)
    assert not report.responses.exists()


def test_answering_a_draft_is_refused(world):
    report = _written(world)
    with pytest.raises(ReportRefused, match="nog niet met de groep gedeeld"):
        report_respond(report=report, user=world.sanne, approves=True)
    assert not report.responses.exists()


def test_someone_who_left_no_longer_counts(world):
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)
    report_respond(report=report, user=world.omar, approves=True)
    world.group.memberships.filter(user=world.lotte).update(state=MembershipState.LEFT)
    assert report_tally(report=report).met is True
    world.group.memberships.filter(user=world.sanne).update(state=MembershipState.LEFT)
    tally = report_tally(report=report)
    assert (tally.voters, tally.approvals) == (1, 1)


# --- Sending ---------------------------------------------------------------------------------------------------


def test_sending_the_approved_report_mails_the_client_and_moves_the_trajectory(world):
    report = _approved(world)
    mail.outbox.clear()
    set_report_status(report, R.SENT, by=world.bea)
    report.refresh_from_db()
    world.trajectory.refresh_from_db()
    assert report.status == R.SENT and report.sent_at is not None
    assert world.trajectory.state == S.REPORT_SENT
    (to_client,) = mail.outbox
    assert to_client.to == [world.trajectory.contact_email]
    assert f"/trajecten/rapport/{world.trajectory.follow_token}/pdf/" in to_client.body
    assert f"/trajecten/volg/{world.trajectory.follow_token}/" in to_client.body
    assert CASE_MARKER not in to_client.body and "Sanne" not in to_client.body
    # The PDF itself goes along (stored as base64 in the outbox, sent as the real bytes).
    (name, content, mimetype) = to_client.attachments[0]
    assert (name, mimetype) == ("rapport-begeleide-intervisie.pdf", "application/pdf")
    assert content.startswith(b"%PDF") and CASE_MARKER.encode() not in content
    actions = list(AuditEntry.objects.order_by("-pk").values_list("action", flat=True)[:2])
    assert actions == ["report.sent", "trajectory.report_sent"]


def test_sending_before_the_group_approved_is_refused_and_changes_nothing(world):
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)
    before = _snapshot(report)
    with pytest.raises(ReportRefused) as refused:
        set_report_status(report, R.SENT, by=world.bea)
    assert refused.value.messages == ["Dit kan nu niet: het rapport staat op “Gedeeld met de groep”."]
    assert _snapshot(report) == before


def test_a_sent_report_is_final(world):
    report = _approved(world)
    set_report_status(report, R.SENT, by=world.bea)
    before = _snapshot(report)
    with pytest.raises(ReportRefused, match="al naar de opdrachtgever verstuurd"):
        report_save(report=report, text=ReportText(conclusions="Anders.", advice=ADVICE), by=world.bea)
    with pytest.raises(ReportRefused, match="al naar de opdrachtgever verstuurd"):
        report_respond(report=report, user=world.sanne, approves=False, comment="Toch niet.")
    with pytest.raises(ReportRefused, match="Verstuurd naar de opdrachtgever"):
        set_report_status(report, R.SENT, by=world.bea)
    assert _snapshot(report) == before


# --- Every illegal transition ------------------------------------------------------------------------------------

ILLEGAL = [(old, new) for old in R for new in R if new not in REPORT_TRANSITIONS[old] and new != R.DRAFT] + [
    (old, R.DRAFT) for old in R
]


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_every_illegal_transition_is_refused_with_a_message_and_changes_nothing(world, old, new):
    report = _written(world)
    Report.objects.filter(pk=report.pk).update(status=old)
    before = _snapshot(report)
    with pytest.raises(ReportRefused) as refused:
        set_report_status(report, new, by=world.bea)
    assert refused.value.messages == [f"Dit kan nu niet: het rapport staat op “{R(old).label}”."]
    assert _snapshot(report) == before


def test_a_cancelled_trajectory_stops_the_report(world):
    report = _shared(world)
    set_trajectory_state(world.trajectory, S.CANCELLED, by=world.bea, fields={"decline_reason": "Gestopt."})
    before = _snapshot(report)
    message = "Dit kan nu niet: het traject staat op “Geannuleerd”."
    with pytest.raises(ReportRefused, match=message):
        report_respond(report=report, user=world.sanne, approves=True)
    with pytest.raises(ReportRefused, match=message):
        report_save(report=report, text=ReportText(conclusions="x", advice="y"), by=world.bea)
    with pytest.raises(ReportRefused, match=message):
        set_report_status(report, R.APPROVED, by=world.bea)
    assert _snapshot(report) == before


# --- The PDF ---------------------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_numbers_methods_aspects_and_texts_and_never_a_case_or_reflection(world):
    report = _approved(world)
    set_report_status(report, R.SENT, by=world.bea)
    report.refresh_from_db()
    content = report_pdf(report)
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content)
    assert "Rapport begeleide intervisie" in text and "Praktijk Licht" in text
    assert "Gezinshuizen De Linde" in text
    for line in ("Startbijeenkomst", "Bijeenkomst 2 van 3", "Incidentmethode (2 bijeenkomsten)"):
        assert line in text
    assert "Gemiddeld waren er 2,7 van de 3 deelnemers bij een bijeenkomst." in text
    assert "Intervisiemethodes: 2 bijeenkomsten" in text
    assert "De groep stelt nu open vragen" in text and "Ga zelf verder" in text
    assert "iedereen ging akkoord (3 deelnemers)" in text
    assert CASE_MARKER not in text and REFLECTION_MARKER not in text
    for name in ("Sanne", "Omar", "Lotte"):
        assert name not in text


def test_the_pdf_names_who_was_there_only_when_the_group_agreed_and_a_draft_says_concept(world):
    report = _written(world, show_names=True)
    text = _pdf_text(report_pdf(report))
    assert "Lotte Jansen, Sanne de Wit" in text
    assert "(concept)" in text and "Dit is een concept." in text


def test_the_pdf_renders_as_an_a4_page(world, tmp_path):
    """pdftoppm (poppler) opens and draws it, as a client's PDF reader would."""
    report = _approved(world)
    set_report_status(report, R.SENT, by=world.bea)
    report.refresh_from_db()
    assert png_size(render_first_page(report_pdf(report), tmp_path)) == A4_AT_60_DPI


# --- Races ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrency_the_last_two_approvals_at_once_approve_the_report_once():
    """Omar and Lotte approve at the same moment. Each answer is counted under the report's row lock, so
    the second sees the first's approval: the report is approved exactly once (without the lock both
    would count two of three approvals and it would stay shared)."""
    world = build_reporting()
    report = _shared(world)
    report_respond(report=report, user=world.sanne, approves=True)

    results = in_threads(
        lambda: report_respond(report=report, user=world.omar, approves=True),
        lambda: report_respond(report=report, user=world.lotte, approves=True),
    )

    assert [kind for kind, _value in results] == ["ok", "ok"], results
    report.refresh_from_db()
    assert report.status == R.APPROVED
    assert AuditEntry.objects.filter(action="report.approved").count() == 1
    assert OutgoingEmail.objects.filter(to="bea@example.nl").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrency_two_sends_at_once_send_once():
    """A double click on "send" in two tabs: one sends, the other meets the sent report and is refused."""
    world = build_reporting()
    report = _approved(world)

    results = in_threads(
        lambda: set_report_status(report, R.SENT, by=world.bea),
        lambda: set_report_status(report, R.SENT, by=world.bea),
    )

    assert sorted(kind for kind, _value in results) == ["error", "ok"], results
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, ReportRefused)
    assert error.messages == ["Dit kan nu niet: het rapport staat op “Verstuurd naar de opdrachtgever”."]
    assert OutgoingEmail.objects.filter(to=world.trajectory.contact_email).count() == 1
    assert AuditEntry.objects.filter(action="trajectory.report_sent").count() == 1
