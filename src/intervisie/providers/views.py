"""The owner's pages of a provider: the profile, and the begeleiders who work for it.

Every view asks ``providers.manage_provider``; anyone else gets 404, the same answer as for a provider
that does not exist (a superuser too: see ``providers.rules``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from intervisie.providers.domain import (
    ProviderError,
    provider_member_add,
    provider_member_remove,
    provider_save,
)
from intervisie.providers.forms import MemberAddForm, ProviderForm
from intervisie.providers.models import Provider, ProviderMember

MEMBER_PREFIX = "begeleider"


def _managed_provider(request, slug: str) -> Provider:
    provider = Provider.objects.filter(slug=slug).first()
    if provider is None or not request.user.has_perm("providers.manage_provider", provider):
        raise Http404
    return provider


def _render_profile(request, provider, *, form=None, member_form=None):
    members = list(provider.members.select_related("user").order_by("-is_owner", "user__name", "user__email"))
    context = {
        "provider": provider,
        "form": form or ProviderForm(instance=provider),
        "member_form": member_form or MemberAddForm(prefix=MEMBER_PREFIX),
        "members": members,
        "owner_count": sum(1 for m in members if m.is_owner),
    }
    return render(request, "providers/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, slug):
    provider = _managed_provider(request, slug)
    if request.method == "POST":
        form = ProviderForm(request.POST, instance=provider)
        if form.is_valid():
            provider_save(
                provider=form.save(commit=False),
                methods=form.cleaned_data["methods"],
                changed=form.changed_data,
                by=request.user,
            )
            messages.success(request, _("Het profiel van %(name)s is opgeslagen.") % {"name": provider.name})
            return redirect("providers:profile", slug=provider.slug)
        # The instance now holds what was typed (also the name in the heading): show the saved one.
        provider.refresh_from_db()
        return _render_profile(request, provider, form=form)
    return _render_profile(request, provider)


@login_required
@require_POST
def member_add(request, slug):
    provider = _managed_provider(request, slug)
    form = MemberAddForm(request.POST, prefix=MEMBER_PREFIX)
    if form.is_valid():
        try:
            member = provider_member_add(
                provider=provider,
                email=form.cleaned_data["email"],
                is_owner=form.cleaned_data["is_owner"],
                by=request.user,
            )
        except ProviderError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(name)s werkt nu voor %(provider)s en krijgt daarover een e-mail.")
                % {"name": member.user, "provider": provider.name},
            )
            return redirect("providers:profile", slug=provider.slug)
    return _render_profile(request, provider, member_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    provider = _managed_provider(request, slug)
    member = ProviderMember.objects.filter(provider=provider, pk=pk).select_related("user").first()
    if member is None:
        raise Http404
    is_self = member.user_id == request.user.pk
    if request.method == "POST":
        try:
            provider_member_remove(member=member, by=request.user)
        except ProviderError as error:
            messages.error(request, str(error))
            return redirect("providers:profile", slug=provider.slug)
        if is_self:
            # No longer an owner: the profile page is now a 404 for them.
            messages.success(
                request, _("Je werkt niet meer voor %(provider)s.") % {"provider": provider.name}
            )
            return redirect("home")
        messages.success(
            request,
            _("%(name)s werkt niet meer voor %(provider)s.")
            % {"name": member.user, "provider": provider.name},
        )
        return redirect("providers:profile", slug=provider.slug)
    last_owner = member.is_owner and not provider.members.filter(is_owner=True).exclude(pk=member.pk).exists()
    return render(
        request,
        "providers/member_remove.html",
        {"provider": provider, "member": member, "is_self": is_self, "last_owner": last_owner},
    )
