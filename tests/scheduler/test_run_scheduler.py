"""``manage.py run_scheduler --once``: queues each periodic job unless one still waits, and retries
undelivered e-mail in its own process (the jobs are in intervisie/scheduler/jobs.py)."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_run_scheduler_queues_each_periodic_job_once_while_it_waits(db, settings):
    settings.TASKS = DB_TASKS
    for _run in range(3):
        call_command("run_scheduler", "--once", stdout=StringIO())
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(waiting.values_list("task_path", flat=True)) == [
        "intervisie.cases.tasks.purge_case_texts",
        "intervisie.groups.tasks.expire_offers",
        "intervisie.meetings.tasks.check_meeting_quorum",
        "intervisie.meetings.tasks.send_meeting_reminders",
        "intervisie.trajectories.tasks.send_trajectory_reminders",
    ]


def test_run_scheduler_queues_a_periodic_job_again_after_its_worker_died(db, settings):
    settings.TASKS = DB_TASKS
    call_command("run_scheduler", "--once", stdout=StringIO())
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())  # then killed
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 5


def test_run_scheduler_retries_e_mail_itself_without_a_worker(db, settings):
    settings.TASKS = DB_TASKS
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert out.getvalue() == (
        "0 e-mail(s) opnieuw in de wachtrij gezet (0 onderbroken bezorging(en)); "
        "0 taak/taken van een gestopte worker als mislukt gemarkeerd.\n"
    )
