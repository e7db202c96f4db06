"""`?changed_since=` for governance's resources: the shared filter (api/changed_since.py) with two more
things. A row made of parts changes with them (a body with its memberships, a meeting with its agenda),
named on the view as `changed_parts = [(model, "field naming the row"), …]`. And the moment is asked of the
database in UTC: PostgreSQL refuses an offset past ±15:59 (a 500), which Python's ISO parsing accepts."""

import datetime

from django.db.models import Q

from api.changed_since import ChangedSinceFilter, parse_changed_since


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """`moment` in UTC; past the calendar's ends, its first or last moment (nothing changed after it)."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        end = datetime.datetime.max if moment.year == datetime.MAXYEAR else datetime.datetime.min
        return end.replace(tzinfo=datetime.UTC)


class ChangedWithPartsSinceFilter(ChangedSinceFilter):
    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        if value is None:
            return queryset
        since = in_utc(parse_changed_since(value))
        changed = Q(pk__in=queryset.model.history.filter(history_date__gte=since).values("id"))
        for model, field in getattr(view, "changed_parts", ()):
            changed |= Q(pk__in=model.history.filter(history_date__gte=since).values(field))
        return queryset.filter(changed)
