"""The one job design of the generated PDFs (the Project Board report, the indsatsplan): publishing a task
under a known id, the progress callback, the failure reason, and removing files a dead worker left."""

import datetime
import logging
from collections.abc import Callable

from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

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
