"""Measuring the pages, in a subprocess per size with DATABASE_URL set before Django is set up.

django.test.Client, logged in as a plain employee (or the page's own user), WARMUPS warm-up requests per
page, one request under CaptureQueriesContext for the exact query count, then --repeat timed requests.
A page's `before_request` hook runs before each of those requests, outside the timing and the count.

Each timed request also sums the time of its queries (connection.execute_wrapper) and of fetching their
rows: the SQL column is the median of those sums, the floor no template trick can beat; the rest is
Python and templates. The fetches count because SQLite computes the rows after the first while they are
fetched (a 5,000-row export: 0.1 s in execute, 0.9 s in fetchmany); execute_wrapper does not see them,
so the measuring process times the cursor's fetch methods too (time_fetches).
"""

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.perf.bench.databases import ROOT, django_env
from tests.perf.bench.pages import BENCH_USERNAME, PAGES

WARMUPS = 2
# The API's throttle (per user) would answer the bench's many requests with 429.
MEASURE_ENV = {"DEBUG": "0", "API_THROTTLE_RATE": "1000000/hour"}


class SqlTimer:
    """An execute_wrapper that adds up the time of every query run under it, and, once time_fetches has
    run, of fetching their rows."""

    active = None  # the timer of the request being measured: the fetches add to it

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started

    def __enter__(self):
        SqlTimer.active = self
        return self

    def __exit__(self, *exc):
        SqlTimer.active = None


def timed_fetch(name):
    def fetch(self, *args):
        started = time.perf_counter()
        try:
            return self.db.wrap_database_errors(getattr(self.cursor, name))(*args)
        finally:
            if SqlTimer.active is not None:
                SqlTimer.active.seconds += time.perf_counter() - started

    return fetch


def time_fetches():
    """Django's cursor wrapper hands fetchone/fetchmany/fetchall to the driver's cursor through
    __getattr__; methods of those names on the class come first and time them. Measuring process only."""
    from django.db.backends.utils import CursorWrapper

    for name in ("fetchone", "fetchmany", "fetchall"):
        setattr(CursorWrapper, name, timed_fetch(name))


def measure(repeat):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portfolio.models import Project

    time_fetches()
    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"first_name": "Benchmark", "last_name": "Bruger"}
    )
    client = Client()
    client.force_login(user)
    projects = Project.objects.not_archived().count()
    results = []
    for page in PAGES:
        row = {"label": page.label, "projects": projects, "expected_status": page.status}
        results.append(row)
        before_request = page.before_request or (lambda: None)
        try:
            client.force_login(page.user() if page.user else user)
            url = page.target() if callable(page.target) else page.target
            row["url"] = url
            for _ in range(WARMUPS):
                before_request()
                check_status(client.get(url), page.status)
            before_request()
            with CaptureQueriesContext(connection) as queries:
                check_status(client.get(url), page.status)
            row["queries"] = len(queries.captured_queries)
            gc.collect()
            timings, sql = [], []
            for _ in range(repeat):
                before_request()
                with SqlTimer() as timer, connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                sql.append(timer.seconds * 1000)
                check_status(response, page.status)
            row.update(status=response.status_code, timings_ms=timings, sql_timings_ms=sql)
        except Exception as error:  # noqa: BLE001 - reported in the table and the exit status
            row["error"] = f"{type(error).__name__}: {error}"
    return results


def check_status(response, expected):
    if response.status_code != expected:
        raise AssertionError(f"HTTP {response.status_code}, ventede {expected}")


def run_child(arguments, database_url, **env):
    """`python -m tests.perf.bench <arguments> --out <file>` against `database_url`: its JSON, or None
    and the exit status when it failed."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [sys.executable, "-m", "tests.perf.bench", *map(str, arguments), "--out", str(out)]
        result = subprocess.run(  # noqa: S603 - our own fixed command line
            command, cwd=ROOT, env=django_env(database_url, **{**MEASURE_ENV, **env}), check=False
        )
        text = out.read_text(encoding="utf-8")
        if result.returncode != 0 or not text:
            return None, result.returncode
        return json.loads(text), 0
    finally:
        out.unlink(missing_ok=True)


def run_measurement(size, url, repeat):
    """One subprocess's rows for `size`: each page's raw timings (timings_ms, sql_timings_ms)."""
    results, returncode = run_child(["--measure", "--repeat", repeat], url)
    if results is None:
        return [
            {"label": page.label, "projects": size, "error": f"målingen fejlede (exit {returncode})"}
            for page in PAGES
        ]
    return results


def round_sizes(repeat: int, rounds: int) -> list[int]:
    """`repeat` timed requests split over at most `rounds` rounds, as evenly as may be (7 in 3: 3, 2, 2)."""
    rounds = max(1, min(rounds, repeat))
    return [repeat // rounds + (1 if i < repeat % rounds else 0) for i in range(rounds)]


def measure_interleaved(urls: dict, repeat: int, rounds: int, log=lambda text: None) -> list[dict]:
    """Every size measured in `rounds` rounds, each round a subprocess per size in turn, and each page's
    timings of all rounds pooled: a drift of the machine's speed while the bench runs (another process, a
    warm or cold cache, the CPU's clock) falls on every size alike rather than on the size measured
    during it, which the ratios between sizes would show as growth."""
    pooled: dict = {}
    order = []
    for number, count in enumerate(round_sizes(repeat, rounds), start=1):
        for size, url in urls.items():
            timed = f"{count} måling" + ("er" if count != 1 else "")
            pages = f"{len(PAGES)} sider, {WARMUPS} opvarmninger + {timed}"
            log(f"{size} projekter, runde {number}: {pages}")
            for row in run_measurement(size, url, count):
                key = (size, row["label"])
                if key not in pooled:
                    pooled[key] = {**row, "size": size, "timings_ms": [], "sql_timings_ms": []}
                    order.append(key)
                kept = pooled[key]
                if "error" in row:
                    kept["error"] = row["error"]
                    continue
                if kept.get("queries") != row.get("queries"):
                    counts = f"{kept.get('queries')}, {row.get('queries')}"
                    kept["error"] = f"antal forespørgsler skiftede mellem runderne: {counts}"
                kept["timings_ms"] += row["timings_ms"]
                kept["sql_timings_ms"] += row["sql_timings_ms"]
    results = []
    for key in order:
        row = pooled[key]
        timings, sql = row.pop("timings_ms"), row.pop("sql_timings_ms")
        if "error" not in row and timings:
            row.update(
                median_ms=round(statistics.median(timings), 2),
                min_ms=round(min(timings), 2),
                max_ms=round(max(timings), 2),
                sql_ms=round(statistics.median(sql), 2),
            )
        results.append(row)
    return results
