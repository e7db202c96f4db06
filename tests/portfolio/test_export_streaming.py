"""The exports in memory that does not grow with the rows (issue 22): the CSV is streamed as its rows are
read, the Excel workbook written row by row (openpyxl's write-only mode) with the same formatting."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio import exports
from portfolio.services import project_set_people
from tests.factories import (
    ITSystemFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    current_focus_area,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(db):
    period = ReportingPeriodFactory(meeting_date=datetime.date(2026, 2, 5))
    for n in range(5):
        project = ProjectFactory(
            number=f"S-{n}",
            name=f"Projekt {n}",
            budget=Decimal("1000.25") * (n + 1),
            focus_areas=[current_focus_area(1)],
        )
        StatusReportFactory(project=project, period=period, overall="green")


def read_csv(chunks):
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1, "one byte order mark, first"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_it_streams_the_project_csv_in_batches_of_lines(client, reader, portfolio, monkeypatch):
    monkeypatch.setattr(exports, "CSV_LINES_PER_WRITE", 2)
    client.force_login(reader)
    response = client.get("/projects/export.csv?ordering=number")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="projekter-')
    chunks = list(response.streaming_content)
    # The byte order mark and header, then two rows a write, then the last row.
    assert [chunk.count(b"\r\n") for chunk in chunks] == [1, 2, 2, 1]
    table = read_csv(chunks)
    assert table[0][:2] == ["Nr.", "Projekt"]
    assert [row[0] for row in table[1:]] == [f"S-{n}" for n in range(5)]
    assert table[1][4:6] == ["Grøn", "2026-02-05"]
    assert table[5][9] == "5001,25"


def test_it_streams_the_header_alone_when_nothing_matches(client, reader, portfolio):
    client.force_login(reader)
    response = client.get("/projects/export.csv?phase=bogus")
    assert response.status_code == 200
    assert read_csv(response.streaming_content) == [exports.HEADERS]


def test_it_reads_the_streamed_rows_in_the_same_number_of_queries_for_few_and_many(client, reader, portfolio):
    client.force_login(reader)
    client.get("/projects/export.csv").getvalue()

    def queries_of_whole_export():
        with CaptureQueriesContext(connection) as queries:
            rows = read_csv(client.get("/projects/export.csv").streaming_content)
        return len(queries), len(rows) - 1

    few = queries_of_whole_export()
    for n in range(15):
        project = ProjectFactory(number=f"T-{n}", focus_areas=[current_focus_area(2), current_focus_area(3)])
        project_set_people(actor=None, project=project, leader=UserFactory())
    many = queries_of_whole_export()
    assert (few[1], many[1]) == (5, 20)
    assert few[0] == many[0]


def test_it_streams_the_system_csv_too(client, reader):
    ITSystemFactory(name="=HYPERLINK(1)")
    client.force_login(reader)
    response = client.get("/systems/export.csv")
    assert response.streaming
    table = read_csv(response.streaming_content)
    assert table[1][0] == "'=HYPERLINK(1)"


def test_it_writes_the_workbook_with_its_filter_formats_and_text_as_before(client, reader, portfolio):
    ProjectFactory(number="S-9", name="=1+1", budget=None)
    client.force_login(reader)
    response = client.get("/projects/export.xlsx?ordering=number")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Projekter"
    assert sheet.auto_filter.ref == "A1:J7"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["F2"].number_format == "DD-MM-YYYY" and sheet["F2"].is_date
    assert sheet["J2"].number_format == "#,##0.00" and sheet["J2"].value == pytest.approx(1000.25)
    assert sheet["B7"].value == "=1+1" and sheet["B7"].data_type == "s"
    assert sheet["J7"].value is None and sheet["J7"].number_format == "#,##0.00"
