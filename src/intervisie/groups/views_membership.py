# Placeholder: replaced by the membership workflow views in this same change.
from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


mine = manage = membership_detail = membership_action = join = group_members = _todo
