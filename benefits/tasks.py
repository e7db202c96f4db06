"""Celery tasks for benefits. Thin: call a service. Idempotent, acks late, retried on operational errors."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from benefits.services import benefit_reminders_send as send_reminders

TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**TASK_OPTIONS)
def benefit_reminders_send() -> int:
    """Daily: remind owners of overdue measurements, once per benefit and due date."""
    return send_reminders(today=timezone.localdate())
