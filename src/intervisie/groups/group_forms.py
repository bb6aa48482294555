"""The form an organisation manager uses to create and edit a group.

The CSV import (``groups/csv_io.py``) validates every row with this same form, so the rules below
hold for both. Saving goes through ``groups.domain.group_save`` (audit log, waitlist offers).
"""

from decimal import Decimal

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from intervisie import geo
from intervisie.common.forms import PHONE_RE, EuroField
from intervisie.groups.domain import MembershipError, group_save
from intervisie.groups.enums import Format, TimeOfDay
from intervisie.groups.models import IntervisionGroup, Method

GROUP_FORM_FIELDS = [
    "name",
    "description",
    "audience",
    "format",
    "place",
    "municipality",
    "province",
    "methods",
    "has_begeleider",
    "begeleider_name",
    "begeleider_register",
    "for_skj",
    "for_registerplein",
    "min_members",
    "max_members",
    "external_members",
    "is_closed",
    "has_waitlist",
    "frequency",
    "weekday",
    "time_of_day",
    "start_time",
    "meeting_minutes",
    "start_date",
    "cost_per_year",
    "language",
    "contact_name",
    "contact_email",
    "contact_phone",
    "is_published",
]
SLUG_MAX_LENGTH = IntervisionGroup._meta.get_field("slug").max_length


def unique_group_slug(name: str) -> str:
    """A slug from ``name`` that no group uses yet: ``naam``, ``naam-2``, ``naam-3``, …"""
    base = slugify(name)[: SLUG_MAX_LENGTH - 6].strip("-") or "groep"
    slug, n = base, 2
    while IntervisionGroup.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def time_of_day_for(start) -> str:
    """The part of the day a start time belongs to: before 12:00 morning, before 18:00 afternoon."""
    if start.hour < 12:
        return TimeOfDay.MORNING
    if start.hour < 18:
        return TimeOfDay.AFTERNOON
    return TimeOfDay.EVENING


def _coerce_closed(value) -> bool:
    return str(value).lower() in {"true", "1"}


