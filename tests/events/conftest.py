import datetime as dt

import pytest
from django.utils import timezone

from intervisie.events.enums import ParticipantRole, RegistrationKind
from tests.factories import EventFactory, RegistrationFactory

ROLES = [ParticipantRole.GEZINSHUISOUDER, ParticipantRole.JEUGDZORGWERKER]


@pytest.fixture
def event(olga):
    """Olga organises the event: its owner."""
    return EventFactory(title="GGZ in het gezinshuis", organisers=[olga])


@pytest.fixture
def bob_registration(event, bob):
    """Bob is registered for the event: the member of the owner, member and outsider."""
    return RegistrationFactory(event=event, user=bob)


def fill(event, participants: int, coaches: int):
    """Registrations that mix roles, organisations and regions, plus coaches."""
    regions = ["UT", "GE", "NH", "ZH", "NB"]
    people = [
        RegistrationFactory(
            event=event,
            role=ROLES[i % 2],
            organisation_other=f"Organisatie {i % 6}",
            region=regions[i % len(regions)],
            gezinshuis=f"Gezinshuis {i // 2}",
        )
        for i in range(participants)
    ]
    coach_list = [
        RegistrationFactory(
            event=event, kind=RegistrationKind.COACH, role="", organisation_other=f"Coachbureau {i}"
        )
        for i in range(coaches)
    ]
    return people, coach_list


PERSON = {
    "role": ParticipantRole.GEZINSHUISOUDER,
    "organisation_other": "Zorgaanbieder Oost",
    "gezinshuis": "De Linde",
}


def person_fields(**overrides) -> dict:
    """What a participant fills in on the registration form (as domain fields)."""
    return {**PERSON, "region": "UT", **overrides}


def at_phase(event, phase: str):
    """Move the event's times so that now is in ``phase``: "before", "plenary", "breakout" or "after"."""
    now = timezone.now()
    starts = {
        "before": now + dt.timedelta(hours=2),
        "plenary": now - dt.timedelta(minutes=10),
        "breakout": now - dt.timedelta(minutes=70),
        "after": now - dt.timedelta(hours=3),
    }[phase]
    event.plenary_starts_at = starts
    event.plenary_ends_at = starts + dt.timedelta(minutes=45)
    event.breakout_starts_at = starts + dt.timedelta(minutes=60)
    event.breakout_ends_at = starts + dt.timedelta(minutes=135)
    event.registration_deadline = starts - dt.timedelta(days=2)
    event.save()
    return event
