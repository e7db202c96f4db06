"""The one job design of the generated PDFs (the Project Board report, the indsatsplan).

A job's state is a row (an abstract governance.models.PdfJob: status, progress, error, task id, who asked,
when): the request saves it queued under a new task id and publishes the task inside the same transaction,
so an unreachable broker saves nothing; the task claims the row for its task id (waiting while the row is
not yet committed), the renderer reports progress onto the row, the file is written before the row points
at it, and a failure is recorded with its Danish reason. The PDF itself is a pure function in the room's
pdf.py (data from its selectors in, bytes out); the room's job module (board/reports.py,
plans/pdf_job.py) calls selector, renderer and these helpers."""

import datetime
import logging
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from portfolio.history import save_with_history

# One logger for both jobs (the name it always had).
job_logger = logging.getLogger("governance.board_reports")

JOB_ERROR_MAX_CHARS = 1000
# A queued or running job older than this is presumed lost (its task's message is gone): asking
# again queues it anew instead of waiting forever. Longer than the task time limit.
JOB_STALE_AFTER = datetime.timedelta(minutes=30)
# What an unreachable broker (or the Redis the task state lives in) raises.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    KombuOperationalError,
    OSError,
    RedisConnectionError,
    RedisTimeoutError,
)


class JobQueueError(Exception):
    """The broker did not take the task: nothing was saved. Each job gives its Danish message."""


def task_publish(task, *, args: list, task_id: str, error_class: type[Exception], what: str) -> None:
    """Publish `task` under `task_id`; an unreachable broker raises `error_class`."""
    try:
        task.apply_async(args=args, task_id=task_id)
    except BROKER_ERRORS as error:
        job_logger.warning("%s could not be queued: %s", what, error)
        raise error_class() from error


def progress_writer(write: Callable[[int], None]) -> Callable[[int], None]:
    """A progress callback for a renderer: clamps to 0–99 (100 is written with the result) and calls
    `write` at most once per percent, only forwards."""
    last = {"percent": 0}

    def progress(percent) -> None:
        percent = max(0, min(99, int(percent)))
        if percent <= last["percent"]:
            return
        last["percent"] = percent
        write(percent)

    return progress


def render_failure_reason(error: BaseException, lead: str) -> str:
    detail = str(error).strip() or error.__class__.__name__
    reason = f"{lead}: {detail}"
    if len(reason) > JOB_ERROR_MAX_CHARS:
        reason = reason[: JOB_ERROR_MAX_CHARS - 1] + "…"
    return reason


def file_stamp() -> str:
    """Part of a rendered file's name, new for every render, so an earlier file (kept in the history) is
    never overwritten."""
    return timezone.now().strftime("%Y%m%dT%H%M%S%f")


def history_file_names(instance, field: str) -> set[str]:
    """The names `instance`'s file `field` has now or had in any version of its history."""
    names = set(instance.history.exclude(**{field: ""}).values_list(field, flat=True))
    current = getattr(instance, field)
    if current:
        names.add(current.name)
    return names


def remove_orphan_files(storage, directory: str, prefix: str, referenced: set[str]) -> None:
    """Files in `directory` starting with `prefix` that nothing references (a worker died between
    writing and recording): removed so that one render leaves exactly one file."""
    try:
        _dirs, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError, NotImplementedError):
        return
    for name in files:
        path = f"{directory}/{name}"
        if name.startswith(prefix) and path not in referenced:
            storage.delete(path)


# --- The state on the row (governance.models.PdfJob: the board report, the plan's PDF job) ------------------


class JobNotReady(Exception):
    """The task arrived before the transaction that published it committed (or that transaction rolled
    back): the row it belongs to is not visible. The task retries shortly, and gives up after a while."""


def job_is_stale(job) -> bool:
    """Queued or running for longer than JOB_STALE_AFTER: presumed lost, so a new request may queue it."""
    since = job.started_at or job.requested_at
    return since is not None and timezone.now() - since > JOB_STALE_AFTER


def job_in_progress(job) -> bool:
    """Queued or running, and not presumed lost: the page polls and offers no button to order it twice."""
    return job is not None and job.is_active and not job_is_stale(job)


