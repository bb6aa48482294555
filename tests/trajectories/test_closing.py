"""While the trajectory runs the begeleider notes the aspects practised per meeting and sees who wrote a
reflection (never what); after the report went out, closing gives certificates to everyone who came to at
least the threshold share of the meetings (issue 12, steps 6 and 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intervisie.accreditation.models import Certificate
from intervisie.reflections.models import Reflection
from intervisie.trajectories.domain import (
    TransitionRefused,
    certificate_minimum,
    close_trajectory,
    note_meeting_aspects,
)
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import MeetingAspects
from intervisie.trajectories.selectors import meeting_overview, trajectory_meetings
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    ProviderFactory,
    TrajectoryFactory,
    UserFactory,
    attend,
    give_totp,
    past_meeting,
)

pytestmark = pytest.mark.django_db
S = TrajectoryState


@pytest.fixture
def bea(db):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def group(bea):
    return GroupFactory(name="Begeleide intervisie De Linde", begeleider=bea)


@pytest.fixture
def meetings(group):
    return [past_meeting(group, days_ago=7 * (6 - n), title=f"Bijeenkomst {n + 1}") for n in range(6)]


@pytest.fixture
def trajectory(bea, group, meetings):
    provider = ProviderFactory(name="Praktijk Licht")
    provider.members.create(user=bea, is_owner=True)
    return TrajectoryFactory(
        provider=provider, begeleider=bea, group=group, state=S.RUNNING, meetings_count=6
    )


@pytest.mark.parametrize(
    ("held", "percent", "minimum"), [(6, 80, 5), (5, 80, 4), (3, 100, 3), (1, 80, 1), (8, 50, 4)]
)
def test_certificate_minimum_rounds_the_threshold_share_up(held, percent, minimum):
    assert certificate_minimum(meetings_held=held, threshold_percent=percent) == minimum


def test_the_begeleider_notes_aspects_per_meeting_and_sees_who_reflected_not_what(
    client, bea, trajectory, meetings
):
    sanne, omar = UserFactory(name="Sanne de Wit"), UserFactory(name="Omar Bakker")
    for person in (sanne, omar):
        attend(meetings[0], person)
    Reflection.objects.create(meeting=meetings[0], user=sanne, personal_text="GEHEIME-REFLECTIE-SANNE")
    client.force_login(bea)
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/bijeenkomst/{meetings[0].pk}/onderdelen/",
        {f"m{meetings[0].pk}-aspects": ["skills", "structure"]},
    )
    assert response.status_code == 302
    assert MeetingAspects.objects.get(meeting=meetings[0]).aspects == ["structure", "skills"]
    page = client.get(f"/trajecten/traject/{trajectory.pk}/").content.decode()
    assert "2 aanwezig" in page and "Sanne de Wit" in page
    assert "GEHEIME-REFLECTIE-SANNE" not in page
    # A meeting of another group is not this trajectory's.
    other = past_meeting(GroupFactory())
    assert (
        client.post(
            f"/trajecten/traject/{trajectory.pk}/bijeenkomst/{other.pk}/onderdelen/",
            {f"m{other.pk}-aspects": ["skills"]},
        ).status_code
        == 404
    )
    with pytest.raises(TransitionRefused):
        note_meeting_aspects(trajectory=trajectory, meeting=other, aspects=["skills"], by=bea)
    with pytest.raises(TransitionRefused):
        note_meeting_aspects(trajectory=trajectory, meeting=meetings[1], aspects=["cooking"], by=bea)


def test_the_meeting_overview_takes_three_queries_for_any_number_of_meetings(trajectory, meetings):
    for meeting in meetings:
        attend(meeting, UserFactory())
        MeetingAspects.objects.create(trajectory=trajectory, meeting=meeting, aspects=["methods"])
    loaded = trajectory_meetings(trajectory)
    with CaptureQueriesContext(connection) as queries:
        rows = meeting_overview(trajectory=trajectory, meetings=loaded)
    assert len(queries) == 3
    assert [row.present for row in rows] == [1] * 6 and rows[0].aspects == ["methods"]


def _people_attending(meetings, group, counts):
    people = []
    for number, count in enumerate(counts):
        person = UserFactory(name=f"Deelnemer {number}")
        MembershipFactory(user=person, group=group, started_at=meetings[0].starts_at.replace(year=2020))
        for meeting in meetings[:count]:
            attend(meeting, person)
        people.append(person)
    return people


def test_closing_gives_certificates_to_who_reached_the_threshold_only(
    client, bea, trajectory, meetings, group
):
    full, five, _four = _people_attending(meetings, group, [6, 5, 4])
    trajectory.state = S.REPORT_SENT
    trajectory.save()
    client.force_login(bea)
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/stap/closed/", {"closed-confirm": "on"}, follow=True
    )
    assert "2 deelnemers kregen een certificaat" in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.state == S.CLOSED
    certificates = Certificate.objects.filter(group=group)
    assert {c.user for c in certificates} == {full, five}
    assert {c.meetings_attended for c in certificates} == {6, 5}
    response = client.get(f"/verifieer/{certificates.first().code}/")
    assert response.status_code == 200 and "Praktijk Licht" in response.content.decode()


def test_closing_before_the_report_was_sent_is_refused_and_changes_nothing(
    client, bea, trajectory, meetings, group
):
    _people_attending(meetings, group, [6])
    with pytest.raises(TransitionRefused, match="Dit kan nu niet"):
        close_trajectory(trajectory=trajectory, by=bea)
    client.force_login(bea)
    response = client.post(
        f"/trajecten/traject/{trajectory.pk}/stap/closed/", {"closed-confirm": "on"}, follow=True
    )
    assert "Dit kan nu niet" in response.content.decode()
    assert Certificate.objects.count() == 0
    trajectory.refresh_from_db()
    assert trajectory.state == S.RUNNING


def test_closing_needs_the_tick(client, bea, trajectory):
    trajectory.state = S.REPORT_SENT
    trajectory.save()
    client.force_login(bea)
    response = client.post(f"/trajecten/traject/{trajectory.pk}/stap/closed/", {})
    assert "Vink aan dat je het traject wilt afsluiten." in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.state == S.REPORT_SENT


def test_an_existing_groups_older_meetings_do_not_count_for_the_certificate(bea, trajectory, meetings, group):
    """A new impulse for an existing group: only the meetings since the client accepted are the
    trajectory's. Someone who came to the group's older meetings only gets no certificate."""
    from django.utils import timezone

    from tests.factories import sent_quote_for

    quote = sent_quote_for(trajectory)
    type(quote).objects.filter(pk=quote.pk).update(
        answered_at=meetings[3].starts_at - timezone.timedelta(days=1)
    )
    trajectory.meetings_count = 3
    trajectory.state = S.REPORT_SENT
    trajectory.save()
    early, late = UserFactory(name="Vroeg"), UserFactory(name="Laat")
    for person in (early, late):
        MembershipFactory(user=person, group=group, started_at=meetings[0].starts_at.replace(year=2020))
    for meeting in meetings[:3]:
        attend(meeting, early)
    for meeting in meetings[3:]:
        attend(meeting, late)
    result = close_trajectory(trajectory=trajectory, by=bea)
    assert [c.user for c in result.issued] == [late]
