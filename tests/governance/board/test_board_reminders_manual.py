"""Send påmindelse from a Project Board meeting's page: the board's secretary and the programme group
e-mail a project's leader and deputies that its status report is missing; it is logged and shown; at most
one reminder a day per project (automatic ones counted); a double click sends once; others get 403."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from governance.board import reminders
from governance.models import StatusReminder
from portfolio.forms import new_submit_token
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def period():
    today = timezone.localdate()
    return ReportingPeriodFactory(meeting_date=today + 7 * DAY, reporting_deadline=today + 5 * DAY)


@pytest.fixture
def project():
    leader = UserFactory(username="anna", first_name="Anna", last_name="Holm")
    project = ProjectFactory(number="PR-001", name="Talegenkendelse", leader=leader, phase="gennemfoerelse")
    project.deputies.set(
        [
            UserFactory(username="bo", first_name="Bo", last_name="Dam"),
            UserFactory(username="uden-mail", first_name="Carl", last_name="Ny", email=""),
        ]
    )
    return project


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST the page's button as `user` (its own one-time token unless given), e-mails sent on commit."""

    def post(user, period, project=None, token=None, follow=True):
        client.force_login(user)
        url = f"/board/{period.pk}/remind/{project.pk}/" if project else f"/board/{period.pk}/remind/"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"submit_token": token or new_submit_token()}, follow=follow)

    return post


@pytest.mark.parametrize("persona", ["board_secretary", "programme_member"])
def test_it_sends_a_reminder_to_the_leader_and_deputies_and_logs_it(request, persona, send, period, project):
    sender = request.getfixturevalue(persona)

    response = send(sender, period, project)

    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["anna@example.org", "bo@example.org"]
    assert "PR-001 Talegenkendelse" in message.body
    assert "Kære Anna Holm og Bo Dam" in message.body
    assert "har sendt denne påmindelse fra Project Board-mødets side" in message.body
    reminder = StatusReminder.objects.get()
    assert (reminder.sent_by, reminder.recipient, reminder.period) == (sender, project.leader, period)
    assert [p.username for p in reminder.also_to.all()] == ["bo"]
    text = response.content.decode()
    assert "Påmindelsen om PR-001 er sendt til Anna Holm og Bo Dam." in text
    assert "Sendte påmindelser" in text and sender.get_full_name() in text


def test_it_refuses_a_second_reminder_within_a_day(send, board_secretary, programme_member, period, project):
    send(board_secretary, period, project)

    response = send(programme_member, period, project)

    assert len(mail.outbox) == 1
    assert StatusReminder.objects.count() == 1
    assert "Påmindelsen er ikke sendt: Der blev sendt en påmindelse om PR-001" in response.content.decode()
    assert "højst én påmindelse i døgnet" in response.content.decode()


def test_it_counts_the_automatic_reminder_and_allows_one_again_after_a_day(
    send, board_secretary, period, project
):
    automatic = StatusReminder.objects.create(period=period, project=project, recipient=project.leader)

    send(board_secretary, period, project)
    assert mail.outbox == []

    StatusReminder.objects.filter(pk=automatic.pk).update(
        sent_at=timezone.now() - DAY - datetime.timedelta(minutes=1)
    )
    send(board_secretary, period, project)
    assert len(mail.outbox) == 1
    assert StatusReminder.objects.filter(sent_by=board_secretary).count() == 1


def test_it_sends_once_when_the_form_is_posted_twice(send, board_secretary, period, project):
    token = new_submit_token()

    send(board_secretary, period, project, token=token)
    response = send(board_secretary, period, project, token=token)

    assert len(mail.outbox) == 1
    assert StatusReminder.objects.count() == 1
    assert "Påmindelsen om PR-001 er allerede sendt." in response.content.decode()


@pytest.mark.parametrize("persona", ["reader", "project_leader"])
def test_it_refuses_others_with_403_and_sends_nothing(request, persona, send, period, project):
    response = send(request.getfixturevalue(persona), period, project, follow=False)
    all_response = send(request.getfixturevalue(persona), period, follow=False)

    assert response.status_code == all_response.status_code == 403
    assert mail.outbox == []
    assert not StatusReminder.objects.exists()


