"""The Project Board report's lifecycle on /board/<pk>/: who may generate it, queued → running → done or
failed, the download, regeneration with history, a broker that does not answer, and the scheduled run.

Celery runs eagerly here (in-process); tests/integration/test_board_report_worker.py does the same with
a real worker on Redis and PostgreSQL.
"""

import datetime

import pytest
from kombu.exceptions import OperationalError as KombuOperationalError

from governance import tasks
from governance.board import pdf as board_pdf
from governance.board import reports as board_reports
from governance.bodies import services as body_services
from governance.bodies.services import membership_start
from governance.common import jobs
from governance.models import BoardReport
from portfolio.celery import app
from tests.factories import ReportingPeriodFactory, UserFactory, body

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% fake board report\n%%EOF\n"
QUEUE_ERROR = "Rapporten kunne ikke sættes i kø, fordi baggrundstjenesten ikke svarer. Prøv igen om lidt."


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in-process, whatever broker the environment names."""
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(task_always_eager=saved[0], task_eager_propagates=saved[1])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def renders(monkeypatch):
    """A fake renderer that reports progress; `renders` lists the periods it rendered."""
    rendered = []

    def fake(data, *, progress=None):
        for percent in (10, 42, 90, 100):
            if progress is not None:
                progress(percent)
        rendered.append(data.period)
        return FAKE_PDF + str(len(rendered)).encode()

    monkeypatch.setattr(board_pdf, "render_board_report", fake)
    return rendered


@pytest.fixture
def period():
    return ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 5))


def generate(client, period):
    return client.post(f"/board/{period.pk}/generate/", follow=True)


# --- who may ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["programme_member", "board_secretary"])
def test_it_lets_the_programme_group_and_secretaries_generate(client, request, period, renders, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get(f"/board/{period.pk}/").content.decode()
    assert "Generér nu" in page

    response = generate(client, period)

    assert response.status_code == 200
    report = BoardReport.objects.get(period=period)
    assert report.status == BoardReport.Status.DONE
    assert report.requested_by == user
    assert renders == [period]


@pytest.mark.parametrize("persona", ["project_leader", "reader"])
def test_it_refuses_project_leaders_and_readers_and_creates_nothing(
    client, request, period, renders, persona
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(f"/board/{period.pk}/")
    assert page.status_code == 200
    assert "Generér nu" not in page.content.decode()

    assert client.post(f"/board/{period.pk}/generate/").status_code == 403
    assert not BoardReport.objects.exists()
    assert renders == []


def test_it_does_not_count_an_ended_secretary_role(client, period, renders):
    person = UserFactory(username="tidligere-sekretaer")
    membership = membership_start(
        actor=None,
        body=body("styregruppe"),
        user=person,
        role="secretary",
        start_date=datetime.date(2024, 1, 1),
    )
    body_services.membership_end(actor=None, membership=membership)
    client.force_login(person)
    assert client.post(f"/board/{period.pk}/generate/").status_code == 403


def test_it_sends_anonymous_visitors_to_login(client, period):
    for path in ("", "status/", "report.pdf", "generate/"):
        response = client.get(f"/board/{period.pk}/{path}")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_it_answers_404_for_unknown_periods_and_405_for_get_on_generate(client, reader, period):
    client.force_login(reader)
    for path in ("/board/999999/", "/board/999999/status/", "/board/999999/report.pdf"):
        assert client.get(path).status_code == 404
    assert client.get(f"/board/{period.pk}/generate/").status_code == 405
    assert client.post(f"/board/{period.pk}/status/").status_code == 405


# --- queued → running → done, and the download --------------------------------------------------------------


def test_it_goes_from_queued_to_done_and_the_file_downloads(client, board_secretary, reader, period, renders):
    client.force_login(board_secretary)
    response = generate(client, period)
    html = response.content.decode()

    report = BoardReport.objects.get(period=period)
    assert report.status == BoardReport.Status.DONE
    assert report.progress == 100
    assert report.attempts == 1
    assert report.started_at is not None and report.finished_at is not None
    assert report.file.name.startswith("board_reports/2026-03-05-")
    assert "Statusrapporten er bestilt" in html
    assert "Hent rapporten (PDF)" in html
    assert "Generér igen" in html
    assert 'hx-trigger="every 2s"' not in html  # done: no more polling
    # The history shows the way: queued, running, done.
    statuses = list(report.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["queued", "running", "done"]

    client.force_login(reader)  # any logged-in user downloads
    download = client.get(f"/board/{period.pk}/report.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="project-board-2026-03-05.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_records_progress_as_the_renderer_reports_it(period, board_secretary, monkeypatch):
    seen = []

    def slow(data, *, progress=None):
        progress(42)
        seen.append(BoardReport.objects.get(period=data.period).progress)
        progress(41)  # never backwards
        seen.append(BoardReport.objects.get(period=data.period).progress)
        return FAKE_PDF

    monkeypatch.setattr(board_pdf, "render_board_report", slow)
    board_reports.board_report_request(actor=board_secretary, period=period)
    assert seen == [42, 42]
    assert BoardReport.objects.get(period=period).progress == 100


def test_it_shows_queued_and_running_with_a_polling_progress_bar(client, reader, period):
    report = BoardReport.objects.create(period=period, status=BoardReport.Status.QUEUED, task_id="t")
    client.force_login(reader)
    partial = client.get(f"/board/{period.pk}/status/", headers={"HX-Request": "true"}).content.decode()
    assert "I kø" in partial
    assert f'hx-get="/board/{period.pk}/status/"' in partial
    assert 'hx-trigger="every 2s"' in partial
    assert 'hx-swap="outerHTML"' in partial
    assert "<html" not in partial

    report.status, report.progress = BoardReport.Status.RUNNING, 42
    report.save()
    partial = client.get(f"/board/{period.pk}/status/").content.decode()
    assert 'max="100" value="42"' in partial
    assert "42 %" in partial
    assert 'hx-trigger="every 2s"' in partial
    # Without JavaScript a reload of the page shows the same.
    page = client.get(f"/board/{period.pk}/").content.decode()
    assert "42 %" in page and "Genereres" in page


def test_it_404s_the_pdf_of_a_period_without_a_file(client, reader, period, renders, board_secretary):
    other = ReportingPeriodFactory()
    board_reports.board_report_request(actor=board_secretary, period=period)
    client.force_login(reader)
    assert client.get(f"/board/{other.pk}/report.pdf").status_code == 404
    BoardReport.objects.create(period=other, task_id="x")  # queued, no file yet
    assert client.get(f"/board/{other.pk}/report.pdf").status_code == 404
    assert client.get(f"/board/{period.pk}/report.pdf").status_code == 200


# --- regeneration and history -------------------------------------------------------------------------------


def test_it_regenerates_into_a_new_file_and_keeps_the_old_path_in_history(
    client, programme_member, period, renders, media_root
):
    client.force_login(programme_member)
    generate(client, period)
    first = BoardReport.objects.get(period=period).file.name

    html = generate(client, period).content.decode()

    report = BoardReport.objects.get(period=period)
    assert report.status == BoardReport.Status.DONE
    assert report.file.name != first
    assert report.attempts == 1  # attempts count the tries of one request
    assert (media_root / first).exists() and (media_root / report.file.name).exists()
    assert (media_root / report.file.name).read_bytes().endswith(b"2")
    files_in_history = set(report.history.exclude(file="").values_list("file", flat=True))
    assert {first, report.file.name} <= files_in_history
    assert "Tidligere udgaver" in html
    assert len(renders) == 2


def test_it_leaves_a_queued_report_alone_when_asked_again(period, board_secretary, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.board_report_generate, "apply_async", lambda **kwargs: sent.append(kwargs))
    first = board_reports.board_report_request(actor=board_secretary, period=period)
    second = board_reports.board_report_request(actor=board_secretary, period=period)
    assert first.pk == second.pk
    assert len(sent) == 1
    assert sent[0]["task_id"] == first.task_id


# --- failure ------------------------------------------------------------------------------------------------


def test_it_records_a_failing_render_with_its_reason_and_offers_a_retry(
    client, board_secretary, period, renders, monkeypatch
):
    def broken(data, *, progress=None):
        progress(10)
        raise ValueError("Skabelonen mangler")

    monkeypatch.setattr(board_pdf, "render_board_report", broken)
    client.force_login(board_secretary)
    html = generate(client, period).content.decode()

    report = BoardReport.objects.get(period=period)
    assert report.status == BoardReport.Status.FAILED
    assert report.error == "Rapporten kunne ikke dannes: Skabelonen mangler"
    assert report.finished_at is not None
    assert not report.file
    assert "Rapporten kunne ikke dannes: Skabelonen mangler" in html
    assert "Prøv igen" in html

    # The retry button queues it again; this time the renderer works.
    monkeypatch.undo()
    monkeypatch.setattr(board_pdf, "render_board_report", lambda data, *, progress=None: FAKE_PDF)
    html = generate(client, period).content.decode()
    report.refresh_from_db()
    assert report.status == BoardReport.Status.DONE
    assert report.error == ""
    assert "Prøv igen" not in html


def test_it_truncates_a_long_failure_reason(period, board_secretary, monkeypatch):
    def broken(data, *, progress=None):
        raise RuntimeError("x" * 5000)

    monkeypatch.setattr(board_pdf, "render_board_report", broken)
    board_reports.board_report_request(actor=board_secretary, period=period)
    report = BoardReport.objects.get(period=period)
    assert report.status == BoardReport.Status.FAILED
    assert len(report.error) == jobs.JOB_ERROR_MAX_CHARS
    assert report.error.startswith("Rapporten kunne ikke dannes: xxx")


def test_it_tells_the_user_in_danish_when_the_broker_is_down_and_saves_nothing(
    client, board_secretary, period, renders, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.board_report_generate, "apply_async", unreachable)
    client.force_login(board_secretary)
    html = generate(client, period).content.decode()

    assert QUEUE_ERROR in html
    assert 'role="alert"' in html
    assert not BoardReport.objects.exists()
    assert not BoardReport.history.exists()
    assert renders == []


def test_it_leaves_a_done_report_as_it_was_when_regeneration_cannot_be_queued(
    client, board_secretary, period, renders, monkeypatch
):
    client.force_login(board_secretary)
    generate(client, period)
    before = BoardReport.objects.get(period=period)

    def unreachable(*args, **kwargs):
        raise KombuOperationalError("Connection refused")

    monkeypatch.setattr(tasks.board_report_generate, "apply_async", unreachable)
    html = generate(client, period).content.decode()

    after = BoardReport.objects.get(period=period)
    assert QUEUE_ERROR in html
    assert (after.status, after.file.name, after.task_id) == (before.status, before.file.name, before.task_id)


# --- the task's idempotence ---------------------------------------------------------------------------------


def test_it_renders_a_request_once_however_often_its_task_runs(period, board_secretary, renders, media_root):
    report = board_reports.board_report_request(actor=board_secretary, period=period)
    report.refresh_from_db()
    file_name = report.file.name

    # The same message delivered again (acks_late): nothing more happens.
    board_reports.board_report_render(report_id=report.pk, task_id=report.task_id)

    report.refresh_from_db()
    assert report.file.name == file_name
    assert report.attempts == 1
    assert len(renders) == 1
    assert sorted(p.name for p in (media_root / "board_reports").iterdir()) == [file_name.split("/")[1]]


def test_it_renders_again_after_a_worker_died_and_leaves_one_file(
    period, board_secretary, renders, media_root
):
    """A worker died mid-render: the row says running, maybe a half-written file lies about. The
    redelivered task renders again; one file remains, and the row points at it."""
    report = BoardReport.objects.create(
        period=period, status=BoardReport.Status.RUNNING, task_id="task-1", attempts=1, progress=40
    )
    leftover = media_root / "board_reports" / f"2026-03-05-{report.pk}-20260101T000000000000.pdf"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.7 half")

    board_reports.board_report_render(report_id=report.pk, task_id="task-1")

    report.refresh_from_db()
    assert report.status == BoardReport.Status.DONE
    assert report.attempts == 2
    assert [p.name for p in (media_root / "board_reports").iterdir()] == [report.file.name.split("/")[1]]


def test_it_waits_for_a_row_not_committed_yet_and_ignores_a_superseded_request(period):
    report = BoardReport.objects.create(period=period, status=BoardReport.Status.DONE, task_id="old")
    with pytest.raises(board_reports.BoardReportNotReady):
        board_reports.board_report_render(report_id=report.pk, task_id="new")
    with pytest.raises(board_reports.BoardReportNotReady):
        board_reports.board_report_render(report_id=999999, task_id="new")
    report.status, report.task_id = BoardReport.Status.QUEUED, "newer"
    report.save()
    assert board_reports.board_report_render(report_id=report.pk, task_id="new") is None


def test_it_uses_the_task_id_it_was_published_with(period, board_secretary, renders):
    result = tasks.board_report_generate.apply(args=[0], task_id="no-such-report", retries=10)
    assert result.result is None  # gave up waiting for a row that never came
    report = board_reports.board_report_request(actor=board_secretary, period=period)
    report.refresh_from_db()
    assert report.status == BoardReport.Status.DONE


# --- the scheduled run --------------------------------------------------------------------------------------


def test_it_generates_exactly_one_report_per_due_period(renders):
    today = datetime.date(2026, 5, 12)
    due = ReportingPeriodFactory(
        start_date=datetime.date(2026, 4, 30),
        reporting_deadline=datetime.date(2026, 5, 12),
        meeting_date=datetime.date(2026, 5, 14),
    )
    deadline_passed = ReportingPeriodFactory(
        start_date=datetime.date(2026, 4, 28),
        reporting_deadline=datetime.date(2026, 5, 8),
        meeting_date=datetime.date(2026, 5, 12),
    )
    ReportingPeriodFactory(  # the deadline has not come
        start_date=datetime.date(2026, 5, 12),
        reporting_deadline=datetime.date(2026, 5, 26),
        meeting_date=datetime.date(2026, 5, 28),
    )
    ReportingPeriodFactory(  # the meeting has passed
        start_date=datetime.date(2026, 4, 16),
        reporting_deadline=datetime.date(2026, 4, 28),
        meeting_date=datetime.date(2026, 4, 30),
    )
    ReportingPeriodFactory(  # cancelled
        start_date=datetime.date(2026, 4, 29),
        reporting_deadline=datetime.date(2026, 5, 11),
        meeting_date=datetime.date(2026, 5, 13),
        cancelled=True,
    )

    created = board_reports.board_reports_generate_due(today=today)
    again = board_reports.board_reports_generate_due(today=today)

    assert {report.period for report in created} == {due, deadline_passed}
    assert again == []
    assert set(BoardReport.objects.values_list("period", flat=True)) == {due.pk, deadline_passed.pk}
    for report in BoardReport.objects.all():
        assert report.status == BoardReport.Status.DONE and report.requested_by is None
    assert len(renders) == 2


def test_it_does_not_regenerate_a_done_report_on_schedule(period, board_secretary, renders):
    board_reports.board_report_request(actor=board_secretary, period=period)
    assert board_reports.board_reports_generate_due(today=period.reporting_deadline) == []
    assert len(renders) == 1


def test_it_runs_the_scheduled_task_by_the_name_beat_uses(renders, settings):
    from governance.schedules import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["board-reports-generate-due"]["task"] == tasks.board_reports_generate_due.name
    assert tasks.board_reports_generate_due.delay().get() == 0


def test_it_renders_the_real_pdf(client, board_secretary, period):
    """With WeasyPrint: the file is a PDF."""
    client.force_login(board_secretary)
    generate(client, period)
    report = BoardReport.objects.get(period=period)
    assert report.status == BoardReport.Status.DONE, report.error
    download = client.get(f"/board/{period.pk}/report.pdf")
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
