"""The indsatsplan as PDF, rendered by Celery (the task governance.tasks.plan_pdf_generate).

Like the Project Board report: "Dan PDF" on the plan page queues plan_pdf_generate(plan_id) under a new
task id; the task renders with governance.plans.pdf and stores the file on AnnualPlan.pdf under a new name
(the plan's history keeps the earlier names, and the files). With eager Celery (no broker) it renders
before the request returns. AnnualPlan has no columns for a render's state, so the state of the latest
request (task id, status, progress, error, who asked) is a small record in the "tasks" cache, which the
web and the worker share (settings.CACHES); losing it loses only the progress display, never a file.

Which file GET /plans/<year>/pdf serves (plan_pdf_is_current): the stored file when the plan is approved
and the file was stored after the approval (an approved plan prints from its frozen snapshot, so a new
render would say the same); in every other case (a draft, submitted or sent-back plan, an approved plan
with no file or one made before it was approved) the plan is rendered synchronously, so it is never stale."""

import contextlib
import datetime
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone

from governance.common.jobs import (
    BROKER_ERRORS,
    JOB_STALE_AFTER,
    JobQueueError,
    job_logger,
    progress_writer,
    remove_orphan_files,
    render_failure_reason,
    task_publish,
)
from governance.models import AnnualPlan, AnnualPlanItem
from governance.permissions import can_export_plan
from governance.plans import pdf as plan_pdf
from governance.tasks import plan_pdf_generate as plan_pdf_generate_task
from portfolio.history import save_with_history

PLAN_PDF_QUEUE_ERROR_MESSAGE = (
    "PDF'en kunne ikke sættes i kø, fordi baggrundstjenesten ikke svarer. Prøv igen om lidt."
)
PLAN_PDF_STATE_TIMEOUT = 7 * 24 * 60 * 60
PLAN_PDF_STATUS_LABELS = {"queued": "I kø", "running": "Dannes", "done": "Færdig", "failed": "Fejlet"}
PLAN_PDF_ACTIVE = ("queued", "running")


class PlanPdfQueueError(JobQueueError):
    """The broker did not take the plan PDF's task: nothing was queued."""

    def __init__(self, message=PLAN_PDF_QUEUE_ERROR_MESSAGE):
        super().__init__(message)


def _plan_pdf_cache():
    return caches["tasks"] if "tasks" in settings.CACHES else caches["default"]


def _plan_pdf_key(plan_id: int) -> str:
    return f"governance:plan-pdf:{plan_id}"


def plan_pdf_state(plan_or_id) -> dict | None:
    """The state of the plan's latest PDF request: task_id, status (queued, running, done, failed),
    status_label, progress, error, requested_by, requested_at, finished_at (ISO); None if none is known."""
    plan_id = getattr(plan_or_id, "pk", plan_or_id)
    try:
        state = _plan_pdf_cache().get(_plan_pdf_key(plan_id))
    except BROKER_ERRORS as error:
        # The state lives in the broker's Redis: while it is down the plan page still shows (without the
        # PDF's progress), and Dan PDF says that the background service does not answer.
        job_logger.warning("Plan PDF state of plan %s unreadable: %s", plan_id, error)
        return None
    if state is not None:
        state = {**state, "status_label": PLAN_PDF_STATUS_LABELS.get(state["status"], state["status"])}
    return state


def _plan_pdf_state_set(plan_id: int, state: dict | None) -> None:
    if state is None:
        _plan_pdf_cache().delete(_plan_pdf_key(plan_id))
    else:
        state = {key: value for key, value in state.items() if key != "status_label"}
        _plan_pdf_cache().set(_plan_pdf_key(plan_id), state, PLAN_PDF_STATE_TIMEOUT)


def _plan_pdf_state_update(plan_id: int, task_id: str, **changes) -> bool:
    """Change the record of request `task_id`; False (nothing written) if a newer request replaced it."""
    state = plan_pdf_state(plan_id)
    if state is not None and state["task_id"] != task_id:
        return False
    _plan_pdf_state_set(plan_id, {**(state or {"task_id": task_id, "requested_by": ""}), **changes})
    return True


def plan_pdf_in_progress(state: dict | None) -> bool:
    """Queued or running, and not presumed lost (older than JOB_STALE_AFTER)."""
    if state is None or state["status"] not in PLAN_PDF_ACTIVE:
        return False
    since = datetime.datetime.fromisoformat(state.get("started_at") or state["requested_at"])
    return timezone.now() - since <= JOB_STALE_AFTER


