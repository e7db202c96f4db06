"""Celery tasks for governance, every one of them (the names are in schedules.py and on the queue). Thin:
load by id, call a service, imported inside the task body (the services import this module at the top to
publish their tasks). Idempotent, acks late, retried on operational (connection-level) database errors."""

import contextlib
import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.db.models import Q
from django.utils import timezone

from governance.models import Membership

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
    from governance.bodies.services import user_groups_sync

    synced = 0
    for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk").iterator():
        user_groups_sync(user=user)
        synced += 1
    return synced


@shared_task(**TASK_OPTIONS)
def membership_sync_user_groups(user_id: int) -> bool:
    """Put one user in exactly the groups of their active bodies. Returns False if the user is gone."""
    from governance.bodies.services import user_groups_sync

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    user_groups_sync(user=user)
    return True


# --------------------------------------------------------------------------- the Project Board calendar


@shared_task(**TASK_OPTIONS)
def board_calendar_extend() -> int:
    """Nightly: keep the Project Board's periods created up to the calendar's horizon. Returns how
    many were created (0 on most nights: only a run that reaches a new meeting creates one)."""
    from governance.board.services import board_calendar_extend

    return len(board_calendar_extend())


@shared_task(**TASK_OPTIONS)
def board_reminders_send() -> int:
    """Each morning: remind the leaders whose report for the next meeting is missing when its deadline
    is near, once per period and project. Returns the number of e-mails sent."""
    from governance.board.reminders import board_reminders_send

    return board_reminders_send()


# --- The Project Board's status report ----------------------------------------------------------------

# The row a PDF job's task belongs to (governance/common/jobs.py) is committed right after the task is
# published; wait this long for it.
JOB_NOT_READY_RETRIES = 10
JOB_NOT_READY_COUNTDOWN = 1
BOARD_REPORT_NOT_READY_RETRIES = JOB_NOT_READY_RETRIES
BOARD_REPORT_NOT_READY_COUNTDOWN = JOB_NOT_READY_COUNTDOWN


@shared_task(bind=True, **TASK_OPTIONS)
def board_report_generate(self, report_id: int) -> str | None:
    """Render one BoardReport's PDF for the request this task was published for (its id is on the row).
    Acks late and is rejected back to the queue if the worker dies, so the next worker renders it."""
    from governance.board.reports import BoardReportNotReady, board_report_fail, board_report_render

    try:
        report = board_report_render(report_id=report_id, task_id=self.request.id)
    except BoardReportNotReady as error:
        if self.request.retries >= BOARD_REPORT_NOT_READY_RETRIES:
            return None  # the request that published this was rolled back: nothing to do
        raise self.retry(
            exc=error, countdown=BOARD_REPORT_NOT_READY_COUNTDOWN, max_retries=BOARD_REPORT_NOT_READY_RETRIES
        ) from error
    except OperationalError as error:
        if self.request.retries >= self.max_retries:
            # The last try: say so on the report rather than leave it running for ever.
            with contextlib.suppress(OperationalError):
                board_report_fail(
                    report_id=report_id,
                    task_id=self.request.id,
                    reason=f"Rapporten kunne ikke dannes, fordi databasen ikke svarede: {error}"[:1000],
                )
        raise
    return report.status if report is not None else None


@shared_task(**TASK_OPTIONS)
def board_reports_generate_due() -> int:
    """Scheduled (see schedules.py): create and queue the report of every meeting that is due, once.
    Returns how many it queued."""
    from governance.board.reports import board_reports_generate_due

    return len(board_reports_generate_due())


# --- The IT-security group's yearly tasks ---------------------------------------------------------------


@shared_task(**TASK_OPTIONS)
def security_reviews_remind() -> int:
    """Each morning: make sure this year's two IT-security tasks exist and remind the group, once per
    task, of those due within 30 days or overdue. Returns the number of tasks reminded."""
    from governance.security.services import security_reviews_remind

    return security_reviews_remind()


# --- The indsatsplan as PDF -----------------------------------------------------------------------------


@shared_task(bind=True, **TASK_OPTIONS)
def plan_pdf_generate(self, plan_id: int) -> str | None:
    """Render one AnnualPlan's PDF for the request this task was published for (its id is on the plan's
    PlanPdfJob) and store it on the plan. Acks late and is rejected back to the queue if the worker dies;
    retried on operational database errors, and while the request's row is not committed yet."""
    from governance.plans.pdf_job import PlanPdfNotReady, plan_pdf_fail, plan_pdf_render

    try:
        job = plan_pdf_render(plan_id=plan_id, task_id=self.request.id)
    except PlanPdfNotReady as error:
        if self.request.retries >= JOB_NOT_READY_RETRIES:
            return None  # the request that published this was rolled back, or replaced: nothing to do
        raise self.retry(
            exc=error, countdown=JOB_NOT_READY_COUNTDOWN, max_retries=JOB_NOT_READY_RETRIES
        ) from error
    except OperationalError as error:
        if self.request.retries >= self.max_retries:
            with contextlib.suppress(OperationalError):
                plan_pdf_fail(
                    plan_id=plan_id,
                    task_id=self.request.id,
                    reason=f"PDF'en kunne ikke dannes, fordi databasen ikke svarede: {error}"[:1000],
                )
        raise
    return job.status if job is not None else None
