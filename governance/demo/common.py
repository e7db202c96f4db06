"""Small helpers the demo's and the synthetic portfolio's builders share."""

import datetime

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
