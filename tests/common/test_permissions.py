"""Confidential permissions (common/permissions.py): no superuser, staff or beheerder flag opens them,
while the people in the circle keep them. Every confidential permission must be listed here, so a new
one cannot slip through without this check."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intervisie.accreditation.models import ReflectionStatement
from intervisie.common.permissions import CONFIDENTIAL_PERMISSIONS
from intervisie.live.models import LiveSession
from intervisie.methods.models import MethodTemplate
from intervisie.programmes.domain import partner_accept
from intervisie.programmes.models import Signup
from tests.factories import (
    CertificateFactory,
    MeetingFactory,
    MembershipFactory,
    TrajectoryFactory,
    UserFactory,
    make_partner,
    make_programme,
    make_signup,
)


@pytest.fixture
def objects(group, bob):
    """One object of each kind a confidential permission is asked about, with Bob as member and
    bringer, the group's begeleider Bea signing and chairing."""
    bea = UserFactory(email="bea@example.nl", roles=["begeleider"])
    group.begeleider = bea
    group.save(update_fields=["begeleider"])
    MembershipFactory(user=bob, group=group)
    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=2))
    case = group.cases.create(bringer=bob, meeting=meeting, title="t", situation="s", question="q")
    session = LiveSession.objects.create(
        meeting=meeting,
        case=case,
        method=MethodTemplate.objects.filter(group=None).first(),
        chair=bea,
        step_started_at=timezone.now(),
    )
    certificate = CertificateFactory(user=bob, group=group)
    statement = ReflectionStatement.objects.create(
        user=bob,
        group=group,
        period_start=start.date(),
        period_end=start.date(),
        hours=Decimal("2.00"),
        signed_by=bea,
        signer_register="LVSC",
    )
    return {
        "group": group,
        "meeting": meeting,
        "case": case,
        "session": session,
        "certificate": certificate,
        "statement": statement,
        "bob": bob,
        "bea": bea,
        "trajectory": _trajectory_of(bea),
        "guided": TrajectoryFactory(group=group),
        **_programme_objects(bob, bea),
    }


def _programme_objects(bob, bea) -> dict:
    """A programme run by Bea as kartrekker, with a partner whose contact is Bob and Bob placed in it."""
    programme = make_programme(kartrekker=bea)
    partner = make_partner(programme, contact_email=bob.email)
    partner_accept(partner=partner, user=bob)
    signup = make_signup(programme, "student", email=bob.email, status="invited")
    Signup.objects.filter(pk=signup.pk).update(status="placed", user=bob, group=programme.groups.first())
    signup.refresh_from_db()
    return {"programme": programme, "partner": partner, "signup": signup}


def _trajectory_of(begeleider):
    trajectory = TrajectoryFactory()
    trajectory.provider.members.create(user=begeleider)
    return trajectory


# The object each confidential permission is asked about, and who in the circle holds it.
TARGETS = {
    "cases.view_group_cases": ("group", "bob"),
    "cases.add_case": ("group", "bob"),
    "cases.view_meeting_cases": ("meeting", "bob"),
    "cases.view_case": ("case", "bob"),
    "cases.change_case": ("case", "bob"),
    "cases.view_rotation": ("group", "bea"),
    "live.view_session": ("meeting", "bob"),
    "live.start_session": ("meeting", "bea"),
    "live.lead_session": ("session", "bea"),
    "meetings.register_attendance": ("meeting", "bea"),
    "reflections.write": ("meeting", "bob"),
    "reflections.view_shared": ("group", "bea"),
    "reflections.own_report": ("group", "bob"),
    "accreditation.view_own_evidence": ("group", "bob"),
    "accreditation.view_group_evidence": ("group", "bea"),
    "accreditation.sign_statements": ("group", "bea"),
    "accreditation.download_certificate": ("certificate", "bob"),
    "accreditation.download_statement": ("statement", "bob"),
    "trajectories.manage_trajectory": ("trajectory", "bea"),
    "trajectories.read_reader": ("guided", "bob"),
    "trajectories.respond_report": ("guided", "bob"),
    "programmes.manage_programme": ("programme", "bea"),
    "programmes.view_programme": ("programme", "bea"),
    "programmes.view_partner": ("partner", "bob"),
    "programmes.evaluate": ("signup", "bob"),
    "programmes.view_harvest": ("signup", "bob"),
}


def test_every_confidential_permission_is_checked_here():
    assert set(TARGETS) == CONFIDENTIAL_PERMISSIONS


@pytest.mark.parametrize("perm", sorted(TARGETS))
def test_superuser_staff_beheerder_is_refused_but_the_circle_is_not(perm, superuser, objects):
    target, holder = TARGETS[perm]
    obj = objects[target]
    assert superuser.has_perm(perm, obj) is False
    assert objects[holder].has_perm(perm, obj) is True


def test_a_superuser_in_the_circle_keeps_their_own_rights(superuser, objects):
    """The flag neither opens nor closes anything: a superuser who is a member reads like a member."""
    MembershipFactory(user=superuser, group=objects["group"])
    assert superuser.has_perm("cases.view_case", objects["case"]) is True


def test_inactive_person_has_no_confidential_permission(objects):
    bob = objects["bob"]
    bob.is_active = False
    assert bob.has_perm("cases.view_case", objects["case"]) is False


def test_ordinary_permissions_still_follow_djangos_superuser_rule(superuser, group):
    assert superuser.has_perm("groups.manage_group", group) is True
    assert superuser.has_perm("auth.view_user") is True
