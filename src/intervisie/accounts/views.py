from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intervisie.accounts.domain import user_set_roles, user_update_profile
from intervisie.accounts.forms import ROLE_CHOICES, ProfileForm
from intervisie.accounts.models import User


@login_required
def profile(request):
    # The form works on its own copy: a ModelForm writes typed values into its instance while it
    # validates, and request.user (shown in the page and used for permissions) must keep the saved ones.
    saved = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        user_update_profile(user=saved, by=request.user, **fields)
        # Keep roles the person cannot choose themselves (e.g. organisatiebeheerder, beheerder).
        fixed = [r for r in saved.role_set if r not in dict(ROLE_CHOICES)]
        user_set_roles(user=saved, roles=[*form.cleaned_data["roles"], *fixed], by=request.user)
        messages.success(request, _("Je profiel is opgeslagen."))
        return redirect("accounts:profile")
    has_totp = Authenticator.objects.filter(user=saved, type=Authenticator.Type.TOTP).exists()
    return render(request, "accounts/profile.html", {"form": form, "saved": saved, "has_totp": has_totp})
