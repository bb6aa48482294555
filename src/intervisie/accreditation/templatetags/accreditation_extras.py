from decimal import Decimal

from django import template

from intervisie.accreditation.pdf import hours_text

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours the Dutch way: 12.50 → "12,5", 60.0 → "60"."""
    if value in (None, ""):
        return ""
    return hours_text(Decimal(value))
