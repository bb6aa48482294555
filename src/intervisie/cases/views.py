"""Case screens: a group's cases with the rotation, writing and changing a case with the privacy
screen, and a case's page. Without the permission: 404, so nobody learns that a case exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intervisie.cases import domain, selectors
from intervisie.cases.forms import CaseForm
from intervisie.cases.models import Case
from intervisie.cases.privacy import anonymise, find_by_key
from intervisie.groups.models import IntervisionGroup
from intervisie.groups.rules import is_group_begeleider
from intervisie.meetings.models import Meeting

FORM_FIELDS = domain.EDITABLE_FIELDS


def _group_or_404(request, slug: str, permission: str) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_related("begeleider").filter(slug=slug).first()
    if group is None or not request.user.has_perm(permission, group):
        raise Http404
    return group


def _case_or_404(request, pk: int, permission: str = "cases.view_case") -> Case:
    case = (
        Case.objects.select_related("group", "group__begeleider", "bringer", "meeting").filter(pk=pk).first()
    )
    if case is None or not request.user.has_perm("cases.view_case", case):
        raise Http404
    if permission != "cases.view_case" and not request.user.has_perm(permission, case):
        raise Http404
    return case


@login_required
def group_cases(request, slug):
    group = _group_or_404(request, slug, "cases.view_group_cases")
    cases = (
        selectors.readable_cases(request.user, group)
        .select_related("bringer", "meeting")
        .order_by("-brought_on", "-created_at")
    )
    rows = domain.rotation(group)
    return render(
        request,
        "cases/group_cases.html",
        {
            "group": group,
            "cases": cases,
            "suggestion": rows[0] if rows else None,
            "rotation": rows if is_group_begeleider(request.user, group) else None,
            "can_add": request.user.has_perm("cases.add_case", group),
        },
    )


def _replace_finding(request, form_class_kwargs):
    """Handle a "Vervang door [placeholder]" button: anonymise that one finding in the submitted text
    and show the form again. The button names the field and the finding's position, not its value."""
    data = request.POST.copy()
    name, _sep, key = request.POST.get("replace", "").partition("|")
    if name in ("title", "situation", "question"):
        text = data.get(name, "")
        finding = find_by_key(text, key)
        if finding is not None:
            data[name] = anonymise(text, finding)
    data.pop("privacy_acknowledged", None)
    return CaseForm(data, **form_class_kwargs)


def _case_form(request, *, group, case=None):
    kwargs = {"group": group, "instance": case}
    if request.method != "POST":
        initial = {}
        meeting_pk = request.GET.get("bijeenkomst", "")
        # ASCII digits only: "²".isdigit() is true, but the database lookup refuses it.
        if case is None and meeting_pk.isascii() and meeting_pk.isdigit() and len(meeting_pk) <= 18:
            initial["meeting"] = Meeting.objects.filter(group=group, pk=meeting_pk).first()
        return CaseForm(initial=initial, **kwargs), None
    if "replace" in request.POST:
        form = _replace_finding(request, kwargs)
        form.is_valid()  # fills form.findings; errors show next to the fields
        return form, None
    form = CaseForm(request.POST, **kwargs)
    if not form.is_valid():
        return form, None
    fields = {name: form.cleaned_data[name] for name in FORM_FIELDS}
    try:
        if case is None:
            saved = domain.case_create(group=group, bringer=request.user, fields=fields)
        else:
            # The ModelForm already wrote the new values onto ``case``; the domain compares with the stored row.
            stored = Case.objects.select_related("group").get(pk=case.pk)
            saved = domain.case_update(case=stored, by=request.user, fields=fields)
    except ValidationError as exc:
        form.add_error(None, exc)
        return form, None
    return form, saved


@login_required
def case_create(request, slug):
    group = _group_or_404(request, slug, "cases.add_case")
    form, saved = _case_form(request, group=group)
    if saved is not None:
        messages.success(
            request, _("Je casus is opgeslagen. De groep krijgt een bericht dat er een nieuwe inbreng is.")
        )
        return redirect("cases:detail", saved.pk)
    return render(request, "cases/case_form.html", {"group": group, "form": form, "case": None})


@login_required
def case_edit(request, pk):
    case = _case_or_404(request, pk, "cases.change_case")
    if case.is_purged:
        raise Http404
    form, saved = _case_form(request, group=case.group, case=case)
    if saved is not None:
        messages.success(request, _("Je wijziging is opgeslagen."))
        return redirect("cases:detail", saved.pk)
    return render(request, "cases/case_form.html", {"group": case.group, "form": form, "case": case})


@login_required
def case_detail(request, pk):
    case = _case_or_404(request, pk)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "group": case.group,
            "can_edit": not case.is_purged and request.user.has_perm("cases.change_case", case),
        },
    )
