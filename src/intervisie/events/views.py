"""Themed event screens: the public list and page, registration, the organiser's pages (edit,
registrations and coaches, composition, attendance, results) and the live page.

Each view names a django-rules permission and calls one domain function. Someone without the
permission gets 404, never 403: an outsider cannot tell whether a draft event exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intervisie.accounts.enums import Role
from intervisie.common.anonymity import MIN_GROUP_SIZE
from intervisie.common.htmx import is_htmx
from intervisie.common.ics import ics_response
from intervisie.events import composition, domain
from intervisie.events.enums import (
    EventStatus,
    ParticipantRole,
    RegistrationKind,
    RegistrationStatus,
)
from intervisie.events.forms import (
    CancelEventForm,
    CoachForm,
    ComposeForm,
    EvaluationForm,
    EventForm,
    EventSearchForm,
    InviteForm,
    MoveForm,
    RegistrationForm,
    RegistrationSearchForm,
)
from intervisie.events.models import CoachInvite, Event, EventEvaluation, Registration

PAGE_SIZE = 20
REGISTRATIONS_PAGE_SIZE = 50
# Averages are shown from this many answers on, so one person's scores cannot be read off (the same
# threshold DESIGN.md sets for research data).
MIN_ANSWERS = MIN_GROUP_SIZE  # the platform's one anonymity floor
# Up to this many groups, each person gets a list of groups to move to; above it a number field.
MOVE_LIST_MAX = 20
# Solver findings the board does not repeat (see _board_context).
QUIET_FINDINGS = {"household_together"}
# The live page warns this long before the breakouts end.
WARNING_SECONDS = 60


def _event_or_404(request, slug: str, permission: str = "events.view_event") -> Event:
    event = (
        Event.objects.select_related("organisation").prefetch_related("organisers").filter(slug=slug).first()
    )
    if event is None or not request.user.has_perm(permission, event):
        raise Http404
    return event


def _own_registration(request, event) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=request.user)
        .select_related("breakout__coach__user", "published_breakout__coach__user", "organisation")
        .first()
    )


def _posted(request):
    """The submitted data for a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def _error(form, exc: domain.EventError):
    form.add_error(None, str(exc))


def event_state_label(event, now) -> str:
    """Where the event stands, for its organisers. The status alone says "Open voor aanmelden" for
    every published event, also after the deadline and long after the event took place."""
    if event.status != EventStatus.PUBLISHED:
        return event.get_status_display()
    if event.ends_at <= now:
        return _("Geweest")
    if event.plenary_starts_at <= now:
        return _("Nu bezig")
    if event.registration_deadline <= now:
        return _("Aanmelden gesloten")
    return event.get_status_display()


