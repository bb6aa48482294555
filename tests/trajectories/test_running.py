"""Step 6 of the route: on acceptance the trajectory gets its group, its meetings on the quoted dates and
its participants' invitations; participants join with an account and read the reader; the begeleider sees
who joined and who opened it (issue 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import MembershipState
from intervisie.groups.models import Membership
from intervisie.trajectories.domain import QuoteAnswer, answer_quote, send_quote
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import ParticipantInvite, ReaderDocument, ReaderOpen
from tests.factories import GroupFactory, ProviderFactory, TrajectoryFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db
S = TrajectoryState
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def bea(db):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


def _moments(count, first_in_days=20):
    local = timezone.localtime(timezone.now()).replace(hour=19, minute=0, second=0, microsecond=0)
    return [local + dt.timedelta(days=first_in_days + 42 * n) for n in range(count)]


def _agreement(moments, **overrides):
    agreement = {
        "meetings_count": len(moments),
        "participants_count": 6,
        "meeting_minutes": 150,
        "proposed_dates": [moment.isoformat() for moment in moments],
        "meeting_place": "Buurthuis De Linde, Utrecht",
        "fee_mode": "per_meeting",
        "fee": Decimal("325.00"),
        "travel_costs": Decimal("0.00"),
        "reader_included": False,
        "invoice_moment": "completion",
        "attendance_threshold_percent": 80,
    }
    agreement.update(overrides)
    return agreement


def _accepted(bea, *, moments=None, **trajectory_fields):
    provider = ProviderFactory(name=f"Praktijk van {bea.email}")
    provider.members.create(user=bea, is_owner=True)
    trajectory = TrajectoryFactory(
        provider=provider,
        begeleider=bea,
        state=S.INTRODUCTION_HELD,
        agreed_focus="Leren doorvragen.",
        **trajectory_fields,
    )
    for name, email in (("Sanne de Wit", "sanne@example.nl"), ("Omar Bakker", "omar@example.nl")):
        trajectory.intro_invites.create(name=name, email=email)
    quote = send_quote(
        trajectory=trajectory,
        agreement=_agreement(moments or _moments(6)),
        introduction="",
        terms="",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        by=bea,
    )
    mail.outbox.clear()
    answer_quote(quote=quote, answer=QuoteAnswer.ACCEPT, name="Noor", function="Teamleider", ip="192.0.2.1")
    trajectory.refresh_from_db()
    return trajectory


def test_acceptance_gives_a_closed_group_with_the_begeleider_and_a_meeting_per_quoted_date(bea):
    moments = _moments(6)
    trajectory = _accepted(bea, moments=moments)
    group = trajectory.group
    assert trajectory.state == S.RUNNING
    assert (group.begeleider, group.is_closed, group.max_members) == (bea, True, 6)
    assert group.organisation.name == "Gezinshuizen De Linde"
    meetings = list(group.meetings.order_by("starts_at"))
    assert [m.starts_at for m in meetings] == moments
    assert [m.ends_at - m.starts_at for m in meetings] == [dt.timedelta(minutes=150)] * 6
    assert [m.is_start_meeting for m in meetings] == [True] + [False] * 5
    assert meetings[0].title == "Startbijeenkomst" and meetings[5].title == "Bijeenkomst 6 van 6"
    assert {m.location for m in meetings} == {"Buurthuis De Linde, Utrecht"}
    entry = AuditEntry.objects.get(action="trajectory.started")
    assert entry.data == {"group": group.pk, "meetings": 6, "skipped_dates": 0, "invited": 2}


def test_everyone_invited_to_the_introduction_gets_a_personal_invitation_with_the_dates(bea):
    trajectory = _accepted(bea)
    invites = {invite.email: invite for invite in ParticipantInvite.objects.filter(trajectory=trajectory)}
    assert set(invites) == {"sanne@example.nl", "omar@example.nl"}
    to_sanne = next(m for m in mail.outbox if m.to == ["sanne@example.nl"])
    assert f"/trajecten/deelnemen/{invites['sanne@example.nl'].token}/" in to_sanne.body
    assert "Startbijeenkomst" in to_sanne.body
    (_name, content, mimetype) = to_sanne.attachments[0]
    assert mimetype == "text/calendar" and content.count("BEGIN:VEVENT") == 6
    assert any("gaat akkoord" in m.subject for m in mail.outbox)


def test_a_new_impulse_uses_the_existing_group(bea):
    existing = GroupFactory(name="Intervisie Gezinshuizen Noord")
    trajectory = _accepted(bea, kind="new_impulse", existing_group=existing)
    assert trajectory.group == existing
    assert existing.meetings.count() == 6


def test_a_quoted_date_that_passed_before_acceptance_is_left_out_and_logged(bea):
    moments = _moments(4)
    trajectory = _accepted(bea, moments=moments)
    trajectory.group.meetings.all().delete()
    # The same again, now with a date in the past (accepted late): only the future ones are planned.
    past = timezone.now() - dt.timedelta(days=2)
    bea2 = UserFactory(email="bea2@example.nl", roles=["begeleider"])
    late = _accepted(bea2, moments=[past, *moments[1:]])
    assert late.group.meetings.count() == 3
    assert (
        AuditEntry.objects.filter(action="trajectory.started").order_by("pk").last().data["skipped_dates"]
        == 1
    )


@pytest.fixture
def running(bea):
    return _accepted(bea)


def test_an_invitee_without_an_account_is_sent_to_sign_up_and_back(client, running):
    invite = running.participant_invites.get(email="sanne@example.nl")
    url = f"/trajecten/deelnemen/{invite.token}/"
    page = client.get(url).content.decode()
    assert "Account maken" in page and f"/accounts/signup/?next={url}" in page
    assert "Wat we van je verwachten" in page and "Startbijeenkomst" in page
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_logged_in_invitee_joins_the_group_as_a_member_once(client, running):
    invite = running.participant_invites.get(email="sanne@example.nl")
    sanne = UserFactory(email="sanne@example.nl", name="Sanne de Wit")
    client.force_login(sanne)
    url = f"/trajecten/deelnemen/{invite.token}/"
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"/trajecten/traject/{running.pk}/reader/"
    client.post(url)  # a second click changes nothing
    membership = Membership.objects.get(user=sanne, group=running.group)
    assert membership.state == MembershipState.MEMBER
    running.group.refresh_from_db()
    assert running.group.occupied_places == 1
    invite.refresh_from_db()
    assert invite.accepted_by == sanne
    other = UserFactory(email="iemand@example.nl")
    client.force_login(other)
    response = client.post(url, follow=True)
    assert "Deze uitnodiging is al gebruikt door een ander account." in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_the_group_full_refuses_one_more(client, running):
    group = running.group
    group.max_members = 1
    group.min_members = 1
    group.save()
    first, second = running.participant_invites.order_by("email")
    client.force_login(UserFactory())
    client.post(f"/trajecten/deelnemen/{first.token}/")
    client.force_login(UserFactory())
    response = client.post(f"/trajecten/deelnemen/{second.token}/", follow=True)
    assert "Er is geen plek meer vrij in deze groep." in response.content.decode()
    assert group.memberships.count() == 1


def test_the_reader_is_for_participants_and_begeleiders_and_records_who_opened_it(client, bea, running):
    invite = running.participant_invites.get(email="sanne@example.nl")
    sanne = UserFactory(email="sanne@example.nl", name="Sanne de Wit")
    client.force_login(sanne)
    url = f"/trajecten/traject/{running.pk}/reader/"
    assert client.get(url).status_code == 404  # not in the group yet
    client.post(f"/trajecten/deelnemen/{invite.token}/")
    page = client.get(url).content.decode()
    assert "2. Voorwaarden voor goede intervisie" in page and "Startbijeenkomst" in page
    assert ReaderOpen.objects.filter(trajectory=running, user=sanne).count() == 1
    client.force_login(bea)
    assert client.get(url).status_code == 200
    assert ReaderOpen.objects.filter(trajectory=running).count() == 1  # the begeleider is not counted
    detail = client.get(f"/trajecten/traject/{running.pk}/").content.decode()
    assert "Sanne de Wit" in detail and "Omar Bakker" in detail
    assert detail.count("nog niet") == 2  # Omar joined nor opened
    for outsider in (UserFactory(), UserFactory(is_superuser=True, is_staff=True)):
        give_totp(outsider)
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_a_begeleider_adds_a_pdf_to_the_reader_which_participants_download(client, bea, running):
    client.force_login(bea)
    upload_url = f"/trajecten/traject/{running.pk}/reader/toevoegen/"
    fake = SimpleUploadedFile("notities.pdf", b"Dit is geen pdf", content_type="application/pdf")
    response = client.post(upload_url, {"title": "Werkblad", "file": fake})
    assert (
        "Dit is geen pdf-bestand." in response.content.decode()
        and 'value="Werkblad"' in response.content.decode()
    )
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    assert (
        "Dit bestand is te groot."
        in client.post(upload_url, {"title": "Groot", "file": big}).content.decode()
    )
    assert ReaderDocument.objects.count() == 0
    good = SimpleUploadedFile("werkblad.pdf", PDF, content_type="application/pdf")
    assert client.post(upload_url, {"title": "Werkblad incidentmethode", "file": good}).status_code == 302
    document = ReaderDocument.objects.get()
    sanne = UserFactory(email="sanne@example.nl")
    client.force_login(sanne)
    client.post(f"/trajecten/deelnemen/{running.participant_invites.get(email='sanne@example.nl').token}/")
    assert (
        "Werkblad incidentmethode" in client.get(f"/trajecten/traject/{running.pk}/reader/").content.decode()
    )
    response = client.get(f"/trajecten/traject/{running.pk}/reader/{document.pk}/")
    assert response.content == PDF and response["Content-Type"] == "application/pdf"
    assert client.get(f"/trajecten/traject/{running.pk}/reader/{document.pk}/weghalen/").status_code == 404
    client.force_login(bea)
    remove = f"/trajecten/traject/{running.pk}/reader/{document.pk}/weghalen/"
    assert "Weet je zeker" in client.get(remove).content.decode()
    assert ReaderDocument.objects.count() == 1
    client.post(remove)
    assert ReaderDocument.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_give_one_group_and_one_set_of_meetings():
    """Two tabs accept at the same moment: the trajectory's row lock lets one through; the other is told
    the quote was accepted already, and nothing is made twice."""
    from intervisie.groups.models import IntervisionGroup
    from intervisie.meetings.models import Meeting
    from tests.concurrency import in_threads

    bea = UserFactory(email="bea.race@example.nl", roles=["begeleider"])
    provider = ProviderFactory(name="Praktijk Race")
    provider.members.create(user=bea, is_owner=True)
    trajectory = TrajectoryFactory(
        provider=provider, begeleider=bea, state=S.INTRODUCTION_HELD, agreed_focus="x"
    )
    quote = send_quote(
        trajectory=trajectory,
        agreement=_agreement(_moments(4)),
        introduction="",
        terms="",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        by=bea,
    )

    def accept(name):
        return answer_quote(quote=quote, answer=QuoteAnswer.ACCEPT, name=name, function="Directeur")

    results = in_threads(lambda: accept("Noor"), lambda: accept("Piet"))
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    (error,) = [value for kind, value in results if kind == "error"]
    assert error.messages == ["Op deze offerte is al akkoord gegeven."]
    assert IntervisionGroup.objects.count() == 1 and Meeting.objects.count() == 4
    trajectory.refresh_from_db()
    assert trajectory.state == S.RUNNING


def test_the_client_sees_the_meeting_dates_on_the_follow_page_but_no_names(client, running):
    page = client.get(f"/trajecten/volg/{running.follow_token}/").content.decode()
    assert "De bijeenkomsten" in page and "Startbijeenkomst" in page
    assert "Sanne de Wit" not in page and "sanne@example.nl" not in page


def test_the_group_page_shows_the_trajectory_to_its_participants_and_begeleider_only(client, running, bea):
    invite = running.participant_invites.get(email="sanne@example.nl")
    sanne = UserFactory(email="sanne@example.nl", name="Sanne de Wit")
    client.force_login(sanne)
    client.post(f"/trajecten/deelnemen/{invite.token}/")
    url = f"/groepen/{running.group.slug}/"
    page = client.get(url).content.decode()
    assert "Begeleid traject" in page and f"/trajecten/traject/{running.pk}/reader/" in page
    assert f'href="/trajecten/traject/{running.pk}/"' not in page  # the begeleider's page is not hers
    client.force_login(bea)
    page = client.get(url).content.decode()
    assert f'href="/trajecten/traject/{running.pk}/"' in page
    for outsider in (UserFactory(), UserFactory(is_superuser=True, is_staff=True)):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 404 or "Begeleid traject" not in response.content.decode()
