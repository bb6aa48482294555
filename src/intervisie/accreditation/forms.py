"""Forms for registration periods, evidence periods, signing, certificates and the public check."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.accreditation.codes import CODE_LENGTH, code_characters
from intervisie.accreditation.domain import REVOKE_REASON_MAX_LENGTH
from intervisie.accreditation.models import Register
from intervisie.common.forms import TOO_LONG, date_field, text_field

# The date picker sends ISO dates; a date typed the Dutch way (where no picker shows) is accepted too.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


def period_date_field(label, *, required=True, help_text=""):
    """A date of a registration or evidence period, in the platform's words for these pages."""
    return date_field(
        label,
        required_message=_("Vul een datum in."),
        invalid_message=_("Dit is geen goede datum. Schrijf hem zo: 31-12-2025."),
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
    )


class EnrolmentForm(forms.Form):
    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.all(),
        empty_label=_("Kies je register"),
        error_messages={
            "required": _("Kies bij welk register je staat ingeschreven."),
            "invalid_choice": _("Kies een register uit de lijst."),
        },
    )
    period_start = period_date_field(
        _("Begin van je registratieperiode"),
        help_text=_(
            "Deze datum staat in je portfolio bij het register, bijvoorbeeld in Mijn SKJ of PE-online."
        ),
    )


class ScopeForm(forms.Form):
    """A period or a series of one group, for the evidence PDFs. Everything empty: all meetings."""

    series = forms.ModelChoiceField(
        label=_("Reeks"),
        queryset=None,
        required=False,
        empty_label=_("Geen reeks: kies een periode"),
        error_messages={"invalid_choice": _("Kies een reeks uit de lijst.")},
    )
    start = period_date_field(_("Vanaf"), required=False)
    end = period_date_field(_("Tot en met"), required=False)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["series"].queryset = group.series.order_by("-created_at")
        if not self.fields["series"].queryset.exists():
            del self.fields["series"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Deze datum ligt voor de begindatum. Kies een latere datum."))
        return data


class StatementPeriodForm(forms.Form):
    start = period_date_field(_("Vanaf"))
    end = period_date_field(_("Tot en met"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if end and end > timezone.localdate():
            self.add_error("end", _("De einddatum ligt in de toekomst. Kies vandaag of eerder."))
        elif start and end and start > end:
            self.add_error("end", _("Deze datum ligt voor de begindatum. Kies een latere datum."))
        return data


class CertificateIssueForm(ScopeForm):
    title = forms.CharField(
        label=_("Titel op het certificaat"),
        max_length=200,
        error_messages={"required": _("Geef het certificaat een titel."), "max_length": TOO_LONG},
        help_text=_("Bijvoorbeeld: Intervisie voor gezinshuisouders, schooljaar 2025-2026."),
    )
    min_meetings = forms.IntegerField(
        label=_("Minimaal aantal bijeenkomsten"),
        min_value=1,
        max_value=99,
        initial=1,
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in, bijvoorbeeld 4."),
            "min_value": _("Vul 1 of meer in."),
            "max_value": _("Vul 99 of minder in."),
        },
        help_text=_("Alleen wie bij zoveel bijeenkomsten of meer was, krijgt een certificaat."),
    )

    field_order = ["series", "start", "end", "title", "min_meetings"]

    def clean(self):
        data = super().clean()
        has_dates = data.get("start") and data.get("end")
        date_errors = self.errors.get("start") or self.errors.get("end")
        if not data.get("series") and not has_dates and not date_errors:
            self.add_error(
                "start" if not data.get("start") else "end",
                _("Kies een reeks, of vul een begin- en einddatum in."),
            )
        return data


class RevokeForm(forms.Form):
    reason = text_field(
        _("Waarom trek je het certificaat in?"),
        max_length=REVOKE_REASON_MAX_LENGTH,
        rows=3,
        required_message=_("Schrijf kort waarom je het certificaat intrekt."),
        help_text=_(
            "De deelnemer krijgt een e-mail dat het certificaat is ingetrokken. De reden staat niet op de "
            "openbare controlepagina. Maximaal 300 tekens."
        ),
    )


class StatementRevokeForm(RevokeForm):
    reason = text_field(
        _("Waarom trek je de verklaring in?"),
        max_length=REVOKE_REASON_MAX_LENGTH,
        rows=3,
        required_message=_("Schrijf kort waarom je de verklaring intrekt."),
        help_text=_(
            "De deelnemer krijgt een e-mail met je reden. De reden staat niet op de openbare controlepagina. "
            "Maximaal 300 tekens."
        ),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code van het certificaat of de verklaring"),
        max_length=40,
        help_text=_(
            "De code staat op het certificaat of de reflectieverklaring, bijvoorbeeld IVW-ABCD-EFGH-JKMN. "
            "Kleine letters mogen ook."
        ),
        error_messages={
            "required": _("Vul de code van het certificaat of de verklaring in."),
            "max_length": _("Deze code is te lang. Een code ziet er zo uit: IVW-ABCD-EFGH-JKMN."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self):
        raw = code_characters(self.cleaned_data["code"])
        if len(raw) != CODE_LENGTH:
            raise forms.ValidationError(
                _(
                    "Een code heeft 12 letters en cijfers na IVW, bijvoorbeeld IVW-ABCD-EFGH-JKMN. "
                    "Kijk of je niets hebt overgeslagen."
                )
            )
        return raw
