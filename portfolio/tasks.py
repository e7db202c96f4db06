"""Celery tasks for portfolio. Thin, idempotent, acks late."""

from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True)
def login_logs_prune() -> int:
    """Delete django-axes' log of logins and logouts older than LOGIN_LOG_RETENTION_DAYS; returns how
    many. The log names employees and where they logged in from: kept while it is useful for finding a
    misused account, not for ever. Lockouts (failed attempts) expire by themselves after the cool-off."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_logs(age_days=settings.LOGIN_LOG_RETENTION_DAYS)
