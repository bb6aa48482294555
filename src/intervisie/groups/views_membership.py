"""Joining, trial, waitlist and switching: the person's and the manager's screens.

Each view names a django-rules permission, calls one domain function and shows the domain's Dutch
message when a change is not possible. Someone without the permission gets 404, never 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intervisie.accounts.domain import user_verify_registration
from intervisie.accounts.rules import is_platform_admin
from intervisie.common.models import AuditEntry
from intervisie.groups import domain
from intervisie.groups.enums import (
    ACTIVE_STATES,
    FINAL_STATES,
    PARTICIPANT_STATES,
    GroupStatus,
)
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.forms import DeclineForm, JoinForm, LeaveForm, RegistrationVerifyForm
from intervisie.groups.models import IntervisionGroup, Membership
from intervisie.groups.selectors import waitlist_ahead

User = get_user_model()


# --- The actions on a membership ------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One button on a membership: who may press it, in which states it is shown, what it calls."""

    name: str
    for_manager: bool  # True: needs groups.decide_membership; False: the person's own membership
    states: frozenset
    label: Promise
    success: Promise  # formatted with %(name)s (the person) and %(group)s
    run: Callable
    style: str = ""  # "", "secondary" or "danger"
    form_class: type | None = None
    # Destructive actions first show a confirmation page (works without JavaScript).
    confirm_question: Promise | None = None
    confirm_button: Promise | None = None
    # Only shown when the membership's is_planner flag has this value (None: always).
    planner: bool | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.confirm_question is not None

    def label_for(self, membership: Membership) -> str:
        if self.name == "leave" and membership.state not in PARTICIPANT_STATES:
            return _("Aanmelding intrekken")
        return str(self.label)

    def question_for(self, membership: Membership) -> str:
        values = {"name": membership.user, "group": membership.group.name}
        if self.name == "leave" and membership.state not in PARTICIPANT_STATES:
            return _("Weet je zeker dat je je aanmelding voor %(group)s intrekt?") % values
        return str(self.confirm_question) % values


def _decline(*, membership, by, form):
    return domain.membership_decline(membership=membership, by=by, reason=form.cleaned_data["reason"])


def _leave(*, membership, by, form):
    return domain.membership_leave(membership=membership, by=by, reason=form.cleaned_data["reason"])


