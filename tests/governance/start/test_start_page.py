"""The start page (/): each part shown to whom it concerns and not to others, with the right counts and
links to where the work is done; a reader gets the dashboard as before."""

import datetime

import pytest
from django.utils import timezone

from governance.bodies.services import membership_start
from governance.models import (
    ActionItem,
    AgendaItem,
    AnnualPlan,
    Decision,
    Idea,
    Meeting,
    Membership,
    ProjectRequest,
    SecurityReview,
)
from portfolio.models import Milestone, Risk, StatusReport
from portfolio.services import project_set_people
from tests.factories import (
    BenefitFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
)
from tests.governance.helpers import member

pytestmark = pytest.mark.django_db

START = "Dit arbejde i portalen"
DASHBOARD = "Statuskort"


def today():
    return timezone.localdate()


@pytest.fixture
def period():
    """The coming Project Board: its meeting in a week, the deadline in five days."""
    return ReportingPeriodFactory(meeting_date=today() + datetime.timedelta(days=7))


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


# --- A reader ---------------------------------------------------------------------------------------------


def test_it_shows_a_reader_the_dashboard_as_before(client, reader, period):
    html = page(client, reader)
    assert START not in html
    assert "<h1>Overblik over digitaliseringsporteføljen</h1>" in html
    assert DASHBOARD in html


# --- The project leader -----------------------------------------------------------------------------------


@pytest.fixture
def leader_world(project_leader, led_project, period):
    """The leader's project in execution: its report for the coming meeting missing, a correction of an
    earlier report started, an overdue milestone, a high risk and a change request awaiting a decision."""
    led_project.phase = "gennemfoerelse"
    led_project.save()
    earlier = ReportingPeriodFactory(meeting_date=today() - datetime.timedelta(days=7))
    submitted = StatusReportFactory(project=led_project, period=earlier, author=project_leader)
    correction = StatusReport.objects.create(
        project=led_project,
        period=earlier,
        version=2,
        supersedes=submitted,
        author=project_leader,
        state=StatusReport.State.DRAFT,
    )
    milestone = Milestone.objects.create(
        project=led_project, title="Pilotdrift i Borgerservice", due_date=today() - datetime.timedelta(days=3)
    )
    risk = Risk.objects.create(
        project=led_project, title="Leverandøren leverer sent", probability=4, consequence=4
    )
    Risk.objects.create(project=led_project, title="Lille risiko", probability=1, consequence=2)
    request = ProjectRequest.objects.create(
        kind="change", project=led_project, body=body("styregruppe"), requested_by=project_leader
    )
    return {"correction": correction, "milestone": milestone, "risk": risk, "request": request}


def test_it_shows_a_project_leader_her_work_with_one_click_to_each(
    client, project_leader, led_project, leader_world
):
    html = page(client, project_leader)
    assert START in html and "Dine projekter" in html
    assert (
        f'href="/projects/{led_project.pk}/status/new/">Skriv statusrapport for {led_project.number}' in html
    )
    correction = leader_world["correction"]
    assert (
        f'href="/projects/{led_project.pk}/status/{correction.pk}/edit/">Rettelse af statusrapporten' in html
    )
    assert "Kladde til version 2, der erstatter den indsendte version 1" in html
    milestone, risk = leader_world["milestone"], leader_world["risk"]
    assert (
        f'href="/projects/{led_project.pk}/milestones/{milestone.pk}/edit/">Pilotdrift i Borgerservice'
        in html
    )
    assert f'href="/projects/{led_project.pk}/risks/{risk.pk}/edit/">Leverandøren leverer sent' in html
    assert "Lille risiko" not in html
    assert f'href="/requests/{leader_world["request"].pk}/"' in html
    assert "Overskredet" in html
    # No dashboard below: a link to it.
    assert DASHBOARD not in html
    assert 'href="/dashboard/">Se overblikket over hele porteføljen' in html


def test_it_says_the_leader_has_sent_everything_when_the_report_is_in(
    client, project_leader, led_project, period
):
    led_project.phase = "gennemfoerelse"
    led_project.save()
    StatusReportFactory(project=led_project, period=period, author=project_leader)
    html = page(client, project_leader)
    assert "Alle dine statusrapporter til perioden er indsendt." in html
    assert "Skriv statusrapport" not in html


def test_it_shows_the_leader_part_only_to_leaders_and_deputies(
    client, leader_world, led_project, steering_member
):
    assert "Dine projekter" not in page(client, steering_member)
    deputy = UserFactory()
    led_project.deputies.add(deputy)
    assert f"Skriv statusrapport for {led_project.number}" in page(client, deputy)
    group_member = UserFactory()
    led_project.members.add(group_member)
    assert START not in page(client, group_member)


