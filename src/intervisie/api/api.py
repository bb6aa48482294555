"""The public, read-only JSON API of the directory (django-ninja).

Schema at ``/api/openapi.json``, browsable documentation at ``/api/docs``. Every answer carries
``Access-Control-Allow-Origin: *`` so partner sites can fetch it from the browser: the API is
read-only and shows only what the public directory shows, and it uses no cookies or sessions.
"""

import math
from functools import wraps

from django.core.validators import slug_re
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import RedirectView
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.responses import Status

from intervisie.accreditation.models import Register
from intervisie.accreditation.register_fit import group_register_fits
from intervisie.api.programmes import router as programmes_router
from intervisie.api.schemas import (
    GroupFilterParams,
    GroupOut,
    GroupPage,
    MethodOut,
    NotFoundOut,
    OrganisationOut,
    ValidationErrorOut,
)
from intervisie.directory.filters import GroupFilter
from intervisie.groups.models import IntervisionGroup, Method
from intervisie.organisations.models import Organisation

CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}


def _add_cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


class PublicReadOnlyAPI(NinjaAPI):
    """NinjaAPI that adds the CORS header to every answer, errors included."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        _add_cors(response)
        return response

    def create_temporal_response(self, request):
        response = super().create_temporal_response(request)
        _add_cors(response)
        return response

    def _get_urls(self):
        """ninja's own root (/api/) answers 404; a person who types /api/ lands on the documentation."""
        urls = [url for url in super()._get_urls() if getattr(url, "name", None) != "api-root"]
        docs = RedirectView.as_view(pattern_name=f"{self.urls_namespace}:openapi-view")
        return [*urls, path("", docs, name="api-root")]


class LocalSwagger(Swagger):
    """Swagger UI from ninja's own static files, never from a CDN.

    ninja falls back to a CDN template when "ninja" is missing from INSTALLED_APPS; our own
    template always uses the local copy. Its settings travel as a JSON data block (``json_script``),
    and ninja's swagger-ui-init.js reads them, so no inline script is needed under our CSP.
    """

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})


