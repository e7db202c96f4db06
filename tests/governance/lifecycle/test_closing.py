"""The programme group accepts a closing report (or sends it back): a phase-gate decision to afsluttet,
the project read-only from then on, its benefits still measured by their owners, who are told."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from benefits.services import benefit_permissions_sync, measurement_record
from governance.bodies.services import membership_start
from governance.models import Decision, ProjectRequest
from portfolio.lifecycle.closing import closing_report_save, closing_report_submit
from portfolio.models import ClosingReport, Milestone, Project, ProjectPhasePlan, Risk, StatusReport
from tests.factories import BenefitFactory, ReportingPeriodFactory, UserFactory, body

pytestmark = pytest.mark.django_db

FULL = {
    "goals_met": "Talegenkendelse er i drift.",
    "final_cost": Decimal("800000"),
    "line_takeover": "Sundhed og Omsorg overtager driften.",
    "lessons_learned": "Pilotér i én gruppe først.",
}
FINISHED = "Projektet er afsluttet og kan ikke længere ændres."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(led_project, benefit_owner):
    Project.objects.filter(pk=led_project.pk).update(phase="realisering")
    led_project.refresh_from_db()
    benefit = BenefitFactory(project=led_project, owner=benefit_owner, title="Færre timer på journalføring")
    benefit_permissions_sync(benefit=benefit)  # the owner's right to measure, as benefit_save gives it
    return closing_report_submit(actor=led_project.leader, project=led_project, data=FULL)


def _accept_url(report):
    return f"/projects/{report.project_id}/closing/accept/"


def test_it_lets_the_programme_chair_accept_and_closes_the_project(
    programme_chair, submitted, benefit_owner, django_capture_on_commit_callbacks
):
    page = _client(programme_chair).get(f"/projects/{submitted.project_id}/closing/").content.decode()
    assert "Godkend og afslut projektet" in page and "Send tilbage til projektlederen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(programme_chair).post(_accept_url(submitted), {"text": ""})
    assert response.status_code == 302
    project = Project.objects.get(pk=submitted.project_id)
    assert project.phase == "afsluttet" and project.is_finished
    assert ClosingReport.objects.get(pk=submitted.pk).state == "accepted"
    decision = Decision.objects.get(project=project, kind="phase_gate")
    assert (decision.body.slug, decision.from_phase, decision.to_phase) == (
        "programgruppe",
        "realisering",
        "afsluttet",
    )
    assert decision.recorded_by == programme_chair
    # The owner is told the benefits are now theirs, with a link to them.
    (message,) = mail.outbox
    assert message.to == [benefit_owner.email]
    assert "Færre timer på journalføring" in message.body and "/benefits/" in message.body
    # The project page: the banner, the gate trail, no edit buttons.
    page = _client(project.leader).get(project.get_absolute_url()).content.decode()
    assert "Projektet er afsluttet" in page and "Gevinsterne følges op af deres ejere." in page
    assert "Redigér projektet" not in page and "Skriv statusrapport" not in page
    assert "Tilføj milepæl" not in page and "Realisering → Afsluttet" in page


def test_it_shows_afsluttet_last_in_the_phase_table_as_a_day_not_in_progress(
    programme_chair, submitted, reader
):
    # Found by the browser test of a project's whole life: the afsluttet row (no forecast) came first in the
    # phase table, and read "… – i gang" on a closed project.
    project = submitted.project
    start = datetime.date(2026, 1, 5)
    for i, phase in enumerate(["ide", "analyse", "gennemfoerelse", "realisering"]):
        ProjectPhasePlan.objects.create(
            project=project,
            phase=phase,
            planned_start=start + datetime.timedelta(days=100 * i),
            planned_end=start + datetime.timedelta(days=100 * i + 99),
        )
    assert _client(programme_chair).post(_accept_url(submitted), {"text": ""}).status_code == 302
    closed = ProjectPhasePlan.objects.get(project=project, phase="afsluttet")
    assert closed.actual_start == closed.actual_end == timezone.localdate()
    page = _client(reader).get(project.get_absolute_url()).content.decode()
    table = page[page.index('class="table table--compact phase-table"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)', table)
    assert [row.strip() for row in rows] == ["Idé", "Analyse", "Gennemførelse", "Realisering", "Afsluttet"]
    assert "i gang" not in table


def test_it_lets_a_programme_member_accept_a_light_projects_report(programme_member, led_project):
    Project.objects.filter(pk=led_project.pk).update(project_model="light", phase="gennemfoerelse")
    led_project.refresh_from_db()
    report = closing_report_submit(actor=led_project.leader, project=led_project, data=FULL)
    assert _client(programme_member).post(_accept_url(report)).status_code == 302
    assert Project.objects.get(pk=led_project.pk).phase == "afsluttet"
    decision = Decision.objects.get(project=led_project)
    assert (decision.kind, decision.from_phase) == ("phase_gate", "gennemfoerelse")


@pytest.fixture
def admin(db):
    return UserFactory(username="admin-x", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "persona",
    ["reader", "programme_secretary", "project_leader", "steering_member", "admin", "benefit_owner"],
)
def test_it_refuses_everyone_else_and_changes_nothing(request, persona, submitted):
    user = request.getfixturevalue(persona)
    page = _client(user).get(f"/projects/{submitted.project_id}/closing/").content.decode()
    assert "Godkend og afslut projektet" not in page
    assert _client(user).post(_accept_url(submitted)).status_code == 403
    assert (
        _client(user).post(f"/projects/{submitted.project_id}/closing/return/", {"reason": "Nej"}).status_code
        == 403
    )
    assert ClosingReport.objects.get(pk=submitted.pk).state == "submitted"
    assert Project.objects.get(pk=submitted.project_id).phase == "realisering"
    assert not Decision.objects.exists()


def test_it_refuses_a_programme_member_who_wrote_in_the_report(programme_member, led_project):
    """The programme group's permanent members edit every project: one who wrote in the report is its
    author too, and nobody decides their own proposal."""
    Project.objects.filter(pk=led_project.pk).update(phase="realisering")
    closing_report_save(actor=programme_member, project=led_project, data={"goals_met": "Skrevet af mig."})
    report = closing_report_submit(actor=led_project.leader, project=led_project, data=FULL)
    assert _client(programme_member).post(_accept_url(report)).status_code == 403
    assert ClosingReport.objects.get(pk=report.pk).state == "submitted"


def test_it_sends_a_report_back_with_a_reason_the_leader_sees(programme_chair, project_leader, submitted):
    url = f"/projects/{submitted.project_id}/closing/return/"
    refused = _client(programme_chair).post(url, {"reason": "  "})
    assert refused.status_code == 302
    assert ClosingReport.objects.get(pk=submitted.pk).state == "submitted"
    assert _client(programme_chair).post(url, {"reason": "Økonomien mangler forklaring."}).status_code == 302
    report = ClosingReport.objects.get(pk=submitted.pk)
    assert report.state == "returned" and report.return_reason == "Økonomien mangler forklaring."
    page = _client(project_leader).get(f"/projects/{submitted.project_id}/closing/").content.decode()
    assert "Økonomien mangler forklaring." in page and "Send til programgruppen" in page
    # Answered: nothing more to accept.
    assert _client(programme_chair).post(_accept_url(report)).status_code == 403
    assert Project.objects.get(pk=submitted.project_id).phase == "realisering"


def test_it_withdraws_the_pending_requests_of_a_closed_project(programme_chair, submitted):
    pending = ProjectRequest.objects.create(
        kind="change",
        project=submitted.project,
        body=body("styregruppe"),
        requested_by=submitted.project.leader,
    )
    _client(programme_chair).post(_accept_url(submitted))
    assert ProjectRequest.objects.get(pk=pending.pk).state == "withdrawn"


@pytest.fixture
def closed(programme_chair, submitted):
    _client(programme_chair).post(_accept_url(submitted))
    return Project.objects.get(pk=submitted.project_id)


def test_it_refuses_every_edit_of_a_closed_project_in_danish_without_a_500(closed, programme_member):
    milestone = Milestone.objects.create(project=closed, title="Drift", due_date=datetime.date(2026, 1, 1))
    ReportingPeriodFactory(meeting_date=datetime.date.today() + datetime.timedelta(days=7))
    for user in (closed.leader, programme_member):
        client = _client(user)
        edit = client.get(f"/projects/{closed.pk}/edit/", follow=True)
        assert FINISHED in edit.content.decode()
        saved = client.post(f"/projects/{closed.pk}/edit/", {"name": "Nyt navn"}, follow=True)
        assert FINISHED in saved.content.decode()
        added = client.post(
            f"/projects/{closed.pk}/milestones/",
            {"milestone-title": "Ny", "milestone-due_date": "2026-05-01"},
            follow=True,
        )
        assert FINISHED in added.content.decode()
        archived = client.post(
            f"/projects/{closed.pk}/milestones/{milestone.pk}/", {"action": "archive"}, follow=True
        )
        assert FINISHED in archived.content.decode()
        risk = client.post(
            f"/projects/{closed.pk}/risks/",
            {"risk-title": "Ny", "risk-probability": "3", "risk-consequence": "3", "risk-status": "open"},
            follow=True,
        )
        assert FINISHED in risk.content.decode()
        status = client.get(f"/projects/{closed.pk}/status/new/", follow=True)
        assert FINISHED in status.content.decode()
        assert (
            client.post(f"/projects/{closed.pk}/status/new/", {"overall": "green"}, follow=True).status_code
            == 200
        )
    assert Project.objects.get(pk=closed.pk).name == closed.name
    assert not Milestone.objects.get(pk=milestone.pk).archived
    assert Milestone.objects.filter(project=closed).count() == 1
    assert not Risk.objects.filter(project=closed).exists()
    assert not StatusReport.objects.filter(project=closed).exists()


def test_it_lets_benefit_owners_measure_after_close(closed, benefit_owner):
    benefit = closed.benefits.get()
    page = _client(benefit_owner).get(f"/benefits/{benefit.pk}/").content.decode()
    assert f"/benefits/{benefit.pk}/measurements/" in page  # the measurement form is offered
    response = _client(benefit_owner).post(
        f"/benefits/{benefit.pk}/measurements/",
        {"measured_on": "2026-06-01", "value": "60", "comment": "Efter afslutning."},
    )
    assert response.status_code in (200, 302)
    assert benefit.measurements.filter(comment="Efter afslutning.").exists()
    measurement_record(
        actor=benefit_owner,
        benefit=benefit,
        measured_on=datetime.date(2026, 7, 1),
        value=Decimal("55"),
        comment="",
    )
    assert benefit.measurements.count() == 2


def test_it_names_the_programme_group_for_the_last_gate():
    from governance.decisions.services import PHASE_GATE_MANDATES

    assert PHASE_GATE_MANDATES[("realisering", "afsluttet")] == "programgruppe"


def test_it_lets_a_project_lifetime_member_accept_only_for_that_project(led_project, submitted):
    member = UserFactory(username="pg-projekt")
    membership_start(
        actor=None,
        body=body("programgruppe"),
        user=member,
        project=submitted.project,
        start_date=datetime.date(2025, 1, 1),
    )
    assert _client(member).post(_accept_url(submitted)).status_code == 302
