"""The evaluation report (programmes/report.py) for the programme and per partner: response rates, means and
distributions per category with the anonymity floor (four people are hidden, five are shown; parents and young
people merged), attendance and hours, quotes and shared harvests only with consent, in a fixed number of
queries; and sending each partner its own report."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from intervisie.common.models import AuditEntry
from intervisie.programmes.domain import partner_accept
from intervisie.programmes.enums import ProgrammeStatus
from intervisie.programmes.evaluation import harvest_save
from intervisie.programmes.models import Programme
from intervisie.programmes.report import (
    ReportError,
    evaluation_report,
    partner_named_recruits,
    partner_recruits,
    report_last_sent,
    report_recipients,
    report_send_to_partners,
)
from tests.factories import UserFactory, attend, make_partner, make_programme, make_signup
from tests.programmes.evaluation_world import (
    contact_for,
    evaluate,
    meetings,
    participant,
    running_programme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return running_programme()


def _people(programme, category: str, count: int, *, group: int = 0, **fields) -> list:
    return [participant(programme, category, group=group, **fields) for _ in range(count)]


def _block(section, label: str):
    return next(block for block in section.blocks if block.label == label)


# --- The anonymity floor -------------------------------------------------------------------------------------


def test_four_respondents_are_hidden_and_five_are_shown_with_mean_and_distribution(programme):
    meeting = meetings(programme, count=1)[0]
    people = _people(programme, "professional", 5)
    for person, score in zip(people[:4], (2, 3, 4, 5), strict=True):
        evaluate(person, meeting, score)

    hidden = evaluation_report(programme=programme).meetings
    professionals = _block(hidden, "Professionals")
    assert (professionals.shown, professionals.items, professionals.note) == (
        False,
        (),
        "Te weinig antwoorden om te tonen.",
    )
    assert (hidden.overall.shown, hidden.overall.items) == (False, ())
    assert _block(hidden, "Studenten").note == "Nog geen antwoorden."

    evaluate(people[4], meeting, 5)
    shown = evaluation_report(programme=programme).meetings
    professionals = _block(shown, "Professionals")
    assert professionals.shown is True and professionals.respondents == 5
    assert [item.question.key for item in professionals.items] == ["roles", "perspective", "collaboration"]
    roles = professionals.items[0]
    assert (roles.answers, roles.mean, roles.counts) == (5, Decimal("3.8"), (0, 1, 1, 1, 2))
    assert roles.columns == [(1, 0, 0), (2, 1, 20), (3, 1, 20), (4, 1, 20), (5, 2, 40)]
    assert [(item.question.key, item.mean) for item in shown.overall.items] == [
        ("how_it_went", Decimal("3.8")),
        ("method_rating", Decimal("3.8")),
    ]


def test_the_floor_counts_people_not_answers(programme):
    held = meetings(programme, count=3)
    for person in _people(programme, "student", 4):
        for meeting in held:
            evaluate(person, meeting, 4)
    section = evaluation_report(programme=programme).meetings
    students = _block(section, "Studenten")
    assert (students.shown, students.respondents, students.items) == (False, 4, ())


@pytest.mark.parametrize(
    ("parents", "young", "blocks"),
    [
        # Too few of one: taken together as soon as that makes five.
        (3, 2, [("Ouders en jongeren", True)]),
        # Showing parents next to the merged figure would give the three young people's answers away.
        (5, 3, [("Ouders en jongeren", True)]),
        (5, 5, [("Ouders", True), ("Jongeren", True)]),
        # Still too few together: left out with a note.
        (2, 2, [("Ouders en jongeren", False)]),
    ],
)
def test_parents_and_young_people_are_merged_when_either_is_too_few(programme, parents, young, blocks):
    meeting = meetings(programme, count=1)[0]
    for person in _people(programme, "ouder", parents) + _people(programme, "jongere", young):
        evaluate(person, meeting, 4)
    section = evaluation_report(programme=programme).meetings
    assert [(block.label, block.shown) for block in section.blocks] == [
        ("Professionals", False),
        ("Studenten", False),
        *blocks,
    ]
    for block in section.blocks:
        assert bool(block.items) is block.shown
    shown = [block for block in section.blocks if block.shown]
    for block in shown:
        assert [item.question.key for item in block.items] == ["heard", "took_part", "mattered"]
        assert all(item.mean == Decimal("4.0") for item in block.items)


def test_the_final_evaluation_is_its_own_section(programme):
    meetings(programme, count=2)
    for person in _people(programme, "ouder", 3) + _people(programme, "jongere", 2):
        evaluate(person, None, 5)
    report = evaluation_report(programme=programme)
    assert report.meetings.respondents == 0
    assert report.final.respondents == 5
    assert [(item.question.key, item.mean) for item in report.final.overall.items] == [
        ("how_it_went", Decimal("5.0")),
        ("method_rating", Decimal("5.0")),
        ("recommend", Decimal("5.0")),
    ]
    assert _block(report.final, "Ouders en jongeren").shown is True


# --- Response rates ------------------------------------------------------------------------------------------


def test_response_rates_per_meeting_and_final_against_the_placed_people(programme):
    group_a = _people(programme, "professional", 6, group=0)
    group_b = _people(programme, "student", 5, group=1)
    a1, a2, a3 = meetings(programme, group=0, count=3)
    b1, _b2 = meetings(programme, group=1, count=2, first_days_ago=90)
    for person in group_a[:4]:
        evaluate(person, a1)
    for person in group_b[:3]:
        evaluate(person, b1)
    evaluate(group_a[0], a2)
    for person in group_a:
        evaluate(person, a3)
    for person in group_b[:2]:
        evaluate(person, None)

    rows = evaluation_report(programme=programme).responses
    assert [(row.label, row.given, row.placed, row.percent, row.shown) for row in rows] == [
        ("Bijeenkomst 1", 7, 11, 64, True),
        ("Bijeenkomst 2", 1, 11, 9, True),
        ("Bijeenkomst 3", 6, 6, 100, True),
        ("Slotevaluatie", 2, 11, 18, True),
    ]


def test_response_rates_of_fewer_than_five_people_are_not_shown(programme):
    partner = make_partner(programme, name="Wijkteam Noord")
    people = _people(programme, "professional", 4, partner=partner)
    meeting = meetings(programme, count=1)[0]
    evaluate(people[0], meeting)
    rows = evaluation_report(programme=programme, partner=partner).responses
    assert [(row.label, row.shown, row.note) for row in rows] == [
        ("Bijeenkomst 1", False, "Minder dan 5 deelnemers: niet getoond."),
        ("Slotevaluatie", False, "Minder dan 5 deelnemers: niet getoond."),
    ]


# --- Attendance and hours ------------------------------------------------------------------------------------


def test_attendance_and_hours_count_only_the_partners_own_people_at_their_groups_meetings(programme):
    partner = make_partner(programme, name="Wijkteam Noord", pays_hours=True, paid_hours=10)
    other = make_partner(programme, name="Jeugdbescherming")
    ours = _people(programme, "professional", 3, partner=partner) + _people(
        programme, "student", 2, group=1, partner=partner
    )
    theirs = _people(programme, "professional", 2, partner=other)
    long = meetings(programme, count=1, first_days_ago=40)[0]  # 19:00–21:00
    short = meetings(programme, count=1, first_days_ago=20, minutes=90)[0]
    b_meeting = meetings(programme, group=1, count=1, first_days_ago=30)[0]
    for person in ours[:3]:
        attend(long, person.user)
    attend(short, ours[0].user)
    attend(short, ours[1].user, present=False)
    for person in ours[3:]:
        attend(b_meeting, person.user)
    for person in theirs:
        attend(long, person.user)
        attend(short, person.user)

    totals = evaluation_report(programme=programme, partner=partner).attendance
    assert (totals.people, totals.meetings_held, totals.attendances) == (5, 3, 6)
    # 3 × 2 h + 1.5 h + 2 × 2 h
    assert totals.hours == Decimal("11.50")
    assert (totals.shown, totals.hours_text, totals.average) == (True, "11,5", Decimal("1.2"))

    small = evaluation_report(programme=programme, partner=other).attendance
    assert (small.shown, small.note) == (False, "Minder dan 5 deelnemers: niet getoond.")

    everyone = evaluation_report(programme=programme).attendance
    assert (everyone.people, everyone.attendances, everyone.hours) == (7, 10, Decimal("18.50"))


# --- Quotes and shared harvests ------------------------------------------------------------------------------


def test_quotes_only_with_consent_and_shared_harvests_only_when_shared(programme):
    meeting = meetings(programme, count=1)[0]
    quoted, unquoted, sharer, private, _fifth = _people(programme, "student", 5)
    evaluate(quoted, meeting, quote="Ik zag hoe anders een wijkteam werkt.", may_quote=True)
    evaluate(unquoted, meeting, quote="Dit is alleen voor mij.", may_quote=False)
    harvest_save(
        signup=sharer,
        by=sharer.user,
        private_text="Geheime les over mezelf.",
        shared_text="Vraag door voor je oordeelt.",
        share=True,
    )
    harvest_save(
        signup=private,
        by=private.user,
        private_text="Nog een geheime les.",
        shared_text="Niet gedeeld, wel geschreven.",
        share=False,
    )
    report = evaluation_report(programme=programme)
    assert report.quotes == ("Ik zag hoe anders een wijkteam werkt.",)
    assert report.shared_texts == ("Vraag door voor je oordeelt.",)
    for secret in ("Dit is alleen voor mij.", "Geheime les", "Nog een geheime les", "Niet gedeeld"):
        assert secret not in repr(report)


def test_among_fewer_than_five_people_no_quote_or_shared_text_is_shown(programme, client):
    partner = make_partner(programme, name="Kleine partner")
    meeting = meetings(programme, count=1)[0]
    (solo,) = _people(programme, "professional", 1, partner=partner, share_with_partner=True)
    _people(programme, "student", 5)
    evaluate(solo, meeting, quote="Mijn eigen woorden.", may_quote=True)
    harvest_save(signup=solo, by=solo.user, private_text="", shared_text="Mijn gedeelde les.", share=True)
    ours = evaluation_report(programme=programme, partner=partner)
    assert ours.quotes == () and ours.shared_texts == ()
    assert evaluation_report(programme=programme).quotes == ("Mijn eigen woorden.",)
    contact = UserFactory(email=partner.contact_email)
    partner_accept(partner=partner, user=contact)
    client.force_login(contact)
    page = client.get(f"/programmas/{programme.slug}/partner/{partner.code}/").content.decode()
    assert "Mijn eigen woorden" not in page and "Mijn gedeelde les" not in page
    assert "Minder dan 5 deelnemers: niet getoond." in page


# --- Per partner ---------------------------------------------------------------------------------------------


def test_a_partners_report_holds_only_the_people_it_recruited(programme):
    partner = make_partner(programme, name="Wijkteam Noord")
    other = make_partner(programme, name="Jeugdbescherming")
    meeting = meetings(programme, count=1)[0]
    for person in _people(programme, "professional", 5, partner=partner):
        evaluate(person, meeting, 2, quote="Goed gesprek over rollen.", may_quote=True)
    for person in _people(programme, "professional", 5, partner=other):
        evaluate(person, meeting, 5, quote="Andere partner aan het woord.", may_quote=True)

    ours = evaluation_report(programme=programme, partner=partner)
    assert ours.placed == 5
    assert _block(ours.meetings, "Professionals").items[0].mean == Decimal("2.0")
    assert set(ours.quotes) == {"Goed gesprek over rollen."}
    assert ours.title == f"Evaluatie van {programme.name} voor Wijkteam Noord"
    everyone = evaluation_report(programme=programme)
    assert _block(everyone.meetings, "Professionals").items[0].mean == Decimal("3.5")
    assert everyone.placed == 10


def test_a_partners_recruits_in_numbers_and_names_only_with_consent():
    programme = make_programme()
    partner = make_partner(programme, name="Wijkteam Noord", commitments={"professional": 3, "ouder": 1})
    make_signup(programme, "professional", partner=partner, name="Petra Zichtbaar", share_with_partner=True)
    make_signup(programme, "professional", partner=partner, name="Pim Verborgen", status="invited")
    make_signup(programme, "ouder", partner=partner, name="Olga Ouder", status="reserve")
    make_signup(programme, "professional", name="Iemand Anders", share_with_partner=True)

    rows = {row.category: row for row in partner_recruits(partner)}
    assert (rows["professional"].committed, rows["professional"].total) == (3, 2)
    # awaiting consent, signed up, invited, reserve, placed, declined, withdrawn
    assert rows["professional"].per_status == (0, 1, 1, 0, 0, 0, 0)
    assert rows["ouder"].per_status == (0, 0, 0, 1, 0, 0, 0)
    assert (rows["student"].committed, rows["student"].total) == (0, 0)
    assert [signup.name for signup in partner_named_recruits(partner)] == ["Petra Zichtbaar"]


# --- Queries -------------------------------------------------------------------------------------------------


def _queries(programme, partner=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        evaluation_report(programme=programme, partner=partner)
    return len(queries)


def test_the_report_takes_the_same_queries_however_large_the_programme():
    small = running_programme(group_count=1)
    meeting = meetings(small, count=1)[0]
    person = participant(small, "professional")
    evaluate(person, meeting)
    attend(meeting, person.user)

    large = running_programme(group_count=3)
    partner = make_partner(large, name="Wijkteam Noord")
    for index in range(3):
        held = meetings(large, group=index, count=3)
        for category in ("professional", "student", "ouder", "jongere"):
            someone = participant(large, category, group=index, partner=partner)
            harvest_save(signup=someone, by=someone.user, private_text="", shared_text="Mee.", share=True)
            for meeting in held:
                evaluate(someone, meeting, quote="Mooi.", may_quote=True)
                attend(meeting, someone.user)
            evaluate(someone, None)

    assert _queries(small) == _queries(large) == _queries(large, partner) == 6


# --- Sending the partners their reports ----------------------------------------------------------------------


def test_each_partner_gets_its_own_report_as_pdf(programme):
    noord = make_partner(programme, name="Wijkteam Noord", contact_email="noord@example.nl")
    oost = make_partner(programme, name="Jeugdbescherming Oost", contact_email="oost@example.nl")
    contact_for(noord)  # the invited address, now with an account: one e-mail, not two
    second = contact_for(noord, UserFactory(email="collega@example.nl"))
    meeting = meetings(programme, count=1)[0]
    for person in _people(programme, "professional", 5, partner=noord):
        evaluate(person, meeting, 3)
        attend(meeting, person.user)
    _people(programme, "student", 2, partner=oost)
    assert [getattr(r, "email", r) for r in report_recipients(noord)] == ["noord@example.nl", second.email]
    mail.outbox.clear()

    sent = report_send_to_partners(programme=programme, by=programme.kartrekker)

    assert sent == 3
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"noord@example.nl", "collega@example.nl", "oost@example.nl"}
    message = by_address["noord@example.nl"]
    assert message.subject.endswith(f"Evaluatieverslag van {programme.name}")
    assert "Wijkteam Noord" in message.body
    assert f"/programmas/{programme.slug}/partner/{noord.code}/" in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html" and "Wijkteam Noord" in html[0]
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"evaluatieverslag-{programme.slug}-{noord.code}.pdf", "application/pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Wijkteam Noord" in text and "Jeugdbescherming" not in text
    assert "Bestede uren" in text
    [(_name, small, _mimetype)] = by_address["oost@example.nl"].attachments
    small_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(small)).pages)
    assert "Minder dan 5 deelnemers: niet getoond." in small_text
    entry = AuditEntry.objects.get(action="programme.report_sent")
    assert entry.data == {"partners": [oost.pk, noord.pk], "emails": 3}  # by name
    assert report_last_sent(programme) == entry


def test_reports_go_out_only_while_running_or_finished_and_with_partners(programme):
    with pytest.raises(ReportError, match="nog geen partners"):
        report_send_to_partners(programme=programme, by=programme.kartrekker)
    recruiting = make_programme()
    make_partner(recruiting)
    with pytest.raises(ReportError, match="zodra het programma loopt"):
        report_send_to_partners(programme=recruiting, by=recruiting.kartrekker)
    Programme.objects.filter(pk=recruiting.pk).update(status=ProgrammeStatus.FINISHED)
    mail.outbox.clear()
    assert report_send_to_partners(programme=recruiting, by=recruiting.kartrekker) == 1
    assert len(mail.outbox) == 1
    assert not AuditEntry.objects.filter(action="programme.report_sent", object_id=str(programme.pk)).exists()
