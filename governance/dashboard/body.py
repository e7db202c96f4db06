"""The dashboard's body as HTML, cached (governance.dashboard.cache): the page /dashboard/ shows it, and so
does the start page (/) of those who look at the whole portfolio (governance.start)."""

from django.template.loader import render_to_string

from governance.dashboard.cache import cached_html
from governance.dashboard.charts import charts
from governance.dashboard.forms import DashboardFilterForm, cache_key_parts
from governance.dashboard.selectors import HEATMAP_ROWS, LIGHT_ORDER, dashboard_data
from portfolio.models import ACTIVE_PHASES, Phase


def dashboard_context(form: DashboardFilterForm, today) -> dict:
    valid = not form.is_bound or form.is_valid()
    data = dashboard_data(today=today, **(form.filters() if form.is_bound else {})) if valid else None
    return {
        "form": form,
        "data": data,
        "light_columns": LIGHT_ORDER,
        "phase_columns": [Phase(phase) for phase in ACTIVE_PHASES],
        "heatmap_rows": HEATMAP_ROWS,
        "today": today,
        **(charts(data) if data is not None else {}),
    }


def dashboard_body(params, *, today, path_name: str, embedded: bool = False) -> str:
    """The body for the filters in `params` (a QueryDict), its filter form sent to `path_name`. `embedded`:
    shown under another page's heading (the start page), so its own title is a level-2 heading."""
    form = DashboardFilterForm(params or None)
    return cached_html(
        key_parts=[path_name, "embedded" if embedded else "page", *cache_key_parts(params)],
        today=today,
        render=lambda: render_to_string(
            "governance/_dashboard.html",
            {**dashboard_context(form, today), "path_name": path_name, "embedded": embedded},
        ),
    )


def dashboard_page_context(params, *, today, path_name: str) -> dict:
    """What templates/governance/dashboard.html shows: the body and the PDF link for the same filters."""
    query = params.urlencode()
    return {
        "body": dashboard_body(params, today=today, path_name=path_name),
        "pdf_query": f"?{query}" if query else "",
    }
