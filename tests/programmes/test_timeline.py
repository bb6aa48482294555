"""The school-year timeline: pure, with fixed dates (nothing here reads the database or the clock)."""

import datetime as dt

from django.utils import timezone

from intervisie.programmes.enums import DateKind
from intervisie.programmes.models import Programme, ProgrammeDate
from intervisie.programmes.timeline import (
    StepState,
    default_planning,
    late_steps,
    next_school_year,
    programme_timeline,
    school_year_bounds,
)

ALL_SENT = {
    c: timezone.make_aware(dt.datetime(2027, 4, 15, 10))
    for c in ("student", "professional", "ouder", "jongere")
}
ENOUGH = {"student": 4, "professional": 4, "ouder": 2, "jongere": 2}  # two groups of 2+2+1+1


def programme(status="recruiting", **fields) -> Programme:
    values = {
        "name": "Buiten je bubbel Utrecht",
        "school_year": "2027-2028",
        "status": status,
        "group_count": 2,
        **default_planning(2027),
        **fields,
    }
    return Programme(**values)


def when(year, month, day, hour=16) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def plan() -> list[ProgrammeDate]:
    """An information meeting in May, the start meeting in September and five meetings after it."""
    dates = [
        ProgrammeDate(
            pk=1, kind=DateKind.INFORMATION, starts_at=when(2027, 5, 20, 19), ends_at=when(2027, 5, 20, 20)
        ),
        ProgrammeDate(pk=2, kind=DateKind.START, starts_at=when(2027, 9, 14), ends_at=when(2027, 9, 14, 18)),
    ]
    for i, (month, day) in enumerate([(10, 26), (12, 7), (1, 25), (3, 7), (4, 18)]):
        year = 2027 if month > 8 else 2028
        dates.append(
            ProgrammeDate(
                pk=10 + i,
                kind=DateKind.MEETING,
                starts_at=when(year, month, day),
                ends_at=when(year, month, day, 18),
            )
        )
    return dates


def timeline(prog, *, today, dates=None, sent=None, counts=None):
    return programme_timeline(
        programme=prog,
        dates=plan() if dates is None else dates,
        texts_sent=ALL_SENT if sent is None else sent,
        signup_counts=ENOUGH if counts is None else counts,
        today=today,
    )


def by_key(steps):
    return {step.key: step for step in steps}


# --- Planning defaults ------------------------------------------------------------------------------------


def test_the_planning_defaults_follow_the_school_year():
    assert default_planning(2027) == {
        "recruitment_opens_on": dt.date(2027, 4, 1),
        "students_by": dt.date(2027, 6, 1),
        "signup_closes_on": dt.date(2027, 7, 1),
        "composed_by": dt.date(2027, 8, 31),
        "final_evaluation_on": dt.date(2028, 6, 15),
    }
    assert school_year_bounds(2027) == (dt.date(2027, 8, 1), dt.date(2028, 7, 31))


def test_the_next_school_year_is_this_years_until_the_summer():
    assert next_school_year(dt.date(2027, 2, 10)) == 2027
    assert next_school_year(dt.date(2027, 6, 30)) == 2027
    assert next_school_year(dt.date(2027, 7, 1)) == 2028


# --- The steps --------------------------------------------------------------------------------------------


def test_the_steps_come_in_the_order_of_the_school_year():
    steps = timeline(programme("draft"), today=dt.date(2027, 2, 1))
    assert [s.key for s in steps] == [
        "recruitment",
        "information",
        "students",
        "texts",
        "signup_closes",
        "composed",
        "start",
        "meeting-10",
        "meeting-11",
        "meeting-12",
        "meeting-13",
        "meeting-14",
        "final",
    ]
    assert [s.label for s in steps][-3:] == ["Bijeenkomst 4", "Bijeenkomst 5", "Slotevaluatie"]


def test_a_draft_before_april_is_on_time_and_its_first_step_is_current():
    steps = timeline(programme("draft"), today=dt.date(2027, 3, 31), sent={})
    assert late_steps(steps) == []
    assert [s.state for s in steps][:3] == [StepState.CURRENT, StepState.UPCOMING, StepState.UPCOMING]
    assert sum(s.state == StepState.CURRENT for s in steps) == 1


