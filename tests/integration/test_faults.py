"""Faults (issue 10): PostgreSQL restarted while requests come in, Redis stopped while a board report is
asked for, a Celery worker killed in the middle of a render. The portal must answer every request with a
clear Danish message (never a hang, never a stack trace), recover by itself once the service is back,
and lose nothing it acknowledged.

The portal runs as in production, over HTTP: gunicorn (two workers, persistent database connections)
and a `celery worker`, each its own process. They run on a PostgreSQL cluster (initdb) and a redis-server
that this module starts on free loopback ports and owns, so stopping them disturbs nobody else. The
private database starts as a copy of the migrated test database (pg_dump | pg_restore: seconds, where
`migrate` from nothing takes a minute). The tests drive the portal like a browser: cookies, the CSRF
token, redirects not followed, so every response is seen as it was sent.

The worker killed mid-render on its own (in-process requests, one file at the end) is covered by
test_board_report_worker.py; here the same fault is seen through the pages a secretary watches.
At the end of the module the in-process tests check the 503 page itself, without any service.
"""

import contextlib
import dataclasses
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.db import OperationalError, connection
from django.test import Client
from django.utils.html import escape

from governance.board.reports import BOARD_REPORT_QUEUE_ERROR_MESSAGE
from governance.plans.pdf_job import PLAN_PDF_QUEUE_ERROR_MESSAGE
from portfolio.backups import pg_environment
from portfolio.middleware import (
    DATABASE_UNAVAILABLE_MESSAGE,
    DATABASE_UNAVAILABLE_RETRY_AFTER,
    database_unavailable_response,
)
from portfolio.models import STATUS_DIMENSIONS
from tests import services
from tests.factories import UserFactory
from tests.integration.conftest import BASE_DIR, Worker, start_worker, stop_worker
from tests.integration.test_board_report_worker import FAST_REDELIVERY
from tests.processes import stop_process

pytestmark = [
    pytest.mark.integration,
    # The private database is copied from the test database at the start of the first test that needs
    # it, when the data migrations' rows have just been restored and committed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "fejltest-kodeord-2025"
# No request may take longer than this, outage or not: a hang is a failure, whatever it ends in.
HANG_SECONDS = 10
# Once PostgreSQL accepts connections again, the portal must answer normally within this, untouched.
RECOVERY_SECONDS = 10
# How long each outage lasts while the requests go on.
OUTAGE_SECONDS = 4
WAIT_SECONDS = 90
SERVER_START_SECONDS = 60
# gunicorn's access log: the worker's pid, the status, the request line.
ACCESS_LOG_FORMAT = '%(p)s %(s)s "%(r)s"'
ACCESS_LOG_LINE = re.compile(r"^<(\d+)> (\d{3}) ")
# Enough projects that every status report POST of the PostgreSQL scenario is a new report: with one
# project per POST, what was acknowledged can be checked row by row.
STATUS_PROJECTS = 80
# The board report a worker is killed in the middle of: enough projects to take a few seconds.
KILLED_RENDER_PROJECTS = 6


# --------------------------------------------------------------------------------- programs we need


def pg_bin_dir() -> Path | None:
    """Where initdb and friends are: TEST_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else
    the directory of an initdb on PATH."""
    if os.environ.get("TEST_PG_BIN"):
        return Path(os.environ["TEST_PG_BIN"])
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(part) for part in re.findall(r"\d+", p.parent.parent.name)],
        reverse=True,
    )
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def require_programs() -> tuple[Path, str]:
    """The PostgreSQL bin directory and redis-server; skip locally, fail in CI, when one is missing."""
    services.require_service("postgresql")  # the test database the private one is copied from
    bin_dir = pg_bin_dir()
    missing = [
        name
        for name in ("initdb", "pg_ctl", "pg_dump", "pg_restore")
        if bin_dir is None or not os.access(bin_dir / name, os.X_OK)
    ]
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        missing.append("redis-server")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing.append("runuser (PostgreSQL nægter at køre som root)")
    if missing:
        services.skip_or_fail(
            "Fejltest sprunget over: mangler "
            + ", ".join(missing)
            + " (installér postgresql og redis-server, "
            "eller sæt TEST_PG_BIN til mappen med initdb)"
        )
    return bin_dir, redis_server


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str, seconds: float = WAIT_SECONDS, interval: float = 0.1, log=lambda: ""):
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {seconds} s waiting for {what}\n{log()}", pytrace=False)
        time.sleep(interval)


def tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# ------------------------------------------------------------------------------------ private servers