@transaction.atomic
def plan_pdf_request(*, actor, plan: AnnualPlan) -> dict:
    """Ask for the plan's PDF: queue plan_pdf_generate under a new task id, unless a request is already
    queued or running (then that one's state is returned). Raises PlanPdfQueueError, keeping the earlier
    state, when the broker is unreachable. The plan row is locked, so two requests at once queue one."""
    if actor is None or not can_export_plan(actor):
        raise PermissionDenied
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    previous = plan_pdf_state(plan)
    if plan_pdf_in_progress(previous):
        return previous
    task_id = str(uuid.uuid4())
    try:
        _plan_pdf_state_set(
            plan.pk,
            {
                "task_id": task_id,
                "status": "queued",
                "progress": 0,
                "error": "",
                "requested_by": str(actor),
                "requested_at": timezone.now().isoformat(),
                "started_at": None,
                "finished_at": None,
            },
        )
    except BROKER_ERRORS as error:
        job_logger.warning("Plan PDF %s could not be queued: %s", plan.pk, error)
        raise PlanPdfQueueError() from error
    try:
        task_publish(
            plan_pdf_generate_task,
            args=[plan.pk],
            task_id=task_id,
            error_class=PlanPdfQueueError,
            what=f"Plan PDF {plan.pk}",
        )
    except PlanPdfQueueError:
        # The same Redis, so maybe gone too: the earlier state expires anyway.
        with contextlib.suppress(BROKER_ERRORS):
            _plan_pdf_state_set(plan.pk, previous)
        raise
    return plan_pdf_state(plan)


def plan_pdf_file_name(plan: AnnualPlan) -> str:
    """A new name for every render, so an earlier file (kept in the history) is never overwritten."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    return f"plans/{plan.year}-v{plan.version}-{plan.pk}-{stamp}.pdf"


def _plan_pdf_referenced_files(plan: AnnualPlan) -> set[str]:
    names = set(plan.history.exclude(pdf="").values_list("pdf", flat=True))
    if plan.pdf:
        names.add(plan.pdf.name)
    return names


def plan_pdf_fail(*, plan_id: int, task_id: str, reason: str) -> bool:
    """Record that request `task_id` failed. False if a newer request replaced it."""
    state = plan_pdf_state(plan_id)
    if state is not None and state["status"] == "done" and state["task_id"] == task_id:
        return False
    return _plan_pdf_state_update(
        plan_id, task_id, status="failed", error=reason, finished_at=timezone.now().isoformat()
    )


def plan_pdf_render(*, plan_id: int, task_id: str) -> dict | None:
    """Render the plan's PDF for request `task_id` and store it on AnnualPlan.pdf. Idempotent: a request
    already done or failed is left alone, a request replaced by a newer one does nothing (None), and the
    file is written before the row points at it, so one render leaves one file. A failure is recorded in
    the state with its reason; operational database errors propagate so the task retries."""
    state = plan_pdf_state(plan_id)
    if state is not None and state["task_id"] != task_id:
        return None
    if state is not None and state["status"] in ("done", "failed"):
        return state
    plan = AnnualPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        return None
    _plan_pdf_state_update(
        plan_id, task_id, status="running", progress=0, error="", started_at=timezone.now().isoformat()
    )
    progress = progress_writer(lambda percent: _plan_pdf_state_update(plan_id, task_id, progress=percent))
    storage = AnnualPlan._meta.get_field("pdf").storage
    try:
        pdf = plan_pdf.render_plan_pdf(plan, progress=progress)
        name = storage.save(plan_pdf_file_name(plan), ContentFile(pdf))
    except OperationalError:
        raise
    except Exception as error:  # the renderer's or the storage's: recorded, not retried
        job_logger.exception("Plan PDF %s failed", plan_id)
        plan_pdf_fail(
            plan_id=plan_id, task_id=task_id, reason=render_failure_reason(error, "PDF'en kunne ikke dannes")
        )
        return plan_pdf_state(plan_id)

    with transaction.atomic():
        current = AnnualPlan.objects.select_for_update().filter(pk=plan_id).first()
        state = plan_pdf_state(plan_id)
        if current is None or (
            state is not None and (state["task_id"] != task_id or state["status"] == "done")
        ):
            # Gone, superseded, or another delivery of this request finished first: keep one file only.
            storage.delete(name)
            return state if state is not None and state["task_id"] == task_id else None
        current.pdf.name = name
        save_with_history(current, actor=None, update_fields=["pdf"])
        prefix = f"{current.year}-v{current.version}-{current.pk}-"
        remove_orphan_files(storage, "plans", prefix, _plan_pdf_referenced_files(current))
    _plan_pdf_state_update(
        plan_id, task_id, status="done", progress=100, error="", finished_at=timezone.now().isoformat()
    )
    return plan_pdf_state(plan_id)


def plan_pdf_is_current(plan: AnnualPlan) -> bool:
    """Whether the stored file is what the plan says: approved, and the file stored after the approval
    (the first history entry carrying the file's name is when it was stored)."""
    if plan.status != AnnualPlan.Status.APPROVED or not plan.pdf or plan.approved_at is None:
        return False
    stored = (
        plan.history.filter(pdf=plan.pdf.name)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return stored is not None and stored >= plan.approved_at


def plan_pdf_is_fresh(plan: AnnualPlan) -> bool:
    """Whether the stored file can be downloaded as the plan: current for an approved plan
    (plan_pdf_is_current); for a plan not yet approved, stored after the plan and every item last changed.
    (A project's phase or light may have moved since; the file says when it was made.)"""
    if plan_pdf_is_current(plan):
        return True
    if plan.status == AnnualPlan.Status.APPROVED or not plan.pdf:
        return False
    stored = (
        plan.history.filter(pdf=plan.pdf.name)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if stored is None:
        return False
    changed_since = plan.history.filter(history_date__gt=stored).exists() or (
        AnnualPlanItem.history.filter(plan_id=plan.pk, history_date__gt=stored).exists()
    )
    return not changed_since
