"""The plan PDF rendered by Celery (eagerly here): "Dan PDF" stores the file on the plan under a new name
(the history keeps the old), the state shows progress and failures, the task is idempotent and retries on
operational errors, and GET /plans/<year>/pdf serves the stored file while it shows the plan as it is;
a plan too large to render inside the request is only made by Celery."""

import html
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.cache import caches
from django.db import OperationalError
from django.urls import reverse

from governance import tasks
from governance.models import AnnualPlan
from governance.plans import pdf_job as plan_pdf_job
from governance.plans import services as plan_services
from governance.plans.pdf import fits_in_request
from portfolio.celery import app
from tests.factories import UserFactory
from tests.pdf import pdf_text


@pytest.fixture(autouse=True)
def eager_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    caches["tasks"].clear()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
    caches["tasks"].clear()


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
    state = plan_pdf_job.plan_pdf_state(plan)
    assert state["status"] == "done" and state["progress"] == 100
    assert state["requested_by"] == str(programme)

    _generate(client, plan)
    plan.refresh_from_db()
    assert plan.pdf.name != first
    assert first in set(plan.history.values_list("pdf", flat=True))
    assert plan.pdf.storage.exists(first)  # the earlier file stays with its history entry

    page = client.get(reverse("governance:plan-detail", args=[plan.year]))
    assert "Dan PDF" in page.content.decode()
    assert "Færdig" in page.content.decode()


def test_it_serves_the_stored_file_only_when_current(approved, client):
    plan, programme, _ = approved
    client.force_login(programme)
    url = reverse("governance:plan-pdf", args=[plan.year])
    with mock.patch("governance.plans.views.render_plan_pdf", return_value=b"%PDF-sync") as render:
        assert client.get(url).content == b"%PDF-sync"  # no file yet: rendered now
        assert render.call_count == 1
    _generate(client, plan)
    plan.refresh_from_db()
    assert plan_pdf_job.plan_pdf_is_current(plan)
    with mock.patch("governance.plans.views.render_plan_pdf", return_value=b"%PDF-sync") as render:
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
    with mock.patch("governance.plans.views.render_plan_pdf", return_value=b"%PDF-sync") as render:
        body = b"".join(client.get(url).streaming_content)
        assert body.startswith(b"%PDF") and render.call_count == 0
        plan_services.plan_item_add(actor=programme, plan=revision, activity="Ny aktivitet")
        revision.refresh_from_db()
        assert not plan_pdf_job.plan_pdf_is_fresh(revision)
        assert client.get(url).content == b"%PDF-sync"


def test_it_progress_is_recorded_and_polling_stops_when_done(approved, client):
    plan, programme, _ = approved
    seen = []

    def render(plan, *, progress=None):
        for percent in (40, 40, 90, 100):
            progress(percent)
            seen.append(plan_pdf_job.plan_pdf_state(plan)["progress"])
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
        state = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
        assert state["status"] == "queued"
        again = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
        assert again["task_id"] == state["task_id"]  # one request at a time
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
    state = plan_pdf_job.plan_pdf_state(plan)
    assert state["status"] == "failed" and "Skabelonen fejlede" in state["error"]
    plan.refresh_from_db()
    assert not plan.pdf
    page = client.get(reverse("governance:plan-detail", args=[plan.year])).content.decode()
    assert "PDF&#x27;en kunne ikke dannes" in page or "PDF'en kunne ikke dannes" in page
    _generate(client, plan)
    assert plan_pdf_job.plan_pdf_state(plan)["status"] == "done"


def test_it_the_task_is_idempotent_and_ignores_a_replaced_request(approved):
    plan, programme, _ = approved
    state = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
    plan.refresh_from_db()
    name = plan.pdf.name
    # The same message delivered again: nothing new.
    assert plan_pdf_job.plan_pdf_render(plan_id=plan.pk, task_id=state["task_id"])["status"] == "done"
    # An old request's message after a newer request: nothing.
    assert plan_pdf_job.plan_pdf_render(plan_id=plan.pk, task_id="an-old-one") is None
    plan.refresh_from_db()
    assert plan.pdf.name == name
    assert len(plan.pdf.storage.listdir("plans")[1]) == 1


def test_it_retries_on_operational_errors_and_records_the_last_failure(approved):
    plan, programme, _ = approved
    assert tasks.plan_pdf_generate.acks_late
    assert OperationalError in tasks.plan_pdf_generate.autoretry_for
    with mock.patch("governance.tasks.plan_pdf_generate.apply_async"):
        state = plan_pdf_job.plan_pdf_request(actor=programme, plan=plan)
    with mock.patch("governance.plans.pdf_job.plan_pdf_render", side_effect=OperationalError("db weg")):
        # An early try is retried (Celery's autoretry), leaving the state alone ...
        with pytest.raises(Retry):
            tasks.plan_pdf_generate.apply(args=[plan.pk], task_id=state["task_id"])
        assert plan_pdf_job.plan_pdf_state(plan)["status"] == "queued"
        # ... the last one says so on the state.
        last = tasks.plan_pdf_generate.max_retries
        with pytest.raises(OperationalError):
            tasks.plan_pdf_generate.apply(args=[plan.pk], task_id=state["task_id"], retries=last)
    state = plan_pdf_job.plan_pdf_state(plan)
    assert state["status"] == "failed" and "databasen ikke svarede" in state["error"]


def test_it_only_exporters_may_generate(approved, client):
    plan, _, _ = approved
    client.force_login(UserFactory(username="laeser"))
    assert _generate(client, plan).status_code == 403
    assert (
        client.get(reverse("governance:plan-pdf-status", args=[plan.year, plan.version])).status_code == 403
    )
    assert plan_pdf_job.plan_pdf_state(plan) is None
    assert AnnualPlan.objects.get(pk=plan.pk).pdf.name == ""


def test_it_a_broker_outage_says_so_and_keeps_the_earlier_state(approved, client):
    from kombu.exceptions import OperationalError as KombuOperationalError

    plan, programme, _ = approved
    client.force_login(programme)
    with mock.patch(
        "governance.tasks.plan_pdf_generate.apply_async", side_effect=KombuOperationalError("nede")
    ):
        response = _generate(client, plan)
    assert response.status_code == 302
    assert plan_pdf_job.plan_pdf_state(plan) is None
    page = client.get(response["Location"]).content.decode()
    assert "baggrundstjenesten ikke svarer" in page


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
    assert not fits_in_request(revision)
    client.force_login(programme)
    url = reverse("governance:plan-version-pdf", args=[2027, 2])
    with mock.patch("governance.plans.views.render_plan_pdf") as render:
        response = client.get(url, follow=True)
    assert render.call_count == 0
    assert response.redirect_chain[0][0].endswith("/plans/2027/v2/#pdf")
    page = html.unescape(response.content.decode())
    assert "Planen er for stor til, at PDF'en kan dannes med det samme" in page and "Dan PDF" in page
    _generate(client, revision)
    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and "Lang 2" in pdf_text(body, tmp_path)
