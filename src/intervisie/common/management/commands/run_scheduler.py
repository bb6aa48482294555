import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from intervisie.cases.tasks import purge_case_texts
from intervisie.common.tasks import waiting_task_kwargs
from intervisie.groups.tasks import expire_offers
from intervisie.meetings.tasks import check_meeting_quorum, send_meeting_reminders

PERIODIC = (expire_offers, send_meeting_reminders, check_meeting_quorum, purge_case_texts)


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


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs (offer expiry, meeting reminders, quorum checks, purging case texts) and "
        "retry undelivered e-mail every --interval seconds. In production run this as one systemd service, "
        "or run the commands expire_offers, send_meeting_reminders, check_meeting_quorum, purge_case_texts "
        "and retry_emails from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300)
        parser.add_argument("--once", action="store_true", help="queue the jobs once and stop")

    def handle(self, *args, interval, once, **options):
        while True:
            queue_periodic_jobs()
            # In this process, not as a job: it must work when no worker is alive to run jobs.
            call_command("retry_emails", stdout=self.stdout)
            if once:
                return
            time.sleep(interval)
