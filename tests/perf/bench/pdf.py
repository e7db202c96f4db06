"""PDF section: the Project Board report and the indsatsplan, each render in a fresh subprocess.

Board report (governance.board.pdf.render_board_report) for --pdf-sizes active-project portfolios
(default 20,150,1000; --pdf-periods 4 so they build fast), each in its own cached database. The time is
of the render alone (median of --pdf-repeat, one render from 1,000 projects); the memory is the peak
resident set size of the subprocess (ru_maxrss, Django and WeasyPrint included).

Indsatsplan (governance.plans.pdf.render_plan_pdf), timed alike, for --plan-pdf-items (150 and/or
1,000) in the PDF databases of matching size.
"""

import logging
import os
import re
import resource
import shutil
import statistics
import subprocess
import time

from tests.perf.bench.measure import run_child

PDF_LABEL = "PDF: Project Board-rapport"
# Issue 22's goals for the board report: the worker's peak at 1,000 active projects, the time at 150, and
# the time per project at the largest size against 150 (1.00 is linear).
BOARD_PEAK_GOAL = (1000, 500)  # projects, MB
BOARD_TIME_GOAL = (150, 10)  # projects, seconds
BOARD_GROWTH_BOUND = 1.5
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
    if shutil.which("pdfinfo") is None:
        return None
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False)  # noqa: S603,S607
    match = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(match[1]) if match else None


def render_pdf_once(active):
    """In a fresh subprocess: render the report once; its time, pages and this process's peak RSS.

    The database holds a few more active projects than asked for (the generator draws phases at
    random); the surplus is archived inside a transaction that is rolled back after the render."""
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
        run, returncode = run_child(["--render-plan-pdf" if plan else "--render-pdf", size], url)
        if run is None:
            row["error"] = f"gengivelsen fejlede (exit {returncode})"
            return row
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
    if label == PDF_LABEL:
        out += board_goal_lines(rows)
    return "\n".join(out)


def _mark(ok: bool) -> str:
    return "[OK]" if ok else "[IKKE OK]"


def board_goal_lines(rows) -> list[str]:
    """Issue 22's goals for the board report, each with OK / IKKE OK, for the sizes measured."""
    by_size = {r["size"]: r for r in rows if "median_s" in r}
    lines = ["Mål (issue 22) for Project Board-rapporten:"]
    size, limit = BOARD_PEAK_GOAL
    if size in by_size:
        peak = by_size[size]["peak_mb"]
        lines.append(
            f"  {_mark(peak < limit)} maks. hukommelse ved {size} projekter: {peak:.0f} MB, under {limit} MB"
        )
    size, limit = BOARD_TIME_GOAL
    if size in by_size:
        seconds = by_size[size]["median_s"]
        lines.append(f"  {_mark(seconds < limit)} tid ved {size} projekter: {seconds:.2f} s, under {limit} s")
    if BOARD_TIME_GOAL[0] in by_size and len(by_size) >= 2 and max(by_size) > BOARD_TIME_GOAL[0]:  # noqa: PLR2004
        middle, large = by_size[BOARD_TIME_GOAL[0]], by_size[max(by_size)]
        ratio = (large["median_s"] / large["projects"]) / (middle["median_s"] / middle["projects"])
        lines.append(
            f"  {_mark(ratio <= BOARD_GROWTH_BOUND)} tid pr. projekt ved {large['projects']} mod "
            f"{middle['projects']} projekter: x{ratio:.2f}, højst x{BOARD_GROWTH_BOUND}"
        )
    return lines
