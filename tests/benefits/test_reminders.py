"""An owner gets one e-mail per overdue measurement: running the reminders again sends nothing new;
a new measurement starts a new plan, and its next overdue date gets its own reminder."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import BenefitReminder
from benefits.schedules import BEAT_SCHEDULE
from benefits.services import benefit_reminders_send, measurement_record
from benefits.tasks import benefit_reminders_send as reminder_task
from tests.benefits.conftest import make_benefit
from tests.mail import REFUSING_BACKEND

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)  # the fixtures' baseline is 1 Jan 2025, measured every 3 months


def test_it_sends_one_reminder_per_overdue_occurrence(
    owner, benefit, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://portal.kommune.dk"
    with django_capture_on_commit_callbacks(execute=True):
        assert benefit_reminders_send(today=TODAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert benefit_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [owner.email] and benefit.title in mail.subject
    assert f"https://portal.kommune.dk/benefits/{benefit.pk}/" in mail.body
    assert "1. april 2025" in mail.body
    assert BenefitReminder.objects.get().due_on == datetime.date(2025, 4, 1)


def test_it_reminds_again_only_for_the_next_occurrence(
    owner, benefit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        benefit_reminders_send(today=TODAY)
        measurement_record(actor=owner, benefit=benefit, measured_on=TODAY, value=Decimal(90))
        assert benefit_reminders_send(today=TODAY + datetime.timedelta(days=60)) == 0
        assert benefit_reminders_send(today=datetime.date(2025, 9, 2)) == 1
        assert benefit_reminders_send(today=datetime.date(2025, 9, 3)) == 0
    assert len(mailoutbox) == 2
    assert list(BenefitReminder.objects.order_by("due_on").values_list("due_on", flat=True)) == [
        datetime.date(2025, 4, 1),
        datetime.date(2025, 9, 1),
    ]


def test_it_sends_nothing_before_commit_or_for_what_is_not_overdue(
    benefit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        benefit_reminders_send(today=TODAY)
    assert len(callbacks) == 1 and mailoutbox == []
    BenefitReminder.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert benefit_reminders_send(today=datetime.date(2025, 3, 1)) == 0


def test_it_runs_as_a_daily_beat_task(benefit, mailoutbox, django_capture_on_commit_callbacks):
    assert BEAT_SCHEDULE["benefit-reminders-send"]["task"] == "benefits.tasks.benefit_reminders_send"
    with django_capture_on_commit_callbacks(execute=True):
        first, second = reminder_task.delay().get(), reminder_task.delay().get()
    assert (first, second) == (1, 0) and len(mailoutbox) == 1


def test_it_reminds_about_a_title_with_a_line_break_and_goes_on_to_the_next(
    project, owner, other_owner, mailoutbox, django_capture_on_commit_callbacks
):
    """A subject with a line break made Django raise BadHeaderError and stopped the 07:10 run."""
    first = make_benefit(project, owner, title="Linje 1\nLinje 2")
    second = make_benefit(project, other_owner, title="Licensudgifter")
    assert first.pk < second.pk  # the run goes in pk order: the broken title comes first
    with django_capture_on_commit_callbacks(execute=True):
        assert benefit_reminders_send(today=TODAY) == 2
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ejer@example.org"], "Påmindelse: gevinsten »Linje 1 Linje 2« skal måles"),
        (["anden@example.org"], "Påmindelse: gevinsten »Licensudgifter« skal måles"),
    ]
    assert "»Linje 1\nLinje 2«" in mailoutbox[0].body  # the body keeps the text as typed


def test_it_logs_a_refused_recipient_and_reminds_the_others(
    project, owner, other_owner, mailoutbox, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    owner.email = "afvist@example.org"
    owner.save()
    make_benefit(project, owner, title="Først")
    make_benefit(project, other_owner, title="Bagefter")
    with django_capture_on_commit_callbacks(execute=True):
        assert benefit_reminders_send(today=TODAY) == 2
    assert [m.to for m in mailoutbox] == [["anden@example.org"]]
    assert "afvist@example.org" in caplog.text
