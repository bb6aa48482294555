from django.core.management.base import BaseCommand
from django.utils import timezone

from intervisie.cases.domain import cases_purge


class Command(BaseCommand):
    help = (
        "Empty the texts of cases whose meeting ended more than CASE_RETENTION_DAYS days ago (idempotent). "
        "Run from cron or a systemd timer, e.g. once a day."
    )

    def handle(self, *args, **options):
        count = cases_purge(now=timezone.now())
        self.stdout.write(f"Tekst verwijderd van {count} casus(sen).")
