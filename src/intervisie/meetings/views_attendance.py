"""Attendance (registration and sign-off) and calendar files.

Each view names a django-rules permission and calls a domain function in ``meetings.attendance`` or
``meetings.calendar``. Someone without the permission gets 404, never 403. The personal calendar feed
is the one view without login: its secret token is the key.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intervisie.common.ics import ics_response
from intervisie.meetings import calendar
from intervisie.meetings.attendance import (
    AttendanceEntry,
    AttendanceError,
    attendance_closed_reason,
    attendance_confirm,
    attendance_dispute,
    attendance_people,
    attendance_register,
    attendances_to_confirm,
    clock,
)
from intervisie.meetings.enums import RsvpAnswer
from intervisie.meetings.forms_attendance import ABSENT, PRESENT, DisputeForm, attendance_formset_class
from intervisie.meetings.models import Attendance, CalendarFeed, Meeting

FORMSET_PREFIX = "aanwezig"


def _meeting_or_404(request, pk: int, permission: str) -> Meeting:
    meeting = Meeting.objects.select_related("group", "group__organisation", "method").filter(pk=pk).first()
    if meeting is None or not request.user.has_perm(permission, meeting):
        raise Http404
    return meeting


def _attendance_or_404(request, pk: int) -> Attendance:
    attendance = Attendance.objects.select_related("meeting", "meeting__group", "user").filter(pk=pk).first()
    if attendance is None or not request.user.has_perm("meetings.confirm_attendance", attendance):
        raise Http404
    return attendance


def _next_url(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _meeting_path(meeting: Meeting) -> str:
    return reverse(calendar.MEETING_PAGE, args=[meeting.pk])


# --- Registering attendance (begeleider, planner) ---------------------------------------------------


def _initial(meeting: Meeting, people: list, existing: dict) -> list[dict]:
    """The form's starting values: what was registered, else "not registered" with the meeting's own
    times ready. Nobody is present by default: hours for a register follow from this form."""
    rows = []
    for person in people:
        attendance = existing.get(person.pk)
        if attendance is not None:
            present = PRESENT if attendance.present else ABSENT
            arrived, left = attendance.arrived_at, attendance.left_at
        else:
            present, arrived, left = "", None, None
        rows.append(
            {
                "user": person.pk,
                "present": present,
                "arrived_at": clock(arrived or meeting.starts_at),
                "left_at": clock(left or meeting.ends_at),
            }
        )
    return rows


def _show_domain_error(formset, error: AttendanceError) -> str:
    """Put the domain's messages at the fields they are about; returns the message for above the form."""
    for form in formset.forms:
        person = form.person
        for name, message in error.errors.get(person.pk if person else None, {}).items():
            form.add_error(name, message)
    return str(error)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_register_view(request, pk):
    """One page, one POST: every participant with present yes/no and actual times. Fixed query count."""
    meeting = _meeting_or_404(request, pk, "meetings.register_attendance")
    closed = attendance_closed_reason(meeting)
    people = list(attendance_people(meeting))
    people_by_id = {p.pk: p for p in people}
    existing = {a.user_id: a for a in meeting.attendances.all()}
    not_coming = set(meeting.rsvps.filter(answer=RsvpAnswer.NOT_COMING).values_list("user_id", flat=True))
    formset_class = attendance_formset_class(len(people))
    form_kwargs = {"meeting": meeting, "people": people_by_id}
    status, form_error = 200, ""
    if request.method == "POST" and not closed:
        formset = formset_class(request.POST, form_kwargs=form_kwargs, prefix=FORMSET_PREFIX)
        if formset.is_valid():
            entries = [
                AttendanceEntry(
                    user_id=form.cleaned_data["user"],
                    present=form.cleaned_data["present"],
                    arrived_at=form.cleaned_data["arrived_at"],
                    left_at=form.cleaned_data["left_at"],
                )
                for form in formset.forms
            ]
            try:
                saved = attendance_register(meeting=meeting, by=request.user, entries=entries)
            except AttendanceError as error:
                form_error = _show_domain_error(formset, error)
            else:
                present = sum(1 for a in saved if a.present)
                messages.success(
                    request,
                    ngettext(
                        "De aanwezigheid is opgeslagen: %(present)d van de %(total)d mensen was er.",
                        "De aanwezigheid is opgeslagen: %(present)d van de %(total)d mensen waren er.",
                        present,
                    )
                    % {"present": present, "total": len(saved)},
                )
                return redirect("meetings:attendance", pk=meeting.pk)
        status = 400
    else:
        if request.method == "POST":
            status = 400  # the page says why: cancelled, or not started yet
        formset = formset_class(
            initial=_initial(meeting, people, existing),
            form_kwargs=form_kwargs,
            prefix=FORMSET_PREFIX,
        )
    for form in formset.forms:
        form.attendance = existing.get(form.person.pk) if form.person else None
        form.not_coming = form.person is not None and form.person.pk in not_coming
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "formset": formset,
            "closed": closed,
            "form_error": form_error,
            "meeting_path": _meeting_path(meeting),
            "start": clock(meeting.starts_at),
            "end": clock(meeting.ends_at),
        },
        status=status,
    )


