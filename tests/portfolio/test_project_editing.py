"""Creating and editing projects, milestones and risks: who may, the programme's rules, and no lost edits."""

import datetime
from decimal import Decimal

import pytest

from portfolio.models import Milestone, Project, Risk
from tests.edit_tokens import token_of
from tests.factories import OrgUnitFactory, UserFactory, current_focus_area

pytestmark = pytest.mark.django_db


def project_data(project=None, **overrides):
    """A complete, valid POST for the project form (a new project's number is the portal's: none is sent)."""
    data = {
        "name": project.name if project else "Digital post til virksomheder",
        "purpose": "Færre breve på papir.",
        "description": "",
        "kind": "lokal",
        "anchoring": project.anchoring_id if project else OrgUnitFactory().pk,
        "focus_areas": [current_focus_area(2).pk],
        "project_model": "standard",
        "phase": project.phase if project else "analyse",
        "national_initiative": "",
        "owner": "",
        "leader": project.leader_id
        if project and project.leader_id
        else (UserFactory().pk if not project else ""),
        "deputies": [],
        "esdh_case_number": "",
        "documents_url": "",
        "priority": "",
        "budget": "250000",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    }
    if project is not None:
        data["version"] = project.version
    data.update(overrides)
    return data


def _fresh(project):
    return Project.objects.get(pk=project.pk)


# --- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("programme_member", 302), ("leader", 403), ("reader", 403)])
def test_it_lets_only_the_programme_group_create_projects(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/projects/new/").status_code == (200 if status == 302 else 403)
    response = client.post("/projects/new/", project_data())
    assert response.status_code == status
    assert Project.objects.filter(name="Digital post til virksomheder").exists() is (status == 302)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("leader", True), ("programme_member", True), ("other_leader", False), ("reader", False)],
)
def test_it_lets_the_leader_and_the_programme_group_edit_and_nobody_else(
    client, request, project, persona, allowed
):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/projects/{project.pk}/edit/", project_data(project, name="Nyt navn"))
    assert response.status_code == (302 if allowed else 403)
    assert (_fresh(project).name == "Nyt navn") is allowed


def test_it_shows_edit_buttons_only_to_those_who_may_edit(client, project, leader, reader):
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert (
        "Redigér projektet" not in html and "Tilføj milepæl" not in html and "Skriv statusrapport" not in html
    )
    client.force_login(leader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Redigér projektet" in html and "Tilføj milepæl" in html and "Skriv statusrapport" in html


def test_it_redirects_anonymous_visitors_of_the_edit_pages_to_login(client, project):
    for path in ("/projects/new/", f"/projects/{project.pk}/edit/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")


# --- the programme's rules -------------------------------------------------------------------------


def test_it_requires_a_focus_area_of_the_current_period(client, project, leader):
    client.force_login(leader)
    response = client.post(f"/projects/{project.pk}/edit/", project_data(project, focus_areas=[]))
    assert response.status_code == 200
    assert "Vælg mindst ét fokusområde fra den gældende strategiperiode." in response.content.decode()


def test_it_keeps_a_project_in_analyse_until_dpo_security_and_it_are_involved(client, project, leader):
    # The light model moves phase in the form; the standard model only by a phase-gate decision.
    Project.objects.filter(pk=project.pk).update(project_model="light")
    project = _fresh(project)
    client.force_login(leader)
    response = client.post(f"/projects/{project.pk}/edit/", project_data(project, phase="gennemfoerelse"))
    assert response.status_code == 200
    assert "Projektet kan først gå videre fra analyse" in response.content.decode()
    assert _fresh(project).phase == "analyse"

    done = {"dpo_involved": "on", "security_coordinator_involved": "on", "it_involved": "on"}
    response = client.post(
        f"/projects/{project.pk}/edit/", project_data(project, phase="gennemfoerelse", **done)
    )
    assert response.status_code == 302
    assert _fresh(project).phase == "gennemfoerelse"


def test_it_leaves_a_standard_project_s_phase_to_the_phase_gate(client, project, leader):
    client.force_login(leader)
    done = {"dpo_involved": "on", "security_coordinator_involved": "on", "it_involved": "on"}
    form = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "Fasen ændres ved en fasegodkendelse" in form
    response = client.post(
        f"/projects/{project.pk}/edit/", project_data(project, phase="gennemfoerelse", **done)
    )
    assert response.status_code == 302
    assert _fresh(project).phase == "analyse"


def test_it_moves_permissions_when_the_form_changes_the_leader(client, project, leader, other_leader):
    client.force_login(leader)
    client.post(f"/projects/{project.pk}/edit/", project_data(project, leader=other_leader.pk))
    client.force_login(other_leader)
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 200
    client.force_login(leader)
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403


# --- concurrent edits and history -------------------------------------------------------------------


def test_it_refuses_the_second_of_two_concurrent_edits_and_shows_what_changed(client, project, leader):
    started_from = project_data(project)
    client.force_login(leader)
    first = client.post(f"/projects/{project.pk}/edit/", {**started_from, "name": "Første navn"})
    assert first.status_code == 302

    second = client.post(f"/projects/{project.pk}/edit/", {**started_from, "budget": "999"})
    html = second.content.decode()
    assert second.status_code == 200
    assert "Nogen har gemt ændringer, siden du åbnede siden" in html
    assert "Dine ændringer er ikke gemt" in html
    assert "Første navn" in html
    project = _fresh(project)
    assert project.name == "Første navn"
    assert project.budget != 999


def test_it_records_who_changed_what_in_the_history(client, project, leader):
    client.force_login(leader)
    client.post(f"/projects/{project.pk}/edit/", project_data(project, name="Talegenkendelse 2.0"))
    latest = _fresh(project).history.order_by("-history_id").first()
    assert latest.history_user == leader
    assert latest.name == "Talegenkendelse 2.0"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Ændret: " in page and "navn" in page


@pytest.mark.parametrize(
    "overrides",
    [
        {"budget": "mange penge"},
        {"budget": "-5"},
        {"start_date": "2026-13-45"},
        {"end_date": "2025-01-01"},
        {"anchoring": "999999"},
        {"anchoring": "abc"},
        {"focus_areas": ["abc"]},
        {"phase": "ukendt"},
        {"purpose": "x" * 100_000},
        {"name": ""},
        {"version": "abc"},
    ],
)
def test_it_answers_bad_input_with_a_danish_message_and_changes_nothing(client, project, leader, overrides):
    Project.objects.filter(pk=project.pk).update(project_model="light")  # so the phase field is editable
    project = _fresh(project)
    before = _fresh(project)
    client.force_login(leader)
    response = client.post(f"/projects/{project.pk}/edit/", project_data(project, **overrides))
    assert response.status_code == 200
    assert "Projektet er ikke gemt" in response.content.decode()
    after = _fresh(project)
    assert (after.name, after.budget, after.version) == (before.name, before.budget, before.version)


def test_it_answers_404_for_unknown_projects_on_every_edit_url(client, leader):
    client.force_login(leader)
    assert client.get("/projects/999999/edit/").status_code == 404
    assert client.post("/projects/999999/milestones/", {}).status_code == 404
    assert client.post("/projects/999999/risks/", {}).status_code == 404


# --- milestones and risks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"), [("leader", True), ("other_leader", False), ("reader", False)]
)
def test_it_lets_only_editors_add_milestones_and_risks(client, request, project, persona, allowed):
    client.force_login(request.getfixturevalue(persona))
    milestone = client.post(
        f"/projects/{project.pk}/milestones/",
        {"milestone-title": "Pilot i drift", "milestone-due_date": "2026-06-01"},
    )
    risk = client.post(
        f"/projects/{project.pk}/risks/",
        {
            "risk-title": "Leverandøren når det ikke",
            "risk-probability": "3",
            "risk-consequence": "4",
            "risk-status": "open",
        },
    )
    assert milestone.status_code == risk.status_code == (302 if allowed else 403)
    assert project.milestones.exists() is allowed
    assert project.risks.exists() is allowed


