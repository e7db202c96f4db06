"""Load test: logged-in project leaders against gunicorn with production settings and PostgreSQL.

    .venv/bin/python -m tests.perf.load [--users 50] [--seconds 60] [--spawn-rate 2]
                                        [--workers 3] [--threads 4] [--think-time 5 15]

1. A fresh PostgreSQL database portal_load_<pid> on the server of LOAD_DATABASE_URL (or DATABASE_URL if
   that is PostgreSQL; else postgres://postgres@127.0.0.1:5432), migrated, with the Norddjurs demo
   (`load_demo --force`: the demo refuses to load with DEBUG off otherwise) and, by the services, one
   account per simulated user (belastning01, …) with a random password of this run: each is the deputy
   of one active demo project, or the leader of a project made for the test once those run out, so each
   may report status and no two users share a report draft.
2. `collectstatic` with production settings (the manifest WhiteNoise serves from; the default
   STATIC_ROOT, staticfiles/, as in the image), then gunicorn on 127.0.0.1 on a port the kernel picks,
   with production settings: PORTAL_ENVIRONMENT=production, DEBUG=0, a random SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1, Celery eager (no broker), SECURE_SSL_REDIRECT=0, and the dashboard's cache
   shared in Redis as docker-compose.yml has it (CACHE_URL: LOAD_CACHE_URL, by default database 14 of
   the local Redis; without a Redis each process caches for itself, and the table says so); the client sends
   X-Forwarded-Proto: https as the TLS proxy would (tests/perf/locustfile.py says what else it does).
   Workers: gthread, 3 processes x 4 threads by default. 3 processes for 2 cores keep both cores busy
   while one process waits for PostgreSQL; 4 threads each let a process overlap a request's database
   wait (and a slow login's password hash) with other requests.
3. Locust, in a subprocess (gevent patches the standard library): the users log in (--spawn-rate per
   second), the clock starts when all are logged in, and the mix runs for --seconds. Logins are shown
   apart: the mix is what "logged-in users" do, and 50 password hashes (PBKDF2) at once are a start-up
   cost, not the steady state.
4. A table in Danish per request type and in total: requests, errors, throughput, p50/p95/p99 (ms), and
   the checks "p95 under 300 ms" and "fejl: 0"; var/bench/load.json gets the same. Exit status 1 if
   there was any error (a p95 over 300 ms is reported as IKKE OK, not an error, as in the bench).
5. Always (finally, also on SIGTERM): gunicorn stopped, the database dropped.

Think time, 5-15 s between two tasks of a user (--think-time): short for people who read a project page
or fill in a status report, and 50 of them still ask for about 7 pages a second. With 1-3 s the offered
load (about 35 requests a second, some 150 ms of CPU each) is several times what 2 cores serve, the
queue grows for the whole minute and the percentiles measure the queue, not the portal.

The load generator shares the machine's cores with gunicorn and PostgreSQL (and, on a shared machine,
with whatever else runs), so the figures are modest. The CPU line under the table says how much of the
cores gunicorn got, its CPU per request, and how busy the machine was in all.
"""

import argparse
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from tests.processes import stop_process

