from django.core.management.base import BaseCommand

from intervisie.common.email import emails_retry
from intervisie.common.tasks import task_results_fail_orphaned


class Command(BaseCommand):
    help = (
        "Queue undelivered e-mail again: failed deliveries, and deliveries whose worker died mid-send "
        "(no outcome after TASK_STUCK_MINUTES). Also marks jobs whose worker died as failed. Idempotent; "
        "run_scheduler runs it every 5 minutes, or run it from cron/systemd timer."
    )

    def handle(self, *args, **options):
        counts = emails_retry()
        orphaned = task_results_fail_orphaned()
        self.stdout.write(
            f"{counts.requeued} e-mail(s) opnieuw in de wachtrij gezet "
            f"({counts.interrupted} onderbroken bezorging(en)); "
            f"{orphaned} taak/taken van een gestopte worker als mislukt gemarkeerd."
        )
