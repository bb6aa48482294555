"""The demo's meeting histories (intervisie/demo/meetings.py) without a database: each names a demo
group and people whose membership story brings them into that group (the loader leaves out anyone
without a membership, and skips a group it cannot find)."""

from intervisie.demo.directory import STORY, demo_groups
from intervisie.demo.meetings import ENROLMENTS, HISTORIES
from intervisie.demo.people import ROLE_USERS


def test_demo_histories_name_demo_groups_and_members_of_their_story():
    slugs = {spec.slug for spec in demo_groups()}
    joined = {(key, slug) for key, slug, _steps in STORY}
    assert [history.slug for history in HISTORIES if history.slug not in slugs] == []
    for history in HISTORIES:
        members = {key for key, _since in history.members}
        assert {(key, history.slug) for key in members} <= joined, history.slug
        assert not history.planner or history.planner in members, history.slug


def test_demo_enrolments_are_for_role_accounts():
    assert {key for key, _code, _years in ENROLMENTS} <= {spec.key for spec in ROLE_USERS}
