"""`?changed_since=` for a row made of parts: a body changes with its memberships, a meeting with its
agenda. The shared filter (api/changed_since.py) reads the row's own history; this one reads its parts'
too, named on the view as `changed_parts = [(model, "field naming the row"), …]`."""

from django.db.models import Q

from api.changed_since import ChangedSinceFilter, parse_changed_since


class ChangedWithPartsSinceFilter(ChangedSinceFilter):
    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        if value is None:
            return queryset
        since = parse_changed_since(value)
        changed = Q(pk__in=queryset.model.history.filter(history_date__gte=since).values("id"))
        for model, field in getattr(view, "changed_parts", ()):
            changed |= Q(pk__in=model.history.filter(history_date__gte=since).values(field))
        return queryset.filter(changed)
