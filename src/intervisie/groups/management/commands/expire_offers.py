from django.core.management.base import BaseCommand

from intervisie.groups.domain import offers_expire


class Command(BaseCommand):
    help = "Expire waitlist offers past their date and offer the places to the next people (idempotent)."

    def handle(self, *args, **options):
        count = offers_expire()
        self.stdout.write(f"{count} aanbod/aanbiedingen verlopen.")
