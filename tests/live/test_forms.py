"""The start form preselects what the group planned: the meeting's method (the group's own version
when it made one) and the bringer of the meeting's case, or else who is next in the case rotation."""

import datetime as dt

import pytest

from intervisie.cases.domain import rotation
from intervisie.groups.enums import MembershipState
from intervisie.live.forms import StartForm
from intervisie.methods.domain import method_copy
from tests.factories import MembershipFactory, MethodFactory, UserFactory


@pytest.fixture
def planned(meeting, method):
    """The meeting is planned with the library method "Drie stappen" (its directory entry)."""
    method.tag = MethodFactory(name="Drie stappen", slug="drie-stappen")
    method.save(update_fields=["tag"])
    meeting.method = method.tag
    meeting.save(update_fields=["method"])
    return meeting


def _form(meeting, chair):
    return StartForm(meeting=meeting, initial={"chair": chair})


def test_start_form_preselects_the_planned_library_method(planned, method, begeleider):
    form = _form(planned, begeleider)
    assert form.initial["method"] == method.pk
    assert form["method"].value() == method.pk
    assert (
        form.fields["method"].help_text == "Alvast gekozen: de methode die voor deze bijeenkomst gepland is."
    )
    assert form["chair"].value() == begeleider.pk


def test_start_form_prefers_the_groups_own_version(planned, method, group, begeleider):
    copy = method_copy(method=method, group=group, by=begeleider)
    assert _form(planned, begeleider).initial["method"] == copy.pk


def test_start_form_ignores_another_groups_version(planned, method, begeleider):
    other = MembershipFactory().group
    method_copy(method=method, group=other, by=begeleider)
    assert _form(planned, begeleider).initial["method"] == method.pk


def test_start_form_without_a_planned_method_preselects_none(meeting, method, begeleider):
    form = _form(meeting, begeleider)
    assert "method" not in form.initial
    assert form.fields["method"].help_text == ""


def test_start_form_preselects_the_meetings_case_and_its_bringer(meeting, case, erin, member, begeleider):
    case.meeting = meeting
    case.save(update_fields=["meeting"])
    form = _form(meeting, begeleider)
    assert (form.initial["case"], form.initial["bringer"]) == (case.pk, erin.pk)
    assert form.fields["bringer"].help_text == (
        "Alvast gekozen: wie de inbreng voor deze bijeenkomst heeft ingebracht."
    )


def test_start_form_without_a_case_follows_the_rotation(meeting, group, case, erin, member, begeleider):
    # Erin brought a case last month (not for this meeting); Bob never did, so he is next.
    case.brought_on = meeting.starts_at.date() - dt.timedelta(days=30)
    case.save(update_fields=["brought_on"])
    assert rotation(group)[0].user == member
    form = _form(meeting, begeleider)
    assert "case" not in form.initial
    assert form.initial["bringer"] == member.pk
    assert (
        form.fields["bringer"].help_text
        == "Alvast gekozen: wie volgens het rooster aan de beurt is om in te brengen."
    )


def test_start_form_leaves_out_a_bringer_who_left(meeting, group, case, erin, begeleider):
    case.meeting = meeting
    case.save(update_fields=["meeting"])
    group.memberships.filter(user=erin).update(state=MembershipState.LEFT)
    form = _form(meeting, begeleider)
    assert form.initial["case"] == case.pk
    assert "bringer" not in form.initial


def test_start_form_with_nobody_in_the_rotation_preselects_no_bringer(meeting, begeleider):
    assert rotation(meeting.group) == []
    assert "bringer" not in _form(meeting, begeleider).initial


def test_start_form_posted_keeps_what_was_chosen(planned, method, case, member, erin, begeleider):
    other = UserFactory(name="Fien Bos")
    MembershipFactory(user=other, group=planned.group)
    form = StartForm({"method": method.pk, "chair": member.pk, "bringer": other.pk}, meeting=planned)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["bringer"], form.cleaned_data["case"]) == (other, None)
