"""The kartrekker's forms: the programme (start and edit), its dates and the "five meetings" proposal,
its groups, its partners, and the filters of the sign-up list. Every message is Dutch and stands at its
field; nothing typed is lost."""

import datetime as dt
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import (
    PHONE_RE,
    date_field,
    datetime_field,
    number_field,
    text_field,
    time_field,
)
from intervisie.groups.enums import Format
from intervisie.organisations.models import Organisation
from intervisie.programmes.enums import Category, DateKind, PartnerKind, SignupStatus
from intervisie.programmes.models import Partner, Programme, ProgrammeDate
from intervisie.programmes.selectors import NO_PARTNER, SIGNUP_SORTS
from intervisie.programmes.timeline import (
    default_planning,
    next_school_year,
    school_year_bounds,
    school_year_label,
)

User = get_user_model()

SCHOOL_YEAR_RE = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")
WRONG_SCHOOL_YEAR = _("Vul het schooljaar in als twee jaren na elkaar, bijvoorbeeld 2027-2028.")
PLANNING_FIELDS = (
    "recruitment_opens_on",
    "students_by",
    "signup_closes_on",
    "composed_by",
    "final_evaluation_on",
)
# The four numbers of the target mix, in the order of the seed's example (two professionals, two
# students, one parent, one young person).
MIX_ORDER = (Category.PROFESSIONAL, Category.STUDENT, Category.PARENT, Category.YOUNG_PERSON)
MIX_LABELS = {
    Category.PROFESSIONAL: _("Professionals per groep"),
    Category.STUDENT: _("Studenten per groep"),
    Category.PARENT: _("Ouders per groep"),
    Category.YOUNG_PERSON: _("Jongeren per groep"),
}
COMMIT_LABELS = {
    Category.PROFESSIONAL: _("Professionals"),
    Category.STUDENT: _("Studenten"),
    Category.PARENT: _("Ouders"),
    Category.YOUNG_PERSON: _("Jongeren"),
}
UNKNOWN_ACCOUNT = _("We kennen geen account met dit e-mailadres. Vraag %(who)s eerst een account te maken.")


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def user_by_email(email: str):
    return User.objects.filter(email__iexact=email.strip()).first() if email else None


def email_field(label, *, required_message=None, **kwargs) -> forms.EmailField:
    messages = {"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")}
    if required_message:
        messages["required"] = required_message
    return forms.EmailField(label=label, max_length=254, error_messages=messages, **kwargs)


def choice_field(label, *, choices, required_message, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": required_message, "invalid_choice": _("Kies een van de mogelijkheden.")},
        **kwargs,
    )


def parse_school_year(value: str) -> int:
    """The first year of a school year typed as "2027-2028" (or "2027/2028"), or a Dutch error."""
    match = SCHOOL_YEAR_RE.match(value.strip())
    if not match:
        raise ValidationError(WRONG_SCHOOL_YEAR, code="invalid")
    first, second = int(match.group(1)), int(match.group(2))
    if second != first + 1:
        raise ValidationError(
            _("Een schooljaar loopt over twee jaren na elkaar, bijvoorbeeld %(example)s.")
            % {"example": school_year_label(first)},
            code="not_consecutive",
        )
    if not 2000 <= first <= 2100:
        raise ValidationError(WRONG_SCHOOL_YEAR, code="invalid")
    return first


