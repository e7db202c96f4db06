"""`?format=csv`: a page of results as a flat table, the way the portal's own CSV exports write it
(semicolons, UTF-8 with a byte order mark, formula characters neutralised) so Danish Excel opens it."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from portfolio.exports import FORMULA_PREFIXES


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return f"'{text}"
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def flatten(row, prefix=""):
    """One flat dict from a nested one: `leader.name`; a list of objects becomes its items' `name` (or their
    text) joined by ' | '."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = " | ".join(
                str(item.get("name") or item.get("title") or item.get("id"))
                if isinstance(item, dict)
                else str(item)
                for item in value
            )
        else:
            flat[name] = value
    return flat


class FlatCsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]  # an error or a single object
        flat = [flatten(row) for row in rows]
        headers = list(dict.fromkeys(key for row in flat for key in row))
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        for row in flat:
            writer.writerow([_cell(row.get(key)) for key in headers])
        return out.getvalue().encode("utf-8")