def test_it_leaves_an_archived_projects_leader_on_the_dashboard(client, project_leader, led_project, period):
    led_project.archived = True
    led_project.save()
    assert START not in page(client, project_leader)


# --- The steering group and the other deciding bodies ---------------------------------------------------


@pytest.fixture
def awaiting_steering(led_project):
    """One of each thing that awaits the steering group: an escalation from the programme group, a project's
    change request, the indsatsplan submitted for approval and an idea asking for funding."""
    escalation = Decision.objects.create(
        body=body("programgruppe"),
        kind=Decision.Kind.ESCALATION,
        decided_on=today(),
        text="Rammen rækker ikke til Talegenkendelse.",
    )
    request = ProjectRequest.objects.create(
        kind="change", project=led_project, body=body("styregruppe"), requested_by=led_project.leader
    )
    plan = AnnualPlan.objects.create(year=2027, status=AnnualPlan.Status.SUBMITTED)
    idea = Idea.objects.create(title="Droner til tagsyn", proposer=UserFactory(), status=Idea.Status.SCORED)
    return {"escalation": escalation, "request": request, "plan": plan, "idea": idea}


def test_it_shows_the_steering_group_what_awaits_its_decision_above_the_dashboard(
    client, steering_member, awaiting_steering, period
):
    html = page(client, steering_member)
    assert "Til beslutning i Tværgående digitaliseringsstyregruppe (4)" in html
    assert f'href="/governance/decisions/{awaiting_steering["escalation"].pk}/">Eskalering: Rammen' in html
    assert f'href="/requests/{awaiting_steering["request"].pk}/"' in html
    assert 'href="/plans/2027/v1/">Indsatsplan 2027 (version 1) til godkendelse' in html
    assert f'href="/governance/ideas/{awaiting_steering["idea"].pk}/">Idé, der søger bevilling' in html
    assert html.index("Til beslutning i") < html.index(DASHBOARD)
    # The dashboard's own figure counts the same four, with the plan among them.
    assert '<span class="key-figure">4</span> sager afventer styregruppens beslutning' in html


def test_it_counts_the_plan_awaiting_approval_on_the_dashboard(client, reader, period):
    AnnualPlan.objects.create(year=2027, status=AnnualPlan.Status.SUBMITTED)
    html = page(client, reader)
    assert '<span class="key-figure">1</span> sag afventer styregruppens beslutning' in html
    assert "Indsatsplan 2027 (version 1)</a> til godkendelse" in html


def test_it_shows_what_awaits_the_steering_group_only_to_its_deciders(
    client, awaiting_steering, steering_secretary, project_leader, period
):
    assert "Til beslutning i Tværgående digitaliseringsstyregruppe" not in page(client, steering_secretary)
    assert "Til beslutning i" not in page(client, project_leader)


def test_it_shows_the_programme_group_its_own_matters_and_the_dashboard(client, programme_member, period):
    html = page(client, programme_member)
    assert "Til beslutning i" not in html
    assert "Intet venter på en beslutning i Tværgående digitaliseringsprogramgruppe." in html
    assert DASHBOARD in html


# --- The secretary --------------------------------------------------------------------------------------


def test_it_shows_a_secretary_her_meetings_missing_reports_and_minutes(client, board_secretary, period):
    ProjectFactory(phase="gennemfoerelse")  # active, no report: missing
    reported = ProjectFactory(phase="gennemfoerelse")
    StatusReportFactory(project=reported, period=period)
    board_meeting = Meeting.objects.create(
        body=body("project-board"), date=period.meeting_date, reporting_period=period
    )
    AgendaItem.objects.create(meeting=board_meeting, order=1, title="Status")
    held = Meeting.objects.create(body=body("project-board"), date=today() - datetime.timedelta(days=20))
    written = Meeting.objects.create(
        body=body("project-board"), date=today() - datetime.timedelta(days=30), minutes="Referat."
    )
    html = page(client, board_secretary)
    assert "Møder, du er sekretær for" in html
    assert f'href="/board/{period.pk}/">1 projekt mangler statusrapport til Project Board' in html
    assert "Dagsorden: 1 punkt<" in html
    assert f'href="/governance/meetings/{held.pk}/">Project Board:' in html
    assert f'href="/governance/meetings/{written.pk}/"' not in html


def test_it_shows_the_secretary_part_only_to_secretaries(client, steering_member, programme_member, period):
    for person in (steering_member, programme_member):
        assert "Møder, du er sekretær for" not in page(client, person)