def test_it_refuses_get_and_a_post_without_csrf(client, board_secretary, period, project):
    client.force_login(board_secretary)
    assert client.get(f"/board/{period.pk}/remind/{project.pk}/").status_code == 405

    strict = type(client)(enforce_csrf_checks=True)
    strict.force_login(board_secretary)
    assert strict.post(f"/board/{period.pk}/remind/{project.pk}/").status_code == 403
    assert mail.outbox == []


@pytest.mark.parametrize(
    "path",
    ["/board/{period}/remind/99999999999999999999999/", "/board/{period}/remind/0/", "/board/0/remind/"],
)
def test_it_answers_404_for_unknown_ids(client, board_secretary, period, path):
    client.force_login(board_secretary)

    response = client.post(path.format(period=period.pk), {"submit_token": "x" * 30})

    assert response.status_code == 404
    assert mail.outbox == []


def test_it_takes_a_junk_token_as_no_token(send, board_secretary, period, project):
    response = send(board_secretary, period, project, token="<script>'; DROP")

    assert response.status_code == 200
    assert len(mail.outbox) == 1


def test_it_refuses_a_project_that_reported_is_closed_or_has_no_leader(send, board_secretary, period):
    reported = ProjectFactory(number="PR-002", leader=UserFactory())
    StatusReportFactory(project=reported, period=period)
    closed = ProjectFactory(number="PR-003", leader=UserFactory(), phase="afsluttet")
    leaderless = ProjectFactory(number="PR-004", leader=None)

    texts = [send(board_secretary, period, p).content.decode() for p in (reported, closed, leaderless)]

    assert "PR-002 har allerede indsendt statusrapport til mødet." in texts[0]
    assert "PR-003 er ikke et aktivt projekt" in texts[1]
    assert "PR-004 har ingen projektleder med en e-mailadresse" in texts[2]
    assert mail.outbox == []


def test_it_refuses_reminders_for_a_held_or_cancelled_meeting(send, board_secretary, project):
    today = timezone.localdate()
    held = ReportingPeriodFactory(meeting_date=today - DAY)
    cancelled = ReportingPeriodFactory(meeting_date=today + 21 * DAY, cancelled=True)

    assert "Mødet er holdt" in send(board_secretary, held, project).content.decode()
    assert "Mødet er aflyst" in send(board_secretary, cancelled, project).content.decode()
    assert mail.outbox == []


def test_it_sends_to_all_missing_and_says_which_were_skipped(send, board_secretary, period, project):
    second = ProjectFactory(number="PR-005", leader=UserFactory(username="dorte"))
    ProjectFactory(number="PR-006", leader=None)
    StatusReminder.objects.create(period=period, project=second, recipient=second.leader)

    response = send(board_secretary, period)

    text = response.content.decode()
    assert "1 påmindelse er sendt: PR-001." in text
    assert "Ikke sendt: Der blev sendt en påmindelse om PR-005" in text
    assert "Ikke sendt: PR-006 har ingen projektleder" in text
    assert [sorted(m.to) for m in mail.outbox] == [["anna@example.org", "bo@example.org"]]


def test_it_sends_to_all_once_when_posted_twice(send, board_secretary, period, project):
    token = new_submit_token()

    send(board_secretary, period, token=token)
    response = send(board_secretary, period, token=token)

    assert len(mail.outbox) == 1
    assert "Påmindelserne er allerede sendt." in response.content.decode()


def test_it_keeps_the_automatic_reminder_away_within_a_day_of_a_manual_one(
    board_secretary, project, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    period = ReportingPeriodFactory(meeting_date=today + 3 * DAY, reporting_deadline=today)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.status_reminder_send(actor=board_secretary, period=period, project=project)
        assert reminders.board_reminders_send(today=today) == 0

    assert len(mail.outbox) == 1
