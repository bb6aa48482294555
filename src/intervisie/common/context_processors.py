from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _nav(user):
    """What the main menu offers this person; two small queries, once per page."""
    if not user.is_authenticated:
        return {"manages_organisation": False, "manages_groups": False}
    manages_organisation = user.managed_organisations.exists()
    return {
        "manages_organisation": manages_organisation,
        "manages_groups": manages_organisation or user.guided_groups.exists(),
    }


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        "nav": SimpleLazyObject(lambda: _nav(user)) if user is not None else {},
    }
