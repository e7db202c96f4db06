"""What a backup is: the files in its directory, the manifest that describes them, and `Backup`, which
create and restore pass around. Also the two facts about the live database both need: which engine it is
and how the operator knows it."""

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = "digitaliseringsportalen-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator, in Danish."""


def default_directory() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def current_engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Sikkerhedskopiering understøtter PostgreSQL og SQLite, ikke {connection.vendor}.")
    return connection.vendor


def database_label() -> str:
    """The database as the operator knows it: name and, for PostgreSQL, the server."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite-databasen {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "lokal socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"PostgreSQL-databasen »{settings_dict.get('NAME')}« på {host}{port}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Backup:
    path: Path
    manifest: dict
    migrations: set[tuple[str, str]] = field(default_factory=set)

    @property
    def engine(self) -> str:
        return self.manifest["database"]["engine"]

    @property
    def created(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.manifest["created"])

    @property
    def database_file(self) -> Path:
        return self.path / self.manifest["database"]["file"]

    @property
    def media_file(self) -> Path:
        return self.path / self.manifest["media"]["file"]
