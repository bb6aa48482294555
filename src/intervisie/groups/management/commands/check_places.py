from django.core.management.base import BaseCommand
from django.db import transaction

from intervisie.groups.enums import PLACE_STATES
from intervisie.groups.models import IntervisionGroup, Membership


class Command(BaseCommand):
    help = (
        "Recount each group's occupied places from its memberships and repair a wrong counter (with --fix)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true")

    def handle(self, *args, fix, **options):
        wrong = 0
        for pk in IntervisionGroup.objects.values_list("pk", flat=True):
            with transaction.atomic():
                group = IntervisionGroup.objects.select_for_update().get(pk=pk)
                actual = Membership.objects.filter(group=group, state__in=PLACE_STATES).count()
                if actual != group.occupied_places:
                    wrong += 1
                    self.stdout.write(f"{group.slug}: teller {group.occupied_places}, werkelijk {actual}")
                    if fix:
                        group.occupied_places = actual
                        group.save(update_fields=["occupied_places"])
        self.stdout.write(
            f"{wrong} groep(en) met een verkeerde telling" + (" hersteld." if fix and wrong else ".")
        )
