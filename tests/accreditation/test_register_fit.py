"""Whether a group fits a register, derived from the register's rules as data: the reasons in Dutch,
the pure function without queries, and the database filter that must always agree with it."""

import random
from decimal import Decimal

import pytest

from intervisie.accreditation.models import Register, SupervisorNeed
from intervisie.accreditation.register_fit import (
    FAILS,
    MEETS,
    NOTE,
    body_choices,
    body_q,
    fit_q,
    fitting_bodies,
    group_register_fits,
    register_fit,
)
from intervisie.groups.enums import Format, Frequency
from intervisie.groups.models import IntervisionGroup
from tests.factories import GroupFactory, OrganisationFactory, UserFactory, register


def _reasons(fit) -> list[tuple[str, str]]:
    return [(reason.verdict, reason.text) for reason in fit.reasons]


@pytest.fixture
def skj(db):
    return register("skj-jeugd-en-gezinsprofessional")


@pytest.fixture
def registerplein(db):
    return register("registerplein-gezinshuisouders")


def test_seeded_registers_carry_the_facts_as_data(skj, registerplein):
    assert (skj.min_group_size, skj.max_group_size, skj.min_meetings_per_year) == (3, None, None)
    assert skj.supervisor == SupervisorNeed.RECOMMENDED
    assert skj.accepted_supervisor_registers == ["LVSC", "VGCT", "NIP", "NVO", "NVRG"]
    assert registerplein.supervisor == SupervisorNeed.NOT_NEEDED
    assert registerplein.min_group_size is None


def test_guided_group_every_six_weeks_fits_skj_with_reasons(skj, group):
    group.begeleider_register = "LVSC"
    fit = register_fit(group=group, register=skj)
    assert fit.fits
    assert _reasons(fit) == [
        (MEETS, "Bijeenkomsten duren 2 uur; SKJ vraagt minstens 1 uur."),
        (MEETS, "De groep is er voor 4 tot 6 deelnemers; SKJ vraagt minstens 3 deelnemers."),
        (
            MEETS,
            "De groep komt elke zes weken samen (ongeveer 8 keer per jaar), 2 uur per keer: 16 uur per jaar. "
            "SKJ vraagt 60 uur in 5 jaar, dat is 12 uur per jaar.",
        ),
        (MEETS, "De begeleider staat ingeschreven bij LVSC; dat neemt SKJ aan."),
    ]


def test_registerplein_without_published_hours_says_so(registerplein, group):
    group.format = Format.ONLINE
    fit = register_fit(group=group, register=registerplein)
    assert fit.fits
    assert _reasons(fit) == [
        (MEETS, "Bijeenkomsten duren 2 uur; Registerplein vraagt minstens 1 uur."),
        (
            MEETS,
            "De groep komt online samen. Dat telt mee bij Registerplein als iedereen live beeld en geluid heeft.",
        ),
        (NOTE, "Registerplein heeft nog niet bekendgemaakt hoeveel uur reflectie je per periode nodig hebt."),
    ]


def test_quarterly_group_gives_too_few_hours_a_year_for_skj(skj, group):
    group.frequency = Frequency.QUARTERLY
    fit = register_fit(group=group, register=skj)
    assert not fit.fits
    assert (
        FAILS,
        "De groep komt vier keer per jaar samen, 2 uur per keer: 8 uur per jaar. SKJ vraagt 60 uur in 5 jaar, "
        "dat is 12 uur per jaar.",
    ) in _reasons(fit)


def test_short_meetings_fail_and_count_for_no_hours(skj, group):
    group.meeting_minutes = 45
    group.min_members = 2
    group.has_begeleider = False
    fit = register_fit(group=group, register=skj)
    assert not fit.fits
    assert _reasons(fit) == [
        (FAILS, "Bijeenkomsten duren 45 minuten; SKJ vraagt minstens 1 uur."),
        (FAILS, "De groep is er voor 2 tot 6 deelnemers; SKJ vraagt minstens 3 deelnemers."),
        (
            NOTE,
            "De groep heeft geen begeleider. SKJ raadt een begeleider aan die staat ingeschreven bij LVSC, "
            "VGCT, NIP, NVO of NVRG.",
        ),
    ]


