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
"""

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "digitaliseringsportalen-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
MEDIA_PREFIX = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Restore extracts the media here, inside MEDIA_ROOT (so the final move is a rename on one file system,
# also when MEDIA_ROOT is a mounted volume), and never backs this directory up.
STAGING_PREFIX = ".gendannelse-"
# libpq environment variables for the connection OPTIONS that dj-database-url passes through.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator, in Danish."""


def default_directory() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def _engine() -> str:
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- PostgreSQL: pg_dump, pg_restore and psql in their own processes ------------------------------------


def pg_environment() -> dict[str, str]:
    """libpq's environment for the database this process is connected to.

    The live connection's settings, not settings.DATABASES as configured: under pytest-django that is the
    test database. The password goes in PGPASSWORD, never on a command line where `ps` would show it.
    Anything not set in the settings is left to libpq's defaults, as psycopg2 does for Django."""
    settings_dict = connection.settings_dict
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in LIBPQ_OPTIONS.items():
        if options.get(key):
            environment[variable] = str(options[key])
    return environment


def _tool_missing(program: str) -> BackupError:
    return BackupError(
        f"Programmet {program} findes ikke. Installér PostgreSQL' klientværktøjer i samme hovedversion som "
        "serveren (Debian: apt-get install postgresql-client)."
    )


def _tool_failed(program: str, stderr: str) -> BackupError:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    detail = "\n".join(lines[-10:]) or "ingen fejlmeddelelse"
    return BackupError(f"{program} fejlede:\n{detail}")


def _run_tool(arguments: list[str]) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program with our own arguments, no shell
            arguments, env=pg_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise _tool_missing(arguments[0]) from None
    if result.returncode != 0:
        raise _tool_failed(arguments[0], result.stderr)
    return result.stdout


def _pg_dump(target: Path) -> None:
    # The custom format is compressed, consistent (one snapshot) and lets pg_restore choose at restore time
    # to skip owners and grants, so a backup also restores on a server whose roles are named differently.
    _run_tool(["pg_dump", "--format=custom", f"--file={target}"])


