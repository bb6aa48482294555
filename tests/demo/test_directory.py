"""The demo's directory (intervisie/demo/directory.py) without a database: the same groups on every
call, and a membership story that names only groups, accounts and places that exist (the loader would
skip an unknown group with only a log line)."""

from intervisie import geo
from intervisie.demo.directory import MOTIVATIONS, PLACES, STORY, demo_groups
from intervisie.demo.people import MEMBER_USERS, ROLE_USERS


def test_demo_groups_same_on_every_call():
    assert [(g.slug, g.fields, g.methods) for g in demo_groups()] == [
        (g.slug, g.fields, g.methods) for g in demo_groups()
    ]


def test_demo_places_are_all_known_to_geo():
    unknown = [
        place for places in PLACES.values() for place, _municipality in places if geo.locate(place) is None
    ]
    assert unknown == []


def test_demo_story_names_only_demo_groups_and_accounts():
    slugs = {spec.slug for spec in demo_groups()}
    keys = {spec.key for spec in [*ROLE_USERS, *MEMBER_USERS]}
    assert [slug for _key, slug, _steps in STORY if slug not in slugs] == []
    assert [key for key, _slug, _steps in STORY if key not in keys] == []
    assert {key for key, _slug, steps in STORY if "request" in steps} <= set(MOTIVATIONS)
    assert len(slugs) == 73
