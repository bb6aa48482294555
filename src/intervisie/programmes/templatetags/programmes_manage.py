"""Template tags of the kartrekker's pages."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The address of a page that another part of the app may not have yet: "" until it exists, so a
    link to it is left out instead of breaking the page."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