# --- Sign-off (the person) ---------------------------------------------------------------------------


@login_required
@require_GET
def attendance_to_confirm_view(request):
    """The person's attendance that waits for their sign-off. Fixed query count."""
    return render(
        request,
        "meetings/attendance_to_confirm.html",
        {"to_confirm": list(attendances_to_confirm(request.user)), "next_url": request.path},
    )


@login_required
@require_POST
def attendance_confirm_view(request, pk):
    attendance = _attendance_or_404(request, pk)
    next_url = _next_url(request, reverse("meetings:attendance_to_confirm"))
    try:
        attendance_confirm(attendance=attendance, user=request.user)
    except AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Bedankt. Je aanwezigheid bij '%(meeting)s' is bevestigd.")
            % {"meeting": attendance.meeting.title},
        )
    return redirect(next_url)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_dispute_view(request, pk):
    """The "Klopt niet" page: a short note that goes to the begeleider."""
    attendance = _attendance_or_404(request, pk)
    next_url = _next_url(request, reverse("meetings:attendance_to_confirm"))
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_dispute(attendance=attendance, user=request.user, note=form.cleaned_data["note"])
        except AttendanceError as error:
            form.add_error("note", str(error))
        else:
            messages.success(
                request,
                _(
                    "Je bericht is verstuurd. De begeleider kijkt ernaar en past de aanwezigheid zo nodig aan."
                ),
            )
            return redirect(next_url)
    return render(
        request,
        "meetings/attendance_dispute.html",
        {
            "attendance": attendance,
            "meeting": attendance.meeting,
            "form": form,
            "next_url": next_url,
            "arrived": clock(attendance.arrived_at),
            "left": clock(attendance.left_at),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Calendar ----------------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_ics_view(request, pk):
    meeting = _meeting_or_404(request, pk, "meetings.view_meeting")
    return ics_response(calendar.meeting_ics(meeting), filename=calendar.meeting_ics_filename(meeting))


@require_GET
def calendar_feed_ics_view(request, token):
    """The secret subscription feed. No login (calendar apps cannot log in); an unknown or revoked
    token is a 404. Two queries, however many meetings."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = ics_response(calendar.feed_ics(feed), filename="intervisiewijzer.ics", attachment=False)
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_GET
def calendar_feed_view(request):
    """The person's subscription address and how to use it. Made on the first visit."""
    feed = calendar.calendar_feed_for(user=request.user)
    url = calendar.feed_url(feed)
    return render(
        request,
        "meetings/calendar_feed.html",
        {"feed": feed, "feed_url": url, "webcal_url": calendar.webcal_url(url)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_reset_view(request):
    """The "Nieuwe link maken" page: asks first (works without JavaScript), then revokes the old address."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if feed is None:
        return redirect("meetings:calendar_feed")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        calendar.calendar_feed_reset(feed=feed, by=request.user)
        messages.success(
            request,
            _(
                "Je hebt een nieuwe link. De oude link werkt niet meer. Zet de nieuwe link in je "
                "agenda-app en haal de oude agenda daar weg."
            ),
        )
        return redirect("meetings:calendar_feed")
    return render(request, "meetings/calendar_feed_reset.html", {"feed": feed})
