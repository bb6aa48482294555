"""Load the invented Dutch demo data. Idempotent: run it as often as you like (``make run`` does)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intervisie.demo.loader import demo_load


class Command(BaseCommand):
    help = "Laadt de demogegevens (verzonnen groepen, organisaties en accounts). Twee keer draaien kan geen kwaad."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="ook op een site met https (productie)")

    def handle(self, *args, **options):
        # The demo has a superuser with a published password and TOTP secret: never on a real site.
        if settings.HTTPS and not options["force"]:
            raise CommandError(
                "SITE_URL gebruikt https: dit lijkt een echte site. Demogegevens laad je alleen lokaal "
                "(of met --force als je zeker weet dat dit een testomgeving is)."
            )
        started = time.monotonic()
        verbose = options["verbosity"] > 1
        counts = demo_load(log=self.stdout.write if verbose else (lambda message: None))
        self.stdout.write(
            self.style.SUCCESS(
                "Demogegevens klaar: {groups} groepen, {organisations} organisaties, {methods} methodes, "
                "{users} accounts, {memberships} aanmeldingen, {meetings} bijeenkomsten, "
                "{attendances} keer aanwezigheid, {certificates} certificaten, {events} themabijeenkomsten met "
                "{event_registrations} aanmeldingen ({seconds:.1f} s).".format(
                    **counts, seconds=time.monotonic() - started
                )
            )
        )
