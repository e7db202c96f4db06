"""`python -m tests.perf.bench`: build or reuse the databases, measure, print the tables, write results.json.

The hidden options (--measure, --render-pdf, --render-plan-pdf, --export) are the subprocesses' own
entry points: each measures in a fresh process against the DATABASE_URL it was started with.
"""

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.perf.bench import __doc__ as bench_doc
from tests.perf.bench.databases import (
    BENCH_DIR,
    PLAN_ITEMS_LARGE,
    PLAN_ITEMS_SMALL,
    ROOT,
    PostgresStore,
    SqliteStore,
    build_databases,
    code_version,
    log,
)
from tests.perf.bench.exports import EXPORT_FORMATS, export_once, render_export_table, run_export_measurement
from tests.perf.bench.measure import WARMUPS, measure, measure_interleaved
from tests.perf.bench.pdf import (
    PLAN_PDF_LABEL,
    render_pdf_once,
    render_pdf_table,
    render_plan_pdf_once,
    run_pdf_measurement,
)
from tests.perf.bench.report import (
    comparisons,
    dashboard_checks,
    goal_checks,
    load_average,
    render_dashboard_checks,
    render_goals,
    render_load,
    render_table,
)

RESULTS_FILE = BENCH_DIR / "results.json"
DEFAULT_EXPORT_SIZES = (1000, 5000)


def whole_numbers(parser, option, text):
    try:
        return sorted({int(size) for size in text.split(",") if size.strip()} - {0})
    except ValueError:
        parser.error(f"{option} takes whole numbers, e.g. 50,1000")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench", description=bench_doc.split("\n")[0])
    parser.add_argument("--sizes", default="50,1000,5000", help="portfolio sizes (projects), comma-separated")
    parser.add_argument("--periods", type=int, default=52, help="biweekly reporting periods")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds the sizes take turns in (the timings pooled per page)"
    )
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
    parser.add_argument(
        "--export-sizes",
        help="export the portfolios of these of --sizes (default: 1000 and 5000 if measured; 0: none)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--render-pdf", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--render-plan-pdf", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--export", choices=EXPORT_FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = whole_numbers(parser, "--sizes", args.sizes)
    args.pdf_sizes = whole_numbers(parser, "--pdf-sizes", args.pdf_sizes)
    args.plan_pdf_items = whole_numbers(parser, "--plan-pdf-items", args.plan_pdf_items)
    if args.export_sizes is None:
        args.export_sizes = [size for size in DEFAULT_EXPORT_SIZES if size in args.sizes]
    else:
        args.export_sizes = whole_numbers(parser, "--export-sizes", args.export_sizes)
    if set(args.plan_pdf_items) - {PLAN_ITEMS_SMALL, PLAN_ITEMS_LARGE}:
        parser.error(
            f"--plan-pdf-items: the databases hold plans of {PLAN_ITEMS_SMALL} or {PLAN_ITEMS_LARGE} items"
        )
    if set(args.export_sizes) - set(args.sizes):
        parser.error("--export-sizes: each must be one of --sizes (the exports use the page databases)")
    if args.pdf_sizes and (min(args.pdf_sizes) < 1 or args.pdf_periods < 1 or args.pdf_repeat < 1):
        parser.error("PDF sizes, periods and repeat must be positive")
    if not args.sizes or min(args.sizes) < 1 or args.periods < 1 or args.repeat < 1 or args.rounds < 1:
        parser.error("sizes, periods, repeat and rounds must be positive")
    return args


def run_child_entry(args):
    """The subprocesses' side: measure once, write the JSON to --out."""
    if args.render_pdf:
        result = render_pdf_once(args.render_pdf)
    elif args.render_plan_pdf:
        result = render_plan_pdf_once(args.render_plan_pdf)
    elif args.export:
        result = export_once(args.export)
    else:
        result = measure(args.repeat)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")
    return 0


def measure_pdfs(store, args):
    """The PDF section's rows. Generated portfolios are ~85 % active: enough projects are built for the
    asked active counts; the plan PDFs use the databases of 150 and 1,000 active projects."""
    builds = {size: -(-size * 100 // 75) + 5 for size in args.pdf_sizes}
    plan_builds = {items: -(-items * 100 // 75) + 5 for items in args.plan_pdf_items}
    if not builds and not plan_builds:
        return [], []
    pdf_urls, _ = build_databases(
        store, sorted({*builds.values(), *plan_builds.values()}), args.pdf_periods, args.seed, args.rebuild
    )
    board = []
    for size in args.pdf_sizes:
        log(f"PDF, ca. {size} aktive projekter: gengiver")
        board.append(run_pdf_measurement(size, pdf_urls[builds[size]], args.pdf_repeat))
    plans = []
    for items in args.plan_pdf_items:
        log(f"PDF, indsatsplan med {items} punkter: gengiver")
        plans.append(run_pdf_measurement(items, pdf_urls[plan_builds[items]], args.pdf_repeat, plan=True))
    return board, plans


def main(argv=None):
    args = parse_args(argv)
    if args.out:
        return run_child_entry(args)

    started = time.perf_counter()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    bench_url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    store = PostgresStore(bench_url) if bench_url else SqliteStore(code_version())
    urls, built = build_databases(store, args.sizes, args.periods, args.seed, args.rebuild)

    load_before = load_average()
    results = measure_interleaved({size: urls[size] for size in args.sizes}, args.repeat, args.rounds, log)
    compared = comparisons(results, args.sizes)
    checks = dashboard_checks(results, args.sizes)
    goals = goal_checks(results, args.sizes)

    exports = []
    for size in args.export_sizes:
        for extension in EXPORT_FORMATS:
            log(f"Eksport af {size} projekter som {extension}")
            exports.append(run_export_measurement(size, urls[size], extension))
    load_after = load_average()

    print(render_table(results))
    print(render_load(load_before, load_after))
    if built:
        print(
            "Bygget nu: "
            + ", ".join(f"{size} projekter på {seconds:.0f} s" for size, seconds in built.items())
        )
    print()
    print(render_goals(goals, results, args.sizes))
    print()
    print(render_dashboard_checks(checks))
    if exports:
        print()
        print(render_export_table(exports))

    board, plans = measure_pdfs(store, args)
    if board:
        print()
        print(render_pdf_table(board))
    if plans:
        print()
        print(render_pdf_table(plans, label=PLAN_PDF_LABEL, unit=("Punkter", "punkt", "punkter")))
    errors = [r for r in results + exports + board + plans if "error" in r]
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
                "rounds": args.rounds,
                "warmups": WARMUPS,
                "load": {"before": load_before, "after": load_after},
                "built_seconds": built,
                "results": results,
                "comparisons": compared,
                "dashboard_checks": checks,
                "goals": goals,
                "exports": exports,
                "pdf_periods": args.pdf_periods,
                "pdf": board + plans,
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
        log(f"FEJL: {row['label']} ({row['size']}): {row['error']}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
