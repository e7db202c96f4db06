"""A real Celery worker, in its own process, on Redis, writing to the PostgreSQL test database.

Locally the tests skip with a clear reason when PostgreSQL or Redis is missing; in CI (CI=true) they fail.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import services
from tests.processes import stop_process

BASE_DIR = Path(__file__).resolve().parents[2]
WORKER_READY_TIMEOUT = 30


@pytest.fixture(scope="session")
def integration_services():
    services.require_service("postgresql")
    services.require_service("redis")


def database_url(settings_dict) -> str:
    """A DATABASE_URL for the database the test session runs on (the test database, once set up)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = settings_dict.get("HOST") or ""
    if host.startswith("/"):
        host = quote(host, safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def reset_broker_connections(app) -> None:
    """Drop the app's cached broker connections, so the next send uses the current broker_url."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    # kombu keeps its pools per connection URL: a closed one would be handed out again for the same URL.
    pools.reset()
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path, hostname: str):
        self.process = process
        self.log_path = log_path
        self.hostname = hostname

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


# A worker that runs `app.worker_main` after setting broker transport options from the environment, for
# tests that need e.g. a short Redis visibility timeout (a killed worker's unacked task comes back).
WORKER_WITH_TRANSPORT_OPTIONS = (
    "import json, os, sys\n"
    "from portfolio.celery import app\n"
    "app.conf.broker_transport_options = json.loads(os.environ['TEST_BROKER_TRANSPORT_OPTIONS'])\n"
    "app.worker_main(sys.argv[1:])\n"
)


def start_worker(name: str, log_path: Path, *, env=None, transport_options=None) -> Worker:
    """Start `celery worker --pool=solo` against the test database and the test Redis db."""
    from django.db import connection

    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": services.REDIS_URL,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    worker_env.pop("REDIS_URL", None)
    arguments = [
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-l",
        "info",
        "-n",
        name,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    if transport_options:
        worker_env["TEST_BROKER_TRANSPORT_OPTIONS"] = json.dumps(transport_options)
        command = [sys.executable, "-c", WORKER_WITH_TRANSPORT_OPTIONS, *arguments]
    else:
        command = [sys.executable, "-m", "celery", "-A", "portfolio", *arguments]
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=worker_env, stdout=log_file, stderr=subprocess.STDOUT
        )
    return Worker(process, log_path, name)


def wait_until_ready(app, worker: Worker) -> None:
    deadline = time.monotonic() + WORKER_READY_TIMEOUT
    while not app.control.ping(destination=[worker.hostname], timeout=0.5):
        if worker.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"Celery worker did not become ready (exit code {worker.process.poll()}):\n{worker.log()}",
                pytrace=False,
            )


def stop_worker(worker: Worker) -> None:
    stop_process(worker.process)


@contextlib.contextmanager
def broker_on_redis(app):
    """This process sends tasks to the test Redis db (not eagerly) while the block runs."""
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=services.REDIS_URL)
    reset_broker_connections(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_broker_connections(app)


@pytest.fixture(scope="module")
def celery_worker(integration_services, django_db_setup, tmp_path_factory):
    """Start `celery -A portfolio worker --pool=solo` against the test database and a dedicated Redis
    db; point this process's Celery app at the same broker (not eager) until the module is done."""
    import redis

    from portfolio.celery import app

    redis.Redis.from_url(services.REDIS_URL).flushdb()
    name = f"integration-{os.getpid()}@localhost"
    worker = start_worker(name, tmp_path_factory.mktemp("celery") / "worker.log")
    with broker_on_redis(app):
        try:
            wait_until_ready(app, worker)
            yield worker
        finally:
            stop_worker(worker)


class Workers:
    """Start and stop workers within one test; `workers.all` are the ones started."""

    def __init__(self, app, log_dir: Path):
        self.app = app
        self.log_dir = log_dir
        self.all: list[Worker] = []

    def start(self, label: str, *, env=None, transport_options=None, wait=True) -> Worker:
        name = f"integration-{label}-{os.getpid()}-{len(self.all)}@localhost"
        worker = start_worker(
            name, self.log_dir / f"{label}-{len(self.all)}.log", env=env, transport_options=transport_options
        )
        self.all.append(worker)
        if wait:
            wait_until_ready(self.app, worker)
        return worker

    def log(self) -> str:
        return "\n".join(f"--- {worker.hostname} ---\n{worker.log()}" for worker in self.all)


@pytest.fixture
def celery_workers(integration_services, django_db_setup, tmp_path):
    """A test's own workers (each `celery_workers.start(label, env=…)`), on a flushed test Redis db, with
    this process sending to it; all are stopped after the test."""
    import redis

    from portfolio.celery import app

    redis.Redis.from_url(services.REDIS_URL).flushdb()
    workers = Workers(app, tmp_path)
    with broker_on_redis(app):
        try:
            yield workers
        finally:
            for worker in workers.all:
                stop_worker(worker)
            redis.Redis.from_url(services.REDIS_URL).flushdb()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the worker's log to every failed test that used the worker."""
    report = yield
    funcargs = getattr(item, "funcargs", {})
    worker = funcargs.get("celery_worker")
    if report.failed and isinstance(worker, Worker):
        report.sections.append(("Celery worker log", worker.log()))
    workers = funcargs.get("celery_workers")
    if report.failed and isinstance(workers, Workers):
        report.sections.append(("Celery worker logs", workers.log()))
    return report


@pytest.fixture
def media_root(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media
