import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from intervisie.groups.tasks import expire_offers


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs (offer expiry, e-mail retries) every --interval seconds. "
        "In production run this as one systemd service, or run `manage.py expire_offers` from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300)
        parser.add_argument("--once", action="store_true", help="queue the jobs once and stop")

    def handle(self, *args, interval, once, **options):
        while True:
            expire_offers.enqueue()
            call_command("retry_emails", stdout=self.stdout)
            if once:
                return
            time.sleep(interval)
