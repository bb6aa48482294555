"""Step 7, the report: the begeleider starts, writes, shares and sends it; each participant reads it and
approves or comments; the client downloads the sent report through their follow link's token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intervisie.trajectories import (
    reporting,
    rules_report,  # noqa: F401  (registers trajectories.respond_report)
)
from intervisie.trajectories.enums import ReportStatus, TrajectoryState
from intervisie.trajectories.forms_report import ReportForm, ResponseForm, SendForm
from intervisie.trajectories.models import Report, Trajectory
from intervisie.trajectories.report_pdf import report_pdf
from intervisie.trajectories.selectors import trajectory_meetings
from intervisie.trajectories.views import managed_trajectory_or_404


def _participant_trajectory_or_404(request, pk: int) -> Trajectory:
    """Only the participants of the trajectory's group (trial or member) get it; everyone else 404."""
    trajectory = get_object_or_404(
        Trajectory.objects.select_related("provider", "begeleider", "group"), pk=pk
    )
    if not request.user.has_perm("trajectories.respond_report", trajectory):
        raise Http404
    return trajectory


def _report_of(trajectory: Trajectory) -> Report | None:
    return Report.objects.filter(trajectory=trajectory).first()


def _add_errors(form, refused: ValidationError) -> None:
    """A domain refusal at the field it names, or above the form."""
    if hasattr(refused, "error_dict"):
        for name, errors in refused.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)


def _pdf_response(report: Report, *, filename: str) -> HttpResponse:
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The begeleider -----------------------------------------------------------------------------------------


def _edit_context(trajectory: Trajectory, report: Report | None, *, form=None, send_form=None) -> dict:
    context = {"trajectory": trajectory, "report": report}
    if report is None:
        meetings = trajectory_meetings(trajectory)
        context["last_meeting"] = meetings[-1] if meetings else None
        context["can_start"] = trajectory.state == TrajectoryState.RUNNING
        return context
    editable = report.status != ReportStatus.SENT and trajectory.state == TrajectoryState.REPORTING
    context.update(
        facts=reporting.report_facts(trajectory=trajectory, show_names=report.show_names),
        tally=reporting.report_tally(report=report),
        responses=list(report.responses.select_related("user").order_by("user__name", "user_id")),
        form=(form or ReportForm(initial=ReportForm.initial_for(report), report=report))
        if editable
        else None,
        send_form=send_form or (SendForm() if report.status == ReportStatus.APPROVED else None),
        can_share=editable and report.status == ReportStatus.DRAFT,
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    """The begeleider's page for the report: start it after the last meeting, write it, share it with
    the group, follow the answers and send it to the client once the group agreed."""
    trajectory = managed_trajectory_or_404(request, pk)
    report = _report_of(trajectory)
    form = None
    if request.method == "POST":
        if report is None or report.status == ReportStatus.SENT:
            messages.error(request, _("Dit rapport kun je niet (meer) veranderen."))
            return redirect("trajectories:report_edit", pk=trajectory.pk)
        form = ReportForm(request.POST, report=report)
        if form.is_valid():
            try:
                reset = reporting.report_save(report=report, text=form.report_text(), by=request.user)
            except ValidationError as refused:
                _add_errors(form, refused)
            else:
                if reset:
                    messages.warning(
                        request,
                        _(
                            "Opgeslagen. Het rapport was al gedeeld: de akkoorden zijn vervallen en de "
                            "groep krijgt een e-mail om het opnieuw te lezen."
                        ),
                    )
                else:
                    messages.success(request, _("Het rapport is opgeslagen."))
                return redirect("trajectories:report_edit", pk=trajectory.pk)
    return render(request, "trajectories/report/edit.html", _edit_context(trajectory, report, form=form))


@login_required
@require_POST
def report_start(request, pk: int):
    trajectory = managed_trajectory_or_404(request, pk)
    try:
        reporting.report_start(trajectory=trajectory, by=request.user)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, _("Het rapport is begonnen. Schrijf de conclusies en het advies."))
    return redirect("trajectories:report_edit", pk=trajectory.pk)


