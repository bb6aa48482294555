"""Group life screens: the charter, the group's meetings, planning, a meeting's page with RSVP, and a
person's own overview.

Each view names a django-rules permission and calls one domain function. Someone without the
permission gets 404, never 403: an outsider cannot tell whether a group's meetings exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intervisie.groups.enums import PARTICIPANT_STATES
from intervisie.groups.models import IntervisionGroup, Membership
from intervisie.meetings import domain
from intervisie.meetings.enums import RsvpAnswer
from intervisie.meetings.forms import (
    CancelForm,
    CharterForm,
    MeetingForm,
    RsvpForm,
    SeriesForm,
    add_domain_errors,
)
from intervisie.meetings.models import Charter, CharterAgreement, Meeting, Rsvp

PAST_SHOWN = 12  # past meetings on the group page; older ones stay in the attendance records


def _group_or_404(request, slug: str, permission: str) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_related("organisation").filter(slug=slug).first()
    if group is None or not request.user.has_perm(permission, group):
        raise Http404
    return group


def _meeting_or_404(request, pk: int, permission: str = "meetings.view_meeting") -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "group", "group__organisation", "group__begeleider", "method", "series"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not request.user.has_perm(permission, meeting):
        raise Http404
    return meeting


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def gap_message(gap: domain.Gap, max_weeks: int, *, has_charter: bool) -> str:
    """A plain Dutch sentence about one gap between two meetings."""
    values = {
        "from": _day(gap.before.starts_at),
        "to": _day(gap.after.starts_at),
        "weeks": gap.weeks,
        "max": max_weeks,
    }
    if has_charter:
        return (
            _(
                "Tussen %(from)s en %(to)s zitten ruim %(weeks)d weken. Jullie hebben afgesproken: hoogstens "
                "%(max)d weken tussen twee bijeenkomsten. Plan er een bijeenkomst tussen."
            )
            % values
        )
    return (
        _(
            "Tussen %(from)s en %(to)s zitten ruim %(weeks)d weken. Plan liever niet meer dan %(max)d weken "
            "tussen twee bijeenkomsten, anders verliest de groep de draad."
        )
        % values
    )


def _gap_messages(group, charter, gaps) -> list[str]:
    weeks = domain.max_gap_weeks(charter)
    return [gap_message(g, weeks, has_charter=charter is not None) for g in gaps]


def _warn_about_gaps(request, group) -> None:
    charter = domain.charter_current(group)
    for text in _gap_messages(group, charter, domain.group_meeting_gaps(group, charter=charter)):
        messages.warning(request, text)


# --- A person's own overview --------------------------------------------------------------------------


@login_required
def mine(request):
    """The person's coming meetings across their groups, with what they answered (fixed query count)."""
    meetings = domain.upcoming_for_user(request.user)
    participant_groups = set(
        Membership.objects.filter(user=request.user, state__in=PARTICIPANT_STATES).values_list(
            "group_id", flat=True
        )
    )
    for meeting in meetings:
        meeting.i_participate = meeting.group_id in participant_groups
    return render(request, "meetings/mine.html", {"meetings": meetings})


# --- The group's meetings ------------------------------------------------------------------------------


@login_required
def group_meetings(request, slug):
    """Coming and past meetings with RSVP counts, the gap warning and the planners' buttons."""
    group = _group_or_404(request, slug, "meetings.view_group_meetings")
    now = timezone.now()
    mine = Rsvp.objects.filter(meeting=OuterRef("pk"), user=request.user).values("answer")[:1]
    base = domain.meetings_with_counts(Meeting.objects.filter(group=group)).annotate(my_answer=Subquery(mine))
    upcoming = list(base.filter(ends_at__gt=now).order_by("starts_at", "pk"))
    past = list(base.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:PAST_SHOWN])
    charter = domain.charter_current(group)
    last_held = next((m for m in past if not m.is_cancelled), None)
    gaps = domain.meeting_gaps(
        [*([last_held] if last_held else []), *upcoming], domain.max_gap_weeks(charter)
    )
    can_plan = request.user.has_perm("meetings.plan_meetings", group)
    is_participant = request.user.has_perm("meetings.agree_charter", group)
    return render(
        request,
        "meetings/group_meetings.html",
        {
            "group": group,
            "upcoming": upcoming,
            "past": past,
            "charter": charter,
            "gap_messages": _gap_messages(group, charter, gaps),
            "can_plan": can_plan,
            # Case texts are for the group's own people only, not for organisation managers.
            "can_see_cases": request.user.has_perm("cases.view_group_cases", group),
            "is_participant": is_participant,
        },
    )


# --- One meeting ----------------------------------------------------------------------------------------


