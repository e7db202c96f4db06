"""Reminders before the Project Board's reporting deadline: to the leader of each active project
with no submitted report, once per period and project, after the transaction commits."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from governance.board import reminders
from governance.models import StatusReminder
from portfolio.models import StatusReport
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory
from tests.mail import REFUSING_BACKEND

pytestmark = pytest.mark.django_db

date = datetime.date

MEETING = date(2026, 3, 5)  # Thursday
DEADLINE = date(2026, 3, 3)  # Tuesday
TODAY = date(2026, 3, 2)  # Monday: the deadline is the 1st working day ahead


@pytest.fixture
def period():
    return ReportingPeriodFactory(
        meeting_date=MEETING, reporting_deadline=DEADLINE, start_date=date(2026, 2, 20)
    )


def project_led_by(username, **fields):
    leader = UserFactory(username=username, first_name="Lene", last_name=username.capitalize())
    return ProjectFactory(leader=leader, **fields)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the service as the task does, with its after-commit e-mails sent."""

    def run(today=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.board_reminders_send(today=today)

    return run


def test_it_reminds_each_leader_once_even_when_run_twice(period, send):
    first = project_led_by("anna", name="Talegenkendelse i hjemmeplejen")
    second = project_led_by("bo", name="Monopolbrud på ESDH")

    assert send() == 2
    assert send() == 0
    assert send(today=DEADLINE) == 0

    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.org", "bo@example.org"]
    assert StatusReminder.objects.count() == 2
    assert {(r.project, r.recipient) for r in StatusReminder.objects.all()} == {
        (first, first.leader),
        (second, second.leader),
    }


def test_it_sends_nothing_for_a_reminder_already_recorded_by_a_concurrent_run(period, send):
    project = project_led_by("anna")
    # The other run got there first: its row exists (unique per period and project).
    StatusReminder.objects.create(period=period, project=project, recipient=project.leader)

    assert send() == 0
    assert mail.outbox == []


def test_it_holds_the_row_when_a_concurrent_insert_wins_the_race(period, send, monkeypatch):
    project = project_led_by("anna")
    real_get_or_create = StatusReminder.objects.get_or_create

    def racing_get_or_create(**kwargs):
        # Between this run's read and its insert, another run inserts the same row.
        StatusReminder.objects.create(period=period, project=project, recipient=project.leader)
        return real_get_or_create(**kwargs)

    monkeypatch.setattr(StatusReminder.objects, "get_or_create", racing_get_or_create)

    assert send() == 0
    assert mail.outbox == []
    assert StatusReminder.objects.count() == 1


def test_it_reminds_drafts_but_not_submitted_reports(period, send):
    submitted = project_led_by("anna", name="Indsendt projekt")
    StatusReportFactory(project=submitted, period=period, state=StatusReport.State.SUBMITTED)
    draft = project_led_by("bo", name="Kladdeprojekt")
    StatusReportFactory(project=draft, period=period, state=StatusReport.State.DRAFT, submitted_at=None)
    earlier = project_led_by("carl", name="Indsendt til et andet møde")
    other_period = ReportingPeriodFactory(
        meeting_date=date(2026, 2, 19), reporting_deadline=date(2026, 2, 17), start_date=date(2026, 2, 6)
    )
    StatusReportFactory(project=earlier, period=other_period, state=StatusReport.State.SUBMITTED)

    assert send() == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["bo@example.org", "carl@example.org"]


def test_it_skips_closed_stopped_archived_and_unreachable_projects(period, send):
    project_led_by("anna", phase="afsluttet")
    project_led_by("bo", phase="stoppet")
    project_led_by("carl", archived=True)
    ProjectFactory(leader=None)
    ProjectFactory(leader=UserFactory(username="uden-mail", email=""))
    ProjectFactory(leader=UserFactory(username="fratraadt", is_active=False))
    for phase in ("ide", "analyse", "gennemfoerelse", "realisering"):
        project_led_by(f"leder-{phase}", phase=phase)

    assert send() == 4
    assert sorted(m.to[0] for m in mail.outbox) == [
        "leder-analyse@example.org",
        "leder-gennemfoerelse@example.org",
        "leder-ide@example.org",
        "leder-realisering@example.org",
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 25), 0),  # Wednesday: Thu, Fri, Mon come first, the deadline is the 4th
        (date(2026, 2, 26), 1),  # Thursday: Fri, Mon, Tue, the deadline is the 3rd working day
        (date(2026, 2, 28), 1),  # a Saturday (the beat runs every day)
        (DEADLINE, 1),  # the deadline day itself
        (date(2026, 3, 4), 0),  # after the deadline: too late to remind
    ],
)
def test_it_reminds_within_three_working_days_of_the_deadline(period, send, today, expected):
    project_led_by("anna")

    assert send(today=today) == expected
    assert len(mail.outbox) == expected


