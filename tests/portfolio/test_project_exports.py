"""The filtered project list exported as CSV (for Danish Excel) and as an Excel workbook."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from portfolio.services import project_set_people
from tests.factories import (
    OrgUnitFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    current_focus_area,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "Nr.",
    "Projekt",
    "Type",
    "Fase",
    "Samlet status",
    "Seneste Project Board",
    "Fokusområder",
    "Forankring",
    "Projektleder",
    "Budget",
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def exported(db):
    unit = OrgUnitFactory(name="Social og Arbejdsmarked")
    leader = UserFactory(username="lene", first_name="Lene", last_name="Ørsted")
    red = ProjectFactory(
        number="X-1",
        name="Robotter i jobcentret",
        kind="tvaerkommunal",
        phase="gennemfoerelse",
        anchoring=unit,
        budget=Decimal("1250000.50"),
        focus_areas=[current_focus_area(1), current_focus_area(3)],
    )
    project_set_people(actor=None, project=red, leader=leader)
    period = ReportingPeriodFactory(meeting_date=datetime.date(2026, 2, 5))
    StatusReportFactory(project=red, period=period, overall="red")
    ProjectFactory(number="X-2", name='=HYPERLINK("http://x")', phase="ide", anchoring=unit)
    return red


def csv_rows(response):
    content = response.getvalue()  # the CSV is streamed: getvalue() reads the whole stream
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_it_exports_the_list_as_semicolon_separated_csv_for_danish_excel(client, reader, exported):
    client.force_login(reader)
    response = client.get("/projects/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="projekter-')
    header, first, second = csv_rows(response)
    assert header == HEADER
    assert first == [
        "X-1",
        "Robotter i jobcentret",
        "Tværkommunal",
        "Gennemførelse",
        "Rød",
        "2026-02-05",
        f"{current_focus_area(1)}; {current_focus_area(3)}",
        "Social og Arbejdsmarked",
        "Lene Ørsted",
        "1250000,50",
    ]
    # Never reported, no leader, no budget; text that looks like a formula stays text.
    assert second == [
        "X-2",
        '\'=HYPERLINK("http://x")',
        "Lokal",
        "Idé",
        "Ikke rapporteret",
        "",
        str(current_focus_area(1)),
        "Social og Arbejdsmarked",
        "",
        "",
    ]


def test_it_exports_the_list_as_an_excel_workbook(client, reader, exported):
    client.force_login(reader)
    response = client.get("/projects/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet, rows = xlsx_rows(response)
    assert rows[0] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.freeze_panes == "A2"
    assert rows[1][:5] == ["X-1", "Robotter i jobcentret", "Tværkommunal", "Gennemførelse", "Rød"]
    assert rows[1][5] == datetime.datetime(2026, 2, 5)  # a real date, shown as a date
    assert sheet["F2"].is_date
    assert rows[1][6:9] == [
        f"{current_focus_area(1)}; {current_focus_area(3)}",
        "Social og Arbejdsmarked",
        "Lene Ørsted",
    ]
    assert rows[1][9] == pytest.approx(1250000.5)
    # The formula-like name is stored as text, not as a formula.
    assert sheet["B3"].data_type == "s"
    assert rows[2][1] == '=HYPERLINK("http://x")'
    assert rows[2][4] == "Ikke rapporteret"
    assert len(rows) == 3


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_it_exports_only_the_filtered_rows_but_all_of_them_not_one_page(client, reader, exported, extension):
    unit = OrgUnitFactory(name="Mange")
    for n in range(60):
        ProjectFactory(number=f"Y-{n:03d}", name=f"Projekt {n}", anchoring=unit, phase="analyse")
    client.force_login(reader)

    def numbers(query):
        response = client.get(f"/projects/export.{extension}{query}")
        assert response.status_code == 200
        rows = csv_rows(response) if extension == "csv" else xlsx_rows(response)[1]
        assert rows[0] == HEADER
        return [row[0] for row in rows[1:]]

    assert len(numbers("")) == 62
    assert numbers(f"?anchoring={unit.pk}&page=2") == [f"Y-{n:03d}" for n in range(60)]
    assert numbers("?light=red") == ["X-1"]
    assert numbers("?phase=ide&ordering=-number") == ["X-2"]
    assert numbers("?q=robot") == ["X-1"]
    assert numbers(f"?anchoring={unit.pk}&ordering=-number")[:2] == ["Y-059", "Y-058"]
    # Invalid filters export the header and no rows, never an error.
    assert numbers("?phase=bogus") == []
    assert numbers("?q=" + "x" * 500) == []


def test_it_exports_in_the_same_number_of_queries_for_few_and_many_projects(client, reader, exported):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reader)
    counts = {}
    for extension in ("csv", "xlsx"):
        client.get(f"/projects/export.{extension}")
        with CaptureQueriesContext(connection) as small:
            client.get(f"/projects/export.{extension}")
        counts[extension] = len(small)
    for n in range(20):
        project = ProjectFactory(number=f"Z-{n}", focus_areas=[current_focus_area(2), current_focus_area(5)])
        project_set_people(actor=None, project=project, leader=UserFactory())
    for extension in ("csv", "xlsx"):
        with CaptureQueriesContext(connection) as large:
            client.get(f"/projects/export.{extension}")
        assert len(large) == counts[extension]


def test_it_drops_control_characters_excel_cannot_hold(client, reader, exported):
    """Word's manual line break (\x0b) pasted into a name made openpyxl refuse the whole workbook."""
    from portfolio.models import Project

    Project.objects.filter(number="X-1").update(name="Robotter\x0bi jobcentret")
    client.force_login(reader)
    response = client.get("/projects/export.xlsx")
    assert response.status_code == 200
    _sheet, rows = xlsx_rows(response)
    assert rows[1][1] == "Robotteri jobcentret"


def test_it_sends_anonymous_visitors_of_the_exports_to_login(client, exported):
    for extension in ("csv", "xlsx"):
        response = client.get(f"/projects/export.{extension}")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