# --- The programme -----------------------------------------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    """Starting a programme (``initiators``: the organisations the kartrekker may start it from) or
    editing one (``initiators=None``: the initiator stays, the kartrekker can be handed over by e-mail).

    Planning dates left empty follow from the school year (timeline.default_planning)."""

    initiator = forms.ModelChoiceField(
        label=_("Initiatiefnemer"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("De gemeente, kenniswerkplaats of opleiding die het programma start."),
        error_messages={
            "required": _("Kies de organisatie die het programma start."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    name = text_field(_("Naam"), max_length=120, required_message=_("Geef het programma een naam."))
    theme = text_field(
        _("Gezamenlijk thema"),
        max_length=80,
        required_message=_("Vul het thema in dat alle deelnemers delen, bijvoorbeeld SAMENWERKEN."),
    )
    leading_questions = text_field(
        _("Leidende vragen"),
        max_length=2000,
        rows=5,
        required_message=_("Vul de leidende vragen in: één per regel."),
        help_text=_("Eén vraag per regel."),
    )
    description = text_field(_("Korte uitleg"), max_length=3000, rows=4, required=False)
    school_year = forms.CharField(
        label=_("Schooljaar"),
        max_length=20,
        help_text=_("Bijvoorbeeld 2027-2028."),
        error_messages={"required": WRONG_SCHOOL_YEAR},
    )
    kartrekker_email = email_field(
        _("E-mailadres van de kartrekker"),
        required_message=_("Vul het e-mailadres van de kartrekker in."),
        help_text=_("De kartrekker heeft een account op Intervisiewijzer en regelt het programma."),
    )
    contact_name = text_field(
        _("Contactpersoon"),
        max_length=120,
        required_message=_("Vul de naam in van wie vragen beantwoordt."),
        help_text=_("Staat in de wervingsteksten."),
    )
    contact_email = email_field(
        _("E-mail contactpersoon"), required_message=_("Vul het e-mailadres van de contactpersoon in.")
    )
    contact_phone = forms.CharField(label=_("Telefoon contactpersoon"), max_length=20, required=False)
    group_count = number_field(_("Aantal groepen"), min_value=1, max_value=12)
    group_size_min = number_field(_("Minimaal aantal deelnemers per groep"), min_value=3, max_value=12)
    group_size_max = number_field(_("Maximaal aantal deelnemers per groep"), min_value=3, max_value=12)
    target_professional = number_field(MIX_LABELS[Category.PROFESSIONAL], min_value=0, max_value=12)
    target_student = number_field(MIX_LABELS[Category.STUDENT], min_value=0, max_value=12)
    target_ouder = number_field(MIX_LABELS[Category.PARENT], min_value=0, max_value=12)
    target_jongere = number_field(MIX_LABELS[Category.YOUNG_PERSON], min_value=0, max_value=12)
    format = choice_field(_("Vorm"), choices=Format.choices, required_message=_("Kies online of op locatie."))
    place = text_field(
        _("Plaats en adres"),
        max_length=200,
        required=False,
        help_text=_("Voor bijeenkomsten op locatie."),
    )
    min_attendance_commitment = number_field(
        _("Minimaal aantal bijeenkomsten waar je bij bent"),
        min_value=1,
        max_value=10,
        help_text=_("Vrijwillig maar niet vrijblijvend: dit spreken deelnemers af bij de start."),
    )
    recruitment_opens_on = date_field(_("Werving begint op"), required=False)
    students_by = date_field(_("Studenten benaderd vóór"), required=False)
    signup_closes_on = date_field(_("Aanmelden sluit op"), required=False)
    composed_by = date_field(_("Groepen ingedeeld vóór"), required=False)
    final_evaluation_on = date_field(_("Slotevaluatie op"), required=False)

    class Meta:
        model = Programme
        fields = [
            "initiator",
            "name",
            "theme",
            "leading_questions",
            "description",
            "school_year",
            "contact_name",
            "contact_email",
            "contact_phone",
            "group_count",
            "group_size_min",
            "group_size_max",
            "format",
            "place",
            "min_attendance_commitment",
            *PLANNING_FIELDS,
        ]

    field_order = [
        "initiator",
        "name",
        "theme",
        "leading_questions",
        "description",
        "school_year",
        "kartrekker_email",
        "contact_name",
        "contact_email",
        "contact_phone",
        "group_count",
        "group_size_min",
        "group_size_max",
        "target_professional",
        "target_student",
        "target_ouder",
        "target_jongere",
        "format",
        "place",
        "min_attendance_commitment",
        *PLANNING_FIELDS,
    ]

    def __init__(self, *args, initiators=None, user=None, **kwargs):
        instance = kwargs.get("instance")
        self.creating = instance is None or instance.pk is None
        if self.creating:
            kwargs.setdefault("initial", self.initial_for(user))
        else:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("kartrekker_email", instance.kartrekker.email)
            for category in Category:
                initial.setdefault(
                    f"target_{category.value}", (instance.target_mix or {}).get(category.value, 0)
                )
        super().__init__(*args, **kwargs)
        if self.creating:
            self.fields["initiator"].queryset = initiators
            del self.fields["kartrekker_email"]
        else:
            del self.fields["initiator"]
        for name in PLANNING_FIELDS:
            self.fields[name].help_text = _("Leeg laten: %(rule)s.") % {"rule": PLANNING_RULES[name]}

    @staticmethod
    def initial_for(user) -> dict:
        """A new programme: the next school year's planning, the seed's mix and the kartrekker as
        contact."""
        first = next_school_year(timezone.localdate())
        mix = Programme._meta.get_field("target_mix").default()
        initial = {
            "school_year": school_year_label(first),
            "theme": Programme._meta.get_field("theme").default,
            "leading_questions": Programme._meta.get_field("leading_questions").default,
            "group_count": 2,
            "group_size_min": 5,
            "group_size_max": 7,
            "min_attendance_commitment": 4,
            "format": Format.ONLINE,
            **{f"target_{c.value}": mix.get(c.value, 0) for c in Category},
            **default_planning(first),
        }
        if user is not None:
            initial.update(contact_name=user.name, contact_email=user.email, contact_phone=user.phone)
        return initial

    def clean_school_year(self):
        first = parse_school_year(self.cleaned_data["school_year"])
        self.first_year = first
        return school_year_label(first)

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(
                _("Vul een telefoonnummer in met cijfers, spaties of streepjes, bijvoorbeeld 030 123 45 67.")
            )
        return phone

    def clean_kartrekker_email(self):
        user = user_by_email(self.cleaned_data["kartrekker_email"])
        if user is None or not user.is_active:
            raise ValidationError(UNKNOWN_ACCOUNT % {"who": _("de nieuwe kartrekker")})
        self.new_kartrekker = user
        return user.email

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("group_size_min"), cleaned.get("group_size_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "group_size_max",
                _("Het maximum is kleiner dan het minimum (%(min)s). Pas een van beide aan.") % {"min": low},
            )
            high = None
        targets = [cleaned.get(f"target_{c.value}") for c in MIX_ORDER]
        if all(t is not None for t in targets) and low is not None and high is not None:
            total = sum(targets)
            if not low <= total <= high:
                self.add_error(
                    "target_professional",
                    _(
                        "De gewenste samenstelling telt %(total)s mensen per groep, maar een groep heeft %(min)s tot "
                        "%(max)s deelnemers. Pas de aantallen of de groepsgrootte aan."
                    )
                    % {"total": total, "min": low, "max": high},
                )
        if cleaned.get("format") in {Format.IN_PERSON, Format.HYBRID} and not cleaned.get("place"):
            self.add_error("place", _("Vul de plaats en het adres in voor bijeenkomsten op locatie."))
        self._clean_planning(cleaned)
        return cleaned

    def _clean_planning(self, cleaned):
        first = getattr(self, "first_year", None)
        if first is not None:
            defaults = default_planning(first)
            for name in PLANNING_FIELDS:
                if cleaned.get(name) is None and name not in self.errors:
                    cleaned[name] = defaults[name]
        order = [
            (
                "students_by",
                "recruitment_opens_on",
                _("Studenten benader je als de werving loopt: kies een datum na %(date)s."),
            ),
            (
                "signup_closes_on",
                "students_by",
                _("Aanmelden sluit na de datum waarop de studenten benaderd zijn (%(date)s)."),
            ),
            (
                "composed_by",
                "signup_closes_on",
                _("De groepen deel je in nadat het aanmelden sluit (%(date)s)."),
            ),
            (
                "final_evaluation_on",
                "composed_by",
                _("De slotevaluatie komt na het indelen van de groepen (%(date)s)."),
            ),
        ]
        for later, earlier, message in order:
            a, b = cleaned.get(later), cleaned.get(earlier)
            if a is not None and b is not None and a < b and later not in self.errors:
                self.add_error(later, message % {"date": _day(b)})

    def target_mix(self) -> dict[str, int]:
        return {c.value: self.cleaned_data[f"target_{c.value}"] for c in MIX_ORDER}

    def save(self, commit=False):
        """The programme with the form's values (not saved: the domain function saves it)."""
        programme = super().save(commit=False)
        programme.target_mix = self.target_mix()
        if not self.creating:
            programme.kartrekker = self.new_kartrekker
        return programme

    def changed_fields(self, before: dict) -> list[str]:
        """The model fields whose value differs from ``before`` (field name → old value)."""
        after = {name: getattr(self.instance, name) for name in before}
        return [name for name in before if before[name] != after[name]]


