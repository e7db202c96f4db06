"""The plan PDF rendered by Celery (eagerly here, or by running the queued task by hand): "Dan PDF" stores
the file on the plan under a new name (the history keeps the old), the plan version's PlanPdfJob row shows
progress and failures (no cache involved), the task is idempotent and retries on operational errors,
a lost job is queued again, and GET /plans/<year>/pdf serves the stored file while it shows the plan as it
is; a plan too large to render inside the request is only made by Celery."""

import datetime
import html
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from governance import tasks
from governance.common.jobs import JOB_STALE_AFTER
from governance.models import AnnualPlan, PlanPdfJob
from governance.plans import pdf_job as plan_pdf_job
from governance.plans import services as plan_services
from governance.plans.pdf import fits_in_request
from governance.plans.selectors import plan_pdf_data
from portfolio.celery import app
from tests.factories import UserFactory
from tests.pdf import pdf_text


@pytest.fixture(autouse=True)
def eager_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def _generate(client, plan):
    return client.post(reverse("governance:plan-pdf-generate", args=[plan.year, plan.version]))


def test_it_renders_at_once_when_eager_and_keeps_the_old_file_in_history(approved, client):
    plan, programme, _ = approved
    client.force_login(programme)
    response = _generate(client, plan)
    assert response.status_code == 302
    plan.refresh_from_db()
    first = plan.pdf.name
    assert first.startswith(f"plans/{plan.year}-v1-{plan.pk}-")
    with plan.pdf.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    job = PlanPdfJob.objects.get(plan=plan)
    assert (job.status, job.progress, job.attempts) == ("done", 100, 1)
    assert job.requested_by == programme and job.finished_at is not None and job.error == ""

    _generate(client, plan)
    plan.refresh_from_db()
    assert plan.pdf.name != first
    assert first in set(plan.history.values_list("pdf", flat=True))
    assert plan.pdf.storage.exists(first)  # the earlier file stays with its history entry

    page = client.get(reverse("governance:plan-detail", args=[plan.year])).content.decode()
    assert "Færdig" in page
    # One action: the stored file shows the plan as it is, so the page offers the download only.
    assert "Hent planen som PDF" in page and "Dan PDF" not in page


def test_it_serves_the_stored_file_only_when_current(approved, client):
    plan, programme, _ = approved
    client.force_login(programme)
    url = reverse("governance:plan-pdf", args=[plan.year])
    with mock.patch("governance.plans.pdf_views.render_plan_pdf", return_value=b"%PDF-sync") as render:
        assert client.get(url).content == b"%PDF-sync"  # no file yet: rendered now
        assert render.call_count == 1
    _generate(client, plan)
    plan.refresh_from_db()
    assert plan_pdf_job.plan_pdf_is_current(plan)
    with mock.patch("governance.plans.pdf_views.render_plan_pdf", return_value=b"%PDF-sync") as render:
        response = client.get(url)
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF") and body != b"%PDF-sync"
        assert render.call_count == 0
        assert 'filename="indsatsplan-2027-v1.pdf"' in response["Content-Disposition"]
        # The file is gone: rendered again rather than failing.
        plan.pdf.storage.delete(plan.pdf.name)
        assert client.get(url).content == b"%PDF-sync"


def test_it_serves_a_draft_file_only_while_the_draft_is_unchanged(approved, client):
    """A large draft is never rendered inside the request, so "Dan PDF" must give a file that is served;
    once the draft changes, the file is stale and a (small) draft is rendered again."""
    plan, programme, _ = approved
    revision = plan_services.annual_plan_revise(actor=programme, plan=plan)
    client.force_login(programme)
    _generate(client, revision)
    revision.refresh_from_db()
    assert revision.pdf and plan_pdf_job.plan_pdf_is_fresh(revision)
    assert not plan_pdf_job.plan_pdf_is_current(revision)
    url = reverse("governance:plan-version-pdf", args=[2027, 2])
    with mock.patch("governance.plans.pdf_views.render_plan_pdf", return_value=b"%PDF-sync") as render:
        body = b"".join(client.get(url).streaming_content)
        assert body.startswith(b"%PDF") and render.call_count == 0
        plan_services.plan_item_add(actor=programme, plan=revision, activity="Ny aktivitet")
        revision.refresh_from_db()
        assert not plan_pdf_job.plan_pdf_is_fresh(revision)
        assert client.get(url).content == b"%PDF-sync"