def test_recruitment_not_opened_in_april_is_late():
    steps = by_key(timeline(programme("draft"), today=dt.date(2027, 4, 2), sent={}))
    assert steps["recruitment"].state == StepState.LATE
    assert steps["recruitment"].warnings == (
        "De werving had op 1 april 2027 moeten beginnen en het programma is nog een concept. Zet de data en "
        "de begeleiders erin en start de werving.",
    )


def test_students_not_approached_in_june_is_late_with_what_to_do():
    steps = by_key(timeline(programme(), today=dt.date(2027, 6, 3), sent={**ALL_SENT, "student": None}))
    assert steps["students"].state == StepState.LATE
    assert steps["students"].warnings == (
        "Studenten zijn nog niet benaderd en het is al juni: stuur de tekst voor studenten via de "
        "secretariaten van de opleidingen (naar studenten in jaar 2 en 3).",
    )
    assert steps["students"].url_name == "programmes:recruitment"
    # The day before, the same step is simply the one to do now.
    steps = by_key(timeline(programme(), today=dt.date(2027, 5, 31), sent={**ALL_SENT, "student": None}))
    assert steps["students"].state == StepState.CURRENT and not steps["students"].warnings


def test_students_approached_is_done():
    steps = by_key(timeline(programme(), today=dt.date(2027, 6, 3)))
    assert steps["students"].state == StepState.DONE


def test_no_student_step_when_the_mix_has_no_students():
    mix = {"professional": 3, "student": 0, "ouder": 2, "jongere": 1}
    steps = by_key(timeline(programme(target_mix=mix), today=dt.date(2027, 6, 3), sent={}))
    assert "students" not in steps
    assert steps["texts"].warnings == (
        "De wervingstekst voor professionals, ouders en jongeren is nog niet verstuurd. Stuur hem naar de "
        "partners, zodat mensen zich vóór 1 juli 2027 kunnen aanmelden.",
    )


def test_texts_for_the_other_categories_not_sent_in_june_are_late():
    sent = {"student": ALL_SENT["student"], "professional": ALL_SENT["professional"]}
    steps = by_key(timeline(programme(), today=dt.date(2027, 6, 10), sent=sent))
    assert steps["texts"].warnings == (
        "De wervingstekst voor ouders en jongeren is nog niet verstuurd. Stuur hem naar de partners, zodat "
        "mensen zich vóór 1 juli 2027 kunnen aanmelden.",
    )


def test_a_text_never_marked_as_sent_is_no_warning_once_sign_up_closed():
    steps = by_key(timeline(programme("composing"), today=dt.date(2027, 7, 10), sent={}))
    assert steps["students"].state == StepState.DONE
    assert steps["students"].note == "Niet als verstuurd gemarkeerd."


def test_sign_up_still_open_after_its_closing_day_is_late():
    steps = by_key(timeline(programme(), today=dt.date(2027, 7, 2)))
    assert steps["signup_closes"].warnings == (
        "Aanmelden had op 1 juli 2027 moeten sluiten. Sluit het aanmelden en deel de groepen in.",
    )


def test_sign_up_closed_with_too_few_for_the_target_mix_says_who_is_missing():
    counts = {"student": 2, "professional": 5, "ouder": 2, "jongere": 1}
    steps = by_key(timeline(programme("composing"), today=dt.date(2027, 7, 5), counts=counts))
    assert steps["signup_closes"].state == StepState.LATE
    assert steps["signup_closes"].warnings == (
        "Er zijn te weinig aanmeldingen voor de gewenste samenstelling: er zijn nog 2 studenten en 1 jongere "
        "nodig. Vraag de partners om nog mensen te werven, of pas de samenstelling of het aantal groepen aan.",
    )


def test_sign_up_closed_with_enough_people_is_done():
    steps = by_key(timeline(programme("composing"), today=dt.date(2027, 7, 5)))
    assert steps["signup_closes"].state == StepState.DONE
    assert steps["composed"].state == StepState.CURRENT