def _meeting_page(request, meeting: Meeting, *, rsvp_form=None, status: int = 200):
    group = meeting.group
    now = timezone.now()
    participants = domain.group_participants(group)
    participant_ids = {p.pk for p in participants}
    rsvps = {r.user_id: r for r in Rsvp.objects.filter(meeting=meeting, user_id__in=participant_ids)}
    coming, not_coming, no_answer = [], [], []
    for person in participants:
        rsvp = rsvps.get(person.pk)
        if rsvp is None:
            no_answer.append(person)
        elif rsvp.answer == RsvpAnswer.COMING:
            coming.append(person)
        else:
            person.rsvp_reason = rsvp.reason
            not_coming.append(person)
    is_participant = request.user.pk in participant_ids
    can_plan = request.user.has_perm("meetings.change_meeting", meeting)
    is_begeleider = group.begeleider_id == request.user.pk
    charter = domain.charter_current(group)
    quorum = domain.meeting_quorum(meeting, coming=len(coming), charter=charter, now=now)
    is_open = not meeting.is_cancelled and meeting.starts_at > now
    my_rsvp = rsvps.get(request.user.pk)
    if rsvp_form is None and is_participant:
        rsvp_form = RsvpForm(initial={"reason": my_rsvp.reason if my_rsvp else ""})
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "group": group,
            "coming": coming,
            "not_coming": not_coming,
            "no_answer": no_answer,
            "is_participant": is_participant,
            "can_plan": can_plan,
            # The video link is for the people in the group: participants and the begeleider/planners.
            "show_video": bool(meeting.video_url)
            and not meeting.is_cancelled
            and (is_participant or can_plan or is_begeleider),
            "quorum": quorum,
            "charter": charter,
            "show_quorum_warning": can_plan and is_open and quorum.warn,
            "is_open": is_open,
            "is_past": meeting.ends_at <= now,
            "coming_closed": quorum.deadline_passed,
            "my_rsvp": my_rsvp,
            "rsvp_form": rsvp_form if is_participant and is_open else None,
        },
        status=status,
    )


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    return _meeting_page(request, meeting)


@require_POST
@login_required
def rsvp(request, pk):
    meeting = _meeting_or_404(request, pk, "meetings.rsvp")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, rsvp_form=form)
    try:
        domain.rsvp_set(
            meeting=meeting,
            user=request.user,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        add_domain_errors(form, error, {})
        return _meeting_page(request, meeting, rsvp_form=form)
    except domain.MeetingError as error:
        messages.error(request, str(error))
        return redirect("meetings:detail", pk=meeting.pk)
    if form.cleaned_data["answer"] == RsvpAnswer.COMING:
        messages.success(request, _("Gelukt: je hebt doorgegeven dat je komt. Tot dan!"))
    else:
        messages.success(request, _("Gelukt: je bent afgemeld voor deze bijeenkomst."))
    return redirect("meetings:detail", pk=meeting.pk)


# --- Planning -------------------------------------------------------------------------------------------


def _planning_context(group) -> dict:
    charter = domain.charter_current(group)
    upcoming = list(
        Meeting.objects.filter(group=group, ends_at__gt=timezone.now()).order_by("starts_at", "pk")[:10]
    )
    return {
        "group": group,
        "charter": charter,
        "upcoming": upcoming,
        "max_gap_weeks": domain.max_gap_weeks(charter),
    }


@login_required
def meeting_new(request, slug):
    group = _group_or_404(request, slug, "meetings.plan_meetings")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = domain.meeting_plan(group=group, by=request.user, **form.meeting_fields())
        except ValidationError as error:
            add_domain_errors(form, error, MeetingForm.FIELD_MAP)
        else:
            messages.success(
                request,
                _("De bijeenkomst is gepland. Iedereen in de groep krijgt een e-mail."),
            )
            _warn_about_gaps(request, group)
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "meetings/meeting_form.html", {**_planning_context(group), "form": form, "meeting": None}
    )


@login_required
def series_new(request, slug):
    group = _group_or_404(request, slug, "meetings.plan_meetings")
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = domain.series_plan(group=group, by=request.user, **form.series_fields())
        except ValidationError as error:
            add_domain_errors(form, error, SeriesForm.FIELD_MAP)
        else:
            messages.success(
                request,
                _("%(count)d bijeenkomsten zijn gepland. Iedereen in de groep krijgt een e-mail met de data.")
                % {"count": series.meetings.count()},
            )
            _warn_about_gaps(request, group)
            return redirect("meetings:group_meetings", slug=group.slug)
    return render(request, "meetings/series_form.html", {**_planning_context(group), "form": form})


