"""Benchmark of the key pages: median server time and exact query count, at three portfolio sizes.

    .venv/bin/python -m tests.perf.bench [--sizes 50,1000,3000] [--periods 52] [--repeat 15] [--rebuild]

For each size a database is built once (migrate + generate_portfolio, in a subprocess) and cached:
a SQLite file under var/bench/ named by size, periods, seed and a hash of the migrations and the
generator, so it is rebuilt only when those change (or with --rebuild); `migrate` is run on it before
each run for the third-party apps' migrations, which the name does not cover. With BENCH_DATABASE_URL
(PostgreSQL) a database per size is made on that server instead.

Each size is then measured in its own subprocess, with DATABASE_URL pointing at its database before
Django is set up: django.test.Client, logged in as a plain employee, two warm-up requests per page,
one request under CaptureQueriesContext for the exact query count, then --repeat timed requests.
A page's `before_request` hook runs before each of those requests, outside the timing and the count.

stdout gets one table (and a comparison per page of each larger size against the smallest), then the
dashboard's checks (issue 8, see dashboard_checks); var/bench/results.json gets the same. Progress
goes to stderr. Exit status 1 if a page errors (a check that is IKKE OK is reported, not an error).

To add a page, add one Page to PAGES: Page(label, url or callable returning the url[, status][, hook]
[, user]); `user`, a callable returning a user, requests a page that only some roles see as one of them.

The dashboard (/) has two rows: "Overblik", the cached HTML as users mostly get it, and "Overblik,
gengivet på ny", where the hook bumps the change count (governance.dashboard.dashboard_invalidate, in
its own committed transaction) before each request, so that every measured request renders anew.

PDF section: the Project Board report (governance.board_pdf.render_board_report) for --pdf-sizes
active-project portfolios (default 20,150,1000; --pdf-periods 4 so they build fast), each in its own
cached database. Every render runs in a fresh subprocess; the time is of render_board_report alone
(median of --pdf-repeat, one render for portfolios of 1,000 projects or more) and the memory is the
peak resident set size of that subprocess (its ru_maxrss from resource.getrusage(RUSAGE_SELF),
Django and WeasyPrint included). A second table "PDF: Project Board-rapport" and a line on growth.
--pdf-sizes 0 skips it.

The indsatsplan: every database is built with `generate_portfolio --plan-items` (an approved plan for
next year: 150 ranked items, 1,000 in portfolios of 1,000 projects or more; items beyond the projects
are activities), so the page row "Indsatsplan" shows 150 items at the small size and 1,000 at the large.
Its PDF (governance.plan_pdf.render_plan_pdf, timed alone in a fresh subprocess like the board report)
is rendered for --plan-pdf-items (default 150,1000) in the PDF databases of matching size: a third table
"PDF: Indsatsplan". --plan-pdf-items 0 skips it.
"""

import argparse
import contextlib
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_FILE = BENCH_DIR / "results.json"
GENERATOR = ROOT / "governance" / "management" / "commands" / "generate_portfolio.py"
# The generator and the project modules it builds on (the demo package: its periods on the board
# calendar's rule, its organisation, the synthetic generator and its data).
GENERATOR_SOURCES = [
    GENERATOR,
    ROOT / "governance" / "calendar.py",
    *sorted((ROOT / "governance" / "demo").rglob("*.py")),
]
APPS = ("focusareas", "portfolio", "benefits", "governance")
WARMUPS = 2
BENCH_USERNAME = "bench"
FLOOR_LABEL = "Gulv: triviel visning (login-redirect)"
DASHBOARD_LABEL = "Overblik"
DASHBOARD_COLD_LABEL = "Overblik, gengivet på ny"
# Issue 8: at DASHBOARD_LARGE projects the cached dashboard's median is within GROWTH_BOUND x its median
# at DASHBOARD_SMALL, and within FLOOR_BOUND x the floor's; its query count is the same at every size.
DASHBOARD_SMALL, DASHBOARD_LARGE = 50, 1000
DASHBOARD_GROWTH_BOUND, DASHBOARD_FLOOR_BOUND = 2, 5


PLAN_ITEMS_SMALL, PLAN_ITEMS_LARGE = 150, 1000


