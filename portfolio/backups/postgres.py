"""PostgreSQL: pg_dump, pg_restore and psql in their own processes, with libpq's environment for the
database this process is connected to."""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

from portfolio.backups.manifest import BackupError

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


def dump(target: Path) -> None:
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


def applied_migrations(path: Path) -> set[tuple[str, str]]:
    """The applied migrations recorded in the dump itself (not in the manifest, which could lie)."""
    try:
        # --list reads the archive's table of contents: a garbled or foreign file fails here, a truncated
        # one at the latest when the table's data is read.
        _run_tool(["pg_restore", "--list", str(path)])
        script = _run_tool(["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path)])
    except BackupError as error:
        raise BackupError(f"Databasefilen {path.name} kan ikke læses som PostgreSQL-dump. {error}") from None
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


def restore(path: Path) -> None:
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
        str(path),
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
