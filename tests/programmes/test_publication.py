"""Publishing a programme's groups: intervision groups, meetings, a charter with seed 003's agenda,
members for linked accounts, e-mails with one calendar file, late placements before the start meeting,
and the attendance commitment."""

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.groups.enums import Audience, MembershipState
from intervisie.groups.models import Membership
from intervisie.meetings.enums import CaseChoice
from intervisie.meetings.models import Charter, Meeting
from intervisie.programmes import composition, publication
from intervisie.programmes.domain import (
    ProgrammeError,
    placed_signup_admit,
    set_signup_status,
    signup_link_account,
)
from intervisie.programmes.enums import DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Programme, ProgrammeDate, ProgrammeGroup, Signup
from tests.concurrency import in_threads
from tests.factories import UserFactory, days_from_today, make_programme
from tests.programmes.test_composition import TWELVE, composing

pytestmark = pytest.mark.django_db


# --- Publishing -----------------------------------------------------------------------------------------


def composed(**fields) -> Programme:
    programme = composing(TWELVE, **fields)
    composition.composition_compose(programme=programme, by=programme.kartrekker)
    programme.refresh_from_db()
    return programme


def test_publish_makes_the_groups_meetings_charters_members_and_emails_everyone_once():
    programme = composed()
    linked_user = UserFactory()
    linked = Signup.objects.filter(programme=programme, category="student").first()
    signup_link_account(signup=linked, user=linked_user)
    mail.outbox.clear()

    counts = publication.composition_publish(programme=programme, by=programme.kartrekker)

    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RUNNING and programme.published_at is not None
    assert counts == {"groups": 2, "people": 12, "memberships": 1, "meetings": 12, "skipped_dates": 0}
    for group in programme.groups.select_related("group", "begeleider").order_by("position"):
        real = group.group
        assert real.name == f"{programme.name} – {group.name}"
        assert real.organisation == programme.initiator and real.begeleider == group.begeleider
        assert real.is_closed and not real.is_published and not real.has_waitlist
        assert real.audience == Audience.MIXED_PUBLIC
        assert list(real.methods.all()) == [programme.method]
        meetings = list(Meeting.objects.filter(group=real).order_by("starts_at"))
        assert [m.is_start_meeting for m in meetings] == [True] + [False] * 5
        assert [m.title for m in meetings] == ["Startbijeenkomst"] + [
            f"Bijeenkomst {n} van 5" for n in range(1, 6)
        ]
        assert all(m.method == programme.method for m in meetings)
        charter = Charter.objects.get(group=real)
        assert charter.version == 1 and charter.case_choice == CaseChoice.DURING
        assert list(charter.methods.all()) == [programme.method]
        assert "blijft binnen de groep" in charter.confidentiality
        assert (
            "ideeën, verwachtingen en wensen" in charter.expectations and "variatie" in charter.expectations
        )
        assert charter.channel == "Appgroep" and "afmelden" in charter.channel_use
        assert charter.min_attendance == 4
        assert "Startbijeenkomst" in charter.schedule and charter.schedule.count("Bijeenkomst") == 5
    assert set(Signup.objects.filter(programme=programme).values_list("status", flat=True)) == {"placed"}
    membership = Membership.objects.get(user=linked_user)
    assert (
        membership.state == MembershipState.MEMBER
        and membership.group
        == linked.group.__class__.objects.get(pk=Signup.objects.get(pk=linked.pk).group_id).group
    )

    for signup in Signup.objects.filter(programme=programme).select_related("group__begeleider"):
        (message,) = [m for m in mail.outbox if m.to == [signup.email]]
        assert signup.group.name in message.subject and signup.group.begeleider.name in message.body
        ((name, content, mimetype),) = message.attachments
        assert mimetype == "text/calendar" and name.endswith(".ics")
        assert content.count("BEGIN:VEVENT") == 6 and "Startbijeenkomst" in content
    for group in programme.groups.select_related("begeleider"):
        begeleider_mail = [m for m in mail.outbox if m.to == [group.begeleider.email]]
        assert len(begeleider_mail) == 1
        for signup in Signup.objects.filter(group=group):
            assert signup.name in begeleider_mail[0].body
    assert AuditEntry.objects.filter(action="programme.published").count() == 1


def test_publishing_twice_is_refused_the_second_time():
    programme = composed()
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    sent = len(mail.outbox)
    with pytest.raises(ProgrammeError, match="niemand nieuw om bekend te maken"):
        publication.composition_publish(programme=programme, by=programme.kartrekker)
    assert len(mail.outbox) == sent
    assert programme.groups.filter(group__isnull=False).count() == 2


