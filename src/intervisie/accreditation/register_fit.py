"""Whether an intervision group fits a register's reflection rules, and why or why not.

A group used to say itself which registers it suits ("past bij SKJ"); that is a claim. Here the answer
is derived from the register's rules, which are data (``Register`` rows, shared/domain/REGISTERS.md):
meeting length, online meetings, group size, meetings per year, the hours a year the register asks
for, and a begeleider registered with a body the register accepts.

``register_fit`` is pure (no queries; load the group with ``select_related("begeleider")``) and gives
short Dutch reasons for the group page. ``fit_q`` is the same decision as a database filter, so the
directory filters and paginates in the database; a test checks that both always agree.

A group fits a register when no reason says it fails. A reason can also be a note: something to know
that does not decide (a recommended begeleider, a register that has not published its hours).
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intervisie.accounts.enums import SupervisorRegister
from intervisie.accreditation.models import Register, SupervisorNeed
from intervisie.groups.enums import Format, Frequency

# How often a group meets a year, by its rhythm: the meaning of our own Frequency choices, not a
# register's number. Rounded down (every six weeks is 8.7 times: 8), so a fit is never overstated.
MEETINGS_PER_YEAR = {
    Frequency.WEEKLY: 52,
    Frequency.BIWEEKLY: 26,
    Frequency.MONTHLY: 12,
    Frequency.SIX_WEEKLY: 8,
    Frequency.SIX_PER_YEAR: 6,
    Frequency.FIVE_PER_SCHOOL_YEAR: 5,
    Frequency.QUARTERLY: 4,
}

MEETS = "meets"
FAILS = "fails"
NOTE = "note"


@dataclass(frozen=True)
class Reason:
    verdict: str  # MEETS, FAILS or NOTE
    text: str

    @property
    def fails(self) -> bool:
        return self.verdict == FAILS


@dataclass(frozen=True)
class RegisterFit:
    register: Register
    reasons: tuple[Reason, ...]

    @property
    def fits(self) -> bool:
        return not any(reason.fails for reason in self.reasons)


# --- Numbers derived from a register row ------------------------------------------------------------


def yearly_minutes_needed(register: Register) -> Decimal | None:
    """The reflection a year the register asks for, in minutes (SKJ: 60 hours per 5 years = 720)."""
    if register.hours_required is None or not register.period_years:
        return None
    return Decimal(register.hours_required) * 60 / register.period_years


def min_minutes_per_meeting(needed: Decimal, meetings_per_year: int) -> int:
    """The shortest meeting that, this many times a year, reaches ``needed`` minutes a year."""
    return math.ceil(needed / meetings_per_year)


def body_slug(register: Register) -> str:
    """The register's body as it appears in the directory's URL: "skj", "registerplein"."""
    return slugify(register.body)


def body_choices(registers) -> list[tuple[str, str]]:
    """The directory filter's choices: one per body (SKJ, Registerplein), in the registers' order."""
    choices = {}
    for register in registers:
        choices.setdefault(body_slug(register), register.body)
    return list(choices.items())


# --- The pure decision --------------------------------------------------------------------------------


def _duration(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(hours)d uur", "%(hours)d uur", hours) % {"hours": hours}
    if minutes % 30 == 0:
        return _("%(hours)s uur") % {"hours": formats.number_format(Decimal(minutes) / 60, 1)}
    return _("%(minutes)d minuten") % {"minutes": minutes}


def _hours(value: Decimal) -> str:
    value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return formats.number_format(value.to_integral_value(), 0)
    return formats.number_format(value, 1)


def _either(codes: list[str]) -> str:
    """ "LVSC, VGCT, NIP, NVO of NVRG"."""
    if len(codes) <= 1:
        return "".join(codes)
    return _("%(first)s of %(last)s") % {"first": ", ".join(codes[:-1]), "last": codes[-1]}


# Rhythms whose name does not already say how often a year ("elke maand" does, "vier keer per jaar" not).
_COUNT_NOT_IN_NAME = {Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY, Frequency.SIX_WEEKLY}


def _rhythm(frequency: str) -> str:
    """ "De groep komt elke zes weken samen (ongeveer 8 keer per jaar)"."""
    if frequency not in MEETINGS_PER_YEAR:
        return _("Niet bekend is hoe vaak de groep samenkomt")
    label = str(Frequency(frequency).label).lower()
    if frequency in _COUNT_NOT_IN_NAME:
        return _("De groep komt %(frequency)s samen (ongeveer %(count)d keer per jaar)") % {
            "frequency": label,
            "count": MEETINGS_PER_YEAR[frequency],
        }
    return _("De groep komt %(frequency)s samen") % {"frequency": label}


def begeleider_register(group) -> str:
    """The register the group's begeleider is known to be registered with: the account's own, or what
    the group gives for a begeleider without an account. Empty when there is no begeleider."""
    if not group.has_begeleider:
        return ""
    if group.begeleider_id and group.begeleider.supervisor_register:
        return group.begeleider.supervisor_register
    return group.begeleider_register or ""


def register_fit(*, group, register: Register) -> RegisterFit:
    """Whether ``group`` fits ``register``'s rules, with a short Dutch reason per rule."""
    body = register.body
    reasons = []

    length_ok = group.meeting_minutes >= register.min_meeting_minutes
    reasons.append(
        Reason(
            MEETS if length_ok else FAILS,
            _("Bijeenkomsten duren %(duration)s; %(body)s vraagt minstens %(minimum)s.")
            % {
                "duration": _duration(group.meeting_minutes),
                "body": body,
                "minimum": _duration(register.min_meeting_minutes),
            },
        )
    )

    if group.format == Format.ONLINE:
        if register.online_counts:
            reasons.append(
                Reason(
                    MEETS,
                    _(
                        "De groep komt online samen. Dat telt mee bij %(body)s als iedereen live beeld en geluid heeft."
                    )
                    % {"body": body},
                )
            )
        else:
            reasons.append(
                Reason(
                    FAILS,
                    _("De groep komt online samen; %(body)s telt online bijeenkomsten niet mee.")
                    % {"body": body},
                )
            )
    elif group.format == Format.HYBRID and not register.online_counts:
        reasons.append(
            Reason(
                NOTE,
                _(
                    "De groep komt op locatie en online samen; bij %(body)s telt het alleen als je op locatie bent."
                )
                % {"body": body},
            )
        )

    low, high = register.min_group_size, register.max_group_size
    if low is not None or high is not None:
        size_ok = (low is None or group.min_members >= low) and (high is None or group.max_members <= high)
        if low is not None and high is not None:
            asked = _("%(body)s vraagt %(low)d tot %(high)d deelnemers.")
        elif low is not None:
            asked = _("%(body)s vraagt minstens %(low)d deelnemers.")
        else:
            asked = _("%(body)s vraagt hoogstens %(high)d deelnemers.")
        reasons.append(
            Reason(
                MEETS if size_ok else FAILS,
                _("De groep is er voor %(min)d tot %(max)d deelnemers; %(asked)s")
                % {
                    "min": group.min_members,
                    "max": group.max_members,
                    "asked": asked % {"body": body, "low": low or 0, "high": high or 0},
                },
            )
        )

    per_year = MEETINGS_PER_YEAR.get(group.frequency)
    rhythm = _rhythm(group.frequency)
    if register.min_meetings_per_year:
        rhythm_ok = per_year is not None and per_year >= register.min_meetings_per_year
        reasons.append(
            Reason(
                MEETS if rhythm_ok else FAILS,
                _("%(rhythm)s; %(body)s vraagt minstens %(minimum)d keer per jaar.")
                % {"rhythm": rhythm, "body": body, "minimum": register.min_meetings_per_year},
            )
        )

    needed = yearly_minutes_needed(register)
    if needed is None:
        reasons.append(
            Reason(
                NOTE,
                _("%(body)s heeft nog niet bekendgemaakt hoeveel uur reflectie je per periode nodig hebt.")
                % {"body": body},
            )
        )
    elif length_ok:
        # A meeting that is too short counts for nothing: the length reason already says so.
        hours_ok = per_year is not None and group.meeting_minutes >= min_minutes_per_meeting(needed, per_year)
        reasons.append(
            Reason(
                MEETS if hours_ok else FAILS,
                _(
                    "%(rhythm)s, %(duration)s per keer: %(hours)s uur per jaar. %(body)s vraagt %(required)s uur "
                    "in %(years)d jaar, dat is %(per_year)s uur per jaar."
                )
                % {
                    "rhythm": rhythm,
                    "duration": _duration(group.meeting_minutes),
                    "hours": _hours(Decimal((per_year or 0) * group.meeting_minutes) / 60),
                    "body": body,
                    "required": _hours(Decimal(register.hours_required)),
                    "years": register.period_years,
                    "per_year": _hours(needed / 60),
                },
            )
        )

    if register.supervisor != SupervisorNeed.NOT_NEEDED:
        accepted = register.accepted_supervisor_registers
        own = begeleider_register(group)
        values = {"body": body, "registers": _either(accepted), "register": own}
        if own and own in accepted:
            reasons.append(
                Reason(
                    MEETS,
                    _("De begeleider staat ingeschreven bij %(register)s; dat neemt %(body)s aan.") % values,
                )
            )
        else:
            verdict = FAILS if register.supervisor == SupervisorNeed.REQUIRED else NOTE
            if register.supervisor == SupervisorNeed.REQUIRED:
                asked = _("%(body)s vraagt een begeleider die staat ingeschreven bij %(registers)s.") % values
            else:
                asked = (
                    _("%(body)s raadt een begeleider aan die staat ingeschreven bij %(registers)s.") % values
                )
            if not group.has_begeleider:
                situation = _("De groep heeft geen begeleider.")
            elif own:
                situation = _("De begeleider staat ingeschreven bij %(register)s.") % {
                    "register": _supervisor_label(own)
                }
            else:
                situation = _("Niet bekend is bij welk register de begeleider staat ingeschreven.")
            reasons.append(Reason(verdict, f"{situation} {asked}"))

    return RegisterFit(register=register, reasons=tuple(reasons))


