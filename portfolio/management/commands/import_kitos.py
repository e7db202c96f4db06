"""manage.py import_kitos FILE [--dry-run] | --api [--since ISO] [--dry-run]: systems from OS2 KITOS."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio.systems import kitos


class Command(BaseCommand):
    help = (
        "Indlæser it-systemer fra en KITOS API v2-eksport (it-system-usages, JSON) eller, med --api, "
        "direkte fra KITOS_API_URL med KITOS_API_TOKEN. Matcher på KITOS-UUID, opdaterer kun det ændrede "
        "og sletter eller arkiverer aldrig noget."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="JSON-fil med svaret fra /api/v2/it-system-usages")
        parser.add_argument("--dry-run", action="store_true", help="Vis ændringerne uden at gemme noget")
        parser.add_argument("--api", action="store_true", help="Hent fra KITOS' API i stedet for en fil")
        parser.add_argument(
            "--since",
            help="Med --api: kun systemer ændret siden dette tidspunkt (ISO 8601, changedSinceGtEq)",
        )

    def handle(self, *args, file=None, dry_run=False, api=False, since=None, **options):
        if api == bool(file):
            raise CommandError("Angiv enten en fil eller --api (ikke begge).")
        if since and not api:
            raise CommandError("--since kan kun bruges sammen med --api.")
        try:
            if api:
                data = kitos.fetch_usages(
                    base_url=getattr(settings, "KITOS_API_URL", None),
                    token=getattr(settings, "KITOS_API_TOKEN", None),
                    organization_uuid=getattr(settings, "KITOS_ORGANIZATION_UUID", None),
                    since=kitos.parse_since(since) if since else None,
                )
            else:
                data = kitos.load_json_file(file)
            result = kitos.import_usages(data, dry_run=dry_run)
        except kitos.KitosError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result.report())
