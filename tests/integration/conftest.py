"""A real Celery worker, in its own process, on Redis, writing to the PostgreSQL test database.

Locally the tests skip with a clear reason when PostgreSQL or Redis is missing; in CI (CI=true) they fail.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import services

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
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
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


@pytest.fixture(scope="module")
def celery_worker(integration_services, django_db_setup, tmp_path_factory):
    """Start `celery -A portfolio worker --pool=solo` against the test database and a dedicated Redis
    db; point this process's Celery app at the same broker (not eager) until the module is done."""
    import redis
    from django.db import connection

    from portfolio.celery import app

    redis.Redis.from_url(services.REDIS_URL).flushdb()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": services.REDIS_URL,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    name = f"integration-{os.getpid()}@localhost"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portfolio",
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
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    worker = Worker(process, log_path, name)

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=services.REDIS_URL)
    reset_broker_connections(app)
    try:
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while not app.control.ping(destination=[name], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"Celery worker did not become ready (exit code {process.poll()}):\n{worker.log()}",
                    pytrace=False,
                )
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        app.conf.update(saved)
        reset_broker_connections(app)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the worker's log to every failed test that used the worker."""
    report = yield
    worker = getattr(item, "funcargs", {}).get("celery_worker")
    if report.failed and isinstance(worker, Worker):
        report.sections.append(("Celery worker log", worker.log()))
    return report