PLANNING_RULES = {
    "recruitment_opens_on": _("1 april van het eerste jaar"),
    "students_by": _("1 juni van het eerste jaar"),
    "signup_closes_on": _("1 juli van het eerste jaar"),
    "composed_by": _("31 augustus van het eerste jaar"),
    "final_evaluation_on": _("15 juni van het tweede jaar"),
}
# The model fields an edit may change (for programme_update's update_fields).
EDITABLE_FIELDS = [
    "name",
    "theme",
    "leading_questions",
    "description",
    "school_year",
    "kartrekker",
    "contact_name",
    "contact_email",
    "contact_phone",
    "group_count",
    "group_size_min",
    "group_size_max",
    "target_mix",
    "format",
    "place",
    "min_attendance_commitment",
    *PLANNING_FIELDS,
]


# --- Dates -------------------------------------------------------------------------------------------------


def _applies(date: ProgrammeDate, group_id) -> bool:
    """A date for all groups applies to every group; a group's own date only to that group."""
    return date.group_id is None or group_id is None or date.group_id == group_id


def date_problems(*, kind: str, starts_at: dt.datetime, group_id, others: list[ProgrammeDate]) -> str:
    """Why a date cannot be where it is among the programme's ``others``: a meeting or the final
    evaluation comes after the start meeting, the start meeting before every meeting. Empty when fine."""
    if kind in {DateKind.MEETING, DateKind.FINAL}:
        starts = [d.starts_at for d in others if d.kind == DateKind.START and _applies(d, group_id)]
        if starts and starts_at <= min(starts):
            return _("Een bijeenkomst ligt na de startbijeenkomst (%(date)s).") % {
                "date": formats.date_format(timezone.localtime(min(starts)), "j F Y H:i")
            }
    if kind == DateKind.START:
        meetings = [d.starts_at for d in others if d.kind == DateKind.MEETING and _applies(d, group_id)]
        if meetings and starts_at >= min(meetings):
            return _("De startbijeenkomst ligt vóór de eerste bijeenkomst (%(date)s).") % {
                "date": formats.date_format(timezone.localtime(min(meetings)), "j F Y H:i")
            }
    return ""


