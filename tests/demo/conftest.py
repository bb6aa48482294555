from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once per test module (a load takes seconds) inside a transaction that
    is rolled back when the module is done. Each test runs in its own savepoint within it, so what one
    test changes the next does not see. A module using it needs ``pytestmark = pytest.mark.django_db``
    and a place in ``ONE_WORKER_MODULES`` (tests/conftest.py: one worker runs all its tests, so the demo
    is loaded once per run), and must not hold tests that expect an empty database."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
