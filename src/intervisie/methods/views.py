"""Method library pages: the public library, a method's steps, and a group's own adapted copies.

Library methods are public. A group's copy is only for that group (``methods.view_method``); someone
without the permission gets 404, never 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intervisie.groups.enums import PARTICIPANT_STATES
from intervisie.groups.models import IntervisionGroup
from intervisie.methods.domain import method_copy, method_update_steps
from intervisie.methods.forms import LibrarySearchForm, StepFormSet
from intervisie.methods.models import MethodStep, MethodTemplate

FORMSET_PREFIX = "stap"
MAX_STEPS = 40
STEP_FIELDS = ["id", "name", "instruction", "minutes", "speaker"]
STEP_FLAGS = ["bringer_listens_only", "shares_answers", "DELETE"]


def _with_totals(queryset):
    return queryset.annotate(total=Sum("steps__minutes"), step_count=Count("steps"))


def _steps_prefetch():
    return Prefetch("steps", queryset=MethodStep.objects.order_by("position"))


def _group_or_404(request, group_slug: str, permission: str) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_related("organisation").filter(slug=group_slug).first()
    if group is None or not request.user.has_perm(permission, group):
        raise Http404
    return group


def _group_method_or_404(request, group_slug: str, slug: str, permission: str) -> MethodTemplate:
    method = (
        MethodTemplate.objects.select_related("group", "group__organisation", "based_on")
        .prefetch_related(_steps_prefetch())
        .filter(group__slug=group_slug, slug=slug)
        .first()
    )
    if method is None or not request.user.has_perm(permission, method):
        raise Http404
    return method


def _groups_to_copy_for(user) -> list[IntervisionGroup]:
    """Groups this person may copy a method for: begeleider, organisation manager or planner."""
    if not user.is_authenticated:
        return []
    candidates = (
        IntervisionGroup.objects.filter(
            Q(begeleider=user)
            | Q(organisation__managers=user)
            | Q(
                memberships__user=user,
                memberships__is_planner=True,
                memberships__state__in=PARTICIPANT_STATES,
            )
        )
        .select_related("organisation")
        .distinct()
        .order_by("name")
    )
    return [group for group in candidates if user.has_perm("methods.copy_method", group)]


@require_GET
def library(request):
    form = LibrarySearchForm(request.GET or None)
    methods = _with_totals(MethodTemplate.objects.filter(group=None).select_related("tag")).order_by("name")
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            methods = methods.filter(Q(name__icontains=query) | Q(summary__icontains=query))
    return render(request, "methods/library.html", {"form": form, "methods": list(methods), "query": query})


@require_GET
def method_detail(request, slug):
    method = get_object_or_404(
        MethodTemplate.objects.select_related("tag").prefetch_related(_steps_prefetch()),
        group=None,
        slug=slug,
    )
    return render(
        request,
        "methods/detail.html",
        {"method": method, "steps": method.steps.all(), "copy_groups": _groups_to_copy_for(request.user)},
    )


@login_required
@require_POST
def method_copy_view(request, slug, group_slug):
    group = _group_or_404(request, group_slug, "methods.copy_method")
    method = get_object_or_404(MethodTemplate, group=None, slug=slug)
    copy = method_copy(method=method, group=group, by=request.user)
    messages.success(
        request,
        _("Je hebt een kopie gemaakt voor %(group)s. Pas de stappen hier aan voor je groep.")
        % {"group": group.name},
    )
    return redirect("methods:group_edit", group_slug=group.slug, slug=copy.slug)


@login_required
@require_GET
def group_methods(request, group_slug):
    group = _group_or_404(request, group_slug, "methods.view_group_methods")
    methods = _with_totals(group.method_templates.select_related("based_on")).order_by("name")
    return render(
        request,
        "methods/group_methods.html",
        {
            "group": group,
            "methods": list(methods),
            "can_change": request.user.has_perm("methods.copy_method", group),
        },
    )


@login_required
@require_GET
def group_method_detail(request, group_slug, slug):
    method = _group_method_or_404(request, group_slug, slug, "methods.view_method")
    return render(
        request,
        "methods/detail.html",
        {
            "method": method,
            "steps": method.steps.all(),
            "group": method.group,
            "can_change": request.user.has_perm("methods.change_method", method),
        },
    )


def _posted_rows(data) -> list[dict]:
    """The steps exactly as typed (also invalid values), to show them again after add or move."""
    try:
        total = int(data.get(f"{FORMSET_PREFIX}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    rows = []
    for i in range(max(0, min(total, MAX_STEPS))):
        row = {field: data.get(f"{FORMSET_PREFIX}-{i}-{field}", "") for field in STEP_FIELDS}
        row.update({flag: f"{FORMSET_PREFIX}-{i}-{flag}" in data for flag in STEP_FLAGS})
        row["id"] = row["id"] or None
        rows.append(row)
    return rows


def _apply_action(rows: list[dict], action: str) -> list[dict]:
    if action == "add":
        if len(rows) < MAX_STEPS:
            rows.append({"name": "", "instruction": "", "minutes": 10, "speaker": "group"})
        return rows
    direction, _sep, index = action.partition("-")
    if direction in ("up", "down") and index.isdigit():
        i = int(index)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= i < len(rows) and 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def group_method_edit(request, group_slug, slug):
    method = _group_method_or_404(request, group_slug, slug, "methods.change_method")
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if request.method == "POST" and action == "save":
        formset = StepFormSet(request.POST, prefix=FORMSET_PREFIX)
        if formset.is_valid():
            try:
                method_update_steps(method=method, steps=formset.steps(), by=request.user)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("De stappen zijn opgeslagen."))
                return redirect("methods:group_detail", group_slug=method.group.slug, slug=method.slug)
    elif request.method == "POST":
        # Add a step or move one: nothing is saved yet, and everything typed comes back as it was.
        rows = _apply_action(_posted_rows(request.POST), action)
        formset = StepFormSet(initial=rows, prefix=FORMSET_PREFIX)
    else:
        initial = [
            {
                "id": step.pk,
                "name": step.name,
                "instruction": step.instruction,
                "minutes": step.minutes,
                "speaker": step.speaker,
                "bringer_listens_only": step.bringer_listens_only,
                "shares_answers": step.shares_answers,
            }
            for step in method.steps.all()
        ]
        formset = StepFormSet(initial=initial, prefix=FORMSET_PREFIX)
    return render(
        request,
        "methods/edit.html",
        {
            "method": method,
            "group": method.group,
            "formset": formset,
            "cancel_url": reverse("methods:group_detail", args=[method.group.slug, method.slug]),
        },
    )
