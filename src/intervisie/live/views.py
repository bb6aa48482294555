"""The guided live session pages. Each view names a django-rules permission (live/rules.py) and calls a
domain function in ``live.domain``; someone outside the group's circle gets 404, never 403.

Every screen polls ``/sessie/<pk>/stand/?v=<state key>`` every 2 seconds (plain HTTP GET, so it works
behind any proxy) and a reloaded page renders the same state from the database: a dropped connection
loses nothing. While the state key is unchanged the answer is an empty 204, so nothing on the screen is
replaced: a keyboard or screen-reader user keeps their place, and a half-typed note stays as it is.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intervisie.common.htmx import is_htmx
from intervisie.live import domain
from intervisie.live.forms import StartForm
from intervisie.live.models import LiveSession, SessionStatus, SilentAnswer, StepNote, Takeaway
from intervisie.meetings.models import Meeting

ACTIONS = {
    "vorige": domain.session_previous,
    "volgende": domain.session_next,
    "pauze": domain.session_pause,
    "verder": domain.session_resume,
    "extra-tijd": domain.session_add_time,
    "toon-antwoord": domain.session_reveal_next,
    "afronden": domain.session_end,
}


def _meeting_or_404(request, pk: int, permission: str = "live.view_session") -> Meeting:
    meeting = Meeting.objects.select_related("group").filter(pk=pk).first()
    if meeting is None or not request.user.has_perm(permission, meeting):
        raise Http404
    return meeting


def _session_of(meeting: Meeting) -> LiveSession | None:
    """The meeting's session, with what else changes a screen without a new ``version`` (the group note
    of the current step, the number of written answers) in the same query, for the state key."""
    in_step = {"session": OuterRef("pk"), "step_position": OuterRef("step_position")}
    session = (
        LiveSession.objects.select_related("method", "case", "chair", "timekeeper", "bringer")
        .annotate(
            group_note_at=Subquery(
                StepNote.objects.filter(**in_step, is_group_note=True).values("updated_at")[:1]
            ),
            answers_written=Subquery(
                SilentAnswer.objects.filter(**in_step)
                .exclude(text="")
                .values("session")
                .annotate(count=Count("pk"))
                .values("count")[:1]
            ),
        )
        .filter(meeting=meeting)
        .first()
    )
    if session is not None:
        session.meeting = meeting
    return session


def _state_key(session: LiveSession | None, *, is_leader: bool, may_start: bool) -> str:
    """A short fingerprint of everything the polled state shows this person, except the running timer
    (the browser counts that down itself). Equal keys mean the screen is up to date: the state endpoint
    then answers 204 and nothing is swapped."""
    if session is None:
        parts = ["waiting", may_start]
    else:
        parts = [
            session.version,
            session.status,
            session.step_position,
            session.step_started_at.isoformat(),
            session.paused_at.isoformat() if session.paused_at else "",
            session.paused_seconds,
            session.extra_seconds,
            session.revealed_upto,
            is_leader,
            getattr(session, "group_note_at", None) or "",
            # Only the chair's screen counts the written answers ("1 van 3 antwoorden getoond").
            (getattr(session, "answers_written", None) or 0) if is_leader else "",
        ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _state_context(
    request, meeting: Meeting, session: LiveSession | None, *, is_leader: bool | None = None, **overrides
) -> dict:
    context = {"meeting": meeting, "session": session, "may_start": False}
    if session is None:
        context["may_start"] = request.user.has_perm("live.start_session", meeting)
        context["state_key"] = _state_key(None, is_leader=False, may_start=context["may_start"])
        context.update(overrides)
        return context
    now = timezone.now()
    steps = domain.session_steps(session)
    step = domain.current_step(session, steps)
    if is_leader is None:
        is_leader = request.user.has_perm("live.lead_session", session)
    step_number = steps.index(step) + 1 if step else 0
    is_paused = session.paused_at is not None
    context.update(
        steps=steps,
        step=step,
        step_number=step_number,
        step_count=len(steps),
        is_first=bool(steps) and step == steps[0],
        is_last=bool(steps) and step == steps[-1],
        is_leader=is_leader,
        is_bringer=session.bringer_id == request.user.pk,
        is_paused=is_paused,
        server_now_ms=int(now.timestamp() * 1000),
        state_key=_state_key(session, is_leader=is_leader, may_start=False),
        announcement=_announcement(step, step_number, len(steps), is_paused=is_paused),
    )
    if step is None:
        context.update(overrides)
        return context
    remaining = domain.session_remaining(session, step, now=now)
    context.update(
        remaining=remaining,
        remaining_abs=abs(remaining),
        ends_at_ms=int(now.timestamp() * 1000) + remaining * 1000,
    )
    answers = SilentAnswer.objects.filter(session=session, step_position=step.position)
    if step.is_silent_writing:
        mine = answers.filter(user=request.user).first()
        context["my_answer"] = mine
        context["answer_text"] = mine.text if mine else ""
        if step.shares_answers:
            context["revealed_answers"] = list(
                answers.filter(revealed_at__isnull=False).select_related("user").order_by("revealed_at", "pk")
            )
            if is_leader:
                context["answer_count"] = answers.exclude(text="").count()
    notes = {
        note.is_group_note: note
        for note in StepNote.objects.filter(session=session, step_position=step.position).filter(
            is_group_note=True
        )
        | StepNote.objects.filter(session=session, step_position=step.position, user=request.user)
    }
    context["group_note"] = notes.get(True)
    context["group_note_text"] = notes[True].text if True in notes else ""
    context["note_text"] = notes[False].text if False in notes else ""
    context.update(overrides)
    return context


def _announcement(step, number: int, total: int, *, is_paused: bool) -> str:
    """What the polite live region says when it changes: the step, and whether the session is paused."""
    if step is None:
        return ""
    text = _("Stap %(number)s van %(total)s: %(name)s.") % {
        "number": number,
        "total": total,
        "name": step.name,
    }
    if is_paused:
        text = f"{text} {_('De sessie staat op pauze.')}"
    return text


def _session_url(meeting: Meeting) -> str:
    return reverse("live:session", args=[meeting.pk])


@login_required
@require_GET
def session_page(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    session = _session_of(meeting)
    if session is not None and session.status == SessionStatus.ENDED:
        return redirect("live:close", pk=meeting.pk)
    return render(request, "live/session.html", _state_context(request, meeting, session))


@never_cache
@login_required
@require_GET
def session_state(request, pk: int):
    """The polled state. ``v`` is the state key the screen shows; while it is still right the answer
    is an empty 204 (htmx swaps nothing, so focus and typed text stay put)."""
    meeting = _meeting_or_404(request, pk)
    session = _session_of(meeting)
    if session is not None and session.status == SessionStatus.ENDED:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("live:close", args=[meeting.pk])
        return response
    if session is None:
        is_leader, may_start = False, request.user.has_perm("live.start_session", meeting)
    else:
        is_leader, may_start = request.user.has_perm("live.lead_session", session), False
    if request.GET.get("v") == _state_key(session, is_leader=is_leader, may_start=may_start):
        return HttpResponse(status=204)
    context = _state_context(request, meeting, session, is_leader=is_leader)
    return render(request, "live/_state.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_start_page(request, pk: int):
    meeting = _meeting_or_404(request, pk, "live.start_session")
    if _session_of(meeting) is not None:
        messages.info(request, _("De sessie is al gestart."))
        return redirect("live:session", pk=meeting.pk)
    if request.method == "POST":
        form = StartForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                domain.session_start(meeting=meeting, by=request.user, **form.cleaned_data)
            except domain.SessionPermissionError as error:
                raise Http404 from error
            except domain.SessionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("De sessie is gestart."))
                return redirect("live:session", pk=meeting.pk)
    else:
        form = StartForm(meeting=meeting, initial={"chair": request.user})
    return render(request, "live/start.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def session_action(request, pk: int, action: str):
    meeting = _meeting_or_404(request, pk)
    session = _session_of(meeting)
    function = ACTIONS.get(action)
    if session is None or function is None or not request.user.has_perm("live.lead_session", session):
        raise Http404
    error_message = None
    try:
        expected_version = int(request.POST.get("expected_version", ""))
    except ValueError:
        error_message = _("Er ging iets mis met je knop. Je ziet nu de actuele stand; probeer het opnieuw.")
    else:
        kwargs = {"session": session, "by": request.user, "expected_version": expected_version}
        if action == "extra-tijd":
            kwargs["minutes"] = 2
        try:
            function(**kwargs)
        except domain.SessionPermissionError as error:
            raise Http404 from error
        except domain.SessionError as error:
            error_message = error.message
    if is_htmx(request):
        return _action_state_response(request, meeting, error_message)
    if error_message:
        messages.error(request, error_message)
    return redirect("live:session", pk=meeting.pk)


def _action_state_response(request, meeting: Meeting, error_message: str | None):
    """The chair's buttons post with htmx: answer with the new state, swapped in place, so the focused
    button (same id in the new state) keeps the focus and the live region announces the new step."""
    session = _session_of(meeting)
    if session.status == SessionStatus.ENDED:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("live:close", args=[meeting.pk])
        return response
    return render(
        request, "live/_state.html", _state_context(request, meeting, session, action_error=error_message)
    )


def _writing_response(request, meeting, session, template, **overrides):
    if is_htmx(request):
        # "fresh": this answer replaces the form itself, so it must not carry hx-preserve (htmx would
        # keep the old form and drop the message); the next poll preserves this new form.
        context = _state_context(request, meeting, session, fresh=True, **overrides)
        return render(request, template, context)
    if overrides.get("saved"):
        messages.success(request, overrides["saved"])
        return redirect("live:session", pk=meeting.pk)
    # Nothing typed is lost: show the whole page again with the text and the message at the field
    # (and on top, in case the step moved on and the field is gone).
    for key, value in overrides.items():
        if key.endswith("_error"):
            messages.error(request, value)
    return render(request, "live/session.html", _state_context(request, meeting, session, **overrides))


@login_required
@require_POST
def answer_save(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    session = _session_of(meeting)
    if session is None:
        raise Http404
    text = request.POST.get("text", "")
    try:
        domain.silent_answer_save(session=session, user=request.user, text=text)
    except domain.SessionPermissionError as error:
        raise Http404 from error
    except domain.SessionError as error:
        return _writing_response(
            request, meeting, session, "live/_answer_form.html", answer_text=text, answer_error=error.message
        )
    return _writing_response(
        request, meeting, session, "live/_answer_form.html", saved=_("Je antwoord is opgeslagen.")
    )


@login_required
@require_POST
def note_save(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    session = _session_of(meeting)
    if session is None:
        raise Http404
    is_group_note = request.POST.get("group") == "1"
    text = request.POST.get("text", "")
    template = "live/_group_note_form.html" if is_group_note else "live/_note_form.html"
    prefix = "group_note" if is_group_note else "note"
    try:
        domain.step_note_save(session=session, user=request.user, text=text, is_group_note=is_group_note)
    except domain.SessionPermissionError as error:
        raise Http404 from error
    except domain.SessionError as error:
        return _writing_response(
            request, meeting, session, template, **{f"{prefix}_text": text, f"{prefix}_error": error.message}
        )
    return _writing_response(request, meeting, session, template, saved=_("Je notitie is opgeslagen."))


def _next_steps(user, meeting: Meeting) -> list[dict]:
    """What comes after the session for this person, each only when their role allows it: a participant
    writes a reflection and the evaluation; whoever registers attendance (the begeleider, a planner) does
    that; the begeleider and planners read the group's evaluations. A begeleider writes no reflection,
    so they never get that link (it would be a 404 for them)."""
    steps = []
    if user.has_perm("meetings.view_meeting", meeting) and user.has_perm("reflections.write", meeting):
        steps.append(
            {
                "url": reverse("reflections:meeting", args=[meeting.pk]),
                "label": _("Naar je reflectie en de evaluatie"),
                "text": _("Schrijf je reflectie en vul de korte evaluatie in."),
            }
        )
    if user.has_perm("meetings.register_attendance", meeting):
        steps.append(
            {
                "url": reverse("meetings:attendance", args=[meeting.pk]),
                "label": _("Aanwezigheid registreren"),
                "text": _("Vul in wie er waren en hoe lang. Zo krijgt iedereen de juiste uren."),
            }
        )
    if user.has_perm("reflections.view_evaluations", meeting.group):
        steps.append(
            {
                "url": reverse("reflections:evaluations", args=[meeting.group.slug]),
                "label": _("Evaluaties van de groep bekijken"),
                "text": _("Bekijk hoe de groep de bijeenkomsten en de methode beoordeelt."),
            }
        )
    return steps


@login_required
@require_http_methods(["GET", "POST"])
def session_close(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    session = _session_of(meeting)
    if session is None or session.status != SessionStatus.ENDED:
        return redirect("live:session", pk=meeting.pk)
    mine = Takeaway.objects.filter(session=session, user=request.user).first()
    text = mine.text if mine else ""
    error = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            domain.takeaway_save(session=session, user=request.user, text=text)
        except domain.SessionPermissionError as exc:
            raise Http404 from exc
        except domain.SessionError as exc:
            error = exc.message
        else:
            messages.success(request, _("Opgeslagen. Fijn dat je dit meeneemt."))
            return redirect("live:close", pk=meeting.pk)
    group_notes = list(
        StepNote.objects.filter(session=session, is_group_note=True)
        .exclude(text="")
        .order_by("step_position")
    )
    return render(
        request,
        "live/close.html",
        {
            "meeting": meeting,
            "session": session,
            "takeaway_text": text,
            "takeaway_error": error,
            "group_notes": group_notes,
            "next_steps": _next_steps(request.user, meeting),
            "is_bringer": session.bringer_id == request.user.pk,
        },
    )
