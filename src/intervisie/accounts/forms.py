from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import SELF_SERVICE_ROLES, Role
from intervisie.accounts.models import User

ROLE_CHOICES = [(str(r), Role(r).label) for r in SELF_SERVICE_ROLES]


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    name = forms.CharField(label=_("Je naam"), max_length=120)
    roles = forms.MultipleChoiceField(
        label=_("Wat doe je?"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies alles wat bij je past."),
    )

    def signup(self, request, user):
        from intervisie.accounts.domain import user_set_roles

        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
        user_set_roles(user=user, roles=self.cleaned_data["roles"], by=user)


class ProfileForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Wat doe je?"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
    )

    class Meta:
        model = User
        fields = ["name", "phone", "language", "skj_number", "registerplein_number", "supervisor_register"]
        help_texts = {
            "skj_number": _("Alleen cijfers. Laat leeg als je niet bij SKJ geregistreerd bent."),
            "registerplein_number": _("Begint met 4610. Laat leeg als je niet bij Registerplein staat."),
            "supervisor_register": _("Alleen voor begeleiders: bij welke beroepsvereniging sta je geregistreerd?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        kept = [r for r in self.instance.role_set if r in dict(ROLE_CHOICES)]
        self.initial.setdefault("roles", kept)

    def clean_skj_number(self):
        return self.cleaned_data["skj_number"].replace(" ", "")

    def clean_registerplein_number(self):
        return self.cleaned_data["registerplein_number"].replace(" ", "")
