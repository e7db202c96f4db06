"""Celery tasks for governance. Thin: load by id, call a service. Idempotent, acks late, retried on
operational (connection-level) database errors."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.db.models import Q
from django.utils import timezone

from governance.models import Membership
from governance.services import user_groups_sync

TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**TASK_OPTIONS)
def memberships_sync_groups() -> int:
    """Nightly: memberships start and end at a day boundary without anyone acting, so put everyone
    whose membership started or ended today or yesterday in exactly their bodies' groups.

    Yesterday is included so a run missed at one midnight is caught by the next. Returns the number
    of users synced.
    """
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=1), today]
    user_ids = Membership.objects.filter(Q(start_date__in=days) | Q(end_date__in=days)).values("user_id")
    synced = 0
    for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk").iterator():
        user_groups_sync(user=user)
        synced += 1
    return synced


@shared_task(**TASK_OPTIONS)
def membership_sync_user_groups(user_id: int) -> bool:
    """Put one user in exactly the groups of their active bodies. Returns False if the user is gone."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    user_groups_sync(user=user)
    return True