def _posted_id(value: str) -> int | None:
    """An id from a posted field, or None. Only ASCII digits: "²".isdigit() is true, yet int() refuses
    it; and no more than 18 of them, so the number fits the database's id column."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


# --- Public --------------------------------------------------------------------------------------------


def event_list(request):
    """Upcoming (or past) published events, with search, sorting and pages."""
    form = EventSearchForm(request.GET)
    params = form.values()
    when, query, sort = params["wanneer"], params["q"], params["sorteer"]
    now = timezone.now()
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]).annotate(
        taken=Count(
            "registrations",
            filter=Q(
                registrations__kind=RegistrationKind.PARTICIPANT,
                registrations__status=RegistrationStatus.CONFIRMED,
            ),
        )
    )
    # An event that is going on is still "komend" until its breakouts end (``Event.is_past``), so
    # people can find the live page during the event.
    if when == "voorbij":
        events = events.filter(breakout_ends_at__lte=now)
    else:
        events = events.filter(breakout_ends_at__gt=now)
    if query:
        events = events.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(expert_name__icontains=query)
        )
    if sort == "thema":
        events = events.order_by("title", "plenary_starts_at")
    else:
        events = events.order_by("-plenary_starts_at" if when == "voorbij" else "plenary_starts_at", "pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "search_form": form,
        "page": page,
        "query": query,
        "when": when,
        "sort": sort,
        "can_create": request.user.has_perm("events.create_event"),
    }
    template = "events/list.html#results" if is_htmx(request) else "events/list.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def event_detail(request, slug):
    event = _event_or_404(request, slug)
    registration = _own_registration(request, event)
    taken = domain.seats_taken(event)
    context = {
        "event": event,
        "registration": registration,
        "taken": taken,
        "free": max(0, event.capacity - taken),
        "waiting": event.registrations.filter(status=RegistrationStatus.WAITLIST).count(),
        "can_manage": request.user.has_perm("events.manage_event", event),
        "position": domain.waitlist_position(registration)
        if registration and registration.status == RegistrationStatus.WAITLIST
        else None,
        "is_begeleider": request.user.is_authenticated and request.user.has_role(Role.BEGELEIDER),
    }
    return render(request, "events/detail.html", context)


def event_ics(request, slug):
    event = _event_or_404(request, slug)
    return ics_response(domain.event_ics(event), filename=domain.ics_filename(event))


def _initial_role(user) -> str:
    for role in (ParticipantRole.GEZINSHUISOUDER, ParticipantRole.JEUGDZORGWERKER):
        if user.has_role(role):
            return role
    return ""


@login_required
def register(request, slug):
    event = _event_or_404(request, slug)
    registration = _own_registration(request, event)
    if registration and registration.status != RegistrationStatus.CANCELLED:
        messages.info(request, _("Je bent al aangemeld voor deze bijeenkomst."))
        return redirect("events:detail", event.slug)
    if not event.registration_open:
        messages.info(request, _("Aanmelden voor deze bijeenkomst kan niet (meer)."))
        return redirect("events:detail", event.slug)
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                registration = domain.registration_create(
                    event=event, user=request.user, fields=form.registration_fields()
                )
            except domain.EventError as exc:
                _error(form, exc)
            else:
                if registration.status == RegistrationStatus.CONFIRMED:
                    messages.success(request, _("Je bent aangemeld. Je krijgt een bevestiging per e-mail."))
                else:
                    messages.info(request, _("De bijeenkomst is vol. Je staat op de wachtlijst."))
                return redirect("events:detail", event.slug)
    else:
        form = RegistrationForm(initial={"role": _initial_role(request.user)})
    status = 400 if request.method == "POST" else 200
    return render(request, "events/register.html", {"event": event, "form": form}, status=status)


@login_required
def register_coach(request, slug):
    """Begeleiders can offer themselves as coach; others need an organiser's invitation."""
    event = _event_or_404(request, slug)
    if not request.user.has_role(Role.BEGELEIDER):
        raise Http404
    registration = _own_registration(request, event)
    if registration and registration.status != RegistrationStatus.CANCELLED:
        messages.info(request, _("Je bent al aangemeld voor deze bijeenkomst."))
        return redirect("events:detail", event.slug)
    form = CoachForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            domain.registration_create(
                event=event, user=request.user, fields=form.registration_fields(), kind=RegistrationKind.COACH
            )
        except domain.EventError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Dank je wel! Je bent aangemeld als coach."))
            return redirect("events:detail", event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/register_coach.html", {"event": event, "form": form}, status=status)


def coach_invite(request, slug, token):
    invite = CoachInvite.objects.select_related("event").filter(token=token, event__slug=slug).first()
    if invite is None:
        raise Http404
    event = invite.event
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.email.lower() != invite.email.lower():
        # The link was forwarded, or the person has two accounts: a coach sees participants' names,
        # so only the invited address may accept.
        context = {"event": event, "invite": invite, "wrong_account": True}
        return render(request, "events/coach_invite.html", context, status=403)
    form = CoachForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            domain.coach_invite_accept(invite=invite, user=request.user, fields=form.registration_fields())
        except domain.EventError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Dank je wel! Je bent coach bij deze bijeenkomst."))
            return redirect("events:detail", event.slug)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "form": form, "invite": invite}
    return render(request, "events/coach_invite.html", context, status=status)


@login_required
def cancel_registration(request, slug):
    """Confirm, then cancel one's own registration; the seat goes to the waitlist."""
    event = _event_or_404(request, slug)
    registration = _own_registration(request, event)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            domain.registration_cancel(registration=registration, by=request.user)
        except domain.EventError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Je bent afgemeld. Je plaats gaat naar iemand op de wachtlijst."))
            return redirect("events:detail", event.slug)
    context = {"event": event, "registration": registration, "error": error}
    return render(request, "events/cancel_registration.html", context, status=400 if error else 200)


