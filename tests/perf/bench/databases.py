"""The benchmark's databases: one per portfolio size, built once by `generate_portfolio` and cached.

SQLite: a file under var/bench/ named by size, periods, seed and a hash of the migrations and the
generator (rebuilt only when those change, or with --rebuild). With BENCH_DATABASE_URL (PostgreSQL) a
database per size on that server instead. Runs without Django in this process.
"""

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[3]
BENCH_DIR = ROOT / "var" / "bench"
GENERATOR = ROOT / "governance" / "management" / "commands" / "generate_portfolio.py"
# The generator and the project modules it builds on (the demo package: its periods on the board
# calendar's rule, its organisation, the synthetic generator and its data).
GENERATOR_SOURCES = [
    GENERATOR,
    ROOT / "governance" / "calendar.py",
    *sorted((ROOT / "governance" / "demo").rglob("*.py")),
]
APPS = ("focusareas", "portfolio", "benefits", "governance")
# Every database holds an approved indsatsplan for next year: 150 ranked items, 1,000 in portfolios of
# 1,000 projects or more (items beyond the projects are activities).
PLAN_ITEMS_SMALL, PLAN_ITEMS_LARGE = 150, 1000


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def plan_items_for(size):
    """Items in the generated indsatsplan of a database of `size` projects."""
    return PLAN_ITEMS_LARGE if size >= PLAN_ITEMS_LARGE else PLAN_ITEMS_SMALL


def code_version():
    """A hash of everything that decides the content of a benchmark database."""
    digest = hashlib.sha256()
    files = sorted(path for app in APPS for path in (ROOT / app / "migrations").glob("*.py"))
    files += GENERATOR_SOURCES
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()[:12]


def database_key(size, periods, seed, version):
    return f"portfolio_{size}p_{periods}w_s{seed}_pl{plan_items_for(size)}_{version}"