def test_publishing_is_refused_while_someone_is_unplaced_or_the_programme_is_not_composing():
    programme = composed()
    someone = Signup.objects.filter(programme=programme).first()
    composition.composition_move(signup=someone, group=None, by=programme.kartrekker)
    with pytest.raises(ProgrammeError, match="zit nog in geen groep"):
        publication.composition_publish(programme=programme, by=programme.kartrekker)
    recruiting = make_programme()
    with pytest.raises(ProgrammeError, match="Groepen indelen"):
        publication.composition_publish(programme=recruiting, by=recruiting.kartrekker)
    assert Programme.objects.get(pk=programme.pk).published_at is None


def test_a_meeting_date_that_passed_is_left_out():
    programme = composed()
    first_meeting = programme.dates.filter(kind=DateKind.MEETING).order_by("starts_at").first()
    ProgrammeDate.objects.filter(pk=first_meeting.pk).update(
        starts_at=days_from_today(-1, 16), ends_at=days_from_today(-1, 18)
    )
    plan = publication.publish_plan(programme)
    assert (plan.meetings, plan.past, plan.problems) == (5, 1, [])
    counts = publication.composition_publish(programme=programme, by=programme.kartrekker)
    assert counts["skipped_dates"] == 2 and counts["meetings"] == 10


def test_someone_who_links_their_account_after_publishing_joins_their_group():
    programme = composed()
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    signup = (
        Signup.objects.filter(programme=programme, category="ouder").select_related("group__group").first()
    )
    user = UserFactory()
    signup_link_account(signup=signup, user=user)  # joins at once
    membership = Membership.objects.get(user=user)
    assert membership.group == signup.group.group and membership.state == MembershipState.MEMBER
    # Twice is the same membership.
    assert placed_signup_admit(signup=Signup.objects.get(pk=signup.pk)) == membership


def test_withdrawing_after_publishing_ends_the_membership_of_the_group():
    programme = composed()
    signup = Signup.objects.filter(programme=programme, category="student").first()
    user = UserFactory()
    signup_link_account(signup=signup, user=user)
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    group = Signup.objects.select_related("group__group").get(pk=signup.pk).group.group
    assert Membership.objects.get(user=user, group=group).state == MembershipState.MEMBER
    set_signup_status(signup=Signup.objects.get(pk=signup.pk), status="withdrawn", by=user)
    assert Membership.objects.get(user=user, group=group).state == MembershipState.LEFT
    group.refresh_from_db()
    assert group.occupied_places == 0


def test_placed_signup_admit_does_nothing_before_publishing():
    programme = composed()
    signup = Signup.objects.filter(programme=programme).first()
    signup_link_account(signup=signup, user=UserFactory())
    assert placed_signup_admit(signup=Signup.objects.get(pk=signup.pk)) is None


# --- Late changes: after publishing, before the start meeting -----------------------------------------


def published(**fields) -> Programme:
    programme = composed(**fields)
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    programme.refresh_from_db()
    return programme


def test_after_publishing_a_late_invitee_is_placed_and_only_they_and_their_begeleider_are_told():
    programme = published(group_size_max=7)
    late = Signup.objects.create(
        programme=programme,
        category="student",
        name="Laat",
        email="laat@example.nl",
        status="invited",
        study_programme="Rechten",
    )
    report = composition.composition_compose(programme=programme, by=programme.kartrekker)
    assert report["changed"] is None
    late.refresh_from_db()
    assert late.group is not None
    mail.outbox.clear()

    counts = publication.composition_publish(programme=programme, by=programme.kartrekker)

    assert counts == {"groups": 0, "people": 1, "memberships": 0, "meetings": 0, "skipped_dates": 0}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["laat@example.nl", late.group.begeleider.email])
    placed_mail = next(m for m in mail.outbox if m.to == ["laat@example.nl"])
    assert placed_mail.attachments[0][1].count("BEGIN:VEVENT") == 6
    assert Signup.objects.get(pk=late.pk).status == SignupStatus.PLACED


def test_after_publishing_composing_without_anyone_new_says_so():
    programme = published()
    with pytest.raises(ProgrammeError, match="Er is niemand nieuw om in te delen"):
        composition.composition_compose(programme=programme, by=programme.kartrekker)


