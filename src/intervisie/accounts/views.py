from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intervisie.accounts.domain import user_set_roles, user_update_profile
from intervisie.accounts.forms import ProfileForm


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        user.refresh_from_db()
        user_update_profile(user=user, by=request.user, **fields)
        # Keep roles the person cannot choose themselves (e.g. organisatiebeheerder, beheerder).
        fixed = [r for r in user.role_set if r not in dict(form.fields["roles"].choices)]
        user_set_roles(user=user, roles=[*form.cleaned_data["roles"], *fixed], by=request.user)
        messages.success(request, _("Je profiel is opgeslagen."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