ACTIONS = {
    a.name: a
    for a in [
        Action(
            "accept",
            True,
            frozenset({S.REQUESTED}),
            gettext_lazy("Uitnodigen voor kennismaking"),
            gettext_lazy("%(name)s is uitgenodigd voor een kennismaking. Er is een e-mail verstuurd."),
            lambda *, membership, by, form: domain.membership_accept(membership=membership, by=by),
        ),
        Action(
            "waitlist",
            True,
            frozenset({S.REQUESTED}),
            gettext_lazy("Op de wachtlijst zetten"),
            gettext_lazy("%(name)s staat nu op de wachtlijst."),
            lambda *, membership, by, form: domain.membership_to_waitlist(membership=membership, by=by),
            style="secondary",
        ),
        Action(
            "trial",
            True,
            frozenset({S.INTRODUCTION}),
            gettext_lazy("Proefperiode starten"),
            gettext_lazy("De proefperiode van %(name)s is begonnen."),
            lambda *, membership, by, form: domain.membership_start_trial(membership=membership, by=by),
        ),
        Action(
            "confirm",
            True,
            frozenset({S.INTRODUCTION, S.TRIAL}),
            gettext_lazy("Lid maken"),
            gettext_lazy("%(name)s is nu lid van %(group)s."),
            lambda *, membership, by, form: domain.membership_confirm(membership=membership, by=by),
            style="secondary",
        ),
        Action(
            "decline",
            True,
            frozenset({S.REQUESTED, S.WAITLISTED, S.INTRODUCTION, S.TRIAL}),
            gettext_lazy("Afwijzen"),
            gettext_lazy("De aanmelding van %(name)s is afgewezen. %(name)s krijgt een e-mail met je reden."),
            _decline,
            style="danger",
            form_class=DeclineForm,
            confirm_question=gettext_lazy("Weet je zeker dat je de aanmelding van %(name)s afwijst?"),
            confirm_button=gettext_lazy("Ja, afwijzen"),
        ),
        Action(
            "accept_offer",
            False,
            frozenset({S.OFFERED}),
            gettext_lazy("Plek aannemen"),
            gettext_lazy(
                "Je hebt de plek in %(group)s aangenomen. De groep neemt contact met je op voor "
                "een kennismaking."
            ),
            lambda *, membership, by, form: domain.membership_accept_offer(membership=membership, by=by),
        ),
        Action(
            "decline_offer",
            False,
            frozenset({S.OFFERED}),
            gettext_lazy("Plek afslaan"),
            gettext_lazy(
                "Je hebt de plek in %(group)s afgeslagen. De volgende op de wachtlijst krijgt een aanbod."
            ),
            lambda *, membership, by, form: domain.membership_decline_offer(membership=membership, by=by),
            style="danger",
            confirm_question=gettext_lazy("Weet je zeker dat je de plek in %(group)s niet wilt?"),
            confirm_button=gettext_lazy("Ja, plek afslaan"),
        ),
        Action(
            "make_planner",
            True,
            frozenset({S.INTRODUCTION, S.TRIAL, S.MEMBER}),
            gettext_lazy("Mag bijeenkomsten plannen"),
            gettext_lazy("%(name)s mag nu bijeenkomsten plannen en de groepsafspraken bijhouden."),
            lambda *, membership, by, form: domain.membership_set_planner(
                membership=membership, is_planner=True, by=by
            ),
            style="secondary",
            planner=False,
        ),
        Action(
            "remove_planner",
            True,
            frozenset({S.INTRODUCTION, S.TRIAL, S.MEMBER}),
            gettext_lazy("Mag niet meer plannen"),
            gettext_lazy("%(name)s plant geen bijeenkomsten meer."),
            lambda *, membership, by, form: domain.membership_set_planner(
                membership=membership, is_planner=False, by=by
            ),
            style="secondary",
            planner=True,
        ),
        Action(
            "leave",
            False,
            frozenset({S.REQUESTED, S.WAITLISTED, S.INTRODUCTION, S.TRIAL, S.MEMBER}),
            gettext_lazy("Stoppen met deze groep"),
            gettext_lazy(
                "Het is gelukt. Je staat niet meer ingeschreven bij %(group)s. Je ziet het terug "
                "onder 'Eerder'."
            ),
            _leave,
            style="danger",
            form_class=LeaveForm,
            confirm_question=gettext_lazy("Weet je zeker dat je stopt met %(group)s?"),
            confirm_button=gettext_lazy("Ja, ik stop"),
        ),
    ]
}


def _buttons(membership: Membership, *, manager: bool, person: bool) -> list[dict]:
    """The actions a viewer may take on ``membership`` now. Pure: no queries."""
    return [
        {"name": a.name, "label": a.label_for(membership), "style": a.style}
        for a in ACTIONS.values()
        if membership.state in a.states
        and (a.planner is None or a.planner == membership.is_planner)
        and ((a.for_manager and manager) or (not a.for_manager and person))
    ]


def _membership_or_404(pk: int) -> Membership:
    membership = (
        Membership.objects.select_related("user", "group", "group__organisation").filter(pk=pk).first()
    )
    if membership is None:
        raise Http404
    return membership