def _supervisor_label(code: str) -> str:
    try:
        return str(SupervisorRegister(code).label)
    except ValueError:
        return code


def group_register_fits(*, group, registers) -> list[RegisterFit]:
    """The group's fit with every register, in the registers' order (pure)."""
    return [register_fit(group=group, register=register) for register in registers]


def fitting_bodies(fits: list[RegisterFit]) -> list[str]:
    """The bodies (SKJ, Registerplein) whose every register the group fits, for tags in lists."""
    bodies: dict[str, bool] = {}
    for fit in fits:
        body = fit.register.body
        bodies[body] = bodies.get(body, True) and fit.fits
    return [body for body, fits in bodies.items() if fits]


# --- The same decision as a database filter -------------------------------------------------------------


def fit_q(register: Register) -> Q:
    """A filter on IntervisionGroup that is true exactly when ``register_fit(...).fits`` is."""
    q = Q(meeting_minutes__gte=register.min_meeting_minutes)
    if not register.online_counts:
        q &= ~Q(format=Format.ONLINE)
    if register.min_group_size is not None:
        q &= Q(min_members__gte=register.min_group_size)
    if register.max_group_size is not None:
        q &= Q(max_members__lte=register.max_group_size)
    if register.min_meetings_per_year:
        q &= Q(
            frequency__in=[
                frequency
                for frequency, count in MEETINGS_PER_YEAR.items()
                if count >= register.min_meetings_per_year
            ]
        )
    needed = yearly_minutes_needed(register)
    if needed is not None:
        q &= reduce(
            or_,
            (
                Q(frequency=frequency, meeting_minutes__gte=min_minutes_per_meeting(needed, count))
                for frequency, count in MEETINGS_PER_YEAR.items()
            ),
        )
    if register.supervisor == SupervisorNeed.REQUIRED:
        accepted = register.accepted_supervisor_registers
        account_has_none = Q(begeleider__isnull=True) | Q(begeleider__supervisor_register="")
        q &= Q(has_begeleider=True) & (
            Q(begeleider__supervisor_register__in=accepted)
            | (account_has_none & Q(begeleider_register__in=accepted))
        )
    return q


def body_q(registers, slug: str) -> Q:
    """Groups that fit every register of the body with this slug ("skj")."""
    return reduce(lambda a, b: a & b, (fit_q(r) for r in registers if body_slug(r) == slug), Q())