def test_it_progress_is_recorded_and_polling_stops_when_done(approved, client):
    plan, programme, _ = approved
    seen = []

    def render(data, *, progress=None):
        for percent in (40, 40, 90, 100):
            progress(percent)
            seen.append(PlanPdfJob.objects.get(plan=data.plan).progress)
        return b"%PDF-1.7 fake"

    with mock.patch("governance.plans.pdf.render_plan_pdf", side_effect=render):
        plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
    assert seen == [40, 40, 90, 99]
    client.force_login(programme)
    partial = client.get(reverse("governance:plan-pdf-status", args=[plan.year, plan.version]))
    assert partial.status_code == 200
    assert "hx-trigger" not in partial.content.decode()


def test_it_polls_while_queued(approved, client):
    plan, programme, _ = approved
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async"):
        job = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
        assert job.status == "queued"
        again = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
        assert again.task_id == job.task_id  # one request at a time
    assert PlanPdfJob.objects.count() == 1
    client.force_login(programme)
    html = client.get(reverse("governance:plan-pdf-status", args=[plan.year, plan.version])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "I kø" in html
    assert "Dan PDF" not in html


def test_it_failure_is_shown_in_danish_and_a_retry_works(approved, client):
    plan, programme, _ = approved
    client.force_login(programme)
    with mock.patch("governance.plans.pdf.render_plan_pdf", side_effect=ValueError("Skabelonen fejlede")):
        response = _generate(client, plan)
    assert response.status_code == 302
    job = PlanPdfJob.objects.get(plan=plan)
    assert job.status == "failed" and job.error == "PDF'en kunne ikke dannes: Skabelonen fejlede"
    assert job.finished_at is not None
    plan.refresh_from_db()
    assert not plan.pdf
    page = client.get(reverse("governance:plan-detail", args=[plan.year])).content.decode()
    assert "PDF&#x27;en kunne ikke dannes" in page or "PDF'en kunne ikke dannes" in page
    _generate(client, plan)
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")


def test_it_the_task_is_idempotent_and_ignores_a_replaced_request(approved):
    plan, programme, _ = approved
    job = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
    plan.refresh_from_db()
    name = plan.pdf.name
    # The same message delivered again: nothing new.
    assert plan_pdf_job.plan_pdf_render(plan_id=plan.pk, task_id=job.task_id).status == "done"
    # An old request's message after a newer request: waited for (its row may not be committed yet) ...
    with pytest.raises(plan_pdf_job.PlanPdfNotReady):
        plan_pdf_job.plan_pdf_render(plan_id=plan.pk, task_id="an-old-one")
    # ... and given up on by the task.
    assert tasks.plan_pdf_generate.apply(args=[plan.pk], task_id="an-old-one", retries=10).result is None
    plan.refresh_from_db()
    assert plan.pdf.name == name
    assert len(plan.pdf.storage.listdir("plans")[1]) == 1


def test_it_retries_on_operational_errors_and_records_the_last_failure(approved):
    plan, programme, _ = approved
    assert tasks.plan_pdf_generate.acks_late
    assert OperationalError in tasks.plan_pdf_generate.autoretry_for
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async"):
        job = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
    with mock.patch("governance.plans.pdf_job.plan_pdf_render", side_effect=OperationalError("db weg")):
        # An early try is retried (Celery's autoretry), leaving the job alone ...
        with pytest.raises(Retry):
            tasks.plan_pdf_generate.apply(args=[plan.pk], task_id=job.task_id)
        assert PlanPdfJob.objects.get(plan=plan).status == "queued"
        # ... the last one says so on the job.
        last = tasks.plan_pdf_generate.max_retries
        with pytest.raises(OperationalError):
            tasks.plan_pdf_generate.apply(args=[plan.pk], task_id=job.task_id, retries=last)
    job.refresh_from_db()
    assert job.status == "failed" and "databasen ikke svarede" in job.error


def test_it_only_exporters_may_generate(approved, client):
    plan, _, _ = approved
    client.force_login(UserFactory(username="laeser"))
    assert _generate(client, plan).status_code == 403
    assert (
        client.get(reverse("governance:plan-pdf-status", args=[plan.year, plan.version])).status_code == 403
    )
    assert not PlanPdfJob.objects.exists()
    assert AnnualPlan.objects.get(pk=plan.pk).pdf.name == ""


def test_it_a_broker_outage_says_so_and_keeps_the_earlier_state(approved, client):
    from kombu.exceptions import OperationalError as KombuOperationalError

    plan, programme, _ = approved
    client.force_login(programme)
    down = mock.patch(
        "governance.tasks.plan_pdf_generate.apply_async", side_effect=KombuOperationalError("nede")
    )
    with down:
        response = _generate(client, plan)
    assert response.status_code == 302
    assert not PlanPdfJob.objects.exists()
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert plan_pdf_job.PLAN_PDF_QUEUE_ERROR_MESSAGE in page and "Hent planen som PDF" in page

    # After a PDF was made, an outage leaves that job as it was (the rollback keeps the earlier state).
    _generate(client, plan)
    done = PlanPdfJob.objects.get(plan=plan)
    with down:
        response = _generate(client, plan)
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert plan_pdf_job.PLAN_PDF_QUEUE_ERROR_MESSAGE in page
    after = PlanPdfJob.objects.get(plan=plan)
    assert (after.task_id, after.status, after.requested_at) == (done.task_id, "done", done.requested_at)


def test_it_never_renders_a_large_plan_inside_the_request(approved, client, tmp_path):
    """Hostile but accepted: items whose rationale is 2,500 short lines (the 5,000 characters the form
    takes). Two of them made an 87-page PDF for 8 s inside the request. Now the download sends the user to
    "Dan PDF" (Celery), and the file it makes is what the download serves."""
    plan, programme, _ = approved
    revision = plan_services.annual_plan_revise(actor=programme, plan=plan)
    for n in range(3):
        plan_services.plan_item_add(
            actor=programme, plan=revision, activity=f"Lang {n}", rationale="x\n" * 2500
        )
    assert not fits_in_request(plan_pdf_data(revision))
    client.force_login(programme)
    url = reverse("governance:plan-version-pdf", args=[2027, 2])
    with mock.patch("governance.plans.pdf_views.render_plan_pdf") as render:
        response = client.get(url, follow=True)
    assert render.call_count == 0
    assert response.redirect_chain[0][0].endswith("/plans/2027/v2/#pdf")
    page = html.unescape(response.content.decode())
    assert "Planen er for stor til, at PDF'en kan dannes med det samme" in page and "Dan PDF" in page
    _generate(client, revision)
    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and "Lang 2" in pdf_text(body, tmp_path)


def _status(client, plan) -> str:
    response = client.get(reverse("governance:plan-pdf-status", args=[plan.year, plan.version]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_dan_pdf_is_queued_polled_rendered_by_the_worker_and_downloaded(approved, client, tmp_path):
    """Through the pages, with a broker: Dan PDF queues, the status partial polls while the job waits,
    the worker's task (run here by hand under the published id) renders it, the partial stops polling and
    the download serves the stored file."""
    plan, programme, _ = approved
    client.force_login(programme)
    app.conf.task_always_eager = False
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async") as publish:
        page = client.post(
            reverse("governance:plan-pdf-generate", args=[plan.year, plan.version]), follow=True
        )
    assert "PDF'en er bestilt. Siden viser, hvor langt den er." in html.unescape(page.content.decode())
    job = PlanPdfJob.objects.get(plan=plan)
    publish.assert_called_once_with(args=[plan.pk], task_id=job.task_id)
    partial = _status(client, plan)
    assert 'hx-trigger="every 2s"' in partial and "I kø" in partial and "Dan PDF" not in partial
    assert "PDF'en venter på at blive dannet (bestilt af" in partial

    result = tasks.plan_pdf_generate.apply(args=[plan.pk], task_id=job.task_id)
    assert result.result == "done"
    partial = _status(client, plan)
    assert "hx-trigger" not in partial and "Færdig" in partial and "PDF'en er dannet" in partial
    assert "Hent planen som PDF" in partial and "Dan PDF" not in partial
    plan.refresh_from_db()
    response = client.get(reverse("governance:plan-pdf", args=[plan.year]))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and "Kompetenceløft" in pdf_text(body, tmp_path)


def test_it_shows_the_danish_failure_reason_of_the_row(approved, client):
    plan, programme, _ = approved
    client.force_login(programme)
    with mock.patch("governance.plans.pdf.render_plan_pdf", side_effect=RuntimeError("x" * 5000)):
        _generate(client, plan)
    job = PlanPdfJob.objects.get(plan=plan)
    assert job.status == "failed" and len(job.error) == 1000
    assert job.error.startswith("PDF'en kunne ikke dannes: xxx")
    partial = _status(client, plan)
    # A small plan is printed by the download itself, so that is the action after a failure too.
    assert "PDF'en kunne ikke dannes" in partial and "Hent planen som PDF" in partial


@pytest.mark.parametrize("status", ["queued", "running"])
def test_it_queues_a_lost_job_again_after_the_stale_limit(approved, client, status):
    """A job whose task was lost (the worker died, the message is gone) shows as being made until the
    stale limit; then Dan PDF is offered again and queues it under a new task id."""
    plan, programme, _ = approved
    client.force_login(programme)
    app.conf.task_always_eager = False
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async"):
        _generate(client, plan)
    lost = PlanPdfJob.objects.get(plan=plan)
    if status == "running":
        PlanPdfJob.objects.filter(pk=lost.pk).update(status="running", started_at=timezone.now(), progress=40)
    assert "Dan PDF" not in _status(client, plan)
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async") as publish:
        _generate(client, plan)  # not stale yet: the same job, nothing published
    publish.assert_not_called()

    long_ago = timezone.now() - JOB_STALE_AFTER - datetime.timedelta(minutes=1)
    PlanPdfJob.objects.filter(pk=lost.pk).update(
        requested_at=long_ago, started_at=long_ago if status == "running" else None
    )
    partial = _status(client, plan)
    assert "hx-trigger" not in partial and "Hent planen som PDF" in partial
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async") as publish:
        _generate(client, plan)
    job = PlanPdfJob.objects.get(plan=plan)
    assert job.pk == lost.pk and job.task_id != lost.task_id
    assert (job.status, job.progress, job.started_at) == ("queued", 0, None)
    publish.assert_called_once_with(args=[plan.pk], task_id=job.task_id)
    # The lost task, should it come back after all, renders nothing.
    assert tasks.plan_pdf_generate.apply(args=[plan.pk], task_id=lost.task_id).result is None


def test_it_waits_for_a_job_not_committed_yet(approved):
    plan, _, _ = approved
    result = tasks.plan_pdf_generate.apply(args=[plan.pk], task_id="no-such-job", retries=10)
    assert result.result is None  # gave up waiting for a row that never came
    assert not PlanPdfJob.objects.exists()


def test_it_offers_one_action_for_the_pdf(approved, client):
    """The download when it gives the plan as it is now; "Dan PDF" only for a plan too large to print
    inside the request (and then no download that would only send the user back); neither while it is made."""
    plan, programme, _ = approved
    revision = plan_services.annual_plan_revise(actor=programme, plan=plan)
    client.force_login(programme)
    small = html.unescape(client.get(reverse("governance:plan-version", args=[2027, 2])).content.decode())
    assert "Hent planen som PDF" in small and "Dan PDF" not in small

    for n in range(3):
        plan_services.plan_item_add(
            actor=programme, plan=revision, activity=f"Lang {n}", rationale="x\n" * 2500
        )
    large = html.unescape(client.get(reverse("governance:plan-version", args=[2027, 2])).content.decode())
    assert "Dan PDF" in large and "Hent planen som PDF" not in large
    assert "Planen fylder så meget, at PDF'en dannes i baggrunden" in large
    assert "Dan PDF" in _status(client, revision)

    app.conf.task_always_eager = False
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async"):
        _generate(client, revision)
    waiting = _status(client, revision)
    assert "Dan PDF" not in waiting and "Hent planen som PDF" not in waiting
