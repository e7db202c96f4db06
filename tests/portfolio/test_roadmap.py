"""The roadmap page (/roadmap/) and its PDF (/roadmap/pdf): which projects, their filters and groups, the
window, the table beside the chart, bad input, and the project page's own row."""

import datetime
import re

import pytest
from django.utils import timezone

from portfolio.models import Milestone, OrgUnit, ProjectPhasePlan, ReportingPeriod
from portfolio.roadmap import pdf as roadmap_pdf
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory, current_focus_area
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 4, 15)  # the default window: February 2026 to January 2027


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def plan(project, phase, start, end, baseline=None):
    baseline_start, baseline_end = baseline or (None, None)
    return ProjectPhasePlan.objects.create(
        project=project,
        phase=phase,
        planned_start=start,
        planned_end=end,
        baseline_start=baseline_start,
        baseline_end=baseline_end,
    )


@pytest.fixture
def portfolio():
    """Three active projects in two focus areas and two units, a closed and an archived one."""
    borgerservice = OrgUnit.objects.create(name="Borgerservice", kind="afdeling")
    skole = OrgUnit.objects.create(name="Skole og dagtilbud", kind="afdeling")
    talegenkendelse = ProjectFactory(
        number="ND-2026-001",
        name="Talegenkendelse",
        phase="gennemfoerelse",
        kind="lokal",
        anchoring=borgerservice,
        focus_areas=[current_focus_area(3), current_focus_area(1)],
    )
    plan(talegenkendelse, "analyse", D(2025, 9, 1), D(2026, 1, 31), (D(2025, 9, 1), D(2026, 1, 31)))
    plan(talegenkendelse, "gennemfoerelse", D(2026, 2, 1), D(2026, 9, 21), (D(2026, 2, 1), D(2026, 8, 31)))
    Milestone.objects.create(
        project=talegenkendelse,
        title="Kontrakt underskrevet",
        due_date=D(2026, 2, 20),
        completed_on=D(2026, 2, 18),
    )
    Milestone.objects.create(project=talegenkendelse, title="Pilot i Borgerservice", due_date=D(2026, 4, 1))
    Milestone.objects.create(project=talegenkendelse, title="Udrulning", due_date=D(2026, 8, 1))
    Milestone.objects.create(project=talegenkendelse, title="Gammel", due_date=D(2026, 5, 1), archived=True)
    aula = ProjectFactory(
        number="ND-2026-002",
        name="AULA",
        phase="realisering",
        kind="faelleskommunal",
        anchoring=skole,
        focus_areas=[current_focus_area(2)],
    )
    plan(aula, "realisering", D(2026, 1, 1), D(2026, 12, 31))
    idea = ProjectFactory(
        number="ND-2026-003",
        name="Chatbot",
        phase="ide",
        anchoring=borgerservice,
        focus_areas=[current_focus_area(2)],
    )
    closed = ProjectFactory(number="ND-2020-009", name="Lukket projekt", phase="afsluttet")
    archived = ProjectFactory(number="ND-2020-010", name="Arkiveret projekt", archived=True)
    ReportingPeriod.objects.create(
        start_date=D(2026, 4, 17), reporting_deadline=D(2026, 4, 28), meeting_date=D(2026, 4, 30)
    )
    ReportingPeriod.objects.create(
        start_date=D(2026, 5, 1),
        reporting_deadline=D(2026, 5, 12),
        meeting_date=D(2026, 5, 14),
        cancelled=True,
    )
    return {
        "talegenkendelse": talegenkendelse,
        "aula": aula,
        "idea": idea,
        "closed": closed,
        "archived": archived,
    }


def numbers(response):
    return [row.project.number for _, rows in response.context["table"] for row in rows]


def headings(response):
    return [heading for heading, _ in response.context["table"]]