def plan_items_for(size):
    """Items in the generated indsatsplan of a database of `size` projects."""
    return PLAN_ITEMS_LARGE if size >= PLAN_ITEMS_LARGE else PLAN_ITEMS_SMALL


def plan_page():
    """The synthetic indsatsplan (next year's, approved)."""
    from governance.models import AnnualPlan

    plan = AnnualPlan.objects.filter(title__startswith="GEN-").order_by("-year").first()
    if plan is None:
        raise LookupError("the benchmark database has no synthetic indsatsplan")
    return f"/plans/{plan.year}/"


def project_with_full_history():
    """The project page of the project with the most submitted status reports (the longest history)."""
    from django.db.models import Count, Q

    from portfolio.models import Project

    project = (
        Project.objects.not_archived()
        .annotate(reports=Count("status_reports", filter=Q(status_reports__state="submitted")))
        .order_by("-reports", "number")
        .first()
    )
    if project is None:
        raise LookupError("the benchmark database has no projects")
    return project.get_absolute_url()


def programme_group_member():
    """A permanent member of the programme group, appointed once in the benchmark database, for the pages
    only the programme group sees (Datakvalitet)."""
    import datetime

    from django.contrib.auth import get_user_model

    from governance.bodies.services import membership_start
    from governance.models import Body, Membership

    user, _ = get_user_model().objects.get_or_create(
        username=f"{BENCH_USERNAME}-programgruppe",
        defaults={"first_name": "Benchmark", "last_name": "Programgruppe"},
    )
    body = Body.objects.filter(kind=Body.Kind.PROGRAMME_GROUP, archived=False).order_by("pk").first()
    if not Membership.objects.filter(body=body, user=user, project__isnull=True).exists():
        membership_start(actor=None, body=body, user=user, start_date=datetime.date(2000, 1, 1))
    return user


def next_board_meeting():
    """The page of the next Project Board meeting (its missing reports and "Siden sidste møde")."""
    from django.utils import timezone

    from portfolio.models import ReportingPeriod

    period = (
        ReportingPeriod.objects.filter(meeting_date__gte=timezone.localdate(), cancelled=False)
        .order_by("meeting_date")
        .first()
    )
    if period is None:
        raise LookupError("the benchmark database has no coming Project Board meeting")
    return f"/board/{period.pk}/"


def invalidate_dashboard():
    """Bump the dashboard's change count in a transaction of its own (committed on return), so that the
    next GET of / misses the cache and renders the dashboard anew."""
    from django.db import transaction

    from governance.dashboard.cache import dashboard_invalidate

    with transaction.atomic():
        dashboard_invalidate()


@dataclass(frozen=True)
class Page:
    """One row of the table.

    target: the URL, or a callable returning it (run inside Django, once per size).
    status: the expected HTTP status of every request.
    user: a callable returning the user the page is requested as (run once per size; default: the plain
    employee every other page is requested as).
    before_request: called before each request of the page (warm-ups, the counted one and every timed
    one), outside the timing and the query count; e.g. to make every request a cache miss."""

    label: str
    target: str | Callable[[], str]
    status: int = 200
    before_request: Callable[[], None] | None = None
    user: Callable[[], object] | None = None


PAGES = [
    Page(DASHBOARD_LABEL, "/"),
    Page(DASHBOARD_COLD_LABEL, "/", before_request=invalidate_dashboard),
    Page("Projektliste", "/projects/"),
    Page("Projektliste, filtreret", "/projects/?phase=gennemfoerelse&ordering=-name"),
    Page("Projektside", project_with_full_history),
    Page("Køreplan", "/roadmap/"),
    Page("Køreplan, filtreret", "/roadmap/?phase=gennemfoerelse&months=24&group=org_unit"),
    Page("Fokusområder", "/focus-areas/"),
    Page("Gevinster", "/benefits/"),
    Page("Gevinstopfølgning", "/benefits/follow-up/"),
    Page("Systemliste", "/systems/"),
    Page("Styring", "/governance/"),
    Page("Organ med 5 års møder", "/governance/bodies/programgruppe/"),
    Page("Indsatsplan", plan_page),
    Page("Kapacitet", "/capacity/"),
    Page("Kapacitet, med udkastet", "/capacity/?scenario=draft"),
    Page("Datakvalitet", "/data-quality/", user=programme_group_member),
    Page("Project Board-møde", next_board_meeting),
    Page(FLOOR_LABEL, "/accounts/login/", 302),
]