class PrivatePostgres:
    """A PostgreSQL cluster of our own: made with initdb in a temporary directory, on a free loopback
    port, stopped and started by the tests. PostgreSQL refuses to run as root, so as root it runs as the
    `postgres` user, owning the directory."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        owner = None
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                services.skip_or_fail("Fejltest sprunget over: som root kræver initdb brugeren postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        # Not under pytest's basetemp: that is private to root, and the server may run as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        if owner is not None:
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"

    def _run(self, *arguments: str, timeout: float = SERVER_START_SECONDS) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_user, *arguments],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def _check(self, result: subprocess.CompletedProcess, what: str) -> None:
        if result.returncode != 0:
            pytest.fail(
                f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n"
                f"{tail(self.log_path)}",
                pytrace=False,
            )

    def initdb(self) -> None:
        result = self._run(
            str(self.bin_dir / "initdb"),
            f"--pgdata={self.data}",
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._check(result, "initdb")

    def start(self) -> None:
        # fsync off: a test cluster's speed. It changes nothing here: no test crashes the machine, and a
        # committed transaction survives a stopped or killed server all the same (WAL in the OS cache).
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off "
            "-c full_page_writes=off -c max_connections=40"
        )
        result = self._run(
            str(self.bin_dir / "pg_ctl"),
            f"--pgdata={self.data}",
            f"--log={self.log_path}",
            "--wait",
            f"--timeout={SERVER_START_SECONDS}",
            f"--options={options}",
            "start",
        )
        self._check(result, "pg_ctl start")

    def stop(self, mode: str = "fast") -> None:
        result = self._run(
            str(self.bin_dir / "pg_ctl"), f"--pgdata={self.data}", f"--mode={mode}", "--wait", "stop"
        )
        self._check(result, f"pg_ctl stop -m {mode}")

    def destroy(self) -> None:
        """Stop the server, however it is, and remove the cluster."""
        with contextlib.suppress(Exception):
            if (self.data / "postmaster.pid").exists():
                self._run(
                    str(self.bin_dir / "pg_ctl"),
                    f"--pgdata={self.data}",
                    "--mode=immediate",
                    "stop",
                    timeout=30,
                )
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: the postmaster we started, by its own pid
            with contextlib.suppress(Exception):
                os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "portal") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg2

        database = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="portal", connect_timeout=5
        )
        try:
            with database.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            database.close()


class PrivateRedis:
    """A redis-server of our own on a free loopback port, in the foreground (its process is ours), with
    nothing saved to disk."""

    def __init__(self, program: str, directory: Path):
        self.program = program
        self.directory = directory
        self.port = free_port()
        self.log_path = directory / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def cache_url(self) -> str:
        """The dashboard's shared cache: a database of its own, as in docker-compose.yml."""
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.program,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.directory),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(
            lambda: services.redis_available(self.url),
            "the private redis-server to answer",
            seconds=SERVER_START_SECONDS,
            log=lambda: tail(self.log_path),
        )

    def stop(self) -> None:
        stop_process(self.process)


# The users and the data the scenarios need, written by the portal's own services in a process that runs
# on the private database. Printed as JSON on the last line.
SETUP_SCRIPT = r"""
import datetime, json, sys

import django

django.setup()

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from governance.bodies.services import membership_start
from governance.plans.services import annual_plan_start
from portfolio.services import project_permissions_sync
from tests.factories import OrgUnitFactory, ProjectFactory, ReportingPeriodFactory, StatusReportFactory, body

import time

started = time.monotonic()
spec = json.loads(sys.argv[1])
User = get_user_model()
today = timezone.localdate()
with transaction.atomic():
    leader = User.objects.create_user(
        "fejl-projektleder", password=spec["password"], first_name="Pia", last_name="Projektleder"
    )
    secretary = User.objects.create_user(
        "fejl-sekretaer", password=spec["password"], first_name="Søren", last_name="Sekretær"
    )
    membership_start(actor=None, body=body("project-board"), user=secretary, role="secretary")
    # Next year's indsatsplan, started by the programme group (whose member never logs in here).
    planner = User.objects.create_user("fejl-programgruppe", first_name="Per", last_name="Programgruppe")
    membership_start(actor=None, body=body("programgruppe"), user=planner)
    plan = annual_plan_start(actor=planner, year=today.year + 1)
    # The current period: the status reports of the PostgreSQL scenario go here.
    current = ReportingPeriodFactory(
        start_date=today - datetime.timedelta(days=2),
        reporting_deadline=today + datetime.timedelta(days=10),
        meeting_date=today + datetime.timedelta(days=12),
    )
    unit = OrgUnitFactory(name="Fejltest-afdelingen")
    projects = []
    for number in range(spec["projects"]):
        project = ProjectFactory(
            number=f"F-{number:04d}", name=f"Fejltestprojekt {number + 1}", anchoring=unit, leader=leader
        )
        project_permissions_sync(project=project)
        projects.append(project)
    # Two earlier meetings whose board reports the Redis and the worker scenarios generate.
    boards = {}
    for weeks, (label, count) in enumerate((("redis", 2), ("worker", spec["killed_render_projects"])), 2):
        meeting = today - datetime.timedelta(weeks=2 * weeks)
        period = ReportingPeriodFactory(
            start_date=meeting - datetime.timedelta(days=13),
            reporting_deadline=meeting - datetime.timedelta(days=2),
            meeting_date=meeting,
        )
        for project in projects[:count]:
            StatusReportFactory(
                project=project, period=period, author=leader, summary=f"Status for {project.name}"
            )
        boards[label] = period.pk
print(
    json.dumps(
        {
            "projects": [p.pk for p in projects],
            "current_period": current.pk,
            "boards": boards,
            "plan": f"/plans/{plan.year}/v{plan.version}/",
            "seconds": time.monotonic() - started,
        }
    )
)
"""


