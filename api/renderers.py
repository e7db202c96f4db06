"""`?format=csv`: a flat table, the way the portal's own CSV exports write it (semicolons, UTF-8 with a byte
order mark, formula characters neutralised) so Danish Excel opens it.

A list is streamed whole, not paged (csv_stream, used by api.resources.ReadOnlyViewSet): its columns come
from the serializer, so they are known before the first row. A single object or an error still goes
through FlatCsvRenderer."""

import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from portfolio.exports import FORMULA_PREFIXES

BOM = "\ufeff"
# Rows written into one chunk of a streamed answer: fewer, larger writes to the socket.
ROWS_PER_CHUNK = 200


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


def columns(serializer, prefix=""):
    """The flat columns of `serializer`'s rows, as flatten names them: a nested object's fields
    (`leader.id`, `leader.name`, also when a row's object is null), a list as one column."""
    names = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            names.extend(columns(field, f"{prefix}{name}."))
        else:
            names.append(f"{prefix}{name}")
    return names


def _writer():
    out = io.StringIO()
    return out, csv.writer(out, delimiter=";", lineterminator="\r\n")


def csv_stream(serializer, instances):
    """The CSV's text in chunks: the byte order mark and the header, then the rows of `instances` (an
    iterator, so only a chunk of them is in memory at a time) as `serializer` represents them."""
    headers = columns(serializer)
    out, writer = _writer()
    out.write(BOM)
    writer.writerow(headers)
    for count, instance in enumerate(instances, start=1):
        flat = flatten(serializer.to_representation(instance))
        writer.writerow([_cell(flat.get(key)) for key in headers])
        if count % ROWS_PER_CHUNK == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


class FlatCsvRenderer(BaseRenderer):
    """A single object or an error as a CSV table (a list is streamed by csv_stream instead)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        flat = [flatten(row if isinstance(row, dict) else {"detail": row}) for row in rows]
        headers = list(dict.fromkeys(key for row in flat for key in row))
        out, writer = _writer()
        out.write(BOM)
        writer.writerow(headers)
        for row in flat:
            writer.writerow([_cell(row.get(key)) for key in headers])
        return out.getvalue().encode("utf-8")