def _next_url(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _timeline(membership: Membership, viewer) -> list[dict]:
    """The membership's steps, from the audit log (one query)."""
    entries = (
        AuditEntry.objects.filter(
            object_type=Membership._meta.label_lower,
            object_id=str(membership.pk),
            action__startswith="membership.",
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    steps = []
    for entry in entries:
        state = entry.action.split(".", 1)[1]
        if state not in S.values:
            continue
        if entry.actor_id is None:
            who = _("automatisch")
        elif entry.actor_id == viewer.pk:
            who = _("door jou")
        else:
            # Never an e-mail address: accounts made by an admin may have no name.
            who = (
                _("door %(name)s") % {"name": entry.actor.name}
                if entry.actor.name
                else _("door de beheerder")
            )
        steps.append({"at": entry.created_at, "label": S(state).label, "who": who})
    return steps


def _membership_page(request, membership: Membership, *, status: int = 200, **extra):
    can_decide = request.user.has_perm("groups.decide_membership", membership)
    is_owner = membership.user_id == request.user.pk
    membership.buttons = _buttons(membership, manager=can_decide, person=is_owner)
    membership.position = domain.waitlist_position(membership)
    context = {
        "membership": membership,
        "group": membership.group,
        "is_owner": is_owner,
        "can_decide": can_decide,
        "in_progress": membership.state in ACTIVE_STATES,
        "show_person": not is_owner,
        "timeline": _timeline(membership, request.user),
        "next_url": reverse("groups:membership", args=[membership.pk]),
        **extra,
    }
    return render(request, "groups/membership.html", context, status=status)


# --- The person -------------------------------------------------------------------------------------


def _joinable_group_or_404(request, slug: str) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_related("organisation").filter(slug=slug).first()
    if group is None or (not group.is_published and not request.user.has_perm("groups.manage_group", group)):
        raise Http404
    return group


@login_required
def join(request, slug):
    group = _joinable_group_or_404(request, slug)
    mine = list(Membership.objects.filter(group=group, user=request.user).order_by("-created_at"))
    active = next((m for m in mine if m.state in ACTIVE_STATES), None)
    context = {
        "group": group,
        "membership": active,
        "was_here_before": any(m.state in FINAL_STATES for m in mine),
    }
    if active is not None:
        active.position = domain.waitlist_position(active)
        return render(request, "groups/join.html", context)

    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = domain.membership_request(
                user=request.user, group=group, motivation=form.cleaned_data["motivation"]
            )
        except domain.MembershipError as error:
            form.add_error(None, str(error))  # the form keeps the typed motivation
            group.refresh_from_db()
        else:
            if membership.state == S.WAITLISTED:
                messages.success(
                    request,
                    _(
                        "Je staat op de wachtlijst van %(group)s. Je krijgt een e-mail als "
                        "er een plek vrijkomt."
                    )
                    % {"group": group.name},
                )
            else:
                messages.success(
                    request,
                    _("Je aanmelding voor %(group)s is verstuurd. Je krijgt een e-mail als er nieuws is.")
                    % {"group": group.name},
                )
            return redirect("groups:membership", pk=membership.pk)
    context["form"] = form
    context["can_join"] = group.status in {GroupStatus.OPEN, GroupStatus.WAITLIST} or form.is_bound
    return render(request, "groups/join.html", context)


@login_required
def mine(request):
    """Mijn groepen en aanmeldingen: one query for every membership, waitlist places included."""
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("group", "group__organisation")
        .annotate(ahead=waitlist_ahead())
        .order_by("-updated_at", "-pk")
    )
    sections = {"offers": [], "current": [], "pending": [], "history": []}
    for m in memberships:
        m.buttons = _buttons(m, manager=False, person=True)
        if m.state == S.OFFERED:
            sections["offers"].append(m)
        elif m.state in PARTICIPANT_STATES:
            sections["current"].append(m)
        elif m.state in {S.REQUESTED, S.WAITLISTED}:
            m.position = m.ahead + 1 if m.state == S.WAITLISTED else None
            sections["pending"].append(m)
        else:
            sections["history"].append(m)
    return render(
        request,
        "groups/mine.html",
        {**sections, "has_any": bool(memberships), "next_url": reverse("groups:mine")},
    )


@login_required
def membership_detail(request, pk):
    membership = _membership_or_404(pk)
    if not request.user.has_perm("groups.view_membership", membership):
        raise Http404
    return _membership_page(request, membership)


@require_POST
@login_required
def membership_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    membership = _membership_or_404(pk)
    permission = "groups.decide_membership" if spec.for_manager else "groups.respond_membership"
    if not request.user.has_perm(permission, membership):
        raise Http404
    next_url = _next_url(request, reverse("groups:membership", args=[membership.pk]))
    values = {"name": membership.user, "group": membership.group.name}

    form = None
    if spec.form_class is not None:
        form = spec.form_class(request.POST if request.POST.get("confirm") == "yes" else None)
    if spec.needs_confirmation and (request.POST.get("confirm") != "yes" or (form and not form.is_valid())):
        return render(
            request,
            "groups/membership_confirm.html",
            {
                "membership": membership,
                "group": membership.group,
                "action": spec,
                "form": form,
                "question": spec.question_for(membership),
                "next_url": next_url,
                "is_owner": membership.user_id == request.user.pk,
            },
        )

    try:
        spec.run(membership=membership, by=request.user, form=form)
    except domain.GroupFullError as error:
        membership.refresh_from_db()
        return _membership_page(
            request,
            membership,
            full_error=str(error),
            offer_waitlist=membership.state == S.REQUESTED and membership.group.has_waitlist,
        )
    except domain.MembershipError as error:
        messages.error(request, str(error))
        return redirect(next_url)
    messages.success(request, str(spec.success) % values)
    return redirect(next_url)


# --- The manager -------------------------------------------------------------------------------------


def _count(state_filter) -> Count:
    return Count("memberships", filter=state_filter)


@login_required
def manage(request):
    """The groups this person manages (organisation manager or begeleider), with what waits for them."""
    user = request.user
    if not (user.managed_organisations.exists() or user.guided_groups.exists() or is_platform_admin(user)):
        raise Http404  # like every other manager page: nothing to see here for others
    # Organisations through a subquery, so the manager join cannot multiply the membership counts.
    groups = list(
        IntervisionGroup.objects.filter(
            Q(organisation__in=user.managed_organisations.all()) | Q(begeleider=user)
        )
        .select_related("organisation")
        .annotate(
            requests_waiting=_count(Q(memberships__state=S.REQUESTED)),
            waitlist_length=_count(Q(memberships__state=S.WAITLISTED)),
            offers_open=_count(Q(memberships__state=S.OFFERED)),
        )
        .order_by("organisation__name", "name")
    )
    return render(request, "groups/manage.html", {"groups": groups})


def _managed_group_or_404(request, slug: str) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_related("organisation").filter(slug=slug).first()
    if group is None or not request.user.has_perm("groups.view_members", group):
        raise Http404
    return group


@login_required
def group_members(request, slug):
    """Requests, waitlist, offers and members of one group, with the manager's buttons (fixed query count)."""
    group = _managed_group_or_404(request, slug)
    memberships = list(group.memberships.select_related("user").order_by("created_at", "pk"))
    sections = {
        key: [] for key in ("requests", "waitlist", "offers", "introduction", "trial", "member", "past")
    }
    by_state = {
        S.REQUESTED: "requests",
        S.WAITLISTED: "waitlist",
        S.OFFERED: "offers",
        S.INTRODUCTION: "introduction",
        S.TRIAL: "trial",
        S.MEMBER: "member",
    }
    for m in memberships:
        m.buttons = _buttons(m, manager=True, person=m.user_id == request.user.pk)
        sections[by_state.get(m.state, "past")].append(m)
    sections["waitlist"].sort(key=lambda m: (m.waitlisted_at, m.pk))
    for position, m in enumerate(sections["waitlist"], start=1):
        m.position = position
    sections["past"].sort(key=lambda m: m.ended_at or m.updated_at, reverse=True)
    # accounts.verify_registration holds for platform admins and for managers of an organisation in
    # whose groups the person has a membership: for everyone listed here that is this organisation.
    can_verify = request.user.has_perm("organisations.manage_organisation", group.organisation)
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            **sections,
            "can_verify": can_verify,
            "next_url": reverse("groups:members", args=[group.slug]),
        },
    )


