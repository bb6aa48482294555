"""The periodic jobs (intervisie/scheduler/jobs.py): each queued once while one still waits."""

from django_tasks_db.models import DBTaskResult

from intervisie.cases.tasks import purge_case_texts
from intervisie.groups.tasks import expire_offers
from intervisie.meetings.tasks import check_meeting_quorum, send_meeting_reminders
from intervisie.scheduler.jobs import PERIODIC, queue_periodic_jobs
from intervisie.trajectories.tasks import send_trajectory_reminders

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_queue_periodic_jobs_queues_each_job_once_while_it_waits(db, settings):
    settings.TASKS = DB_TASKS
    assert (
        expire_offers,
        send_meeting_reminders,
        check_meeting_quorum,
        purge_case_texts,
        send_trajectory_reminders,
    ) == PERIODIC
    assert queue_periodic_jobs() == 5
    assert queue_periodic_jobs() == 0
    assert DBTaskResult.objects.count() == 5
