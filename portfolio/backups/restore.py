"""Restore: load_backup checks a backup completely and changes nothing; restore_backup then replaces the
database and MEDIA_ROOT with it and migrates if the backup is older than the code."""

import datetime
import json
import shutil
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from portfolio.backups import media, postgres, sqlite
from portfolio.backups.manifest import (
    ENGINE_NAMES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    Backup,
    BackupError,
    current_engine,
    sha256,
)


def load_backup(path) -> Backup:
    """Read and check a backup completely, changing nothing. Raises BackupError saying what is wrong."""
    if not path:
        raise BackupError(
            "Angiv hvilken sikkerhedskopi der skal gendannes, fx make restore "
            "BACKUP=var/backups/portal-20250101-020000"
        )
    path = Path(path)
    if path.is_file() and path.name == MANIFEST:
        path = path.parent
    if not path.exists():
        raise BackupError(f"Sikkerhedskopien {path} findes ikke.")
    if not path.is_dir():
        raise BackupError(
            f"{path} er ikke en sikkerhedskopi: angiv mappen, som make backup skrev (portal-ÅÅÅÅMMDD-TTMMSS)."
        )
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            f"{path} er ikke en sikkerhedskopi fra Digitaliseringsportalen: {MANIFEST} mangler."
        )
    try:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT:
            raise ValueError("forkert format")
        database, media_part = manifest["database"], manifest["media"]
        for part in (database, media_part):
            if not isinstance(part.get("file"), str) or "/" in part["file"] or not part.get("sha256"):
                raise ValueError("filer mangler")
        datetime.datetime.fromisoformat(manifest["created"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise BackupError(f"{manifest_path} er beskadiget eller ikke fra Digitaliseringsportalen.") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Sikkerhedskopien har formatversion {manifest.get('format_version')}; denne version af portalen "
            f"læser version {FORMAT_VERSION}."
        )
    backup = Backup(path=path, manifest=manifest)

    engine = current_engine()
    if database.get("engine") != engine:
        raise BackupError(
            f"Sikkerhedskopien er af en {ENGINE_NAMES.get(database.get('engine'), database.get('engine'))}-"
            f"database, men portalen kører på {ENGINE_NAMES[engine]}. Gendan den på samme slags database."
        )
    for label, part, expected in (
        ("Databasefilen", backup.database_file, database["sha256"]),
        ("Filarkivet", backup.media_file, media_part["sha256"]),
    ):
        if not part.is_file():
            raise BackupError(f"{label} {part.name} mangler i {path}.")
        if sha256(part) != expected:
            raise BackupError(
                f"{label} {part.name} er beskadiget: kontrolsummen passer ikke med {MANIFEST}. "
                "Brug en anden sikkerhedskopi."
            )

    if engine == "postgresql":
        backup.migrations = postgres.applied_migrations(backup.database_file)
    else:
        backup.migrations = sqlite.applied_migrations(backup.database_file)
    # Known to this code: the migration files on disk (no database needed to know them).
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(backup.migrations - known)
    if unknown:
        examples = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        more = f" og {len(unknown) - 5} flere" if len(unknown) > 5 else ""
        raise BackupError(
            "Sikkerhedskopien er fra en nyere version af portalen end denne: databasen har migrationer, som "
            f"koden ikke kender ({examples}{more}). Opdatér portalen til mindst den version, og gendan så."
        )
    media.check_archive(backup.media_file)
    return backup


def restore_backup(backup: Backup) -> int:
    """Replace the database and MEDIA_ROOT with `backup` (checked by load_backup). Returns the number of
    migrations applied afterwards (0 when the backup has the same schema as the code)."""
    staging = media.stage(backup.media_file)
    try:
        if backup.engine == "postgresql":
            # Our own connection must not hold anything open while psql drops the tables.
            connection.close()
            postgres.restore(backup.database_file)
        else:
            sqlite.restore(backup.database_file)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        media.swap(staging)
    except OSError as error:
        raise BackupError(
            f"Databasen er gendannet, men filerne i {media.media_root()} kunne ikke udskiftes: {error}. "
            f"Pak {backup.media_file} ud i MEDIA_ROOT i hånden (mappen media/ i arkivet)."
        ) from None
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
    return len(plan)
