"""The public directory: search, group page and the embeddable search for partner sites."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.vary import vary_on_headers

from intervisie import geo
from intervisie.accreditation.models import Register
from intervisie.accreditation.register_fit import fitting_bodies, group_register_fits
from intervisie.common.htmx import is_htmx
from intervisie.directory.filters import GroupFilter
from intervisie.groups.enums import ACTIVE_STATES, MembershipState
from intervisie.groups.models import IntervisionGroup, Membership, Method
from intervisie.trajectories.selectors import group_trajectory


def _search_context(request):
    queryset = (
        IntervisionGroup.objects.listed()
        .select_related("organisation", "begeleider")  # the begeleider's register counts for the fit
        .prefetch_related(Prefetch("methods", queryset=Method.objects.order_by("name")))
    )
    data = request.GET.copy()
    if not data.get("sort"):
        data["sort"] = "relevance"
    filterset = GroupFilter(data, queryset=queryset, request=request)
    paginator = Paginator(filterset.qs, settings.SEARCH_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    location = filterset.location if filterset.is_valid() else None
    groups = list(page.object_list)
    for group in groups:
        # The registers whose rules the group meets (derived, not the group's own claim).
        group.register_bodies = fitting_bodies(
            group_register_fits(group=group, registers=filterset.registers)
        )
    if location is not None:
        for group in groups:
            if group.latitude is not None:
                group.distance_km = round(
                    geo.distance_km(location.latitude, location.longitude, group.latitude, group.longitude)
                )
    query = request.GET.copy()
    query.pop("page", None)
    active_filters = [name for name, value in request.GET.items() if value and name not in ("page", "sort")]
    return {
        "filter": filterset,
        "form": filterset.form,
        "page": page,
        "groups": groups,
        "location": location,
        "querystring": query.urlencode(),
        "has_filters": bool(active_filters),
    }


@vary_on_headers("HX-Request")  # the same URL answers with a fragment or a whole page
def search(request):
    context = _search_context(request)
    if is_htmx(request):
        # With errors the form comes along out-of-band, so the message shows at the field.
        context["oob_form"] = bool(context["form"].errors)
        return render(request, "directory/search.html#results", context)
    return render(request, "directory/search.html", context)


def _visible_group(request, slug):
    group = (
        IntervisionGroup.objects.select_related("organisation", "begeleider")
        .prefetch_related("methods")
        .filter(slug=slug)
        .first()
    )
    if group is None:
        raise Http404
    # A group kept out of the directory (a programme's group) is still its own people's page.
    if not group.is_published and not (
        request.user.has_perm("groups.manage_group", group)
        or request.user.has_perm("meetings.view_group_meetings", group)
    ):
        raise Http404
    return group


def detail(request, slug):
    group = _visible_group(request, slug)
    membership = None
    history = []
    if request.user.is_authenticated:
        mine = list(Membership.objects.filter(group=group, user=request.user).order_by("-created_at"))
        membership = next((m for m in mine if m.state in ACTIVE_STATES), None)
        history = [m for m in mine if m is not membership]
    waitlist_length = group.memberships.filter(state=MembershipState.WAITLISTED).count()
    can_see_meetings = request.user.has_perm("meetings.view_group_meetings", group)
    register_fits = group_register_fits(group=group, registers=Register.objects.all())
    charter = my_agreement = None
    if can_see_meetings:
        # The group's current agreements are shown to its own people on the group page.
        charter = group.charters.order_by("-version").first()
        if charter is not None:
            my_agreement = charter.agreements.filter(user=request.user).first()
    # A guided group's people find their trajectory (reader, dates, report) on the group's own page.
    trajectory = group_trajectory(group=group, user=request.user) if can_see_meetings else None
    return render(
        request,
        "directory/detail.html",
        {
            "group": group,
            "membership": membership,
            "history": history,
            "waitlist_length": waitlist_length,
            "can_manage": request.user.has_perm("groups.manage_group", group),
            "can_see_meetings": can_see_meetings,
            "charter": charter,
            "register_fits": register_fits,
            "my_agreement": my_agreement,
            "trajectory": trajectory,
            "can_plan": request.user.has_perm("meetings.plan_meetings", group),
            "is_begeleider": request.user.is_authenticated and group.begeleider_id == request.user.pk,
        },
    )


@xframe_options_exempt
@vary_on_headers("HX-Request")
def embed_search(request):
    """The search for partner websites. Only the configured origins may frame it (CSP frame-ancestors)."""
    context = _search_context(request)
    context["embed"] = True
    context["oob_form"] = is_htmx(request) and bool(context["form"].errors)
    template = "directory/embed.html#results" if is_htmx(request) else "directory/embed.html"
    response = render(request, template, context)
    response._csp_replace = {"frame-ancestors": ["'self'", *settings.EMBED_ALLOWED_ORIGINS]}
    return response
