"""The school-year timeline of a programme (seed 003: recruit before the summer holiday, so the groups can
start after it): the steps in order, each done, current, late or upcoming, with a Dutch warning for every
late one, and the planning defaults that follow from a school year.

Pure functions: the caller hands over the programme, its dates, when each recruitment text was sent, the
sign-up counts per category and today; nothing here reads the database or the clock."""

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.utils import formats, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intervisie.programmes.enums import Category, DateKind, ProgrammeStatus


class StepState(enum.StrEnum):
    DONE = "done"
    CURRENT = "current"
    LATE = "late"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    due: dt.date | None
    state: StepState = StepState.UPCOMING
    # Late steps say what to do; a step is late exactly when it has warnings.
    warnings: tuple[str, ...] = ()
    note: str = ""
    # The URL name (programmes namespace) of the page where the step is done; the view resolves it.
    url_name: str = ""
    done: bool = field(default=False, repr=False)


# Statuses in which recruitment still runs or has yet to start: a text not sent then is still a to-do.
BEFORE_CLOSING = {ProgrammeStatus.DRAFT, ProgrammeStatus.RECRUITING}
AFTER_CLOSING = {ProgrammeStatus.COMPOSING, ProgrammeStatus.RUNNING, ProgrammeStatus.FINISHED}

# The people of a category, counted ("2 studenten"), for the warnings.
CATEGORY_COUNTED = {
    Category.STUDENT: ("%(count)s student", "%(count)s studenten"),
    Category.PROFESSIONAL: ("%(count)s professional", "%(count)s professionals"),
    Category.PARENT: ("%(count)s ouder", "%(count)s ouders"),
    Category.YOUNG_PERSON: ("%(count)s jongere", "%(count)s jongeren"),
}
# The people of a category as a group ("ouders"), for the texts still to send.
CATEGORY_PLURAL = {
    Category.STUDENT: "studenten",
    Category.PROFESSIONAL: "professionals",
    Category.PARENT: "ouders",
    Category.YOUNG_PERSON: "jongeren",
}


# --- Planning defaults from the school year ----------------------------------------------------------------


def school_year_label(first_year: int) -> str:
    return f"{first_year}-{first_year + 1}"


def school_year_bounds(first_year: int) -> tuple[dt.date, dt.date]:
    """From the first of August to the end of July: the start meeting after the summer up to the final
    evaluation in June fall inside it (the information meeting usually falls before it)."""
    return dt.date(first_year, 8, 1), dt.date(first_year + 1, 7, 31)


def next_school_year(today: dt.date) -> int:
    """The first year of the school year a programme started today would run in: this year's, while
    there is still time to recruit before the summer (until July); after that the next one."""
    return today.year if today.month < 7 else today.year + 1


def default_planning(first_year: int) -> dict[str, dt.date]:
    """Seed 003's rhythm: recruitment from April, students reached by June (via the opleidingen's
    secretariats, before the summer), sign-up closes on the first of July, the groups composed by the end
    of August, the final evaluation in June of the second year."""
    return {
        "recruitment_opens_on": dt.date(first_year, 4, 1),
        "students_by": dt.date(first_year, 6, 1),
        "signup_closes_on": dt.date(first_year, 7, 1),
        "composed_by": dt.date(first_year, 8, 31),
        "final_evaluation_on": dt.date(first_year + 1, 6, 15),
    }


# --- The timeline ------------------------------------------------------------------------------------------


