from django import forms
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import SELF_SERVICE_ROLES, Role, SupervisorRegister
from intervisie.accounts.models import User

ROLE_CHOICES = [(str(r), Role(r).label) for r in SELF_SERVICE_ROLES]
ROLES_HELP = _(
    "Kies alles wat bij je past. Kies je 'Begeleider'? Dan zet je daarna inloggen in twee stappen aan."
)


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth makes this the base class of its SignupForm)."""

    # allauth applies this order to its own fields and ours together.
    field_order = ["name", "email", "password1", "password2", "roles"]

    name = forms.CharField(
        label=_("Je naam"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    roles = forms.MultipleChoiceField(
        label=_("Wat doe je?"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=ROLES_HELP,
        error_messages={"required": _("Kies minstens één rol, zodat we je de juiste groepen laten zien.")},
    )

    def signup(self, request, user):
        from intervisie.accounts.domain import user_set_roles

        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
        user_set_roles(user=user, roles=self.cleaned_data["roles"], by=user)


class ProfileForm(forms.ModelForm):
    """The person's own profile. The "verified" flags are not here: only admins and managers set them."""

    roles = forms.MultipleChoiceField(
        label=_("Wat doe je?"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=ROLES_HELP,
    )

    class Meta:
        model = User
        fields = ["name", "phone", "language", "skj_number", "registerplein_number", "supervisor_register"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "skj_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "registerplein_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        help_texts = {
            "skj_number": _("Alleen cijfers. Laat leeg als je niet bij SKJ geregistreerd bent."),
            "registerplein_number": _("Begint met 4610. Laat leeg als je niet bij Registerplein staat."),
            "supervisor_register": _(
                "Alleen voor begeleiders: bij welke beroepsvereniging sta je geregistreerd?"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["supervisor_register"].choices = [
            ("", _("Geen, ik ben geen begeleider")),
            *SupervisorRegister.choices,
        ]
        kept = [r for r in self.instance.role_set if r in dict(ROLE_CHOICES)]
        self.initial.setdefault("roles", kept)

    def clean_skj_number(self):
        return self.cleaned_data["skj_number"].replace(" ", "")

    def clean_registerplein_number(self):
        return self.cleaned_data["registerplein_number"].replace(" ", "")