# --------------------------------------------------------------------------------------------------
# Building and caching the databases (runs without Django in this process)
# --------------------------------------------------------------------------------------------------


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


def build_commands(size, periods, seed):
    manage = [sys.executable, str(ROOT / "manage.py")]
    return [
        [*manage, "migrate", "--noinput", "-v", "0"],
        [
            *manage,
            "generate_portfolio",
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

    def __init__(self, version):
        self.version = version

    def url(self, key):
        return f"sqlite:///{BENCH_DIR / (key + '.sqlite3')}"

    def exists(self, key):
        return (BENCH_DIR / f"{key}.sqlite3").exists()

    def prepare(self, key):
        building = BENCH_DIR / f"{key}.building.sqlite3"
        building.unlink(missing_ok=True)
        return f"sqlite:///{building}"

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

    def __init__(self, base_url):
        self.base = urlsplit(base_url)
        if self.base.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
            raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL (postgres://user:pw@host:5432/db)")

    def url(self, key):
        return urlunsplit(self.base._replace(path=f"/bench_{key}"))

    def _admin(self):
        import psycopg2

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
    """Build the missing databases, all sizes in parallel (each build is one process). Returns {size: url}."""
    version = code_version()
    urls, pending = {}, []
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
        commands = build_commands(size, periods, seed)
        script = " && ".join(subprocess.list2cmdline(command) for command in commands)
        log_file = log_path.open("w", encoding="utf-8")
        process = subprocess.Popen(  # noqa: S602 - our own fixed command line, no user input
            script,
            shell=True,
            cwd=ROOT,
            env=django_env(build_url, DEBUG="1"),
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
            log(f"{size} projekter: bygget på {time.perf_counter() - started:.0f} s")
        else:
            store.discard(key)
            tail = "".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines(True)[-30:])
            log(f"{size} projekter: byggeriet fejlede (exit {returncode}):\n{tail}")
            failed.append(size)
    if failed:
        raise SystemExit(2)
    migrate_databases(urls)
    return urls


def migrate_databases(urls):
    """Apply any migrations a cached database lacks. The cache key covers the project's own migrations,
    not those of the third-party apps in INSTALLED_APPS (e.g. django-axes): an app added since the build
    gets its tables here, in a second or two, instead of the database being rebuilt."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for size, url in urls.items():
        result = subprocess.run(  # noqa: S603 - our own fixed command line
            [*manage, "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=django_env(url, DEBUG="1"),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            log(f"{size} projekter: migrate fejlede (exit {result.returncode}):\n{result.stderr}")
            raise SystemExit(2)


# --------------------------------------------------------------------------------------------------
# Measuring (runs in a subprocess per size, with Django set up for that size's database)
# --------------------------------------------------------------------------------------------------


def measure(repeat):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portfolio.models import Project

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
            timings = []
            for _ in range(repeat):
                before_request()
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                check_status(response, page.status)
            row.update(
                status=response.status_code,
                median_ms=round(statistics.median(timings), 2),
                min_ms=round(min(timings), 2),
                max_ms=round(max(timings), 2),
            )
        except Exception as error:  # noqa: BLE001 - reported in the table and the exit status
            row["error"] = f"{type(error).__name__}: {error}"
    return results


def check_status(response, expected):
    if response.status_code != expected:
        raise AssertionError(f"HTTP {response.status_code}, ventede {expected}")


def run_measurement(size, url, repeat):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [
            sys.executable,
            "-m",
            "tests.perf.bench",
            "--measure",
            "--repeat",
            str(repeat),
            "--out",
            str(out),
        ]
        result = subprocess.run(command, cwd=ROOT, env=django_env(url, DEBUG="0"), check=False)  # noqa: S603
        text = out.read_text(encoding="utf-8")
        if result.returncode != 0 or not text:
            return [
                {
                    "label": page.label,
                    "projects": size,
                    "error": f"målingen fejlede (exit {result.returncode})",
                }
                for page in PAGES
            ]
        return json.loads(text)
    finally:
        out.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------------
# PDF: the Project Board report (one render per subprocess)
# --------------------------------------------------------------------------------------------------

PDF_LABEL = "PDF: Project Board-rapport"
PDF_SINGLE_RENDER_FROM = 1000  # portfolios this large are rendered once, not --pdf-repeat times


def board_period():
    """The newest period with submitted reports: the meeting the generated portfolio reports to."""
    from portfolio.models import ReportingPeriod

    period = (
        ReportingPeriod.objects.filter(cancelled=False, status_reports__state="submitted")
        .order_by("-meeting_date")
        .first()
    )
    if period is None:
        raise LookupError("the benchmark database has no submitted status reports")
    return period


def pdf_pages(pdf: bytes):
    """The page count by pdfinfo (poppler-utils), or None where it is missing."""
    import re
    import shutil

    if shutil.which("pdfinfo") is None:
        return None
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False)  # noqa: S603,S607
    match = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(match[1]) if match else None


def render_pdf_once(active):
    """In a fresh subprocess: render the report once; its time, pages and this process's peak RSS.

    The database holds a few more active projects than asked for (the generator draws phases at
    random); the surplus is archived inside a transaction that is rolled back after the render."""
    import logging
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")
    django.setup()
    from django.db import transaction

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page otherwise

    from governance.board.pdf import render_board_report
    from governance.board.selectors import board_report_data
    from portfolio.models import Project

    period = board_period()
    with transaction.atomic():
        surplus = list(Project.objects.active().order_by("-number").values_list("pk", flat=True))
        surplus = surplus[: max(len(surplus) - active, 0)]
        Project.objects.filter(pk__in=surplus).update(archived=True)
        projects = Project.objects.active().count()
        started = time.perf_counter()
        pdf = render_board_report(board_report_data(period))
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "projects": projects,
        "seconds": seconds,
        "pages": pdf_pages(pdf),
        "bytes": len(pdf),
        "peak_mb": round(peak_kb / 1024, 1),
    }


def render_plan_pdf_once(items):
    """In a fresh subprocess: render the synthetic indsatsplan of `items` items once (as the board report)."""
    import logging
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    from governance.models import AnnualPlan
    from governance.plans.pdf import render_plan_pdf
    from governance.plans.selectors import plan_pdf_data

    plan = AnnualPlan.objects.filter(title__startswith="GEN-").order_by("-year").get()
    count = plan.items.count()
    if count != items:
        raise LookupError(f"the synthetic plan has {count} items, not {items}")
    started = time.perf_counter()
    pdf = render_plan_pdf(plan_pdf_data(plan))
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "projects": count,
        "seconds": seconds,
        "pages": pdf_pages(pdf),
        "bytes": len(pdf),
        "peak_mb": round(peak_kb / 1024, 1),
    }


PLAN_PDF_LABEL = "PDF: Indsatsplan"


def run_pdf_measurement(size, url, repeat, *, plan=False):
    runs = 1 if size >= PDF_SINGLE_RENDER_FROM else repeat
    row = {"label": PLAN_PDF_LABEL if plan else PDF_LABEL, "size": size, "renders": runs}
    timings, peaks = [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = Path(handle.name)
        try:
            command = [
                sys.executable,
                "-m",
                "tests.perf.bench",
                "--render-plan-pdf" if plan else "--render-pdf",
                str(size),
                "--out",
                str(out),
            ]
            result = subprocess.run(command, cwd=ROOT, env=django_env(url, DEBUG="0"), check=False)  # noqa: S603
            text = out.read_text(encoding="utf-8")
            if result.returncode != 0 or not text:
                row["error"] = f"gengivelsen fejlede (exit {result.returncode})"
                return row
            run = json.loads(text)
        finally:
            out.unlink(missing_ok=True)
        timings.append(run["seconds"])
        peaks.append(run["peak_mb"])
        row.update(projects=run["projects"], pages=run["pages"], bytes=run["bytes"])
    row.update(
        median_s=round(statistics.median(timings), 2),
        min_s=round(min(timings), 2),
        max_s=round(max(timings), 2),
        peak_mb=max(peaks),
    )
    return row


def render_pdf_table(rows, *, label=PDF_LABEL, unit=("Projekter", "projekt", "projekter")):
    header = (unit[0], "Sider", "Tid (s)", "Maks. hukommelse (MB)")
    body = [
        (
            str(r.get("projects", r["size"])),
            str(r.get("pages") or "?") if "error" not in r else "FEJL",
            f"{r['median_s']:.2f}" if "median_s" in r else "FEJL",
            f"{r['peak_mb']:.0f}" if "peak_mb" in r else "FEJL",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(f"{cell:>{w}}" for cell, w in zip(cells, widths, strict=True)) + " |"

    out = [label, line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in body]
    out.append(
        f"Tid: median af gengivelser i hver sin nye proces (én ved 1.000+ {unit[2]}); "
        "hukommelse: procesens højeste RSS (ru_maxrss), Django og WeasyPrint medregnet."
    )
    ok = [r for r in rows if "median_s" in r and r.get("projects")]
    if len(ok) >= 2:  # noqa: PLR2004
        middle = next((r for r in ok if r["size"] == 150), ok[-2])
        large = ok[-1]
        per_middle = middle["median_s"] / middle["projects"] * 1000
        per_large = large["median_s"] / large["projects"] * 1000
        out.append(
            f"Vækst: {per_middle:.1f} ms pr. {unit[1]} ved {middle['projects']} {unit[2]}, "
            f"{per_large:.1f} ms pr. {unit[1]} ved {large['projects']} "
            f"(x{per_large / per_middle:.2f}; 1,00 er lineært)"
        )
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------------


def result_for(results, label, size):
    return next((r for r in results if r["label"] == label and r["size"] == size), {})


def comparisons(results, sizes):
    """Per page, each larger size against the smallest."""
    small = min(sizes)
    lines = []
    for page in PAGES:
        for large in sizes:
            if large == small:
                continue
            a, b = result_for(results, page.label, small), result_for(results, page.label, large)
            entry = {"label": page.label, "small": small, "large": large}
            if "median_ms" in a and "median_ms" in b:
                entry.update(
                    median_ratio=round(b["median_ms"] / a["median_ms"], 2) if a["median_ms"] else None,
                    queries_small=a["queries"],
                    queries_large=b["queries"],
                    queries_equal=a["queries"] == b["queries"],
                )
            else:
                entry["error"] = True
            lines.append(entry)
    return lines


def dashboard_checks(results, sizes):
    """Issue 8's three checks of / (the cached row "Overblik"), and the same figures of the row rendered
    anew. Each check is a dict with its line and `ok`: True, False, or None (for information only: the
    bounds on the median are the cached page's; a new rendering is not expected to meet them)."""
    floor = result_for(results, FLOOR_LABEL, DASHBOARD_LARGE)
    checks = []
    for label, binding in ((DASHBOARD_LABEL, True), (DASHBOARD_COLD_LABEL, False)):
        large = result_for(results, label, DASHBOARD_LARGE)
        small = result_for(results, label, DASHBOARD_SMALL)
        checks += [
            queries_check(results, label, sizes),
            ratio_check(
                label,
                "growth",
                large,
                small,
                f"median ved {DASHBOARD_SMALL} projekter",
                DASHBOARD_GROWTH_BOUND,
                binding=binding,
            ),
            ratio_check(
                label, "floor", large, floor, "gulvets median", DASHBOARD_FLOOR_BOUND, binding=binding
            ),
        ]
    return checks


def queries_check(results, label, sizes):
    rows = [result_for(results, label, size) for size in sizes]
    check = {"label": label, "check": "queries_constant"}
    if not all("queries" in row for row in rows):
        return {**check, "ok": False, "line": "forespørgsler: FEJL i målingen"}
    counts = {size: row["queries"] for size, row in zip(sizes, rows, strict=True)}
    constant = len(set(counts.values())) == 1
    figures = str(rows[0]["queries"]) if constant else " / ".join(map(str, counts.values()))
    line = (
        f"forespørgsler {'ens' if constant else 'FORSKELLIGE'} ved alle størrelser: {figures} "
        f"({' / '.join(map(str, sizes))} projekter)"
    )
    return {**check, "ok": constant, "queries": counts, "line": line}


def ratio_check(label, name, large, base, base_name, bound, *, binding):
    check = {"label": label, "check": name, "bound": bound}
    title = f"median ved {DASHBOARD_LARGE} projekter mod {base_name}"
    if not base.get("median_ms") or "median_ms" not in large:
        return {**check, "ok": None, "measured": False, "line": f"{title}: kan ikke vurderes"}
    ratio = large["median_ms"] / base["median_ms"]
    figures = f"x{ratio:.2f} ({large['median_ms']:.1f} / {base['median_ms']:.1f} ms)"
    if binding:
        line = f"{title}: {figures}, højst x{bound}"
    else:
        line = f"{title}: {figures}; grænsen x{bound} gælder den cachede side"
        if name == "floor":
            line += " og ventes ikke nået af en ny gengivelse"
    return {**check, "ok": ratio <= bound if binding else None, "ratio": round(ratio, 2), "line": line}


def render_dashboard_checks(checks):
    out = [f"Krav til {DASHBOARD_LABEL} (/), issue 8:"]

    def mark(check):
        if check.get("measured") is False:
            return "ikke målt"
        return {True: "OK", False: "IKKE OK", None: "til orientering"}[check["ok"]]

    for label, title in (
        (DASHBOARD_LABEL, "fra cachen, som brugerne oftest får den"),
        (DASHBOARD_COLD_LABEL, "efter hver ændring; kun til orientering, bortset fra forespørgslerne"),
    ):
        out.append(f"  {label} ({title}):")
        out += [f"    [{mark(c)}] {c['line']}" for c in checks if c["label"] == label]
    return "\n".join(out)


def render_table(results, compared):
    header = ("Side", "Projekter", "Median (ms)", "Forespørgsler")
    rows = [
        (
            r["label"],
            str(r["size"]),
            f"{r['median_ms']:.1f}" if "median_ms" in r else "FEJL",
            str(r["queries"]) if "queries" in r else "FEJL",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    align = ("<", ">", ">", ">")

    def line(cells):
        padded = (f"{cell:{a}{w}}" for cell, a, w in zip(cells, align, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows]
    out.append("")
    for c in compared:
        if c.get("error"):
            out.append(f"{c['label']}: {c['large']} mod {c['small']} projekter: kan ikke sammenlignes (fejl)")
            continue
        ratio = f"{c['median_ratio']:.2f}" if c["median_ratio"] is not None else "-"
        same = "ens" if c["queries_equal"] else "FORSKELLIGE"
        out.append(
            f"{c['label']}: {c['large']} mod {c['small']} projekter: median x{ratio}, "
            f"forespørgsler {same} ({c['queries_large']} / {c['queries_small']})"
        )
    return "\n".join(out)


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,1000,3000", help="portfolio sizes (projects), comma-separated")
    parser.add_argument("--periods", type=int, default=52, help="biweekly reporting periods")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--pdf-sizes", default="20,150,1000", help="active projects per PDF row (0: none)")
    parser.add_argument("--pdf-periods", type=int, default=4, help="reporting periods of the PDF databases")
    parser.add_argument("--pdf-repeat", type=int, default=3, help="renders per PDF size (median)")
    parser.add_argument(
        "--plan-pdf-items",
        default=f"{PLAN_ITEMS_SMALL},{PLAN_ITEMS_LARGE}",
        help=f"indsatsplan PDF sizes in items: {PLAN_ITEMS_SMALL} and/or {PLAN_ITEMS_LARGE} (0: none)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--render-pdf", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--render-plan-pdf", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes whole numbers, e.g. 50,1000")
    try:
        args.pdf_sizes = sorted({int(size) for size in args.pdf_sizes.split(",") if size.strip()} - {0})
    except ValueError:
        parser.error("--pdf-sizes takes whole numbers, e.g. 20,150,1000")
    try:
        args.plan_pdf_items = sorted(
            {int(size) for size in args.plan_pdf_items.split(",") if size.strip()} - {0}
        )
    except ValueError:
        parser.error("--plan-pdf-items takes whole numbers, e.g. 150,1000")
    if set(args.plan_pdf_items) - {PLAN_ITEMS_SMALL, PLAN_ITEMS_LARGE}:
        parser.error(
            f"--plan-pdf-items: the databases hold plans of {PLAN_ITEMS_SMALL} or {PLAN_ITEMS_LARGE} items"
        )
    if args.pdf_sizes and (min(args.pdf_sizes) < 1 or args.pdf_periods < 1 or args.pdf_repeat < 1):
        parser.error("PDF sizes, periods and repeat must be positive")
    if not args.sizes or min(args.sizes) < 1 or args.periods < 1 or args.repeat < 1:
        parser.error("sizes, periods and repeat must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.render_pdf:
        Path(args.out).write_text(json.dumps(render_pdf_once(args.render_pdf)), encoding="utf-8")
        return 0
    if args.render_plan_pdf:
        Path(args.out).write_text(json.dumps(render_plan_pdf_once(args.render_plan_pdf)), encoding="utf-8")
        return 0
    if args.measure:
        results = measure(args.repeat)
        Path(args.out).write_text(json.dumps(results), encoding="utf-8")
        return 0

    started = time.perf_counter()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    bench_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    store = PostgresStore(bench_url) if bench_url else SqliteStore(code_version())
    urls = build_databases(store, args.sizes, args.periods, args.seed, args.rebuild)

    results = []
    for size in args.sizes:
        log(f"{size} projekter: måler {len(PAGES)} sider ({WARMUPS} opvarmninger + {args.repeat} målinger)")
        for row in run_measurement(size, urls[size], args.repeat):
            row["size"] = size
            results.append(row)
    compared = comparisons(results, args.sizes)
    checks = dashboard_checks(results, args.sizes)

    print(render_table(results, compared))
    print()
    print(render_dashboard_checks(checks))

    pdf_results = []
    # Generated portfolios are ~85 % active: build enough projects for the asked active counts. The plan
    # PDFs use the databases of 150 and 1,000 active projects (plans of 150 and 1,000 items).
    builds = {size: -(-size * 100 // 75) + 5 for size in args.pdf_sizes}
    plan_builds = {items: -(-items * 100 // 75) + 5 for items in args.plan_pdf_items}
    if builds or plan_builds:
        pdf_urls = build_databases(
            store,
            sorted({*builds.values(), *plan_builds.values()}),
            args.pdf_periods,
            args.seed,
            args.rebuild,
        )
    for size in args.pdf_sizes:
        log(f"PDF, ca. {size} aktive projekter: gengiver")
        pdf_results.append(run_pdf_measurement(size, pdf_urls[builds[size]], args.pdf_repeat))
    if args.pdf_sizes:
        print()
        print(render_pdf_table(pdf_results))
    plan_pdf_results = []
    for items in args.plan_pdf_items:
        log(f"PDF, indsatsplan med {items} punkter: gengiver")
        plan_pdf_results.append(
            run_pdf_measurement(items, pdf_urls[plan_builds[items]], args.pdf_repeat, plan=True)
        )
    if plan_pdf_results:
        print()
        print(render_pdf_table(plan_pdf_results, label=PLAN_PDF_LABEL, unit=("Punkter", "punkt", "punkter")))
    pdf_results += plan_pdf_results
    errors = [r for r in results + pdf_results if "error" in r]
    RESULTS_FILE.write_text(
        json.dumps(
            {
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": store.name,
                "code_version": code_version(),
                "sizes": args.sizes,
                "periods": args.periods,
                "seed": args.seed,
                "repeat": args.repeat,
                "warmups": WARMUPS,
                "results": results,
                "comparisons": compared,
                "dashboard_checks": checks,
                "pdf_periods": args.pdf_periods,
                "pdf": pdf_results,
                "ok": not errors,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    log(f"resultater i {RESULTS_FILE.relative_to(ROOT)}; i alt {time.perf_counter() - started:.0f} s")
    for row in errors:
        log(f"FEJL: {row['label']} ({row['size']} projekter): {row['error']}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