class Portal:
    """Everything this module runs: the private PostgreSQL and Redis, gunicorn, and the workers."""

    def __init__(self, bin_dir: Path, redis_server: str, directory: Path):
        self.directory = directory
        self.postgres = PrivatePostgres(bin_dir)
        self.redis = PrivateRedis(redis_server, directory)
        self.media_root = directory / "media"
        self.media_root.mkdir()
        self.port = free_port()
        self.gunicorn: subprocess.Popen | None = None
        self.gunicorn_log = directory / "gunicorn.log"
        self.data: dict = {}
        self.workers: list[Worker] = []
        self.resident: Worker | None = None
        self.timings: dict[str, float] = {}
        self.start_tried = self.started = False

    @property
    def env(self) -> dict[str, str]:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portfolio.settings",
            "PORTAL_ENVIRONMENT": "development",
            # As in production: no debug pages, so what a user would see is what the test sees.
            "DEBUG": "false",
            "DATABASE_URL": self.postgres.url(),
            "CELERY_BROKER_URL": self.redis.url,
            "CACHE_URL": self.redis.cache_url,
            "MEDIA_ROOT": str(self.media_root),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("REDIS_URL", "DATABASE_CONN_MAX_AGE"):
            environment.pop(name, None)
        return environment

    def timed(self, what: str, step) -> None:
        started = time.monotonic()
        step()
        self.timings[what] = time.monotonic() - started

    def start_servers(self) -> None:
        self.timed("initdb", self.postgres.initdb)
        self.timed("PostgreSQL start", self.postgres.start)
        self.timed("Redis start", self.redis.start)

    def start_portal(self) -> None:
        self.timed("database copy", self.copy_test_database)
        self.timed("users and projects", self.load_data)
        self.timings["of which writing"] = self.data["seconds"]
        self.timed("gunicorn start", self.start_gunicorn)
        print(
            "\nPrivate servers: "
            + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in self.timings.items())
        )

    def copy_test_database(self) -> None:
        """The private database as a copy of the test database: the schema and the data migrations'
        rows, exactly what `migrate` would make."""
        import psycopg2

        server = psycopg2.connect(
            host="127.0.0.1", port=self.postgres.port, user="postgres", dbname="postgres", connect_timeout=5
        )
        try:
            server.autocommit = True
            with server.cursor() as cursor:
                cursor.execute("CREATE DATABASE portal")
        finally:
            server.close()
        bin_dir = self.postgres.bin_dir
        dump = self.directory / "test-database.dump"
        # The test database's connection for pg_dump through libpq's variables, as `make backup` does:
        # a password stays off the command line.
        source = pg_environment()
        for arguments, env in (
            (
                [
                    str(bin_dir / "pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                ],
                source,
            ),
            (
                [
                    str(bin_dir / "pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    f"--dbname={self.postgres.url()}",
                    str(dump),
                ],
                None,
            ),
        ):
            result = subprocess.run(
                arguments, env=env, capture_output=True, text=True, timeout=120, check=False
            )
            if result.returncode != 0:
                pytest.fail(f"{Path(arguments[0]).name} failed:\n{result.stderr}", pytrace=False)

    def load_data(self) -> None:
        spec = {
            "password": PASSWORD,
            "projects": STATUS_PROJECTS,
            "killed_render_projects": KILLED_RENDER_PROJECTS,
        }
        result = subprocess.run(
            [sys.executable, "-c", SETUP_SCRIPT, json.dumps(spec)],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"Setting up the data failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
        self.data = json.loads(result.stdout.strip().splitlines()[-1])

    def start_gunicorn(self) -> None:
        with self.gunicorn_log.open("ab") as log:
            self.gunicorn = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "portfolio.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                    "--access-logfile",
                    "-",
                    # Which worker answered, so the test can tell that each of them recovered.
                    "--access-logformat",
                    ACCESS_LOG_FORMAT,
                    "--error-logfile",
                    "-",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def healthy():
            if self.gunicorn.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{tail(self.gunicorn_log)}", pytrace=False)
            return Browser(self.port).get("/health/").status == 200

        wait_for(healthy, "gunicorn to answer /health/", seconds=SERVER_START_SECONDS, log=self.logs)

    def gunicorn_log_size(self) -> int:
        return self.gunicorn_log.stat().st_size

    def answering_workers(self, offset: int) -> set[int]:
        """The gunicorn workers that answered a request without a server error since `offset`."""
        with self.gunicorn_log.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
        return {
            int(match[1]) for line in lines if (match := ACCESS_LOG_LINE.match(line)) and int(match[2]) < 500
        }

    def gunicorn_workers(self) -> set[int]:
        """The pids of gunicorn's worker processes (its master's children)."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.gunicorn.pid:
                    children.add(int(stat.parent.name))
        return children

    def start_worker(self, label: str, *, transport_options=None) -> Worker:
        """A `celery worker` on the private database and Redis; returns once it is ready."""
        name = f"faults-{label}-{os.getpid()}-{len(self.workers)}@localhost"
        env = {key: self.env[key] for key in ("DATABASE_URL", "CELERY_BROKER_URL", "MEDIA_ROOT")}
        worker = start_worker(
            name, self.directory / f"worker-{label}.log", env=env, transport_options=transport_options
        )
        self.workers.append(worker)

        def ready():
            if worker.process.poll() is not None:
                pytest.fail(f"Celery worker {name} exited:\n{worker.log()}", pytrace=False)
            return f"{name} ready." in worker.log()

        wait_for(ready, f"worker {name} to be ready", seconds=SERVER_START_SECONDS)
        return worker

    def resident_worker(self) -> Worker:
        """The worker the scenarios share, started when none is alive: each start costs seconds."""
        if self.resident is None or self.resident.process.poll() is not None:
            self.resident = self.start_worker("resident")
        return self.resident

    def stop_workers(self, *, keep_resident: bool = False) -> None:
        keep = [self.resident] if keep_resident and self.resident is not None else []
        for worker in self.workers:
            if worker not in keep:
                with contextlib.suppress(Exception):
                    stop_worker(worker)
        self.workers = [worker for worker in keep if worker.process.poll() is None]
        if not self.workers:
            self.resident = None

    def logs(self) -> str:
        parts = [
            ("gunicorn", self.gunicorn_log),
            ("postgres", self.postgres.log_path),
            ("redis", self.redis.log_path),
        ]
        text = "\n".join(f"--- {name} ---\n{tail(path)}" for name, path in parts)
        return text + "".join(f"\n--- {w.hostname} ---\n{w.log()[-4000:]}" for w in self.workers)

    def stop_gunicorn(self) -> None:
        stop_process(self.gunicorn, grace=15)

    def teardown(self) -> None:
        """Every process this module started, each whatever happened to the others."""
        for step in (self.stop_workers, self.stop_gunicorn, self.redis.stop, self.postgres.destroy):
            with contextlib.suppress(Exception):
                step()


@pytest.fixture(scope="module")
def fault_stack():
    """The private servers, started once for the module and always torn down. Their logs, the dump and
    the media in a directory of our own, removed at the end: not under pytest's basetemp, which another
    pytest run on the machine may prune while this one is still going."""
    bin_dir, redis_server = require_programs()
    directory = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    stack = None
    try:
        stack = Portal(bin_dir, redis_server, directory)
        stack.start_servers()
        yield stack
    finally:
        if stack is not None:
            stack.teardown()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def portal(fault_stack, transactional_db):
    """The portal served by gunicorn on the private servers. Copied and set up in the first test that
    asks (the test database holds the data migrations' rows now), then kept for the module. A test's own
    workers are stopped when it ends, and both servers are running again for the next."""
    if not fault_stack.started:
        if fault_stack.start_tried:
            pytest.fail("The portal did not start: see the first test of this module", pytrace=False)
        fault_stack.start_tried = True
        fault_stack.start_portal()
        fault_stack.started = True
    try:
        yield fault_stack
    finally:
        # The resident worker stays for the next test, unless this one left a server down.
        redis_up = services.redis_available(fault_stack.redis.url)
        postgres_up = (fault_stack.postgres.data / "postmaster.pid").exists()
        fault_stack.stop_workers(keep_resident=redis_up and postgres_up)
        if not redis_up:
            fault_stack.redis.start()
        if not postgres_up:
            fault_stack.postgres.start()


# ------------------------------------------------------------------------------- a browser over HTTP


@dataclasses.dataclass
class Exchange:
    method: str
    path: str
    started: float
    ended: float
    status: int | None
    headers: dict
    body: bytes
    error: str = ""
    post: dict | None = None

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def __str__(self) -> str:
        what = self.status if self.status is not None else self.error
        return f"{self.method} {self.path} -> {what} in {self.seconds:.2f} s"


class Browser:
    """Cookies and the CSRF token, like a browser; redirects are returned, not followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Exchange:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        http_connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HANG_SECONDS * 3)
        started = time.monotonic()
        try:
            http_connection.request(method, path, body=body, headers=headers)
            response = http_connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            return Exchange(method, path, started, time.monotonic(), None, {}, b"", error=repr(error))
        finally:
            http_connection.close()
        ended = time.monotonic()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        return Exchange(
            method, path, started, ended, response.status, dict(response.headers.items()), content
        )

    def get(self, path: str) -> Exchange:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Exchange:
        return self.request("POST", path, {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data})

    def login(self, username: str) -> None:
        page = self.get("/accounts/login/")
        assert page.status == 200, page
        response = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status == 302, f"{response}\n{response.text[:2000]}"


def status_report_form(token: str, number: int, submit: bool) -> dict:
    """The status report form as a project leader fills it in; every text carries `token`."""
    data = {
        "version": "",
        "percent_complete": str(number % 101),
        "summary": f"Resumé {token}",
        "done_since_last": "",
        "next_steps": f"Næste skridt {token}",
        "risks_issues": "",
        "decisions_needed": "",
        "budget_spent": "",
        "budget_forecast": "",
    }
    for dimension in STATUS_DIMENSIONS:
        data[dimension] = "green"
        data[f"{dimension}_comment"] = ""
    data.update({"submit": "submit"} if submit else {"save": "draft"})
    return data


def assert_clear_database_answer(exchange: Exchange) -> None:
    """A 503 while the database is away: the Danish page with Retry-After (the health check: JSON)."""
    assert exchange.status == 503, exchange
    if exchange.path == "/health/":
        assert json.loads(exchange.body) == {"status": "error", "database": "unavailable"}, exchange
        return
    assert exchange.headers.get("Retry-After") == str(DATABASE_UNAVAILABLE_RETRY_AFTER), exchange.headers
    assert exchange.headers.get("Content-Type", "").startswith("text/html"), exchange.headers
    assert DATABASE_UNAVAILABLE_MESSAGE in exchange.text, exchange.text[:2000]
    assert "Traceback" not in exchange.text and "OperationalError" not in exchange.text


# --------------------------------------------------------------------- 1. PostgreSQL restarted


class Traffic(threading.Thread):
    """A project leader at work (the project list, a project page and a status report POST, draft or
    submit, each for a project of its own) and the load balancer asking /health/ without a cookie, again
    and again until stopped."""

    def __init__(self, browser: Browser, project_pks: list[int]):
        super().__init__(daemon=True)
        self.browser = browser
        self.probe = Browser(browser.port)
        self.page = f"/projects/{project_pks[0]}/"
        self.report_projects = iter(project_pks[1:])
        self.exchanges: list[Exchange] = []
        self.stopping = threading.Event()
        self.ran_out = False

    def run(self) -> None:
        number = 0
        while not self.stopping.is_set():
            for path in ("/projects/", self.page):
                self.exchanges.append(self.browser.get(path))
            self.exchanges.append(self.probe.get("/health/"))
            project = next(self.report_projects, None)
            if project is None:
                self.ran_out = True
                return
            submit = number % 2 == 1
            token = f"{number:03d}-{'indsendt' if submit else 'kladde'}"
            exchange = self.browser.post(
                f"/projects/{project}/status/new/", status_report_form(token, number, submit)
            )
            exchange.post = {"project": project, "token": token, "submit": submit, "percent": number % 101}
            self.exchanges.append(exchange)
            number += 1
            # A moment's thought between rounds: a 503 comes back in milliseconds, and every POST
            # needs a project of its own.
            time.sleep(0.2)

    def since(self, moment: float) -> list[Exchange]:
        return [e for e in list(self.exchanges) if e.started >= moment]

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=HANG_SECONDS * 4)


def test_it_answers_503_while_postgresql_restarts_and_loses_no_acknowledged_report(portal):
    """Two outages while a project leader works: `pg_ctl stop -m fast` (a planned restart) and
    `-m immediate` (the server dies; crash recovery on start). Every request gets an answer within
    HANG_SECONDS; while the database is away that answer is the Danish 503 page; the same gunicorn
    workers answer normally again within RECOVERY_SECONDS of the database being back; every status report
    the portal acknowledged (302) is in the database as sent, and a POST answered 503 left nothing half."""
    browser = Browser(portal.port)
    browser.login("fejl-projektleder")
    workers_before = portal.gunicorn_workers()
    assert len(workers_before) == 2, workers_before
    traffic = Traffic(browser, portal.data["projects"])
    traffic.start()
    outages = []
    try:

        def saved_reports(moment: float) -> bool:
            return sum(1 for e in traffic.since(moment) if e.post and e.status == 302) >= 2

        wait_for(lambda: saved_reports(0), "two status reports saved before any fault", log=portal.logs)
        for mode in ("fast", "immediate"):
            stopping = time.monotonic()
            portal.postgres.stop(mode)
            down = time.monotonic()
            time.sleep(OUTAGE_SECONDS)
            starting = time.monotonic()
            portal.postgres.start()
            up = time.monotonic()

            def recovered(up=up):
                return next(
                    (e for e in traffic.since(up) if e.path == "/projects/" and e.status == 200), None
                )

            first = wait_for(recovered, "the project list to answer again", seconds=30, log=portal.logs)
            offset = portal.gunicorn_log_size()
            wait_for(lambda first=first: saved_reports(first.ended), "status reports saved again")
            # Each worker reconnects on its own: both must be seen answering again.
            wait_for(
                lambda offset=offset: portal.answering_workers(offset) >= workers_before,
                "both gunicorn workers to answer again",
                seconds=30,
                log=portal.logs,
            )
            both = time.monotonic()
            outages.append(
                {
                    "mode": mode,
                    "stopping": stopping,
                    "stop_seconds": down - stopping,
                    "down": down,
                    "starting": starting,
                    "up": up,
                    "recovered_after": first.ended - up,
                    "both_after": both - up,
                    "recovered": first.ended,
                }
            )
    finally:
        traffic.stop()

    exchanges = traffic.exchanges
    assert not traffic.ran_out, "more POSTs than projects: raise STATUS_PROJECTS"
    hung = [str(e) for e in exchanges if e.status is None or e.seconds > HANG_SECONDS]
    assert hung == [], f"requests that hung or got no answer: {hung}\n{portal.logs()}"
    unexpected = [
        str(e) for e in exchanges if e.status not in ((302, 503) if e.method == "POST" else (200, 503))
    ]
    assert unexpected == [], f"{unexpected}\n{portal.logs()}"
    unavailable = [e for e in exchanges if e.status == 503]
    for exchange in unavailable:
        assert_clear_database_answer(exchange)

    for outage in outages:
        # Requests that started once the server was down and ended before it was started again.
        during = [e for e in exchanges if e.started >= outage["down"] and e.ended <= outage["starting"]]
        assert during and all(e.status == 503 for e in during), [str(e) for e in during]
        assert any(e.method == "POST" for e in during), "no status report POST met the outage"
        assert any(e.path.startswith("/projects/") and e.method == "GET" for e in during)
        assert outage["recovered_after"] < RECOVERY_SECONDS, outage
        # Once recovered, it stays recovered: no worker keeps a dead connection.
        after = [e for e in exchanges if e.started >= outage["recovered"]]
        next_outage = next((o["stopping"] for o in outages if o["stopping"] > outage["recovered"]), None)
        after = [e for e in after if next_outage is None or e.ended < next_outage]
        assert after and all(e.status in (200, 302) for e in after), [
            str(e) for e in after if e.status == 503
        ]
    assert portal.gunicorn_workers() == workers_before, "gunicorn restarted a worker: it should reconnect"

    # No data lost: every acknowledged report is there, as sent; a 503 left either nothing or all of it.
    posts = [e for e in exchanges if e.post]
    period = portal.data["current_period"]
    rows = {
        project: (state, summary, next_steps, percent, history)
        for project, state, summary, next_steps, percent, history in portal.postgres.query(
            "SELECT r.project_id, r.state, r.summary, r.next_steps, r.percent_complete,"
            " (SELECT count(*) FROM portfolio_historicalstatusreport h WHERE h.id = r.id)"
            " FROM portfolio_statusreport r WHERE r.period_id = %s",
            [period],
        )
    }
    orphan_history = portal.postgres.query(
        "SELECT count(*) FROM portfolio_historicalstatusreport h WHERE h.period_id = %s"
        " AND NOT EXISTS (SELECT 1 FROM portfolio_statusreport r WHERE r.id = h.id)",
        [period],
    )[0][0]
    assert orphan_history == 0, "history of a report that is not there: a half-saved write"
    acknowledged = [e for e in posts if e.status == 302]
    refused = [e for e in posts if e.status == 503]
    lost, half = [], []
    committed_anyway = 0
    for exchange in posts:
        post = exchange.post
        expected = (
            "submitted" if post["submit"] else "draft",
            f"Resumé {post['token']}",
            f"Næste skridt {post['token']}",
            post["percent"],
        )
        row = rows.get(post["project"])
        if exchange.status == 302:
            if row is None or row[:4] != expected or row[4] < 1:
                lost.append((str(exchange), post, row))
        elif row is not None:
            # The commit reached the server and only the answer was lost: all of it, or it is half.
            if row[:4] != expected or row[4] < 1:
                half.append((str(exchange), post, row))
            committed_anyway += 1
    assert lost == [], lost
    assert half == [], half
    assert set(rows) <= {e.post["project"] for e in posts}, "a report nobody sent"

    # What was refused can simply be sent again: nothing half-made stands in its way (a left-over draft
    # would make the new report's form a conflict, 409).
    retried = [e.post for e in refused if e.post["project"] not in rows][:4]
    assert retried, "no refused POST to send again"
    for post in retried:
        again = browser.post(
            f"/projects/{post['project']}/status/new/",
            status_report_form(post["token"], post["percent"], post["submit"]),
        )
        assert again.status == 302, f"{again}\n{again.text[:2000]}"
    states = dict(
        portal.postgres.query(
            "SELECT project_id, state FROM portfolio_statusreport WHERE period_id = %s AND project_id IN %s",
            [period, tuple(post["project"] for post in retried)],
        )
    )
    assert states == {post["project"]: "submitted" if post["submit"] else "draft" for post in retried}
    print(
        f"\nPostgreSQL faults: {len(exchanges)} requests, {len(unavailable)} answered 503, "
        f"{len(acknowledged)} status reports acknowledged and all kept, {len(refused)} refused "
        f"({committed_anyway} of those committed whole before the connection dropped)"
    )
    for outage in outages:
        print(
            f"  pg_ctl stop -m {outage['mode']}: stopped in {outage['stop_seconds']:.1f} s, "
            f"portal normal {outage['recovered_after']:.2f} s after the server was up "
            f"(both gunicorn workers seen answering within {outage['both_after']:.1f} s)"
        )


# --------------------------------------------------------------------- 2. Redis stopped


def report_row(portal: Portal, period: int):
    """(status, attempts, file, error, id) of the period's board report, or None."""
    rows = portal.postgres.query(
        "SELECT status, attempts, file, error, id FROM governance_boardreport WHERE period_id = %s", [period]
    )
    return rows[0] if rows else None


def report_status(portal: Portal, period: int) -> str | None:
    row = report_row(portal, period)
    return row[0] if row else None


def test_it_gives_the_queue_message_while_redis_is_down_and_renders_once_it_is_back(portal):
    """A secretary presses Generér nu (the board report) and Dan PDF (the indsatsplan) while Redis is
    down: the Danish queue messages, nothing saved (so nothing stands in the way of the next try), and
    every page still answers. Redis comes back on the same port; the same presses now queue, and the
    worker that was running all along reconnects by itself and renders both."""
    period = portal.data["boards"]["redis"]
    plan = portal.data["plan"]
    worker = portal.resident_worker()
    secretary = Browser(portal.port)
    secretary.login("fejl-sekretaer")
    page = secretary.get(f"/board/{period}/")
    assert page.status == 200 and "Generér nu" in page.text, page
    # The dashboard is cached in the same Redis, shared by both gunicorn workers.
    assert secretary.get("/dashboard/").status == 200
    assert redis.Redis.from_url(portal.redis.cache_url).keys("dashboard:*"), "the dashboard was not cached"

    log_before = len(worker.log())
    portal.redis.stop()
    pressed = secretary.post(f"/board/{period}/generate/", {})
    assert pressed.status == 302 and pressed.headers["Location"] == f"/board/{period}/", pressed
    assert pressed.seconds < HANG_SECONDS, pressed
    page = secretary.get(f"/board/{period}/")
    assert page.status == 200, page
    assert BOARD_REPORT_QUEUE_ERROR_MESSAGE in page.text
    assert "Generér nu" in page.text, "a half-created report hides the button"
    assert report_row(portal, period) is None
    assert portal.postgres.query(
        "SELECT count(*) FROM governance_historicalboardreport WHERE period_id = %s", [period]
    ) == [(0,)]
    # The plan PDF's job is on its row, but its task goes through this broker: the page shows all the
    # same (a small plan offers its download), and Dan PDF says why it cannot be queued.
    page = secretary.get(plan)
    assert page.status == 200 and "Hent planen som PDF" in page.text, page
    pressed = secretary.post(f"{plan}pdf/generate/", {})
    assert pressed.status == 302 and pressed.seconds < HANG_SECONDS, pressed
    assert escape(PLAN_PDF_QUEUE_ERROR_MESSAGE) in secretary.get(plan).text
    # The rest of the portal does not need Redis; the dashboard is rendered without its cache.
    dashboard = secretary.get("/dashboard/")
    assert dashboard.status == 200 and "Aktive projekter" in dashboard.text, dashboard
    assert dashboard.seconds < HANG_SECONDS, dashboard
    assert secretary.get("/projects/").status == 200
    assert secretary.get(f"/board/{period}/status/").status == 200
    assert secretary.get(f"{plan}pdf/status/").status == 200

    portal.redis.start()
    up = time.monotonic()
    pressed = secretary.post(f"/board/{period}/generate/", {})
    assert pressed.status == 302, pressed
    page = secretary.get(f"/board/{period}/")
    assert "Statusrapporten er bestilt" in page.text, page.text[:3000]
    assert BOARD_REPORT_QUEUE_ERROR_MESSAGE not in page.text
    assert secretary.post(f"{plan}pdf/generate/", {}).status == 302
    page = secretary.get(plan)
    assert escape("PDF'en er bestilt") in page.text, page.text[:3000]
    assert escape(PLAN_PDF_QUEUE_ERROR_MESSAGE) not in page.text

    wait_for(
        lambda: report_status(portal, period) in ("done", "failed"),
        "the worker to render the report after Redis came back",
        log=portal.logs,
    )
    report_done = time.monotonic()
    status, attempts, file, error, _pk = report_row(portal, period)
    assert (status, attempts) == ("done", 1), error
    assert worker.process.poll() is None, "the worker died when Redis went away"
    assert "Connection to broker lost" in worker.log()[log_before:], "the worker never noticed Redis go"
    partial = secretary.get(f"/board/{period}/status/")
    assert "Færdig" in partial.text and "Hent rapporten (PDF)" in partial.text, partial.text
    download = secretary.get(f"/board/{period}/report.pdf")
    assert download.status == 200 and download.body.startswith(b"%PDF"), download

    wait_for(
        lambda: "Færdig" in secretary.get(f"{plan}pdf/status/").text,
        "the worker to render the plan PDF",
        interval=0.5,
        log=portal.logs,
    )
    plan_done = time.monotonic()
    print(
        f"\nRedis fault: the board report done {report_done - up:.1f} s and the plan PDF "
        f"{plan_done - up:.1f} s after Redis was back (the worker reconnected by itself)"
    )


# --------------------------------------------------------------------- 3. The worker killed mid-render


def test_it_shows_a_killed_render_as_running_and_a_new_worker_finishes_it(portal):
    """The worker is SIGKILLed while it renders. The secretary's page keeps answering and says the report
    is being made (no button to order it twice); a new worker gets the unacknowledged task back, renders
    it, and the page offers the one finished PDF."""
    period = portal.data["boards"]["worker"]
    doomed = portal.resident_worker()
    secretary = Browser(portal.port)
    secretary.login("fejl-sekretaer")
    assert secretary.post(f"/board/{period}/generate/", {}).status == 302

    wait_for(
        lambda: report_status(portal, period) == "running", "the worker to start rendering", interval=0.02
    )
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.process.wait(timeout=10)
    status, attempts, file, _error, _pk = report_row(portal, period)
    assert (status, attempts, file) == ("running", 1, ""), "the render finished before the worker was killed"

    partial = secretary.get(f"/board/{period}/status/")
    assert partial.status == 200, partial
    assert "Rapporten dannes nu." in partial.text and 'hx-trigger="every 2s"' in partial.text, partial.text
    page = secretary.get(f"/board/{period}/")
    assert page.status == 200 and "Rapporten dannes nu." in page.text
    assert f"/board/{period}/generate/" not in page.text, "a second order while the first is under way"

    successor_started = time.monotonic()
    portal.start_worker("successor", transport_options=FAST_REDELIVERY)
    wait_for(
        lambda: report_status(portal, period) in ("done", "failed"),
        "the new worker to render the report again",
        log=portal.logs,
    )
    finished = time.monotonic()
    status, attempts, file, error, pk = report_row(portal, period)
    assert (status, attempts) == ("done", 2), error
    # One render's file, whichever delivery wrote it (names: <meeting date>-<report pk>-<stamp>.pdf).
    files = sorted(
        f"board_reports/{p.name}"
        for p in (portal.media_root / "board_reports").iterdir()
        if f"-{pk}-" in p.name
    )
    assert files == [file], files
    partial = secretary.get(f"/board/{period}/status/")
    assert "Færdig" in partial.text and "Hent rapporten (PDF)" in partial.text, partial.text
    assert "hx-trigger" not in partial.text, "the page keeps polling a finished report"
    download = secretary.get(f"/board/{period}/report.pdf")
    assert download.status == 200 and download.body.startswith(b"%PDF"), download
    print(
        f"\nWorker killed mid-render: the new worker finished it {finished - successor_started:.1f} s "
        "after it was started"
    )


# --------------------------------------------------------------------- the 503 page, in-process


@pytest.fixture
def lenient_client():
    """A client that returns the response of a failed request instead of raising its exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_the_danish_503_page_when_the_session_cannot_be_loaded(
    lenient_client, settings, monkeypatch, debug
):
    """The database fails before any view runs (the session is read when LoginRequiredMiddleware asks
    who the user is): the 503 page, also with DEBUG on, never the debug page's traceback."""
    settings.DEBUG = debug
    lenient_client.force_login(UserFactory())

    def unreachable(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", unreachable)
    response = lenient_client.get("/projects/?side=2")

    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_UNAVAILABLE_RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response
    text = response.content.decode()
    assert DATABASE_UNAVAILABLE_MESSAGE in text
    assert 'href="/projects/?side=2"' in text, "Prøv igen leads back to the page asked for"
    assert "Traceback" not in text and "Connection refused" not in text


@pytest.mark.parametrize("wrapped", [True, False], ids=["django-error", "driver-error"])
def test_it_answers_the_503_page_when_a_view_loses_the_database_and_500_for_other_errors(
    lenient_client, monkeypatch, wrapped
):
    """Django's OperationalError, and the driver's own where Django does not wrap it (closing a
    server-side cursor on a dead connection raises psycopg2.OperationalError)."""
    lenient_client.force_login(UserFactory())
    error_class = OperationalError if wrapped else connection.Database.OperationalError

    def lost(*args, **kwargs):
        raise error_class("server closed the connection unexpectedly")

    monkeypatch.setattr("portfolio.selectors.projects_visible_to", lost)
    response = lenient_client.post("/projects/1/status/new/", {"summary": "x"})
    assert response.status_code == 503
    assert DATABASE_UNAVAILABLE_MESSAGE in response.content.decode()
    assert "Prøv igen</a>" not in response.content.decode(), "no link that would send the form again"

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("portfolio.selectors.project_list", broken)
    response = lenient_client.get("/projects/")
    assert response.status_code == 500
    assert DATABASE_UNAVAILABLE_MESSAGE not in response.content.decode()


def test_it_offers_no_retry_link_to_another_site(rf):
    """A path such as //example.org/x would be a link to another site: no Prøv igen then."""
    request = rf.get("/")
    request.path = "//example.org/x"
    text = database_unavailable_response(request).content.decode()
    assert DATABASE_UNAVAILABLE_MESSAGE in text
    assert "example.org" not in text
