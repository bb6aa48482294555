"""The kartrekker's form for a category's recruitment text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import text_field

# The preview fills at most this much of what is typed (the text itself may hold 6000 characters; a
# longer one gets its message at the field and is still previewed up to here).
PREVIEW_LIMIT = 10000


class RecruitmentTextForm(forms.Form):
    subject = text_field(
        _("Onderwerp"), max_length=150, required_message=_("Vul een onderwerp in voor de e-mail.")
    )
    body = text_field(
        _("Tekst"),
        max_length=6000,
        rows=22,
        required_message=_("Vul de wervingstekst in."),
        help_text=_("Woorden tussen accolades, zoals {datum_startbijeenkomst}, vullen we zelf in."),
    )

    def typed(self) -> tuple[str, str]:
        """What was typed, valid or not, for the preview."""
        return (
            str(self.data.get("subject", ""))[:PREVIEW_LIMIT],
            str(self.data.get("body", ""))[:PREVIEW_LIMIT],
        )
