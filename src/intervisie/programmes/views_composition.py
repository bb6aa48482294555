"""The composition board of a programme (compose, move, pin, publish) and the participant's attendance
commitment.

Each view names a django-rules permission and calls one function of ``programmes.composition``. The
kartrekker (``programmes.manage_programme``) changes the composition; a begeleider
(``programmes.view_programme``) reads the board, and only their own group's people; anyone else gets 404,
never 403, a superuser or staff admin too (the permissions are confidential).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intervisie.common.htmx import is_htmx
from intervisie.programmes import composition, publication
from intervisie.programmes.domain import ProgrammeError
from intervisie.programmes.enums import ProgrammeStatus, SignupStatus
from intervisie.programmes.forms_composition import CommitmentForm, MoveForm, posted_id
from intervisie.programmes.models import Programme, Signup
from intervisie.programmes.views_manage import programme_or_404


def _board_context(request, programme, current, *, can_manage: bool, feedback=None) -> dict:
    # A begeleider sees their own group(s) only: the other groups' people are none of their business.
    own = None if can_manage else {g.pk for g in current.groups if g.begeleider_id == request.user.pk}

    def texts(findings):
        return [composition.finding_text(f, current) for f in findings]

    groups = []
    for group in current.groups:
        if own is not None and group.pk not in own:
            continue
        findings = current.group_findings.get(group.pk, {})
        members = current.members.get(group.pk, [])
        groups.append(
            {
                "group": group,
                "members": members,
                "mix": findings.get("mix", []),
                "organisations": findings.get("organisations", 0),
                "problems": texts(findings.get("violations", [])),
                "notes": texts(findings.get("warnings", [])),
                "committed": sum(1 for s in members if s.attendance_commitment),
                "placed": sum(1 for s in members if s.status == SignupStatus.PLACED),
            }
        )
    report = programme.composition or {}
    if own is not None:
        # A programme-wide finding may name people of other groups, or people not placed: a begeleider
        # sees only those about their own group's people.
        mine = {s.pk for g in current.groups if g.pk in own for s in current.members.get(g.pk, [])}

        def about_mine(findings):
            return [f for f in findings if f.get("people") and set(f["people"]) <= mine]

    else:

        def about_mine(findings):
            return findings

    group_names = {g.pk: g.name for g in current.groups}
    for person in current.people.values():
        # Availability for some groups only: the kartrekker sees it next to the name.
        can = composition.allowed_groups(person, list(group_names))
        person.only_groups = ", ".join(group_names[g] for g in sorted(can)) if can else ""
    return {
        "programme": programme,
        "board": current,
        "groups": groups,
        "can_manage": can_manage,
        "editable": can_manage and current.editable,
        # Who is in no group shows in its own list, not once more as a finding.
        "violations": texts(
            about_mine(
                [
                    f
                    for f in current.violations
                    if f.get("group") is None and f["code"] != "participant_unassigned"
                ]
            )
        ),
        "all_violations": len(current.violations),
        "warnings": texts(about_mine([f for f in current.warnings if f.get("group") is None])),
        "report": report,
        "report_problems": texts(report.get("violations", []))
        if can_manage and not current.placed_any
        else [],
        "comparison": current.comparison,
        "feedback": feedback,
        "move_choices": [("", _("Geen groep"))] + [(str(g.pk), g.name) for g in current.groups],
        "target_text": ", ".join(
            composition.people_text(category, count)
            for category, count in composition.target_mix(programme).items()
        ),
    }


def _render_board(request, programme, *, current=None, feedback=None, status=200):
    """The board page, or just the board for HTMX (``current`` when the caller has it already)."""
    if is_htmx(request):
        # HTMX does not swap 4xx answers by default; the message must reach the board all the same.
        status = 200
    can_manage = request.user.has_perm("programmes.manage_programme", programme)
    current = current if current is not None else composition.board(programme)
    context = _board_context(request, programme, current, can_manage=can_manage, feedback=feedback)
    template = (
        "programmes/composition/board.html#board" if is_htmx(request) else "programmes/composition/board.html"
    )
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


@login_required
def board(request, slug):
    programme = programme_or_404(request, slug, "programmes.view_programme")
    return _render_board(request, programme)


@login_required
@require_POST
def compose(request, slug):
    programme = programme_or_404(request, slug)
    minimal = request.POST.get("minimal") == "1"
    try:
        report = composition.composition_compose(programme=programme, by=request.user, minimal=minimal)
    except ProgrammeError as exc:
        return _render_board(request, programme, feedback={"error": str(exc)}, status=400)
    programme.refresh_from_db()
    feedback = {"composed": True, "seconds": report["seconds"], "changed": report["changed"]}
    return _render_board(request, programme, feedback=feedback)


@login_required
@require_POST
def move(request, slug):
    programme = programme_or_404(request, slug)
    form = MoveForm(request.POST, programme=programme, groups=list(programme.groups.all()))
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        return _render_board(request, programme, feedback={"error": " ".join(errors)}, status=400)
    signup, target = form.cleaned_data["signup_obj"], form.cleaned_data["group_obj"]
    try:
        outcome = composition.composition_move(signup=signup, group=target, by=request.user)
    except ProgrammeError as exc:
        return _render_board(request, programme, feedback={"error": str(exc)}, status=400)
    current = outcome["board"]
    feedback = {
        "moved": signup.name,
        "to": target.name if target else None,
        "broken": [composition.finding_text(f, current) for f in outcome["broken"]],
        "worse": [composition.finding_text(f, current) for f in outcome["worse"]],
        "mended": [composition.finding_text(f, current) for f in outcome["mended"]],
    }
    return _render_board(request, programme, current=current, feedback=feedback)


@login_required
@require_POST
def pin(request, slug):
    """Pin or release a person (``signup``) or a whole group (``group``)."""
    programme = programme_or_404(request, slug)
    locked = request.POST.get("locked") == "1"
    group_id = posted_id(request.POST.get("group"))
    signup_id = posted_id(request.POST.get("signup"))
    try:
        if group_id is not None:
            group = get_object_or_404(programme.groups, pk=group_id)
            composition.group_pin_set(group=group, locked=locked, by=request.user)
        elif signup_id is not None:
            signup = get_object_or_404(
                Signup.objects.select_related("programme"), programme=programme, pk=signup_id
            )
            composition.signup_pin_set(signup=signup, locked=locked, by=request.user)
        else:
            raise Http404
    except ProgrammeError as exc:
        return _render_board(request, programme, feedback={"error": str(exc)}, status=400)
    return _render_board(request, programme)


@login_required
def publish(request, slug):
    """Making the groups known e-mails everyone and makes the real groups: a page asks first, with what
    will happen and what still stands in the way."""
    programme = programme_or_404(request, slug)
    if request.method == "POST":
        try:
            counts = publication.composition_publish(programme=programme, by=request.user)
        except ProgrammeError as exc:
            plan = publication.publish_plan(programme)
            return render(
                request, "programmes/composition/publish.html", {"plan": plan, "error": str(exc)}, status=400
            )
        messages.success(
            request,
            _(
                "De groepen zijn bekendgemaakt. %(people)d mensen kregen een e-mail met hun groep en de data; "
                "%(memberships)d zitten al in hun groep op Intervisiewijzer."
            )
            % counts,
        )
        return redirect("programmes:composition", slug=programme.slug)
    plan = publication.publish_plan(programme)
    return render(request, "programmes/composition/publish.html", {"plan": plan})


@login_required
def commitment(request, slug):
    """A placed participant says how many meetings they commit to (at the start meeting)."""
    programme = get_object_or_404(Programme, slug=slug)
    signup = (
        Signup.objects.filter(programme=programme, user=request.user, status=SignupStatus.PLACED)
        .select_related("programme", "group__begeleider")
        .first()
    )
    if signup is None or programme.status != ProgrammeStatus.RUNNING:
        raise Http404
    low, high = publication.commitment_range(signup)
    initial = {"count": signup.attendance_commitment or high}
    form = CommitmentForm(request.POST or None, low=low, high=high, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publication.attendance_commitment_set(
                signup=signup, count=form.cleaned_data["count"], by=request.user
            )
        except ProgrammeError as exc:
            form.add_error("count", str(exc))
        else:
            messages.success(
                request,
                _("Dank je. Je zegt toe dat je bij %(count)d bijeenkomsten bent.")
                % {"count": form.cleaned_data["count"]},
            )
            return redirect("programmes:commitment", slug=programme.slug)
    status = 400 if form.errors else 200
    return render(
        request,
        "programmes/composition/commitment.html",
        {"programme": programme, "signup": signup, "form": form, "low": low, "high": high},
        status=status,
    )
