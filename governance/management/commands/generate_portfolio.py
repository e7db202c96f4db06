"""`manage.py generate_portfolio --projects N --periods M`: a large synthetic portfolio for benchmarks
(governance.demo.synthetic)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.demo.synthetic import SyntheticDataError, generate_portfolio

# The options passed on to generate_portfolio as they are (--plan-draft is passed as plan_approved).
GENERATOR_OPTIONS = (
    "projects",
    "periods",
    "seed",
    "replace",
    "benefits_per_project",
    "measurements_per_benefit",
    "systems",
    "meetings_years",
    "plan_items",
)


class Command(BaseCommand):
    help = "Genererer en stor syntetisk projektportefølje (GEN-projekter) til ydelsesmålinger."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000, help="Antal projekter (standard 1000).")
        parser.add_argument(
            "--periods", type=int, default=52, help="Antal rapporteringsperioder (standard 52)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Frø til tilfældige tal (samme frø, samme data)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Slet eksisterende syntetiske GEN-projekter og alt, der hænger på dem, og generér på ny.",
        )
        parser.add_argument(
            "--benefits-per-project",
            type=int,
            default=None,
            help="Gevinster pr. projekt (standard: 1 eller 2 tilfældigt).",
        )
        parser.add_argument(
            "--measurements-per-benefit", type=int, default=3, help="Målinger pr. gevinst (standard 3)."
        )
        parser.add_argument(
            "--systems", type=int, default=0, help="Antal syntetiske it-systemer (standard 0)."
        )
        parser.add_argument(
            "--meetings-years",
            type=int,
            default=0,
            help="År med møder hver 14. dag i programgruppen og styregruppen (standard 0).",
        )
        parser.add_argument(
            "--plan-items",
            type=int,
            default=0,
            help="Punkter i en godkendt indsatsplan for næste år over de syntetiske projekter; "
            "ud over projekterne bliver punkterne aktiviteter (standard 0: ingen plan).",
        )
        parser.add_argument(
            "--plan-draft",
            action="store_true",
            help="Lad indsatsplanen være en kladde i stedet for godkendt.",
        )
        parser.add_argument("--force", action="store_true", help="Kør også, når DEBUG er slået fra.")

    def handle(self, *args, force=False, plan_draft=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_portfolio laver syntetiske testdata og kører derfor kun med DEBUG slået til. "
                "Brug --force, hvis du virkelig vil generere data i denne database."
            )
        started = time.perf_counter()
        try:
            counts = generate_portfolio(
                plan_approved=not plan_draft, **{name: options[name] for name in GENERATOR_OPTIONS}
            )
        except SyntheticDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Syntetisk portefølje genereret på {elapsed:.1f} sekunder."))
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>8}")
