"""`manage.py load_demo`: the Norddjurs demo portfolio, for development and demonstrations."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.demo.build import build_demo
from governance.demo.build_people import LOGIN_USERNAMES
from governance.demo.data.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Indlæser Norddjurs-demodata (organisation, brugere, projekter, statushistorik, gevinster, møder)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Indlæs også, når DEBUG er slået fra (fx på en testserver)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo indlæser demodata med kendte adgangskoder og kører derfor kun med DEBUG slået "
                "til. "
                "Brug --force, hvis du virkelig vil indlæse demodata i denne database."
            )
        counts = build_demo()
        self.stdout.write(self.style.SUCCESS("Demodata for Norddjurs Kommune er indlæst."))
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>6}")
        self.stdout.write(f"Log ind som {', '.join(LOGIN_USERNAMES)} med adgangskoden »{DEMO_PASSWORD}«.")
