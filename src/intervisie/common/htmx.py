def is_htmx(request) -> bool:
    """True for a request made by HTMX (not a history restore, which needs the full page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request
