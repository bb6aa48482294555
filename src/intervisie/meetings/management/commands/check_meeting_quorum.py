from django.core.management.base import BaseCommand

from intervisie.meetings.domain import meeting_quorum_check


class Command(BaseCommand):
    help = (
        "After the RSVP deadline, act on meetings where too few people said they come: cancel them when "
        "the group's charter says so (everyone is told), else warn the begeleider and planners. Idempotent "
        "(each meeting once). Run from cron or a systemd timer, e.g. every 15 minutes."
    )

    def handle(self, *args, **options):
        counts = meeting_quorum_check()
        self.stdout.write(
            f"Te weinig aanmeldingen: {counts['warned']} bijeenkomst(en) gewaarschuwd, "
            f"{counts['cancelled']} afgelast volgens de groepsafspraken."
        )
