"""The group's side of evidence: the begeleider signs reflection statements, planners issue and
revoke certificates. Someone without the permission gets 404, never 403."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intervisie.accreditation import domain, selectors
from intervisie.accreditation.forms import (
    CertificateIssueForm,
    RevokeForm,
    ScopeForm,
    StatementPeriodForm,
    StatementRevokeForm,
)
from intervisie.accreditation.models import Certificate, ReflectionStatement
from intervisie.accreditation.selectors import Scope
from intervisie.accreditation.views import group_or_404
from intervisie.groups.enums import PARTICIPANT_STATES

# --- Reflection statements: the begeleider signs --------------------------------------------------


def _statements_url(group, start, end) -> str:
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return reverse("accreditation:statements", args=[group.slug]) + "?" + query


@login_required
def statements(request, slug: str):
    """The begeleider's list of participants with their hours in a period, and "Ondertekenen"."""
    group = group_or_404(slug)
    if not request.user.has_perm("accreditation.sign_statements", group):
        raise Http404
    can_sign = domain.can_sign_statements(request.user)
    today = timezone.localdate()
    if request.method == "POST":
        form = StatementPeriodForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies eerst een goede periode."))
            return redirect("accreditation:statements", slug=group.slug)
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        person = selectors.group_person(group, request.POST.get("person", ""))
        if person is None:
            messages.error(request, _("Deze persoon hoort niet bij de groep."))
        else:
            try:
                domain.reflection_statement_sign(
                    group=group, person=person, by=request.user, period_start=start, period_end=end
                )
            except domain.AccreditationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Je hebt de reflectieverklaring van %(name)s ondertekend. %(name)s krijgt een e-mail.")
                    % {"name": person},
                )
        return redirect(_statements_url(group, start, end))

    if "start" in request.GET or "end" in request.GET:
        form = StatementPeriodForm(request.GET)
    else:
        # The last twelve months, a common span for a statement.
        default = {"start": (today - timedelta(days=365)).isoformat(), "end": today.isoformat()}
        form = StatementPeriodForm(default)
    rows = []
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        hours = selectors.group_hours(Scope(group=group, start=start, end=end), selectors.evidence_rules())
        people = {
            m.user_id: m.user
            for m in group.memberships.filter(state__in=PARTICIPANT_STATES).select_related("user")
        }
        people.update({user_id: row["user"] for user_id, row in hours.items()})
        people.pop(request.user.pk, None)
        signed = {
            s.user_id: s
            for s in ReflectionStatement.objects.filter(
                group=group, period_start=start, period_end=end, revoked_at__isnull=True
            )
        }
        for user_id, person in people.items():
            row = hours.get(user_id, {})
            rows.append(
                {
                    "person": person,
                    "meetings": row.get("meetings", 0),
                    "counted": row.get("counted", 0),
                    "hours": row.get("hours"),
                    "statement": signed.get(user_id),
                }
            )
        rows.sort(key=lambda r: str(r["person"]).lower())
    context = {
        "group": group,
        "form": form,
        "rows": rows,
        "can_sign": can_sign,
        "min_minutes": selectors.evidence_rules().min_meeting_minutes,
    }
    return render(request, "accreditation/statements.html", context, status=200 if form.is_valid() else 400)


@login_required
def statement_revoke(request, slug: str, pk: int):
    """The begeleider who signed a statement withdraws it (with a reason the person gets by e-mail)."""
    group = group_or_404(slug)
    if not request.user.has_perm("accreditation.sign_statements", group):
        raise Http404
    statement = (
        ReflectionStatement.objects.select_related("user", "group", "signed_by")
        .filter(pk=pk, group=group, signed_by=request.user)
        .first()
    )
    if statement is None:
        raise Http404
    back = _statements_url(group, statement.period_start, statement.period_end)
    if statement.is_revoked:
        messages.info(request, _("Deze verklaring is al ingetrokken."))
        return redirect(back)
    if request.method == "POST":
        form = StatementRevokeForm(request.POST)
        if form.is_valid():
            try:
                domain.reflection_statement_revoke(
                    statement=statement, by=request.user, reason=form.cleaned_data["reason"]
                )
            except domain.AccreditationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "De reflectieverklaring %(code)s van %(name)s is ingetrokken. %(name)s krijgt een e-mail."
                    )
                    % {"code": statement.code, "name": statement.user},
                )
                return redirect(back)
        status = 400
    else:
        form = StatementRevokeForm()
        status = 200
    return render(
        request,
        "accreditation/statement_revoke.html",
        {"group": group, "statement": statement, "form": form, "back": back},
        status=status,
    )


