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


def link_tags() -> int:
    """Link library methods without a tag to the directory's ``groups.Method`` by slug.

    The demo loader calls this after it created the ``groups.Method`` rows (the migration runs before
    they exist on a fresh database). Idempotent; returns how many methods it linked.
    """
    tags = {m.slug: m for m in Method.objects.filter(slug__in=TAG_SLUGS.values())}
    linked = 0
    for template in MethodTemplate.objects.filter(group=None, tag=None, slug__in=TAG_SLUGS):
        tag = tags.get(TAG_SLUGS[template.slug])
        if tag is not None:
            template.tag = tag
            template.save(update_fields=["tag"])
            linked += 1
    return linked


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
