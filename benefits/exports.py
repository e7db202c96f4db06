"""The filtered benefit list as CSV (for Danish Excel) and as an Excel workbook, in the house style of
portfolio.exports (semicolon CSV with BOM and decimal comma; bold frozen header, real dates and amounts)."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse

from benefits.totals import FOCUS_AREA_TOTALS_NOTE
from portfolio.exports import XLSX_CONTENT_TYPE, _safe_text

COLUMNS = [
    # (header, width in characters for Excel, Excel number format or None)
    ("Projekt nr.", 12, None),
    ("Projekt", 40, None),
    ("Fokusområder", 30, None),
    ("Gevinst", 45, None),
    ("Type", 14, None),
    ("Økonomisk", 10, None),
    ("Ulempe", 8, None),
    ("Enhed", 8, None),
    ("Gevinstejer", 26, None),
    ("Udgangspunkt", 14, "#,##0.00"),
    ("Dato for udgangspunkt", 14, "DD-MM-YYYY"),
    ("Mål", 14, "#,##0.00"),
    ("Målet nås senest", 14, "DD-MM-YYYY"),
    ("Seneste måling", 14, "#,##0.00"),
    ("Målt", 14, "DD-MM-YYYY"),
    ("Opnået (%)", 10, "0.0"),
    ("Næste måling", 14, "DD-MM-YYYY"),
    ("Måling forsinket", 10, None),
    ("Bagud", 8, None),
    ("Planlagt gevinst (kr.)", 16, "#,##0.00"),
    ("Realiseret til dato (kr.)", 16, "#,##0.00"),
]
HEADERS = [header for header, _, _ in COLUMNS]


def _yes(value) -> str:
    return "Ja" if value else "Nej"


def rows(benefits):
    """One list of typed values per decorated benefit (benefits.selectors.benefit_rows), in COLUMNS' order."""
    for b in benefits:
        financial = b.counts_financially
        yield [
            b.project.number,
            b.project.name,
            "; ".join(str(area) for area in b.project.focus_areas.all() if area.period.is_current),
            b.title,
            b.get_type_display(),
            _yes(b.is_financial),
            _yes(b.is_disbenefit),
            b.unit_text,
            b.owner.get_full_name() or b.owner.username,
            b.baseline,
            b.baseline_date,
            b.target,
            b.due_date,
            b.latest_value,
            b.last_measured_on,
            b.achievement.quantize(Decimal("0.1")) if b.achievement is not None else None,
            b.next_due,
            _yes(b.overdue),
            _yes(b.behind),
            b.planned_amount if financial else None,
            (b.improvement(b.latest_value) or Decimal(0)) if financial else None,
        ]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return _safe_text(value)


def _filename(today, extension):
    return f"gevinster-{today:%Y-%m-%d}.{extension}"


def benefits_csv(benefits, *, today):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(today, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(benefits):
        writer.writerow([_csv_value(value) for value in row])
    return response


def benefits_xlsx(benefits, *, today, totals=None):
    """The benefits sheet, plus a sheet with the totals per year and per focus area when given."""
    # Lazy on purpose: openpyxl takes ~0.3 s to import (python -X importtime) and only this download uses it.
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gevinster"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(rows(benefits), start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                # Control characters (Word's manual line break, \x0b) are not allowed in a worksheet.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            number_format = COLUMNS[column - 1][2]
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    if totals is not None:
        summary = workbook.create_sheet("Opgørelse")
        summary.append(["År", "Planlagt (kr.)", "Realiseret (kr.)"])
        for year, planned, realised in totals.by_year:
            summary.append([year, planned, realised])
        summary.append([])
        summary.append(["Fokusområde", "Planlagt (kr.)", "Realiseret til dato (kr.)"])
        for area, planned, realised in totals.by_focus_area:
            summary.append([str(area), planned, realised])
        summary.append(["I alt", totals.planned, totals.realised])
        summary.append([FOCUS_AREA_TOTALS_NOTE])
        for row in summary.iter_rows():
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value in {"År", "Fokusområde", "Planlagt (kr.)", "Realiseret (kr.)"}:
                        cell.font = Font(bold=True)
        summary.column_dimensions["A"].width = 45
        summary.column_dimensions["B"].width = 18
        summary.column_dimensions["C"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(today, "xlsx")}"'
    return response
