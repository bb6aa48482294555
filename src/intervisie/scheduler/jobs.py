"""The periodic jobs: each app's idempotent task that ``run_scheduler`` queues every few minutes."""

from intervisie.cases.tasks import purge_case_texts
from intervisie.common.tasks import waiting_task_kwargs
from intervisie.groups.tasks import expire_offers
from intervisie.meetings.tasks import check_meeting_quorum, send_meeting_reminders
from intervisie.trajectories.tasks import send_trajectory_reminders

PERIODIC = (
    expire_offers,
    send_meeting_reminders,
    check_meeting_quorum,
    purge_case_texts,
    send_trajectory_reminders,
)


def queue_periodic_jobs() -> int:
    """Queue each periodic job unless one still waits in the queue, so a worker that is down for a day
    finds one of each, not hundreds. Each job is idempotent, so one that died with its worker is
    simply queued again here. Returns how many were queued."""
    queued = 0
    for job in PERIODIC:
        if not waiting_task_kwargs(job):
            job.enqueue()
            queued += 1
    return queued