def test_it_counts_holidays_when_deciding_whether_the_deadline_is_near(send):
    # Deadline Tuesday 7 April 2026, after skærtorsdag, langfredag, the weekend and 2. påskedag.
    ReportingPeriodFactory(
        meeting_date=date(2026, 4, 9), reporting_deadline=date(2026, 4, 7), start_date=date(2026, 3, 27)
    )
    project_led_by("anna")

    assert send(today=date(2026, 3, 27)) == 0  # Friday: Mon 30, Tue 31, Wed 1 come first
    assert send(today=date(2026, 3, 31)) == 1  # Tuesday: Wed 1 April, then Tuesday 7 April


def test_it_skips_cancelled_meetings_and_reminds_for_the_next(period, send):
    period.cancelled = True
    period.save()
    later = ReportingPeriodFactory(
        meeting_date=date(2026, 3, 19), reporting_deadline=date(2026, 3, 17), start_date=date(2026, 3, 6)
    )
    project_led_by("anna")

    assert send() == 0
    assert send(today=date(2026, 3, 13)) == 1
    assert StatusReminder.objects.get().period == later


def test_it_sends_nothing_when_the_transaction_rolls_back(period, django_capture_on_commit_callbacks):
    project_led_by("anna")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assert reminders.board_reminders_send(today=TODAY) == 1
        raise RuntimeError("the run failed after the reminders were recorded")

    assert callbacks == []
    assert mail.outbox == []
    assert not StatusReminder.objects.exists()


@override_settings(PORTAL_BASE_URL="https://portal.kommune.example/")
def test_it_writes_the_e_mail_in_danish_with_project_deadline_and_link(period, send):
    project = project_led_by("anna", name="Talegenkendelse i hjemmeplejen", number="D-2026-007")

    send()

    [message] = mail.outbox
    assert message.subject == "Påmindelse: statusrapport til Project Board 5. marts 2026"
    assert message.to == ["anna@example.org"]
    assert "Kære Lene Anna" in message.body
    assert "D-2026-007 Talegenkendelse i hjemmeplejen" in message.body
    assert "Fristen for statusrapporten er tirsdag 3. marts 2026." in message.body
    assert "torsdag 5. marts 2026" in message.body
    assert f"https://portal.kommune.example/projects/{project.pk}/status/new/" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body


def test_it_links_to_the_local_portal_without_the_setting(period, send, settings):
    if hasattr(settings, "PORTAL_BASE_URL"):
        del settings.PORTAL_BASE_URL
    project = project_led_by("anna")

    send()

    assert f"http://127.0.0.1:8000/projects/{project.pk}/status/new/" in mail.outbox[0].body


def test_it_does_nothing_without_a_coming_deadline(send):
    project_led_by("anna")
    assert send() == 0
    assert mail.outbox == []


def test_it_runs_as_a_celery_task(period, django_capture_on_commit_callbacks):
    from governance import tasks

    project_led_by("anna")
    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.board_reminders_send.apply().get()

    # The task uses today's date: whether it reminds depends on today, but it never sends twice.
    assert sent == len(mail.outbox) <= 1
    assert tasks.board_reminders_send.apply().get() == 0
    assert tasks.board_calendar_extend.apply().get() == 0  # no calendar set


def test_it_logs_a_refused_leader_and_reminds_the_others(period, send, settings, caplog):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    project_led_by("afvist", name="Først i rækken", number="A-0001")
    project_led_by("bo", name="Bagefter", number="B-0001")
    assert send() == 2
    assert [message.to for message in mail.outbox] == [["bo@example.org"]]
    assert "afvist@example.org" in caplog.text
