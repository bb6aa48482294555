from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """100 -> "1 uur en 40 minuten"; 45 -> "45 minuten"."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)d minuut", "%(n)d minuten", rest) % {"n": rest}
    hours_text = ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours}
    if not rest:
        return hours_text
    return _("%(hours)s en %(minutes)s") % {
        "hours": hours_text,
        "minutes": ngettext("%(n)d minuut", "%(n)d minuten", rest) % {"n": rest},
    }


@register.filter
def step_label(step) -> str:
    """The step's name with its number; "buiten je bubbel" numbers its own steps (0 to 10) in the name."""
    if step.name.startswith(_("Stap ")):
        return step.name
    return f"{step.position}. {step.name}"
