"""The route's state machine: every step that may follow, every step that may not, and what each step
sends (issue 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from icalendar import Calendar

from intervisie.billing.domain import LineData, create_quote
from intervisie.common.models import AuditEntry
from intervisie.trajectories.domain import (
    STEP_FIELDS,
    TRANSITIONS,
    RequestData,
    TransitionRefused,
    set_trajectory_state,
    trajectory_request,
)
from intervisie.trajectories.enums import OPEN_STATES, TrajectoryState
from intervisie.trajectories.models import Trajectory
from tests.factories import ProviderFactory, TrajectoryFactory, UserFactory, days_from_today

pytestmark = pytest.mark.django_db
S = TrajectoryState

# What a step needs, so that each allowed step can be taken with valid input.
VALID_FIELDS = {
    S.TALK_PLANNED: lambda: {
        "talk_starts_at": days_from_today(3, 10),
        "talk_ends_at": days_from_today(3, 11),
        "talk_location": "https://meet.example.nl/kennis",
    },
    S.TALK_DECLINED: lambda: {"decline_reason": "We hebben geen ruimte meer dit jaar."},
    S.INTRODUCTION_PLANNED: lambda: {
        "intro_starts_at": days_from_today(10, 19),
        "intro_ends_at": days_from_today(10, 20),
        "intro_location": "Buurthuis De Linde",
    },
    S.INTRODUCTION_HELD: lambda: {"agreed_focus": "Leren doorvragen."},
    S.QUOTE_DECLINED: lambda: {"decline_reason": "Te duur."},
    S.CANCELLED: lambda: {"decline_reason": "De organisatie stopt ermee."},
}

ALLOWED = [(old, new) for old, news in TRANSITIONS.items() for new in sorted(news)]
REFUSED = [(old, new) for old in S.values for new in S.values if new not in TRANSITIONS[old]]


def _in_state(state):
    return TrajectoryFactory(state=state)


def _fields_for(trajectory, new) -> dict:
    """Valid fields for the step to ``new``; a quote is made for the trajectory's own provider."""
    fields = VALID_FIELDS.get(new, dict)()
    if new == S.QUOTE_SENT:
        fields["quote"] = create_quote(
            provider=trajectory.provider,
            recipient={
                "recipient_organisation": "De Linde",
                "recipient_name": "Noor",
                "recipient_email": "n@example.nl",
            },
            subject="Begeleide intervisie",
            lines=[
                LineData(
                    description="Begeleiding",
                    quantity=Decimal(6),
                    unit_price=Decimal(300),
                    vat_rate=Decimal(21),
                )
            ],
            by=None,
        )
    return fields


def test_every_state_has_its_transitions_and_fields():
    assert set(TRANSITIONS) == set(S.values)
    assert set(STEP_FIELDS) == set(S.values) - {S.REQUESTED}
    # Every open state can be cancelled; an ended state leads nowhere.
    for state in S.values:
        assert (S.CANCELLED in TRANSITIONS[state]) == (state in OPEN_STATES)
    for ended in (S.TALK_DECLINED, S.QUOTE_DECLINED, S.CLOSED, S.CANCELLED):
        assert TRANSITIONS[ended] == frozenset()


@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=[f"{o}->{n}" for o, n in ALLOWED])
def test_allowed_step_changes_state_and_is_logged(old, new):
    trajectory = _in_state(old)
    begeleider = UserFactory(roles=["begeleider"])
    set_trajectory_state(trajectory, new, by=begeleider, fields=_fields_for(trajectory, new))
    trajectory.refresh_from_db()
    assert trajectory.state == new
    entry = AuditEntry.objects.get(action=f"trajectory.{new}", object_id=str(trajectory.pk))
    assert entry.data["from"] == old and entry.actor == begeleider


@pytest.mark.parametrize(("old", "new"), REFUSED, ids=[f"{o}->{n}" for o, n in REFUSED])
def test_refused_step_says_why_and_changes_nothing(old, new):
    trajectory = _in_state(old)
    before = Trajectory.objects.filter(pk=trajectory.pk).values().get()
    with pytest.raises(TransitionRefused) as refused:
        set_trajectory_state(trajectory, new, by=None, fields=_fields_for(trajectory, new))
    assert "Dit kan nu niet" in refused.value.messages[0]
    assert str(S(old).label) in refused.value.messages[0]
    assert Trajectory.objects.filter(pk=trajectory.pk).values().get() == before
    assert not AuditEntry.objects.filter(
        object_id=str(trajectory.pk), object_type="trajectories.trajectory"
    ).exists()
    assert mail.outbox == []


