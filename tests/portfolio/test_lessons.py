"""Lessons learned, searchable across projects: /lessons/."""

import datetime

import pytest
from django.test import Client

from portfolio.models import ClosingReport, ProjectPhasePlan
from tests.factories import ProjectFactory, current_focus_area

pytestmark = pytest.mark.django_db


def _lesson(number, name, lessons, *, phase="afsluttet", state="accepted", year=2025, area=1, goals=""):
    project = ProjectFactory(number=number, name=name, phase=phase, focus_areas=[current_focus_area(area)])
    ProjectPhasePlan.objects.create(project=project, phase=phase, actual_start=datetime.date(year, 6, 1))
    return ClosingReport.objects.create(
        project=project, state=state, lessons_learned=lessons, goals_met=goals
    )


@pytest.fixture
def lessons(db):
    return [
        _lesson("L-1", "Talegenkendelse", "Pilotér i én gruppe først.", year=2025, area=1),
        _lesson(
            "L-2", "Digital post", "Involvér borgerne i test.", year=2026, area=2, goals="Fuld udrulning"
        ),
        _lesson(
            "L-3",
            "Robotter",
            "Stop tidligt, når data mangler.",
            phase="stoppet",
            state="submitted",
            year=2026,
        ),
        # Not yet accepted, the project still active: not a lesson yet.
        _lesson("L-4", "Kladde", "Hemmelig kladde.", phase="realisering", state="draft"),
    ]


def _get(reader, query=""):
    client = Client()
    client.force_login(reader)
    response = client.get(f"/lessons/{query}")
    return response, response.content.decode()


def test_it_lists_accepted_and_stopped_projects_lessons_newest_first(reader, lessons):
    response, page = _get(reader)
    assert response.status_code == 200
    assert "<strong>3</strong> afslutningsrapporter" in page
    assert "Hemmelig kladde" not in page
    assert page.index("L-2") < page.index("L-1")
    assert f"/projects/{lessons[0].project_id}/closing/" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=pilotér", ["L-1"]),
        ("?q=udrulning", ["L-2"]),
        ("?q=robotter", ["L-3"]),
        ("?phase=stoppet", ["L-3"]),
        ("?phase=afsluttet", ["L-1", "L-2"]),
        ("?year=2025", ["L-1"]),
        ("?year=2026&phase=afsluttet", ["L-2"]),
    ],
)
def test_it_searches_and_filters(reader, lessons, query, expected):
    _, page = _get(reader, query)
    assert [number for number in ("L-1", "L-2", "L-3") if f"{number} " in page] == expected
    assert "matcher filtrene" in page


def test_it_filters_by_focus_area(reader, lessons):
    area = current_focus_area(2)
    _, page = _get(reader, f"?focus_area={area.pk}")
    assert "L-2 " in page and "L-1 " not in page


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=1999",
        "?phase=ide",
        "?focus_area=99999999999999999999999",
        "?focus_area=x",
        "?page=zz",
        "?q=" + "x" * 500,
    ],
)
def test_it_answers_bad_input_in_danish_without_a_500(reader, lessons, query):
    response, page = _get(reader, query)
    assert response.status_code == 200
    if "page" not in query:
        assert "Filtrene kunne ikke bruges" in page


def test_it_is_in_the_navigation(reader):
    _, page = _get(reader)
    assert 'href="/lessons/"' in page and "Erfaringer" in page
