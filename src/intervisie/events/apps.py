import logging
import sys

from django.apps import AppConfig

logger = logging.getLogger(__name__)

# The command that starts a task worker (django-tasks' database backend): ``manage.py db_worker``.
WORKER_COMMANDS = frozenset({"db_worker"})


def is_worker_start(argv: list[str]) -> bool:
    """Whether this process was started as a task worker (``manage.py db_worker``,
    ``django-admin db_worker`` and ``python -m django db_worker`` alike)."""
    return len(argv) > 1 and argv[1] in WORKER_COMMANDS


def warm_solver() -> None:
    """Load the grouping solver's numba kernels from numba's cache, or compile them into it when a
    deploy changed them (``grouping.warm``), and log what is wrong with the cache, if anything."""
    from grouping.warm import warm

    try:
        report = warm()
    except Exception:  # the warm-up only saves time later: the worker must start all the same
        logger.exception("Could not warm the grouping solver's numba kernels")
        return
    for problem in report.problems:
        logger.warning("grouping warm: %s", problem)


class EventsConfig(AppConfig):
    name = "intervisie.events"
    label = "events"
    verbose_name = "Themabijeenkomsten"

    def ready(self):
        # django-tasks' worker has no start hook of its own, and its command belongs to the package.
        # The worker warms the solver once as it starts, before its first job, so the first
        # composition after a deploy is as fast as the next; web processes never import numba.
        if is_worker_start(sys.argv):
            warm_solver()
