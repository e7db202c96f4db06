"""Celery beat entries for governance, wired into settings as CELERY_BEAT_SCHEDULE.

Only celery is imported here, so settings can import this module before Django is set up.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Memberships start and end at midnight (CELERY_TIMEZONE, i.e. local time): groups follow shortly after.
    "memberships-sync-groups": {
        "task": "governance.tasks.memberships_sync_groups",
        "schedule": crontab(hour=0, minute=5),
    },
}
