"""The partners' pages and the evaluation report.

A partner contact sees their own partner's page: its recruits in numbers (names only of people who agreed),
commitments against what was recruited, attendance and hours of its people and its report (web and PDF).
Anyone else, another partner's contact, the kartrekker and any superuser included, gets 404
(``programmes.view_partner`` is confidential).

The kartrekker and the begeleiders read the programme's report (``programmes.view_programme``); the
kartrekker sends each partner its own report (``programmes.manage_programme``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from intervisie.programmes.forms_evaluation import SendReportForm
from intervisie.programmes.models import Partner, PartnerContact
from intervisie.programmes.report import (
    STATUS_COLUMNS,
    ReportError,
    evaluation_report,
    partner_named_recruits,
    partner_recruits,
    report_filename,
    report_last_sent,
    report_recipients,
    report_send_to_partners,
)
from intervisie.programmes.report_pdf import report_pdf
from intervisie.programmes.views_manage import programme_or_404

PARTNERS_PAGE_SIZE = 20


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _partner_or_404(request, slug: str, code: str) -> Partner:
    partner = get_object_or_404(Partner.objects.select_related("programme"), programme__slug=slug, code=code)
    if not request.user.has_perm("programmes.view_partner", partner):
        raise Http404
    return partner


# --- The partner contact -----------------------------------------------------------------------------------


@login_required
@require_GET
def partner_mine(request):
    """Every partner the person is a contact for, in every programme (newest programme first)."""
    links = (
        PartnerContact.objects.filter(user=request.user)
        .select_related("partner__programme")
        .order_by("-partner__programme__created_at", "partner__name", "pk")
    )
    page = Paginator(links, PARTNERS_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "programmes/partner/mine.html", {"page": page})


@login_required
@require_GET
def partner_page(request, slug: str, code: str):
    partner = _partner_or_404(request, slug, code)
    programme = partner.programme
    report = evaluation_report(programme=programme, partner=partner)
    context = {
        "programme": programme,
        "partner": partner,
        "report": report,
        # What the partner pays for, against what its people spent (shown only from MIN_GROUP_SIZE people).
        "paid_total": partner.paid_hours * report.attendance.people,
        "recruits": partner_recruits(partner),
        "status_columns": [status.label for status in STATUS_COLUMNS],
        "named": partner_named_recruits(partner),
    }
    return render(request, "programmes/partner/page.html", context)


@login_required
@require_GET
def partner_report_pdf(request, slug: str, code: str):
    partner = _partner_or_404(request, slug, code)
    report = evaluation_report(programme=partner.programme, partner=partner)
    return _pdf_response(report_pdf(report), report_filename(partner.programme, partner))


# --- The kartrekker and the begeleiders --------------------------------------------------------------------


@login_required
@require_GET
def report_page(request, slug: str):
    programme = programme_or_404(request, slug, "programmes.view_programme")
    context = {
        "programme": programme,
        "report": evaluation_report(programme=programme),
        "may_send": request.user.has_perm("programmes.manage_programme", programme),
        "last_sent": report_last_sent(programme),
    }
    return render(request, "programmes/report/page.html", context)


@login_required
@require_GET
def report_programme_pdf(request, slug: str):
    programme = programme_or_404(request, slug, "programmes.view_programme")
    return _pdf_response(report_pdf(evaluation_report(programme=programme)), report_filename(programme))


@login_required
@require_http_methods(["GET", "POST"])
def report_send(request, slug: str):
    """The confirmation page for sending each partner its report, and the sending itself."""
    programme = programme_or_404(request, slug, "programmes.manage_programme")
    form = SendReportForm(request.POST) if request.method == "POST" else SendReportForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sent = report_send_to_partners(programme=programme, by=request.user)
            except ReportError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Het verslag is verstuurd: %(count)s e-mail met de PDF.",
                        "De verslagen zijn verstuurd: %(count)s e-mails, elk met de PDF van de eigen partner.",
                        sent,
                    )
                    % {"count": sent},
                )
                return redirect("programmes:report", slug=programme.slug)
        status = 400
    partners = list(programme.partners.prefetch_related("contact_links__user").order_by("name", "pk"))
    context = {
        "programme": programme,
        "form": form,
        "partners": [(partner, len(report_recipients(partner))) for partner in partners],
        "last_sent": report_last_sent(programme),
        "title": _("Verslag naar de partners sturen"),
    }
    return render(request, "programmes/report/send.html", context, status=status)
