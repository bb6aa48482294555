"""A NUL byte in the admin's query string is refused with 400 before any admin view runs.

The admin's list filters (``?status__exact=…``, ``?kind__exact=…``, also those of allauth's and
django-tasks' admins) pass the value from the URL straight into a database query. PostgreSQL refuses a
NUL byte in a text parameter with an error, so such a URL gave a 500 (SQLite quietly finds nothing).
No admin page has a use for a NUL byte, so one check in front of all of them is enough.

Use: ``admin.site.admin_view = refuse_nul_bytes(admin.site.admin_view)`` before ``admin.site.urls``
is read (the admin wraps every one of its views, and every model admin's, with ``admin_view``).
"""

from functools import wraps

from django.core.exceptions import BadRequest


def has_nul_byte(request) -> bool:
    """True when the path or a name or value in the query string holds a NUL byte."""
    if "\x00" in request.path:
        return True
    return any("\x00" in name or any("\x00" in v for v in values) for name, values in request.GET.lists())


def refuse_nul_bytes(admin_view):
    """Wrap an AdminSite's ``admin_view`` so every view it protects refuses NUL bytes (a 400)."""

    @wraps(admin_view)
    def admin_view_refusing_nul(view, cacheable=False):
        protected = admin_view(view, cacheable)

        @wraps(protected)
        def guarded(request, *args, **kwargs):
            if has_nul_byte(request):
                raise BadRequest("NUL byte in the URL")
            return protected(request, *args, **kwargs)

        return guarded

    return admin_view_refusing_nul
