from django.core.management.base import BaseCommand

from intervisie.common.models import OutgoingEmail
from intervisie.common.tasks import deliver_email


class Command(BaseCommand):
    help = "Re-queue e-mails whose delivery failed (run from cron/systemd timer, e.g. every 10 minutes)."

    def handle(self, *args, **options):
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED, attempts__lt=10)
        count = 0
        for email in failed:
            deliver_email.enqueue(email_id=email.pk)
            count += 1
        self.stdout.write(f"{count} e-mail(s) opnieuw in de wachtrij gezet.")