@login_required
@require_POST
def report_share(request, pk: int):
    trajectory = managed_trajectory_or_404(request, pk)
    report = _report_of(trajectory)
    if report is None:
        messages.error(request, _("Er is nog geen rapport. Begin het na de laatste bijeenkomst."))
        return redirect("trajectories:report_edit", pk=trajectory.pk)
    try:
        reporting.set_report_status(report, ReportStatus.SHARED, by=request.user)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        count = reporting.report_voters(trajectory=trajectory).count()
        messages.success(
            request,
            ngettext(
                "Gedeeld met de groep: %(count)s deelnemer krijgt een e-mail om het te lezen.",
                "Gedeeld met de groep: %(count)s deelnemers krijgen een e-mail om het te lezen.",
                count,
            )
            % {"count": count},
        )
    return redirect("trajectories:report_edit", pk=trajectory.pk)


@login_required
@require_POST
def report_send(request, pk: int):
    trajectory = managed_trajectory_or_404(request, pk)
    report = _report_of(trajectory)
    if report is None:
        messages.error(request, _("Er is nog geen rapport. Begin het na de laatste bijeenkomst."))
        return redirect("trajectories:report_edit", pk=trajectory.pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            reporting.set_report_status(report, ReportStatus.SENT, by=request.user)
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(
                request,
                _("Het rapport is verstuurd. De opdrachtgever krijgt een e-mail met de link naar de PDF."),
            )
        return redirect("trajectories:report_edit", pk=trajectory.pk)
    return render(request, "trajectories/report/edit.html", _edit_context(trajectory, report, send_form=form))


@login_required
@require_GET
def report_preview_pdf(request, pk: int):
    """The begeleider's PDF of the report as it stands (a concept until it is sent)."""
    trajectory = managed_trajectory_or_404(request, pk)
    report = _report_of(trajectory)
    if report is None:
        raise Http404
    return _pdf_response(report, filename=f"rapport-traject-{trajectory.pk}.pdf")


# --- The participants ---------------------------------------------------------------------------------------

ANSWER_THANKS = {
    True: gettext_lazy("Dank je wel. Je akkoord is opgeslagen."),
    False: gettext_lazy("Dank je wel. Je opmerking is opgeslagen; de begeleider leest hem."),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request, pk: int):
    """A participant reads the shared report and approves it or says what should change (until it is
    sent). A draft is the begeleider's own: the page then says the report is not there yet."""
    trajectory = _participant_trajectory_or_404(request, pk)
    report = _report_of(trajectory)
    visible = report is not None and report.status != ReportStatus.DRAFT
    open_for_answers = (
        visible
        and report.status in {ReportStatus.SHARED, ReportStatus.APPROVED}
        and trajectory.state == TrajectoryState.REPORTING
    )
    own = report.responses.filter(user=request.user).first() if visible else None
    form = None
    if request.method == "POST":
        if not open_for_answers:
            messages.error(request, _("Je kunt nu niet (meer) op het rapport antwoorden."))
            return redirect("trajectories:report", pk=trajectory.pk)
        form = ResponseForm(request.POST)
        if form.is_valid():
            try:
                reporting.report_respond(
                    report=report,
                    user=request.user,
                    approves=form.approves,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as refused:
                _add_errors(form, refused)
            else:
                messages.success(request, ANSWER_THANKS[form.approves])
                return redirect("trajectories:report", pk=trajectory.pk)
    if open_for_answers and form is None:
        initial = {}
        if own is not None:
            initial = {
                "answer": ResponseForm.APPROVE if own.approves else ResponseForm.COMMENT,
                "comment": own.comment,
            }
        form = ResponseForm(initial=initial)
    context = {"trajectory": trajectory, "report": report if visible else None, "form": form, "own": own}
    if visible:
        context["facts"] = reporting.report_facts(trajectory=trajectory, show_names=report.show_names)
        context["tally"] = reporting.report_tally(report=report)
    return render(request, "trajectories/report/page.html", context)


# --- The client ---------------------------------------------------------------------------------------------


@require_GET
def report_client_pdf(request, token: str):
    """The client's download of the report once it was sent, keyed on their follow link's token (no
    account needed). Before that, there is nothing here: 404."""
    trajectory = get_object_or_404(
        Trajectory.objects.select_related("provider", "begeleider", "group"), follow_token=token
    )
    report = _report_of(trajectory)
    if report is None or report.status != ReportStatus.SENT:
        raise Http404
    return _pdf_response(report, filename="rapport-begeleide-intervisie.pdf")
