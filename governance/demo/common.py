"""Small helpers the demo's and the synthetic portfolio's builders share."""

import datetime

from django.db import connections, router
from django.utils import timezone

from portfolio.history import save_with_history


def ensure(model, *, actor=None, defaults=None, **lookup):
    """get_or_create that records `actor` as the history user of a created object."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj, False
    obj = model(**lookup, **(defaults or {}))
    save_with_history(obj, actor=actor)
    return obj, True


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class SyntheticDataError(Exception):
    """The synthetic portfolio cannot be generated in this database (the message says why, in Danish)."""


# Field types whose values the database driver does not take as they are (Django adapts them).
_ADAPTED_TYPES = {
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DurationField",
    "JSONField",
    "TimeField",
    "UUIDField",
}


def insert_rows(model, rows, *, batch_size=2000):
    """INSERT `rows` (dicts of the same fields' attnames -> values) without building a model instance per
    row: for the hundreds of thousands of status reports and measurements of a large synthetic portfolio,
    bulk_create's work per instance and field was most of the build's time. The fields a row leaves out
    get what a new instance gets (its default; now for auto_now fields), the same for every row. Like
    bulk_create: no signals, no history."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    given = set(rows[0])
    prototype = model()
    constants = {
        field.attname: field.get_db_prep_save(field.pre_save(prototype, add=True), connection)
        for field in fields
        if field.attname not in given
    }
    adapted = [f for f in fields if f.attname in given and f.get_internal_type() in _ADAPTED_TYPES]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608  # nosec B608: names from the model

    def values(row):
        row = {**constants, **row}
        for field in adapted:
            row[field.attname] = field.get_db_prep_save(row[field.attname], connection)
        return tuple(row[field.attname] for field in fields)

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # One prepared statement for every row.
            for start in range(0, len(rows), batch_size):
                cursor.executemany(
                    sql + placeholders, [values(row) for row in rows[start : start + batch_size]]
                )
        else:
            step = min(batch_size, max(connection.ops.bulk_batch_size(fields, rows), 1))
            for start in range(0, len(rows), step):
                batch = rows[start : start + step]
                params = [value for row in batch for value in values(row)]
                cursor.execute(sql + ", ".join([placeholders] * len(batch)), params)
    return len(rows)