def test_it_requires_login(client):
    for url in ("/roadmap/", "/roadmap/pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_it_shows_every_active_project_grouped_under_its_first_focus_area(client, reader, portfolio):
    client.force_login(reader)
    response = client.get("/roadmap/")

    assert response.status_code == 200
    # Talegenkendelse is in focus areas 1 and 3: it stands under 1 only, once.
    assert numbers(response) == ["ND-2026-001", "ND-2026-002", "ND-2026-003"]
    first, second = headings(response)
    assert first.startswith("1. ") and second.startswith("2. ")
    chart = str(response.context["chart"])
    # Its gennemførelse is drawn; its analyse ended before the window (February 2026) and is not.
    bars = re.findall(r'href="/projects/(\d+)/" class="roadmap-bar roadmap-bar--(\w+)"', chart)
    assert (str(portfolio["talegenkendelse"].pk), "gennemfoerelse") in bars
    assert (str(portfolio["talegenkendelse"].pk), "analyse") not in bars
    assert (
        "Lukket projekt" not in response.content.decode()
        and "Arkiveret projekt" not in response.content.decode()
    )
    assert "Et projekt i flere fokusområder står under det første af dem" in response.content.decode()


def test_it_groups_by_org_unit_and_by_kind(client, reader, portfolio):
    client.force_login(reader)

    by_unit = client.get("/roadmap/?group=org_unit")
    by_kind = client.get("/roadmap/?group=kind")

    assert headings(by_unit) == ["Borgerservice", "Skole og dagtilbud"]
    assert numbers(by_unit) == ["ND-2026-001", "ND-2026-003", "ND-2026-002"]
    assert headings(by_kind) == ["Fælleskommunal (K98)", "Lokal"]
    assert numbers(by_kind) == ["ND-2026-002", "ND-2026-001", "ND-2026-003"]
    assert "Skole og dagtilbud" in str(by_unit.context["chart"])


def test_it_filters_like_the_project_list(client, reader, portfolio):
    client.force_login(reader)
    query = f"?kind=lokal&focus_area={current_focus_area(2).pk}"

    roadmap = client.get(f"/roadmap/{query}")
    listed = client.get(f"/projects/{query}")

    assert numbers(roadmap) == [p.number for p in listed.context["projects"]] == ["ND-2026-003"]
    assert client.get("/roadmap/?q=Talegenk").context["page"].paginator.count == 1
    # The list links to the roadmap with its filters, and the roadmap back.
    assert f'href="/roadmap/{query.replace("&", "&amp;")}"' in listed.content.decode()
    assert "Vis som køreplan" in listed.content.decode()
    assert f'href="/projects/{query.replace("&", "&amp;")}"' in roadmap.content.decode()


def test_it_moves_the_window_and_keeps_the_filters(client, reader, portfolio):
    client.force_login(reader)

    default = client.get("/roadmap/?kind=lokal")
    moved = client.get("/roadmap/?kind=lokal&months=24&start=2026-03")

    assert default.context["window"].start == D(2026, 2, 1) and default.context["window"].months == 12
    assert "Februar 2026 – januar 2027" in default.content.decode()
    assert "Marts 2026 – februar 2028" in moved.content.decode()
    assert moved.context["earlier_url"] == "/roadmap/?kind=lokal&months=24&start=2025-09"
    assert moved.context["later_url"] == "/roadmap/?kind=lokal&months=24&start=2026-09"
    assert moved.context["today_url"] == "/roadmap/?kind=lokal&months=24"
    assert default.context["later_url"] == "/roadmap/?kind=lokal&start=2026-05"
    assert client.get("/roadmap/?start=2026-05").context["today_url"] == "/roadmap/"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=abc", "»abc« er ikke en måned i formatet ÅÅÅÅ-MM"),
        ("start=2026-13", "»2026-13« er ikke en måned"),
        ("start=99999-01", "er ikke en måned"),
        ("months=7", "»7« er ikke et vindue, der kan vælges"),
        ("months=-12", "er ikke et vindue, der kan vælges"),
        ("group=x", "»x« er ikke en gruppering"),
    ],
)
def test_it_falls_back_to_the_default_window_on_bad_input(client, reader, portfolio, query, message):
    client.force_login(reader)
    response = client.get(f"/roadmap/?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["window"].start == D(2026, 2, 1)
    assert response.context["window"].months == 12
    assert response.context["group"] == "focus_area"
    assert len(numbers(response)) == 3


def test_it_shows_a_danish_message_for_bad_filters_and_pages(client, reader, portfolio):
    client.force_login(reader)

    bad_filter = client.get("/roadmap/?focus_area=abc&leader=999999")
    far_page = client.get("/roadmap/?page=999")
    junk_page = client.get("/roadmap/?page=x")

    assert bad_filter.status_code == 200
    assert "Filtrene kunne ikke bruges" in bad_filter.content.decode()
    assert numbers(bad_filter) == []
    assert far_page.status_code == junk_page.status_code == 200
    assert numbers(far_page) == numbers(junk_page) == ["ND-2026-001", "ND-2026-002", "ND-2026-003"]
    assert client.get("/roadmap/pdf?start=abc&months=7&group=x").status_code == 200


def test_it_shows_the_table_alternative_with_slip_and_next_milestone(client, reader, portfolio):
    client.force_login(reader)
    response = client.get("/roadmap/")
    html = re.sub(r"\s+", " ", response.content.decode())

    (table_row,) = [
        row for _, rows in response.context["table"] for row in rows if row.project.name == "Talegenkendelse"
    ]
    assert [(p.label, p.start, p.end, p.slip_days, p.current) for p in table_row.phases] == [
        ("Analyse", D(2025, 9, 1), D(2026, 1, 31), 0, False),
        ("Gennemførelse", D(2026, 2, 1), D(2026, 9, 21), 21, True),
    ]
    # The next milestone is the first not reached (overdue since 1 April); the archived one is left out.
    assert table_row.next_milestone.title == "Pilot i Borgerservice"
    assert table_row.next_state == "Overskredet"
    assert "21 dage forsinket" in html and "Som planlagt" in html
    assert "Pilot i Borgerservice" in html and "▼ Overskredet" in html
    chart = str(response.context["chart"])
    assert (
        "roadmap-mark--reached" in chart and "roadmap-mark--overdue" in chart and "roadmap-mark--due" in chart
    )
    assert "»Gammel«" not in chart
    # The next Project Board meeting (the cancelled one is not drawn) and today.
    assert "Project Board-møde 30. apr. 2026" in chart and "14. maj 2026" not in chart
    assert "I dag, 15. apr. 2026" in chart


def test_it_offers_planning_a_project_without_phases_only_to_who_may(
    client, reader, programme_member, portfolio
):
    plan_url = f"/projects/{portfolio['idea'].pk}/plan/"
    leader = UserFactory(username="chatbot-leder")
    project_set_people(actor=None, project=portfolio["idea"], leader=leader)

    for person, offered in ((programme_member, True), (leader, True), (reader, False)):
        client.force_login(person)
        response = client.get("/roadmap/")
        chart = str(response.context["chart"])
        assert "Ingen faseplan" in chart
        assert (f'href="{plan_url}"' in chart) is offered, person.username


def test_it_pages_fifty_projects_at_a_time(client, reader):
    for n in range(52):
        ProjectFactory(number=f"ND-2026-{n:03d}", phase="analyse")
    client.force_login(reader)

    first = client.get("/roadmap/")
    second = client.get("/roadmap/?page=2")

    assert len(numbers(first)) == 50 and len(numbers(second)) == 2
    assert "Side 2 af 2" in second.content.decode()


def test_it_exports_the_roadmap_as_an_a3_pdf(client, reader, portfolio, tmp_path):
    client.force_login(reader)
    response = client.get("/roadmap/pdf?group=org_unit")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content, tmp_path))
    assert "Køreplan februar 2026 – januar 2027" in text
    assert "3 projekter" in text and "Borgerservice" in text and "Skole og dagtilbud" in text
    assert "Talegenkendelse" in text and "21 dage forsinket" in text
    assert "Pilot i Borgerservice, 1. apr. 2026 (▼ overskredet)" in text
    assert "Lukket projekt" not in text