ROOT = Path(__file__).resolve().parents[2]
RESULTS_FILE = ROOT / "var" / "bench" / "load.json"
# What the static files in STATIC_ROOT were collected from (see static_fingerprint).
STATIC_FINGERPRINT_FILE = ROOT / "var" / "bench" / "load-static.fingerprint"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/14"
USERNAME_PREFIX = "belastning"
P95_LIMIT_MS = 300  # issue 22: p95 under 300 ms on an idle machine
READY_TIMEOUT = 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# Above this the setup (migrate, demo, static files) is stuck, not slow.
SETUP_TIMEOUT = 600
# Requests of the mix, in the order the table shows them.
# Between two tasks of one user (seconds): short for a project leader who reads a project page or fills in
# a status report, yet 50 of them ask for a page every 10 s on average (see load.py on the choice).
THINK_TIME = (5.0, 15.0)
# Users started (each logging in) per second. A PBKDF2 hash is over a second of CPU here: at 10 logins a
# second, 2 cores fall a minute behind and logins hit the 60 s request timeout (seen in a trial run).
SPAWN_RATE = 2.0
REQUEST_ORDER = [
    "Forside / (omdirigering)",
    "Mine projekter",
    "Overblik /dashboard/",
    "Projektliste",
    "Projektliste, filtreret",
    "Projektside",
    "Status: formular",
    "Status: gem kladde",
    "Status: indsend",
    "Status: indsendt rapport",
    "Status: ret indsendt (ny version)",
]
LOGIN_ORDER = ["Log ind: formular", "Log ind: indsend"]
# The four things issue 10 names, each of which the short form (tests/integration/test_load.py) requires.
MIX_KINDS = {
    "dashboard": ["Forside / (omdirigering)", "Overblik /dashboard/"],
    "project list": ["Projektliste", "Projektliste, filtreret"],
    "project page": ["Projektside"],
    "status submit": ["Status: gem kladde", "Status: indsend"],
}


def log(message):
    print(f"[load] {message}", file=sys.stderr, flush=True)


# --- the database -----------------------------------------------------------------------------------