def test_groups_not_composed_by_the_date_are_late():
    steps = by_key(timeline(programme("composing"), today=dt.date(2027, 8, 31)))
    assert steps["composed"].warnings == (
        "De groepen zijn nog niet bekendgemaakt en het had vóór 31 augustus 2027 moeten gebeuren: deel de "
        "groepen in en maak ze bekend.",
    )
    published = programme("running", published_at=when(2027, 8, 20))
    assert by_key(timeline(published, today=dt.date(2027, 9, 1)))["composed"].state == StepState.DONE


def test_start_meeting_passed_without_published_groups_is_late():
    steps = by_key(timeline(programme("composing"), today=dt.date(2027, 9, 15)))
    assert steps["start"].warnings == (
        "De startbijeenkomst van 14 september 2027 is geweest, maar de groepen zijn nog niet bekendgemaakt. "
        "Maak de groepen bekend, zodat iedereen weet bij wie hij hoort.",
    )
    published = programme("running", published_at=when(2027, 8, 20))
    steps = by_key(timeline(published, today=dt.date(2027, 9, 15)))
    assert steps["start"].state == StepState.DONE
    assert steps["meeting-10"].state == StepState.CURRENT


def test_a_recruiting_programme_without_a_start_meeting_is_warned():
    dates = [d for d in plan() if d.kind != DateKind.START]
    steps = by_key(timeline(programme(), today=dt.date(2027, 4, 10), dates=dates))
    assert steps["start"].warnings == (
        "Er staat geen startbijeenkomst gepland. Zet de datum erin: de werving noemt hem.",
    )
    assert steps["start"].note == "Nog geen datum."


def test_meetings_are_done_once_their_day_has_passed():
    published = programme("running", published_at=when(2027, 8, 20))
    steps = by_key(timeline(published, today=dt.date(2028, 1, 26)))
    assert [steps[f"meeting-{pk}"].state for pk in range(10, 15)] == [
        StepState.DONE,
        StepState.DONE,
        StepState.DONE,
        StepState.CURRENT,
        StepState.UPCOMING,
    ]


def test_a_final_evaluation_missing_is_warned():
    steps = by_key(
        timeline(
            programme("running", final_evaluation_on=None, published_at=when(2027, 8, 20)),
            today=dt.date(2027, 10, 1),
        )
    )
    assert steps["final"].warnings == (
        "Er staat geen slotevaluatie gepland. Kies een datum in juni, na de laatste bijeenkomst.",
    )
    # A draft still being planned is not nagged about it.
    steps = by_key(timeline(programme("draft", final_evaluation_on=None), today=dt.date(2027, 2, 1)))
    assert steps["final"].warnings == ()


def test_a_final_evaluation_date_passed_without_finishing_is_late():
    running = programme("running", published_at=when(2027, 8, 20))
    steps = by_key(timeline(running, today=dt.date(2028, 6, 16)))
    assert steps["final"].warnings == (
        "De slotevaluatie stond op 15 juni 2028. Houd de evaluatie, stuur het verslag naar de partners en "
        "rond het programma af.",
    )
    finished = programme("finished", published_at=when(2027, 8, 20))
    steps = timeline(finished, today=dt.date(2028, 6, 16))
    assert late_steps(steps) == []
    assert {s.state for s in steps} == {StepState.DONE}


def test_a_final_date_in_the_plan_wins_over_the_planned_day():
    dates = [
        *plan(),
        ProgrammeDate(pk=30, kind=DateKind.FINAL, starts_at=when(2028, 6, 20), ends_at=when(2028, 6, 20, 18)),
    ]
    steps = by_key(timeline(programme(), today=dt.date(2027, 4, 10), dates=dates))
    assert steps["final"].due == dt.date(2028, 6, 20)


def test_without_an_information_meeting_the_composition_is_the_current_step_once_sign_up_closed():
    dates = [d for d in plan() if d.kind != DateKind.INFORMATION]
    steps = by_key(timeline(programme("composing"), today=dt.date(2027, 7, 10), dates=dates))
    assert steps["information"].state == StepState.DONE and steps["information"].note == ""
    assert steps["composed"].state == StepState.CURRENT