def _copy_unescape(value: str) -> str:
    """A column of PostgreSQL's COPY text format: \\N is NULL, backslash escapes the rest."""
    if value == r"\N":
        return ""
    escapes = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append(escapes.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def _pg_dump_migrations(dump: Path) -> set[tuple[str, str]]:
    """The applied migrations recorded in the dump itself (not in the manifest, which could lie)."""
    try:
        # --list reads the archive's table of contents: a garbled or foreign file fails here, a truncated
        # one at the latest when the table's data is read.
        _run_tool(["pg_restore", "--list", str(dump)])
        script = _run_tool(["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(dump)])
    except BackupError as error:
        raise BackupError(f"Databasefilen {dump.name} kan ikke læses som PostgreSQL-dump. {error}") from None
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "django_migrations" in line and line.endswith("FROM stdin;"):
            column_list = line[line.index("(") + 1 : line.index(")")]
            columns = [name.strip().strip('"') for name in column_list.split(",")]
            app_index, name_index = columns.index("app"), columns.index("name")
            applied = set()
            for row in lines:
                if row == "\\.":
                    return applied
                values = row.split("\t")
                applied.add((_copy_unescape(values[app_index]), _copy_unescape(values[name_index])))
    raise BackupError(
        "Databasedumpet indeholder ingen django_migrations-tabel: det er ikke en sikkerhedskopi af portalen."
    )


# Run inside the restore's transaction before pg_restore's script: drop every table, view and sequence of
# the schema Django uses, so that nothing of the current data survives, not even tables the backup does not
# have (a backup from before a migration); pg_restore's own --clean only drops what is in the dump.
PG_DROP_EVERYTHING = """
SET client_min_messages = warning;
-- A web or worker process in the middle of a transaction would make the restore wait for its locks
-- indefinitely: failing after 30 s with "stop the services" is what the operator needs to hear.
SET lock_timeout = '30s';
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        ORDER BY c.relkind DESC
    LOOP
        EXECUTE format(
            'DROP %s IF EXISTS %I.%I CASCADE',
            CASE item.relkind
                WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE'
            END,
            current_schema(),
            item.relname
        );
    END LOOP;
END
$$;
"""


def _pg_restore(dump: Path) -> None:
    """Replace the database with the dump, in one transaction: on any error nothing has changed.

    pg_restore writes its script (--clean --if-exists --no-owner --no-privileges) to a pipe and psql runs
    it after PG_DROP_EVERYTHING under --single-transaction with ON_ERROR_STOP. If pg_restore fails half-way,
    psql is killed before it reaches the end of its input, so the server rolls the transaction back
    instead of committing half a database."""
    environment = pg_environment()
    producer_command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--file=-",
        str(dump),
    ]
    consumer_command = ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    with tempfile.TemporaryFile() as producer_errors, tempfile.TemporaryFile() as consumer_errors:
        try:
            consumer = subprocess.Popen(  # noqa: S603 - fixed programs, no shell
                consumer_command,
                env=environment,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=consumer_errors,
            )
        except FileNotFoundError:
            raise _tool_missing("psql") from None
        try:
            producer = subprocess.Popen(  # noqa: S603
                producer_command, env=environment, stdout=subprocess.PIPE, stderr=producer_errors
            )
        except FileNotFoundError:
            consumer.kill()
            consumer.wait()
            raise _tool_missing("pg_restore") from None
        try:
            consumer.stdin.write(PG_DROP_EVERYTHING.encode())
            shutil.copyfileobj(producer.stdout, consumer.stdin, 1 << 20)
            produced = producer.wait()
        except BrokenPipeError:
            # psql stopped at an error (ON_ERROR_STOP) and has rolled back; its message says why.
            producer.kill()
            producer.wait()
            produced = None
        finally:
            producer.stdout.close()
        if produced not in (None, 0):
            consumer.kill()
            consumer.wait()
            producer_errors.seek(0)
            error = _tool_failed("pg_restore", producer_errors.read().decode(errors="replace"))
            raise BackupError(f"{error}\nDatabasen er uændret.")
        with contextlib.suppress(BrokenPipeError):
            consumer.stdin.close()
        if consumer.wait() != 0:
            consumer_errors.seek(0)
            message = consumer_errors.read().decode(errors="replace")
            error = _tool_failed("psql", message)
            if "lock timeout" in message:
                error = BackupError(
                    f"{error}\nAndre forbindelser holder låse på databasen: stop web, worker og beat, "
                    "og prøv igen. Databasen er uændret."
                )
            else:
                error = BackupError(f"{error}\nDatabasen er uændret.")
            raise error


# --- SQLite: the online backup API -------------------------------------------------------------------------

# SQLite uses sqlite3's online backup API (Connection.backup) both ways rather than dumpdata/loaddata: it
# copies the database page by page, so the copy is exact (every table, sequence counter and the
# django_migrations rows, with no serialisation round-trip through models), consistent while the portal runs,
# and the restore replaces the live database in one step. It also works on the in-memory test database.


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _sqlite_open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_dump_migrations(path: Path) -> set[tuple[str, str]]:
    try:
        copy = _sqlite_open_read_only(path)
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


def _sqlite_restore(path: Path) -> None:
    connection.ensure_connection()
    source = _sqlite_open_read_only(path)
    try:
        # One step (pages=-1, the default) is one write transaction on the live database: all or nothing.
        source.backup(connection.connection)
    finally:
        source.close()


# --- Media -------------------------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _write_media_archive(target: Path) -> tuple[int, int]:
    """MEDIA_ROOT as media/… in a tar.gz; returns (files, bytes). A missing MEDIA_ROOT is an empty archive."""
    root = _media_root()
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        top = tarfile.TarInfo(MEDIA_PREFIX)
        top.type, top.mode, top.mtime = tarfile.DIRTYPE, 0o755, int(timezone.now().timestamp())
        archive.addfile(top)
        if root.is_dir():
            for entry in sorted(root.iterdir()):
                if entry.name.startswith(STAGING_PREFIX):
                    continue
                archive.add(entry, arcname=f"{MEDIA_PREFIX}/{entry.name}")
        for member in archive.getmembers():
            if member.isfile():
                files += 1
                size += member.size
    return files, size


def _check_media_archive(path: Path) -> None:
    """Every member readable and harmless (tarfile's data filter: no absolute paths, escapes, devices)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.name != MEDIA_PREFIX and not member.name.startswith(f"{MEDIA_PREFIX}/"):
                    raise BackupError(f"{MEDIA_ARCHIVE} indeholder {member.name!r} uden for {MEDIA_PREFIX}/.")
                tarfile.data_filter(member, "/nonexistent")
                if member.isfile():
                    # Reading every file checks the compressed stream to its end.
                    with archive.extractfile(member) as stream:
                        while stream.read(1 << 20):
                            pass
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{MEDIA_ARCHIVE} kan ikke læses: {error}") from None


def _stage_media(path: Path) -> Path:
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        (staging / MEDIA_PREFIX).mkdir(exist_ok=True)
    except (OSError, tarfile.TarError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"Filerne kunne ikke pakkes ud i {root}: {error}. Intet er ændret.") from None
    return staging


def _swap_media(staging: Path) -> None:
    """Replace MEDIA_ROOT's contents with the staged files: renames on one file system."""
    root = _media_root()
    for entry in root.iterdir():
        if entry == staging:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in (staging / MEDIA_PREFIX).iterdir():
        entry.rename(root / entry.name)
    shutil.rmtree(staging)


# --- Backup ------------------------------------------------------------------------------------------------


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


def _new_backup_directory(parent: Path, now: datetime.datetime) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    name, suffix = f"portal-{stamp}", 1
    while (parent / name).exists():
        suffix += 1
        name = f"portal-{stamp}-{suffix}"
    return parent / name


def create_backup(directory: Path | None = None) -> Backup:
    """Back up the database and MEDIA_ROOT into a new directory under `directory` (var/backups)."""
    engine = _engine()
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
            _pg_dump(database_file)
        else:
            _sqlite_backup(database_file)
        media_file = work / MEDIA_ARCHIVE
        media_files, media_bytes = _write_media_archive(media_file)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": timezone.localtime(now).isoformat(),
            "database": {
                "engine": engine,
                "name": str(connection.settings_dict.get("NAME")),
                "file": database_file.name,
                "sha256": _sha256(database_file),
                "bytes": database_file.stat().st_size,
            },
            "media": {
                "file": media_file.name,
                "sha256": _sha256(media_file),
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


# --- Restore -----------------------------------------------------------------------------------------------


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
        database, media = manifest["database"], manifest["media"]
        for part in (database, media):
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

    engine = _engine()
    if database.get("engine") != engine:
        raise BackupError(
            f"Sikkerhedskopien er af en {ENGINE_NAMES.get(database.get('engine'), database.get('engine'))}-"
            f"database, men portalen kører på {ENGINE_NAMES[engine]}. Gendan den på samme slags database."
        )
    for label, part, expected in (
        ("Databasefilen", backup.database_file, database["sha256"]),
        ("Filarkivet", backup.media_file, media["sha256"]),
    ):
        if not part.is_file():
            raise BackupError(f"{label} {part.name} mangler i {path}.")
        if _sha256(part) != expected:
            raise BackupError(
                f"{label} {part.name} er beskadiget: kontrolsummen passer ikke med {MANIFEST}. "
                "Brug en anden sikkerhedskopi."
            )

    if engine == "postgresql":
        backup.migrations = _pg_dump_migrations(backup.database_file)
    else:
        backup.migrations = _sqlite_dump_migrations(backup.database_file)
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
    _check_media_archive(backup.media_file)
    return backup


def restore_backup(backup: Backup) -> int:
    """Replace the database and MEDIA_ROOT with `backup` (checked by load_backup). Returns the number of
    migrations applied afterwards (0 when the backup has the same schema as the code)."""
    from django.core.management import call_command

    staging = _stage_media(backup.media_file)
    try:
        if backup.engine == "postgresql":
            # Our own connection must not hold anything open while psql drops the tables.
            connection.close()
            _pg_restore(backup.database_file)
        else:
            _sqlite_restore(backup.database_file)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _swap_media(staging)
    except OSError as error:
        raise BackupError(
            f"Databasen er gendannet, men filerne i {_media_root()} kunne ikke udskiftes: {error}. "
            f"Pak {backup.media_file} ud i MEDIA_ROOT i hånden (mappen media/ i arkivet)."
        ) from None
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
    return len(plan)