# --- Certificates: planners issue and revoke -------------------------------------------------------


def _planned_group_or_404(request, slug: str):
    group = group_or_404(slug)
    if not request.user.has_perm("accreditation.view_group_evidence", group):
        raise Http404
    return group


def _issue_message(result: domain.IssueResult) -> str:
    parts = []
    if result.issued:
        parts.append(
            ngettext(
                "%(count)d certificaat uitgegeven. De deelnemer krijgt een e-mail.",
                "%(count)d certificaten uitgegeven. De deelnemers krijgen een e-mail.",
                len(result.issued),
            )
            % {"count": len(result.issued)}
        )
    else:
        parts.append(_("Er zijn geen nieuwe certificaten uitgegeven."))
    if result.already:
        parts.append(
            ngettext(
                "%(count)d persoon had er al een.",
                "%(count)d mensen hadden er al een.",
                len(result.already),
            )
            % {"count": len(result.already)}
        )
    if result.too_few:
        parts.append(
            ngettext(
                "%(count)d persoon was bij minder bijeenkomsten dan je koos.",
                "%(count)d mensen waren bij minder bijeenkomsten dan je koos.",
                len(result.too_few),
            )
            % {"count": len(result.too_few)}
        )
    return " ".join(parts)


@login_required
def certificates(request, slug: str):
    group = _planned_group_or_404(request, slug)
    if request.method == "POST":
        form = CertificateIssueForm(request.POST, group=group)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = domain.certificates_issue(
                    group=group,
                    by=request.user,
                    title=data["title"],
                    min_meetings=data["min_meetings"],
                    series=data.get("series"),
                    period_start=data.get("start"),
                    period_end=data.get("end"),
                )
            except domain.AccreditationError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                level = messages.SUCCESS if result.issued else messages.WARNING
                messages.add_message(request, level, _issue_message(result))
                return redirect("accreditation:certificates", slug=group.slug)
        status = 400
    else:
        form = CertificateIssueForm(
            group=group,
            initial={"title": _("Deelname aan %(group)s") % {"group": group.name}, "min_meetings": 1},
        )
        status = 200
    context = {
        "group": group,
        "form": form,
        "list_form": ScopeForm(group=group, auto_id="list_%s"),
        "certificates": Certificate.objects.filter(group=group).select_related("user", "series"),
    }
    return render(request, "accreditation/certificates.html", context, status=status)


@login_required
def certificate_revoke(request, slug: str, pk: int):
    group = _planned_group_or_404(request, slug)
    certificate = Certificate.objects.select_related("user", "group").filter(pk=pk, group=group).first()
    if certificate is None:
        raise Http404
    if certificate.is_revoked:
        messages.info(request, _("Dit certificaat is al ingetrokken."))
        return redirect("accreditation:certificates", slug=group.slug)
    if request.method == "POST":
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                domain.certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except domain.AccreditationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Het certificaat %(code)s van %(name)s is ingetrokken.")
                    % {"code": certificate.code, "name": certificate.user},
                )
                return redirect("accreditation:certificates", slug=group.slug)
        status = 400
    else:
        form = RevokeForm()
        status = 200
    return render(
        request,
        "accreditation/certificate_revoke.html",
        {"group": group, "certificate": certificate, "form": form},
        status=status,
    )
