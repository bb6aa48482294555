"""The programme's evaluation (programmes/evaluation.py): the questions per category, saving an evaluation
after a meeting (which is also the group's own evaluation) and at the end, the harvest, and a student's
certificate of participation issued once through accreditation and checkable on the public page."""

import re

import pytest
from django.core import mail

from intervisie.accreditation.models import Certificate
from intervisie.common.models import AuditEntry
from intervisie.meetings.enums import MeetingStatus
from intervisie.programmes.enums import Category, ProgrammeStatus
from intervisie.programmes.evaluation import (
    CATEGORY_QUESTIONS,
    COMMON_FINAL,
    COMMON_MEETING,
    EvaluationError,
    certificate_status,
    final_is_open,
    harvest_save,
    meetings_to_evaluate,
    programme_evaluation_save,
    questions_for,
    student_certificate_issue,
    validate_answers,
)
from intervisie.programmes.models import Harvest, Programme, ProgrammeEvaluation
from intervisie.reflections.models import Evaluation
from tests.factories import MeetingFactory, UserFactory, attend, days_from_today
from tests.programmes.evaluation_world import (
    answers,
    evaluate,
    meetings,
    participant,
    running_programme,
)

pytestmark = pytest.mark.django_db


# --- The questions -------------------------------------------------------------------------------------------


def test_each_category_has_its_own_statements_and_parents_share_them_with_young_people():
    keys = {category: [q.key for q in CATEGORY_QUESTIONS[category]] for category in Category}
    assert keys[Category.PROFESSIONAL] == ["roles", "perspective", "collaboration"]
    assert keys[Category.STUDENT] == ["reflection", "learning_from_others", "practice"]
    assert keys[Category.PARENT] == keys[Category.YOUNG_PERSON] == ["heard", "took_part", "mattered"]
    assert [q.key for q in questions_for("student", final=False)] == [
        "how_it_went",
        "method_rating",
        "reflection",
        "learning_from_others",
        "practice",
    ]
    assert [q.key for q in COMMON_FINAL] == ["how_it_went", "method_rating", "recommend"]
    assert COMMON_MEETING[0].choice_label(5) == "5 – heel goed"
    assert CATEGORY_QUESTIONS[Category.PARENT][0].choice_label(1) == "1 – helemaal oneens"


def test_answers_are_whole_numbers_one_to_five_for_every_question():
    full = {q.key: 3 for q in questions_for("ouder", final=False)}
    assert validate_answers(category="ouder", answers={**full, "heard": "5"}, final=False)["heard"] == 5

    with pytest.raises(EvaluationError) as missing:
        validate_answers(
            category="ouder", answers={k: v for k, v in full.items() if k != "heard"}, final=False
        )
    assert missing.value.errors == {"heard": "Kies een cijfer van 1 tot en met 5."}

    for bad in (0, 6, -1, "abc", "", None, True, 3.5):
        with pytest.raises(EvaluationError) as refused:
            validate_answers(category="ouder", answers={**full, "mattered": bad}, final=False)
        assert refused.value.errors == {"mattered": "Kies een cijfer van 1 tot en met 5."}, bad


def test_an_answer_to_another_categorys_question_is_refused():
    full = {q.key: 3 for q in questions_for("ouder", final=False)}
    with pytest.raises(EvaluationError, match="Deze vragen horen niet bij je evaluatie: roles"):
        validate_answers(category="ouder", answers={**full, "roles": 4}, final=False)


# --- After a meeting -----------------------------------------------------------------------------------------


@pytest.fixture
def programme():
    return running_programme()


