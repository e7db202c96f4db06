"""manage.py restore BACKUP [--no-input]: replace the database and MEDIA_ROOT with a backup from `backup`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio import backups
from portfolio.dates import danish_date
from portfolio.management.commands.backup import files_label, shown_path, size_label


class Command(BaseCommand):
    help = (
        "Gendanner en sikkerhedskopi fra manage.py backup (make backup). ERSTATTER alle nuværende data: "
        "hver tabel i databasen, som DATABASE_URL peger på, og hver fil i MEDIA_ROOT. Hele sikkerhedskopien "
        "kontrolleres, før noget ændres, og databasen udskiftes i én transaktion. Stop web, worker og beat "
        "først."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="Mappen, som backup skrev (portal-ÅÅÅÅMMDD-TTMMSS)")
        # Django's own convention (migrate, flush, collectstatic): no question asked, for scripts.
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Spørg ikke om bekræftelse (til scripts; gendanner straks)",
        )

    def handle(self, *args, backup=None, interactive=True, **options):
        try:
            loaded = backups.load_backup(backup)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        database, media = loaded.manifest["database"], loaded.manifest["media"]
        created = danish_date(loaded.created, "time")
        self.stdout.write(f"Sikkerhedskopi: {shown_path(loaded.path)}, taget {created}")
        self.stdout.write(
            f"  database  {backups.ENGINE_NAMES[database['engine']]} »{database['name']}«, "
            f"{size_label(database['bytes'])}, {len(loaded.migrations)} migrationer"
        )
        self.stdout.write(f"  filer     {files_label(media['files'])}, {size_label(media['bytes'])}")
        if interactive:
            self.stdout.write(
                self.style.WARNING(
                    f"Gendannelsen ERSTATTER alle nuværende data i {backups.database_label()} og alle "
                    f"filer i {settings.MEDIA_ROOT}. Det kan ikke fortrydes: tag en sikkerhedskopi med "
                    "make backup først, hvis du kan få brug for de nuværende data. Stop web, worker og beat "
                    "inden."
                )
            )
            try:
                answer = input("Skriv »ja« for at gendanne: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "ja":
                raise CommandError(
                    "Gendannelsen er afbrudt; intet er ændret. "
                    "(Uden spørgsmål: manage.py restore --no-input.)"
                )
        try:
            migrated = backups.restore_backup(loaded)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Sikkerhedskopien fra {created} er gendannet."))
        if migrated:
            self.stdout.write(
                f"Sikkerhedskopien var fra en ældre version af portalen: "
                f"{'1 migration er' if migrated == 1 else f'{migrated} migrationer er'} kørt bagefter."
            )
        self.stdout.write("Start web, worker og beat igen (det tømmer også deres mellemlagrede sider).")
