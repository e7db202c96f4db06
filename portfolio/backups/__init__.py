"""Backup and restore of the whole portal: the database this process is connected to, and MEDIA_ROOT.

A backup is one directory, `var/backups/portal-YYYYMMDD-HHMMSS/`, holding three files:

    manifest.json     what it is: format, when, which database, its schema (django_migrations), checksums
    database.dump     PostgreSQL: `pg_dump --format=custom`; for SQLite `database.sqlite3`, a copy of the file
    media.tar.gz      everything under MEDIA_ROOT (the generated board report and plan PDFs)

A directory rather than one archive: each part can be checked and, in an emergency, restored by hand with
the standard tools (pg_restore, sqlite3, tar), and a multi-gigabyte dump is not packed twice.

Restore replaces everything: every table of the database and every file under MEDIA_ROOT. It checks the
whole backup before touching anything (checksums, the dump readable, the schema not newer than this code),
replaces the database in one transaction (all or nothing), and migrates afterwards if the backup is older.

The modules, in the order a reader meets them:

    manifest.py   the format: file names, BackupError, Backup, the checksum, which database this is
    postgres.py   pg_dump, pg_restore and psql in their own processes
    sqlite.py     SQLite's online backup API, both ways
    media.py      MEDIA_ROOT into a tar.gz, and back through a staging directory
    create.py     create_backup: the database, then the files, then the manifest
    restore.py    load_backup (checks everything, changes nothing) and restore_backup
"""

from portfolio.backups.create import create_backup
from portfolio.backups.manifest import ENGINE_NAMES, Backup, BackupError, database_label, default_directory
from portfolio.backups.postgres import pg_environment
from portfolio.backups.restore import load_backup, restore_backup

__all__ = [
    "ENGINE_NAMES",
    "Backup",
    "BackupError",
    "create_backup",
    "database_label",
    "default_directory",
    "load_backup",
    "pg_environment",
    "restore_backup",
]