def test_a_meeting_evaluation_is_also_the_groups_own_and_keeps_only_the_statements_itself(programme):
    signup = participant(programme, "student")
    meeting = meetings(programme, count=1)[0]
    given = {**answers(signup, 4), "how_it_went": 5, "method_rating": 2}
    evaluation = programme_evaluation_save(
        signup=signup,
        by=signup.user,
        meeting=meeting,
        answers=given,
        still_bothers="Of ik genoeg heb gevraagd.",
        will_do="Meer doorvragen.",
        quote="Ik leerde hoe een wijkteam kijkt.",
        may_quote=True,
    )
    assert evaluation.answers == {"reflection": 4, "learning_from_others": 4, "practice": 4}
    assert (evaluation.meeting, evaluation.is_final, evaluation.may_quote) == (meeting, False, True)
    group_evaluation = Evaluation.objects.get(meeting=meeting, user=signup.user)
    assert (group_evaluation.how_it_went, group_evaluation.method_rating) == (5, 2)
    assert (group_evaluation.still_bothers, group_evaluation.will_do) == (
        "Of ik genoeg heb gevraagd.",
        "Meer doorvragen.",
    )
    entry = AuditEntry.objects.filter(action="programme.evaluation_saved").get()
    assert entry.data == {"signup": signup.pk, "meeting": meeting.pk, "final": False, "created": True}


def test_a_second_submission_updates_the_first_instead_of_adding_one(programme):
    signup = participant(programme, "professional")
    meeting = meetings(programme, count=1)[0]
    evaluate(signup, meeting, 2, quote="Eerste gedachte", may_quote=True)
    evaluate(signup, meeting, 5, quote="", may_quote=True)
    evaluation = ProgrammeEvaluation.objects.get(signup=signup)
    assert evaluation.answers == {"roles": 5, "perspective": 5, "collaboration": 5}
    # No quote, so nothing to quote.
    assert (evaluation.quote, evaluation.may_quote) == ("", False)
    assert Evaluation.objects.get(meeting=meeting, user=signup.user).how_it_went == 5
    assert ProgrammeEvaluation.objects.count() == Evaluation.objects.count() == 1
    assert [e.data["created"] for e in AuditEntry.objects.filter(action="programme.evaluation_saved")] == [
        False,
        True,
    ]


def test_only_begun_meetings_of_the_own_group_are_evaluated(programme):
    signup = participant(programme, "professional")
    held = meetings(programme, count=2)
    coming = MeetingFactory(group=held[0].group, starts_at=days_from_today(3))
    cancelled = meetings(programme, count=1, first_days_ago=10, status=MeetingStatus.CANCELLED)[0]
    other_group = meetings(programme, group=1, count=1)[0]
    assert meetings_to_evaluate(signup) == held
    for meeting in (coming, cancelled, other_group):
        with pytest.raises(EvaluationError, match=re.escape("Deze bijeenkomst kun je (nog) niet evalueren.")):
            evaluate(signup, meeting)
    assert not ProgrammeEvaluation.objects.exists()
    assert not Evaluation.objects.exists()


def test_only_the_placed_participant_themself_evaluates(programme):
    signup = participant(programme, "professional")
    meeting = meetings(programme, count=1)[0]
    with pytest.raises(EvaluationError, match="Alleen de deelnemer zelf"):
        programme_evaluation_save(
            signup=signup, by=programme.kartrekker, meeting=meeting, answers=answers(signup)
        )
    signup.status = "withdrawn"
    signup.save(update_fields=["status"])
    with pytest.raises(EvaluationError, match="zodra je in een groep bent ingedeeld"):
        evaluate(signup, meeting)
    assert not ProgrammeEvaluation.objects.exists()


def test_bad_answers_save_nothing_not_even_the_groups_evaluation(programme):
    signup = participant(programme, "jongere")
    meeting = meetings(programme, count=1)[0]
    with pytest.raises(EvaluationError) as refused:
        programme_evaluation_save(
            signup=signup, by=signup.user, meeting=meeting, answers={**answers(signup), "heard": 9}
        )
    assert refused.value.errors == {"heard": "Kies een cijfer van 1 tot en met 5."}
    assert not ProgrammeEvaluation.objects.exists()
    assert not Evaluation.objects.exists()


