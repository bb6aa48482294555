"""The one entry point of the demo: every capability's demo module, in the order their data depends on.

Everything is invented (no real people, children, cases or brands) and written through the apps' own
domain functions where they allow it, so it is audited and its e-mails wait in the outbox like any
other (delivered later by the task worker; loading never waits for it). Each module is idempotent on
its own, so ``demo_load()`` can run any number of times: a second run changes nothing.
"""

from django.db import transaction

from intervisie.demo import casework, directory, events, meetings, people, programmes, trajectories


def demo_load(*, log=lambda message: None) -> dict:
    """Create or update all demo data in one transaction. Returns counts per kind (``load_demo``
    prints them): methods, organisations, groups, users, memberships, meetings, attendances,
    certificates, cases, sessions, reflections, evaluations, events, event_registrations, providers, trajectories, programmes, programme_signups."""
    with transaction.atomic():
        users = people.people_demo_load(log=log)  # accounts and roles first: everything names people
        groups = directory.directory_demo_load(users=users, log=log)  # organisations, groups, memberships
        counts = meetings.meetings_demo_load(users=users, groups=groups, log=log)  # history and evidence
        counts.update(casework.casework_demo_load(log=log))  # cases, a live session, reflections
        counts.update(events.events_demo_load(users=users, log=log))  # themed events
        counts.update(trajectories.trajectories_demo_load(users=users, log=log))  # guided trajectories
        counts.update(programmes.programmes_demo_load(users=users, log=log))  # "buiten je bubbel"
    return {"users": len(users), **directory.directory_counts(users=users, groups=groups), **counts}
