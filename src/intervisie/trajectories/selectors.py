from django.db.models import QuerySet

from intervisie.providers.models import Provider


def providers_for_list(
    *, region: str = "", online: bool = False, method=None, register: str = ""
) -> QuerySet:
    """Published providers, filtered the way a client looks for one. Regions and registers are JSON lists of
    codes: a code matches with its quotes in the list's JSON text (Django's ``icontains`` on a JSONField,
    on SQLite and PostgreSQL alike)."""
    providers = Provider.objects.filter(is_published=True).prefetch_related("methods")
    if region:
        providers = providers.filter(regions__icontains=f'"{region}"')
    if online:
        providers = providers.filter(online=True)
    if method is not None:
        providers = providers.filter(methods=method)
    if register:
        providers = providers.filter(registers__icontains=f'"{register}"')
    return providers.distinct().order_by("name")
