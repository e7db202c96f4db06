"""The indsatsplan's PDF on a real Celery worker (its own process) on Redis and PostgreSQL, with the real
renderer: Dan PDF through the pages, the status partial polling the job's row until the worker is done,
the download of the stored file; and a render the worker cannot store, whose Danish reason ends on the
row. The job's state is on its row (PlanPdfJob), which the worker writes and the web reads."""

import html
from pathlib import Path

import pytest
from django.urls import reverse

from governance.models import PlanPdfJob
from tests.integration.test_board_report_worker import wait_for
from tests.pdf import pdf_text

pytestmark = [
    pytest.mark.integration,
    # Committed data, so the workers' own connections see it; data migrations' rows are restored.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def finished(plan):
    job = PlanPdfJob.objects.filter(plan=plan).first()
    return job if job is not None and job.status in ("done", "failed") else None


def test_it_dan_pdf_is_rendered_by_the_worker_while_the_page_polls_and_downloads(
    celery_workers,
    approved,
    client,
    media_root,
    tmp_path,
):
    worker = celery_workers.start("plan-pdf", env={"MEDIA_ROOT": str(media_root)})
    plan, programme, _ = approved
    client.force_login(programme)
    status_url = reverse("governance:plan-pdf-status", args=[plan.year, plan.version])

    response = client.post(reverse("governance:plan-pdf-generate", args=[plan.year, plan.version]))

    assert response.status_code == 302
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "PDF'en er bestilt. Siden viser, hvor langt den er." in page

    def done():
        partial = html.unescape(client.get(status_url).content.decode())
        return partial if "Færdig" in partial else None

    partial = wait_for(done, "the worker to render the plan PDF", interval=0.2)
    assert "hx-trigger" not in partial and "PDF'en er dannet" in partial and "Hent planen som PDF" in partial
    job = PlanPdfJob.objects.get(plan=plan)
    assert (job.status, job.progress, job.attempts, job.error) == ("done", 100, 1, "")
    assert job.requested_by == programme and job.finished_at >= job.started_at >= job.requested_at
    assert f"Task governance.tasks.plan_pdf_generate[{job.task_id}] succeeded" in worker.log()
    plan.refresh_from_db()
    assert [p.name for p in (Path(media_root) / "plans").iterdir()] == [plan.pdf.name.split("/")[1]]

    download = client.get(reverse("governance:plan-pdf", args=[plan.year]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF") and "Kompetenceløft" in pdf_text(body, tmp_path)


def test_it_records_a_render_the_worker_cannot_store_with_its_danish_reason(
    celery_workers,
    approved,
    client,
    tmp_path,
):
    broken_media = tmp_path / "broken-media"
    broken_media.mkdir()
    (broken_media / "plans").write_text("not a directory")
    celery_workers.start("plan-pdf-failing", env={"MEDIA_ROOT": str(broken_media)})
    plan, programme, _ = approved
    client.force_login(programme)

    client.post(reverse("governance:plan-pdf-generate", args=[plan.year, plan.version]))

    job = wait_for(lambda: finished(plan), "the worker to give up on the plan PDF")
    assert job.status == "failed" and job.error.startswith("PDF'en kunne ikke dannes: ")
    assert "plans" in job.error and job.finished_at is not None
    plan.refresh_from_db()
    assert not plan.pdf
    partial = html.unescape(
        client.get(reverse("governance:plan-pdf-status", args=[plan.year, plan.version])).content.decode()
    )
    # A small plan: the download prints it itself, so that is the action offered after the failure.
    assert "PDF'en kunne ikke dannes" in partial and job.error in partial and "Hent planen som PDF" in partial
