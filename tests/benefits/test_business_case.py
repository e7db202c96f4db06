"""The project's business case: a grid of amounts per row and year, with totals computed on the page."""

from decimal import Decimal

import pytest

from benefits.business_case import business_case_summary
from benefits.models import BusinessCase
from tests.edit_tokens import business_case_token

pytestmark = pytest.mark.django_db


def test_it_saves_the_grid_and_shows_the_computed_totals(client, leader, project):
    client.force_login(leader)
    data = {
        "investment__consultancy__0": "500.000",
        "running_cost__software__1": "50.000",
        "running_cost__software__2": "50000",
        "saving__salary_savings__1": "300.000",
        "saving__salary_savings__2": "400.000,00",
        "notes": "Godkendt",
    }
    data["version"] = business_case_token(project)
    response = client.post(f"/benefits/projects/{project.pk}/business-case/edit/", data)
    assert response.status_code == 302
    case = BusinessCase.objects.get(project=project)
    assert case.lines.count() == 5 and case.notes == "Godkendt"
    summary = business_case_summary(case)
    assert summary.total_net == 100_000 and summary.payback_year == 2
    page = client.get(f"/benefits/projects/{project.pk}/business-case/").content.decode()
    assert "Tilbagebetaling:</strong> år 2" in page and "100.000" in page
    # Emptying a cell sets it to 0, keeps the line (and its history); the form shows what is stored.
    data["investment__consultancy__0"] = ""
    data["version"] = business_case_token(project)
    client.post(f"/benefits/projects/{project.pk}/business-case/edit/", data)
    assert case.lines.get(row="consultancy").amount == Decimal(0)
    form_page = client.get(f"/benefits/projects/{project.pk}/business-case/edit/").content.decode()
    assert 'value="400.000"' in form_page


def test_it_shows_the_never_pays_back_text(client, leader, project):
    client.force_login(leader)
    client.post(
        f"/benefits/projects/{project.pk}/business-case/edit/",
        {"investment__hardware__0": "10", "version": business_case_token(project)},
    )
    page = client.get(f"/benefits/projects/{project.pk}/business-case/").content.decode()
    assert "betaler sig ikke tilbage inden for år 5" in page
