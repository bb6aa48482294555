"""The public API's "buiten je bubbel" programmes that take sign-ups, so partners can show them on their own
sites: what the public programme page shows (theme, questions, dates, contact, the sign-up page per
category), never a sign-up, a partner or a number of people."""

import math

from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from intervisie.api.schemas import (
    NotFoundOut,
    ProgrammeFilterParams,
    ProgrammeOut,
    ProgrammePage,
    ValidationErrorOut,
)
from intervisie.programmes.enums import Category
from intervisie.programmes.models import Programme, ProgrammeDate
from intervisie.programmes.selectors_public import recruiting_programmes

router = Router(tags=["programma's"])


def _choice(value, label):
    return {"code": value, "label": str(label)}


def _listed_programmes(query: str = ""):
    # Three queries for any page size: count, the page (initiator joined), and the dates of the whole
    # page (with their group) in one prefetch.
    dates = ProgrammeDate.objects.select_related("group").order_by("starts_at", "pk")
    return recruiting_programmes(query=query).prefetch_related(Prefetch("dates", queryset=dates))


def programme_out(programme: Programme, request: HttpRequest) -> dict:
    """The public face of a programme. Explicit on purpose: a new model field is private until added here."""
    initiator = programme.initiator
    return {
        "slug": programme.slug,
        "name": programme.name,
        "url": request.build_absolute_uri(reverse("programmes:detail", args=[programme.slug])),
        "theme": programme.theme,
        "leading_questions": [q.strip() for q in programme.leading_questions.splitlines() if q.strip()],
        "description": programme.description,
        "school_year": programme.school_year,
        "initiator": {
            "slug": initiator.slug,
            "name": initiator.name,
            "kind": _choice(initiator.kind, initiator.get_kind_display()),
            "website": initiator.website,
        },
        "format": _choice(programme.format, programme.get_format_display()),
        "place": programme.place,
        "group_count": programme.group_count,
        "min_attendance_commitment": programme.min_attendance_commitment,
        "signup_closes_on": programme.signup_closes_on,
        "dates": [
            {
                "kind": _choice(date.kind, date.get_kind_display()),
                "starts_at": date.starts_at,
                "ends_at": date.ends_at,
                "format": _choice(date.format, date.get_format_display()),
                "location": date.location,
                "group": date.group.name if date.group_id else None,
            }
            for date in programme.dates.all()
        ],
        "signup": [
            {
                "category": _choice(category.value, category.label),
                "url": request.build_absolute_uri(
                    reverse("programmes:signup", args=[programme.slug, category])
                ),
            }
            for category in Category
        ],
        "contact_name": programme.contact_name,
        "contact_email": programme.contact_email,
        "contact_phone": programme.contact_phone,
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.get(
    "",
    response={200: ProgrammePage, 422: ValidationErrorOut},
    summary="Programma's die deelnemers zoeken",
    url_name="programme_list",
)
def programme_list(request, filters: Query[ProgrammeFilterParams]):
    """Programma's van Intervisie buiten je bubbel waarvoor je je nu kunt aanmelden, het eerst sluitende
    eerst; met hun data en de aanmeldpagina per groep deelnemers."""
    # A NUL byte cannot be part of any programme's text, and PostgreSQL refuses it in a query.
    queryset = _listed_programmes((filters.q or "").replace("\x00", "").strip())
    count = queryset.count()
    size = filters.page_size
    num_pages = max(1, math.ceil(count / size))
    start = (filters.page - 1) * size
    programmes = list(queryset[start : start + size]) if start < count else []
    return Status(
        200,
        {
            "count": count,
            "page": filters.page,
            "page_size": size,
            "num_pages": num_pages,
            "next": _page_url(request, filters.page + 1) if filters.page < num_pages else None,
            "previous": _page_url(request, min(filters.page - 1, num_pages)) if filters.page > 1 else None,
            "items": [programme_out(programme, request) for programme in programmes],
        },
    )


@router.get(
    "/{slug}",
    response={200: ProgrammeOut, 404: NotFoundOut},
    summary="Eén programma",
    url_name="programme_detail",
)
def programme_detail(request, slug: str):
    """Eén programma dat deelnemers zoekt. Een programma dat (nog of niet meer) werft, geeft 404."""
    # Only a well-formed slug is looked up (PostgreSQL answers a NUL in a query with an error).
    programme = _listed_programmes().filter(slug=slug).first() if slug_re.match(slug) else None
    if programme is None:
        return Status(404, {"detail": _("Dit programma bestaat niet of zoekt nu geen deelnemers.")})
    return Status(200, programme_out(programme, request))
