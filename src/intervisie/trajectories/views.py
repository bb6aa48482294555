from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intervisie.providers.models import Provider
from intervisie.trajectories.domain import RequestData, trajectory_request
from intervisie.trajectories.forms import ProviderFilterForm, RequestForm
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.selectors import providers_for_list

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
