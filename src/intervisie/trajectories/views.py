from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from intervisie.providers.models import Provider
from intervisie.trajectories.domain import (
    TRANSITIONS,
    RequestData,
    TransitionRefused,
    set_trajectory_state,
    trajectory_request,
)
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.forms import (
    CancelForm,
    DeclineForm,
    IntroductionForm,
    ProviderFilterForm,
    RequestForm,
    TalkForm,
)
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.selectors import board_trajectories, provider_ids_of, providers_for_list

# Requests per address per hour: enough for a person, too few for a bot.
REQUEST_RATE_LIMIT = 5
REQUEST_RATE_WINDOW = 3600


def provider_list(request):
    """The public list of providers of guided trajectories, with filters."""
    form = ProviderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    providers = providers_for_list(
        region=filters.get("regio") or "",
        online=bool(filters.get("online")),
        method=filters.get("methode"),
        register=filters.get("register") or "",
    )
    page = Paginator(providers, 20).get_page(request.GET.get("pagina"))
    return render(request, "trajectories/provider_list.html", {"form": form, "page": page})


def _rate_limited(request) -> bool:
    key = f"trajectory-request:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, REQUEST_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, REQUEST_RATE_WINDOW)
        count = 1
    return count > REQUEST_RATE_LIMIT


@require_http_methods(["GET", "POST"])
def request_create(request, slug: str | None = None):
    """Step 1: a client asks for an exploratory talk, with or without a provider chosen beforehand."""
    provider = get_object_or_404(Provider, slug=slug, is_published=True) if slug else None
    form = RequestForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # A bot gets the same page a person gets, and nothing is saved or sent.
            return redirect("trajectories:request_sent")
        if _rate_limited(request):
            form.add_error(
                None, _("Je hebt het afgelopen uur al veel aanvragen gedaan. Probeer het later nog eens.")
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in RequestData.__dataclass_fields__}
            trajectory = trajectory_request(
                provider=form.chosen_provider(), data=RequestData(**data), by=request.user
            )
            return redirect("trajectories:follow", token=trajectory.follow_token)
    return render(request, "trajectories/request_form.html", {"form": form, "provider": provider})


def request_sent(request):
    return render(request, "trajectories/request_sent.html")


def follow(request, token: str):
    """The client's page for their request: where it stands and what happens next. The token is the key;
    it shows nothing the provider keeps to itself (talk notes)."""
    trajectory = get_object_or_404(Trajectory.objects.select_related("provider"), follow_token=token)
    return render(request, "trajectories/follow.html", {"trajectory": trajectory})


# --- The provider's board (step 2 onwards) ------------------------------------------------------------------


def _trajectory_or_404(request, pk: int) -> Trajectory:
    """Only the begeleiders of the trajectory's provider get it; everyone else gets 404 (no hint that it
    exists), a superuser or staff admin too."""
    trajectory = get_object_or_404(Trajectory.objects.select_related("provider", "begeleider"), pk=pk)
    if not request.user.has_perm("trajectories.manage_trajectory", trajectory):
        raise Http404
    return trajectory


@login_required
def board(request):
    """The provider's board: their trajectories by state, with counts, oldest waiting first."""
    trajectories = list(board_trajectories(user=request.user))
    counts = Counter(t.state for t in trajectories)
    columns = [
        {
            "state": state,
            "label": state.label,
            "count": counts.get(state, 0),
            "items": [t for t in trajectories if t.state == state],
        }
        for state in TrajectoryState
        if counts.get(state)
    ]
    return render(
        request,
        "trajectories/board.html",
        {"columns": columns, "total": len(trajectories), "is_provider": provider_ids_of(user=request.user)},
    )


STEP_FORMS = {
    TrajectoryState.TALK_PLANNED: TalkForm,
    TrajectoryState.TALK_DECLINED: DeclineForm,
    TrajectoryState.INTRODUCTION_PLANNED: IntroductionForm,
    TrajectoryState.CANCELLED: CancelForm,
}


def _step_forms(trajectory: Trajectory, data=None, posted: str = "") -> dict:
    """The forms for the steps that can follow now (and that this page offers), bound for ``posted``."""
    allowed = TRANSITIONS[trajectory.state]
    return {
        state: form_class(data if state == posted else None, prefix=state)
        for state, form_class in STEP_FORMS.items()
        if state in allowed
    }


@login_required
def detail(request, pk: int):
    trajectory = _trajectory_or_404(request, pk)
    return render(
        request, "trajectories/detail.html", {"trajectory": trajectory, "forms": _step_forms(trajectory)}
    )


@login_required
@require_POST
def step(request, pk: int, state: str):
    """Take the step to ``state`` with its form; a refused step or bad input shows the page again with
    the message and everything typed."""
    trajectory = _trajectory_or_404(request, pk)
    if state not in STEP_FORMS:
        raise Http404
    forms = _step_forms(trajectory, request.POST, posted=state)
    form = forms.get(state)
    if form is None:
        messages.error(
            request,
            _("Dit kan nu niet: het traject staat op “%(state)s”.")
            % {"state": trajectory.get_state_display()},
        )
        return redirect("trajectories:detail", pk=trajectory.pk)
    if form.is_valid():
        if isinstance(form, TalkForm):
            fields = form.fields_for_step(begeleider=request.user)
        elif isinstance(form, IntroductionForm):
            fields = form.fields_for_step()
        else:
            fields = {"decline_reason": form.cleaned_data["reason"]}
            if state == TrajectoryState.TALK_DECLINED:
                fields["talk_notes"] = form.cleaned_data["notes"]
        try:
            set_trajectory_state(trajectory, state, by=request.user, fields=fields)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(
                request,
                _("Opgeslagen: het traject staat nu op “%(state)s”.")
                % {"state": TrajectoryState(state).label},
            )
            return redirect("trajectories:detail", pk=trajectory.pk)
    return render(request, "trajectories/detail.html", {"trajectory": trajectory, "forms": forms}, status=200)
