"""Step 3 of the route: the introduction with the group. The client (on the follow page) or the begeleider
invites people, or shares a link; each invitee writes down their expectations; the begeleider records the
agreed focus (issue 12)."""

from datetime import timedelta

import pytest
from django.core import mail

from intervisie.common.models import AuditEntry
from intervisie.trajectories.domain import (
    MAX_INTRO_INVITES,
    TransitionRefused,
    invite_to_introduction,
    set_trajectory_state,
)
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import IntroInvite
from tests.factories import ProviderFactory, TrajectoryFactory, UserFactory, days_from_today, give_totp

pytestmark = pytest.mark.django_db
S = TrajectoryState


@pytest.fixture
def bea(db):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def planned(bea):
    provider = ProviderFactory(name="Praktijk Licht")
    provider.members.create(user=bea, is_owner=True)
    starts = days_from_today(10, 19)
    return TrajectoryFactory(
        provider=provider,
        begeleider=bea,
        state=S.INTRODUCTION_PLANNED,
        intro_starts_at=starts,
        intro_ends_at=starts + timedelta(minutes=90),
        intro_location="Buurthuis De Linde, Utrecht",
    )


def test_client_invites_the_group_from_the_follow_page(client, planned):
    page = client.get(f"/trajecten/volg/{planned.follow_token}/").content.decode()
    assert "Nodig de groep uit voor de kennismaking" in page
    assert f"/trajecten/kennismaking/groep/{planned.intro_token}/" in page
    response = client.post(
        f"/trajecten/volg/{planned.follow_token}/",
        {"people": "Sanne de Wit, sanne@example.nl\n\nOmar Bakker, <omar@example.nl>\n"},
    )
    assert response.status_code == 302
    assert sorted(IntroInvite.objects.values_list("name", "email")) == [
        ("Omar Bakker", "omar@example.nl"),
        ("Sanne de Wit", "sanne@example.nl"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["omar@example.nl", "sanne@example.nl"]
    message = mail.outbox[0]
    invite = IntroInvite.objects.get(email=message.to[0])
    assert f"/trajecten/kennismaking/{invite.token}/" in message.body
    assert "Buurthuis De Linde, Utrecht" in message.body
    assert message.attachments[0][2] == "text/calendar"
    assert "BEGIN:VEVENT" in message.attachments[0][1]
    page = client.get(f"/trajecten/volg/{planned.follow_token}/").content.decode()
    assert "Omar Bakker, Sanne de Wit" in page


def test_inviting_the_same_address_twice_sends_nothing_the_second_time(client, planned):
    url = f"/trajecten/volg/{planned.follow_token}/"
    client.post(url, {"people": "Sanne de Wit, sanne@example.nl"})
    mail.outbox.clear()
    response = client.post(url, {"people": "Sanne de Wit, SANNE@example.nl"}, follow=True)
    assert "Iedereen op je lijst was al uitgenodigd." in response.content.decode()
    assert IntroInvite.objects.count() == 1 and mail.outbox == []


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ("", "Vul minstens één naam met e-mailadres in."),
        ("Sanne de Wit", "Regel 1 klopt niet."),
        ("Sanne de Wit, sanne@example.nl\nOmar, geen-adres", "Regel 2 klopt niet."),
        (", sanne@example.nl", "Regel 1 klopt niet."),
    ],
)
def test_a_bad_list_is_shown_again_with_the_line_that_is_wrong(client, planned, people, message):
    response = client.post(f"/trajecten/volg/{planned.follow_token}/", {"people": people})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert IntroInvite.objects.count() == 0
    if people:
        assert people.splitlines()[0] in html  # what was typed stays


def test_at_most_a_dozen_invitations(planned):
    people = [(f"Persoon {n}", f"p{n}@example.nl") for n in range(MAX_INTRO_INVITES + 1)]
    with pytest.raises(TransitionRefused, match="hoogstens 12"):
        invite_to_introduction(trajectory=planned, people=people)
    assert IntroInvite.objects.count() == 0


def test_inviting_is_refused_outside_the_planned_introduction(client, planned):
    planned.state = S.TALK_PLANNED
    planned.save()
    with pytest.raises(TransitionRefused):
        invite_to_introduction(trajectory=planned, people=[("Sanne", "sanne@example.nl")])
    page = client.get(f"/trajecten/volg/{planned.follow_token}/").content.decode()
    assert "Nodig de groep uit" not in page
    response = client.post(
        f"/trajecten/volg/{planned.follow_token}/", {"people": "Sanne, sanne@example.nl"}, follow=True
    )
    assert "Uitnodigen kan als de kennismaking met de groep gepland is." in response.content.decode()
    assert IntroInvite.objects.count() == 0


