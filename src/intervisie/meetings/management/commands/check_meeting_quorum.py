from django.core.management.base import BaseCommand

from intervisie.meetings.domain import meeting_quorum_check


class Command(BaseCommand):
    help = (
        "After the RSVP deadline, warn the begeleider and planners when too few people said they come "
        "(idempotent: each meeting once). Run from cron or a systemd timer, e.g. every 15 minutes."
    )

    def handle(self, *args, **options):
        count = meeting_quorum_check()
        self.stdout.write(f"Waarschuwing over te weinig aanmeldingen voor {count} bijeenkomst(en).")
