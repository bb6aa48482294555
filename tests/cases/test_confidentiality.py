"""Who reads case texts, per membership state and per flag: kennismaking reads none, someone on trial
reads the cases of meetings from their trial's start (and their own), members and the begeleider read
all, and no superuser or staff flag opens anything (common/permissions.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intervisie.cases import domain
from intervisie.cases.selectors import readable_cases
from intervisie.groups.enums import MembershipState as S
from tests.factories import SECRET_TITLE, MeetingFactory, MembershipFactory, UserFactory, make_case

OLD_TITLE = "Oude casus uit januari"
NEW_TITLE = "Nieuwe casus voor volgende week"


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def trial_start():
    return timezone.now() - timedelta(days=10)


@pytest.fixture
def old_meeting(group):
    start = timezone.now() - timedelta(days=40)
    return MeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=2))


@pytest.fixture
def new_meeting(group):
    start = timezone.now() + timedelta(days=5)
    return MeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=2))


@pytest.fixture
def old_case(group, member, old_meeting):
    return make_case(group=group, bringer=member, meeting=old_meeting, title=OLD_TITLE)


@pytest.fixture
def new_case(group, member, new_meeting):
    return make_case(group=group, bringer=member, meeting=new_meeting, title=NEW_TITLE)


@pytest.fixture
def trial(group, trial_start):
    user = UserFactory(email="tess@example.nl", name="Tess Proef")
    MembershipFactory(
        user=user,
        group=group,
        state=S.TRIAL,
        started_at=trial_start - timedelta(days=20),
        trial_started_at=trial_start,
    )
    return user


@pytest.fixture
def introduction(group):
    user = UserFactory(email="kim@example.nl", name="Kim Kennis")
    MembershipFactory(
        user=user, group=group, state=S.INTRODUCTION, started_at=timezone.now() - timedelta(days=3)
    )
    return user


# --- Superuser and staff ---------------------------------------------------------------------------


def test_superuser_gets_404_on_case_pages(client, superuser, group, old_case):
    client.force_login(superuser)
    for url in [
        reverse("cases:detail", args=[old_case.pk]),
        reverse("cases:edit", args=[old_case.pk]),
        reverse("cases:group_cases", args=[group.slug]),
        reverse("cases:create", args=[group.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert OLD_TITLE not in _text(response)
    response = client.post(
        reverse("cases:create", args=[group.slug]),
        {"title": "Ingebroken", "situation": "x", "question": "y"},
    )
    assert response.status_code == 404
    assert group.cases.count() == 1


def test_superuser_gets_404_on_live_session_and_cannot_end_it(client, superuser, group, old_meeting):
    client.force_login(superuser)
    for name in ("live:session", "live:state", "live:start", "live:close"):
        assert client.get(reverse(name, args=[old_meeting.pk])).status_code == 404, name
    assert client.post(reverse("live:action", args=[old_meeting.pk, "afronden"])).status_code == 404


# --- Kennismaking ---------------------------------------------------------------------------------------


def test_introduction_reads_no_case_and_brings_none(
    client, introduction, group, old_case, new_case, new_meeting
):
    client.force_login(introduction)
    for url in [
        reverse("cases:detail", args=[old_case.pk]),
        reverse("cases:detail", args=[new_case.pk]),
        reverse("cases:group_cases", args=[group.slug]),
        reverse("cases:create", args=[group.slug]),
        reverse("live:session", args=[new_meeting.pk]),
        reverse("live:state", args=[new_meeting.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    meeting_page = client.get(reverse("meetings:detail", args=[new_meeting.pk]))
    assert meeting_page.status_code == 200
    assert NEW_TITLE not in _text(meeting_page)
    assert "Casus inbrengen" not in _text(meeting_page)
    assert list(readable_cases(introduction, group)) == []
    with pytest.raises(Exception, match="Alleen leden en mensen in hun proefperiode"):
        domain.case_create(
            group=group, bringer=introduction, fields={"title": "t", "situation": "s", "question": "q"}
        )


# --- Proefperiode ---------------------------------------------------------------------------------------


def test_trial_reads_cases_of_meetings_from_the_trial_start_only(client, trial, group, old_case, new_case):
    client.force_login(trial)
    assert client.get(reverse("cases:detail", args=[old_case.pk])).status_code == 404
    response = client.get(reverse("cases:detail", args=[new_case.pk]))
    assert response.status_code == 200 and NEW_TITLE in _text(response)
    listing = _text(client.get(reverse("cases:group_cases", args=[group.slug])))
    assert NEW_TITLE in listing and OLD_TITLE not in listing
    assert list(readable_cases(trial, group)) == [new_case]


def test_trial_sees_meeting_cases_and_live_session_only_from_trial_start(
    client, trial, old_meeting, new_meeting, old_case, new_case
):
    client.force_login(trial)
    old_page = _text(client.get(reverse("meetings:detail", args=[old_meeting.pk])))
    assert OLD_TITLE not in old_page
    new_page = _text(client.get(reverse("meetings:detail", args=[new_meeting.pk])))
    assert NEW_TITLE in new_page and "Casus inbrengen" in new_page
    assert client.get(reverse("live:session", args=[old_meeting.pk])).status_code == 404
    assert client.get(reverse("live:session", args=[new_meeting.pk])).status_code == 200


def test_trial_brings_a_case_and_reads_it_without_a_meeting(client, trial, group, old_meeting, member):
    case = domain.case_create(
        group=group, bringer=trial, fields={"title": "Mijn eerste casus", "situation": "s", "question": "q"}
    )
    client.force_login(trial)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    # A case for a meeting from before the trial is refused at the field.
    with pytest.raises(Exception, match="vanaf het begin van je proefperiode"):
        domain.case_create(
            group=group,
            bringer=trial,
            fields={"title": "t", "situation": "s", "question": "q", "meeting": old_meeting},
        )


def test_new_case_mail_reaches_members_and_trial_but_not_introduction(
    group, member, trial, introduction, new_meeting, old_meeting
):
    other = UserFactory(email="mo@example.nl")
    MembershipFactory(user=other, group=group)
    domain.case_create(
        group=group,
        bringer=other,
        fields={"title": "t", "situation": "s", "question": "q", "meeting": new_meeting},
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.nl", "tess@example.nl"]
    mail.outbox.clear()
    # A case for an old meeting: the person on trial may not read it, so is not told.
    domain.case_create(
        group=group,
        bringer=other,
        fields={"title": "t", "situation": "s", "question": "q", "meeting": old_meeting},
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.nl"]


def test_member_who_joined_later_reads_the_groups_history(client, group, old_case):
    """Becoming a member opens the group's history (as far as retention kept it)."""
    late = UserFactory(email="laat@example.nl")
    MembershipFactory(user=late, group=group, started_at=timezone.now() - timedelta(days=1))
    client.force_login(late)
    assert SECRET_TITLE not in OLD_TITLE  # the fixture's case uses its own title
    assert OLD_TITLE in _text(client.get(reverse("cases:detail", args=[old_case.pk])))


def test_case_for_a_coming_meeting_reads_voor_not_op(client, group, member, new_meeting):
    case = make_case(
        group=group, bringer=member, meeting=new_meeting, brought_on=new_meeting.starts_at.date()
    )
    client.force_login(member)
    html = _text(client.get(reverse("cases:detail", args=[case.pk])))
    day = timezone.localdate(new_meeting.starts_at)
    assert "Ingebracht door Bob de Vries voor de bijeenkomst van" in html
    assert f"op {day.day} " not in html.split("Ingebracht door")[1][:80]