def docs_decorator(view):
    """For the two documentation views: CORS on the JSON schema; the HTML page keeps the site's CSP."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.get("Content-Type", "").startswith("application/json"):
            _add_cors(response)
        return response

    return wrapped


api = PublicReadOnlyAPI(
    title="Intervisiewijzer API",
    version="1.0.0",
    description=(
        "Open data van Intervisiewijzer: het overzicht van intervisiegroepen in Nederland, en de "
        "programma's van Intervisie buiten je bubbel die deelnemers zoeken. "
        "Alleen lezen, zonder inloggen. Je ziet hier dezelfde gegevens als op de website, nooit "
        "gegevens van leden. Filters werken zoals op de zoekpagina; een lijst geef je door de "
        "parameter te herhalen (`?province=UT&province=NH`). Een foute filterwaarde geeft een "
        "antwoord 422 met per parameter een uitleg."
    ),
    docs=LocalSwagger(),
    docs_decorator=docs_decorator,
    urls_namespace="api-1.0.0",
)


api.add_router("/programmes", programmes_router)


# Dutch messages for the pydantic errors a filter can give; the type stays machine-readable.
def _expected(ctx) -> str:
    return str(ctx.get("expected", "")).replace(" or ", ", ")


_ERROR_MESSAGES = {
    "literal_error": lambda ctx: _("Onbekende waarde. Kies uit: %(choices)s.") % {"choices": _expected(ctx)},
    "enum": lambda ctx: _("Onbekende waarde. Kies uit: %(choices)s.") % {"choices": _expected(ctx)},
    "int_parsing": lambda ctx: _("Vul een heel getal in."),
    "int_from_float": lambda ctx: _("Vul een heel getal in."),
    "decimal_parsing": lambda ctx: _("Vul een getal in, bijvoorbeeld 250 of 250.50."),
    "bool_parsing": lambda ctx: _("Vul true of false in."),
    "greater_than_equal": lambda ctx: _("Vul %(limit)s of meer in.") % {"limit": ctx.get("ge")},
    "less_than_equal": lambda ctx: _("Vul %(limit)s of minder in.") % {"limit": ctx.get("le")},
    "string_too_long": lambda ctx: _("Gebruik hoogstens %(max)s tekens.") % {"max": ctx.get("max_length")},
}


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    detail = []
    for error in exc.errors:
        make = _ERROR_MESSAGES.get(error.get("type"))
        msg = make(error.get("ctx") or {}) if make else error.get("msg", "")
        # ninja puts the parameter model's name in the location of list parameters; drop it so every
        # location reads ["query", "<parameter>", ...] as a client would expect.
        loc = [part for part in error.get("loc", []) if part != "filters"]
        detail.append({"type": error.get("type", "invalid"), "loc": loc, "msg": msg})
    return api.create_response(request, {"detail": detail}, status=422)


def _choice(value, label):
    return {"code": value, "label": str(label)} if value not in ("", None) else None


def register_fit_out(group: IntervisionGroup, registers: list[Register]) -> list[dict]:
    """Per register: whether the group meets its rules as data (accreditation.register_fit), and why."""
    return [
        {
            "code": fit.register.code,
            "name": fit.register.name,
            "body": fit.register.body,
            "fits": fit.fits,
            "reasons": [{"verdict": reason.verdict, "text": reason.text} for reason in fit.reasons],
        }
        for fit in group_register_fits(group=group, registers=registers)
    ]


def group_out(group: IntervisionGroup, request: HttpRequest, registers: list[Register]) -> dict:
    """The public face of a group. Explicit on purpose: a new model field is private until added here.
    ``registers`` are read once per request (one query) for the register fit of every group."""
    organisation = group.organisation
    begeleider_name = group.begeleider_name
    if not begeleider_name and group.has_begeleider and group.begeleider_id and group.begeleider.name:
        begeleider_name = group.begeleider.name  # the name only: never the account's e-mail address
    return {
        "slug": group.slug,
        "name": group.name,
        "url": request.build_absolute_uri(group.get_absolute_url()),
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "kind": _choice(organisation.kind, organisation.get_kind_display()),
            "website": organisation.website,
        },
        "description": group.description,
        "audience": _choice(group.audience, group.get_audience_display()),
        "format": _choice(group.format, group.get_format_display()),
        "place": group.place,
        "municipality": group.municipality,
        "province": _choice(group.province, group.get_province_display()),
        "latitude": group.latitude,
        "longitude": group.longitude,
        "methods": [{"slug": m.slug, "name": m.name, "summary": m.summary} for m in group.methods.all()],
        "has_begeleider": group.has_begeleider,
        "begeleider_name": begeleider_name if group.has_begeleider else "",
        "begeleider_register": (
            _choice(group.begeleider_register, group.get_begeleider_register_display())
            if group.has_begeleider
            else None
        ),
        "for_skj": group.for_skj,
        "for_registerplein": group.for_registerplein,
        "register_fit": register_fit_out(group, registers),
        "min_members": group.min_members,
        "max_members": group.max_members,
        "current_members": group.current_members,
        "open_places": group.open_places,
        "status": _choice(group.status, group.get_status_display()),
        "has_waitlist": group.has_waitlist,
        "frequency": _choice(group.frequency, group.get_frequency_display()),
        "weekday": _choice(group.weekday, group.get_weekday_display()),
        "time_of_day": _choice(group.time_of_day, group.get_time_of_day_display()),
        "start_time": group.start_time.strftime("%H:%M:%S") if group.start_time else None,
        "meeting_minutes": group.meeting_minutes,
        "start_date": group.start_date,
        "cost_per_year": group.cost_per_year,
        "language": _choice(group.language, group.get_language_display()),
        "contact_name": group.contact_name,
        "contact_email": group.contact_email,
        "contact_phone": group.contact_phone,
        "updated_at": group.updated_at,
    }


def _listed_groups():
    # Three queries for any page size: count, the page (with organisation and begeleider joined),
    # and the methods of the whole page in one prefetch.
    return (
        IntervisionGroup.objects.listed()
        .select_related("organisation", "begeleider")
        .prefetch_related(Prefetch("methods", queryset=Method.objects.order_by("name")))
    )


def _filter_data(params: GroupFilterParams) -> QueryDict:
    """The typed parameters as the query string the search page's GroupFilter reads."""
    data = QueryDict(mutable=True)
    for name, value in params.model_dump(mode="json", by_alias=True, exclude={"page", "page_size"}).items():
        if isinstance(value, list):
            # An empty value (``method=``, as a form sends an unchosen field) is no filter, as the
            # schema allows it; the search page's filter would call it an unknown choice.
            values = [str(v) for v in value if v != ""]
            if values:
                data.setlist(name, values)
        elif isinstance(value, bool):
            if value:
                data[name] = "true"
        elif value not in (None, ""):
            data[name] = str(value)
    return data


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get(
    "/groups",
    response={200: GroupPage, 422: ValidationErrorOut},
    tags=["groepen"],
    summary="Groepen zoeken",
    url_name="group_list",
)
def group_list(request, filters: Query[GroupFilterParams]):
    """Groepen in het overzicht, met dezelfde filters en sortering als de zoekpagina."""
    filterset = GroupFilter(_filter_data(filters), queryset=_listed_groups(), request=request)
    if not filterset.is_valid():
        detail = [
            {"type": "invalid", "loc": ["query", field], "msg": str(message)}
            for field, messages in filterset.form.errors.items()
            for message in messages
        ]
        return Status(422, {"detail": detail})
    queryset = filterset.qs
    count = queryset.count()
    size = filters.page_size
    num_pages = max(1, math.ceil(count / size))
    start = (filters.page - 1) * size
    groups = list(queryset[start : start + size]) if start < count else []
    return Status(
        200,
        {
            "count": count,
            "page": filters.page,
            "page_size": size,
            "num_pages": num_pages,
            "next": _page_url(request, filters.page + 1) if filters.page < num_pages else None,
            "previous": _page_url(request, min(filters.page - 1, num_pages)) if filters.page > 1 else None,
            "items": [group_out(group, request, filterset.registers) for group in groups],
        },
    )