def _day(value) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def _date(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def _month(value: dt.date) -> str:
    return str(MONTHS[value.month]).lower()


def _join(words: list[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _shortfall(programme, counts: Mapping[str, int]) -> list[str]:
    """Per category of the target mix, how many people are still missing, counted in words."""
    missing = []
    for category in Category:
        needed = programme.group_count * int((programme.target_mix or {}).get(category.value, 0))
        short = needed - counts.get(category.value, 0)
        if short > 0:
            singular, plural = CATEGORY_COUNTED[category]
            missing.append(ngettext(singular, plural, short) % {"count": short})
    return missing


def programme_timeline(
    *,
    programme,
    dates: Iterable,
    texts_sent: Mapping[str, dt.datetime | None],
    signup_counts: Mapping[str, int],
    today: dt.date,
) -> list[Step]:
    """The programme's steps in the order of the school year.

    ``dates`` are its ProgrammeDates, ``texts_sent`` maps a category to when its recruitment text was
    marked as sent (None: not yet), ``signup_counts`` the active sign-ups per category (not declined or
    withdrawn). Each step is done, late (with a warning saying what to do), or still to come: the first
    step to come is current."""
    status = ProgrammeStatus(programme.status)
    mix = {key: int(value) for key, value in (programme.target_mix or {}).items()}
    dates = sorted(dates, key=lambda d: d.starts_at)
    steps: list[Step] = []

    def add(key, label, due, *, done=False, warnings=(), note="", url_name=""):
        steps.append(
            Step(
                key=key,
                label=label,
                due=due,
                done=done,
                warnings=tuple(w for w in warnings if w),
                note=note,
                url_name=url_name,
            )
        )

    # 1. Recruitment opens.
    opens = programme.recruitment_opens_on
    started = status != ProgrammeStatus.DRAFT
    add(
        "recruitment",
        _("Werving begint"),
        opens,
        done=started,
        warnings=[
            _(
                "De werving had op %(date)s moeten beginnen en het programma is nog een concept. Zet de "
                "data en de begeleiders erin en start de werving."
            )
            % {"date": _date(opens)}
            if not started and today >= opens
            else ""
        ],
    )

    # 2. The online information meeting (seed 003: announce it in the recruitment texts).
    info = [d for d in dates if d.kind == DateKind.INFORMATION]
    add(
        "information",
        _("Online informatiebijeenkomst"),
        _day(info[0].starts_at) if info else None,
        # Once sign-up has closed, an information meeting is no longer a step to take.
        done=(bool(info) and _day(info[0].starts_at) < today) or status in AFTER_CLOSING,
        note="" if info or status in AFTER_CLOSING else _("Nog geen datum."),
        url_name="programmes:manage_dates",
    )

    # 3. Students are reached before the summer through the opleidingen's secretariats (years 2 and 3).
    students_by = programme.students_by
    if mix.get(Category.STUDENT.value, 0) > 0:
        sent = texts_sent.get(Category.STUDENT.value) is not None
        late = not sent and status in BEFORE_CLOSING and today >= students_by
        add(
            "students",
            _("Studenten benaderen via de secretariaten van de opleidingen"),
            students_by,
            done=sent or status in AFTER_CLOSING,
            note=_("Niet als verstuurd gemarkeerd.") if not sent and status in AFTER_CLOSING else "",
            warnings=[
                _(
                    "Studenten zijn nog niet benaderd en het is al %(month)s: stuur de tekst voor studenten "
                    "via de secretariaten van de opleidingen (naar studenten in jaar 2 en 3)."
                )
                % {"month": _month(today)}
                if late
                else ""
            ],
            url_name="programmes:recruitment",
        )

    # 4. The other categories' texts go to the partners in the same weeks.
    others = [c for c in Category if c != Category.STUDENT and mix.get(c.value, 0) > 0]
    if others:
        unsent = [c for c in others if texts_sent.get(c.value) is None]
        late = bool(unsent) and status in BEFORE_CLOSING and today >= students_by
        add(
            "texts",
            _("Wervingsteksten naar de partners sturen"),
            students_by,
            done=not unsent or status in AFTER_CLOSING,
            note=_("Niet als verstuurd gemarkeerd.") if unsent and status in AFTER_CLOSING else "",
            warnings=[
                _(
                    "De wervingstekst voor %(who)s is nog niet verstuurd. Stuur hem naar de partners, zodat "
                    "mensen zich vóór %(date)s kunnen aanmelden."
                )
                % {
                    "who": _join([CATEGORY_PLURAL[c] for c in unsent]),
                    "date": _date(programme.signup_closes_on),
                }
                if late
                else ""
            ],
            url_name="programmes:recruitment",
        )

    # 5. Sign-up closes; by then there should be enough people for the target mix.
    closes = programme.signup_closes_on
    closed = status in AFTER_CLOSING
    overdue = status == ProgrammeStatus.RECRUITING and today >= closes
    warnings = []
    if overdue:
        warnings.append(
            _("Aanmelden had op %(date)s moeten sluiten. Sluit het aanmelden en deel de groepen in.")
            % {"date": _date(closes)}
        )
    if (overdue or status == ProgrammeStatus.COMPOSING) and (missing := _shortfall(programme, signup_counts)):
        warnings.append(
            _(
                "Er zijn te weinig aanmeldingen voor de gewenste samenstelling: er zijn nog %(missing)s nodig. "
                "Vraag de partners om nog mensen te werven, of pas de samenstelling of het aantal groepen aan."
            )
            % {"missing": _join(missing)}
        )
    add(
        "signup_closes",
        _("Aanmelden sluit"),
        closes,
        done=closed and not warnings,
        warnings=warnings,
        url_name="programmes:manage_signups",
    )

    # 6. The groups are composed and published (everyone hears their group and the dates).
    published = programme.published_at is not None
    add(
        "composed",
        _("Groepen indelen en bekendmaken"),
        programme.composed_by,
        done=published,
        warnings=[
            _(
                "De groepen zijn nog niet bekendgemaakt en het had vóór %(date)s moeten gebeuren: deel de "
                "groepen in en maak ze bekend."
            )
            % {"date": _date(programme.composed_by)}
            if not published and today >= programme.composed_by and status != ProgrammeStatus.FINISHED
            else ""
        ],
        url_name="programmes:composition",
    )

    # 7. The start meeting (charter, expectations, practical agreements).
    start = [d for d in dates if d.kind == DateKind.START]
    start_day = _day(start[0].starts_at) if start else None
    warnings = []
    if start_day is None and status != ProgrammeStatus.DRAFT and status != ProgrammeStatus.FINISHED:
        warnings.append(_("Er staat geen startbijeenkomst gepland. Zet de datum erin: de werving noemt hem."))
    if start_day is not None and start_day < today and not published:
        warnings.append(
            _(
                "De startbijeenkomst van %(date)s is geweest, maar de groepen zijn nog niet bekendgemaakt. "
                "Maak de groepen bekend, zodat iedereen weet bij wie hij hoort."
            )
            % {"date": _date(start_day)}
        )
    add(
        "start",
        _("Startbijeenkomst"),
        start_day,
        done=start_day is not None and start_day < today and published,
        warnings=warnings,
        note="" if start else _("Nog geen datum."),
        url_name="programmes:manage_dates",
    )

    # 8. The meetings (seed 003: five of about two hours in the school year).
    meetings = [d for d in dates if d.kind == DateKind.MEETING]
    for number, meeting in enumerate(meetings, start=1):
        label = _("Bijeenkomst %(number)s") % {"number": number}
        if meeting.group_id:
            label = f"{label} ({meeting.group.name})"
        add(f"meeting-{meeting.pk}", label, _day(meeting.starts_at), done=_day(meeting.starts_at) < today)
    if not meetings:
        add(
            "meetings",
            _("Intervisiebijeenkomsten"),
            None,
            note=_("Nog geen data."),
            warnings=[
                _("Er staan nog geen bijeenkomsten gepland. Zet de vijf data erin: de werving noemt ze.")
                if status != ProgrammeStatus.DRAFT and status != ProgrammeStatus.FINISHED
                else ""
            ],
            url_name="programmes:manage_dates",
        )

    # 9. The final evaluation, fed back to the partners.
    final = [d for d in dates if d.kind == DateKind.FINAL]
    final_day = _day(final[0].starts_at) if final else programme.final_evaluation_on
    finished = status == ProgrammeStatus.FINISHED
    warnings = []
    if final_day is None and status != ProgrammeStatus.DRAFT and not finished:
        warnings.append(
            _("Er staat geen slotevaluatie gepland. Kies een datum in juni, na de laatste bijeenkomst.")
        )
    if final_day is not None and final_day < today and not finished:
        warnings.append(
            _(
                "De slotevaluatie stond op %(date)s. Houd de evaluatie, stuur het verslag naar de partners en "
                "rond het programma af."
            )
            % {"date": _date(final_day)}
        )
    add(
        "final",
        _("Slotevaluatie"),
        final_day,
        done=finished,
        warnings=warnings,
        note="" if final_day else _("Nog geen datum."),
        url_name="programmes:report",
    )

    return _with_states(steps)


def _with_states(steps: list[Step]) -> list[Step]:
    """Done, late (it has warnings), or to come; the first step to come is the current one."""
    result, current_given = [], False
    for step in steps:
        if step.warnings:
            state = StepState.LATE
        elif step.done:
            state = StepState.DONE
        elif not current_given:
            state, current_given = StepState.CURRENT, True
        else:
            state = StepState.UPCOMING
        result.append(replace(step, state=state))
    return result


def late_steps(steps: list[Step]) -> list[Step]:
    return [step for step in steps if step.state == StepState.LATE]