def test_a_quote_that_may_be_quoted_must_not_name_anyone(programme):
    signup = participant(programme, "ouder")
    meeting = meetings(programme, count=1)[0]
    with pytest.raises(EvaluationError) as refused:
        evaluate(signup, meeting, quote="Jan de Vries uit Amersfoort luisterde goed.", may_quote=True)
    assert "Haal het weg of schrijf het algemener." in refused.value.errors["quote"]
    assert "“Jan de Vries”" in refused.value.errors["quote"]
    assert not ProgrammeEvaluation.objects.exists()
    # Kept for themself only (no consent to quote): not screened, nobody else reads it.
    evaluate(signup, meeting, quote="Jan de Vries uit Amersfoort luisterde goed.", may_quote=False)
    assert ProgrammeEvaluation.objects.get().may_quote is False


# --- The final evaluation ------------------------------------------------------------------------------------


def test_the_final_evaluation_opens_after_the_groups_last_meeting(programme):
    signup = participant(programme, "professional")
    held = meetings(programme, count=2)
    coming = MeetingFactory(group=held[0].group, starts_at=days_from_today(3))
    assert final_is_open(signup) is False
    with pytest.raises(EvaluationError, match="De slotevaluatie kan na de laatste bijeenkomst van je groep"):
        evaluate(signup, None)
    coming.status = MeetingStatus.CANCELLED
    coming.save(update_fields=["status"])
    assert final_is_open(signup) is True
    final = evaluate(signup, None, 5)
    assert final.is_final is True and final.meeting is None
    assert final.answers == {
        "how_it_went": 5,
        "method_rating": 5,
        "recommend": 5,
        "roles": 5,
        "perspective": 5,
        "collaboration": 5,
    }
    evaluate(signup, None, 3)
    assert ProgrammeEvaluation.objects.get(is_final=True).answers["recommend"] == 3
    assert ProgrammeEvaluation.objects.count() == 1
    assert not Evaluation.objects.exists()  # no meeting: nothing for the group's own evaluations


def test_the_final_evaluation_is_open_once_the_programme_is_finished(programme):
    signup = participant(programme, "professional")
    MeetingFactory(group=signup.group.group, starts_at=days_from_today(3))
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.FINISHED)
    signup.programme.refresh_from_db()
    assert final_is_open(signup) is True


# --- The harvest ---------------------------------------------------------------------------------------------


def test_a_harvest_is_saved_once_and_shared_only_when_chosen(programme):
    signup = participant(programme, "professional")
    harvest_save(signup=signup, by=signup.user, private_text="Mijn eigen les.", shared_text="", share=False)
    harvest = harvest_save(
        signup=signup,
        by=signup.user,
        private_text="  Mijn eigen les, aangevuld.  ",
        shared_text="Samenwerken begint bij nieuwsgierig zijn.",
        share=True,
    )
    assert Harvest.objects.count() == 1
    assert (harvest.private_text, harvest.shared_text, harvest.share) == (
        "Mijn eigen les, aangevuld.",
        "Samenwerken begint bij nieuwsgierig zijn.",
        True,
    )
    entries = AuditEntry.objects.filter(action="programme.harvest_saved").order_by("pk")
    assert [e.data for e in entries] == [
        {"signup": signup.pk, "created": True, "shared": False},
        {"signup": signup.pk, "created": False, "shared": True},
    ]
    assert "les" not in str([e.data for e in entries])


def test_sharing_a_harvest_needs_a_text_without_names(programme):
    signup = participant(programme, "student")
    with pytest.raises(EvaluationError) as refused:
        harvest_save(signup=signup, by=signup.user, private_text="x", shared_text="  ", share=True)
    assert refused.value.errors == {"shared_text": "Schrijf eerst de tekst die je wilt delen."}
    with pytest.raises(EvaluationError) as named:
        harvest_save(
            signup=signup,
            by=signup.user,
            private_text="",
            shared_text="Dank aan Jan de Vries uit Amersfoort.",
            share=True,
        )
    assert "Haal het weg of schrijf het algemener." in named.value.errors["shared_text"]
    with pytest.raises(EvaluationError, match="Alleen de deelnemer zelf"):
        harvest_save(signup=signup, by=programme.kartrekker, private_text="x", shared_text="", share=False)
    assert not Harvest.objects.exists()


# --- The rules -----------------------------------------------------------------------------------------------