def test_it_caps_the_pdf_and_says_so(client, reader, portfolio, tmp_path, monkeypatch):
    monkeypatch.setattr(roadmap_pdf, "PDF_PROJECTS", 2)
    monkeypatch.setattr("portfolio.roadmap.views.PDF_PROJECTS", 2)
    client.force_login(reader)

    text = flat(pdf_text(client.get("/roadmap/pdf").content, tmp_path))

    assert "PDF'en viser de første 2 af 3 projekter" in text
    assert "Chatbot" not in text


def test_it_shows_the_project_page_its_own_row(client, reader, portfolio):
    client.force_login(reader)
    project = portfolio["talegenkendelse"]

    response = client.get(project.get_absolute_url())
    bare = client.get(portfolio["idea"].get_absolute_url())

    chart = str(response.context["roadmap_row"])
    assert "Køreplan for ND-2026-001" in chart
    assert chart.count("roadmap-bar--") == 2 and "roadmap-mark--overdue" in chart
    assert 'aria-labelledby="projekt-koereplan"' in response.content.decode()
    # The window covers the project: September 2025 (its first phase) to August 2026, whole quarters.
    assert ">2025</text>" in chart and "roadmap-clip" not in chart
    assert bare.context["roadmap_row"] is None
    assert "projekt-koereplan" not in bare.content.decode()
