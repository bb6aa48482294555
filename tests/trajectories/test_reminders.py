"""A step that needs someone's action gets one reminder after TRAJECTORY_REMINDER_DAYS days: the provider's
begeleiders for their steps, the client for an unanswered quote (issue 12, overviews)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.trajectories.domain import quote_link, set_trajectory_state, trajectory_reminders_send
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.tasks import send_trajectory_reminders
from tests.factories import (
    ProviderFactory,
    TrajectoryFactory,
    UserFactory,
    days_from_today,
    give_totp,
    sent_quote_for,
)

pytestmark = pytest.mark.django_db
S = TrajectoryState


@pytest.fixture
def provider():
    provider = ProviderFactory(name="Praktijk Licht", email="info@licht.example")
    for email in ("bea@example.nl", "piet@example.nl"):
        provider.members.create(user=UserFactory(email=email, roles=["begeleider"]))
    return provider


def _waiting(provider, state, days, **fields):
    trajectory = TrajectoryFactory(provider=provider, state=state, **fields)
    Trajectory.objects.filter(pk=trajectory.pk).update(
        state_changed_at=timezone.now() - dt.timedelta(days=days)
    )
    return trajectory


def test_a_request_waiting_a_week_reminds_the_begeleiders_once(settings, provider):
    settings.TRAJECTORY_REMINDER_DAYS = 7
    waiting = _waiting(provider, S.REQUESTED, 8, organisation_name="Gezinshuizen De Linde")
    _waiting(provider, S.REQUESTED, 6)  # not yet
    mail.outbox.clear()
    assert trajectory_reminders_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["bea@example.nl", "piet@example.nl"]
    assert "Gezinshuizen De Linde wacht op je" in mail.outbox[0].subject
    assert f"/trajecten/traject/{waiting.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    assert send_trajectory_reminders.call() == 0  # once per step, also through the task
    assert mail.outbox == []


def test_an_unanswered_quote_reminds_the_client_with_its_link(settings, provider):
    settings.TRAJECTORY_REMINDER_DAYS = 7
    trajectory = _waiting(provider, S.QUOTE_SENT, 10)
    quote = sent_quote_for(trajectory)
    mail.outbox.clear()
    assert trajectory_reminders_send() == 1
    (message,) = mail.outbox
    assert message.to == [trajectory.contact_email]
    assert quote_link(quote) in message.body and "10 dagen geleden" in message.body


def test_planned_dates_and_the_groups_turn_get_no_reminder(settings, provider):
    settings.TRAJECTORY_REMINDER_DAYS = 7
    _waiting(
        provider,
        S.TALK_PLANNED,
        30,
        talk_starts_at=days_from_today(-20),
        talk_ends_at=days_from_today(-20, 20),
    )
    _waiting(provider, S.RUNNING, 30)
    _waiting(provider, S.REPORTING, 30)
    _waiting(provider, S.CLOSED, 30)
    assert trajectory_reminders_send() == 0


def test_a_new_step_starts_its_own_waiting_time(settings, provider):
    settings.TRAJECTORY_REMINDER_DAYS = 7
    trajectory = _waiting(provider, S.REQUESTED, 8)
    trajectory_reminders_send()
    set_trajectory_state(
        trajectory,
        S.TALK_DECLINED,
        by=UserFactory(),
        fields={"decline_reason": "Geen ruimte dit jaar."},
    )
    trajectory.refresh_from_db()
    assert trajectory.reminder_sent_at is None


def test_the_board_says_who_each_step_waits_on_and_links_the_owners_profile(client, provider):
    owner = UserFactory(email="eigenaar@example.nl", roles=["begeleider"])
    give_totp(owner)
    provider.members.create(user=owner, is_owner=True)
    TrajectoryFactory(provider=provider, state=S.REQUESTED)
    sent_quote_for(TrajectoryFactory(provider=provider, state=S.QUOTE_SENT))
    client.force_login(owner)
    page = client.get("/trajecten/aanbieder/").content.decode()
    assert "Wacht op jou" in page and "Wacht op de opdrachtgever" in page
    assert f"/aanbieders/{provider.slug}/profiel/" in page
    bea = provider.members.get(user__email="bea@example.nl").user
    give_totp(bea)
    client.force_login(bea)
    assert f"/aanbieders/{provider.slug}/profiel/" not in client.get("/trajecten/aanbieder/").content.decode()
