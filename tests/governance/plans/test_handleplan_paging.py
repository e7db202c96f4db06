"""The handleplan shows 50 projects a page, grouped by focus area, and counts every match; the Excel
export still has every matching project."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governance.plans.handleplan import PROJECTS_PER_PAGE
from portfolio.models import Phase
from tests.factories import ProjectFactory, current_focus_area

URL = "/plans/handleplan/"


@pytest.fixture
def many(db):
    area1, area2 = current_focus_area(1), current_focus_area(2)
    for n in range(PROJECTS_PER_PAGE + 1):
        ProjectFactory(number=f"H-{n:03d}", phase=Phase.EXECUTION, focus_areas=[area1 if n else area2])
    return area1, area2


def test_it_pages_the_projects_and_counts_them_all(client, reader, many):
    client.force_login(reader)
    first = client.get(URL)
    assert len(first.context["projects"]) == PROJECTS_PER_PAGE
    html = first.content.decode()
    assert f"<strong>{PROJECTS_PER_PAGE + 1}</strong> igangværende projekter" in html
    assert f"Side 1 af 2 · projekt 1–{PROJECTS_PER_PAGE}" in html
    last = client.get(URL, {"page": 2})
    assert [p.number for p in last.context["projects"]] == [f"H-{PROJECTS_PER_PAGE:03d}"]
    # Only the page's groups: area 2's one project is on page 1.
    assert [area.number for area, _ in last.context["groups"]] == [1]


def test_it_keeps_the_filters_when_paging(client, reader, many):
    client.force_login(reader)
    response = client.get(URL, {"focus_area": [many[0].pk], "page": 1})
    assert response.context["page"].paginator.count == PROJECTS_PER_PAGE
    assert not response.context["page"].has_other_pages()


@pytest.mark.parametrize("page", ["0", "x", "99"])
def test_it_turns_any_page_number_into_a_page(client, reader, many, page):
    client.force_login(reader)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["projects"]


def test_it_exports_every_match_whatever_the_page(client, reader, many):
    client.force_login(reader)
    response = client.get(reverse("governance:handleplan-xlsx"), {"page": 2})
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("H-")}
    assert len(numbers) == PROJECTS_PER_PAGE + 1
