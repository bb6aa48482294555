"""Method library: copying a method for a group and changing the copy's steps.

The library itself (``group`` empty) is filled by the data migration ``0002_seed_library`` and is not
changed from the site; a begeleider or planner copies a method and adapts the copy.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.groups.models import IntervisionGroup, Method
from intervisie.methods.models import MethodStep, MethodTemplate, Speaker

MIN_MINUTES = 1
MAX_MINUTES = 120

# Library slug -> slug of the directory tag (``groups.Method``). Keep in step with the migration.
TAG_SLUGS = {
    "zes-fasen": "zes-fasen",
    "buiten-je-bubbel": "tienstappenmethode-buiten-je-bubbel",
    "incidentmethode": "incidentmethode",
    "balintmethode": "balintmethode",
    "roddelmethode": "roddelmethode",
    "vijfstappenmethode": "vijfstappenmethode",
    "probleemoplossende-methode": "probleemoplossende-methode",
    "socratisch-gesprek": "socratisch-gesprek",
}


def _short_summary(text: str, limit: int = 300) -> str:
    """The directory's summary is at most 300 characters: whole sentences of the library's summary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 0 else cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def link_tags() -> int:
    """Make the directory's list of methods the library's: every library method gets its
    ``groups.Method`` row (its ``tag``) and that row carries the library method's name.

    For each library method without a tag: link the row with the slug from ``TAG_SLUGS`` (or the
    method's own slug), else the row with the same name, else create one (name, slug, a summary cut
    at a sentence). Then a tag named otherwise gets the library name, unless another row already has
    that name. Group copies made before their original had a tag get it too. The demo loader calls
    this after it wrote its directory rows; migration 0003 did the same for existing databases.
    Idempotent; returns how many links and renames it made (0 when all was in step).
    """
    changed = 0
    for template in MethodTemplate.objects.filter(group=None).select_related("tag").order_by("pk"):
        tag = template.tag
        if tag is None:
            slug = TAG_SLUGS.get(template.slug, template.slug)
            tag = (
                Method.objects.filter(slug=slug).first()
                or Method.objects.filter(name__iexact=template.name).first()
                or Method.objects.create(
                    slug=slug, name=template.name[:80], summary=_short_summary(template.summary)
                )
            )
            template.tag = tag
            template.save(update_fields=["tag"])
            changed += 1
        if tag.name != template.name and not Method.objects.filter(name=template.name).exists():
            tag.name = template.name[:80]
            tag.save(update_fields=["name"])
            changed += 1
    for copy in MethodTemplate.objects.filter(
        group__isnull=False, tag=None, based_on__tag__isnull=False
    ).select_related("based_on"):
        copy.tag_id = copy.based_on.tag_id
        copy.save(update_fields=["tag"])
    return changed


def _unique_group_slug(group: IntervisionGroup, base: str) -> str:
    base = slugify(base)[:130] or "methode"
    taken = set(
        MethodTemplate.objects.filter(group=group, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def method_copy(*, method: MethodTemplate, group: IntervisionGroup, by) -> MethodTemplate:
    """Copy ``method`` with all its steps into ``group``'s own methods.

    Side effects, in order: create the copy (``based_on`` the original, a slug unique within the
    group: "-2", "-3" when the group already has one), copy every step, write the audit log.
    The copy is independent: changing it never changes the original.
    """
    copy = MethodTemplate.objects.create(
        name=method.name,
        slug=_unique_group_slug(group, method.slug),
        summary=method.summary,
        source=method.source,
        group_size=method.group_size,
        tag=method.tag,
        group=group,
        based_on=method,
        has_look_back=method.has_look_back,
    )
    MethodStep.objects.bulk_create(
        MethodStep(
            method=copy,
            position=step.position,
            name=step.name,
            instruction=step.instruction,
            minutes=step.minutes,
            speaker=step.speaker,
            bringer_listens_only=step.bringer_listens_only,
            shares_answers=step.shares_answers,
        )
        for step in method.steps.all()
    )
    log_action(actor=by, action="method.copy", obj=copy, data={"from": method.pk, "group": group.pk})
    return copy


@dataclass
class StepData:
    """One step as the begeleider wants it; ``id`` is an existing step of the method or None (new)."""

    name: str
    instruction: str
    minutes: int
    speaker: str
    bringer_listens_only: bool = False
    shares_answers: bool = False
    id: int | None = None


def _validate_steps(steps: list[StepData]) -> None:
    if not steps:
        raise ValidationError(_("Een methode heeft minstens één stap nodig."))
    for step in steps:
        if not step.name.strip():
            raise ValidationError(_("Elke stap heeft een naam nodig."))
        if not MIN_MINUTES <= step.minutes <= MAX_MINUTES:
            raise ValidationError(_("Een stap duurt minstens 1 en hooguit 120 minuten."))
        if step.speaker not in Speaker.values:
            raise ValidationError(_("Kies wie er praat in deze stap."))


@transaction.atomic
def method_update_steps(*, method: MethodTemplate, steps: list[StepData], by) -> MethodTemplate:
    """Replace ``method``'s steps by ``steps``, in this order (positions become 1, 2, 3, ...).

    Side effects, in order: validate (only a group's copy; at least one step; every step a name,
    1-120 minutes and a speaker), delete the steps that are no longer in the list, update the kept
    ones and create the new ones, write the audit log with the number of steps and minutes.
    Raises ``ValidationError`` with a Dutch message.
    """
    if method.group_id is None:
        raise ValidationError(
            _("Een methode uit de bibliotheek kun je niet aanpassen. Maak eerst een kopie.")
        )
    _validate_steps(steps)
    method = MethodTemplate.objects.select_for_update().get(pk=method.pk)
    existing = {step.pk: step for step in method.steps.all()}
    kept_ids = {step.id for step in steps if step.id is not None}
    if not kept_ids <= existing.keys():
        raise ValidationError(_("Deze stap hoort niet bij deze methode."))
    method.steps.exclude(pk__in=kept_ids).delete()
    # Positions are unique per method: park the kept steps out of the way before numbering again.
    for step in existing.values():
        if step.pk in kept_ids:
            step.position += 1000
            step.save(update_fields=["position"])
    fields = [
        "position",
        "name",
        "instruction",
        "minutes",
        "speaker",
        "bringer_listens_only",
        "shares_answers",
    ]
    for position, data in enumerate(steps, start=1):
        values = {
            "position": position,
            "name": data.name.strip(),
            "instruction": data.instruction.strip(),
            "minutes": data.minutes,
            "speaker": data.speaker,
            "bringer_listens_only": data.bringer_listens_only,
            # Only silent writing has answers to share.
            "shares_answers": data.shares_answers and data.speaker == Speaker.SILENT_WRITING,
        }
        if data.id is None:
            MethodStep.objects.create(method=method, **values)
        else:
            step = existing[data.id]
            for key, value in values.items():
                setattr(step, key, value)
            step.save(update_fields=fields)
    log_action(
        actor=by,
        action="method.update_steps",
        obj=method,
        data={"steps": len(steps), "minutes": sum(step.minutes for step in steps)},
    )
    return method
