"""Organisation managers maintain their organisation's groups: dashboard, form, CSV export/import.

Every view checks ``organisations.manage_organisation``; anyone else gets 404, the same answer as
for an organisation that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from intervisie.accounts.enums import SupervisorRegister
from intervisie.accounts.rules import is_platform_admin
from intervisie.common.htmx import is_htmx
from intervisie.groups import csv_io
from intervisie.groups.enums import (
    Audience,
    Format,
    Frequency,
    Language,
    MembershipState,
    Province,
    TimeOfDay,
    Weekday,
)
from intervisie.groups.group_forms import GroupForm
from intervisie.groups.models import IntervisionGroup, Method
from intervisie.organisations.forms import DashboardFilterForm, GroupImportForm
from intervisie.organisations.models import Organisation

DASHBOARD_PAGE_SIZE = 25
DASHBOARD_ORDER = {
    "name": ["name", "pk"],
    "-updated": ["-updated_at", "-pk"],
    "places": ["-open_places", "name", "pk"],
    "requests": ["-pending_requests", "name", "pk"],
}


def _managed_organisation(request, slug) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not request.user.has_perm("organisations.manage_organisation", organisation):
        raise Http404
    return organisation


def _organisation_group(organisation, group_slug) -> IntervisionGroup:
    group = IntervisionGroup.objects.filter(organisation=organisation, slug=group_slug).first()
    if group is None:
        raise Http404
    return group


@login_required
@require_GET
def organisation_list(request):
    organisations = (
        Organisation.objects.all()
        if is_platform_admin(request.user)
        else (request.user.managed_organisations.all())
    )
    organisations = list(organisations.annotate(group_count=Count("groups")).order_by("name"))
    if len(organisations) == 1 and not is_platform_admin(request.user):
        return redirect("organisations:dashboard", slug=organisations[0].slug)  # nothing to choose
    return render(request, "organisations/list.html", {"organisations": organisations})


@login_required
@require_GET
def dashboard(request, slug):
    organisation = _managed_organisation(request, slug)
    form = DashboardFilterForm(request.GET)
    form.is_valid()  # invalid values are simply ignored: the fields fall back to their defaults
    q = form.cleaned_data.get("q", "")
    sort = form.cleaned_data.get("sort") or "name"
    groups = organisation.groups.annotate(
        pending_requests=Count("memberships", filter=Q(memberships__state=MembershipState.REQUESTED)),
        waitlisted=Count("memberships", filter=Q(memberships__state=MembershipState.WAITLISTED)),
    )
    for word in q.split()[:8]:
        groups = groups.filter(
            Q(name__icontains=word) | Q(place__icontains=word) | Q(municipality__icontains=word)
        )
    page = Paginator(groups.order_by(*DASHBOARD_ORDER[sort]), DASHBOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "groups": list(page.object_list),
        "querystring": query.urlencode(),
        "searching": bool(q),
    }
    template = "organisations/dashboard.html#results" if is_htmx(request) else "organisations/dashboard.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request, slug):
    organisation = _managed_organisation(request, slug)
    form = GroupForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if form.is_bound and form.is_valid():
        try:
            group = form.save_group(by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De groep '%(name)s' is aangemaakt.") % {"name": group.name})
            return redirect("organisations:dashboard", slug=organisation.slug)
    return render(request, "organisations/group_form.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, slug, group_slug):
    organisation = _managed_organisation(request, slug)
    group = _organisation_group(organisation, group_slug)
    form = GroupForm(
        request.POST if request.method == "POST" else None, instance=group, organisation=organisation
    )
    if form.is_bound and form.is_valid():
        try:
            group = form.save_group(by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("De wijzigingen in '%(name)s' zijn opgeslagen.") % {"name": group.name}
            )
            return redirect("organisations:dashboard", slug=organisation.slug)
    return render(
        request, "organisations/group_form.html", {"organisation": organisation, "form": form, "group": group}
    )


@login_required
@require_GET
def groups_export(request, slug):
    organisation = _managed_organisation(request, slug)
    groups = organisation.groups.prefetch_related("methods").order_by("name", "pk")
    response = HttpResponse(csv_io.groups_to_csv(groups), content_type="text/csv; charset=utf-8")
    filename = f"groepen-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _code_lists():
    """The codes each choice column accepts, for the explanation on the import page."""
    return [
        (_("Voor wie"), Audience.choices),
        (_("Vorm"), Format.choices),
        (_("Provincie"), Province.choices),
        (_("Hoe vaak"), Frequency.choices),
        (_("Dag"), Weekday.choices),
        (_("Dagdeel"), TimeOfDay.choices),
        (_("Taal"), Language.choices),
        (_("Register begeleider"), SupervisorRegister.choices),
        (_("Methodes"), list(Method.objects.in_library().order_by("name").values_list("slug", "name"))),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def groups_import(request, slug):
    organisation = _managed_organisation(request, slug)
    posted = request.method == "POST"
    form = GroupImportForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > csv_io.MAX_BYTES:
                raise csv_io.CsvFileError(
                    _(
                        "Het bestand is te groot: %(size)s MB. Het mag hoogstens 2 MB zijn. "
                        "Splits het in kleinere bestanden."
                    )
                    % {"size": f"{upload.size / 1048576:.1f}"}
                )
            result = csv_io.import_groups(
                organisation=organisation, content=upload.read(), by=request.user, filename=upload.name
            )
        except csv_io.CsvFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Import klaar. Nieuw: %(created)s. Gewijzigd: %(changed)s. Ongewijzigd: %(unchanged)s.")
                    % {"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
                )
                return redirect("organisations:dashboard", slug=organisation.slug)
    return render(
        request,
        "organisations/import.html",
        {
            "organisation": organisation,
            "form": form,
            "result": result,
            "columns": csv_io.COLUMNS,
            "code_lists": _code_lists(),
            "max_rows": csv_io.MAX_ROWS,
        },
    )
