"""Load the invented Dutch demo data. Idempotent: run it as often as you like (``make run`` does)."""

import time

from django.core.management.base import BaseCommand

from intervisie.common.demo_data import demo_load


class Command(BaseCommand):
    help = "Laadt de demogegevens (verzonnen groepen, organisaties en accounts). Twee keer draaien kan geen kwaad."

    def handle(self, *args, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 1
        counts = demo_load(log=self.stdout.write if verbose else (lambda message: None))
        self.stdout.write(
            self.style.SUCCESS(
                "Demogegevens klaar: {groups} groepen, {organisations} organisaties, {methods} methodes, "
                "{users} accounts, {memberships} aanmeldingen ({seconds:.1f} s).".format(
                    **counts, seconds=time.monotonic() - started
                )
            )
        )
