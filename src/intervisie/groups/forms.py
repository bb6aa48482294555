"""Forms for joining a group and for the answers that need words: declining and leaving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.common.bsn import validate_no_bsn
from intervisie.common.forms import TOO_LONG
from intervisie.groups.domain import MOTIVATION_MAX_LENGTH

REASON_MAX_LENGTH = 1000  # Membership.decline_reason


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Waarom wil je meedoen?"),
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Vertel in een paar zinnen wie je bent en wat je zoekt in een intervisiegroep. "
            "Noem geen namen of gegevens van kinderen of gezinnen. Maximaal 1000 tekens."
        ),
        error_messages={
            "required": _("Schrijf kort waarom je mee wilt doen."),
            "max_length": TOO_LONG,
        },
        validators=[validate_no_bsn],
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De persoon krijgt deze reden in een e-mail. Schrijf kort en vriendelijk waarom."),
        error_messages={
            "required": _("Geef een reden, zodat de persoon weet waarom."),
            "max_length": TOO_LONG,
        },
        validators=[validate_no_bsn],
    )


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("Wil je vertellen waarom? (mag leeg blijven)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De beheerder van de groep leest dit. Zo kan de groep beter worden."),
        error_messages={"max_length": TOO_LONG},
        validators=[validate_no_bsn],
    )


class RegistrationVerifyForm(forms.Form):
    """The manager's "checked / not checked" toggle for a person's SKJ or Registerplein number."""

    register = forms.ChoiceField(choices=[("skj", "SKJ"), ("registerplein", "Registerplein")])
    verified = forms.TypedChoiceField(
        choices=[("1", _("gecontroleerd")), ("0", _("niet gecontroleerd"))], coerce=lambda value: value == "1"
    )
