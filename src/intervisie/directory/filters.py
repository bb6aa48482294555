"""The directory's search filters. Every filter lives in the URL so a search can be shared."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from intervisie import geo
from intervisie.accreditation.models import Register
from intervisie.accreditation.register_fit import body_choices, body_q
from intervisie.groups.enums import Audience, Format, GroupStatus, Province, Weekday
from intervisie.groups.models import IntervisionGroup
from intervisie.methods.selectors import directory_methods

DISTANCE_CHOICES = [("10", _("10 km")), ("25", _("25 km")), ("50", _("50 km")), ("100", _("100 km"))]
BEGELEIDER_CHOICES = [("yes", _("Met begeleider")), ("no", _("Zonder begeleider"))]
SORT_CHOICES = [
    ("relevance", _("Meest passend")),
    ("name", _("Naam (A-Z)")),
    ("places", _("Meeste open plekken")),
    ("cost", _("Laagste kosten")),
    ("start", _("Eerst startend")),
    ("distance", _("Dichtstbij")),
    ("new", _("Nieuwste")),
]


class GroupSearchForm(forms.Form):
    """Checks the free-text fields that django-filter cannot check on its own."""

    def clean_near(self):
        near = (self.cleaned_data.get("near") or "").strip()
        if near and geo.locate(near) is None:
            if geo.looks_like_postcode(near) or near[:4].isdigit():
                raise forms.ValidationError(
                    _("We kennen deze postcode niet. Typ vier cijfers, bijvoorbeeld 3511, of een plaatsnaam.")
                )
            raise forms.ValidationError(
                _("We kennen de plaats '%(place)s' niet. Controleer de spelling of typ een postcode."),
                params={"place": near[:60]},
            )
        return near

    def clean(self):
        data = super().clean()
        if data.get("distance") and not data.get("near") and "near" not in self.errors:
            self.add_error("near", _("Vul een postcode of plaats in om op afstand te zoeken."))
        if data.get("sort") == "distance" and not data.get("near") and "near" not in self.errors:
            self.add_error("near", _("Vul een postcode of plaats in om op afstand te sorteren."))
        return data


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoekwoorden"), method="filter_text", max_length=100)
    near = django_filters.CharFilter(label=_("Postcode of plaats"), method="filter_noop", max_length=60)
    distance = django_filters.ChoiceFilter(
        label=_("Afstand"), choices=DISTANCE_CHOICES, method="filter_noop", empty_label=_("Elke afstand")
    )
    province = django_filters.MultipleChoiceFilter(
        label=_("Provincie"),
        choices=Province.choices,
        method="filter_province",
        widget=forms.CheckboxSelectMultiple,
    )
    online = django_filters.BooleanFilter(
        label=_("Toon ook online groepen"),
        method="filter_noop",
        widget=forms.CheckboxInput,
        help_text=_("Online groepen hebben geen plaats; zo vallen ze niet weg."),
    )
    format = django_filters.MultipleChoiceFilter(
        label=_("Vorm"), choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    audience = django_filters.MultipleChoiceFilter(
        label=_("Voor wie"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    method = django_filters.ModelMultipleChoiceFilter(
        label=_("Methode"),
        field_name="methods__slug",
        to_field_name="slug",
        queryset=directory_methods(),  # the method library's methods: one list (methods/selectors.py)
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    begeleider = django_filters.ChoiceFilter(
        label=_("Begeleiding"),
        choices=BEGELEIDER_CHOICES,
        method="filter_begeleider",
        empty_label=_("Maakt niet uit"),
    )
    register = django_filters.MultipleChoiceFilter(
        label=_("Geschikt voor register"),
        choices=[],  # one per register body ("skj", "registerplein"), from the data: see __init__
        method="filter_register",
        widget=forms.CheckboxSelectMultiple,
    )
    open_places = django_filters.BooleanFilter(
        label=_("Alleen groepen met een open plek"), method="filter_open_places", widget=forms.CheckboxInput
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=GroupStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    weekday = django_filters.MultipleChoiceFilter(
        label=_("Dag"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple
    )
    max_cost = django_filters.NumberFilter(
        label=_("Maximale kosten per jaar (euro)"),
        field_name="cost_per_year",
        lookup_expr="lte",
        min_value=0,
        max_value=100000,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sorteer op"), choices=SORT_CHOICES, method="filter_noop", empty_label=None
    )

    class Meta:
        model = IntervisionGroup
        fields = []
        form = GroupSearchForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable, so the registers are read only when the choices are needed (rendering the form,
        # or checking a ?register= value), and then once: see ``registers``.
        self.filters["register"].extra["choices"] = lambda: body_choices(self.registers)

    @cached_property
    def registers(self) -> list[Register]:
        """The registers' rules (one query): the register choices, the register filter and the
        result list's register tags all use them."""
        return list(Register.objects.all())

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset, because they depend on each other

    def filter_text(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(place__icontains=word)
                | Q(municipality__icontains=word)
                | Q(organisation__name__icontains=word)
                | Q(begeleider_name__icontains=word)
            )
        return queryset

    def filter_province(self, queryset, name, value):
        wanted = Q(province__in=value)
        if self.form.cleaned_data.get("online"):
            wanted |= Q(format=Format.ONLINE)
        return queryset.filter(wanted)

    def filter_begeleider(self, queryset, name, value):
        return queryset.filter(has_begeleider=(value == "yes"))

    def filter_register(self, queryset, name, value):
        # Derived from the registers' rules (accreditation.register_fit), never the group's own claim
        # (for_skj, for_registerplein); a filter expression, so paging stays in the database.
        for slug in value:
            queryset = queryset.filter(body_q(self.registers, slug))
        return queryset

    def filter_open_places(self, queryset, name, value):
        return queryset.filter(open_places__gt=0, is_closed=False) if value else queryset

    @property
    def location(self):
        near = self.form.cleaned_data.get("near") if hasattr(self.form, "cleaned_data") else None
        return geo.locate(near) if near else None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        location = self.location
        include_online = bool(data.get("online"))
        if location is not None:
            # Squared equirectangular distance in degrees² of latitude: cheap, index-friendly, and
            # exact enough to sort within the Netherlands. Exact km are shown per result.
            import math

            scale = math.cos(math.radians(location.latitude))
            dist2 = (F("latitude") - location.latitude) * (F("latitude") - location.latitude) + (
                F("longitude") - location.longitude
            ) * (F("longitude") - location.longitude) * (scale * scale)
            queryset = queryset.annotate(dist2=dist2)
            if data.get("distance"):
                km = int(data["distance"])
                deg = km / geo.KM_PER_DEGREE
                box = Q(
                    latitude__range=(location.latitude - deg, location.latitude + deg),
                    longitude__range=(location.longitude - deg / scale, location.longitude + deg / scale),
                    dist2__lte=deg * deg,
                )
                queryset = (
                    queryset.filter(box | Q(format=Format.ONLINE)) if include_online else queryset.filter(box)
                )
        sort = data.get("sort") or "relevance"
        order = {
            "name": ["name", "pk"],
            "places": ["-open_places", "name", "pk"],
            "cost": ["cost_per_year", "name", "pk"],
            "start": [F("start_date").asc(nulls_last=True), "name", "pk"],
            "new": ["-created_at", "-pk"],
        }.get(sort)
        if sort == "distance" and location is not None:
            order = [F("dist2").asc(nulls_last=True), "name", "pk"]
        if order is None:  # relevance: open groups first, then nearest, then name
            order = ["-open_places", "name", "pk"]
            if location is not None:
                order = [F("dist2").asc(nulls_last=True), "-open_places", "name", "pk"]
        return queryset.order_by(*order)
