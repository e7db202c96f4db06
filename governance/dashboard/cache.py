"""The dashboard's cache: the rendered dashboard is cached under the token in DashboardVersion, and every
statement that writes to a table the dashboard shows replaces that token in the same transaction (a write
outside any transaction: right after it). A cached dashboard is therefore never stale, in any process; the
key also carries the date, since "the coming meeting" and "this year" move with it.

The one invalidation point is a hook on every database connection (Django's execute wrappers), not model
signals: save(), delete(), m2m changes, QuerySet.update(), bulk_create(), bulk_update() and raw SQL all
reach the database as statements through it, so none of them can leave the page stale. A status draft
does not invalidate (only submitted reports are shown): a write to status reports that sets the state to
draft in every row it writes is let through; any write the hook cannot read as drafts-only invalidates.
While migrations run the hook stands aside (the token's table may not exist yet); a data migration that
changes shown rows replaces the token itself, as 0006 does.

The token is random rather than a counter: a restored backup (written by pg_restore or sqlite's backup
API, not through Django) brings back the token that belongs to its data, and the changes after it get
tokens never used before (a counter would count up through numbers already cached for other data)."""

import contextlib
import datetime
import hashlib
import logging
import re
import secrets

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from redis.exceptions import RedisError

from benefits import never_stale as benefits_never_stale
from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from focusareas.models import FocusArea, StrategyPeriod
from governance.models import AnnualPlan, Body, DashboardVersion, Decision, Idea, ProjectRequest
from portfolio.models import ITSystem, OrgUnit, Project, ReportingPeriod, StatusReport

logger = logging.getLogger("governance.dashboard")

CACHE_TIMEOUT = 24 * 60 * 60

# Statements that write nothing the dashboard shows: reads, transaction control, schema changes (those
# come with migrations; a data migration that changes shown rows replaces the token itself).
_NOT_WRITES = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW", "EXPLAIN")
_NOT_WRITES += ("PRAGMA", "CREATE", "ALTER", "DROP", "VACUUM", "ANALYZE")
# The table a plain INSERT/UPDATE/DELETE writes to, as Django (or a person) spells it.
_TARGET = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)[\"`]?", re.I
)
_WRITE_VERB = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.I)
_STATE_SET = re.compile(r'"state"\s*=\s*%s')
_INSERT_COLUMNS = re.compile(r"\(([^()]*)\)\s*(VALUES|SELECT)", re.I)


def shown_models() -> tuple:
    """Every model whose rows the cached dashboard shows (its figures, matrices, heatmap, benefit and
    budget sums, what awaits the steering group's decision: escalations, requests, plans awaiting
    approval and ideas asking for funding; contract watch, and the filter form's choices).
    tests/governance/test_dashboard.py checks this against what a render reads."""
    return (
        Project,
        Project.focus_areas.through,
        StatusReport,
        ReportingPeriod,
        Benefit,
        BenefitMeasurement,
        BusinessCase,  # the business cases' savings spread the planned benefit over the years
        BusinessCaseLine,
        Decision,
        Body,
        AnnualPlan,
        ProjectRequest,
        Idea,
        FocusArea,
        StrategyPeriod,
        OrgUnit,
        ITSystem,
    )


_shown_tables: frozenset[str] = frozenset()
_mentions_shown = re.compile(r"(?!)")
_migrating = False


