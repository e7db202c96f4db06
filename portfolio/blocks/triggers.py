"""The database triggers that count the changes to each block's rows (BlockChanges), on SQLite and
PostgreSQL: every insert, update and delete of a row that a kind of kept sums reads counts one change to
the block of its project, in the writer's own transaction, whichever way the statement comes (save(),
a queryset's bulk writes, raw SQL). Django's signals would miss the bulk writes and the raw SQL.

Each kind of sums names the rows it reads (register(), from its app's ready()). The triggers are
installed after every `migrate` (and `flush`), not by a migration: SQLite drops a table's triggers when a
migration rebuilds the table. When any was missing, the changes written without it are unknown, so the
install counts a change to WHOLE of its kind, and every block of that kind is summed again."""

import re
from dataclasses import dataclass

from django.db import connections

from portfolio.blocks.models import BLOCK_SIZE, WHOLE, BlockChanges, changes_key

PREFIX = "block_"
_EVENTS = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}


@dataclass(frozen=True)
class Source:
    """A table whose rows a kind of sums reads. `project`: SQL of a row's project id, with {row} for NEW
    or OLD (None: the row may concern any project, its changes count to WHOLE). `columns`: an UPDATE
    counts only when one of them changes (None: any update). `rows`: SQL over {row}; only rows where it
    holds count (None: all). `inserts`: whether a new row counts."""

    table: str
    project: str | None
    columns: tuple | None = None
    rows: str | None = None
    inserts: bool = True


_sources: dict = {}


def register(kind: str, sources) -> None:
    """The rows that the sums of `kind` read: `sources()` gives the Sources (called once the apps are
    ready)."""
    if not re.fullmatch(r"[a-z]+", kind):
        raise ValueError(f"A kind of kept sums is lowercase letters: {kind!r}")
    _sources[kind] = sources


def registered_kinds() -> list:
    return sorted(_sources)


def count_change(connection, kind: str, project: str | None = None, row: str = "NEW") -> str:
    """SQL: one more change of `kind` to the block of the project `project` of `row` (NEW or OLD), or to
    WHOLE when None; nothing when the project is NULL."""
    counts = connection.ops.quote_name(BlockChanges._meta.db_table)
    key = (
        f"'{changes_key(kind, WHOLE)}'"
        if project is None
        else f"'{changes_key(kind, '')}' || CAST(p / {BLOCK_SIZE} AS TEXT)"
    )
    project_id = "NULL" if project is None else project.format(row=row)
    where = "TRUE" if project is None else "p IS NOT NULL"
    # SELECT … WHERE, not VALUES: SQLite reads ON CONFLICT after a SELECT only with a WHERE before it.
    return (
        f"INSERT INTO {counts} (key, changes) SELECT {key}, 1 "  # noqa: S608 # nosec B608 - our own names
        f"FROM (SELECT {project_id} AS p) AS r WHERE {where} "
        f"ON CONFLICT (key) DO UPDATE SET changes = {counts}.changes + 1;"
    )


def _when(connection, source: Source, event: str) -> str:
    conditions = []
    if source.rows:
        conditions.append(" OR ".join(f"({source.rows.format(row=row)})" for row in _EVENTS[event]))
    if event == "UPDATE" and source.columns:
        distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
        conditions.append(" OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in source.columns))
    return "WHEN " + " AND ".join(f"({condition})" for condition in conditions) if conditions else ""


def _triggers(connection) -> dict:
    """{trigger name: (kind, its CREATE statements)} for the connection's database."""
    result = {}
    for kind, sources in _sources.items():
        for source in sources():
            quoted = connection.ops.quote_name(source.table)
            for event, rows in _EVENTS.items():
                if event == "INSERT" and not source.inserts:
                    continue
                name = f"{PREFIX}{kind}_{source.table}_{event.lower()}"
                rows = rows[:1] if source.project is None else rows  # WHOLE: once is enough
                body = " ".join(count_change(connection, kind, source.project, row) for row in rows)
                when = _when(connection, source, event)
                if connection.vendor == "sqlite":
                    create = f"CREATE TRIGGER {name} AFTER {event} ON {quoted} FOR EACH ROW {when}"
                    result[name] = (kind, [f"{create} BEGIN {body} END"])
                    continue
                result[name] = (
                    kind,
                    [
                        f"CREATE OR REPLACE FUNCTION {name}_count() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        f"BEGIN {body} RETURN NULL; END $$",
                        f"CREATE TRIGGER {name} AFTER {event} ON {quoted} FOR EACH ROW {when} "
                        f"EXECUTE FUNCTION {name}_count()",
                    ],
                )
            if connection.vendor == "postgresql":  # TRUNCATE writes no rows: a change to every block
                name = f"{PREFIX}{kind}_{source.table}_truncate"
                result[name] = (
                    kind,
                    [
                        f"CREATE OR REPLACE FUNCTION {name}_count() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        f"BEGIN {count_change(connection, kind)} RETURN NULL; END $$",
                        f"CREATE TRIGGER {name} AFTER TRUNCATE ON {quoted} FOR EACH STATEMENT "
                        f"EXECUTE FUNCTION {name}_count()",
                    ],
                )
    return result


def installed_triggers(connection) -> set:
    """The names of the kept sums' triggers that the database has."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [PREFIX + "%"]
            )
        return {name for (name,) in cursor.fetchall()}


def install_triggers(using: str = "default", **_kwargs) -> list:
    """Create the triggers the database lacks (post_migrate's receiver). For each kind that lacked any,
    count a change to its WHOLE: what was written without the trigger is unknown. Returns the names
    created."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return []
    wanted = _triggers(connection)
    missing = sorted(set(wanted) - installed_triggers(connection))
    with connection.cursor() as cursor:
        for name in missing:
            for statement in wanted[name][1]:
                cursor.execute(statement)
        for kind in sorted({wanted[name][0] for name in missing}):
            cursor.execute(count_change(connection, kind))
    return missing