class GroupForm(forms.ModelForm):
    """Create or edit an intervision group of ``organisation``."""

    methods = forms.ModelMultipleChoiceField(
        label=_("Methodes"),
        # The method library's methods: the one list (methods.selectors.directory_methods is the same).
        queryset=Method.objects.in_library().order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Onbekende methode: %(value)s.")},
    )
    is_closed = forms.TypedChoiceField(
        label=_("Aanmelden"),
        coerce=_coerce_closed,
        widget=forms.RadioSelect,
        empty_value=False,
        initial=False,
        choices=[
            (False, _("Open: mensen kunnen zich aanmelden")),
            (True, _("Gesloten: even geen nieuwe aanmeldingen")),
        ],
        error_messages={
            "invalid_choice": _("Kies open of gesloten."),
            "required": _("Kies open of gesloten."),
        },
    )
    min_members = forms.IntegerField(
        label=_("Minimaal aantal leden"),
        min_value=2,
        max_value=30,
        initial=4,
        error_messages={
            "min_value": _("Een groep heeft minstens 2 leden."),
            "max_value": _("Een groep heeft hoogstens 30 leden."),
            "invalid": _("Vul een heel getal in."),
        },
    )
    max_members = forms.IntegerField(
        label=_("Maximaal aantal leden"),
        min_value=2,
        max_value=30,
        initial=8,
        error_messages={
            "min_value": _("Een groep heeft minstens 2 leden."),
            "max_value": _("Een groep heeft hoogstens 30 leden."),
            "invalid": _("Vul een heel getal in."),
        },
    )
    external_members = forms.IntegerField(
        label=_("Leden buiten Intervisiewijzer"),
        min_value=0,
        max_value=30,
        initial=0,
        help_text=_(
            "Leden die zich niet via deze site hebben aangemeld. Zij tellen mee voor de open plekken."
        ),
        error_messages={
            "min_value": _("Vul 0 of meer in."),
            "max_value": _("Vul 30 of minder in."),
            "invalid": _("Vul een heel getal in."),
        },
    )
    cost_per_year = EuroField(
        label=_("Kosten per persoon per jaar (euro)"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        initial=Decimal("0"),
        help_text=_("Gratis? Vul dan 0 in."),
        error_messages={
            "min_value": _("De kosten kunnen niet lager zijn dan 0."),
            "invalid": _("Vul een bedrag in, bijvoorbeeld 250 of 250,50."),
            "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
            "max_digits": _("Dit bedrag is te hoog."),
            "max_whole_digits": _("Dit bedrag is te hoog."),
        },
    )

    class Meta:
        model = IntervisionGroup
        fields = GROUP_FORM_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "format": forms.RadioSelect,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "for_skj": _("Wij vinden dat de groep past bij de reflectie-eisen van SKJ"),
            "for_registerplein": _("Wij vinden dat de groep past bij de reflectie-eisen van Registerplein"),
        }
        help_texts = {
            "description": _(
                "Vertel wat de groep doet, voor wie hij is en hoe een bijeenkomst gaat. "
                "Hoogstens 3000 tekens."
            ),
            "place": _(
                "De plaats waar de groep bij elkaar komt, of een postcode (4 cijfers). "
                "Bij een online groep mag je dit leeg laten."
            ),
            "municipality": _("Alleen als die anders is dan de plaats."),
            "province": _("Laat op 'Automatisch' staan: dan halen we de provincie uit de plaats."),
            "begeleider_name": _("Deze naam staat op de pagina van de groep."),
            "for_skj": _(
                "Wat jullie zelf zeggen. Intervisiewijzer rekent daarnaast zelf uit of de groep past bij de "
                "regels van SKJ (duur, hoe vaak, groepsgrootte, begeleider) en laat beide op de groepspagina zien."
            ),
            "for_registerplein": _(
                "Wat jullie zelf zeggen. Intervisiewijzer rekent daarnaast zelf uit of de groep past bij de "
                "regels van Registerplein en laat beide op de groepspagina zien."
            ),
            "has_waitlist": _(
                "Als de groep vol is, kunnen mensen op de wachtlijst. Komt er een plek vrij, "
                "dan krijgt de eerste op de lijst die plek aangeboden."
            ),
            "is_published": _("Zet dit uit om de groep (nog) niet in het overzicht te tonen."),
            "meeting_minutes": _("Bijvoorbeeld 120 voor twee uur."),
        }
        error_messages = {
            "name": {"required": _("Vul de naam van de groep in.")},
            "description": {"required": _("Vertel in een paar zinnen wat de groep doet.")},
            "audience": {
                "required": _("Kies voor wie de groep is."),
                "invalid_choice": _("Onbekende doelgroep: %(value)s."),
            },
            "format": {
                "required": _("Kies of de groep op locatie, online of hybride bij elkaar komt."),
                "invalid_choice": _("Onbekende vorm: %(value)s. Kies in_person, online of hybrid."),
            },
            "province": {
                "invalid_choice": _("Onbekende provincie: %(value)s. Gebruik een code zoals UT of NH.")
            },
            "begeleider_register": {"invalid_choice": _("Onbekend register: %(value)s.")},
            "frequency": {
                "required": _("Kies hoe vaak de groep bij elkaar komt."),
                "invalid_choice": _("Onbekende waarde voor 'hoe vaak': %(value)s."),
            },
            "weekday": {
                "invalid_choice": _("Onbekende dag: %(value)s. Gebruik 1 (maandag) tot en met 7 (zondag).")
            },
            "time_of_day": {
                "required": _("Kies het dagdeel."),
                "invalid_choice": _("Onbekend dagdeel: %(value)s."),
            },
            "language": {"invalid_choice": _("Onbekende taal: %(value)s.")},
            "contact_email": {
                "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
            },
            "start_date": {"invalid": _("Vul een datum in, bijvoorbeeld 2026-09-01 of 1-9-2026.")},
            "start_time": {"invalid": _("Vul een tijd in, bijvoorbeeld 19:30.")},
            "meeting_minutes": {"invalid": _("Vul het aantal minuten in, bijvoorbeeld 120.")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation
        self.fields["province"].choices = [
            ("", _("Automatisch (uit de plaats)")),
            *self.fields["province"].choices[1:],
        ]
        self.fields["weekday"].choices = [("", _("Dag in overleg")), *self.fields["weekday"].choices[1:]]
        self.fields["begeleider_register"].choices = [
            ("", _("Geen of onbekend")),
            *self.fields["begeleider_register"].choices[1:],
        ]
        self.fields["format"].choices = Format.choices  # a radio list needs no empty choice
        if self.instance.pk:
            # A method the group chose before the directory followed the library stays choosable for
            # this group, so saving the form (or re-importing its CSV row) does not silently drop it.
            self.fields["methods"].queryset = (
                Method.objects.filter(
                    Q(pk__in=Method.objects.in_library().values("pk")) | Q(groups=self.instance)
                )
                .distinct()
                .order_by("name")
            )
        for name, empty in (
            ("audience", _("Kies voor wie")),
            ("frequency", _("Kies hoe vaak")),
            ("time_of_day", _("Kies een dagdeel")),
        ):
            self.fields[name].choices = [("", empty), *self.fields[name].choices[1:]]
        if self.instance.pk:
            # A province that simply follows from the place shows as "Automatisch", so changing
            # the place later also changes the province.
            location = geo.locate(self.instance.place) if self.instance.place else None
            if location is not None and location.province == self.instance.province:
                self.initial["province"] = ""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = IntervisionGroup.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(
                _("Je organisatie heeft al een groep met deze naam. Kies een andere naam.")
            )
        return name

    def clean_contact_phone(self):
        phone = " ".join((self.cleaned_data.get("contact_phone") or "").split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _(
                    "Een telefoonnummer bestaat uit cijfers, eventueel met spaties, streepjes of een + vooraan. Bijvoorbeeld 030 123 45 67."
                )
            )
        return phone

    def clean_place(self):
        return " ".join((self.cleaned_data.get("place") or "").split())

    def clean(self):
        data = super().clean()
        self._clean_place_and_province(data)
        minimum, maximum = data.get("min_members"), data.get("max_members")
        if minimum is not None and maximum is not None and maximum < minimum:
            self.add_error(
                "max_members",
                _("Het maximum moet minstens even groot zijn als het minimum (%(min)s).") % {"min": minimum},
            )
        start_time, part = data.get("start_time"), data.get("time_of_day")
        if start_time and part and part != time_of_day_for(start_time):
            self.add_error(
                "time_of_day",
                _("De begintijd %(time)s past niet bij het dagdeel. Kies '%(part)s' of pas de begintijd aan.")
                % {
                    "time": start_time.strftime("%H:%M"),
                    "part": TimeOfDay(time_of_day_for(start_time)).label,
                },
            )
        external = data.get("external_members")
        if maximum is not None and external is not None and "max_members" not in self.errors:
            taken = external + (self.instance.occupied_places if self.instance.pk else 0)
            if maximum < taken:
                self.add_error(
                    "max_members",
                    _(
                        "Er zijn al %(count)s leden (ook die buiten Intervisiewijzer). Het maximum kan niet lager zijn."
                    )
                    % {"count": taken},
                )
        return data

    def _clean_place_and_province(self, data):
        place = data.get("place", "")
        online = data.get("format") == Format.ONLINE
        if not place:
            if not online and "format" not in self.errors:
                self.add_error(
                    "place",
                    _(
                        "Vul de plaats in waar de groep bij elkaar komt. "
                        "Alleen bij een online groep mag dit leeg blijven."
                    ),
                )
            self.instance.latitude = self.instance.longitude = None
            return
        location = geo.locate(place)
        if location is None:
            if geo.looks_like_postcode(place):
                self.add_error(
                    "place",
                    _("We kennen postcode %(place)s niet. Typ de plaatsnaam.") % {"place": place[:10]},
                )
            else:
                self.add_error(
                    "place",
                    _(
                        "We kennen de plaats '%(place)s' niet. Controleer de spelling, "
                        "of typ de postcode (4 cijfers)."
                    )
                    % {"place": place[:60]},
                )
            return
        if geo.looks_like_postcode(place):
            data["place"] = place = location.label
        # Coordinates follow the place. An unchanged place keeps its coordinates, so an import of
        # unchanged data changes nothing.
        unchanged = (
            self.instance.pk
            and self.instance.latitude is not None
            and self.instance.place.casefold() == place.casefold()
        )
        if not unchanged:
            self.instance.latitude, self.instance.longitude = location.latitude, location.longitude
        if not data.get("province") and "province" not in self.errors:
            data["province"] = location.province

    def save_group(self, *, by) -> IntervisionGroup:
        """Save through the domain function (audit log, free places to the waitlist), then the methods."""
        created = self.instance._state.adding
        with transaction.atomic():
            group = self.save(commit=False)
            if not group.slug:
                group.slug = unique_group_slug(group.name)
            try:
                group_save(group=group, by=by, created=created)
            except MembershipError as exc:  # the counts changed after the form was checked
                raise forms.ValidationError({"max_members": str(exc)}) from exc
            self.save_m2m()
        return group