def test_half_hours_read_as_decimal_hours(skj, group):
    group.meeting_minutes = 90
    group.frequency = Frequency.MONTHLY
    fit = register_fit(group=group, register=skj)
    assert fit.reasons[0].text == "Bijeenkomsten duren 1,5 uur; SKJ vraagt minstens 1 uur."
    assert fit.reasons[2].text.startswith(
        "De groep komt elke maand samen (ongeveer 12 keer per jaar), 1,5 uur per keer: 18 uur per jaar."
    )


def test_a_stricter_chamber_decides_the_body(db, group):
    """Five times a school year, two hours: 10 hours a year is enough for the old chamber (50 per
    5 years) but not for the jeugd- en gezinsprofessional (60): the group does not fit "SKJ"."""
    group.frequency = Frequency.FIVE_PER_SCHOOL_YEAR
    registers = [register("skj-jeugd-en-gezinsprofessional"), register("skj-jeugdzorgwerker")]
    fits = group_register_fits(group=group, registers=registers)
    assert [fit.fits for fit in fits] == [False, True]
    assert fitting_bodies(fits) == []
    group.frequency = Frequency.SIX_PER_YEAR
    assert fitting_bodies(group_register_fits(group=group, registers=registers)) == ["SKJ"]


def _custom(**facts) -> Register:
    data = {
        "code": "vaktherapie",
        "name": "Register Vaktherapie",
        "body": "Register Vaktherapie",
        "hours_required": None,
        "min_meeting_minutes": 60,
        "online_counts": True,
    }
    data.update(facts)
    return Register.objects.create(**data)


def test_register_that_refuses_online_meetings(db, group):
    refusing = _custom(online_counts=False)
    group.format = Format.ONLINE
    fit = register_fit(group=group, register=refusing)
    assert not fit.fits
    assert (
        FAILS,
        "De groep komt online samen; Register Vaktherapie telt online bijeenkomsten niet mee.",
    ) in (_reasons(fit))
    group.format = Format.HYBRID
    fit = register_fit(group=group, register=refusing)
    assert fit.fits
    assert (
        NOTE,
        "De groep komt op locatie en online samen; bij Register Vaktherapie telt het alleen als je op locatie bent.",
    ) in _reasons(fit)


def test_register_with_group_size_range_and_rhythm(db, group):
    strict = _custom(min_group_size=3, max_group_size=6, min_meetings_per_year=10)
    group.max_members = 8
    fit = register_fit(group=group, register=strict)
    assert not fit.fits
    assert _reasons(fit)[1:3] == [
        (FAILS, "De groep is er voor 4 tot 8 deelnemers; Register Vaktherapie vraagt 3 tot 6 deelnemers."),
        (
            FAILS,
            "De groep komt elke zes weken samen (ongeveer 8 keer per jaar); Register Vaktherapie vraagt minstens "
            "10 keer per jaar.",
        ),
    ]
    group.max_members = 6
    group.frequency = Frequency.MONTHLY
    assert register_fit(group=group, register=strict).fits


def test_register_that_requires_a_registered_begeleider(db, group):
    required = _custom(supervisor=SupervisorNeed.REQUIRED, supervisor_registers="LVSC, NIP")
    group.has_begeleider = False
    assert _reasons(register_fit(group=group, register=required))[-1] == (
        FAILS,
        "De groep heeft geen begeleider. Register Vaktherapie vraagt een begeleider die staat ingeschreven "
        "bij LVSC of NIP.",
    )
    group.has_begeleider = True
    group.begeleider_register = ""
    assert _reasons(register_fit(group=group, register=required))[-1] == (
        FAILS,
        "Niet bekend is bij welk register de begeleider staat ingeschreven. Register Vaktherapie vraagt een "
        "begeleider die staat ingeschreven bij LVSC of NIP.",
    )
    group.begeleider_register = "NIP"  # a begeleider without an account: what the group gives
    assert register_fit(group=group, register=required).fits
    # A begeleider with an account: their own register counts, not what the group wrote.
    group.begeleider = UserFactory(supervisor_register="other")
    fit = register_fit(group=group, register=required)
    assert not fit.fits
    assert fit.reasons[-1].text.startswith("De begeleider staat ingeschreven bij anders.")