def test_after_publishing_someone_already_placed_stays_in_their_group():
    programme = published()
    someone = Signup.objects.filter(programme=programme).select_related("group").first()
    other = programme.groups.exclude(pk=someone.group_id).first()
    with pytest.raises(ProgrammeError, match="weet al in welke groep"):
        composition.composition_move(signup=someone, group=other, by=programme.kartrekker)


def test_after_the_start_meeting_the_composition_is_fixed():
    programme = published()
    ProgrammeDate.objects.filter(programme=programme, kind=DateKind.START).update(
        starts_at=timezone.now() - timezone.timedelta(hours=2),
        ends_at=timezone.now() - timezone.timedelta(hours=1),
    )
    with pytest.raises(ProgrammeError, match="De startbijeenkomst is geweest"):
        composition.composition_compose(programme=programme, by=programme.kartrekker)


# --- The attendance commitment ------------------------------------------------------------------------


def test_a_placed_participant_commits_to_at_least_the_minimum_number_of_meetings():
    programme = published()
    signup = Signup.objects.filter(programme=programme).first()
    assert publication.commitment_range(signup) == (4, 5)
    with pytest.raises(ProgrammeError, match="Kies een aantal van 4 tot en met 5"):
        publication.attendance_commitment_set(signup=signup, count=3, by=None)
    with pytest.raises(ProgrammeError, match="Kies een aantal van 4 tot en met 5"):
        publication.attendance_commitment_set(signup=signup, count=6, by=None)
    publication.attendance_commitment_set(signup=signup, count=5, by=None)
    assert Signup.objects.get(pk=signup.pk).attendance_commitment == 5
    assert AuditEntry.objects.get(action="programme.attendance_committed").data == {
        "signup": signup.pk,
        "count": 5,
    }


def test_committing_before_being_placed_is_refused():
    programme = composed()
    signup = Signup.objects.filter(programme=programme).first()
    with pytest.raises(ProgrammeError, match="zodra je in een groep bent ingedeeld"):
        publication.attendance_commitment_set(signup=signup, count=4, by=None)


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_publish_at_the_same_moment_publish_once():
    """Both requests lock the programme's row; the second finds everyone told and is refused (on SQLite
    IMMEDIATE transactions serialise them, on PostgreSQL ``select_for_update``)."""
    programme = composed()
    mail.outbox.clear()

    def publish():
        return publication.composition_publish(programme=programme, by=programme.kartrekker)["people"]

    results = in_threads(publish, publish)

    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, ProgrammeError) and "niemand nieuw" in str(error)
    assert ProgrammeGroup.objects.filter(programme=programme, group__isnull=False).count() == 2
    assert Meeting.objects.filter(group__programme_group__programme=programme).count() == 12
    assert len(mail.outbox) == 12 + 2


def test_the_calendar_file_also_holds_the_final_evaluation():
    programme = composed()
    ProgrammeDate.objects.create(
        programme=programme,
        kind=DateKind.FINAL,
        starts_at=days_from_today(280, 16),
        ends_at=days_from_today(280, 17),
    )
    mail.outbox.clear()
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    signup = Signup.objects.filter(programme=programme).first()
    (message,) = [m for m in mail.outbox if m.to == [signup.email]]
    content = message.attachments[0][1]
    assert content.count("BEGIN:VEVENT") == 7
    assert f"Slotevaluatie – {programme.name}" in content.replace("\r\n ", "")
    # The final evaluation is no meeting of the group.
    assert Meeting.objects.filter(group=signup.group.group).count() == 6


def test_a_group_on_location_gets_the_coordinates_of_the_place_in_its_address():
    programme = composed(format="in_person", place="Wijkcentrum De Leeuw, Leeuwstraat 4, Utrecht")
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    group = programme.groups.select_related("group").first().group
    assert (group.municipality, group.province) == ("Utrecht", "UT")
    assert group.latitude is not None and group.longitude is not None


def test_a_published_groups_page_opens_for_its_members_though_it_is_not_in_the_directory(client):
    programme = composed()
    signup = Signup.objects.filter(programme=programme, category="student").first()
    user = UserFactory()
    signup_link_account(signup=signup, user=user)
    publication.composition_publish(programme=programme, by=programme.kartrekker)
    group = Signup.objects.select_related("group__group").get(pk=signup.pk).group.group
    assert not group.is_published
    client.force_login(user)
    assert client.get(f"/groepen/{group.slug}/").status_code == 200
    client.force_login(UserFactory())
    assert client.get(f"/groepen/{group.slug}/").status_code == 404
