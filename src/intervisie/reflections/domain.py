"""Saving reflections and evaluations. The audit log records that something was saved, never what."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.groups.enums import PARTICIPANT_STATES
from intervisie.groups.selectors import took_part_in
from intervisie.meetings.enums import MeetingStatus

from .models import Evaluation, Reflection


class ReflectionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_can_write(*, meeting, user) -> None:
    if not meeting.group.memberships.filter(user=user, state__in=PARTICIPANT_STATES).exists():
        raise ReflectionError(_("Alleen deelnemers van de groep schrijven hier een reflectie."))
    if not took_part_in(user, meeting.group, starts_at=meeting.starts_at, ends_at=meeting.ends_at):
        raise ReflectionError(_("Je deed nog niet mee in de groep toen deze bijeenkomst was."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ReflectionError(_("Deze bijeenkomst is afgelast."))
    if meeting.starts_at > timezone.now():
        raise ReflectionError(_("Je kunt pas iets schrijven als de bijeenkomst begonnen is."))


def reflection_save(
    *,
    meeting,
    user,
    methods_text: str,
    values_text: str,
    personal_text: str,
    shared_with_begeleider: bool,
) -> Reflection:
    """Create or update ``user``'s reflection on ``meeting``.

    Side effects, in order: validate (participant, meeting began and is not cancelled, some text),
    save, audit log ("reflection.saved" with only the meeting and whether it is shared).
    """
    _check_can_write(meeting=meeting, user=user)
    texts = [methods_text.strip(), values_text.strip(), personal_text.strip()]
    if not any(texts):
        raise ReflectionError(_("Schrijf bij minstens één van de drie onderdelen iets."))
    with transaction.atomic():
        reflection, created = Reflection.objects.select_for_update().get_or_create(meeting=meeting, user=user)
        reflection.methods_text, reflection.values_text, reflection.personal_text = texts
        reflection.shared_with_begeleider = bool(shared_with_begeleider)
        reflection.full_clean()
        reflection.save()
        log_action(
            actor=user,
            action="reflection.saved",
            obj=reflection,
            data={"meeting": meeting.pk, "created": created, "shared": reflection.shared_with_begeleider},
        )
    return reflection


def evaluation_save(
    *,
    meeting,
    user,
    how_it_went: int,
    still_bothers: str,
    method_rating: int,
    will_do: str,
) -> Evaluation:
    """Create or update ``user``'s evaluation of ``meeting``.

    Side effects, in order: validate (participant, meeting began and is not cancelled, scores 1–5),
    save, audit log ("evaluation.saved" with only the meeting: no scores, no texts).
    """
    _check_can_write(meeting=meeting, user=user)
    for score in (how_it_went, method_rating):
        if score not in range(1, 6):
            raise ReflectionError(_("Kies een cijfer van 1 tot en met 5."))
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().filter(meeting=meeting, user=user).first()
        created = evaluation is None
        if created:
            evaluation = Evaluation(meeting=meeting, user=user)
        evaluation.how_it_went = how_it_went
        evaluation.method_rating = method_rating
        evaluation.still_bothers = still_bothers.strip()
        evaluation.will_do = will_do.strip()
        evaluation.full_clean()
        evaluation.save()
        log_action(
            actor=user,
            action="evaluation.saved",
            obj=evaluation,
            data={"meeting": meeting.pk, "created": created},
        )
    return evaluation
