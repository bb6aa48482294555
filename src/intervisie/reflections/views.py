"""Reflections and evaluations. Anyone without the permission gets 404, never 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.groups.models import IntervisionGroup
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting

from . import domain, selectors
from .forms import EvaluationForm, PeriodForm, ReflectionForm
from .models import Evaluation, Reflection
from .pdf import reflection_report_pdf

REFLECTION_FIELDS = ("methods_text", "values_text", "personal_text", "shared_with_begeleider")
EVALUATION_FIELDS = ("how_it_went", "still_bothers", "method_rating", "will_do")


def _group_or_404(slug: str) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_related("begeleider").filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def _initial(instance, fields) -> dict | None:
    if instance is None:
        return None
    return {name: getattr(instance, name) for name in fields}


@login_required
def meeting_page(request, pk: int):
    """One page with the participant's reflection (three SKJ dimensions) and the short evaluation."""
    meeting = Meeting.objects.select_related("group").filter(pk=pk).first()
    if meeting is None or not (
        request.user.has_perm("meetings.view_meeting", meeting)
        and request.user.has_perm("reflections.write", meeting)
    ):
        raise Http404
    reflection = Reflection.objects.filter(meeting=meeting, user=request.user).first()
    evaluation = Evaluation.objects.filter(meeting=meeting, user=request.user).first()
    reflection_form = ReflectionForm(initial=_initial(reflection, REFLECTION_FIELDS))
    evaluation_form = EvaluationForm(initial=_initial(evaluation, EVALUATION_FIELDS))
    is_open = meeting.status != MeetingStatus.CANCELLED and meeting.starts_at <= timezone.now()
    status = 200
    if request.method == "POST" and is_open:
        which = request.POST.get("form")
        if which == "reflection":
            reflection_form = ReflectionForm(request.POST)
            if reflection_form.is_valid():
                try:
                    domain.reflection_save(meeting=meeting, user=request.user, **reflection_form.cleaned_data)
                except domain.ReflectionError as error:
                    reflection_form.add_error(None, error.message)
                else:
                    if reflection_form.cleaned_data["shared_with_begeleider"]:
                        messages.success(request, _("Je reflectie is bewaard en gedeeld met de begeleider."))
                    else:
                        messages.success(request, _("Je reflectie is bewaard. Alleen jij kunt hem lezen."))
                    return redirect("reflections:meeting", pk=meeting.pk)
        elif which == "evaluation":
            evaluation_form = EvaluationForm(request.POST)
            if evaluation_form.is_valid():
                try:
                    domain.evaluation_save(meeting=meeting, user=request.user, **evaluation_form.cleaned_data)
                except domain.ReflectionError as error:
                    evaluation_form.add_error(None, error.message)
                else:
                    messages.success(request, _("Dank je wel. Je evaluatie is bewaard."))
                    return redirect("reflections:meeting", pk=meeting.pk)
        status = 400
    return render(
        request,
        "reflections/meeting.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "is_open": is_open,
            "reflection": reflection,
            "evaluation": evaluation,
            "reflection_form": reflection_form,
            "evaluation_form": evaluation_form,
        },
        status=status,
    )


@login_required
def shared(request, slug: str):
    """The begeleider reads the reflections participants chose to share with them, and only those."""
    group = _group_or_404(slug)
    if not request.user.has_perm("reflections.view_shared", group):
        raise Http404
    return render(
        request,
        "reflections/shared.html",
        {"group": group, "reflections": list(selectors.shared_reflections(group))},
    )


@login_required
def evaluations(request, slug: str):
    """The evaluation trend: per meeting the number of answers, averages only from MIN_GROUP_SIZE answers."""
    group = _group_or_404(slug)
    if not request.user.has_perm("reflections.view_evaluations", group):
        raise Http404
    return render(
        request,
        "reflections/evaluations.html",
        {
            "group": group,
            "rows": selectors.evaluation_trend(group),
            "minimum": selectors.MIN_ANSWERS_FOR_AVERAGES,
        },
    )


@login_required
def mine(request):
    """The person's own reflections, grouped by group, with a link to each group's reflectieverslag."""
    by_group: dict = {}
    for reflection in selectors.own_reflections(request.user):
        by_group.setdefault(reflection.meeting.group, []).append(reflection)
    return render(request, "reflections/mine.html", {"by_group": list(by_group.items())})


@login_required
def report_pdf(request, slug: str):
    """The reflectieverslag PDF for the person's own reflections in one group (optional ?start=&end=)."""
    group = _group_or_404(slug)
    form = PeriodForm(request.GET)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    reflections = list(selectors.reflections_for(request.user, group, start, end))
    # A participant, or a former one with reflections here, gets a report; anyone else gets 404.
    if not request.user.has_perm("reflections.own_report", group) and not (
        reflections or selectors.reflections_for(request.user, group).exists()
    ):
        raise Http404
    content = reflection_report_pdf(
        person=request.user, group=group, reflections=reflections, period=(start, end)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="reflectieverslag-{group.slug}.pdf"'
    return response
