"""`?changed_since=<ISO time>` on every resource: the rows with a history entry since then.

A row whose shown fields change with other rows too (a benefit with its measurements, a body with its
memberships) names them on its viewset: `changed_with = [(model, "field pointing at the row"), …]`. A
resource whose model keeps no history of its own says what "changed" means for it: a viewset method
`changed_since(queryset, since)` (e.g. its parent's history); without one, a model's `updated_at` answers.
A resource with neither answers a Danish 400, never a 500."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

NO_CHANGED_SINCE = "changed_since kan ikke bruges på denne ressource: den har ingen ændringshistorik."
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
    try:
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 and Python allow.
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        # Past the calendar's ends in UTC (0001-01-01T00:30+05:00): its first or last moment will do.
        end = datetime.datetime.max if moment.year == datetime.MAXYEAR else datetime.datetime.min
        return end.replace(tzinfo=datetime.UTC)


def changed_by_history(queryset, since, changed_with=()):
    """The rows of `queryset` with an entry in their model's history (simple_history) since `since`, or in
    the history of a part named in `changed_with`; else with `updated_at` since then."""
    model = queryset.model
    if hasattr(model, "history"):
        changed = Q(pk__in=model.history.filter(history_date__gte=since).values("id"))
        for part, field in changed_with:
            changed |= Q(pk__in=part.history.filter(history_date__gte=since).values(field))
        return queryset.filter(changed)
    if any(field.name == "updated_at" for field in model._meta.get_fields()):
        return queryset.filter(updated_at__gte=since)
    raise ValidationError({"changed_since": [NO_CHANGED_SINCE]})


class ChangedSinceFilter(BaseFilterBackend):
    """`?changed_since=<ISO time>`: the rows with a history entry (any change, by anyone) since then."""

    param = "changed_since"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        if value is None:
            return queryset
        since = parse_changed_since(value)
        own_answer = getattr(view, "changed_since", None)
        if own_answer is not None:
            return own_answer(queryset, since)
        return changed_by_history(queryset, since, getattr(view, "changed_with", ()))

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
