"""The Norddjurs demo portfolio (`manage.py load_demo`) and the synthetic benchmark portfolio
(`manage.py generate_portfolio`).

It lives in governance because it touches every app (dependencies point one way): `data/` holds the
demo's literal data, `build*.py` writes it, `periods.py` lays out the Project Board periods both use,
`synthetic*.py` bulk-inserts the benchmark portfolio.
"""
