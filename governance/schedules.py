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
    # Keep the board calendar's periods created ahead, and remind leaders before each deadline.
    "board-calendar-extend": {
        "task": "governance.tasks.board_calendar_extend",
        "schedule": crontab(hour=0, minute=15),
    },
    "board-reminders-send": {
        "task": "governance.tasks.board_reminders_send",
        "schedule": crontab(hour=7, minute=0),
    },
    # The IT-security group's two yearly tasks: one reminder when due within 30 days or overdue.
    "security-reviews-remind": {
        "task": "governance.tasks.security_reviews_remind",
        "schedule": crontab(hour=7, minute=20),
    },
    # On the reporting deadline, after the working day, generate the meeting's status report once.
    "board-reports-generate-due": {
        "task": "governance.tasks.board_reports_generate_due",
        "schedule": crontab(hour=16, minute=30),
    },
}
