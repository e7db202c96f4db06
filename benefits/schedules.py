"""Celery beat entries for benefits, wired into settings' CELERY_BEAT_SCHEDULE.

Only celery is imported here, so settings can import this module before Django is set up.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every morning: an e-mail to each owner whose measurement is overdue (once per due date).
    "benefit-reminders-send": {
        "task": "benefits.tasks.benefit_reminders_send",
        "schedule": crontab(hour=7, minute=10),
    },
}