@require_POST
@login_required
def verify_registration(request, slug, user_id):
    """Mark a person's SKJ or Registerplein number as checked (or not) from the members page."""
    group = _managed_group_or_404(request, slug)
    person = User.objects.filter(pk=user_id, memberships__group=group).distinct().first()
    if person is None or not request.user.has_perm("accounts.verify_registration", person):
        raise Http404
    back = reverse("groups:members", args=[group.slug])
    form = RegistrationVerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dat ging niet goed. Probeer het opnieuw."))
        return redirect(back)
    register, verified = form.cleaned_data["register"], form.cleaned_data["verified"]
    label = "SKJ" if register == "skj" else "Registerplein"
    try:
        user_verify_registration(user=person, register=register, verified=verified, by=request.user)
    except ValueError:
        messages.error(
            request,
            _("%(name)s heeft geen %(register)s-nummer ingevuld. Er is niets te controleren.")
            % {"name": person, "register": label},
        )
        return redirect(back)
    if verified:
        messages.success(
            request,
            _("Het %(register)s-nummer van %(name)s staat nu op gecontroleerd.")
            % {"name": person, "register": label},
        )
    else:
        messages.success(
            request,
            _("Het %(register)s-nummer van %(name)s staat weer op niet gecontroleerd.")
            % {"name": person, "register": label},
        )
    return redirect(back)