@login_required
def mine(request):
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(user=request.user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "breakout")
        .order_by("event__plenary_starts_at")
    )
    organised = list(request.user.organised_events.order_by("-plenary_starts_at"))
    for event in organised:
        event.state_label = event_state_label(event, now)
    context = {
        "upcoming": [r for r in registrations if r.event.ends_at > now],
        "past": [r for r in registrations if r.event.ends_at <= now][::-1],
        "organised": organised,
        "can_create": request.user.has_perm("events.create_event"),
    }
    return render(request, "events/mine.html", context)


# --- The live page ---------------------------------------------------------------------------------


def _phase(event, now) -> str:
    if event.is_cancelled:
        return "cancelled"
    if now < event.plenary_starts_at:
        return "before"
    if now < event.breakout_starts_at:
        return "plenary"
    if now < event.breakout_ends_at:
        return "breakout"
    return "after"


@login_required
def live(request, slug):
    """Plenary link first; from the start of the breakouts each person's own breakout link, with a
    countdown and a warning one minute before the end. The page asks the server for the phase every
    15 seconds (HTMX), so it changes by itself."""
    event = _event_or_404(request, slug, "events.view_live")
    registration = _own_registration(request, event)
    now = timezone.now()
    phase = _phase(event, now)
    breakout = None
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        if registration.is_coach:
            breakout = getattr(registration, "coached_breakout", None)
        else:
            # Participants see the group that was sent to them: a later move counts once it is sent.
            breakout = registration.published_breakout
    ends_in = (event.breakout_ends_at - now).total_seconds()
    warning = phase == "breakout" and ends_in <= WARNING_SECONDS
    # The page polls every 15 seconds; while nothing changed the answer is empty (204), so focus
    # stays where it is and screen readers only hear a change.
    state = f"{phase}-{breakout.pk if breakout else 0}-{int(warning)}"
    if is_htmx(request) and request.GET.get("state") == state:
        return HttpResponse(status=204)
    context = {
        "event": event,
        "registration": registration,
        "phase": phase,
        "breakout": breakout,
        "now_ms": int(now.timestamp() * 1000),
        "breakout_starts_ms": int(event.breakout_starts_at.timestamp() * 1000),
        "breakout_ends_ms": int(event.breakout_ends_at.timestamp() * 1000),
        "warning": warning,
        "state": state,
        "starts_soon": (event.breakout_starts_at - now).total_seconds() < 24 * 3600,
        "can_manage": request.user.has_perm("events.manage_event", event),
    }
    template = "events/live.html#live_state" if is_htmx(request) else "events/live.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    response["Cache-Control"] = "no-store"
    return response


# --- Evaluation ------------------------------------------------------------------------------------


@login_required
def evaluate(request, slug):
    event = _event_or_404(request, slug, "events.view_live")
    registration = _own_registration(request, event)
    if registration is None or registration.is_coach:
        raise Http404
    done = EventEvaluation.objects.filter(registration=registration).exists()
    form = EvaluationForm(_posted(request))
    if request.method == "POST" and not done and form.is_valid():
        try:
            domain.evaluation_submit(registration=registration, fields=form.cleaned_data)
        except domain.EventError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Dank je wel voor je beoordeling!"))
            return redirect("events:detail", event.slug)
    status = 400 if request.method == "POST" and not done else 200
    context = {"event": event, "form": form, "done": done}
    return render(request, "events/evaluate.html", context, status=status)


# --- Organisers ------------------------------------------------------------------------------------