# --- IOD and the IT-security group ------------------------------------------------------------------------


def test_it_shows_iod_the_ideas_to_score_but_not_its_own(client, iod_member, steering_member, reader):
    others = Idea.objects.create(title="Chatbot til borgerservice", proposer=UserFactory())
    Idea.objects.create(title="Min egen idé", proposer=iod_member)
    Idea.objects.create(title="Allerede vurderet", proposer=UserFactory(), status=Idea.Status.SCORED)
    html = page(client, iod_member)
    assert "Idéer at vurdere (1)" in html
    assert f'href="/governance/ideas/{others.pk}/">Chatbot til borgerservice' in html
    assert "Min egen idé" not in html
    for person in (steering_member, reader):
        assert "Idéer at vurdere" not in page(client, person)


def test_it_shows_the_it_security_group_its_reviews_due(client, steering_member):
    due = SecurityReview.objects.create(
        year=today().year,
        kind=SecurityReview.Kind.POLICY_REVIEW,
        due_date=today() + datetime.timedelta(days=30),
    )
    SecurityReview.objects.create(
        year=today().year,
        kind=SecurityReview.Kind.RISK_ASSESSMENT_NEED,
        due_date=today() + datetime.timedelta(days=300),
    )
    security = member("it-sikkerhedsgruppe")
    html = page(client, security)
    assert (
        f'href="/governance/security/{due.pk}/">Årlig vurdering af informationssikkerhedspolitikken' in html
    )
    assert "behov for fornyet risikovurdering" not in html
    assert "IT-sikkerhedsgruppens opgaver" not in page(client, steering_member)


# --- Benefits and actions ---------------------------------------------------------------------------------


def test_it_leaves_the_benefit_owners_part_to_benefit_owners(client, benefit_owner, reader):
    # Measured every 3 months from its baseline a year ago, never measured: late.
    late = BenefitFactory(
        owner=benefit_owner, title="Færre rykkere", baseline_date=today() - datetime.timedelta(days=365)
    )
    html = page(client, benefit_owner)
    assert "Dine gevinster" in html and "1 måling er forsinket" in html
    assert f'href="/benefits/{late.pk}/?next=/benefits/mine/#record-heading">Registrér måling' in html
    assert "Dine gevinster" not in page(client, reader)


def test_it_shows_anyone_the_actions_a_meeting_gave_them(client, reader):
    held = Meeting.objects.create(body=body("styregruppe"), date=today() - datetime.timedelta(days=10))
    ActionItem.objects.create(
        meeting=held, description="Indhent tilbud på tale-til-tekst", owner=reader, due_date=today()
    )
    ActionItem.objects.create(
        meeting=held, description="Allerede gjort", owner=reader, due_date=today(), done_on=today()
    )
    html = page(client, reader)
    assert "Dine handlinger (1)" in html
    assert f'href="/governance/meetings/{held.pk}/">Indhent tilbud på tale-til-tekst' in html


# --- Several roles --------------------------------------------------------------------------------------


def test_it_shows_a_person_with_several_roles_each_part_own_work_first(
    client, project_leader, leader_world, awaiting_steering, period
):
    for slug, role in (("styregruppe", Membership.Role.MEMBER), ("project-board", Membership.Role.SECRETARY)):
        membership_start(actor=None, body=body(slug), user=project_leader, role=role)
    html = page(client, project_leader)
    parts = [
        "Dine projekter",
        "Til beslutning i Tværgående digitaliseringsstyregruppe",
        "Møder, du er sekretær for",
    ]
    positions = [html.index(part) for part in parts] + [html.index(DASHBOARD)]
    assert positions == sorted(positions)


def test_it_keeps_the_plain_dashboard_and_the_filtered_front_page_for_everyone(
    client, project_leader, leader_world
):
    client.force_login(project_leader)
    assert DASHBOARD in client.get("/dashboard/").content.decode()
    filtered = client.get("/?kind=lokal").content.decode()
    assert DASHBOARD in filtered and START not in filtered


def test_it_refuses_anything_but_reading(client, project_leader):
    client.force_login(project_leader)
    assert client.post("/").status_code == 405


def test_it_ends_the_leader_part_when_the_leader_changes(client, project_leader, led_project, period):
    led_project.phase = "gennemfoerelse"
    led_project.save()
    assert "Dine projekter" in page(client, project_leader)
    project_set_people(actor=None, project=led_project, leader=UserFactory())
    assert START not in page(client, project_leader)
