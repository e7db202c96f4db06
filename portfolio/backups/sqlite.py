"""SQLite: the online backup API, both ways.

SQLite uses sqlite3's online backup API (Connection.backup) both ways rather than dumpdata/loaddata: it
copies the database page by page, so the copy is exact (every table, sequence counter and the
django_migrations rows, with no serialisation round-trip through models), consistent while the portal runs,
and the restore replaces the live database in one step. It also works on the in-memory test database.
"""

import sqlite3
from pathlib import Path

from django.db import connection

from portfolio.backups.manifest import BackupError


def dump(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def applied_migrations(path: Path) -> set[tuple[str, str]]:
    try:
        copy = _open_read_only(path)
        try:
            check = copy.execute("PRAGMA integrity_check").fetchone()
            if not check or check[0] != "ok":
                raise BackupError(f"Databasefilen {path.name} er beskadiget (SQLite integrity_check fejler).")
            rows = copy.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Databasefilen {path.name} kan ikke læses som SQLite-database: {error}") from None
    return {(app, name) for app, name in rows}


def restore(path: Path) -> None:
    connection.ensure_connection()
    source = _open_read_only(path)
    try:
        # One step (pages=-1, the default) is one write transaction on the live database: all or nothing.
        source.backup(connection.connection)
    finally:
        source.close()
