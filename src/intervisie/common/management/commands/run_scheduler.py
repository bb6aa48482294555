import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from intervisie.cases.tasks import purge_case_texts
from intervisie.groups.tasks import expire_offers
from intervisie.meetings.tasks import check_meeting_quorum, send_meeting_reminders


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs (offer expiry, meeting reminders, quorum checks, e-mail retries) every "
        "--interval seconds. In production run this as one systemd service, or run the commands "
        "expire_offers, send_meeting_reminders, check_meeting_quorum, purge_case_texts and retry_emails from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300)
        parser.add_argument("--once", action="store_true", help="queue the jobs once and stop")

    def handle(self, *args, interval, once, **options):
        while True:
            expire_offers.enqueue()
            send_meeting_reminders.enqueue()
            check_meeting_quorum.enqueue()
            purge_case_texts.enqueue()  # cheap when nothing is due; deletes case texts past retention
            call_command("retry_emails", stdout=self.stdout)
            if once:
                return
            time.sleep(interval)