def test_invitee_writes_expectations_and_only_the_begeleider_reads_them(client, bea, planned):
    (invite,) = invite_to_introduction(trajectory=planned, people=[("Sanne de Wit", "sanne@example.nl")])
    url = f"/trajecten/kennismaking/{invite.token}/"
    page = client.get(url).content.decode()
    assert "Hoi Sanne de Wit" in page and "Buurthuis De Linde, Utrecht" in page
    response = client.post(url, {"expectations": ""})
    assert "Schrijf een paar woorden op." in response.content.decode()
    response = client.post(url, {"expectations": "Ik wil leren doorvragen."})
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.expectations == "Ik wil leren doorvragen." and invite.responded_at is not None
    # The client sees the name, never what the invitee wrote.
    assert (
        "Ik wil leren doorvragen."
        not in client.get(f"/trajecten/volg/{planned.follow_token}/").content.decode()
    )
    client.force_login(bea)
    assert "Ik wil leren doorvragen." in client.get(f"/trajecten/traject/{planned.pk}/").content.decode()


def test_expectations_can_still_be_written_after_the_introduction_but_not_once_the_quote_is_out(
    client, planned
):
    (invite,) = invite_to_introduction(trajectory=planned, people=[("Sanne de Wit", "sanne@example.nl")])
    set_trajectory_state(planned, S.INTRODUCTION_HELD, by=None, fields={"agreed_focus": "Doorvragen."})
    url = f"/trajecten/kennismaking/{invite.token}/"
    assert client.post(url, {"expectations": "Achteraf: veel geleerd."}).status_code == 302
    planned.state = S.QUOTE_SENT
    planned.save()
    response = client.post(url, {"expectations": "Te laat."})
    assert "De kennismaking is voorbij." in response.content.decode()
    invite.refresh_from_db()
    assert invite.expectations == "Achteraf: veel geleerd."


def test_signing_up_with_the_shared_link(client, planned):
    url = f"/trajecten/kennismaking/groep/{planned.intro_token}/"
    response = client.post(url, {"name": "", "email": "fout", "expectations": "Samen leren."})
    html = response.content.decode()
    assert "Vul je naam in." in html and "Vul een geldig e-mailadres in." in html and "Samen leren." in html
    response = client.post(
        url, {"name": "Omar Bakker", "email": "omar@example.nl", "expectations": "Samen leren."}
    )
    invite = IntroInvite.objects.get()
    assert response["Location"] == f"/trajecten/kennismaking/{invite.token}/"
    assert invite.expectations == "Samen leren." and [m.to[0] for m in mail.outbox] == ["omar@example.nl"]
    # Signing up again with the same address keeps one invitation.
    client.post(url, {"name": "Omar B.", "email": "OMAR@example.nl", "expectations": ""})
    assert IntroInvite.objects.count() == 1


def test_the_shared_link_closes_after_the_introduction(client, planned):
    set_trajectory_state(planned, S.INTRODUCTION_HELD, by=None, fields={"agreed_focus": "Doorvragen."})
    url = f"/trajecten/kennismaking/groep/{planned.intro_token}/"
    assert "kan niet meer" in client.get(url).content.decode()
    client.post(url, {"name": "Laat", "email": "laat@example.nl"})
    assert IntroInvite.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["/trajecten/kennismaking/onbekend/", "/trajecten/kennismaking/groep/onbekend/"]
)
def test_unknown_tokens_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_begeleider_invites_and_records_the_agreed_focus(client, bea, planned):
    client.force_login(bea)
    response = client.post(
        f"/trajecten/traject/{planned.pk}/uitnodigen/", {"people": "Sanne, sanne@example.nl"}
    )
    assert response.status_code == 302 and IntroInvite.objects.count() == 1
    assert (
        AuditEntry.objects.filter(action="trajectory.intro_invited", object_id=str(planned.pk)).count() == 1
    )
    response = client.post(
        f"/trajecten/traject/{planned.pk}/stap/introduction_held/", {"introduction_held-agreed_focus": ""}
    )
    assert "Schrijf de afgesproken focus op" in response.content.decode()
    response = client.post(
        f"/trajecten/traject/{planned.pk}/stap/introduction_held/",
        {"introduction_held-agreed_focus": "Leren doorvragen en feedback geven."},
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.state == S.INTRODUCTION_HELD and planned.agreed_focus.startswith("Leren doorvragen")


def test_the_invite_page_of_a_trajectory_is_not_found_for_another_begeleider(client, planned):
    other = UserFactory(roles=["begeleider"])
    give_totp(other)
    ProviderFactory().members.create(user=other)
    client.force_login(other)
    response = client.post(
        f"/trajecten/traject/{planned.pk}/uitnodigen/", {"people": "Sanne, sanne@example.nl"}
    )
    assert response.status_code == 404 and IntroInvite.objects.count() == 0


def test_moving_the_introduction_tells_those_invited(planned, bea):
    invite_to_introduction(trajectory=planned, people=[("Sanne de Wit", "sanne@example.nl")])
    mail.outbox.clear()
    starts = days_from_today(12, 19)
    set_trajectory_state(
        planned,
        S.INTRODUCTION_PLANNED,
        by=bea,
        fields={
            "intro_starts_at": starts,
            "intro_ends_at": starts + timedelta(hours=1),
            "intro_location": "Online",
        },
    )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Nieuwe datum" in subjects["sanne@example.nl"]
    assert planned.contact_email in subjects