def test_a_step_cannot_write_fields_of_another_step():
    trajectory = _in_state(S.REQUESTED)
    with pytest.raises(TransitionRefused, match="agreed_focus"):
        set_trajectory_state(
            trajectory,
            S.TALK_PLANNED,
            by=None,
            fields={**VALID_FIELDS[S.TALK_PLANNED](), "agreed_focus": "x"},
        )
    trajectory.refresh_from_db()
    assert trajectory.state == S.REQUESTED and trajectory.agreed_focus == ""


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"talk_starts_at": days_from_today(3, 11), "talk_ends_at": days_from_today(3, 10)},
        {"talk_starts_at": days_from_today(3, 11), "talk_ends_at": days_from_today(3, 11)},
    ],
    ids=["no-times", "ends-before-start", "no-length"],
)
def test_talk_needs_a_start_before_its_end(fields):
    trajectory = _in_state(S.REQUESTED)
    with pytest.raises(TransitionRefused, match="einde na het begin"):
        set_trajectory_state(trajectory, S.TALK_PLANNED, by=None, fields=fields)
    trajectory.refresh_from_db()
    assert trajectory.state == S.REQUESTED


@pytest.mark.parametrize("new", [S.TALK_DECLINED, S.CANCELLED])
@pytest.mark.parametrize("reason", ["", "   "])
def test_decline_or_cancel_needs_a_reason_the_client_reads(new, reason):
    trajectory = _in_state(S.REQUESTED)
    with pytest.raises(TransitionRefused, match="reden"):
        set_trajectory_state(trajectory, new, by=None, fields={"decline_reason": reason})
    trajectory.refresh_from_db()
    assert trajectory.state == S.REQUESTED


def test_the_same_step_twice_is_refused_the_second_time():
    """A double click or a second tab: the second decline meets the new state under the row lock."""
    trajectory = _in_state(S.REQUESTED)
    stale = Trajectory.objects.get(pk=trajectory.pk)
    set_trajectory_state(trajectory, S.TALK_DECLINED, by=None, fields={"decline_reason": "Vol."})
    with pytest.raises(TransitionRefused):
        set_trajectory_state(stale, S.TALK_DECLINED, by=None, fields={"decline_reason": "Vol."})
    assert len(mail.outbox) == 1


def test_request_mails_provider_its_begeleiders_and_the_client():
    provider = ProviderFactory(name="Praktijk Licht", email="info@licht.example.nl")
    begeleider = UserFactory(email="bea@licht.example.nl", roles=["begeleider"])
    provider.members.create(user=begeleider, is_owner=True)
    data = RequestData(
        kind="new_impulse",
        organisation_name="Gezinshuizen Zuid",
        contact_name="Noor de Vries",
        contact_email="noor@zuid.example.nl",
        contact_phone="030-7654321",
        expected_participants=7,
        question="Onze groep loopt vast in herhaling.",
    )
    trajectory = trajectory_request(provider=provider, data=data, by=None)
    assert trajectory.state == S.REQUESTED and trajectory.client_user is None
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"info@licht.example.nl", "bea@licht.example.nl", "noor@zuid.example.nl"}
    assert "Onze groep loopt vast in herhaling." in by_address["bea@licht.example.nl"].body
    confirmation = by_address["noor@zuid.example.nl"]
    assert f"/trajecten/volg/{trajectory.follow_token}/" in confirmation.body
    assert confirmation.alternatives and "<html" in confirmation.alternatives[0][0]
    assert AuditEntry.objects.filter(action="trajectory.requested", object_id=str(trajectory.pk)).exists()


def test_planned_talk_sends_a_calendar_file_to_client_and_begeleider():
    begeleider = UserFactory(email="bea@example.nl", roles=["begeleider"])
    trajectory = _in_state(S.REQUESTED)
    starts = days_from_today(5, 14)
    set_trajectory_state(
        trajectory,
        S.TALK_PLANNED,
        by=begeleider,
        fields={
            "talk_starts_at": starts,
            "talk_ends_at": starts + dt.timedelta(hours=1),
            "talk_location": "Kantoor De Linde, Utrecht",
            "begeleider": begeleider,
        },
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["bea@example.nl", trajectory.contact_email])
    for message in mail.outbox:
        (name, content, mimetype) = message.attachments[0]
        assert mimetype == "text/calendar" and name.endswith(".ics")
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        assert event.decoded("dtstart") == starts
        assert str(event["location"]) == "Kantoor De Linde, Utrecht"


def test_talk_notes_never_reach_the_client():
    trajectory = _in_state(S.TALK_PLANNED)
    set_trajectory_state(
        trajectory,
        S.TALK_DECLINED,
        by=None,
        fields={"decline_reason": "Past niet bij ons aanbod.", "talk_notes": "Geheim: sfeer was gespannen."},
    )
    (message,) = mail.outbox
    assert "Past niet bij ons aanbod." in message.body
    assert "Geheim" not in message.body and "Geheim" not in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("state", "fields", "message"),
    [
        (S.INTRODUCTION_PLANNED, {"intro_location": "Online"}, "voor de kennismaking"),
        (S.INTRODUCTION_HELD, {"agreed_focus": "  "}, "afgesproken focus"),
    ],
)
def test_a_step_without_what_it_needs_is_refused_and_changes_nothing(state, fields, message):
    old = S.TALK_PLANNED if state == S.INTRODUCTION_PLANNED else S.INTRODUCTION_PLANNED
    trajectory = _in_state(old)
    with pytest.raises(TransitionRefused, match=message):
        set_trajectory_state(trajectory, state, by=None, fields=fields)
    trajectory.refresh_from_db()
    assert trajectory.state == old
