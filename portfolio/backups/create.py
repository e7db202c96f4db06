"""create_backup: a new backup directory, written under a hidden name and renamed when complete."""

import datetime
import json
import shutil
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from portfolio.backups import media, postgres, sqlite
from portfolio.backups.manifest import (
    DATABASE_FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_ARCHIVE,
    Backup,
    current_engine,
    default_directory,
    sha256,
)


def _new_backup_directory(parent: Path, now: datetime.datetime) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    name, suffix = f"portal-{stamp}", 1
    while (parent / name).exists():
        suffix += 1
        name = f"portal-{stamp}-{suffix}"
    return parent / name


def create_backup(directory: Path | None = None) -> Backup:
    """Back up the database and MEDIA_ROOT into a new directory under `directory` (var/backups)."""
    engine = current_engine()
    parent = Path(directory) if directory else default_directory()
    # The backup holds personal data and password hashes: only the portal's own user may read it.
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = timezone.now()
    final = _new_backup_directory(parent, now)
    # Written under a hidden name and renamed when complete: a half-written backup never looks like one.
    work = parent / f".{final.name}.ufaerdig"
    work.mkdir(mode=0o700)
    try:
        database_file = work / DATABASE_FILES[engine]
        # The database first, then the files: a PDF is written before the row that points to it, so every
        # file the dump refers to is in the archive (at worst the archive has a newer, unreferenced file).
        if engine == "postgresql":
            postgres.dump(database_file)
        else:
            sqlite.dump(database_file)
        media_file = work / MEDIA_ARCHIVE
        media_files, media_bytes = media.write_archive(media_file)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": timezone.localtime(now).isoformat(),
            "database": {
                "engine": engine,
                "name": str(connection.settings_dict.get("NAME")),
                "file": database_file.name,
                "sha256": sha256(database_file),
                "bytes": database_file.stat().st_size,
            },
            "media": {
                "file": media_file.name,
                "sha256": sha256(media_file),
                "files": media_files,
                "bytes": media_bytes,
            },
            "migrations": [
                f"{app}.{name}" for app, name in sorted(MigrationRecorder(connection).applied_migrations())
            ],
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for path in work.iterdir():
            path.chmod(0o600)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Backup(path=final, manifest=manifest)
