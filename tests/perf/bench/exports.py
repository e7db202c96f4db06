"""Exports section: the project list's CSV and Excel downloads of whole portfolios (--export-sizes, by
default 1,000 and 5,000 projects, in the page databases), each in a fresh subprocess.

The subprocess sets up Django, makes one export of no rows (so that every module, openpyxl included, is
loaded and every cache warm), notes its peak resident set size (ru_maxrss), then requests the whole
export as the bench user and reads the streamed body chunk by chunk without keeping it. The time is of
that request and its body; the growth is the peak after it less the peak before. Constant memory: the
growth is the same at 1,000 and 5,000 projects; linear time: the time per row is.
"""

import os
import resource
import time

from tests.perf.bench.measure import SqlTimer, run_child, time_fetches
from tests.perf.bench.pages import BENCH_USERNAME
from tests.perf.bench.report import markdown_table

EXPORT_LABEL = "Eksport: projektlisten"
EXPORT_FORMATS = ("csv", "xlsx")
# A search nothing matches: the warm-up export has the header and no rows.
EMPTY_QUERY = "?q=ingen-projekter-hedder-saadan"


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def body_size(response):
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def export_once(extension):
    """In a fresh subprocess: one whole export of the project list; its rows, size, time and memory."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from portfolio.models import Project

    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"first_name": "Benchmark", "last_name": "Bruger"}
    )
    time_fetches()
    client = Client()
    client.force_login(user)
    url = f"/projects/export.{extension}"
    body_size(client.get(url + EMPTY_QUERY))
    before = peak_mb()
    with SqlTimer() as timer, connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(url)
        size = body_size(response)
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise AssertionError(f"HTTP {response.status_code}")
    return {
        "projects": Project.objects.not_archived().count(),
        "streamed": response.streaming,
        "bytes": size,
        "seconds": round(seconds, 3),
        "sql_seconds": round(timer.seconds, 3),
        "before_mb": round(before, 1),
        "peak_mb": round(peak_mb(), 1),
    }


def run_export_measurement(size, url, extension):
    row = {"label": EXPORT_LABEL, "format": extension, "size": size}
    run, returncode = run_child(["--export", extension], url)
    if run is None:
        return {**row, "error": f"eksporten fejlede (exit {returncode})"}
    return {**row, **run, "growth_mb": round(run["peak_mb"] - run["before_mb"], 1)}


def render_export_table(rows):
    header = (
        "Format",
        "Projekter",
        "Strømmet",
        "Størrelse (kB)",
        "Tid (s)",
        "SQL (s)",
        "ms pr. 1.000 rækker",
    )
    header += ("RSS før (MB)", "Maks. RSS (MB)", "Vækst (MB)")
    body = []
    for r in rows:
        if "error" in r:
            body.append((r["format"], str(r["size"]), *(["FEJL"] * (len(header) - 2))))
            continue
        body.append(
            (
                r["format"],
                str(r["projects"]),
                "ja" if r["streamed"] else "nej",
                f"{r['bytes'] / 1024:.0f}",
                f"{r['seconds']:.2f}",
                f"{r['sql_seconds']:.2f}",
                f"{r['seconds'] / r['projects'] * 1e6:.0f}",
                f"{r['before_mb']:.0f}",
                f"{r['peak_mb']:.0f}",
                f"{r['growth_mb']:.1f}",
            )
        )
    out = [EXPORT_LABEL, *markdown_table(header, body, ("<", *(">" for _ in header[1:])))]
    out.append(
        "Vækst: højeste RSS (ru_maxrss) efter eksporten minus før (efter en tom eksport); "
        "hver eksport i sin egen nye proces."
    )
    for extension in EXPORT_FORMATS:
        measured = [r for r in rows if r["format"] == extension and "error" not in r]
        if len(measured) < 2:
            continue
        small, large = measured[0], measured[-1]
        per_row = (large["seconds"] / large["projects"]) / (small["seconds"] / small["projects"])
        out.append(
            f"{extension}: tid pr. række ved {large['projects']} mod {small['projects']} projekter "
            f"x{per_row:.2f} (1,00 er lineært); hukommelsens vækst {small['growth_mb']:.1f} / "
            f"{large['growth_mb']:.1f} MB"
        )
        out += export_goal_lines(extension, measured, per_row)
    return "\n".join(out)


# Issue 22: the exports in constant memory (past the first rows read, the largest export's growth at most
# MEMORY_SLACK_MB above the next size's) and time linear in rows (per row at most TIME_GROWTH_BOUND x).
MEMORY_SLACK_MB = 5
TIME_GROWTH_BOUND = 1.5


def export_goal_lines(extension, measured, per_row) -> list[str]:
    def mark(ok):
        return "[OK]" if ok else "[IKKE OK]"

    small, large = measured[0], measured[-1]
    lines = [
        f"  {mark(per_row <= TIME_GROWTH_BOUND)} {extension}: tid pr. række ved {large['projects']} mod "
        f"{small['projects']} projekter x{per_row:.2f}, højst x{TIME_GROWTH_BOUND}"
    ]
    middle = measured[-2]
    ok = large["growth_mb"] <= middle["growth_mb"] + MEMORY_SLACK_MB
    lines.append(
        f"  {mark(ok)} {extension}: hukommelsens vækst ved {large['projects']} projekter "
        f"{large['growth_mb']:.1f} MB mod {middle['growth_mb']:.1f} MB ved {middle['projects']}, "
        f"højst {MEMORY_SLACK_MB} MB mere"
    )
    return lines
