"""Permissions on confidential content: case texts, reflections, session content and evidence.

Django's ``User.has_perm`` answers True for every active superuser before any rule is asked. For the
permissions registered here, ``accounts.User.has_perm`` asks the django-rules predicate itself, so
superuser or staff status never opens confidential content (DESIGN.md: a platform admin who must
step in adds themselves to the group visibly, like anyone else).

Register every permission on confidential content with ``add_confidential_perm`` instead of
``rules.add_perm``; a test checks that a superuser outside the circle is refused each of them.

``is_person`` is the one check behind every "it is your own" predicate in the apps' ``rules.py``.
"""

import rules

CONFIDENTIAL_PERMISSIONS: set[str] = set()


def add_confidential_perm(name: str, predicate) -> None:
    rules.add_perm(name, predicate)
    CONFIDENTIAL_PERMISSIONS.add(name)


def is_confidential(name: str) -> bool:
    return name in CONFIDENTIAL_PERMISSIONS


def is_person(user, person_id) -> bool:
    """``user`` is logged in and is the person ``person_id`` points to (an object's ``user_id``,
    ``bringer_id``...). Never for an anonymous visitor or an empty reference."""
    return bool(user and user.is_authenticated and person_id is not None and person_id == user.pk)