def job_requeue(job, *, actor) -> None:
    """Make `job` a new request by `actor` under a new task id, and save it (the caller publishes)."""
    job.status = job.Status.QUEUED
    job.progress = 0
    job.error = ""
    job.requested_by = actor
    job.requested_at = timezone.now()
    job.task_id = str(uuid.uuid4())
    job.attempts = 0  # the tries of this request
    job.started_at = None
    job.finished_at = None
    save_with_history(job, actor=actor)


def job_claim(queryset, *, task_id: str, not_ready: type[Exception] = JobNotReady):
    """Lock the one job in `queryset` and mark it running for request `task_id` (a request left running
    by a worker that died is claimed again). Returns the job: running if claimed, done or failed if this
    request has run to its end already (a redelivered message), or None if a newer request owns it.
    Raises `not_ready` when the row for `task_id` is not visible (yet)."""
    with transaction.atomic():
        job = queryset.select_for_update(of=("self",)).first()
        if job is None:
            raise not_ready(f"{queryset.model.__name__} is not visible")
        if job.task_id != task_id:
            if job.is_active:
                return None  # a newer request owns the job now; its task renders it
            raise not_ready(f"{queryset.model.__name__} {job.pk} is not (yet) queued for task {task_id}")
        if not job.is_active:
            return job
        job.status = job.Status.RUNNING
        job.progress = 0
        job.error = ""
        job.attempts += 1
        job.started_at = timezone.now()
        job.finished_at = None
        save_with_history(
            job,
            actor=None,
            update_fields=["status", "progress", "error", "attempts", "started_at", "finished_at"],
        )
    return job


def job_progress(model, *, job_id: int, task_id: str) -> Callable[[int], None]:
    """The renderer's progress callback for a claimed job: each update commits on its own, so the page
    sees it; at most one write per percent."""

    def write(percent: int) -> None:
        model.objects.filter(pk=job_id, task_id=task_id, status=model.Status.RUNNING).update(progress=percent)

    return progress_writer(write)


def job_fail(model, *, task_id: str, reason: str, **lookup) -> bool:
    """Record that the render of request `task_id` failed. False if the job moved on (another request)
    or this request is done already."""
    with transaction.atomic():
        job = model.objects.select_for_update(of=("self",)).filter(task_id=task_id, **lookup).first()
        if job is None or job.status == model.Status.DONE:
            return False
        job.status = model.Status.FAILED
        job.error = reason
        job.finished_at = timezone.now()
        save_with_history(job, actor=None, update_fields=["status", "error", "finished_at"])
        return True


def job_render_file(
    model,
    *,
    job_id: int,
    task_id: str,
    storage,
    read: Callable[[], object],
    render: Callable[..., bytes],
    file_name: Callable[[], str],
    failure: str,
    what: str,
    **lookup,
) -> str | None:
    """The render of the claimed job `job_id` for request `task_id`: `read()` the data (progress 10),
    `render(data, progress=…)` with progress written onto the row, and save the bytes in `storage` under
    `file_name()`. Returns the stored name; None when the renderer or the storage failed, which is logged
    (`what` failed) and recorded on the job `lookup` finds, its reason led by the Danish `failure`.
    Operational database errors propagate so the task retries."""
    progress = job_progress(model, job_id=job_id, task_id=task_id)
    try:
        data = read()
        progress(10)
        pdf = render(data, progress=progress)
        return storage.save(file_name(), ContentFile(pdf))
    except OperationalError:
        raise
    except Exception as error:  # the renderer's or the storage's: recorded, not retried
        job_logger.exception("%s failed", what)
        job_fail(model, task_id=task_id, reason=render_failure_reason(error, failure), **lookup)
        return None


def job_lock_running(model, *, task_id: str, **lookup):
    """Inside a transaction, after the file is written: the job locked if request `task_id` still owns it
    and is running, else None (superseded, or another delivery of this request finished first)."""
    job = model.objects.select_for_update(of=("self",)).filter(**lookup).first()
    if job is None or job.task_id != task_id or job.status != model.Status.RUNNING:
        return None
    return job


def job_done(job, *, update_fields=()) -> None:
    """Mark the locked running `job` done (with whatever else the caller set, `update_fields`)."""
    job.status = job.Status.DONE
    job.progress = 100
    job.error = ""
    job.finished_at = timezone.now()
    save_with_history(
        job, actor=None, update_fields=[*update_fields, "status", "progress", "error", "finished_at"]
    )
