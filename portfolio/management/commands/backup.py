"""manage.py backup [--directory DIR]: the database and MEDIA_ROOT into var/backups/portal-…/."""

import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio import backups


def size_label(size: int) -> str:
    """Bytes as the operator reads them, with a Danish decimal comma."""
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} B"


def files_label(count: int) -> str:
    return "1 fil" if count == 1 else f"{count} filer"


def shown_path(path: Path) -> str:
    """Relative to the project when inside it, so the printed restore command can be pasted as it is."""
    base = Path(settings.BASE_DIR)
    return os.path.relpath(path, base) if path.is_relative_to(base) else str(path)


class Command(BaseCommand):
    help = (
        "Tager en sikkerhedskopi af hele portalen: databasen, som DATABASE_URL peger på (PostgreSQL med "
        "pg_dump, SQLite med SQLite's backup-API), og de genererede filer i MEDIA_ROOT. Skriver en ny mappe "
        "portal-ÅÅÅÅMMDD-TTMMSS under var/backups/ (eller --directory)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            help="Mappe, som sikkerhedskopien lægges i (standard: var/backups/ i projektmappen)",
        )

    def handle(self, *args, directory=None, **options):
        try:
            backup = backups.create_backup(Path(directory).resolve() if directory else None)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        database, media = backup.manifest["database"], backup.manifest["media"]
        projects = apps.get_model("portfolio", "Project")._base_manager.count()
        path = shown_path(backup.path)
        self.stdout.write(self.style.SUCCESS(f"Sikkerhedskopien er gemt i {path}"))
        self.stdout.write(
            f"  database  {backups.ENGINE_NAMES[database['engine']]} »{database['name']}«, "
            f"{size_label(database['bytes'])}, {len(backup.manifest['migrations'])} migrationer, "
            f"{projects} projekter"
        )
        self.stdout.write(
            f"  filer     {files_label(media['files'])} fra MEDIA_ROOT, {size_label(media['bytes'])}"
        )
        self.stdout.write(
            f"Kopiér mappen til et andet sted end serveren. Gendan den med: make restore BACKUP={path}"
        )
