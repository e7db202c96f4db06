"""The dynamic handleplan: ongoing projects grouped by focus area (a project in two areas under both),
kind, national initiative and owner, phase and light; filters in the URL, bad input without a 500,
a fixed number of queries, the Excel export of the filtered rows and the printable PDF."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governance.plans.filters import HandleplanFilter
from governance.plans.handleplan import PDF_ROWS
from governance.plans.selectors import group_by_focus_area, ongoing_projects
from portfolio.models import ExternalInitiative, Phase, Project
from tests.factories import ProjectFactory, StatusReportFactory, UserFactory, current_focus_area
from tests.pdf import pdf_text

URL = "/plans/handleplan/"


@pytest.fixture
def portfolio(db):
    kombit = ExternalInitiative.objects.create(name="Fælles Sprogteknologi", owner="kombit")
    kl = ExternalInitiative.objects.create(name="Digitale Velfærdsløsninger", owner="kl")
    area1, area2, area3 = (current_focus_area(n) for n in (1, 2, 3))
    both = ProjectFactory(
        number="P-001",
        name="Talegenkendelse i journalen",
        kind=Project.Kind.FAELLESKOMMUNAL,
        phase=Phase.EXECUTION,
        national_initiative=kombit,
        focus_areas=[area1, area2],
    )
    StatusReportFactory(project=both, overall="red")
    local = ProjectFactory(number="P-002", name="Robot til lønbilag", phase=Phase.IDEA, focus_areas=[area2])
    welfare = ProjectFactory(
        number="P-003",
        name="Skærmbesøg i hjemmeplejen",
        kind=Project.Kind.FAELLESKOMMUNAL,
        phase=Phase.REALISATION,
        national_initiative=kl,
        focus_areas=[area3],
    )
    ProjectFactory(number="P-004", name="Afsluttet projekt", phase=Phase.CLOSED, focus_areas=[area1])
    ProjectFactory(number="P-005", name="Arkiveret projekt", archived=True, focus_areas=[area1])
    return {"both": both, "local": local, "welfare": welfare, "areas": (area1, area2, area3)}


def names_by_area(response):
    return {
        (area.number if area else None): [project.name for project in rows]
        for area, rows in response.context["groups"]
    }


def test_it_groups_ongoing_projects_by_focus_area(client, reader, portfolio):
    client.force_login(reader)
    response = client.get(reverse("governance:handleplan"))
    assert response.status_code == 200
    groups = names_by_area(response)
    assert groups[1] == ["Talegenkendelse i journalen"]
    assert groups[2] == ["Talegenkendelse i journalen", "Robot til lønbilag"]
    assert groups[3] == ["Skærmbesøg i hjemmeplejen"]
    assert len(response.context["projects"]) == 3
    html = response.content.decode()
    assert "Afsluttet projekt" not in html and "Arkiveret projekt" not in html
    assert "står under hvert af dem" in html
    assert "Fælleskommunal (K98)" in html and "Lokal" in html
    assert "Fælles Sprogteknologi" in html and "KOMBIT" in html and "KL" in html
    assert "light--red" in html and "Gennemførelse" in html
    assert portfolio["both"].get_absolute_url() in html
    assert reverse("governance:handleplan-xlsx") in html and reverse("governance:handleplan-pdf") in html


def test_it_puts_a_project_without_a_current_focus_area_in_its_own_group(db, portfolio):
    orphan = ProjectFactory(number="P-009", name="Uden område", focus_areas=[])
    groups = group_by_focus_area(list(ongoing_projects(UserFactory())), portfolio["areas"])
    assert groups[-1] == (None, [orphan])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "faelleskommunal"}, {"P-001", "P-003"}),
        ({"kind": "lokal"}, {"P-002"}),
        ({"owner": "kombit"}, {"P-001"}),
        ({"owner": "kl"}, {"P-003"}),
        ({"owner": "ingen"}, {"P-002"}),
        ({"phase": "ide"}, {"P-002"}),
        ({"q": "sprogteknologi"}, {"P-001"}),
        ({"q": "lønbilag"}, {"P-002"}),
        ({"kind": "faelleskommunal", "owner": "kl"}, {"P-003"}),
    ],
)
def test_it_filters_in_the_url(client, reader, portfolio, query, expected):
    client.force_login(reader)
    response = client.get(URL, query)
    assert {project.number for project in response.context["projects"]} == expected


def test_it_shows_only_the_chosen_focus_areas(client, reader, portfolio):
    client.force_login(reader)
    area2 = portfolio["areas"][1]
    response = client.get(URL, {"focus_area": [area2.pk]})
    assert names_by_area(response) == {2: ["Talegenkendelse i journalen", "Robot til lønbilag"]}


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nasa"},
        {"owner": "nasa"},
        {"phase": "afsluttet"},
        {"focus_area": "abc"},
        {"focus_area": "999999"},
        {"q": "x" * 500},
        {"q": "\x00"},
    ],
)
def test_it_turns_bad_filters_into_danish_errors(client, reader, portfolio, query):
    client.force_login(reader)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "Filtrene kunne ikke bruges" in response.content.decode()
    assert response.context["projects"] == []
    assert client.get(reverse("governance:handleplan-xlsx"), query).status_code == 200


def _make_projects(count, initiative):
    areas = [current_focus_area(1), current_focus_area(2)]
    for index in range(count):
        project = ProjectFactory(
            phase=Phase.EXECUTION,
            national_initiative=initiative if index % 2 else None,
            focus_areas=areas[: 1 + index % 2],
        )
        StatusReportFactory(project=project, overall="yellow")


@pytest.mark.parametrize("count", [3, 25])
def test_it_reads_the_page_in_the_same_number_of_queries(client, reader, count, django_assert_num_queries):
    initiative = ExternalInitiative.objects.create(name="AULA", owner="kombit")
    _make_projects(count, initiative)
    client.force_login(reader)
    area = current_focus_area(1).pk
    # Filtered: session, user, focus areas (validating the filter), the projects, their focus areas,
    # the strategy period, focus areas (the filter's checkboxes), the user's roles (the menu).
    with django_assert_num_queries(8):
        response = client.get(URL, {"kind": "lokal", "focus_area": [area]})
    assert response.status_code == 200
    # Unfiltered: the same, with the focus areas of the page's groups instead of the validation.
    with django_assert_num_queries(8):
        response = client.get(URL)
    assert len(response.context["projects"]) == count


def test_it_exports_the_filtered_rows_to_excel(client, reader, portfolio):
    client.force_login(reader)
    response = client.get(reverse("governance:handleplan-xlsx"), {"kind": "faelleskommunal"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Nr.", "Projekt", "Type", "Nationalt initiativ", "Initiativets ejer")
    assert [row[0] for row in rows[1:]] == ["P-001", "P-003"]
    assert rows[1][3:7] == ("Fælles Sprogteknologi", "KOMBIT", "Gennemførelse", "Rød")
    assert "1." in rows[1][7] and "2." in rows[1][7]


def test_it_prints_every_project_under_its_focus_area_headings(client, reader, portfolio, tmp_path):
    client.force_login(reader)
    response = client.get(reverse("governance:handleplan-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    area1, area2, area3 = portfolio["areas"]
    heading = [text.index(f"{area.number}. {' '.join(area.title.split())}") for area in (area1, area2, area3)]
    assert heading == sorted(heading)
    first = [i for i in range(len(text)) if text.startswith("Talegenkendelse i journalen", i)]
    assert len(first) == 2  # under area 1 and under area 2
    assert heading[0] < first[0] < heading[1] < first[1] < heading[2]
    assert heading[1] < text.index("Robot til lønbilag") < heading[2]
    assert heading[2] < text.index("Skærmbesøg i hjemmeplejen")
    assert "Afsluttet projekt" not in text


def test_it_filters_the_pdf_too(client, reader, portfolio, tmp_path):
    client.force_login(reader)
    response = client.get(reverse("governance:handleplan-pdf"), {"owner": "kl"})
    text = pdf_text(response.content, tmp_path)
    assert "Skærmbesøg i hjemmeplejen" in text and "Robot til lønbilag" not in text


def test_it_is_linked_from_the_plans_page(client, reader):
    client.force_login(reader)
    html = client.get(reverse("governance:plan-list")).content.decode()
    assert reverse("governance:handleplan") in html


def test_it_needs_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_it_offers_the_filters_of_the_brief():
    assert HandleplanFilter.base_filters.keys() >= {"q", "kind", "owner", "phase", "focus_area"}


def test_it_bounds_the_pdf_printed_in_the_request(client, reader, tmp_path):
    """Hostile but accepted: 40 projects in all six focus areas (240 rows), each name 200 unbroken
    letters and the widest letter. The PDF shows the first PDF_ROWS rows, names cut, and says so."""
    areas = [current_focus_area(n) for n in range(1, 7)]
    for n in range(40):
        ProjectFactory(number=f"H-{n:03d}", name="W" * 200, phase=Phase.EXECUTION, focus_areas=areas)
    client.force_login(reader)
    response = client.get(reverse("governance:handleplan-pdf"))
    text = " ".join(pdf_text(response.content, tmp_path).replace("\u200b", "").split())
    assert response.status_code == 200
    assert int(re.search(r"Side 1 af (\d+)", text)[1]) <= 8
    assert f"PDF'en viser de første {PDF_ROWS} af 240 rækker" in text
    assert text.count("H-0") == PDF_ROWS
    assert text.count("W") == PDF_ROWS * 79 and text.count("…") >= PDF_ROWS  # each name cut to 80
    assert "Excel" in text
