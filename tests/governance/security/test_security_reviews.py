"""The IT-security group's two yearly tasks: created each year, recorded with outcome and decision,
overdue ones highlighted, and one reminder per task."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from governance.models import Decision, Membership, SecurityReview
from governance.security.services import security_reviews_ensure, security_reviews_remind
from governance.tasks import security_reviews_remind as remind_task
from tests.factories import UserFactory
from tests.governance.helpers import member

pytestmark = pytest.mark.django_db


def test_it_creates_the_two_tasks_once_per_year():
    first = security_reviews_ensure(year=2031)
    again = security_reviews_ensure(year=2031)
    assert [r.pk for r in first] == [r.pk for r in again]
    assert SecurityReview.objects.filter(year=2031).count() == 2
    assert {r.due_date for r in first} == {datetime.date(2031, 12, 1)}
    security_reviews_ensure(year=2032)
    assert SecurityReview.objects.count() == 4


def test_it_reminds_the_group_once_per_task_when_due_soon(django_capture_on_commit_callbacks):
    member("it-sikkerhedsgruppe", "sikker1")
    member("it-sikkerhedsgruppe", "sikker2", Membership.Role.CHAIR)
    UserFactory(username="udenfor")
    today = datetime.date(2031, 11, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert security_reviews_remind(today=today) == 2
    assert len(mail.outbox) == 2
    assert set(mail.outbox[0].to) == {"sikker1@example.org", "sikker2@example.org"}
    assert "2031" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert security_reviews_remind(today=today + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_it_does_not_remind_early_or_for_done_tasks(django_capture_on_commit_callbacks):
    member("it-sikkerhedsgruppe")
    with django_capture_on_commit_callbacks(execute=True):
        assert security_reviews_remind(today=datetime.date(2031, 10, 31)) == 0
    SecurityReview.objects.filter(year=2031, kind="policy_review").update(
        completed_on=datetime.date(2031, 10, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert security_reviews_remind(today=datetime.date(2031, 12, 5)) == 1
    assert len(mail.outbox) == 1
    assert "Overskredet" in mail.outbox[0].subject


def test_it_runs_as_a_task_for_the_current_year(django_capture_on_commit_callbacks):
    member("it-sikkerhedsgruppe")
    with django_capture_on_commit_callbacks(execute=True):
        remind_task.apply()
    assert SecurityReview.objects.filter(year=timezone.localdate().year).count() == 2


def test_it_records_outcome_and_decision_and_highlights_overdue(client):
    security_reviews_ensure(year=timezone.localdate().year)
    late = SecurityReview.objects.create(year=2020, kind="policy_review", due_date=datetime.date(2020, 12, 1))
    client.force_login(member("it-sikkerhedsgruppe"))
    page = client.get("/governance/security/").content.decode()
    assert "Overskredet" in page and "har overskredet fristen" in page
    response = client.post(
        f"/governance/security/{late.pk}/",
        {"completed_on": "2021-01-10", "outcome": "Politikken er opdateret.", "decision_text": "Godkendt."},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.completed_on == datetime.date(2021, 1, 10) and late.outcome == "Politikken er opdateret."
    assert late.decision.body.slug == "it-sikkerhedsgruppe" and late.decision.text == "Godkendt."
    assert late.history.filter(history_type="~").exists()
    # Recording again corrects the same decision.
    client.post(
        f"/governance/security/{late.pk}/",
        {"completed_on": "2021-01-11", "outcome": "Rettet.", "decision_text": "Godkendt med ændringer."},
    )
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"completed_on": "2031-02-30", "outcome": "x", "decision_text": "y"},
        {"completed_on": "", "outcome": "x", "decision_text": "y"},
        {"completed_on": "3000-01-01", "outcome": "x", "decision_text": "y"},
        {"completed_on": "2021-01-01", "outcome": "", "decision_text": "y"},
        {"completed_on": "2021-01-01", "outcome": "x" * 100_000, "decision_text": "y"},
    ],
)
def test_it_refuses_bad_input(client, data):
    review = SecurityReview.objects.create(
        year=2021, kind="policy_review", due_date=datetime.date(2021, 12, 1)
    )
    client.force_login(member("it-sikkerhedsgruppe"))
    assert client.post(f"/governance/security/{review.pk}/", data).status_code == 400
    review.refresh_from_db()
    assert review.completed_on is None and not Decision.objects.exists()


def test_it_lets_only_the_group_record(client):
    review = SecurityReview.objects.create(
        year=2021, kind="policy_review", due_date=datetime.date(2021, 12, 1)
    )
    for person in (UserFactory(), member("styregruppe")):
        client.force_login(person)
        assert client.get("/governance/security/").status_code == 200
        assert client.post(f"/governance/security/{review.pk}/", {"outcome": "x"}).status_code == 403
    assert client.get("/governance/security/999999/").status_code == 404
