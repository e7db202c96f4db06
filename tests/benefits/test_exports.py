"""The filtered benefit list as CSV (Danish Excel) and as an Excel workbook with the totals."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from benefits.services import measurement_record
from tests.benefits.conftest import make_benefit

pytestmark = pytest.mark.django_db


@pytest.fixture
def benefits(project, owner):
    saving = make_benefit(
        project,
        owner,
        title="=Licenser",
        unit="kr",
        is_financial=True,
        baseline=Decimal("4200000"),
        target=Decimal("3400000"),
        due_date=datetime.date(2027, 6, 1),
    )
    measurement_record(
        actor=owner, benefit=saving, measured_on=datetime.date(2026, 2, 1), value=Decimal("3600000.5")
    )
    make_benefit(project, owner, title="Timer", type="service")
    return saving


def test_it_exports_the_filtered_rows_as_csv(client, reader, benefits):
    client.force_login(reader)
    response = client.get("/benefits/export.csv?financial=yes")
    assert response["Content-Type"].startswith("text/csv")
    assert "gevinster-" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Gevinst"] == "'=Licenser"  # never a formula
    assert row["Udgangspunkt"] == "4200000,00" and row["Seneste måling"] == "3600000,50"
    assert row["Målt"] == "2026-02-01" and row["Opnået (%)"] == "75,00"
    assert row["Planlagt gevinst (kr.)"] == "800000,00" and row["Realiseret til dato (kr.)"] == "599999,50"
    assert row["Økonomisk"] == "Ja" and row["Gevinstejer"]


def test_it_exports_an_excel_workbook_with_the_totals(client, reader, benefits):
    client.force_login(reader)
    response = client.get("/benefits/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Gevinster"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Gevinst" and len(rows) == 3
    licences = next(row for row in rows if row[3] == "=Licenser")
    assert sheet.cell(row=rows.index(licences) + 1, column=4).data_type == "s"
    assert licences[9] == 4200000 and licences[14].date() == datetime.date(2026, 2, 1)
    totals = list(workbook["Opgørelse"].iter_rows(values_only=True))
    assert totals[0] == ("År", "Planlagt (kr.)", "Realiseret (kr.)")
    # 800.000 planned, spread evenly over 365 + 365 + 151 days (no business case).
    by_year = [(r[0], Decimal(str(r[1])), Decimal(str(r[2]))) for r in totals[1:4]]
    assert by_year == [
        (2025, Decimal("331441.54"), 0),
        (2026, Decimal("331441.54"), Decimal("599999.5")),
        (2027, Decimal("137116.92"), 0),
    ]
    total = next(r for r in totals if r[0] == "I alt")
    assert (total[1], Decimal(str(total[2]))) == (800000, Decimal("599999.5"))
    assert any(r[0] and str(r[0]).startswith("Et projekt under flere fokusområder") for r in totals)


def test_it_exports_nothing_for_invalid_filters(client, reader, benefits):
    client.force_login(reader)
    text = client.get("/benefits/export.csv?project=abc").content.decode()
    assert len(text.strip().splitlines()) == 1  # just the header
