"""Benchmark of the key pages: median server time, its SQL share and exact query count, per portfolio size.

    .venv/bin/python -m tests.perf.bench [--sizes 50,1000,5000] [--periods 52] [--repeat 15] [--rounds 3]
        [--rebuild] [--pdf-sizes 20,150,1000] [--plan-pdf-items 150,1000] [--export-sizes 1000,5000]

databases  one database per size (migrate + generate_portfolio with bulk inserts, built in parallel
           subprocesses, cached under var/bench/ or on BENCH_DATABASE_URL's PostgreSQL server)
pages      the rows: PAGES (add a Page to add a row)
measure    each size measured in its own subprocess (DATABASE_URL set before Django is set up), the sizes
           taking turns in --rounds rounds and each page's timings pooled, so a drift of the machine's
           speed falls on every size alike
report     the table, the dashboard's checks (issue 8) and issue 22's goals with OK / IKKE OK
pdf        the Project Board report and the indsatsplan as PDF: time and peak memory per render
exports    the project list's CSV and Excel exports: time and memory growth per whole export

BENCH_PAGES=gevinst,overblik (words of the rows' labels) measures only those rows and the floor.

stdout gets the tables and the machine's load average (the figures mean little on a busy machine);
var/bench/results.json gets the same. Progress goes to stderr. Exit status 1 if a page, a render or an
export fails; a goal that is IKKE OK is reported, not an error.
"""