@login_required
def meeting_edit(request, pk):
    meeting = _meeting_or_404(request, pk, "meetings.change_meeting")
    if meeting.is_cancelled:
        messages.error(request, _("Deze bijeenkomst is afgelast. Je kunt hem niet meer wijzigen."))
        return redirect("meetings:detail", pk=meeting.pk)
    form = MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            updated = domain.meeting_update(meeting=meeting, by=request.user, **form.meeting_fields())
        except ValidationError as error:
            add_domain_errors(form, error, MeetingForm.FIELD_MAP)
        except domain.MeetingError as error:
            form.add_error(None, str(error))
        else:
            if updated.sequence != meeting.sequence:
                messages.success(
                    request, _("De bijeenkomst is gewijzigd. Iedereen in de groep krijgt een e-mail.")
                )
                _warn_about_gaps(request, meeting.group)
            else:
                messages.info(request, _("Je hebt niets veranderd."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {**_planning_context(meeting.group), "form": form, "meeting": meeting},
    )


@login_required
def meeting_cancel(request, pk):
    """Ask first (a page that works without JavaScript), then cancel and tell everyone."""
    meeting = _meeting_or_404(request, pk, "meetings.change_meeting")
    back = reverse("meetings:detail", args=[meeting.pk])
    if meeting.is_cancelled:
        messages.info(request, _("Deze bijeenkomst is al afgelast."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                domain.meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_domain_errors(form, error, {"cancel_reason": "reason"})
            except domain.MeetingError as error:
                messages.error(request, str(error))
                return redirect(back)
            else:
                messages.success(
                    request, _("De bijeenkomst is afgelast. Iedereen in de groep krijgt een e-mail.")
                )
                return redirect(back)
    else:
        initial = {}
        if request.GET.get("reden") == "quorum":
            initial["reason"] = _("Er hebben zich te weinig mensen aangemeld.")
        form = CancelForm(initial=initial)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"meeting": meeting, "group": meeting.group, "form": form, "back": back},
    )


# --- Charter (groepsafspraken) ---------------------------------------------------------------------------


@login_required
def charter(request, slug):
    group = _group_or_404(request, slug, "meetings.view_group_meetings")
    current = (
        Charter.objects.filter(group=group)
        .select_related("created_by")
        .prefetch_related("methods")
        .order_by("-version")
        .first()
    )
    if current is not None:
        current.group = group  # already loaded: no second query for the participant list
    can_edit = request.user.has_perm("meetings.edit_charter", group)
    can_agree = request.user.has_perm("meetings.agree_charter", group)
    my_agreement = None
    if current is not None and can_agree:
        my_agreement = CharterAgreement.objects.filter(charter=current, user=request.user).first()
    rows = domain.charter_agreement_rows(current) if current is not None and can_edit else []
    return render(
        request,
        "meetings/charter.html",
        {
            "group": group,
            "charter": current,
            "can_edit": can_edit,
            "can_agree": can_agree,
            "my_agreement": my_agreement,
            "agreed_rows": [r for r in rows if r.agreed_at],
            "waiting_rows": [r for r in rows if not r.agreed_at],
        },
    )


@require_POST
@login_required
def charter_agree(request, slug):
    group = _group_or_404(request, slug, "meetings.agree_charter")
    version = request.POST.get("version", "")
    # ASCII digits only, and few: "²".isdigit() is true and int() refuses it, as it does 5,000 digits.
    valid = version.isascii() and version.isdigit() and len(version) <= 9
    current = Charter.objects.filter(group=group, version=int(version)).first() if valid else None
    if current is None:
        messages.error(
            request, _("Deze versie van de groepsafspraken bestaat niet. Lees de afspraken hieronder.")
        )
        return redirect("meetings:charter", slug=group.slug)
    try:
        domain.charter_agree(charter=current, user=request.user)
    except domain.MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Je bent akkoord met de groepsafspraken (versie %(version)d). Dank je wel!")
            % {"version": current.version},
        )
    return redirect("meetings:charter", slug=group.slug)


@login_required
def charter_new(request, slug):
    group = _group_or_404(request, slug, "meetings.edit_charter")
    current = domain.charter_current(group)
    if current is not None:
        initial = {name: getattr(current, name) for name in domain.CHARTER_FIELDS}
        initial["methods"] = list(current.methods.values_list("pk", flat=True))
    else:
        initial = {
            "min_attendance": min(group.min_members, group.max_members),
            "max_gap_weeks": domain.DEFAULT_MAX_GAP_WEEKS,
            "methods": list(group.methods.values_list("pk", flat=True)),
        }
    form = CharterForm(request.POST or None, initial=initial, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            new = domain.charter_create(
                group=group, by=request.user, methods=form.cleaned_data["methods"], **form.charter_fields()
            )
        except ValidationError as error:
            add_domain_errors(form, error, {})
        else:
            messages.success(
                request,
                _(
                    "Versie %(version)d van de groepsafspraken is opgeslagen. Iedereen in de groep krijgt een "
                    "e-mail om de afspraken te lezen en akkoord te gaan."
                )
                % {"version": new.version},
            )
            return redirect("meetings:charter", slug=group.slug)
    return render(request, "meetings/charter_form.html", {"group": group, "form": form, "charter": current})
