"""The participant's own pages in a running programme: evaluate each meeting and the programme as a whole,
write the harvest (oogst), and, for a student, download the certificate of participation.

Only the placed participant whose account is linked to the sign-up gets these pages; everyone else, the
kartrekker, begeleiders, partners and any superuser included, gets 404 (``programmes.evaluate`` and
``programmes.view_harvest`` are confidential)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting
from intervisie.programmes import rules_evaluation  # noqa: F401  (registers the evaluation permissions)
from intervisie.programmes.enums import Category, SignupStatus
from intervisie.programmes.evaluation import (
    EvaluationError,
    certificate_status,
    final_is_open,
    harvest_save,
    meetings_to_evaluate,
    programme_evaluation_save,
    student_certificate_issue,
)
from intervisie.programmes.forms_evaluation import FinalEvaluationForm, HarvestForm, MeetingEvaluationForm
from intervisie.programmes.models import Harvest, Programme, ProgrammeEvaluation, Signup
from intervisie.reflections.models import Evaluation


def _own_signup_or_404(request, slug: str, *, perm: str = "programmes.evaluate") -> Signup:
    """The request's person's placed sign-up in the programme; 404 for anyone without one."""
    programme = get_object_or_404(Programme, slug=slug)
    signup = (
        Signup.objects.filter(programme=programme, user_id=request.user.pk, status=SignupStatus.PLACED)
        .select_related("programme", "group__group")
        .order_by("pk")
        .first()
    )
    if signup is None or not request.user.has_perm(perm, signup):
        raise Http404
    return signup


def _add_errors(form, refused: EvaluationError) -> None:
    for name, message in refused.errors.items():
        form.add_error(name if name in form.fields else None, message)
    if refused.message and not refused.errors:
        form.add_error(None, refused.message)


@login_required
@require_GET
def overview(request, slug: str):
    """Which meetings the participant can evaluate (and did), the final evaluation, the harvest and a
    student's certificate."""
    signup = _own_signup_or_404(request, slug)
    meetings = meetings_to_evaluate(signup)
    done = set(
        ProgrammeEvaluation.objects.filter(signup=signup, is_final=False).values_list("meeting_id", flat=True)
    )
    final = ProgrammeEvaluation.objects.filter(signup=signup, is_final=True).first()
    context = {
        "programme": signup.programme,
        "signup": signup,
        "rows": [(meeting, meeting.pk in done) for meeting in meetings],
        "final_open": final_is_open(signup),
        "final": final,
        "has_harvest": Harvest.objects.filter(signup=signup).exists(),
        "certificate": certificate_status(signup) if signup.category == Category.STUDENT else None,
    }
    return render(request, "programmes/evaluation/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_evaluation(request, slug: str, meeting: int):
    signup = _own_signup_or_404(request, slug)
    group_id = signup.group.group_id if signup.group_id else None
    meeting = get_object_or_404(
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED), pk=meeting, group_id=group_id or 0
    )
    if meeting not in meetings_to_evaluate(signup):
        messages.error(request, _("Je kunt een bijeenkomst evalueren zodra hij begonnen is."))
        return redirect("programmes:evaluation", slug=slug)
    existing = ProgrammeEvaluation.objects.filter(signup=signup, meeting=meeting, is_final=False).first()
    if request.method == "POST":
        form = MeetingEvaluationForm(request.POST, category=signup.category)
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme_evaluation_save(
                    signup=signup,
                    by=request.user,
                    meeting=meeting,
                    answers=form.answers(),
                    still_bothers=data["still_bothers"],
                    will_do=data["will_do"],
                    quote=data["quote"],
                    may_quote=data["may_quote"],
                )
            except EvaluationError as refused:
                _add_errors(form, refused)
            else:
                messages.success(request, _("Dank je wel. Je evaluatie is opgeslagen."))
                return redirect("programmes:evaluation", slug=slug)
        status = 400
    else:
        initial = {}
        group_evaluation = Evaluation.objects.filter(meeting=meeting, user=request.user).first()
        if group_evaluation is not None:
            initial.update(
                how_it_went=group_evaluation.how_it_went,
                method_rating=group_evaluation.method_rating,
                still_bothers=group_evaluation.still_bothers,
                will_do=group_evaluation.will_do,
            )
        if existing is not None:
            initial.update(existing.answers, quote=existing.quote, may_quote=existing.may_quote)
        form = MeetingEvaluationForm(initial=initial, category=signup.category)
        status = 200
    context = {
        "programme": signup.programme,
        "signup": signup,
        "meeting": meeting,
        "form": form,
        "existing": existing,
    }
    return render(request, "programmes/evaluation/meeting.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def final_evaluation(request, slug: str):
    signup = _own_signup_or_404(request, slug)
    if not final_is_open(signup):
        messages.error(request, _("De slotevaluatie kan na de laatste bijeenkomst van je groep."))
        return redirect("programmes:evaluation", slug=slug)
    existing = ProgrammeEvaluation.objects.filter(signup=signup, is_final=True).first()
    if request.method == "POST":
        form = FinalEvaluationForm(request.POST, category=signup.category)
        if form.is_valid():
            try:
                programme_evaluation_save(
                    signup=signup,
                    by=request.user,
                    answers=form.answers(),
                    quote=form.cleaned_data["quote"],
                    may_quote=form.cleaned_data["may_quote"],
                )
            except EvaluationError as refused:
                _add_errors(form, refused)
            else:
                messages.success(request, _("Dank je wel. Je slotevaluatie is opgeslagen."))
                return redirect("programmes:evaluation", slug=slug)
        status = 400
    else:
        initial = {}
        if existing is not None:
            initial = {**existing.answers, "quote": existing.quote, "may_quote": existing.may_quote}
        form = FinalEvaluationForm(initial=initial, category=signup.category)
        status = 200
    context = {"programme": signup.programme, "signup": signup, "form": form, "existing": existing}
    return render(request, "programmes/evaluation/final.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def harvest(request, slug: str):
    """The participant's oogst: a private text for themself and a short text they may share."""
    signup = _own_signup_or_404(request, slug, perm="programmes.view_harvest")
    existing = Harvest.objects.filter(signup=signup).first()
    if request.method == "POST":
        form = HarvestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                harvest_save(
                    signup=signup,
                    by=request.user,
                    private_text=data["private_text"],
                    shared_text=data["shared_text"],
                    share=data["share"],
                )
            except EvaluationError as refused:
                _add_errors(form, refused)
            else:
                messages.success(request, _("Je oogst is opgeslagen."))
                return redirect("programmes:harvest", slug=slug)
        status = 400
    else:
        initial = {}
        if existing is not None:
            initial = {
                "private_text": existing.private_text,
                "shared_text": existing.shared_text,
                "share": existing.share,
            }
        form = HarvestForm(initial=initial)
        status = 200
    context = {"programme": signup.programme, "signup": signup, "form": form, "existing": existing}
    return render(request, "programmes/evaluation/harvest.html", context, status=status)


@login_required
@require_POST
def certificate(request, slug: str):
    """Issue the student's certificate once (or find it) and hand over its PDF."""
    signup = _own_signup_or_404(request, slug)
    if signup.category != Category.STUDENT:
        raise Http404
    try:
        issued = student_certificate_issue(signup=signup, by=request.user)
    except EvaluationError as refused:
        messages.error(request, refused.message)
        return redirect("programmes:evaluation", slug=slug)
    return redirect(reverse("accreditation:certificate_pdf", args=[issued.code]))
