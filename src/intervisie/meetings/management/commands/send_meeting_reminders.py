from django.core.management.base import BaseCommand

from intervisie.meetings.domain import meeting_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the reminder for meetings that start within REMINDER_HOURS_BEFORE hours (idempotent: "
        "each meeting once). Run from cron or a systemd timer, e.g. every 15 minutes."
    )

    def handle(self, *args, **options):
        count = meeting_reminders_send()
        self.stdout.write(f"Herinnering verstuurd voor {count} bijeenkomst(en).")
