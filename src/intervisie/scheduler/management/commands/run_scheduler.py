import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from intervisie.scheduler.jobs import queue_periodic_jobs


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
