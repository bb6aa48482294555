"""Public pages of the programmes (helper A builds them; until then every page answers 404)."""

from django.http import Http404


def _not_yet(request, **kwargs):
    raise Http404


programme_list = signup_follow = parent_consent = partner_accept = programme_detail = partner_link = (
    signup_create
) = _not_yet
