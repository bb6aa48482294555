"""The person's own pages: the hours overview (/uren/), registration periods, the CSV export and the
evidence PDFs. Someone without the permission gets 404, never 403."""

import csv
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intervisie.accreditation import domain, pdf, selectors
from intervisie.accreditation.forms import EnrolmentForm, ScopeForm
from intervisie.accreditation.ledger import Rules, compute_ledger
from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement
from intervisie.accreditation.selectors import Scope
from intervisie.groups.models import IntervisionGroup


def group_or_404(slug: str) -> IntervisionGroup:
    """The group for an evidence page, or 404 (the views check the permission next; views_group too)."""
    group = IntervisionGroup.objects.select_related("organisation", "begeleider").filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Overview -----------------------------------------------------------------------------------------


@login_required
def overview(request):
    return _overview(request, EnrolmentForm())


def _overview(request, form, *, status: int = 200):
    """Registration periods with their ledgers, the groups to get evidence for, certificates and
    signed statements. A fixed number of queries, however many meetings there are."""
    user = request.user
    today = timezone.localdate()
    meetings = selectors.attended_meetings(user)
    entries = []
    for enrolment in Enrolment.objects.filter(user=user).select_related("register"):
        ledger = compute_ledger(
            rules=Rules.from_register(enrolment.register),
            meetings=meetings,
            period_start=enrolment.period_start,
            today=today,
        )
        entries.append({"enrolment": enrolment, "ledger": ledger})
    groups = {}
    for meeting in meetings:
        if meeting.kind != "meeting":
            continue
        group = meeting.source.meeting.group
        row = groups.setdefault(group.pk, {"group": group, "present": 0})
        if meeting.present and not meeting.cancelled:
            row["present"] += 1
    certificates = list(Certificate.objects.filter(user=user).select_related("group"))
    statements = list(ReflectionStatement.objects.filter(user=user).select_related("group", "signed_by"))
    context = {
        "entries": entries,
        "form": form,
        "groups": sorted(groups.values(), key=lambda row: row["group"].name.lower()),
        "certificates": certificates,
        "statements": statements,
        "has_meetings": bool(meetings),
    }
    return render(request, "accreditation/overview.html", context, status=status)


@login_required
@require_POST
def enrolment_add(request):
    form = EnrolmentForm(request.POST)
    if form.is_valid():
        try:
            enrolment = domain.enrolment_create(
                user=request.user,
                register=form.cleaned_data["register"],
                period_start=form.cleaned_data["period_start"],
            )
        except domain.AccreditationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("Je registratieperiode bij %(register)s is toegevoegd.")
                % {"register": enrolment.register.name},
            )
            return redirect("accreditation:overview")
    return _overview(request, form, status=400)


@login_required
def enrolment_delete(request, pk: int):
    enrolment = Enrolment.objects.select_related("register").filter(pk=pk, user=request.user).first()
    if enrolment is None:
        raise Http404
    if request.method == "POST":
        domain.enrolment_delete(enrolment=enrolment, by=request.user)
        messages.success(
            request,
            _(
                "De registratieperiode bij %(register)s is verwijderd. Je bijeenkomsten en uren blijven bewaard."
            )
            % {"register": enrolment.register.name},
        )
        return redirect("accreditation:overview")
    return render(request, "accreditation/enrolment_delete.html", {"enrolment": enrolment})


# --- CSV export ---------------------------------------------------------------------------------------

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value) -> str:
    """Text that a spreadsheet will not run as a formula (a group named "=SUM(...)")."""
    text = str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def _csv_number(value: Decimal) -> str:
    # Dutch Excel reads "1,58" as a number; "1.58" would become a date or text. Always a comma,
    # whatever language the page is in: the file is for a Dutch portfolio.
    return f"{value:.2f}".replace(".", ",")


def _own_times(attendance) -> tuple:
    """When the person was there: their own arrival and departure inside the meeting's time (the
    same span their contact minutes are counted from), else the meeting's start and end."""
    meeting = attendance.meeting
    start = max(attendance.arrived_at or meeting.starts_at, meeting.starts_at)
    end = min(attendance.left_at or meeting.ends_at, meeting.ends_at)
    return start, end