def school_year_warning(*, kind: str, starts_at: dt.datetime, school_year: str) -> str:
    """A warning (not a refusal) for a start meeting, meeting or final evaluation outside the school year;
    the information meeting is usually before the summer, so it is never warned about."""
    if kind == DateKind.INFORMATION:
        return ""
    try:
        first = parse_school_year(school_year)
    except ValidationError:
        return ""
    begin, end = school_year_bounds(first)
    day = timezone.localdate(starts_at)
    if begin <= day <= end:
        return ""
    return _("Let op: %(date)s valt buiten het schooljaar %(year)s (1 augustus tot en met 31 juli).") % {
        "date": _day(day),
        "year": school_year,
    }


class DateForm(forms.ModelForm):
    kind = choice_field(
        _("Soort"), choices=DateKind.choices, required_message=_("Kies wat voor bijeenkomst het is.")
    )
    starts_at = datetime_field(_("Begint om"), required_message=_("Kies wanneer de bijeenkomst begint."))
    ends_at = datetime_field(_("Eindigt om"), required_message=_("Kies wanneer de bijeenkomst eindigt."))
    format = choice_field(_("Vorm"), choices=Format.choices, required_message=_("Kies online of op locatie."))
    location = text_field(
        _("Plaats en adres"), max_length=200, required=False, help_text=_("Voor een bijeenkomst op locatie.")
    )
    group = forms.ModelChoiceField(
        label=_("Voor welke groep"),
        queryset=None,
        required=False,
        empty_label=_("Alle groepen"),
        error_messages={"invalid_choice": _("Kies een groep uit de lijst.")},
    )

    class Meta:
        model = ProgrammeDate
        fields = ["kind", "starts_at", "ends_at", "format", "location", "group"]

    def __init__(self, *args, programme: Programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = programme.groups.order_by("position")
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("format", programme.format)
            self.initial.setdefault("location", programme.place)
        self.warning = ""

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Het einde ligt na het begin: kies een latere eindtijd."))
        if cleaned.get("format") in {Format.IN_PERSON, Format.HYBRID} and not cleaned.get("location"):
            self.add_error("location", _("Vul de plaats en het adres in voor een bijeenkomst op locatie."))
        kind, group = cleaned.get("kind"), cleaned.get("group")
        if starts and kind:
            others = [d for d in self.programme.dates.all() if d.pk != self.instance.pk]
            problem = date_problems(
                kind=kind, starts_at=starts, group_id=group.pk if group else None, others=others
            )
            if problem:
                self.add_error("starts_at", problem)
            self.warning = school_year_warning(
                kind=kind, starts_at=starts, school_year=self.programme.school_year
            )
        return cleaned


class FiveMeetingsForm(forms.Form):
    """The "five meetings" helper: from a first day, every so many weeks, at the same times."""

    first = date_field(
        _("Eerste bijeenkomst op"), required_message=_("Kies de dag van de eerste bijeenkomst.")
    )
    starts = time_field(_("Begint om"), required_message=_("Kies de begintijd."))
    ends = time_field(_("Eindigt om"), required_message=_("Kies de eindtijd."))
    weeks_between = number_field(_("Aantal weken ertussen"), min_value=1, max_value=12)
    count = number_field(_("Aantal bijeenkomsten"), min_value=1, max_value=10)
    format = choice_field(_("Vorm"), choices=Format.choices, required_message=_("Kies online of op locatie."))
    location = text_field(_("Plaats en adres"), max_length=200, required=False)
    group = forms.ModelChoiceField(
        label=_("Voor welke groep"),
        queryset=None,
        required=False,
        empty_label=_("Alle groepen"),
        error_messages={"invalid_choice": _("Kies een groep uit de lijst.")},
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = programme.groups.order_by("position")
        if not self.is_bound:
            self.initial.update(self.initial_for(programme))

    @staticmethod
    def initial_for(programme: Programme) -> dict:
        """Six weeks after the start meeting at its times (else after the composition date, 16:00 to
        18:00): seed 003's five meetings of about two hours spread over the school year."""
        start = programme.dates.filter(kind=DateKind.START).order_by("starts_at").first()
        if start:
            local = timezone.localtime(start.starts_at)
            first, starts = local.date() + dt.timedelta(weeks=6), local.time()
            ends = (local + dt.timedelta(hours=2)).time()
        else:
            first, starts, ends = programme.composed_by + dt.timedelta(weeks=6), dt.time(16), dt.time(18)
        return {
            "first": first,
            "starts": starts,
            "ends": ends,
            "weeks_between": 6,
            "count": 5,
            "format": programme.format,
            "location": programme.place,
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("Het einde ligt na het begin: kies een latere eindtijd."))
        if cleaned.get("format") in {Format.IN_PERSON, Format.HYBRID} and not cleaned.get("location"):
            self.add_error("location", _("Vul de plaats en het adres in voor bijeenkomsten op locatie."))
        return cleaned


class ProposedMeetingForm(forms.Form):
    """One proposed meeting, to adjust before saving."""

    starts_at = datetime_field(_("Begint om"), required_message=_("Kies wanneer de bijeenkomst begint."))
    ends_at = datetime_field(_("Eindigt om"), required_message=_("Kies wanneer de bijeenkomst eindigt."))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Het einde ligt na het begin: kies een latere eindtijd."))
        return cleaned


ProposedMeetingFormSet = forms.formset_factory(ProposedMeetingForm, extra=0, max_num=10, absolute_max=10)


# --- Groups ------------------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    """A group's name and its begeleider, chosen by the e-mail address of their account."""

    name = text_field(_("Naam"), max_length=60, required_message=_("Geef de groep een naam."))
    begeleider_email = email_field(
        _("E-mailadres van de begeleider"),
        required=False,
        help_text=_("De begeleider heeft een account op Intervisiewijzer. Jij mag het zelf ook zijn."),
    )

    def __init__(self, *args, begeleider_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.begeleider_required = begeleider_required
        self.begeleider = None

    def clean_begeleider_email(self):
        email = self.cleaned_data["begeleider_email"]
        if not email:
            if self.begeleider_required:
                raise ValidationError(_("Elke groep heeft een begeleider nodig: de werving is al begonnen."))
            return ""
        user = user_by_email(email)
        if user is None or not user.is_active:
            raise ValidationError(UNKNOWN_ACCOUNT % {"who": _("de begeleider")})
        self.begeleider = user
        return user.email


# --- Partners ----------------------------------------------------------------------------------------------


class PartnerForm(forms.ModelForm):
    name = text_field(
        _("Naam van de partner"), max_length=150, required_message=_("Vul de naam van de partner in.")
    )
    kind = choice_field(
        _("Soort partner"), choices=PartnerKind.choices, required_message=_("Kies de soort partner.")
    )
    organisation_name = forms.CharField(
        label=_("Organisatie op Intervisiewijzer"),
        max_length=150,
        required=False,
        help_text=_("Optioneel: de naam zoals de organisatie op Intervisiewijzer staat."),
    )
    contact_name = text_field(
        _("Contactpersoon"), max_length=120, required_message=_("Vul de naam van de contactpersoon in.")
    )
    contact_email = email_field(
        _("E-mail contactpersoon"),
        required_message=_("Vul het e-mailadres van de contactpersoon in."),
        help_text=_("Hierheen gaat de uitnodiging voor de partnerpagina."),
    )
    commit_professional = number_field(COMMIT_LABELS[Category.PROFESSIONAL], min_value=0, max_value=50)
    commit_student = number_field(COMMIT_LABELS[Category.STUDENT], min_value=0, max_value=50)
    commit_ouder = number_field(COMMIT_LABELS[Category.PARENT], min_value=0, max_value=50)
    commit_jongere = number_field(COMMIT_LABELS[Category.YOUNG_PERSON], min_value=0, max_value=50)
    pays_hours = forms.BooleanField(label=_("De partner betaalt de uren van zijn deelnemers"), required=False)
    paid_hours = number_field(_("Uren per deelnemer"), min_value=0, max_value=200)

    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_name", "contact_email", "pays_hours", "paid_hours"]

    field_order = [
        "name",
        "kind",
        "organisation_name",
        "contact_name",
        "contact_email",
        "commit_professional",
        "commit_student",
        "commit_ouder",
        "commit_jongere",
        "pays_hours",
        "paid_hours",
    ]

    def __init__(self, *args, programme: Programme, **kwargs):
        self.programme = programme
        instance = kwargs.get("instance")
        initial = kwargs.setdefault("initial", {})
        commitments = instance.commitments if instance is not None else {}
        for category in Category:
            initial.setdefault(
                f"commit_{category.value}", int((commitments or {}).get(category.value, 0) or 0)
            )
        if instance is not None and instance.organisation_id:
            initial.setdefault("organisation_name", instance.organisation.name)
        initial.setdefault("paid_hours", 0)
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = self.programme.partners.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Deze partner staat al in het programma."))
        return name

    def clean_organisation_name(self):
        name = self.cleaned_data["organisation_name"].strip()
        self.organisation = None
        if name:
            self.organisation = Organisation.objects.filter(name__iexact=name).first()
            if self.organisation is None:
                raise ValidationError(
                    _(
                        "We vinden geen organisatie met deze naam op Intervisiewijzer. Laat het veld leeg als de "
                        "organisatie er niet op staat."
                    )
                )
        return name

    def clean(self):
        cleaned = super().clean()
        pays, hours = cleaned.get("pays_hours"), cleaned.get("paid_hours")
        if hours is not None and "paid_hours" not in self.errors:
            if pays and hours == 0:
                self.add_error("paid_hours", _("Vul in hoeveel uur per deelnemer de partner betaalt."))
            elif not pays and hours > 0:
                self.add_error(
                    "paid_hours",
                    _("Zet het vinkje bij ‘betaalt de uren’ aan, of zet de uren op 0."),
                )
        return cleaned

    def commitments(self) -> dict[str, int]:
        return {
            c.value: self.cleaned_data[f"commit_{c.value}"]
            for c in MIX_ORDER
            if self.cleaned_data[f"commit_{c.value}"]
        }

    def save(self, commit=False):
        partner = super().save(commit=False)
        partner.commitments = self.commitments()
        partner.organisation = self.organisation
        return partner


PARTNER_FIELDS = [
    "name",
    "kind",
    "organisation",
    "contact_name",
    "contact_email",
    "commitments",
    "pays_hours",
    "paid_hours",
]


# --- The sign-up list's filters (from the URL) -------------------------------------------------------------

SEARCH_MAX_LENGTH = 100
SORT_LABELS = {
    "nieuwste": _("Nieuwste eerst"),
    "oudste": _("Oudste eerst"),
    "naam": _("Naam"),
    "categorie": _("Categorie"),
    "status": _("Status"),
}
assert set(SORT_LABELS) == set(SIGNUP_SORTS)


class SearchWordsField(forms.CharField):
    """Search words: the first 100 characters (a longer text from an edited URL is cut, not refused)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "null_characters_not_allowed": _(
                    "In je zoekwoorden staat een teken dat niet kan. Typ ze opnieuw."
                )
            },
        )
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value)[:SEARCH_MAX_LENGTH].strip()


class SignupFilterForm(forms.Form):
    """Search words, category, status, partner and order of the sign-up list; ``values()`` gives each
    one, valid or its default (a value that is not on the list comes only from an edited URL)."""

    q = SearchWordsField()
    categorie = forms.ChoiceField(required=False, choices=[("", ""), *Category.choices])
    status = forms.ChoiceField(required=False, choices=[("", ""), *SignupStatus.choices])
    partner = forms.ChoiceField(required=False)
    sorteer = forms.ChoiceField(required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args, partners: list[Partner], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [
            ("", ""),
            (NO_PARTNER, _("Zonder partner")),
            *((str(p.pk), p.name) for p in partners),
        ]

    def values(self) -> dict:
        self.is_valid()
        defaults = {"q": "", "categorie": "", "status": "", "partner": "", "sorteer": "nieuwste"}
        return {
            name: (None if name in self.errors else self.cleaned_data.get(name)) or default
            for name, default in defaults.items()
        }
