"""The load test's short form (issue 10), as CI runs it: 20 logged-in users for 15 s against gunicorn
with production settings and PostgreSQL, and not one error. `make bench` runs the long form (50 x 60 s).

The run is tests/perf/load.py in a subprocess, as on the command line but with shorter think times. It
makes and drops its own database (portal_load_<pid>) on the PostgreSQL server of DATABASE_URL. Latencies
are reported there, never asserted here: on a shared 2-core machine they say nothing about correctness.
"""

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import services
from tests.perf import load

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parents[2]
USERS, SECONDS = 20, 15
# Shorter than the long form's 5-15 s, so that 15 s hold some 80 tasks and every kind of request many
# times over (with 5-15 s each user would do one or two).
THINK_TIME = (2, 5)
# Each of the four things issue 10 names must really have happened, not merely been attempted once.
MIN_PER_KIND = 5
# migrate + demo (about two minutes on a busy machine), collectstatic the first time (minutes), logins.
TIMEOUT = 1500


@pytest.fixture(scope="module")
def short_run(tmp_path_factory):
    services.require_service("postgresql")
    from django.conf import settings

    out = tmp_path_factory.mktemp("load") / "load.json"
    database = settings.DATABASES["default"]
    env = {**os.environ, "LOAD_DATABASE_URL": server_url(database)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.perf.load", "--users", str(USERS), "--seconds", str(SECONDS)]
        + ["--think-time", *map(str, THINK_TIME), "--out", str(out)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.terminate()  # load.py stops gunicorn and drops its database on SIGTERM
        stdout, stderr = process.communicate(timeout=60)
    result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return Run(process.returncode, stdout, stderr, result, f"portal_load_{process.pid}", database)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    result: dict | None
    database_name: str
    database: dict

    @property
    def report(self) -> str:
        return f"exit {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr[-4000:]}"


def server_url(database) -> str:
    """The PostgreSQL server the test session uses (load.py makes its own database there)."""
    user = quote(database.get("USER") or "postgres", safe="")
    password = f":{quote(database['PASSWORD'], safe='')}" if database.get("PASSWORD") else ""
    host = quote(database.get("HOST") or "127.0.0.1", safe="")
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/postgres"


def test_it_runs_twenty_logged_in_users_for_fifteen_seconds_without_an_error(short_run):
    assert short_run.returncode == 0, short_run.report
    result = short_run.result
    assert result is not None, short_run.report
    assert result["run"]["logged_in"] == USERS, short_run.report
    assert result["figures"]["errors"] == 0, short_run.report
    assert result["figures"]["total"]["requests"] > 0, short_run.report
    assert "fejl: 0 OK" in short_run.stdout, short_run.report


def test_it_exercises_every_request_type_of_the_mix(short_run):
    result = short_run.result
    assert result is not None, short_run.report
    counts = result["figures"]["counts_by_kind"]
    assert set(counts) == set(load.MIX_KINDS)
    too_few = {kind: count for kind, count in counts.items() if count < MIN_PER_KIND}
    assert not too_few, f"fewer than {MIN_PER_KIND} requests of {too_few}\n{short_run.stdout}"
    # Submitting, not only saving drafts: reports go in, and corrections (new versions) follow.
    by_name = {row["name"]: row["requests"] for row in result["figures"]["rows"]}
    assert by_name.get("Status: indsend", 0) >= 1, short_run.stdout
    assert by_name.get("Status: ret indsendt (ny version)", 0) >= 1, short_run.stdout


def test_it_reports_in_danish_and_drops_its_database(short_run):
    import psycopg2

    assert f"p95 under {load.P95_LIMIT_MS} ms: " in short_run.stdout, short_run.report
    assert "| Anmodning " in short_run.stdout and "| I alt " in short_run.stdout, short_run.report
    database = short_run.database
    connection = psycopg2.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
    )
    with contextlib.closing(connection), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [short_run.database_name])
        assert cursor.fetchone()[0] == 0, f"{short_run.database_name} was left behind"
