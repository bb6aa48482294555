import pytest
from django.conf import settings
from pytest_django.plugin import blocking_manager_key

from intervisie.groups.enums import MembershipState
from tests.factories import (
    PASSWORD,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    ensure_seeded,
    give_totp,
)


def pytest_configure(config):
    """WhiteNoise lists and stats every static file when its middleware starts, and Django's test client
    starts the middleware chain anew for each client: 10 ms for every test that makes a request. Looking
    a static file up when it is asked for (WhiteNoise's development mode) serves the same files."""
    settings.WHITENOISE_AUTOREFRESH = True


# Modules whose tests share one expensive module-scoped fixture. With -n, one worker runs all the tests
# of such a module, so the fixture is built once per run instead of once on each worker.
ONE_WORKER_MODULES = {
    "tests/demo/test_loader.py",  # the whole demo (2.5 s)
    "tests/demo/test_programmes.py",  # the programmes demo, composed and published
}


@pytest.hookimpl(optionalhook=True)  # pytest -p no:xdist (one process) does not know the hook
def pytest_xdist_make_scheduler(config, log):
    """xdist's "load" scheduling, except that each module of ONE_WORKER_MODULES is a single unit of work.
    (pytest-xdist's own "loadgroup" does this for tests marked ``xdist_group``, but version 3.8 writes the
    group into a node attribute that pytest 9 no longer reads, so the mark has no effect.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return Scheduling(config, log)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    # The browser tests' live server asks for transactional_db at run time, so look for it too.
    return (
        "transactional_db" in names
        or "live_server" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus one step before it is dropped: on PostgreSQL, end the
    sessions that server threads of the browser tests and worker processes of the task tests may
    still hold on it (DROP DATABASE refuses while anyone is connected: "being accessed by other
    users"). The tests are over by then; this only lets the clean-up finish."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has emptied the tables (its teardown flushes them), seed again what
    the data migrations put there, so the next test in this process starts from a migrated database."""
    yield
    # With no next test the session's teardown has just dropped the test database: nothing to seed.
    if nextitem is not None and _transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            ensure_seeded()


# --- The people of the tests, defined once ------------------------------------------------------------------
# Each persona is the same person in every test: alice, bob and charlie as owner, member and outsider (the
# healthchecks way), and the group's begeleider, its other members, an organiser and platform admins. A test
# that needs someone else makes that person itself, under another name.


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def alice(db):
    """Alice manages the organisation that owns ``group`` (two-factor login turned on)."""
    user = UserFactory(email="alice@example.nl", name="Alice Jansen", roles=["organisatiebeheerder"])
    give_totp(user)
    return user


@pytest.fixture
def bob(db):
    """Bob is an ordinary gezinshuisouder; in tests he is usually the member."""
    return UserFactory(email="bob@example.nl", name="Bob de Vries", roles=["gezinshuisouder"])


@pytest.fixture
def charlie(db):
    """Charlie has nothing to do with the group: the outsider."""
    return UserFactory(email="charlie@example.nl", name="Charlie Bakker", roles=["jeugdzorgwerker"])


@pytest.fixture
def organisation(alice):
    return OrganisationFactory(name="Gezinshuis Netwerk Midden", managers=[alice])


@pytest.fixture
def group(organisation):
    return GroupFactory(name="Intervisie Utrecht Oost", organisation=organisation, max_members=6)


@pytest.fixture
def manager_without_totp(db):
    """Mila Beheer has just become an organisatiebeheerder and has not turned on two-factor login yet."""
    return UserFactory(email="beheerder@example.nl", name="Mila Beheer", roles=["organisatiebeheerder"])


@pytest.fixture
def member(bob, group):
    """Bob as a member of ``group`` (for years: see MembershipFactory)."""
    MembershipFactory(user=bob, group=group)
    return bob


@pytest.fixture
def begeleider(group):
    """Bea Begeleider runs ``group`` as its begeleider. She is registered with LVSC, so she may sign
    reflection statements, and has two-factor login on, as begeleiders must."""
    user = UserFactory(
        email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"], supervisor_register="LVSC"
    )
    give_totp(user)
    group.begeleider = user
    group.save(update_fields=["begeleider"])
    return user


@pytest.fixture
def guided_group(group, begeleider):
    """``group`` with Bea (``begeleider``) as its begeleider."""
    return group


@pytest.fixture
def planner(group):
    """Pien Planner, a member of ``group`` who plans its meetings."""
    user = UserFactory(email="pien@example.nl", name="Pien Planner")
    MembershipFactory(user=user, group=group, is_planner=True)
    return user


@pytest.fixture
def danielle(group):
    """Daniëlle Özdemir, a second member of ``group`` (a name with letters beyond ASCII)."""
    user = UserFactory(email="danielle@example.nl", name="Daniëlle Özdemir", roles=["gezinshuisouder"])
    MembershipFactory(user=user, group=group)
    return user


@pytest.fixture
def erin(group):
    """Erin Smit, another member of ``group``: the case bringer in the live-session tests."""
    user = UserFactory(email="erin@example.nl", name="Erin Smit", roles=["gezinshuisouder"])
    MembershipFactory(user=user, group=group)
    return user


@pytest.fixture
def dina(group):
    """Dina Smit is on trial in ``group`` (a participant, not yet a member)."""
    user = UserFactory(email="dina@example.nl", name="Dina Smit")
    MembershipFactory(user=user, group=group, state=MembershipState.TRIAL)
    return user


@pytest.fixture
def olga(db):
    """Olga Organisator organises themed events."""
    return UserFactory(email="olga@example.nl", name="Olga Organisator", roles=["organisator"])


@pytest.fixture
def platform_admin(db):
    """Adam Beheer runs the platform (role beheerder, two-factor login on), without Django's flags."""
    user = UserFactory(email="adam@example.nl", name="Adam Beheer", roles=["beheerder"])
    give_totp(user)
    return user


@pytest.fixture
def superuser(db):
    """Rita Root, a platform admin with every flag Django knows: superuser, staff and the beheerder role."""
    user = UserFactory(email="root@example.nl", name="Rita Root", roles=["beheerder"])
    user.is_superuser = user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    give_totp(user)
    return user
