"""Celery beat entries for portfolio, wired into settings' CELERY_BEAT_SCHEDULE.

Only celery is imported here, so settings can import this module before Django is set up.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every night: forget logins older than LOGIN_LOG_RETENTION_DAYS (django-axes keeps them otherwise).
    "login-logs-prune": {
        "task": "portfolio.tasks.login_logs_prune",
        "schedule": crontab(hour=3, minute=30),
    },
}