def test_it_updates_the_section_in_place_for_htmx(client, project, leader):
    client.force_login(leader)
    response = client.post(
        f"/projects/{project.pk}/milestones/",
        {"milestone-title": "Go-live", "milestone-due_date": "2026-09-01"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="milepaele-section"' in html
    assert "Go-live" in html and "Milepælen er tilføjet." in html


def test_it_marks_a_milestone_reached_and_archives_instead_of_deleting(client, project, leader):
    milestone = Milestone.objects.create(
        project=project, title="Kontrakt", due_date=datetime.date(2026, 3, 1)
    )
    client.force_login(leader)
    prefix = f"m{milestone.pk}"
    client.post(
        f"/projects/{project.pk}/milestones/{milestone.pk}/",
        {
            f"{prefix}-title": "Kontrakt",
            f"{prefix}-due_date": "2026-03-01",
            f"{prefix}-completed_on": "2026-03-02",
            f"{prefix}-version": token_of(milestone),
        },
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == datetime.date(2026, 3, 2)
    client.post(f"/projects/{project.pk}/milestones/{milestone.pk}/", {"action": "archive"})
    milestone.refresh_from_db()
    assert milestone.archived
    assert "Kontrakt" not in client.get(f"/projects/{project.pk}/").content.decode()


def test_it_refuses_a_risk_outside_the_scale_with_a_danish_message(client, project, leader):
    client.force_login(leader)
    response = client.post(
        f"/projects/{project.pk}/risks/",
        {"risk-title": "For stor", "risk-probability": "9", "risk-consequence": "1", "risk-status": "open"},
        follow=True,
    )
    assert "Risikoen blev ikke gemt" in response.content.decode()
    assert not Risk.objects.exists()


def test_it_counts_open_risks_in_the_matrix(client, project, leader):
    Risk.objects.create(project=project, title="A", probability=5, consequence=5)
    Risk.objects.create(project=project, title="B", probability=5, consequence=5)
    Risk.objects.create(project=project, title="C", probability=1, consequence=1, status="closed")
    client.force_login(leader)
    matrix = client.get(f"/projects/{project.pk}/").context["risk_matrix"]
    counts = {(cell.probability, cell.consequence): cell.count for _, cells in matrix for cell in cells}
    assert counts[(5, 5)] == 2
    assert counts[(1, 1)] == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("450.000", "450000"), ("1.250.000,50", "1250000.50"), ("450000", "450000"), ("75.000 kr.", "75000")],
)
def test_it_accepts_the_budget_as_danes_write_it(client, project, leader, typed, stored):
    client.force_login(leader)
    response = client.post(f"/projects/{project.pk}/edit/", project_data(project, budget=typed))
    assert response.status_code == 302
    assert _fresh(project).budget == Decimal(stored)


def test_it_shows_the_budget_with_danish_thousands_separators(client, project, leader):
    Project.objects.filter(pk=project.pk).update(budget=Decimal("1250000.50"))
    client.force_login(leader)
    assert 'value="1.250.000,50"' in client.get(f"/projects/{project.pk}/edit/").content.decode()