def test_register_fit_asks_the_database_nothing(django_assert_num_queries, skj, registerplein, group):
    group.begeleider = UserFactory(supervisor_register="LVSC")
    group.save()
    registers = list(Register.objects.all())
    loaded = IntervisionGroup.objects.select_related("begeleider").get(pk=group.pk)
    with django_assert_num_queries(0):
        fits = group_register_fits(group=loaded, registers=registers)
    assert [fit.register.code for fit in fits] == [
        "registerplein-gezinshuisouders",
        "skj-jeugd-en-gezinsprofessional",
        "skj-jeugdzorgwerker",
    ]


def test_body_choices_come_from_the_registers(skj, registerplein):
    assert body_choices(Register.objects.all()) == [("registerplein", "Registerplein"), ("skj", "SKJ")]


# --- The database filter agrees with the pure function ------------------------------------------------

MINUTES = [30, 45, 59, 60, 61, 72, 89, 90, 91, 119, 120, 121, 143, 144, 150, 180, 240]


def _registers() -> list[Register]:
    seeded = list(Register.objects.all())
    return [
        *seeded,
        _custom(code="streng", name="Streng", online_counts=False, min_group_size=3, max_group_size=6),
        _custom(
            code="ritme",
            name="Ritme",
            hours_required=Decimal("55"),
            period_years=3,
            min_meetings_per_year=8,
            min_meeting_minutes=90,
        ),
        _custom(
            code="begeleid",
            name="Begeleid",
            supervisor=SupervisorNeed.REQUIRED,
            supervisor_registers="LVSC, VGCT",
            min_group_size=5,
        ),
    ]


def test_fit_q_agrees_with_register_fit_for_many_groups(db):
    """300 groups with random rhythm, length, size, format and begeleider (boundaries included),
    against the seeded registers and three made-up ones with every kind of rule."""
    rng = random.Random(20261205)
    organisation = OrganisationFactory()
    coaches = [None, *(UserFactory(supervisor_register=code) for code in ("", "LVSC", "NIP", "other"))]
    for index in range(300):
        low = rng.randint(2, 8)
        coach = rng.choice(coaches)
        GroupFactory(
            name=f"Groep {index}",
            organisation=organisation,
            frequency=rng.choice(Frequency.values),
            meeting_minutes=rng.choice(MINUTES),
            min_members=low,
            max_members=low + rng.randint(0, 6),
            format=rng.choice(Format.values),
            has_begeleider=rng.random() < 0.7,
            begeleider=coach,
            begeleider_register=rng.choice(["", "LVSC", "VGCT", "SKJ"]),
        )
    groups = list(IntervisionGroup.objects.select_related("begeleider"))
    registers = _registers()
    for reg in registers:
        expected = {g.pk for g in groups if register_fit(group=g, register=reg).fits}
        found = set(IntervisionGroup.objects.filter(fit_q(reg)).values_list("pk", flat=True))
        assert found == expected, reg.code
        assert 0 < len(expected) < len(groups), reg.code  # the sample covers both outcomes
    skj_fit = {
        g.pk for g in groups if "SKJ" in fitting_bodies(group_register_fits(group=g, registers=registers))
    }
    assert (
        set(IntervisionGroup.objects.filter(body_q(registers, "skj")).values_list("pk", flat=True)) == skj_fit
    )
