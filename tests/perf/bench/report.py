"""The page table, its comparisons and the checks with OK / IKKE OK (runs in the parent process).

Issue 8's checks of the dashboard (/), the cached row "Overblik": at DASHBOARD_LARGE projects its median
within DASHBOARD_GROWTH_BOUND x its median at DASHBOARD_SMALL and within DASHBOARD_FLOOR_BOUND x the
floor's, its query count the same at every size; the same figures of the row rendered anew for
information.

Issue 22's goals (goal_checks): every page's median at each size of GROWTH_GOALS within its bound x its
median at GOAL_BASE projects; the dashboard rendered anew and Gevinstopfølgning at 5,000 within 2x; the
project page at most PROJECT_PAGE_FLOOR_BOUND x the floor at every size.
"""

import os

from tests.perf.bench.pages import (
    DASHBOARD_COLD_LABEL,
    DASHBOARD_LABEL,
    FLOOR_LABEL,
    FOLLOW_UP_LABEL,
    PAGES,
    PROJECT_PAGE_LABEL,
)

DASHBOARD_SMALL, DASHBOARD_LARGE = 50, 1000
DASHBOARD_GROWTH_BOUND, DASHBOARD_FLOOR_BOUND = 2, 5
GOAL_BASE = 50
GROWTH_GOALS = {1000: 1.5, 5000: 2}
NAMED_GOALS = ((DASHBOARD_COLD_LABEL, 5000, 2), (FOLLOW_UP_LABEL, 5000, 2))
PROJECT_PAGE_FLOOR_BOUND = 10


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
    if not any(rows):  # the row was left out (BENCH_PAGES)
        return {**check, "ok": None, "measured": False, "line": "forespørgsler: kan ikke vurderes"}
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


def markdown_table(header, rows, align):
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        padded = (f"{cell:{a}{w}}" for cell, a, w in zip(cells, align, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]


def milliseconds(row, key):
    return f"{row[key]:.1f}" if key in row else "FEJL"


def render_table(results):
    """Median, the SQL inside it (median of each request's summed query time) and the rest."""
    header = ("Side", "Projekter", "Median (ms)", "SQL (ms)", "Resten (ms)", "Forespørgsler")
    rows = [
        (
            r["label"],
            str(r["size"]),
            milliseconds(r, "median_ms"),
            milliseconds(r, "sql_ms"),
            f"{r['median_ms'] - r['sql_ms']:.1f}" if "sql_ms" in r else "FEJL",
            str(r["queries"]) if "queries" in r else "FEJL",
        )
        for r in results
    ]
    out = markdown_table(header, rows, ("<", ">", ">", ">", ">", ">"))
    out.append(
        "SQL: tiden i databasens execute og i hentningen af rækkerne, summeret pr. forespørgsel "
        "(median over målingerne); resten er Python og skabeloner."
    )
    return "\n".join(out)


def mark(ok):
    return {True: "OK", False: "IKKE OK", None: "ikke målt"}[ok]


def growth_check(results, label, size, bound):
    base, large = result_for(results, label, GOAL_BASE), result_for(results, label, size)
    check = {"label": label, "check": f"growth_{size}", "size": size, "bound": bound}
    if not base.get("median_ms") or "median_ms" not in large:
        return {**check, "ok": None}
    ratio = large["median_ms"] / base["median_ms"]
    return {**check, "ok": ratio <= bound, "ratio": round(ratio, 2)}


def floor_check(results, size):
    page, floor = result_for(results, PROJECT_PAGE_LABEL, size), result_for(results, FLOOR_LABEL, size)
    check = {"label": PROJECT_PAGE_LABEL, "check": f"floor_{size}", "size": size}
    check["bound"] = PROJECT_PAGE_FLOOR_BOUND
    if not floor.get("median_ms") or "median_ms" not in page:
        return {**check, "ok": None}
    ratio = page["median_ms"] / floor["median_ms"]
    return {**check, "ok": ratio <= PROJECT_PAGE_FLOOR_BOUND, "ratio": round(ratio, 2)}


def goal_checks(results, sizes):
    """Issue 22's goals, each a dict with `ok`: True, False, or None where a size was not measured."""
    checks = [
        growth_check(results, page.label, size, bound)
        for page in PAGES
        if page.label != FLOOR_LABEL and not page.informative
        for size, bound in GROWTH_GOALS.items()
    ]
    checks += [
        {**growth_check(results, label, size, bound), "named": True} for label, size, bound in NAMED_GOALS
    ]
    checks += [floor_check(results, size) for size in sizes]
    return checks


def query_counts(results, label, sizes):
    """ "ens: N" when the page's query count is the same at every size, else the counts by size."""
    counts = [result_for(results, label, size).get("queries") for size in sizes]
    if None in counts:
        return "FEJL"
    return f"ens: {counts[0]}" if len(set(counts)) == 1 else "FORSKELLIGE: " + " / ".join(map(str, counts))


def render_goals(checks, results, sizes):
    """One row per page (its growth against GOAL_BASE projects and whether its query count is constant),
    then the named goals."""
    growth = {(c["label"], c["size"]): c for c in checks if "growth" in c["check"] and not c.get("named")}
    header = ("Side", *(f"{size} mod {GOAL_BASE}" for size in GROWTH_GOALS), "Forespørgsler")
    rows = []
    for page in PAGES:
        if page.label == FLOOR_LABEL:
            continue
        if page.informative:
            rows.append(
                (
                    page.label,
                    *("til orientering" for _ in GROWTH_GOALS),
                    query_counts(results, page.label, sizes),
                )
            )
            continue
        cells = []
        for size, bound in GROWTH_GOALS.items():
            c = growth[(page.label, size)]
            cells.append(
                f"x{c['ratio']:.2f} (højst x{bound}) {mark(c['ok'])}" if "ratio" in c else "ikke målt"
            )
        rows.append((page.label, *cells, query_counts(results, page.label, sizes)))
    out = [f"Mål (issue 22): median mod medianen ved {GOAL_BASE} projekter"]
    out += markdown_table(header, rows, ("<", *(">" for _ in GROWTH_GOALS), ">"))
    for c in checks:
        if not c.get("named") and not c["check"].startswith("floor"):
            continue
        figure = f"x{c['ratio']:.2f}" if "ratio" in c else "ikke målt"
        against = (
            f"{c['size']} mod {GOAL_BASE} projekter" if c.get("named") else f"mod gulvet ved {c['size']}"
        )
        out.append(f"[{mark(c['ok'])}] {c['label']}, {against}: {figure}, højst x{c['bound']}")
    return "\n".join(out)


def load_average():
    """The machine's load (1, 5 and 15 minutes) and its cores: the figures are only comparable on a
    machine as quiet."""
    return {"load_average": [round(value, 2) for value in os.getloadavg()], "cpus": os.cpu_count()}


def render_load(before, after):
    def figures(load):
        return " / ".join(f"{value:.2f}" for value in load["load_average"])

    return (
        f"Maskinens belastning (load average 1/5/15 min, {before['cpus']} kerner): "
        f"{figures(before)} før målingerne, {figures(after)} efter"
    )