@login_required
def export_csv(request):
    """The person's counted hours per registration period, for their own portfolio. Semicolons and a
    UTF-8 byte order mark, so Excel with Dutch settings opens it with the columns and the ë right.
    Begin and end are the person's own times (Dutch time), which the minutes are counted from."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reflectie-uren.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Datum"),
            _("Groep"),
            _("Begeleider en register"),
            _("Methode"),
            _("Begin"),
            _("Eind"),
            _("Minuten"),
            _("Uren"),
            _("Register"),
            _("Bevestigd"),
        ]
    )
    for enrolment, ledger in selectors.ledgers(request.user):
        for line in ledger.counted:
            if line.meeting.kind == "event":
                event = line.meeting.source.event
                breakout = line.meeting.source.published_breakout
                coach = breakout.coach.user if breakout and breakout.coach else None
                writer.writerow(
                    [
                        pdf.short_date(event.breakout_starts_at),
                        _csv_text(_("Themabijeenkomst: %(title)s") % {"title": event.title}),
                        _csv_text(
                            _("%(name)s (coach)") % {"name": coach} if coach else _("coach in kleine groep")
                        ),
                        _csv_text(_("intervisie in kleine groep")),
                        pdf.clock(event.breakout_starts_at),
                        pdf.clock(event.breakout_ends_at),
                        line.minutes,
                        _csv_number(line.hours),
                        _csv_text(enrolment.register.name),
                        _("ja"),
                    ]
                )
                continue
            attendance = line.meeting.source
            meeting = attendance.meeting
            start, end = _own_times(attendance)
            writer.writerow(
                [
                    pdf.short_date(meeting.starts_at),
                    _csv_text(meeting.group.name),
                    _csv_text(selectors.begeleider_label(meeting.group)),
                    _csv_text(meeting.method.name if meeting.method_id else ""),
                    pdf.clock(start),
                    pdf.clock(end),
                    line.minutes,
                    _csv_number(line.hours),
                    _csv_text(enrolment.register.name),
                    _("ja") if line.meeting.confirmed else _("nee"),
                ]
            )
    return response


# --- Evidence for one group ---------------------------------------------------------------------------


def _scope_from(form: ScopeForm, group) -> Scope:
    data = form.cleaned_data
    series = data.get("series")
    if series is not None:
        return Scope(group=group, series=series)
    return Scope(group=group, start=data.get("start"), end=data.get("end"))


def _evidence_page(request, group, form, *, status: int = 200):
    context = {
        "group": group,
        "form": form,
        "statements": ReflectionStatement.objects.filter(user=request.user, group=group).select_related(
            "signed_by"
        ),
        "certificates": Certificate.objects.filter(user=request.user, group=group),
        "can_plan": request.user.has_perm("accreditation.view_group_evidence", group),
    }
    return render(request, "accreditation/evidence.html", context, status=status)


@login_required
def evidence(request, slug: str):
    group = group_or_404(slug)
    if not request.user.has_perm("accreditation.view_own_evidence", group):
        raise Http404
    return _evidence_page(request, group, ScopeForm(group=group))


@login_required
def attendance_list_pdf(request, slug: str):
    """The person's own attendance list for a group (all attendees of the meetings they were at). A
    planner of the group gets the whole group's list, or one participant's with ?deelnemer=<id>."""
    group = group_or_404(slug)
    can_plan = request.user.has_perm("accreditation.view_group_evidence", group)
    if not can_plan and not request.user.has_perm("accreditation.view_own_evidence", group):
        raise Http404
    form = ScopeForm(request.GET, group=group)
    if not form.is_valid():
        if can_plan and not request.user.has_perm("accreditation.view_own_evidence", group):
            messages.error(request, _("Kies een goede periode of reeks voor de presentielijst."))
            return redirect("accreditation:certificates", slug=group.slug)
        return _evidence_page(request, group, form, status=400)
    person = request.user
    if can_plan:
        person = None
        if request.GET.get("deelnemer"):
            person = selectors.group_person(group, request.GET["deelnemer"])
            if person is None:
                raise Http404
    scope = _scope_from(form, group)
    data = selectors.attendance_list(scope, person=person)
    content = pdf.attendance_list_pdf(
        group=group,
        begeleider=selectors.begeleider_label(group),
        period=selectors.scope_period(scope, data.meetings),
        series=scope.series,
        meetings=data.meetings,
        attendees=data.attendees,
        person=person,
    )
    return _pdf_response(content, f"presentielijst-{group.slug}.pdf")


def verify_url(code: str) -> str:
    """The public check of a certificate or signed statement, as printed under its QR code."""
    return settings.SITE_URL + reverse("verify:certificate", args=[code])


def _statement_pdf(*, person, group, scope: Scope, statement=None) -> bytes:
    rules = selectors.evidence_rules()
    lines = [line for line in selectors.person_lines(scope, person, rules) if line.counted]
    if statement is not None:
        period = (statement.period_start, statement.period_end)
        hours = statement.hours
    else:
        period = selectors.scope_period(scope, [line.meeting.source.meeting for line in lines])
        hours = sum((line.hours for line in lines), Decimal("0.00"))
    return pdf.reflection_statement_pdf(
        person=person,
        group=group,
        period=period,
        lines=lines,
        hours=hours,
        min_minutes=rules.min_meeting_minutes,
        statement=statement,
        verify_url=verify_url(statement.code) if statement is not None else "",
    )


@login_required
def reflection_statement_pdf(request, slug: str):
    """The reflectieverklaring for a chosen period or series: the signed variant when the begeleider
    signed exactly this period in the app, otherwise the variant without supervisor."""
    group = group_or_404(slug)
    if not request.user.has_perm("accreditation.view_own_evidence", group):
        raise Http404
    form = ScopeForm(request.GET, group=group)
    if not form.is_valid():
        return _evidence_page(request, group, form, status=400)
    scope = _scope_from(form, group)
    rules = selectors.evidence_rules()
    lines = [line for line in selectors.person_lines(scope, request.user, rules) if line.counted]
    start, end = selectors.scope_period(scope, [line.meeting.source.meeting for line in lines])
    statement = (
        ReflectionStatement.objects.filter(
            user=request.user, group=group, period_start=start, period_end=end, revoked_at__isnull=True
        )
        .select_related("signed_by")
        .first()
    )
    if statement is not None:
        scope = Scope(group=group, start=statement.period_start, end=statement.period_end)
    content = _statement_pdf(person=request.user, group=group, scope=scope, statement=statement)
    return _pdf_response(content, f"reflectieverklaring-{group.slug}.pdf")


@login_required
def signed_statement_pdf(request, pk: int):
    statement = (
        ReflectionStatement.objects.select_related("user", "group__organisation", "signed_by")
        .filter(pk=pk, revoked_at__isnull=True)  # a revoked statement is no longer evidence
        .first()
    )
    if statement is None or not request.user.has_perm("accreditation.download_statement", statement):
        raise Http404
    scope = Scope(group=statement.group, start=statement.period_start, end=statement.period_end)
    content = _statement_pdf(person=statement.user, group=statement.group, scope=scope, statement=statement)
    return _pdf_response(content, f"reflectieverklaring-{statement.group.slug}-{statement.period_end}.pdf")


@login_required
def certificate_pdf(request, code: str):
    certificate = (
        Certificate.objects.select_related("user", "group__organisation")
        .filter(code=code, revoked_at__isnull=True)
        .first()
    )
    if certificate is None or not request.user.has_perm("accreditation.download_certificate", certificate):
        raise Http404
    content = pdf.certificate_pdf(certificate=certificate, verify_url=verify_url(certificate.code))
    return _pdf_response(content, f"certificaat-{certificate.code}.pdf")
