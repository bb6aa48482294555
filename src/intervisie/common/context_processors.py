from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _nav(user):
    """What the main menu offers this person; two small queries, once per page."""
    if not user.is_authenticated:
        return {"manages_organisation": False, "manages_groups": False}
    # Cached on the user: the two-factor middleware asked the same questions earlier in the request.
    return {
        "manages_organisation": user.manages_organisation,
        "manages_groups": user.manages_organisation or user.guides_group,
    }


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        "nav": SimpleLazyObject(lambda: _nav(user)) if user is not None else {},
    }
