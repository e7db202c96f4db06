"""The Project Board report on a real Celery worker (its own process) on Redis and PostgreSQL, with the
real renderer: on-demand generation, the scheduled run triggered twice at once, a failing render, and a
worker killed mid-render whose task a new worker completes. Each test starts its own workers, with
MEDIA_ROOT pointing at a directory this process reads too."""

import datetime
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from governance import tasks
from governance.board import reports as services
from governance.bodies.services import membership_start
from governance.models import BoardReport
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory, body

pytestmark = [
    pytest.mark.integration,
    # Committed data, so the workers' own connections see it; data migrations' rows are restored.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 90
# A short visibility timeout, so the unacknowledged task of a killed worker comes back within seconds
# (in production Redis gives it back after the default hour).
FAST_REDELIVERY = {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


def wait_for(condition, what: str, seconds: float = WAIT_SECONDS, interval: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"Timed out after {seconds} s waiting for {what}", pytrace=False)


def due_period(projects: int = 2):
    """A meeting whose reporting deadline is today, with `projects` active projects that reported."""
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        start_date=today - datetime.timedelta(days=12),
        reporting_deadline=today,
        meeting_date=today + datetime.timedelta(days=2),
    )
    for number in range(projects):
        project = ProjectFactory(name=f"Integrationsprojekt {number + 1}", phase="analyse")
        StatusReportFactory(project=project, period=period, summary=f"Status for projekt {number + 1}")
    return period


def report_of(period) -> BoardReport | None:
    return BoardReport.objects.filter(period=period).first()


def files_of(media: Path, report: BoardReport) -> list[str]:
    directory = media / "board_reports"
    if not directory.is_dir():
        return []
    return sorted(f"board_reports/{p.name}" for p in directory.iterdir() if f"-{report.pk}-" in p.name)


def done_or_failed(period):
    report = report_of(period)
    if report is not None and report.status in (BoardReport.Status.DONE, BoardReport.Status.FAILED):
        return report
    return None


def test_it_generates_on_demand_from_queued_to_done_and_the_file_downloads(
    celery_workers, client, media_root
):
    worker = celery_workers.start("on-demand", env={"MEDIA_ROOT": str(media_root)})
    period = due_period(projects=3)
    secretary = UserFactory(username="integration-sekretaer")
    membership_start(actor=None, body=body("project-board"), user=secretary, role="secretary")
    client.force_login(secretary)

    response = client.post(f"/board/{period.pk}/generate/")

    assert response.status_code == 302
    report = wait_for(lambda: done_or_failed(period), "the worker to finish the report")
    assert report.status == BoardReport.Status.DONE, report.error
    assert report.progress == 100 and report.attempts == 1
    statuses = list(report.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["queued", "running", "done"]
    assert f"Task governance.tasks.board_report_generate[{report.task_id}] succeeded" in worker.log()

    download = client.get(f"/board/{period.pk}/report.pdf")
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="project-board-{period.meeting_date:%Y-%m-%d}.pdf"'
    )
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert files_of(media_root, report) == [report.file.name]


def test_it_makes_exactly_one_report_when_the_schedule_fires_twice_at_once(celery_workers, media_root):
    env = {"MEDIA_ROOT": str(media_root)}
    first, second = celery_workers.start("beat-a", env=env), celery_workers.start("beat-b", env=env)
    period = due_period(projects=2)

    # Two scheduled runs through the broker (two workers), and two more straight from two threads at once.
    results = [tasks.board_reports_generate_due.delay(), tasks.board_reports_generate_due.delay()]
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            services.board_reports_generate_due()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    report = wait_for(lambda: done_or_failed(period), "the report to be rendered")
    for result in results:
        wait_for(
            lambda result=result: (
                f"board_reports_generate_due[{result.id}] succeeded" in first.log() + second.log()
            ),
            f"the scheduled task {result.id} to finish",
        )
    time.sleep(1)  # anything queued twice would be running by now
    assert report.status == BoardReport.Status.DONE, report.error
    assert BoardReport.objects.filter(period=period).count() == 1
    report.refresh_from_db()
    assert report.status == BoardReport.Status.DONE and report.attempts == 1
    assert files_of(media_root, report) == [report.file.name]
    rendered = re.findall(r"board_report_generate\[([\w-]+)\] received", first.log() + second.log())
    assert rendered == [report.task_id]


def test_it_records_a_failing_render_with_its_reason(celery_workers, tmp_path):
    """The worker cannot store the PDF (its board_reports directory is a file): the report ends failed,
    with the reason, on the worker. (A renderer that raises is covered in-process: a monkeypatch
    cannot reach another process, and the portal has no test hooks.)"""
    broken_media = tmp_path / "broken-media"
    broken_media.mkdir()
    (broken_media / "board_reports").write_text("not a directory")
    celery_workers.start("failing", env={"MEDIA_ROOT": str(broken_media)})
    period = due_period(projects=1)

    services.board_report_request(actor=None, period=period)

    report = wait_for(lambda: done_or_failed(period), "the worker to give up on the report")
    assert report.status == BoardReport.Status.FAILED
    assert report.error.startswith("Rapporten kunne ikke dannes: ")
    assert "board_reports" in report.error
    assert report.finished_at is not None
    assert not report.file


def test_it_completes_a_killed_workers_task_on_the_next_worker_with_one_file(celery_workers, media_root):
    env = {"MEDIA_ROOT": str(media_root)}
    # Enough projects that the layout takes a few seconds: time to kill the worker in the middle of it.
    period = due_period(projects=20)
    worker_a = celery_workers.start("doomed", env=env)

    services.board_report_request(actor=None, period=period)
    wait_for(
        lambda: (r := report_of(period)) is not None and r.status == BoardReport.Status.RUNNING,
        "worker A to start rendering",
        interval=0.02,
    )
    os.kill(worker_a.pid, signal.SIGKILL)
    worker_a.process.wait(timeout=10)
    report = report_of(period)
    assert report.status == BoardReport.Status.RUNNING, "the render finished before the worker was killed"
    assert report.attempts == 1
    assert not report.file

    worker_b = celery_workers.start("successor", env=env, transport_options=FAST_REDELIVERY)

    report = wait_for(lambda: done_or_failed(period), "worker B to render the report again")
    assert report.status == BoardReport.Status.DONE, report.error
    assert report.attempts == 2
    assert f"board_report_generate[{report.task_id}] succeeded" in worker_b.log()
    assert files_of(media_root, report) == [report.file.name]
    assert (media_root / report.file.name).read_bytes().startswith(b"%PDF")
