"""`?changed_since=<ISO time>` on every resource: the rows with a history entry since then."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

BAD_CHANGED_SINCE = (
    "changed_since skal være et tidspunkt i ISO 8601, fx 2026-12-01T08:00:00+01:00 eller 2026-12-01."
)


def parse_changed_since(value: str) -> datetime.datetime:
    """An ISO time (a date means its midnight; no offset means Danish time) or ValidationError (400)."""
    value = value.strip().replace(" ", "+")  # an unencoded '+' of the offset arrives as a space
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ValidationError({"changed_since": [BAD_CHANGED_SINCE]})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ChangedSinceFilter(BaseFilterBackend):
    """`?changed_since=<ISO time>`: the rows with a history entry (any change, by anyone) since then."""

    param = "changed_since"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        if value is None:
            return queryset
        since = parse_changed_since(value)
        history = queryset.model.history.filter(history_date__gte=since).values("id")
        return queryset.filter(pk__in=history)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Kun det, der er ændret siden dette tidspunkt (ISO 8601).",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]
