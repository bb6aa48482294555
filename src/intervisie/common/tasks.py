"""Background jobs of the common app, and keeping the task queue honest when a worker dies.

django-tasks' database worker marks a job RUNNING when it takes it and never looks at it again if
the worker dies (kill -9, out of memory, a machine that goes away): the job stays RUNNING for ever
and is never run again (django-tasks-db issue #5, open). What such a job was doing is recovered by
its own means: e-mail by ``emails_retry`` (the outbox knows what was not sent), the periodic jobs by
the scheduler queueing them again (each is idempotent and works in transactions, so a job killed
halfway leaves nothing half done). ``task_results_fail_orphaned`` then marks the dead job as failed,
so the queue's state tells the truth.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from intervisie.common.email_delivery import email_deliver
from intervisie.common.models import OutgoingEmail


@task()
def deliver_email(*, email_id: int) -> None:
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        email_deliver(email=email)


class WorkerLost(Exception):
    """Recorded on a job whose worker stopped while running it."""


def waiting_task_kwargs(job) -> list[dict]:
    """The keyword arguments of the jobs for ``job`` that wait in the database queue (not yet taken
    by a worker). Empty with another task backend: then nothing is known to be waiting."""
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=job.module_path)
    return [args_kwargs.get("kwargs", {}) for args_kwargs in rows.values_list("args_kwargs", flat=True)]


def task_results_fail_orphaned(*, now: datetime | None = None) -> int:
    """Mark as failed the jobs that have been RUNNING for more than TASK_STUCK_MINUTES: their worker
    died. Returns how many. No job of ours runs that long (e-mail gives up after EMAIL_TIMEOUT, the
    periodic jobs take seconds); should one still be running, its own result overwrites this one."""
    now = now or timezone.now()
    error = WorkerLost(
        f"No outcome {settings.TASK_STUCK_MINUTES} minutes after the job started: its worker stopped."
    )
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - timedelta(minutes=settings.TASK_STUCK_MINUTES),
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"{WorkerLost.__qualname__}: {error}\n",
    )
