"""The provider's board and step 2 of the route: planning the talk, declining, planning the introduction,
cancelling. Only the provider's begeleiders get there (issue 12)."""

import pytest
from django.core import mail

from intervisie.common.models import AuditEntry
from intervisie.trajectories.enums import TrajectoryState
from tests.factories import ProviderFactory, TrajectoryFactory, UserFactory, days_from_today, give_totp

pytestmark = pytest.mark.django_db
S = TrajectoryState


@pytest.fixture
def bea(db):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def trajectory(bea):
    provider = ProviderFactory(name="Praktijk Licht")
    provider.members.create(user=bea, is_owner=True)
    return TrajectoryFactory(provider=provider, organisation_name="Gezinshuizen Zuid", talk_notes="Intern.")


def _when(days=4, hour=10):
    return days_from_today(days, hour).strftime("%Y-%m-%dT%H:%M")


def test_board_lists_own_trajectories_by_state_with_counts(client, bea, trajectory):
    TrajectoryFactory(organisation_name="Van een ander")  # another provider's
    TrajectoryFactory(provider=trajectory.provider, organisation_name="Tweede", state=S.TALK_PLANNED)
    client.force_login(bea)
    html = client.get("/trajecten/aanbieder/").content.decode()
    assert "Gezinshuizen Zuid" in html and "Tweede" in html and "Van een ander" not in html
    assert "2 trajecten" in html
    assert "Aangevraagd" in html and "Verkennend gesprek gepland" in html


def test_board_for_someone_without_a_provider_says_what_to_do(client):
    user = UserFactory(roles=["begeleider"])
    give_totp(user)
    client.force_login(user)
    assert "Je werkt nog niet voor een aanbieder" in client.get("/trajecten/aanbieder/").content.decode()


def test_board_queries_do_not_grow_with_trajectories(client, bea, trajectory, django_assert_max_num_queries):
    for n in range(10):
        TrajectoryFactory(provider=trajectory.provider, organisation_name=f"Organisatie {n}")
    client.force_login(bea)
    with django_assert_max_num_queries(12):
        client.get("/trajecten/aanbieder/")


@pytest.mark.parametrize("role", ["outsider", "other_provider", "superuser"])
def test_detail_and_steps_are_not_found_for_anyone_else(client, trajectory, role):
    user = UserFactory(roles=["begeleider"], is_staff=role == "superuser", is_superuser=role == "superuser")
    give_totp(user)
    if role == "other_provider":
        ProviderFactory().members.create(user=user)
    client.force_login(user)
    assert client.get(f"/trajecten/traject/{trajectory.pk}/").status_code == 404
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/stap/talk_declined/", {"talk_declined-reason": "Nee"}
    )
    assert response.status_code == 404
    trajectory.refresh_from_db()
    assert trajectory.state == S.REQUESTED


def test_plan_the_talk_then_the_introduction(client, bea, trajectory):
    client.force_login(bea)
    page = client.get(f"/trajecten/traject/{trajectory.pk}/").content.decode()
    assert "Verkennend gesprek plannen" in page and "Intern." in page
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/stap/talk_planned/",
        {"talk_planned-starts_at": _when(), "talk_planned-minutes": "45", "talk_planned-location": "Online"},
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.state == S.TALK_PLANNED and trajectory.begeleider == bea
    assert (trajectory.talk_ends_at - trajectory.talk_starts_at).total_seconds() == 45 * 60
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["bea@example.nl", trajectory.contact_email])
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/stap/introduction_planned/",
        {
            "introduction_planned-starts_at": _when(14, 19),
            "introduction_planned-minutes": "90",
            "introduction_planned-location": "Buurthuis De Linde, Utrecht",
            "introduction_planned-notes": "Goed gesprek; zes deelnemers.",
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.state == S.INTRODUCTION_PLANNED and trajectory.intro_location.startswith("Buurthuis")
    assert AuditEntry.objects.filter(action="trajectory.introduction_planned").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"talk_planned-starts_at": "", "talk_planned-minutes": "60", "talk_planned-location": "Online"},
            "Kies een datum en tijd",
        ),
        (
            {
                "talk_planned-starts_at": "morgen",
                "talk_planned-minutes": "60",
                "talk_planned-location": "Online",
            },
            "geldige datum en tijd",
        ),
        (
            {
                "talk_planned-starts_at": _when(-2),
                "talk_planned-minutes": "60",
                "talk_planned-location": "Online",
            },
            "in de toekomst",
        ),
        (
            {
                "talk_planned-starts_at": _when(),
                "talk_planned-minutes": "5",
                "talk_planned-location": "Online",
            },
            "Kies minstens 15",
        ),
        (
            {"talk_planned-starts_at": _when(), "talk_planned-minutes": "60", "talk_planned-location": ""},
            "Vul een plaats of videolink in",
        ),
    ],
)
def test_bad_talk_input_keeps_what_was_typed(client, bea, trajectory, data, message):
    client.force_login(bea)
    response = client.post(f"/trajecten/traject/{trajectory.pk}/stap/talk_planned/", data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    trajectory.refresh_from_db()
    assert trajectory.state == S.REQUESTED and mail.outbox == []


def test_decline_needs_a_reason_and_a_second_click_changes_nothing(client, bea, trajectory):
    client.force_login(bea)
    url = f"/trajecten/traject/{trajectory.pk}/stap/talk_declined/"
    assert "Schrijf een reden op" in client.post(url, {"talk_declined-reason": ""}).content.decode()
    assert client.post(url, {"talk_declined-reason": "Geen plek."}).status_code == 302
    again = client.post(url, {"talk_declined-reason": "Geen plek."}, follow=True)
    assert "Dit kan nu niet" in again.content.decode()
    assert len(mail.outbox) == 1 and AuditEntry.objects.filter(action="trajectory.talk_declined").count() == 1


def test_unknown_step_is_not_found(client, bea, trajectory):
    client.force_login(bea)
    # "running" is reached through the client's acceptance, never through a form of the begeleider.
    assert client.post(f"/trajecten/traject/{trajectory.pk}/stap/running/").status_code == 404
    assert client.post(f"/trajecten/traject/{trajectory.pk}/stap/bestaat-niet/").status_code == 404


def test_cancel_asks_only_the_reason_and_tells_the_client(client, bea, trajectory):
    client.force_login(bea)
    page = client.get(f"/trajecten/traject/{trajectory.pk}/").content.decode()
    assert 'name="cancelled-reason"' in page and 'name="cancelled-notes"' not in page
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/stap/cancelled/", {"cancelled-reason": "Stopt."}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.state == S.CANCELLED and trajectory.talk_notes == "Intern."
    (message,) = mail.outbox
    assert message.to == [trajectory.contact_email] and "Stopt." in message.body