def server_url() -> str:
    for name in ("LOAD_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if urlsplit(url).scheme in {"postgres", "postgresql"}:
            return url
    return DEFAULT_SERVER


class Database:
    """portal_load_<pid> on the server: made here, dropped here (FORCE: gunicorn may still hold one)."""

    def __init__(self, base_url: str):
        self.base = urlsplit(base_url)
        self.name = f"portal_load_{os.getpid()}"
        self.url = urlunsplit(self.base._replace(path=f"/{self.name}"))

    def _execute(self, sql):
        import psycopg2

        connection = psycopg2.connect(
            dbname="postgres",
            user=unquote(self.base.username or "postgres"),
            password=unquote(self.base.password) if self.base.password else None,
            host=unquote(self.base.hostname or "127.0.0.1"),
            port=self.base.port or 5432,
            connect_timeout=10,
        )
        connection.autocommit = True
        with contextlib.closing(connection), connection.cursor() as cursor:
            cursor.execute(sql)

    def create(self):
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- the setup step, run with the server's settings ------------------------------------------------


def static_fingerprint() -> str:
    """A hash of every static source file (path and content) and whether STATIC_ROOT has a manifest.

    collectstatic with WhiteNoise's compression takes minutes here even when nothing changed, so it runs
    only when this differs from what the last collection was made from. Content, not mtimes: npm gives
    every installed file the same old mtime."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    digest.update(f"{settings.STATIC_ROOT}:{manifest.exists()}".encode())
    files = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            files.append((getattr(storage, "prefix", None) or "", path, storage.path(path)))
    for prefix, path, full_path in sorted(files):
        digest.update(f"{prefix}/{path}\0".encode())
        digest.update(hashlib.sha256(Path(full_path).read_bytes()).digest())
    return digest.hexdigest()


def setup_accounts(count: int, out: str) -> None:
    """Accounts, projects and filters for the users (in a subprocess with the production settings)."""
    import datetime

    import django

    django.setup()
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from focusareas.models import FocusArea
    from portfolio import services
    from portfolio.models import OrgUnit, Phase, Project, ProjectKind, User

    actor = User.objects.get(username="programgruppe")
    unit = OrgUnit.objects.filter(name="IT og Digitalisering").first() or OrgUnit.objects.first()
    owner = User.objects.filter(username="itchef").first()
    areas = list(FocusArea.objects.filter(period__is_current=True).order_by("number"))
    today = timezone.localdate()
    # One hash for all: PBKDF2 is slow on purpose, and the accounts share the run's password.
    password_hash = make_password(os.environ["LOAD_PASSWORD"])
    demo_projects = list(
        Project.objects.not_archived()
        .filter(phase__in=[Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION])
        .order_by("number")
    )
    accounts = []
    with transaction.atomic():
        for number in range(1, count + 1):
            user = User.objects.create(
                username=f"{USERNAME_PREFIX}{number:02d}",
                first_name="Belastning",
                last_name=f"Projektleder {number:02d}",
                email=f"{USERNAME_PREFIX}{number:02d}@belastning.example",
                title="Projektleder",
                org_unit=unit,
                password=password_hash,
            )
            if number <= len(demo_projects):
                project = demo_projects[number - 1]
                services.project_set_people(
                    actor=actor,
                    project=project,
                    owner=project.owner,
                    leader=project.leader,
                    deputies=[*project.deputies.all(), user],
                    members=list(project.members.all()),
                )
            else:
                project = Project(
                    number=f"BEL-{number:03d}",
                    name=f"Belastningstest {number:02d}: digital selvbetjening",
                    purpose="Projekt oprettet af belastningstesten.",
                    kind=ProjectKind.LOKAL,
                    anchoring=unit,
                    phase=Phase.EXECUTION,
                    dpo_involved=True,
                    security_coordinator_involved=True,
                    it_involved=True,
                    budget=Decimal("1250000"),
                    start_date=today - datetime.timedelta(days=60),
                    end_date=today + datetime.timedelta(days=300),
                    # Past idé a project has a leader (portfolio.services.project_require_leader).
                    owner=owner,
                    leader=user,
                )
                services.project_save(
                    actor=actor, project=project, focus_areas=[areas[number % len(areas)]], deputies=[]
                )
            accounts.append({"username": user.username, "project": project.pk})
    projects = list(Project.objects.not_archived().order_by("pk").values_list("pk", flat=True))
    kinds = sorted(set(Project.objects.values_list("kind", flat=True)))
    data = {
        "accounts": accounts,
        "projects": projects,
        "dashboard_filters": [f"?focus_area={area.pk}" for area in areas[:3]] + [f"?kind={kinds[0]}"],
        "list_filters": [
            "?active=on",
            f"?phase={Phase.EXECUTION}",
            "?light=red",
            "?missing_status=on",
            f"?focus_area={areas[0].pk}",
            "?q=digital",
            "?ordering=-number",
        ],
        "static_fingerprint": static_fingerprint(),
    }
    Path(out).write_text(json.dumps(data), encoding="utf-8")


# --- the server ------------------------------------------------------------------------------------


def dashboard_cache_url() -> str:
    """The dashboard's shared cache, as docker-compose.yml gives it (CACHE_URL), in a Redis database that
    belongs to the load test: LOAD_CACHE_URL, else database 14 of the local Redis if it answers; "" (each
    gunicorn process caches for itself) if there is none. Keys carry a random token: runs never share."""
    url = os.environ.get("LOAD_CACHE_URL", DEFAULT_CACHE_URL)
    if url in ("", "none"):
        return ""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        log(f"ingen Redis på {url}: hver gunicorn-proces cacher overblikket for sig")
        return ""
    return url


def production_env(database_url: str, media_root: str, cache_url: str = "") -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "PORTAL_ENVIRONMENT": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Plain HTTP on loopback: the client says https in X-Forwarded-Proto as the proxy would.
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    # Tasks run eagerly in-process: the mix queues none that matter, and the broker stays out of it.
    for name in ("CELERY_BROKER_URL", "REDIS_URL", "DATABASE_CONN_MAX_AGE", "CACHE_URL"):
        env.pop(name, None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def run_step(label, command, env, log_path):
    log(label)
    with open(log_path, "ab") as handle:
        handle.write(f"\n== {label}: {' '.join(command)}\n".encode())
        handle.flush()
        result = subprocess.run(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, timeout=SETUP_TIMEOUT
        )
    if result.returncode != 0:
        raise SystemExit(f"{label} mislykkedes (exit {result.returncode}); se {log_path}:\n{tail(log_path)}")


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Gunicorn:
    def __init__(self, env, log_path, workers, threads):
        self.log_path = log_path
        self.workers, self.threads = workers, threads
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "portfolio.wsgi:application",
            # Port 0: the kernel picks a free one, read back from the log, so two runs never collide.
            "--bind",
            "127.0.0.1:0",
            "--worker-class",
            "gthread",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            # Idle connections stay open across a user's think time, as behind a proxy (nginx keeps 75 s).
            # gunicorn's 2 s default closes them while the client sends its next request: a reset, not a
            # server error.
            "--keep-alive",
            "75",
            "--worker-tmp-dir",
            str(log_path.parent),
            # Not the shared default socket in ~/.gunicorn: other gunicorns run on this machine.
            "--no-control-socket",
            "--log-level",
            "info",
            # gunicorn's log and Django's (a 500's traceback) both go to stderr, into one file.
            "--error-logfile",
            "-",
        ]
        with open(log_path, "ab") as handle:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
            )
        self.port = None

    def wait_until_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn stoppede (exit {self.process.returncode}):\n{tail(self.log_path)}"
                )
            ports = re.findall(r"Listening at: http://127\.0\.0\.1:(\d+)", tail(self.log_path, 200))
            self.port = int(ports[-1]) if ports else None
            if self.port is not None:
                try:
                    with urllib.request.urlopen(f"{self.url}/health/", timeout=5) as response:  # noqa: S310
                        if response.status == 200:
                            return
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn svarede ikke inden for {READY_TIMEOUT} s:\n{tail(self.log_path)}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop_process(self.process, grace=20)


class CpuSampler(threading.Thread):
    """Once a second: the CPU seconds used by each named process tree (gunicorn's master and workers, the
    load generator) and by the whole machine, from /proc. Says how much of the 2 cores the portal had
    while it was measured, and how busy the machine was with everything else (others share it)."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids = dict(pids)
        self.samples = []
        self.stopping = threading.Event()
        self.available = Path("/proc/stat").exists()

    def run(self):
        while self.available and not self.stopping.is_set():
            with contextlib.suppress(OSError, ValueError, IndexError):
                self.samples.append((time.time(), self.tree_seconds(), machine_ticks()))
            self.stopping.wait(1.0)

    def stop(self):
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=5)

    def tree_seconds(self):
        children, seconds = defaultdict(list), {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                # The command name may hold spaces and parentheses: the fields start after the last ")".
                fields = stat.read_text().rsplit(")", 1)[1].split()
                pid = int(stat.parent.name)
                children[int(fields[1])].append(pid)
                seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        totals = {}
        for name, root in self.pids.items():
            tree, pending = set(), [root]
            while pending:
                pid = pending.pop()
                if pid not in tree:
                    tree.add(pid)
                    pending += children.get(pid, [])
            totals[name] = sum(seconds.get(pid, 0.0) for pid in tree)
        return totals

    def usage(self, start, stop, *, requests):
        """CPU over the measured window [start, stop] (wall-clock seconds), from the nearest samples."""
        inside = [sample for sample in self.samples if start - 1.5 <= sample[0] <= stop + 1.5]
        if len(inside) < 2:
            return None
        (t0, first, machine0), (t1, last, machine1) = inside[0], inside[-1]
        elapsed = t1 - t0
        busy = machine1[0] - machine0[0]
        total = machine1[1] - machine0[1]
        usage = {
            "seconds": round(elapsed, 1),
            "cores": os.cpu_count(),
            "machine_busy_pct": round(100 * busy / total, 1) if total else None,
            "load_average": [round(value, 2) for value in os.getloadavg()],
        }
        for name in self.pids:
            cpu = last.get(name, 0.0) - first.get(name, 0.0)
            usage[name] = {
                "cpu_seconds": round(cpu, 1),
                "cores_used": round(cpu / elapsed, 2) if elapsed else None,
            }
        if requests:
            usage["gunicorn"]["cpu_ms_per_request"] = round(
                1000 * usage["gunicorn"]["cpu_seconds"] / requests, 1
            )
        return usage


def machine_ticks():
    """(busy, total) jiffies of all cores since boot, from the first line of /proc/stat."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


# --- figures ---------------------------------------------------------------------------------------


def percentile(sorted_values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(rows, seconds):
    times = sorted(row[1] for row in rows)
    return {
        "requests": len(rows),
        "errors": sum(1 for row in rows if row[2]),
        "rps": round(len(rows) / seconds, 2) if seconds else None,
        "p50_ms": percentile(times, 0.50),
        "p95_ms": percentile(times, 0.95),
        "p99_ms": percentile(times, 0.99),
    }


def figures(run):
    """Per request type and in total, for the measured mix; logins over the login phase."""
    seconds = run["measured_seconds"]
    by_name = defaultdict(list)
    for row in run["requests"]:
        by_name[row[0]].append(row)
    names = [name for name in REQUEST_ORDER if name in by_name] + sorted(set(by_name) - set(REQUEST_ORDER))
    rows = [{"name": name, **summarise(by_name[name], seconds)} for name in names]
    total = {"name": "I alt", **summarise(run["requests"], seconds)}
    exceptions = sum(entry["count"] for entry in run["exceptions"])
    total["errors"] += exceptions
    logins_by_name = defaultdict(list)
    for row in run["logins"]:
        logins_by_name[row[0]].append(row)
    logins = [
        {"name": name, **summarise(logins_by_name[name], run["login_seconds"])}
        for name in LOGIN_ORDER
        if name in logins_by_name
    ]
    login_errors = sum(row["errors"] for row in logins) + (run["users"] - run["logged_in"])
    messages = defaultdict(int)
    for row in [*run["requests"], *run["logins"]]:
        if row[2]:
            messages[f"{row[0]}: {row[2]}"] += 1
    for entry in run["exceptions"]:
        messages[f"undtagelse: {entry['msg'].strip().splitlines()[-1]}"] += entry["count"]
    return {
        "rows": rows,
        "total": total,
        "logins": logins,
        "login_errors": login_errors,
        "exceptions": exceptions,
        "errors": total["errors"] + login_errors,
        "error_messages": dict(sorted(messages.items(), key=lambda item: -item[1])[:20]),
        "counts_by_kind": {
            kind: sum(len(by_name[name]) for name in names_of_kind)
            for kind, names_of_kind in MIX_KINDS.items()
        },
    }


def render_table(rows, *, total=None):
    header = ("Anmodning", "Antal", "Fejl", "Pr. sekund", "p50 (ms)", "p95 (ms)", "p99 (ms)")

    def ms(value):
        return "-" if value is None else f"{value:.0f}"

    cells = [
        (
            row["name"],
            str(row["requests"]),
            str(row["errors"]),
            "-" if row["rps"] is None else f"{row['rps']:.1f}",
            ms(row["p50_ms"]),
            ms(row["p95_ms"]),
            ms(row["p99_ms"]),
        )
        for row in [*rows, *([total] if total else [])]
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    align = ("<", ">", ">", ">", ">", ">", ">")

    def line(values):
        return "| " + " | ".join(f"{v:{a}{w}}" for v, a, w in zip(values, align, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    out = [line(header), rule, *(line(values) for values in cells[: len(rows)])]
    if total:
        out += [rule, line(cells[-1])]
    return "\n".join(out)


def render_report(result):
    figures_, settings = result["figures"], result["settings"]
    total = figures_["total"]
    out = [
        f"Belastningstest: {settings['users']} samtidige brugere logget ind i {settings['seconds']:.0f} s "
        f"(tænketid {settings['think_time'][0]:.0f}-{settings['think_time'][1]:.0f} s), gunicorn "
        f"{settings['workers']} processer x {settings['threads']} tråde (gthread), produktionsindstillinger, "
        f"PostgreSQL, overblikkets cache "
        f"{'delt i Redis' if settings.get('dashboard_cache') == 'redis' else 'i hver proces'}, "
        f"{settings['cores']} kerner delt med locust og PostgreSQL",
        "",
        render_table(figures_["rows"], total=total),
        "",
        f"Opstart (uden for måleperioden): {result['run']['logged_in']} af {settings['users']} logget ind på "
        f"{result['run']['login_seconds']:.1f} s",
    ]
    if figures_["logins"]:
        out.append(render_table(figures_["logins"]))
    cpu = result.get("cpu")
    if cpu:
        server, generator = cpu["gunicorn"], cpu["locust"]
        per_request = server.get("cpu_ms_per_request")
        out.append(
            f"CPU i måleperioden: gunicorn brugte {server['cores_used']:.2f} af {cpu['cores']} kerner"
            + ("" if per_request is None else f" ({per_request:.0f} ms CPU pr. anmodning)")
            + f", locust {generator['cores_used']:.2f}; maskinen var {cpu['machine_busy_pct']:.0f} % optaget"
            + f" i alt (load average {cpu['load_average'][0]:.1f})"
        )
    out.append("")
    p95 = total["p95_ms"]
    p95_ok = p95 is not None and p95 < P95_LIMIT_MS
    out.append(
        f"p95 under {P95_LIMIT_MS} ms: {'OK' if p95_ok else 'IKKE OK'} "
        f"({'-' if p95 is None else f'{p95:.0f} ms'})"
    )
    errors = figures_["errors"]
    out.append(f"fejl: {errors} {'OK' if errors == 0 else 'IKKE OK'}")
    if figures_["error_messages"]:
        out.append("Fejl (de hyppigste):")
        out += [f"  {count} x {message}" for message, count in figures_["error_messages"].items()]
    return "\n".join(out)


# --- the whole run ---------------------------------------------------------------------------------


def run_load(args) -> dict:
    database = Database(server_url())
    gunicorn = None
    succeeded = False
    password = secrets.token_urlsafe(24)
    try:
        database.create()
    except Exception as error:  # noqa: BLE001 - psycopg2's errors: say what is needed, in Danish
        raise SystemExit(
            # Host and port only: the URL may hold a password.
            f"Belastningstesten kræver en PostgreSQL-server på {database.base.hostname or '127.0.0.1'}:"
            f"{database.base.port or 5432}: {error}".strip()
            + "\nStart PostgreSQL eller sæt LOAD_DATABASE_URL=postgres://bruger@vært:5432/postgres."
        ) from error
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    step_log = work / "setup.log"
    log(f"database {database.name}, logfiler i {work}")
    try:
        cache_url = dashboard_cache_url()
        env = production_env(database.url, str(work / "media"), cache_url)
        env["LOAD_PASSWORD"] = password
        python = sys.executable
        run_step("migrate", [python, "manage.py", "migrate", "--noinput"], env, step_log)
        run_step("load_demo --force", [python, "manage.py", "load_demo", "--force"], env, step_log)
        accounts_file = work / "accounts.json"
        run_step(
            f"{args.users} brugere og deres projekter",
            [
                python,
                "-m",
                "tests.perf.load",
                "--setup-accounts",
                str(accounts_file),
                "--users",
                str(args.users),
            ],
            env,
            step_log,
        )
        fingerprint = json.loads(accounts_file.read_text(encoding="utf-8"))["static_fingerprint"]
        if STATIC_FINGERPRINT_FILE.exists() and STATIC_FINGERPRINT_FILE.read_text().strip() == fingerprint:
            log("collectstatic: de statiske filer er allerede samlet fra de samme kilder")
        else:
            STATIC_FINGERPRINT_FILE.unlink(missing_ok=True)
            run_step(
                "collectstatic (minutter første gang)",
                [python, "manage.py", "collectstatic", "--noinput"],
                env,
                step_log,
            )
            STATIC_FINGERPRINT_FILE.parent.mkdir(parents=True, exist_ok=True)
            STATIC_FINGERPRINT_FILE.write_text(fingerprint)
        gunicorn = Gunicorn(env, work / "gunicorn.log", args.workers, args.threads)
        gunicorn.wait_until_ready()
        log(f"gunicorn på {gunicorn.url}: {args.workers} processer x {args.threads} tråde")
        out = work / "requests.json"
        locust_env = {**os.environ, "LOAD_ACCOUNTS_FILE": str(accounts_file), "LOAD_PASSWORD": password}
        login_timeout = 60 + 3 * args.users  # a password hash is about a second of CPU here
        log(f"locust: {args.users} brugere logger ind ({args.spawn_rate}/s), derefter {args.seconds:.0f} s")
        command = [
            python,
            "-m",
            "tests.perf.locustfile",
            "--host",
            gunicorn.url,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--seconds",
            str(args.seconds),
            "--login-timeout",
            str(login_timeout),
            "--think-time",
            *(str(value) for value in args.think_time),
            "--out",
            str(out),
        ]
        sampler = CpuSampler({"gunicorn": gunicorn.process.pid})
        with open(work / "locust.log", "ab") as handle:
            locust = subprocess.Popen(
                command, cwd=ROOT, env=locust_env, stdout=handle, stderr=subprocess.STDOUT
            )
            sampler.pids["locust"] = locust.pid
            sampler.start()
            try:
                # Bounded: the login phase, the run and a margin for stopping.
                returncode = locust.wait(timeout=login_timeout + args.seconds + 120)
            finally:
                if locust.poll() is None:
                    locust.kill()
                    locust.wait(timeout=10)
                sampler.stop()
        if returncode != 0 or not out.exists():
            raise SystemExit(f"locust mislykkedes (exit {returncode}):\n{tail(work / 'locust.log')}")
        run = json.loads(out.read_text(encoding="utf-8"))
        server_errors = [line for line in tail(gunicorn.log_path, 5000).splitlines() if "Traceback" in line]
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "settings": {
                "users": args.users,
                "seconds": args.seconds,
                "spawn_rate": args.spawn_rate,
                "workers": args.workers,
                "threads": args.threads,
                "think_time": run["think_time"],
                "cores": os.cpu_count(),
                "database": "postgresql",
                "dashboard_cache": "redis" if cache_url else "per-process",
            },
            "run": {key: value for key, value in run.items() if key not in ("requests", "logins")},
            "figures": figures(run),
            "cpu": sampler.usage(*run["window"], requests=len(run["requests"])) if run["window"] else None,
            "server_tracebacks": len(server_errors),
        }
        p95 = result["figures"]["total"]["p95_ms"]
        result["checks"] = {
            f"p95_under_{P95_LIMIT_MS}_ms": p95 is not None and p95 < P95_LIMIT_MS,
            "zero_errors": result["figures"]["errors"] == 0,
        }
        # Logs are kept (and named) when anything went wrong: the server's tracebacks say why.
        succeeded = result["figures"]["errors"] == 0 and not server_errors
        return result
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        database.drop()
        log(f"gunicorn stoppet, database {database.name} slettet")
        if succeeded:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"logfilerne er bevaret i {work}")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.perf.load", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent logged-in users")
    parser.add_argument("--seconds", type=float, default=60, help="length of the measured mix")
    parser.add_argument(
        "--spawn-rate", type=float, default=SPAWN_RATE, help="users started (logging in) per second"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--think-time",
        type=float,
        nargs=2,
        default=THINK_TIME,
        metavar=("MIN", "MAX"),
        help="seconds a user waits between two tasks, uniformly between MIN and MAX",
    )
    parser.add_argument("--out", default=str(RESULTS_FILE), help="where the JSON result goes")
    parser.add_argument("--setup-accounts", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 1 <= args.seconds <= 3600 or args.spawn_rate <= 0:
        parser.error("--users 1-500, --seconds 1-3600 and a positive --spawn-rate")
    if not 0 <= args.think_time[0] <= args.think_time[1] <= 600:
        parser.error("--think-time MIN MAX with 0 <= MIN <= MAX <= 600")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.setup_accounts:
        setup_accounts(args.users, args.setup_accounts)
        return 0

    # SIGTERM (a CI timeout, kill) runs the finally above too: gunicorn stopped, database dropped.
    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    result = run_load(args)
    print(render_report(result))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    log(f"resultat skrevet til {out}")
    return 1 if result["figures"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
