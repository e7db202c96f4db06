"""The indsatsplan as PDF, rendered by Celery (the task governance.tasks.plan_pdf_generate), in the one job
design of the generated PDFs (governance/common/jobs.py), like the Project Board report.

"Dan PDF" on the plan page saves the plan version's PlanPdfJob row queued under a new task id and
publishes plan_pdf_generate(plan_id) inside the same transaction: an unreachable broker saves nothing
(the earlier state stays) and says so in Danish. The task claims the row for its task id, reads the data
(plans.selectors.plan_pdf_data), renders with the pure plans.pdf.render_plan_pdf, writing progress onto the
row, and stores the file on AnnualPlan.pdf under a new name (the plan's history keeps the earlier names,
and the files). A job queued or running longer than JOB_STALE_AFTER is presumed lost and the next press
queues it anew. With eager Celery (no broker) it renders before the request returns.

Which file GET /plans/<year>/pdf serves (plan_pdf_is_current): the stored file when the plan is approved
and the file was stored after the approval (an approved plan prints from its frozen snapshot, so a new
render would say the same); in every other case (a draft, submitted or sent-back plan, an approved plan
with no file or one made before it was approved) the plan is rendered synchronously, so it is never stale."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from governance.common.jobs import (
    JobNotReady,
    JobQueueError,
    file_stamp,
    history_file_names,
    job_claim,
    job_done,
    job_fail,
    job_in_progress,
    job_lock_running,
    job_render_file,
    job_requeue,
    remove_orphan_files,
    task_publish,
)
from governance.models import AnnualPlan, AnnualPlanItem, PlanPdfJob
from governance.permissions import can_export_plan
from governance.plans import pdf as plan_pdf
from governance.plans.selectors import plan_pdf_data
from governance.tasks import plan_pdf_generate as plan_pdf_generate_task
from portfolio.history import save_with_history

PLAN_PDF_QUEUE_ERROR_MESSAGE = (
    "PDF'en kunne ikke sættes i kø, fordi baggrundstjenesten ikke svarer. Prøv igen om lidt."
)


class PlanPdfQueueError(JobQueueError):
    """The broker did not take the plan PDF's task: nothing was saved."""

    def __init__(self, message=PLAN_PDF_QUEUE_ERROR_MESSAGE):
        super().__init__(message)


class PlanPdfNotReady(JobNotReady):
    """The task arrived before the request that published it committed: the task retries shortly."""


def plan_pdf_state(plan_or_id) -> PlanPdfJob | None:
    """The plan version's PDF job (the state of its latest request), or None if none was ever made."""
    plan_id = getattr(plan_or_id, "pk", plan_or_id)
    return PlanPdfJob.objects.select_related("requested_by").filter(plan_id=plan_id).first()


def plan_pdf_in_progress(job: PlanPdfJob | None) -> bool:
    """Queued or running, and not presumed lost (older than JOB_STALE_AFTER)."""
    return job_in_progress(job)


@transaction.atomic
def plan_pdf_request(*, actor, plan: AnnualPlan) -> PlanPdfJob:
    """Ask for the plan's PDF: queue plan_pdf_generate under a new task id, unless a request is already
    queued or running (then that one is returned). The task is published before this transaction commits;
    if the broker is unreachable this raises PlanPdfQueueError and nothing is saved. The plan row is locked
    (then the job's), so two requests at once queue one."""
    if actor is None or not can_export_plan(actor):
        raise PermissionDenied
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    job = PlanPdfJob.objects.select_for_update().filter(plan=plan).first()
    if job_in_progress(job):
        return job
    if job is None:
        job = PlanPdfJob(plan=plan)
    job_requeue(job, actor=actor)
    task_publish(
        plan_pdf_generate_task,
        args=[plan.pk],
        task_id=job.task_id,
        error_class=PlanPdfQueueError,
        what=f"Plan PDF {plan.pk}",
    )
    return plan_pdf_state(plan)  # as the task left it when it ran eagerly


def plan_pdf_file_name(plan: AnnualPlan) -> str:
    """A new name for every render, so an earlier file (kept in the history) is never overwritten."""
    return f"plans/{plan.year}-v{plan.version}-{plan.pk}-{file_stamp()}.pdf"


def plan_pdf_fail(*, plan_id: int, task_id: str, reason: str) -> bool:
    """Record that request `task_id` failed. False if a newer request replaced it, or it is done."""
    return job_fail(PlanPdfJob, task_id=task_id, reason=reason, plan_id=plan_id)


def plan_pdf_render(*, plan_id: int, task_id: str) -> PlanPdfJob | None:
    """Render the plan's PDF for request `task_id` and store it on AnnualPlan.pdf. Idempotent: a request
    already done or failed is left alone, a request left running by a worker that died is rendered again,
    a request replaced by a newer one does nothing (None), and the file is written before the plan points
    at it, so one render leaves one file. A failure is recorded on the job with its Danish reason;
    operational database errors propagate so the task retries. Raises PlanPdfNotReady when the job of
    `task_id` is not visible (yet)."""
    job = job_claim(
        PlanPdfJob.objects.select_related("plan").filter(plan_id=plan_id),
        task_id=task_id,
        not_ready=PlanPdfNotReady,
    )
    if job is None or not job.is_active:
        return job
    storage = AnnualPlan._meta.get_field("pdf").storage
    name = job_render_file(
        PlanPdfJob,
        job_id=job.pk,
        task_id=task_id,
        storage=storage,
        read=lambda: plan_pdf_data(job.plan),
        render=plan_pdf.render_plan_pdf,
        file_name=lambda: plan_pdf_file_name(job.plan),
        failure="PDF'en kunne ikke dannes",
        what=f"Plan PDF {plan_id}",
        plan_id=plan_id,
    )
    if name is None:  # failed, and recorded on the job
        return plan_pdf_state(plan_id)

    with transaction.atomic():
        # The plan first, then its job: the order plan_pdf_request locks them in.
        plan = AnnualPlan.objects.select_for_update().filter(pk=plan_id).first()
        current = job_lock_running(PlanPdfJob, task_id=task_id, plan_id=plan_id) if plan else None
        if current is None:
            # Gone, superseded, or another delivery of this request finished first: keep one file only.
            storage.delete(name)
            job = plan_pdf_state(plan_id)
            return job if job is not None and job.task_id == task_id else None
        plan.pdf.name = name
        save_with_history(plan, actor=None, update_fields=["pdf"])
        prefix = f"{plan.year}-v{plan.version}-{plan.pk}-"
        remove_orphan_files(storage, "plans", prefix, history_file_names(plan, "pdf"))
        job_done(current)
    return current


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
