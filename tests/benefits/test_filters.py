"""The benefit list's filters: focus area, project, owner, type, financial, overdue, behind target."""

import datetime
from decimal import Decimal

import pytest

from benefits.services import measurement_record
from tests.benefits.conftest import make_benefit
from tests.factories import ProjectFactory, current_focus_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(project, owner, other_owner):
    today = datetime.date.today()
    on_track = make_benefit(
        project,
        owner,
        title="På sporet",
        baseline_date=today - datetime.timedelta(days=30),
        due_date=today + datetime.timedelta(days=700),
        unit="kr",
        is_financial=True,
    )
    measurement_record(actor=owner, benefit=on_track, measured_on=today, value=Decimal(40))
    other_project = ProjectFactory(name="Andet", focus_areas=[current_focus_area(3)])
    behind = make_benefit(
        other_project,
        other_owner,
        title="Bagud",
        type="service",
        baseline_date=today - datetime.timedelta(days=365),
        due_date=today + datetime.timedelta(days=365),
    )
    measurement_record(
        actor=other_owner, benefit=behind, measured_on=today - datetime.timedelta(days=200), value=Decimal(99)
    )
    return {"on_track": on_track, "behind": behind, "other_project": other_project}


def titles(client, query):
    response = client.get(f"/benefits/{query}")
    assert response.status_code == 200
    return {benefit.title for benefit in response.context["page"].object_list}


def test_it_filters_by_every_field(client, reader, project, owner, other_owner, portfolio):
    client.force_login(reader)
    assert titles(client, "") == {"På sporet", "Bagud"}
    assert titles(client, f"?focus_area={current_focus_area(3).pk}") == {"Bagud"}
    assert titles(client, f"?project={project.pk}") == {"På sporet"}
    assert titles(client, f"?owner={other_owner.pk}") == {"Bagud"}
    assert titles(client, "?type=service") == {"Bagud"}
    assert titles(client, "?financial=yes") == {"På sporet"}
    assert titles(client, "?financial=no") == {"Bagud"}
    assert titles(client, "?overdue=on") == {"Bagud"}
    assert titles(client, "?behind=on") == {"Bagud"}
    assert titles(client, f"?owner={owner.pk}&behind=on") == set()


def test_it_shows_danish_errors_and_no_rows_for_invalid_filters(client, reader, portfolio):
    client.force_login(reader)
    for query in ("?project=abc", "?type=nonsense", "?focus_area=999999", "?owner=-1", "?financial=maybe"):
        response = client.get(f"/benefits/{query}")
        assert response.status_code == 200, query
        assert not response.context["page"].object_list
        assert "Filtrene kunne ikke bruges" in response.content.decode()


def test_it_answers_htmx_with_the_results_only(client, reader, portfolio):
    client.force_login(reader)
    response = client.get("/benefits/?type=service", headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and "Bagud" in response.content.decode()


def test_it_flags_standard_projects_beyond_analysis_without_a_business_case(
    client, reader, project, portfolio
):
    client.force_login(reader)
    page = client.get("/benefits/").content.decode()
    assert "Projektet mangler business case" in page and project.name in page
    light = ProjectFactory(name="Lille projekt", phase="gennemfoerelse", project_model="light")
    section = client.get(f"/benefits/projects/{light.pk}/").content.decode()
    assert "mangler en business case" not in section
    assert "mangler en business case" in client.get(f"/benefits/projects/{project.pk}/").content.decode()