@login_required
def create(request):
    if not request.user.has_perm("events.create_event"):
        raise Http404
    form = EventForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = domain.event_create(by=request.user, fields=form.event_fields())
        except domain.EventError as exc:
            _error(form, exc)
        else:
            messages.success(
                request, _("De bijeenkomst is opgeslagen als concept. Publiceer hem als alles klopt.")
            )
            return redirect("events:manage", event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/form.html", {"form": form, "event": None}, status=status)


@login_required
def edit(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    if event.is_past or event.is_cancelled:
        # Attendance and hours refer to the event as it was; the page says so instead of a form.
        return render(request, "events/form.html", {"event": event, "read_only": True})
    form = EventForm(_posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            domain.event_update(event=event, by=request.user, fields=form.event_fields())
        except domain.EventError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("events:manage", event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/form.html", {"form": form, "event": event}, status=status)


@login_required
@require_POST
def publish(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    try:
        domain.event_publish(event=event, by=request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De bijeenkomst staat online. Mensen kunnen zich nu aanmelden."))
    return redirect("events:manage", event.slug)


@login_required
def delete_draft(request, slug):
    """Confirm, then delete a draft (it was never public, so nobody is told)."""
    event = _event_or_404(request, slug, "events.manage_event")
    if event.status != EventStatus.DRAFT:
        raise Http404
    if request.method == "POST":
        domain.event_delete_draft(event=event, by=request.user)
        messages.success(request, _("Het concept is verwijderd."))
        return redirect("events:mine")
    return render(request, "events/delete_draft.html", {"event": event})


@login_required
def cancel_event(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    form = CancelEventForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            domain.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except domain.EventError as exc:
            _error(form, exc)
        else:
            messages.success(
                request, _("De bijeenkomst is afgezegd. Iedereen die zich had aangemeld krijgt een e-mail.")
            )
            return redirect("events:manage", event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/cancel_event.html", {"event": event, "form": form}, status=status)


REGISTRATION_SORTS = {
    "naam": ("user__name", "user__email"),
    "rol": ("role", "user__name"),
    "organisatie": ("organisation__name", "organisation_other", "user__name"),
    "regio": ("region", "user__name"),
    "datum": ("queued_at", "pk"),
}


@login_required
def manage(request, slug):
    """The organiser's page: status, numbers, registrations (search, filter, sort, pages), coaches."""
    event = _event_or_404(request, slug, "events.manage_event")
    template = "events/manage.html#registrations" if is_htmx(request) else "events/manage.html"
    response = render(request, template, _manage_context(request, event))
    response["Vary"] = "HX-Request"
    return response


def _manage_context(request, event, *, invite_form=None) -> dict:
    form = RegistrationSearchForm(request.GET, sorts=REGISTRATION_SORTS)
    params = form.values()
    query, status, sort = params["q"], params["status"], params["sorteer"]
    registrations = event.registrations.filter(kind=RegistrationKind.PARTICIPANT).select_related(
        "user", "organisation", "breakout"
    )
    if status:
        registrations = registrations.filter(status=status)
    if query:
        registrations = registrations.filter(
            Q(user__name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(organisation_other__icontains=query)
        )
    registrations = registrations.order_by(*REGISTRATION_SORTS[sort])
    counts = dict(
        event.registrations.filter(kind=RegistrationKind.PARTICIPANT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    coaches = list(
        event.registrations.filter(kind=RegistrationKind.COACH, status=RegistrationStatus.CONFIRMED)
        .select_related("user", "organisation", "coached_breakout")
        .order_by("user__name")
    )
    context = {
        "event": event,
        "state_label": event_state_label(event, timezone.now()),
        "search_form": form,
        "page": Paginator(registrations, REGISTRATIONS_PAGE_SIZE).get_page(request.GET.get("pagina")),
        "query": query,
        "status": status,
        "sort": sort,
        "statuses": RegistrationStatus.choices,
        "counts": counts,
        "coaches": coaches,
        "invites": list(event.coach_invites.filter(accepted_at__isnull=True)),
        "invite_form": invite_form or InviteForm(),
    }
    return context


@login_required
def cancel_for(request, slug, pk):
    """The organiser cancels someone's registration (a no-show, or a coach who cannot come), after
    confirming. The person gets an e-mail; a freed seat goes to the waitlist."""
    event = _event_or_404(request, slug, "events.manage_event")
    registration = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .filter(pk=pk)
        .first()
    )
    if registration is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            domain.registration_cancel(registration=registration, by=request.user)
        except domain.EventError as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("%(name)s is afgemeld en krijgt een e-mail.") % {"name": registration.user}
            )
            return redirect("events:manage", event.slug)
    context = {"event": event, "registration": registration, "error": error, "by_organiser": True}
    return render(request, "events/cancel_registration.html", context, status=400 if error else 200)


@login_required
@require_POST
def invite_coach(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    form = InviteForm(request.POST)
    if form.is_valid():
        resend = CoachInvite.objects.filter(event=event, email__iexact=form.cleaned_data["email"]).exists()
        try:
            domain.coach_invite_create(event=event, email=form.cleaned_data["email"], by=request.user)
        except domain.EventError as exc:
            form.add_error("email", str(exc))
        else:
            if resend:
                messages.success(request, _("De uitnodiging is opnieuw verstuurd."))
            else:
                messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect(reverse("events:manage", args=[event.slug]) + "#coaches")
    # The page again with the typed address and the message at the field.
    return render(
        request, "events/manage.html", _manage_context(request, event, invite_form=form), status=400
    )


# --- Composition -------------------------------------------------------------------------------------


def _board_context(event, board, *, feedback=None, report=None, compose_form=None):
    people = board.people

    def texts(findings):
        # The pair rule is the organiser's own choice: no need to repeat it as a finding.
        return [composition.finding_text(f, people) for f in findings if f["code"] not in QUIET_FINDINGS]

    groups = []
    for index, breakout in enumerate(board.breakouts):
        findings = board.group_findings.get(breakout.pk, {})
        groups.append(
            {
                "breakout": breakout,
                "index": index,
                "members": board.members.get(breakout.pk, []),
                "roles": findings.get("roles", {}),
                "organisations": len(findings.get("organisations", {})),
                "regions": len(findings.get("regions", {})),
                "problems": texts(findings.get("violations", [])),
                "notes": texts(findings.get("warnings", [])),
            }
        )
    report = report if report is not None else event.composition_report or {}
    return {
        "event": event,
        "board": board,
        "groups": groups,
        "violations": texts([f for f in board.violations if f.get("group") is None]),
        "all_violations": len(board.violations),
        "warnings": texts([f for f in board.warnings if f.get("group") is None]),
        "report": report,
        "report_problems": texts(report.get("violations", [])) if not board.breakouts else [],
        "feedback": feedback,
        "move_choices": [("", _("Geen groep"))]
        + [(str(b.pk), _("Groep %(n)d") % {"n": b.number}) for b in board.breakouts],
        # With many groups a number field replaces the list (the page stays light for 1,000 people).
        "move_by_number": len(board.breakouts) > MOVE_LIST_MAX,
        "max_number": max((b.number for b in board.breakouts), default=1),
        "role_labels": dict(ParticipantRole.choices),
        "compose_form": compose_form or ComposeForm(initial={"priority": event.composition_priority}),
        "comparison": composition.comparison_text(board.comparison),
    }


def _render_board(request, event, *, board=None, feedback=None, report=None, compose_form=None, status=200):
    """The composition page, or just the board for HTMX. ``board`` when the caller has it already."""
    if is_htmx(request):
        # HTMX does not swap 4xx answers by default; the message must reach the board all the same.
        status = 200
    board = board if board is not None else composition.board(event)
    context = _board_context(event, board, feedback=feedback, report=report, compose_form=compose_form)
    template = "events/composition.html#board" if is_htmx(request) else "events/composition.html"
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


@login_required
def composition_view(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    return _render_board(request, event)


@login_required
@require_POST
def compose(request, slug):
    """Compose the breakouts, first saving the most important criterion when the organiser chose
    another one (it is an event setting: the board and the next composition use it too)."""
    event = _event_or_404(request, slug, "events.manage_event")
    form = ComposeForm(request.POST)
    if not form.is_valid():
        feedback = {"error": _("Er is niets ingedeeld: kies wat het belangrijkst is bij het indelen.")}
        return _render_board(request, event, feedback=feedback, compose_form=form, status=400)
    priority = form.cleaned_data["priority"]
    try:
        if priority and priority != event.composition_priority:
            event = domain.event_update(
                event=event, by=request.user, fields={"composition_priority": priority}
            )
        report = composition.composition_compose(event=event, by=request.user)
    except domain.EventError as exc:
        return _render_board(request, event, feedback={"error": str(exc)}, status=400)
    event.refresh_from_db()
    feedback = {"composed": True, "seconds": report["seconds"], "changed": report["changed"]}
    return _render_board(request, event, feedback=feedback, report=report)


@login_required
@require_POST
def move(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    form = MoveForm(request.POST, event=event)
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        return _render_board(request, event, feedback={"error": " ".join(errors)}, status=400)
    registration = form.cleaned_data["registration_obj"]
    try:
        outcome = composition.composition_move(
            registration=registration, breakout=form.cleaned_data["breakout_obj"], by=request.user
        )
    except domain.EventError as exc:
        return _render_board(request, event, feedback={"error": str(exc)}, status=400)
    board = outcome["board"]
    target = form.cleaned_data["breakout_obj"]
    feedback = {
        "moved": str(registration.user),
        "to": target.number if target else None,
        "broken": [composition.finding_text(f, board.people) for f in outcome["broken"]],
        "mended": [composition.finding_text(f, board.people) for f in outcome["mended"]],
        "pairs": composition.pairs_change_text(event.composition_priority, *outcome["pairs"]),
    }
    return _render_board(request, event, board=board, feedback=feedback)


@login_required
@require_POST
def lock(request, slug):
    """Pin or release a person (``registration``) or a whole group (``breakout``)."""
    event = _event_or_404(request, slug, "events.manage_event")
    locked = request.POST.get("locked") == "1"
    breakout_id = _posted_id(request.POST.get("breakout", ""))
    registration_id = _posted_id(request.POST.get("registration", ""))
    try:
        if breakout_id is not None:
            breakout = event.breakouts.filter(pk=breakout_id).first()
            if breakout is None:
                raise Http404
            composition.breakout_lock_set(breakout=breakout, locked=locked, by=request.user)
        elif registration_id is not None:
            registration = event.registrations.filter(
                pk=registration_id, kind=RegistrationKind.PARTICIPANT
            ).first()
            if registration is None:
                raise Http404
            composition.registration_lock_set(registration=registration, locked=locked, by=request.user)
        else:
            raise Http404
    except domain.EventError as exc:
        return _render_board(request, event, feedback={"error": str(exc)}, status=400)
    return _render_board(request, event)


@login_required
@require_POST
def publish_composition(request, slug):
    """Sending e-mails everyone in one go: the board asks first, with the number of people."""
    event = _event_or_404(request, slug, "events.manage_event")
    if request.POST.get("confirm") != "1":
        current = composition.board(event)
        if current.breakouts and current.feasible:
            return _render_board(request, event, board=current, feedback={"confirm_publish": True})
        # Not ready to send: the attempt below says why.
    try:
        mailed = composition.composition_publish(event=event, by=request.user)
    except domain.EventError as exc:
        return _render_board(request, event, feedback={"error": str(exc)}, status=400)
    event.refresh_from_db()
    return _render_board(request, event, feedback={"published": mailed})


# --- Attendance and results ------------------------------------------------------------------------


@login_required
def attendance(request, slug):
    event = _event_or_404(request, slug, "events.manage_event")
    registrations = list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("user", "breakout")
        .order_by("kind", "breakout__number", "user__name")
    )
    error = ""
    if request.method == "POST":
        present = {_posted_id(v) for v in request.POST.getlist("present")} - {None}
        try:
            count = domain.attendance_save(event=event, by=request.user, present_ids=present)
        except domain.EventError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Aanwezigheid opgeslagen: %(present)d van de %(total)d aanwezig.")
                % {"present": count, "total": len(registrations)},
            )
            return redirect("events:attendance", event.slug)
    context = {
        "event": event,
        "registrations": registrations,
        "error": error,
        "started": timezone.now() >= event.plenary_starts_at,
    }
    return render(request, "events/attendance.html", context, status=400 if error else 200)


@login_required
def results(request, slug):
    """The evaluation summarised: averages from five answers on, and the written answers without
    names in alphabetical order (not newest first, which would tie a text to whoever just answered)."""
    event = _event_or_404(request, slug, "events.manage_event")
    answers = EventEvaluation.objects.filter(registration__event=event)
    summary = answers.aggregate(
        n=Count("pk"),
        plenary=Avg("plenary_rating"),
        breakout=Avg("breakout_rating"),
        mix=Avg("mix_rating"),
    )
    show = summary["n"] >= MIN_ANSWERS
    texts = list(answers.values_list("takeaway", "suggestion")) if show else []
    attended = event.registrations.filter(attended=True, kind=RegistrationKind.PARTICIPANT).count()
    context = {
        "event": event,
        "summary": summary,
        "show": show,
        "min_answers": MIN_ANSWERS,
        "takeaways": sorted((t for t, _s in texts if t.strip()), key=str.casefold),
        "suggestions": sorted((s for _t, s in texts if s.strip()), key=str.casefold),
        "attended": attended,
    }
    return render(request, "events/results.html", context)
