from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from intervisie.common.htmx import is_htmx

# Paths a user who must set up two-factor login can still reach: allauth's own pages (log out,
# activate TOTP, e-mail, password), static files and the language switch.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireMFAMiddleware:
    """Begeleiders, organisation managers and admins must turn on TOTP before they use the site.

    allauth offers MFA to everyone; this only forces it for the privileged roles.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and user.requires_mfa
            and not _has_totp(user)
        ):
            url = reverse("mfa_activate_totp") + "?required=1"
            if is_htmx(request):
                # A plain redirect would be swapped into the page fragment; HTMX loads the whole page.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