def dashboard_version() -> int:
    """The current token (0 before the first change)."""
    return DashboardVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def dashboard_invalidate(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the dashboard a new token, in the caller's transaction (a rolled-back change changes
    nothing). The upsert locks the row until commit, so concurrent changes each leave a new token. One
    statement and no transaction of its own: the hook may call it while a write's cursor is still open
    (an INSERT … RETURNING not yet read), and a flushed database (tests) gets the row back the same way."""
    connection = connections[using]
    table, key, value = map(connection.ops.quote_name, (DashboardVersion._meta.db_table, "id", "value"))
    upsert = (
        f"INSERT INTO {table} ({key}, {value}) VALUES (1, %s) "  # noqa: S608  # nosec B608 - our own quoted names
        f"ON CONFLICT ({key}) DO UPDATE SET {value} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(upsert, [secrets.randbits(62) + 1] * 2)


def _drafts_only(sql: str, params, many: bool) -> bool:
    """Whether a write to the status reports sets state = draft in every row it writes, as save() of a
    draft and bulk_create() of drafts spell it. Anything else (a submit, a delete, a bulk_update, an
    update() without the state) is not known to be drafts only."""
    if many or params is None:
        return False  # executemany's rows may be an iterator: not ours to read, nor to spend
    if sql.lstrip()[:6].upper() == "UPDATE":
        match = _STATE_SET.search(sql)
        where = sql.upper().find(" WHERE ")
        if match is None or (where != -1 and match.start() > where):
            return False  # no state set (a match after WHERE is a filter on it)
        values = [params[sql.count("%s", 0, match.end()) - 1]]
    else:
        columns = _INSERT_COLUMNS.search(sql)
        names = [name.strip().strip('"`') for name in columns.group(1).split(",")] if columns else []
        if "state" not in names:
            return False
        index, width = names.index("state"), len(names)
        if "UNNEST" in sql.upper():  # PostgreSQL's bulk_create: one array per column
            values = list(params[index])
        elif sql.count("%s") == len(params) and len(params) % width == 0:
            values = list(params[index::width])  # VALUES (…), (…): the rows one after another
        else:
            return False
    return bool(values) and all(value == StatusReport.State.DRAFT for value in values)


def writes_shown_data(sql: str, params=None, many: bool = False) -> bool:
    """Whether a statement may change what the dashboard shows (when in doubt: yes)."""
    head = sql.lstrip()[:9].upper()
    if head.startswith(_NOT_WRITES) or (head.startswith("WITH") and not _WRITE_VERB.search(sql)):
        return False
    target = _TARGET.match(sql)
    if target is None:
        # An unusual write (TRUNCATE, WITH … UPDATE, raw SQL): any shown table named in it counts.
        return _mentions_shown.search(sql) is not None
    table = target.group(1).lower()
    if table not in _shown_tables:
        return False
    if table == StatusReport._meta.db_table and not head.startswith("DELETE"):
        return not _drafts_only(sql, params, many)
    return True


def _statement_hook(execute, sql, params, many, context):
    """The execute wrapper on every connection: in a transaction, a statement that writes shown data is
    preceded by a new token in the same transaction, so both commit (or roll back) together."""
    if _migrating or not writes_shown_data(sql, params, many):
        return execute(sql, params, many, context)
    connection = context["connection"]
    if connection.in_atomic_block:
        dashboard_invalidate(using=connection.alias)
        return execute(sql, params, many, context)
    # Autocommit: the write is committed by itself, and the token follows it at once. Never the other way
    # round: a reader between the two would cache the old data under the new token.
    result = execute(sql, params, many, context)
    dashboard_invalidate(using=connection.alias)
    return result


def _hook_connection(sender, connection, **_kwargs) -> None:
    # First in the list, so that a `with connection.execute_wrapper(...)` around the connect pops its own.
    if _statement_hook not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _statement_hook)


def _migrations_start(**_kwargs) -> None:
    global _migrating
    _migrating = True


def _migrations_done(**_kwargs) -> None:
    """The hook is back after migrations, which leave the token as it is: a restored older backup that
    is migrated keeps its own, and a data migration that changes shown rows replaces it itself (0006)."""
    global _migrating
    _migrating = False


@contextlib.contextmanager
def hook_paused():
    """The hook stands aside, as during `manage.py migrate`: for code that applies migrations itself
    (MigrationExecutor), where the token's table may not exist yet."""
    global _migrating
    before, _migrating = _migrating, True
    try:
        yield
    finally:
        _migrating = before


def install_invalidation(app_config) -> None:
    """Called once from GovernanceConfig.ready(): hooks every database connection as it is opened (and
    those already open), and steps aside while migrations run."""
    global _shown_tables, _mentions_shown
    _shown_tables = frozenset(model._meta.db_table.lower() for model in shown_models())
    alternatives = "|".join(sorted(map(re.escape, _shown_tables), key=len, reverse=True))
    _mentions_shown = re.compile(rf"\b(?:{alternatives})\b", re.I)
    connection_created.connect(_hook_connection, dispatch_uid="dashboard-statement-hook", weak=False)
    for connection in connections.all(initialized_only=True):
        _hook_connection(None, connection)
    pre_migrate.connect(_migrations_start, sender=app_config, dispatch_uid="dashboard-migrating", weak=False)
    post_migrate.connect(_migrations_done, sender=app_config, dispatch_uid="dashboard-migrated", weak=False)
    # The benefit list's totals and filter options read only shown tables, so the token that this hook
    # keeps keeps them too.
    benefits_never_stale.install(cached_value)


def cached_html(*, key_parts, today: datetime.date, render) -> str:
    """The dashboard's HTML for `key_parts` (the filter query) at the current version, rendered with
    `render()` on a miss. One query (the version) on a hit. A cache that cannot be reached (Redis down
    or slow) is a miss: the page is rendered and shown, only slower."""
    return cached_value(name="dashboard", key_parts=[today.isoformat(), *key_parts], compute=render)


def cached_value(*, name: str, key_parts, compute):
    """`compute()` cached under the current token, for figures read only from what the dashboard shows
    (shown_models()): never stale, as the dashboard. One query (the version) on a hit; a cache that
    cannot be reached is a miss."""
    raw = "|".join([str(dashboard_version()), *map(str, key_parts)])
    key = f"governance:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["dashboard"]
    try:
        value = cache.get(key)
    except RedisError as error:
        logger.warning("Dashboard cache unreadable, computing without it: %s", error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, CACHE_TIMEOUT)
        except RedisError as error:
            logger.warning("Dashboard cache unwritable, value used all the same: %s", error)
    return value
