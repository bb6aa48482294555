"""The kartrekker's pages: their programmes, starting and editing one, its dates (with the "five meetings"
proposal), groups and begeleiders, partners, the overview with the school-year timeline and the status
steps, and the recruitment dashboard with the sign-ups.

Who opens what: the kartrekker and the managers of the initiator (``programmes.manage_programme``) all of
it; the begeleiders (``programmes.view_programme``) the overview, the dates and the groups, read only;
everyone else, a superuser too, gets 404 (the permissions are confidential). Names of sign-ups are shown
here only, never to partners."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from intervisie.common.htmx import is_htmx
from intervisie.programmes import domain, domain_manage
from intervisie.programmes.charts import Bar, bar_chart, cumulative_chart
from intervisie.programmes.domain import ProgrammeError
from intervisie.programmes.enums import Category, DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.forms_manage import (
    EDITABLE_FIELDS,
    PARTNER_FIELDS,
    SORT_LABELS,
    DateForm,
    FiveMeetingsForm,
    GroupForm,
    PartnerForm,
    ProgrammeForm,
    ProposedMeetingFormSet,
    SignupFilterForm,
    date_problems,
    school_year_warning,
)
from intervisie.programmes.models import Partner, Programme, ProgrammeDate, Signup
from intervisie.programmes.selectors import (
    category_rows,
    initiator_choices,
    managed_organisation_ids,
    my_programmes,
    partner_rows,
    programme_steps,
    signup_list,
    status_counts,
    weekly_totals,
)
from intervisie.programmes.templatetags.programmes_manage import optional_url
from intervisie.programmes.timeline import StepState

LIST_PAGE_SIZE = 20
SIGNUP_PAGE_SIZE = 25
# A bulk invitation handles at most this many sign-ups (a page holds 25); more in one post is no person.
BULK_LIMIT = 200

CATEGORY_PLURAL = {
    Category.STUDENT: gettext_lazy("Studenten"),
    Category.PROFESSIONAL: gettext_lazy("Professionals"),
    Category.PARENT: gettext_lazy("Ouders"),
    Category.YOUNG_PERSON: gettext_lazy("Jongeren"),
}


# --- Lookups -----------------------------------------------------------------------------------------------


def programme_or_404(request, slug: str, permission: str = "programmes.manage_programme") -> Programme:
    """The programme for those with ``permission`` on it; everyone else 404, with no hint that it exists,
    a superuser too (the programmes' permissions are confidential). The one lookup of every programmes page."""
    programme = get_object_or_404(
        Programme.objects.select_related("initiator", "kartrekker", "method"), slug=slug
    )
    if not request.user.has_perm(permission, programme):
        raise Http404
    return programme


def managed_programme_or_404(request, slug: str) -> Programme:
    """The kartrekker and the initiator's managers only."""
    return programme_or_404(request, slug)


def viewable_programme_or_404(request, slug: str) -> tuple[Programme, bool]:
    """The programme for those who run it or guide one of its groups, and whether they may change it."""
    programme = get_object_or_404(Programme.objects.select_related("initiator", "kartrekker"), slug=slug)
    if request.user.has_perm("programmes.manage_programme", programme):
        return programme, True
    if request.user.has_perm("programmes.view_programme", programme):
        return programme, False
    raise Http404


def _refused(request, error: ProgrammeError) -> None:
    messages.error(request, str(error))


# --- The kartrekker's programmes ---------------------------------------------------------------------------


@login_required
def manage_list(request):
    """The programmes I run as kartrekker, manage for the initiator, or guide as begeleider."""
    # PostgreSQL refuses a NUL byte in a query: one from an edited address is dropped.
    query = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    page = Paginator(my_programmes(user=request.user, query=query), LIST_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    managed = managed_organisation_ids(user=request.user)
    rows = []
    for programme in page.object_list:
        if programme.kartrekker_id == request.user.pk:
            role = _("Kartrekker")
        elif programme.initiator_id in managed:
            role = _("Initiatiefnemer")
        else:
            role = _("Begeleider")
        rows.append((programme, role))
    return render(
        request,
        "programmes/manage/list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "may_start": initiator_choices(user=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Start a programme from an organisation I manage (a gemeente, kenniswerkplaats or opleiding); I am
    its kartrekker."""
    initiators = initiator_choices(user=request.user)
    if not initiators.exists():
        raise Http404
    form = ProgrammeForm(request.POST or None, initiators=initiators, user=request.user)
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        programme.kartrekker = request.user
        try:
            domain.programme_create(programme=programme, by=request.user)
        except ProgrammeError as error:
            form.add_error("initiator", str(error))
        else:
            messages.success(
                request,
                _("Het programma staat klaar als concept. Zet nu de data erin en kies de begeleiders."),
            )
            return redirect("programmes:manage", slug=programme.slug)
    return render(request, "programmes/manage/form.html", {"form": form, "programme": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str):
    programme = managed_programme_or_404(request, slug)
    before = {name: getattr(programme, name) for name in EDITABLE_FIELDS}
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        changed = [name for name in EDITABLE_FIELDS if before[name] != getattr(programme, name)]
        try:
            domain_manage.programme_update(programme=programme, changed=changed, by=request.user)
        except ProgrammeError as error:
            form.add_error("group_count", str(error))
        else:
            if not request.user.has_perm("programmes.manage_programme", programme):
                messages.success(
                    request,
                    _("%(name)s is nu de kartrekker van %(programme)s.")
                    % {
                        "name": programme.kartrekker.name or programme.kartrekker.email,
                        "programme": programme.name,
                    },
                )
                return redirect("programmes:manage_list")
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("programmes:manage", slug=programme.slug)
    if request.method == "POST":
        # The form shows what was typed; the page around it shows the programme as it is saved.
        programme.refresh_from_db()
    return render(request, "programmes/manage/form.html", {"form": form, "programme": programme})


# --- The overview and the status steps ---------------------------------------------------------------------

# The steps the overview offers, with what the confirmation says. Publishing the groups (composing →
# running) happens on the composition page, which shows the groups first.
STATUS_STEPS = {
    (ProgrammeStatus.DRAFT, ProgrammeStatus.RECRUITING): (
        gettext_lazy("Werving starten"),
        gettext_lazy(
            "De programmapagina en de aanmeldpagina's gaan open, en partners kunnen hun wervingslink delen. "
            "Kijk eerst of de data, de begeleiders en de wervingsteksten kloppen."
        ),
    ),
    (ProgrammeStatus.RECRUITING, ProgrammeStatus.COMPOSING): (
        gettext_lazy("Aanmelden sluiten en groepen indelen"),
        gettext_lazy(
            "Daarna kan niemand zich meer aanmelden en deel je de groepen in. Je kunt het aanmelden later "
            "weer openen."
        ),
    ),
    (ProgrammeStatus.RECRUITING, ProgrammeStatus.DRAFT): (
        gettext_lazy("Terug naar concept"),
        gettext_lazy(
            "De aanmeldpagina's gaan dicht. Wie zich al aanmeldde, blijft aangemeld en krijgt geen bericht."
        ),
    ),
    (ProgrammeStatus.COMPOSING, ProgrammeStatus.RECRUITING): (
        gettext_lazy("Aanmelden weer openen"),
        gettext_lazy("De aanmeldpagina's gaan weer open, zodat er nog mensen bij kunnen komen."),
    ),
    (ProgrammeStatus.RUNNING, ProgrammeStatus.FINISHED): (
        gettext_lazy("Programma afronden"),
        gettext_lazy("Het programma is dan klaar. Dit kun je niet terugdraaien."),
    ),
}


def _status_steps(programme: Programme) -> list[dict]:
    current = ProgrammeStatus(programme.status)
    return [
        {"status": to, "label": label, "explanation": explanation}
        for (frm, to), (label, explanation) in STATUS_STEPS.items()
        if frm == current and to in domain.TRANSITIONS[current]
    ]


@dataclass
class TimelineRow:
    step: object
    url: str


@login_required
def manage(request, slug: str):
    """The programme's overview: status and next steps, the school-year timeline with warnings, the
    sign-ups per category against the target, and the way to every manage page."""
    programme, may_manage = viewable_programme_or_404(request, slug)
    counts = status_counts(programme=programme)
    steps = programme_steps(programme=programme, counts=counts)
    rows = [
        TimelineRow(step, optional_url(step.url_name, programme.slug) if may_manage and step.url_name else "")
        for step in steps
    ]
    late = [step for step in steps if step.state == StepState.LATE]
    return render(
        request,
        "programmes/manage/overview.html",
        {
            "programme": programme,
            "may_manage": may_manage,
            "timeline": rows,
            "late": late,
            "status_steps": _status_steps(programme) if may_manage else [],
            "categories": category_rows(programme=programme, counts=counts),
            "groups": list(programme.groups.select_related("begeleider")),
            **_links(programme, may_manage),
        },
    )


def _links(programme: Programme, may_manage: bool) -> dict:
    """The pages of other parts of the app, when they exist."""
    if not may_manage:
        return {"links": {}}
    return {
        "links": {
            "recruitment": optional_url("programmes:recruitment", programme.slug),
            "composition": optional_url("programmes:composition", programme.slug),
            "report": optional_url("programmes:report", programme.slug),
        }
    }


@login_required
@require_http_methods(["GET", "POST"])
def status(request, slug: str, status: str):
    """Confirm a status step (GET) and take it (POST). A step that cannot be taken now shows why and
    changes nothing."""
    programme = managed_programme_or_404(request, slug)
    if status not in ProgrammeStatus.values:
        raise Http404
    step = STATUS_STEPS.get((ProgrammeStatus(programme.status), ProgrammeStatus(status)))
    if step is None:
        messages.error(
            request,
            _("Dit kan nu niet: het programma staat op “%(status)s”.")
            % {"status": programme.get_status_display()},
        )
        return redirect("programmes:manage", slug=programme.slug)
    if request.method == "POST":
        try:
            domain.set_programme_status(programme=programme, status=status, by=request.user)
        except ProgrammeError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("Gelukt: het programma staat nu op “%(status)s”.")
                % {"status": ProgrammeStatus(status).label},
            )
        return redirect("programmes:manage", slug=programme.slug)
    label, explanation = step
    return render(
        request,
        "programmes/manage/status_confirm.html",
        {"programme": programme, "status": status, "label": label, "explanation": explanation},
    )


# --- Dates -------------------------------------------------------------------------------------------------


@dataclass
class DateRow:
    date: ProgrammeDate
    warning: str


def _date_rows(programme: Programme) -> list[DateRow]:
    dates = list(programme.dates.select_related("group"))
    return [
        DateRow(
            date,
            school_year_warning(kind=date.kind, starts_at=date.starts_at, school_year=programme.school_year)
            or date_problems(
                kind=date.kind,
                starts_at=date.starts_at,
                group_id=date.group_id,
                others=[d for d in dates if d.pk != date.pk],
            ),
        )
        for date in dates
    ]


def _date_saved(request, form: DateForm, date: ProgrammeDate, message: str) -> None:
    messages.success(request, message)
    if form.warning:
        messages.warning(request, form.warning)


@login_required
@require_http_methods(["GET", "POST"])
def dates(request, slug: str):
    """The information meeting, the start meeting, the meetings and the final evaluation, with a form to
    add one (the kartrekker) or to read them (the begeleiders)."""
    programme, may_manage = viewable_programme_or_404(request, slug)
    form = None
    if may_manage:
        form = DateForm(request.POST or None, programme=programme)
    elif request.method == "POST":
        raise Http404
    if request.method == "POST" and form.is_valid():
        date = form.save(commit=False)
        try:
            domain_manage.date_save(programme=programme, date=date, by=request.user)
        except ProgrammeError as error:
            form.add_error(None, str(error))
        else:
            _date_saved(request, form, date, _("%(kind)s toegevoegd.") % {"kind": date.get_kind_display()})
            return redirect("programmes:manage_dates", slug=programme.slug)
    return render(
        request,
        "programmes/manage/dates.html",
        {
            "programme": programme,
            "may_manage": may_manage,
            "rows": _date_rows(programme),
            "form": form,
            "published": programme.published_at is not None,
        },
    )


def _date_or_404(programme: Programme, pk: int) -> ProgrammeDate:
    return get_object_or_404(ProgrammeDate.objects.select_related("group"), pk=pk, programme=programme)


@login_required
@require_http_methods(["GET", "POST"])
def date_edit(request, slug: str, pk: int):
    programme = managed_programme_or_404(request, slug)
    date = _date_or_404(programme, pk)
    form = DateForm(request.POST or None, instance=date, programme=programme)
    if request.method == "POST" and form.is_valid():
        date = form.save(commit=False)
        try:
            domain_manage.date_save(programme=programme, date=date, by=request.user)
        except ProgrammeError as error:
            form.add_error(None, str(error))
        else:
            _date_saved(request, form, date, _("%(kind)s opgeslagen.") % {"kind": date.get_kind_display()})
            return redirect("programmes:manage_dates", slug=programme.slug)
    return render(
        request, "programmes/manage/date_form.html", {"programme": programme, "form": form, "date": date}
    )


@login_required
@require_http_methods(["GET", "POST"])
def date_remove(request, slug: str, pk: int):
    programme = managed_programme_or_404(request, slug)
    date = _date_or_404(programme, pk)
    if request.method == "POST":
        try:
            domain_manage.date_remove(date=date, by=request.user)
        except ProgrammeError as error:
            _refused(request, error)
        else:
            messages.success(request, _("%(kind)s weggehaald.") % {"kind": date.get_kind_display()})
        return redirect("programmes:manage_dates", slug=programme.slug)
    return render(request, "programmes/manage/date_remove.html", {"programme": programme, "date": date})


@login_required
@require_http_methods(["GET", "POST"])
def dates_five(request, slug: str):
    """The "five meetings" helper: choose a first day, the times and the weeks between; adjust the
    proposed dates; save them all at once."""
    programme = managed_programme_or_404(request, slug)
    settings_form = FiveMeetingsForm(request.POST or None, programme=programme)
    proposal = None
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "save":
        # The rows as typed stay on the page, whatever is wrong, so nothing typed is lost.
        proposal = ProposedMeetingFormSet(request.POST, prefix="voorstel")
        if settings_form.is_valid() and proposal.is_valid():
            data = settings_form.cleaned_data
            if _proposal_fits(programme, proposal, data["group"]):
                slots = [(f.cleaned_data["starts_at"], f.cleaned_data["ends_at"]) for f in proposal.forms]
                try:
                    domain_manage.meetings_add(
                        programme=programme,
                        slots=slots,
                        format=data["format"],
                        location=data["location"],
                        group=data["group"],
                        by=request.user,
                    )
                except ProgrammeError as error:
                    _refused(request, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s bijeenkomst toegevoegd.",
                            "%(count)s bijeenkomsten toegevoegd.",
                            len(slots),
                        )
                        % {"count": len(slots)},
                    )
                    for warning in _proposal_warnings(programme, slots):
                        messages.warning(request, warning)
                    return redirect("programmes:manage_dates", slug=programme.slug)
    elif request.method == "POST" and settings_form.is_valid():
        data = settings_form.cleaned_data
        slots = domain_manage.propose_meetings(
            first=data["first"],
            starts=data["starts"],
            ends=data["ends"],
            weeks_between=data["weeks_between"],
            count=data["count"],
        )
        proposal = ProposedMeetingFormSet(
            prefix="voorstel", initial=[{"starts_at": s, "ends_at": e} for s, e in slots]
        )
    return render(
        request,
        "programmes/manage/dates_five.html",
        {"programme": programme, "form": settings_form, "proposal": proposal},
    )


def _proposal_fits(programme: Programme, proposal, group) -> bool:
    """Every proposed meeting after the start meeting (a message at the row otherwise)."""
    others = list(programme.dates.all())
    fits = True
    for form in proposal.forms:
        problem = date_problems(
            kind=DateKind.MEETING,
            starts_at=form.cleaned_data["starts_at"],
            group_id=group.pk if group else None,
            others=others,
        )
        if problem:
            form.add_error("starts_at", problem)
            fits = False
    return fits


def _proposal_warnings(programme: Programme, slots) -> list[str]:
    return [
        warning
        for starts, _ends in slots
        if (
            warning := school_year_warning(
                kind=DateKind.MEETING, starts_at=starts, school_year=programme.school_year
            )
        )
    ]


# --- Groups ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def groups(request, slug: str):
    """Each group's name and begeleider (chosen by the e-mail address of their account; the kartrekker
    may guide a group too). The number of groups is set on the edit page."""
    programme, may_manage = viewable_programme_or_404(request, slug)
    if request.method == "POST" and not may_manage:
        raise Http404
    items = list(programme.groups.select_related("begeleider").order_by("position"))
    published = programme.published_at is not None
    forms = []
    if may_manage and not published:
        required = programme.status != ProgrammeStatus.DRAFT
        for group in items:
            initial = {
                "name": group.name,
                "begeleider_email": group.begeleider.email if group.begeleider else "",
            }
            forms.append(
                (
                    group,
                    GroupForm(
                        request.POST or None,
                        prefix=f"g{group.pk}",
                        initial=initial,
                        begeleider_required=required,
                    ),
                )
            )
    if request.method == "POST":
        if published:
            messages.error(
                request,
                _(
                    "De groepen zijn al bekendgemaakt. Kies een andere begeleider op de pagina van de groep zelf."
                ),
            )
            return redirect("programmes:manage_groups", slug=programme.slug)
        if all(form.is_valid() for _group, form in forms):
            rows = [(group, form.cleaned_data["name"], form.begeleider) for group, form in forms]
            try:
                domain_manage.groups_update(programme=programme, rows=rows, by=request.user)
            except ProgrammeError as error:
                _refused(request, error)
            else:
                messages.success(request, _("De groepen zijn opgeslagen."))
                return redirect("programmes:manage_groups", slug=programme.slug)
    return render(
        request,
        "programmes/manage/groups.html",
        {
            "programme": programme,
            "may_manage": may_manage,
            "groups": items,
            "forms": forms,
            "published": published,
        },
    )


# --- Partners ----------------------------------------------------------------------------------------------


def _partner_or_404(programme: Programme, pk: int) -> Partner:
    return get_object_or_404(Partner.objects.select_related("organisation"), pk=pk, programme=programme)


def _partner_link(programme: Programme, partner: Partner) -> str:
    return settings.SITE_URL + reverse("programmes:partner_link", args=[programme.slug, partner.code])


@login_required
@require_http_methods(["GET", "POST"])
def partners(request, slug: str):
    """The partners with what each committed to against what came in through its link, and a form to add
    one (its contact person gets an invitation to the partner page)."""
    programme = managed_programme_or_404(request, slug)
    form = PartnerForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        partner = form.save()
        try:
            domain.partner_add(programme=programme, partner=partner, by=request.user)
        except ProgrammeError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request,
                _("%(partner)s is toegevoegd. %(contact)s krijgt een uitnodiging voor de partnerpagina.")
                % {"partner": partner.name, "contact": partner.contact_email},
            )
            return redirect("programmes:manage_partners", slug=programme.slug)
    rows = partner_rows(programme=programme, with_unattributed=False)
    return render(
        request,
        "programmes/manage/partners.html",
        {
            "programme": programme,
            "rows": [(row, _partner_link(programme, row.partner)) for row in rows],
            "categories": [(c, CATEGORY_PLURAL[c]) for c in Category],
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, slug: str, pk: int):
    programme = managed_programme_or_404(request, slug)
    partner = _partner_or_404(programme, pk)
    partner.programme = programme
    before = {name: getattr(partner, name) for name in PARTNER_FIELDS}
    form = PartnerForm(request.POST or None, instance=partner, programme=programme)
    if request.method == "POST" and form.is_valid():
        partner = form.save()
        changed = [name for name in PARTNER_FIELDS if before[name] != getattr(partner, name)]
        try:
            domain_manage.partner_update(partner=partner, changed=changed, by=request.user)
        except ProgrammeError as error:
            form.add_error("name", str(error))
        else:
            message = _("De gegevens van %(partner)s zijn opgeslagen.") % {"partner": partner.name}
            if "contact_email" in changed:
                message += " " + _("%(contact)s krijgt een nieuwe uitnodiging.") % {
                    "contact": partner.contact_email
                }
            messages.success(request, message)
            return redirect("programmes:manage_partners", slug=programme.slug)
    return render(
        request,
        "programmes/manage/partner_form.html",
        {"programme": programme, "partner": partner, "form": form},
    )


@login_required
@require_POST
def partner_resend(request, slug: str, pk: int):
    programme = managed_programme_or_404(request, slug)
    partner = _partner_or_404(programme, pk)
    partner.programme = programme
    domain_manage.partner_invite_resend(partner=partner, by=request.user)
    messages.success(
        request,
        _("De uitnodiging is opnieuw gestuurd naar %(contact)s.") % {"contact": partner.contact_email},
    )
    return redirect("programmes:manage_partners", slug=programme.slug)


@login_required
@require_http_methods(["GET", "POST"])
def partner_remove(request, slug: str, pk: int):
    """Confirm and remove a partner; refused (with why) once sign-ups came in through its link."""
    programme = managed_programme_or_404(request, slug)
    partner = _partner_or_404(programme, pk)
    partner.programme = programme
    if request.method == "POST":
        try:
            domain_manage.partner_remove(partner=partner, by=request.user)
        except ProgrammeError as error:
            _refused(request, error)
        else:
            messages.success(request, _("%(partner)s is weggehaald.") % {"partner": partner.name})
        return redirect("programmes:manage_partners", slug=programme.slug)
    return render(
        request,
        "programmes/manage/partner_remove.html",
        {"programme": programme, "partner": partner, "attributed": partner.signups.count()},
    )


# --- The recruitment dashboard and the sign-ups ------------------------------------------------------------


@dataclass
class SignupRow:
    signup: Signup
    age: int | None
    year_warning: bool
    actions: list[str]


# The steps the kartrekker takes on this page; placing happens on the composition board, withdrawing is
# the participant's own.
SIGNUP_ACTIONS = (SignupStatus.INVITED, SignupStatus.RESERVE, SignupStatus.DECLINED)
ACTION_LABELS = {
    SignupStatus.INVITED: gettext_lazy("Uitnodigen"),
    SignupStatus.RESERVE: gettext_lazy("Op reservelijst"),
    SignupStatus.DECLINED: gettext_lazy("Afwijzen"),
}


def _signup_rows(signups, today) -> list[SignupRow]:
    rows = []
    for signup in signups:
        allowed = domain.SIGNUP_TRANSITIONS[SignupStatus(signup.status)]
        rows.append(
            SignupRow(
                signup=signup,
                age=domain.age_on(signup.birth_date, today) if signup.birth_date else None,
                year_warning=signup.category == Category.STUDENT
                and bool(signup.study_year)
                and signup.study_year not in domain.STUDENT_YEARS,
                actions=[status for status in SIGNUP_ACTIONS if status in allowed],
            )
        )
    return rows


def _week(day) -> str:
    return formats.date_format(day, "j b")


def _dashboard_context(request, programme: Programme) -> dict:
    today = timezone.localdate()
    counts = status_counts(programme=programme)
    categories = category_rows(programme=programme, counts=counts)
    by_partner = partner_rows(programme=programme)
    weeks = weekly_totals(
        programme=programme, until=today if programme.status == ProgrammeStatus.RECRUITING else None
    )
    label = {row.category: CATEGORY_PLURAL[row.category] for row in categories}
    bars = [Bar(str(label[row.category]), row.active, row.target) for row in categories]
    mix_chart = bar_chart(
        chart_id="aanmeldingen-categorie",
        title=_("Aanmeldingen per categorie tegen het doel"),
        description="; ".join(
            _("%(who)s: %(count)s van %(target)s")
            % {"who": label[row.category], "count": row.active, "target": row.target}
            for row in categories
        ),
        bars=bars,
        value_label=lambda bar: (
            _("%(count)s van %(target)s") % {"count": bar.value, "target": bar.target or 0}
        ),
    )
    week_chart = cumulative_chart(
        chart_id="aanmeldingen-week",
        title=_("Aanmeldingen per week, opgeteld"),
        description=_("Van %(first)s tot %(last)s: in totaal %(total)s aanmeldingen.")
        % {"first": _week(weeks[0][0]), "last": _week(weeks[-1][0]), "total": weeks[-1][2]}
        if weeks
        else "",
        points=[(week, total) for week, _new, total in weeks],
        date_format=_week,
    )
    partners = [row.partner for row in by_partner if row.partner is not None]
    form = SignupFilterForm(request.GET, partners=partners)
    params = form.values()
    page = Paginator(
        signup_list(
            programme=programme,
            query=params["q"],
            category=params["categorie"],
            status=params["status"],
            partner=params["partner"],
            sort=params["sorteer"],
        ),
        SIGNUP_PAGE_SIZE,
    ).get_page(request.GET.get("pagina"))
    return {
        "programme": programme,
        "categories": categories,
        "category_labels": label,
        "partner_rows": by_partner,
        "partner_categories": [(c, CATEGORY_PLURAL[c]) for c in Category],
        "weeks": weeks,
        "mix_chart": mix_chart,
        "week_chart": week_chart,
        "form": form,
        "params": params,
        "sorts": list(SORT_LABELS.items()),
        "category_choices": Category.choices,
        "status_choices": SignupStatus.choices,
        "partners": partners,
        "page": page,
        "rows": _signup_rows(page.object_list, today),
        "action_labels": ACTION_LABELS,
        "filter_query": _filter_query(params),
    }


def _filter_query(params: dict) -> str:
    return urlencode({key: value for key, value in params.items() if value and value != "nieuwste"})


@login_required
def signups(request, slug: str):
    """The recruitment dashboard: sign-ups per category against the target mix, per partner and per
    week (charts with tables), and the list of sign-ups to invite, place on the reserve list or decline."""
    programme = managed_programme_or_404(request, slug)
    template = "programmes/manage/signups.html"
    response = render(
        request,
        f"{template}#signup-list" if is_htmx(request) else template,
        _dashboard_context(request, programme),
    )
    response["Vary"] = "HX-Request"
    return response


def _signup_or_404(programme: Programme, pk: int) -> Signup:
    return get_object_or_404(
        Signup.objects.select_related("partner", "recorded_by"), pk=pk, programme=programme
    )


LIST_PARAMS = ("q", "categorie", "status", "partner", "sorteer", "pagina")


def _list_query(raw: str) -> str:
    """The sign-up list's own parameters from a query string that came back from the page (anything
    else is dropped), so the kartrekker returns to the list as it was filtered."""
    kept = QueryDict(raw[:500])
    return urlencode([(key, kept[key][:100]) for key in LIST_PARAMS if kept.get(key)])


def _back_to_list(request, programme: Programme):
    query = _list_query(request.POST.get("terug", ""))
    url = reverse("programmes:manage_signups", args=[programme.slug])
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_http_methods(["GET", "POST"])
def signup_status(request, slug: str, pk: int, status: str):
    """Invite a sign-up, place it on the reserve list or decline it. GET asks for confirmation (for a
    decline with the kind standard message the person will receive); POST does it."""
    programme = managed_programme_or_404(request, slug)
    if status not in SIGNUP_ACTIONS:
        raise Http404
    signup = _signup_or_404(programme, pk)
    signup.programme = programme
    if request.method == "POST":
        try:
            domain.set_signup_status(signup=signup, status=status, by=request.user)
        except ProgrammeError as error:
            _refused(request, error)
        else:
            messages.success(request, SIGNUP_DONE[status] % {"name": signup.name})
        return _back_to_list(request, programme)
    allowed = SignupStatus(status) in domain.SIGNUP_TRANSITIONS[SignupStatus(signup.status)]
    message = ""
    if allowed and status in domain.SIGNUP_EMAILS:
        message = render_to_string(
            f"{domain.SIGNUP_EMAILS[status]}.txt",
            {
                "programme": programme,
                "signup": signup,
                "link": domain.signup_url(signup),
                "site_url": settings.SITE_URL,
            },
        ).strip()
    return render(
        request,
        "programmes/manage/signup_status.html",
        {
            "programme": programme,
            "signup": signup,
            "status": status,
            "label": ACTION_LABELS[status],
            "allowed": allowed,
            "message": message,
            "back": _list_query(request.GET.get("terug", "")),
        },
    )


SIGNUP_DONE = {
    SignupStatus.INVITED: gettext_lazy("%(name)s is uitgenodigd en krijgt een e-mail."),
    SignupStatus.RESERVE: gettext_lazy("%(name)s staat op de reservelijst en krijgt een e-mail."),
    SignupStatus.DECLINED: gettext_lazy("%(name)s is afgewezen en krijgt een vriendelijk bericht."),
}


@login_required
@require_POST
def signups_invite(request, slug: str):
    """Invite every selected sign-up that can be invited now; say how many, and why others could not."""
    programme = managed_programme_or_404(request, slug)
    ids = {
        int(value)
        for value in request.POST.getlist("aanmelding")[:BULK_LIMIT]
        # "²" is a digit to str.isdigit() but not to int(): only whole ASCII numbers are ids.
        if value.isascii() and value.isdigit() and len(value) < 12
    }
    if not ids:
        messages.error(request, _("Kies eerst wie je wilt uitnodigen: vink ze aan in de lijst."))
        return _back_to_list(request, programme)
    invited, refused = 0, []
    for signup in programme.signups.filter(pk__in=ids).order_by("created_at", "pk"):
        signup.programme = programme
        try:
            # Each invitation is its own step (and e-mail): one that cannot be taken does not undo the others.
            with transaction.atomic():
                domain.set_signup_status(signup=signup, status=SignupStatus.INVITED, by=request.user)
        except ProgrammeError as error:
            refused.append(f"{signup.name}: {error}")
        else:
            invited += 1
    if invited:
        messages.success(
            request,
            ngettext(
                "%(count)s persoon uitgenodigd. Die krijgt een e-mail.",
                "%(count)s mensen uitgenodigd. Ze krijgen een e-mail.",
                invited,
            )
            % {"count": invited},
        )
    for reason in refused:
        messages.error(request, reason)
    return _back_to_list(request, programme)