@api.get(
    "/groups/{slug}",
    response={200: GroupOut, 404: NotFoundOut},
    tags=["groepen"],
    summary="Eén groep",
    url_name="group_detail",
)
def group_detail(request, slug: str):
    """Eén groep uit het overzicht. Een groep die niet (meer) in het overzicht staat geeft 404."""
    # Only a well-formed slug is looked up: any other text (a NUL byte, say) cannot be a group, and
    # PostgreSQL would answer a NUL in a query with an error.
    group = _listed_groups().filter(slug=slug).first() if slug_re.match(slug) else None
    if group is None:
        return Status(404, {"detail": _("Deze groep bestaat niet of staat niet in het overzicht.")})
    return Status(200, group_out(group, request, list(Register.objects.all())))


@api.get(
    "/organisations",
    response=list[OrganisationOut],
    tags=["organisaties"],
    summary="Organisaties met groepen",
    url_name="organisation_list",
)
def organisation_list(request):
    """Organisaties met minstens één groep in het overzicht."""
    organisations = (
        Organisation.objects.annotate(group_count=Count("groups", filter=Q(groups__is_published=True)))
        .filter(group_count__gt=0)
        .order_by("name")
    )
    return [
        {
            "slug": o.slug,
            "name": o.name,
            "kind": {"code": o.kind, "label": str(o.get_kind_display())},
            "website": o.website,
            "city": o.city,
            "email": o.email,
            "description": o.description,
            "group_count": o.group_count,
        }
        for o in organisations
    ]


@api.get(
    "/methods",
    response=list[MethodOut],
    tags=["methodes"],
    summary="Intervisiemethodes",
    url_name="method_list",
)
def method_list(request):
    """Alle intervisiemethodes; gebruik de slug in het filter `method` van /api/groups."""
    return [
        {"slug": m.slug, "name": m.name, "summary": m.summary}
        for m in Method.objects.in_library().order_by("name")
    ]