def django_env(database_url, **extra):
    env = {key: value for key, value in os.environ.items() if key not in {"CELERY_BROKER_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="portfolio.settings",
        PORTAL_ENVIRONMENT="development",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def build_commands(size, periods, seed, *, migrate_first):
    """migrate_first: the store's prepare() gives an empty database, not a copy of a migrated one."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    return [
        *([[*manage, "migrate", "--noinput", "-v", "0"]] if migrate_first else []),
        [
            *manage,
            "generate_portfolio",
            "--force",  # built with DEBUG off: Django then keeps no log of the build's queries
            "--projects",
            str(size),
            "--periods",
            str(periods),
            "--seed",
            str(seed),
            # The issues' sizes: 4 benefits of 12 measurements per project, one IT system per project.
            "--benefits-per-project",
            "4",
            "--measurements-per-benefit",
            "12",
            "--systems",
            str(size),
            "--meetings-years",
            "5",
            "--plan-items",
            str(plan_items_for(size)),
        ],
    ]


class SqliteStore:
    """One SQLite file per size under var/bench/; built under a temporary name, renamed when complete."""

    name = "sqlite"
    prepares_migrated = True

    def __init__(self, version):
        self.version = version

    def url(self, key):
        return f"sqlite:///{BENCH_DIR / (key + '.sqlite3')}"

    def exists(self, key):
        return (BENCH_DIR / f"{key}.sqlite3").exists()

    def prepare(self, key):
        """A copy of the migrated empty database: migrating takes a minute, done once, not per size."""
        building = BENCH_DIR / f"{key}.building.sqlite3"
        building.unlink(missing_ok=True)
        shutil.copyfile(self.migrated(), building)
        return f"sqlite:///{building}"

    def migrated(self):
        path = BENCH_DIR / f"migrated_{self.version}.sqlite3"
        if not path.exists():
            for old in BENCH_DIR.glob("migrated_*.sqlite3"):
                old.unlink()
            building = BENCH_DIR / f"migrated_{self.version}.building.sqlite3"
            building.unlink(missing_ok=True)
            log("migrerer en tom database, som hver størrelse bygges fra")
            migrate(f"sqlite:///{building}")
            os.replace(building, path)
        return path

    def commit(self, key):
        os.replace(BENCH_DIR / f"{key}.building.sqlite3", BENCH_DIR / f"{key}.sqlite3")

    def discard(self, key):
        (BENCH_DIR / f"{key}.building.sqlite3").unlink(missing_ok=True)

    def drop(self, key):
        (BENCH_DIR / f"{key}.sqlite3").unlink(missing_ok=True)

    def prune(self, size, periods, keep):
        """Databases of the same size built by older code are of no further use."""
        for path in BENCH_DIR.glob(f"portfolio_{size}p_{periods}w_*.sqlite3"):
            if not path.name.startswith(keep):
                path.unlink(missing_ok=True)


class PostgresStore:
    """One database per size on the BENCH_DATABASE_URL server; built as <name>_building, then renamed."""

    name = "postgresql"
    prepares_migrated = False

    def __init__(self, base_url):
        self.base = urlsplit(base_url)
        if self.base.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
            raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL (postgres://user:pw@host:5432/db)")

    def url(self, key):
        return urlunsplit(self.base._replace(path=f"/bench_{key}"))

    def _admin(self):
        connection = psycopg2.connect(
            dbname=self.base.path.lstrip("/") or "postgres",
            user=self.base.username,
            password=self.base.password,
            host=self.base.hostname,
            port=self.base.port or 5432,
        )
        connection.autocommit = True
        return connection

    def _execute(self, sql, params=None):
        with contextlib.closing(self._admin()) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def exists(self, key):
        return bool(self._execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"bench_{key}"]))

    def prepare(self, key):
        self._execute(f'DROP DATABASE IF EXISTS "bench_{key}_building" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "bench_{key}_building"')
        return urlunsplit(self.base._replace(path=f"/bench_{key}_building"))

    def commit(self, key):
        self._execute(f'ALTER DATABASE "bench_{key}_building" RENAME TO "bench_{key}"')

    def discard(self, key):
        self._execute(f'DROP DATABASE IF EXISTS "bench_{key}_building" WITH (FORCE)')

    def drop(self, key):
        self._execute(f'DROP DATABASE IF EXISTS "bench_{key}" WITH (FORCE)')

    def prune(self, size, periods, keep):
        pattern = f"bench_portfolio\\_{size}p\\_{periods}w\\_%"
        rows = self._execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])
        for (name,) in rows or []:
            if name != f"bench_{keep}":
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_databases(store, sizes, periods, seed, rebuild):
    """Build the missing databases, all sizes in parallel (each build is one process).
    Returns {size: url} and {size: seconds the build took} of those built now."""
    version = code_version()
    urls, built, pending = {}, {}, []
    for size in sizes:
        key = database_key(size, periods, seed, version)
        urls[size] = store.url(key)
        if rebuild:
            store.drop(key)
        store.prune(size, periods, keep=key)
        if store.exists(key):
            log(f"{size} projekter: genbruger {store.name}-databasen {key}")
        else:
            pending.append((size, key))
    if pending and not GENERATOR.exists():
        raise SystemExit(f"{GENERATOR.relative_to(ROOT)} findes ikke: kan ikke bygge benchmarkdatabaserne")
    running = []
    for size, key in pending:
        build_url = store.prepare(key)
        log_path = BENCH_DIR / f"build_{size}p.log"
        log(f"{size} projekter: bygger {store.name}-databasen {key} (log: {log_path.relative_to(ROOT)})")
        commands = build_commands(size, periods, seed, migrate_first=not store.prepares_migrated)
        script = " && ".join(subprocess.list2cmdline(command) for command in commands)
        log_file = log_path.open("w", encoding="utf-8")
        process = subprocess.Popen(  # noqa: S602 - our own fixed command line, no user input
            script,
            shell=True,
            cwd=ROOT,
            env=django_env(build_url, DEBUG="0"),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        running.append((size, key, process, log_file, log_path, time.perf_counter()))
    failed = []
    for size, key, process, log_file, log_path, started in running:
        returncode = process.wait()
        log_file.close()
        if returncode == 0:
            store.commit(key)
            built[size] = round(time.perf_counter() - started, 1)
            log(f"{size} projekter: bygget på {built[size]:.0f} s")
        else:
            store.discard(key)
            tail = "".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines(True)[-30:])
            log(f"{size} projekter: byggeriet fejlede (exit {returncode}):\n{tail}")
            failed.append(size)
    if failed:
        raise SystemExit(2)
    migrate_databases(urls)
    return urls, built


def migrate(url):
    """`manage.py migrate` on `url`; its exit status and error output."""
    return subprocess.run(  # noqa: S603 - our own fixed command line
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=django_env(url, DEBUG="0"),
        capture_output=True,
        text=True,
        check=True,
    )


def migrate_databases(urls):
    """Apply any migrations a cached database lacks. The cache key covers the project's own migrations,
    not those of the third-party apps in INSTALLED_APPS (e.g. django-axes): an app added since the build
    gets its tables here, in a second or two, instead of the database being rebuilt."""
    for size, url in urls.items():
        try:
            migrate(url)
        except subprocess.CalledProcessError as error:
            log(f"{size} projekter: migrate fejlede (exit {error.returncode}):\n{error.stderr}")
            raise SystemExit(2) from error
