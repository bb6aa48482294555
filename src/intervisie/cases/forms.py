from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intervisie.cases.models import TEXT_MAX, TITLE_MAX, Case
from intervisie.cases.privacy import scan
from intervisie.meetings.enums import MeetingStatus
from intervisie.meetings.models import Meeting

QUESTION_MAX = Case._meta.get_field("question").max_length


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        when = timezone.localtime(meeting.starts_at)
        return f"{meeting.title} ({when:%d-%m-%Y})"


class CaseForm(forms.ModelForm):
    """Title, situation and question, the checklist of seed 003 and an optional meeting. Checks the
    privacy screen: with findings, the form is only valid when the member ticks that they saw them."""

    privacy_acknowledged = forms.BooleanField(
        label=_("Ik heb dit gezien en wil toch opslaan"), required=False
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "situation",
            "question",
            "own_experience",
            "still_current",
            "has_influence",
            "fits_theme",
            "meeting",
            "privacy_acknowledged",
        ]
        labels = {
            "title": _("Titel"),
            "situation": _("De situatie"),
            "question": _("Je vraag aan de groep"),
            "own_experience": _("Het gaat over mijn eigen ervaring"),
            "still_current": _("Het speelt nog"),
            "has_influence": _("Ik heb er zelf invloed op"),
            "fits_theme": _("Het past bij het thema van de groep"),
            "meeting": _("Voor welke bijeenkomst?"),
        }
        help_texts = {
            "title": _("Een paar woorden, zonder namen. Hoogstens %(max)d tekens.") % {"max": TITLE_MAX},
            "situation": _(
                "Vertel wat er gebeurde of wat er gaat gebeuren, wie erbij betrokken zijn (zonder namen) en "
                "wat het met je doet. Hoogstens %(max)d tekens."
            )
            % {"max": TEXT_MAX},
            "question": _("Wat wil je van de groep weten? Hoogstens %(max)d tekens.") % {"max": QUESTION_MAX},
            "own_experience": _("Je hebt het zelf meegemaakt of je gaat het zelf meemaken."),
            "still_current": _(
                "Het is nu aan de hand, het komt eraan of het is kort geleden en je denkt er nog aan."
            ),
            "has_influence": _("Je kunt zelf iets doen aan de situatie."),
            "fits_theme": _("Het heeft te maken met het onderwerp waar jullie groep samen over praat."),
            "meeting": _("Je kunt dit ook leeg laten en later kiezen."),
        }
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 10}),
            "question": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        since = timezone.now() - timedelta(days=1)
        meetings = Meeting.objects.filter(group=group).exclude(status=MeetingStatus.CANCELLED)
        current = self.instance.meeting_id if self.instance and self.instance.pk else None
        self.fields["meeting"] = MeetingChoiceField(
            queryset=meetings.filter(Q(starts_at__gte=since) | Q(pk=current or 0)).order_by("starts_at"),
            required=False,
            label=self._meta.labels["meeting"],
            help_text=self._meta.help_texts["meeting"],
            empty_label=_("Nog geen bijeenkomst"),
        )
        for name in ("title", "situation", "question"):
            self.fields[name].error_messages["required"] = {
                "title": _("Geef je casus een korte titel."),
                "situation": _("Beschrijf de situatie."),
                "question": _("Schrijf je vraag aan de groep op."),
            }[name]
            self.fields[name].error_messages["max_length"] = _(
                "Dit is te lang: hoogstens %(limit_value)d tekens, je hebt er nu %(show_value)d."
            )
        self.findings: dict[str, list] = {}

    def clean(self):
        cleaned = super().clean()
        self.findings = {
            name: found
            for name in ("title", "situation", "question")
            if (found := scan(self.data.get(self.add_prefix(name), "") or ""))
        }
        if self.findings and not cleaned.get("privacy_acknowledged"):
            raise forms.ValidationError(
                _(
                    "Je tekst lijkt gegevens te bevatten waaraan iemand te herkennen is. Vervang ze, of "
                    "vink aan dat je het gezien hebt en toch wilt opslaan."
                ),
                code="privacy",
            )
        if not self.findings:
            cleaned["privacy_acknowledged"] = False
        return cleaned

    def finding_groups(self) -> list[dict]:
        """Findings per field for the template. The matched text goes back only to the person who
        typed it, on this page."""
        groups = []
        for name, found in self.findings.items():
            text = self.data.get(self.add_prefix(name), "")
            items = [{"finding": f, "text": text[f.start : f.end]} for f in found]
            groups.append({"name": name, "label": self.fields[name].label, "items": items})
        return groups