def test_evaluating_and_the_harvest_are_the_participants_alone(programme, superuser):
    signup = participant(programme, "student")
    begeleider = signup.group.begeleider
    for person in (superuser, programme.kartrekker, begeleider, UserFactory()):
        assert person.has_perm("programmes.evaluate", signup) is False
        assert person.has_perm("programmes.view_harvest", signup) is False
    assert signup.user.has_perm("programmes.evaluate", signup) is True
    assert signup.user.has_perm("programmes.view_harvest", signup) is True


# --- A student's certificate ---------------------------------------------------------------------------------


def _student_who_came(programme, times: int):
    """A student whose group held four meetings (the programme asks for three), present at ``times``."""
    Programme.objects.filter(pk=programme.pk).update(min_attendance_commitment=3)
    signup = participant(programme, "student", name="Sanne Student")
    held = meetings(programme, count=4)
    for meeting in held[:times]:
        attend(meeting, signup.user)
    signup.programme.refresh_from_db()
    return signup, held


def test_a_student_who_came_often_enough_gets_one_certificate_checkable_on_the_public_page(programme, client):
    signup, held = _student_who_came(programme, 3)
    status = certificate_status(signup)
    assert (status.open, status.attended, status.needed, status.earned) == (True, 3, 3, True)
    mail.outbox.clear()
    certificate = student_certificate_issue(signup=signup, by=signup.user)
    again = student_certificate_issue(signup=signup, by=signup.user)
    assert again == certificate
    assert Certificate.objects.filter(user=signup.user).count() == 1
    assert certificate.title == f"Deelname aan Intervisie buiten je bubbel: {programme.name}"
    assert (certificate.meetings_attended, certificate.hours) == (3, 6)
    assert certificate.group == signup.group.group
    assert certificate.period_start == held[0].starts_at.date()
    assert certificate.period_end == held[-1].starts_at.date()
    assert [m.to for m in mail.outbox] == [[signup.user.email]]
    assert AuditEntry.objects.filter(action="programme.certificate_requested").count() == 1
    assert AuditEntry.objects.filter(action="certificate.issued").count() == 1

    page = client.get(f"/verifieer/{certificate.code}/")
    assert page.status_code == 200
    assert "Sanne Student" in page.content.decode()
    assert programme.name in page.content.decode()


def test_only_the_student_who_asks_gets_a_certificate_not_the_others_in_the_group(programme):
    signup, held = _student_who_came(programme, 4)
    professional = participant(programme, "professional")
    for meeting in held:
        attend(meeting, professional.user)
    mail.outbox.clear()
    student_certificate_issue(signup=signup, by=signup.user)
    assert list(Certificate.objects.values_list("user_id", flat=True)) == [signup.user_id]
    assert [m.to for m in mail.outbox] == [[signup.user.email]]


def test_no_certificate_with_too_few_meetings_or_before_the_last_one(programme):
    signup, held = _student_who_came(programme, 2)
    with pytest.raises(
        EvaluationError,
        match=re.escape("Je was bij 2 bijeenkomsten. Voor een deelnamebewijs was je bij minstens 3"),
    ):
        student_certificate_issue(signup=signup, by=signup.user)
    attend(held[2], signup.user)
    coming = MeetingFactory(group=held[0].group, starts_at=days_from_today(3))
    with pytest.raises(EvaluationError, match="na de laatste bijeenkomst van je groep"):
        student_certificate_issue(signup=signup, by=signup.user)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="programme.certificate_requested").exists()
    coming.delete()
    assert student_certificate_issue(signup=signup, by=signup.user).meetings_attended == 3


def test_a_certificate_is_for_the_student_themself(programme):
    signup, _held = _student_who_came(programme, 4)
    with pytest.raises(EvaluationError, match="Alleen de student zelf"):
        student_certificate_issue(signup=signup, by=programme.kartrekker)
    professional = participant(programme, "professional")
    with pytest.raises(EvaluationError, match="voor studenten"):
        student_certificate_issue(signup=professional, by=professional.user)
    assert not Certificate.objects.exists()
