"""Forms for joining a group and for the answers that need words: declining and leaving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.common.forms import text_field
from intervisie.groups.domain import MOTIVATION_MAX_LENGTH

REASON_MAX_LENGTH = 1000  # Membership.decline_reason


class JoinForm(forms.Form):
    motivation = text_field(
        _("Waarom wil je meedoen?"),
        max_length=MOTIVATION_MAX_LENGTH,
        rows=6,
        required_message=_("Schrijf kort waarom je mee wilt doen."),
        help_text=_(
            "Vertel in een paar zinnen wie je bent en wat je zoekt in een intervisiegroep. "
            "Noem geen namen of gegevens van kinderen of gezinnen. Maximaal 1000 tekens."
        ),
    )


class DeclineForm(forms.Form):
    reason = text_field(
        _("Reden"),
        max_length=REASON_MAX_LENGTH,
        rows=4,
        required_message=_("Geef een reden, zodat de persoon weet waarom."),
        help_text=_("De persoon krijgt deze reden in een e-mail. Schrijf kort en vriendelijk waarom."),
    )


class LeaveForm(forms.Form):
    reason = text_field(
        _("Wil je vertellen waarom? (mag leeg blijven)"),
        max_length=REASON_MAX_LENGTH,
        rows=3,
        required=False,
        help_text=_("De beheerder van de groep leest dit. Zo kan de groep beter worden."),
    )


class RegistrationVerifyForm(forms.Form):
    """The manager's "checked / not checked" toggle for a person's SKJ or Registerplein number."""

    register = forms.ChoiceField(choices=[("skj", "SKJ"), ("registerplein", "Registerplein")])
    verified = forms.TypedChoiceField(
        choices=[("1", _("gecontroleerd")), ("0", _("niet gecontroleerd"))], coerce=lambda value: value == "1"
    )
