"""The filtered project list as CSV (for Danish Excel) and as an Excel workbook (openpyxl); the
CSV/Excel writers themselves are generic and serve the system list too.

Both take the queryset of the list (selectors.project_list, filtered) and export every matching row,
not just one page, in a fixed number of queries.
"""

import csv
import io

from django.http import HttpResponse

from portfolio.models import Light

COLUMNS = [
    # (header, width in characters for Excel)
    ("Nr.", 12),
    ("Projekt", 45),
    ("Type", 22),
    ("Fase", 16),
    ("Samlet status", 16),
    ("Seneste Project Board", 14),
    ("Fokusområder", 50),
    ("Forankring", 30),
    ("Projektleder", 26),
    ("Budget", 14),
]
HEADERS = [header for header, _ in COLUMNS]
# Prefetched rows are fetched in chunks of this size (one prefetch query per chunk).
CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to a spreadsheet (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _light_label(value):
    try:
        return Light(value or Light.NOT_REPORTED).label
    except ValueError:
        return Light.NOT_REPORTED.label


def _focus_areas(project):
    return "; ".join(
        str(area) if area.period.is_current else f"{area} ({area.period.start_year}-{area.period.end_year})"
        for area in project.focus_areas.all()
    )


def _leader(project):
    if project.leader is None:
        return ""
    return project.leader.get_full_name() or project.leader.username


def rows(projects):
    """One list of typed values per project, in the order of COLUMNS (dates and Decimals kept typed)."""
    for project in projects.iterator(chunk_size=CHUNK_SIZE):
        yield [
            project.number,
            project.name,
            project.get_kind_display(),
            project.get_phase_display(),
            _light_label(project.latest_overall),
            project.latest_meeting_date,
            _focus_areas(project),
            project.anchoring.name,
            _leader(project),
            project.budget,
        ]


def _safe_text(value):
    """Text as text: a leading formula character is neutralised with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def _filename(today, extension):
    return f"projekter-{today:%Y-%m-%d}.{extension}"


def csv_date(value):
    return value.isoformat() if value else ""


def csv_amount(value):
    return f"{value:.2f}".replace(".", ",") if value is not None else ""


def csv_response(headers, rows, *, filename, formatters=None):
    """Semicolon-separated UTF-8 with a byte order mark: what Danish Excel opens without asking.
    `formatters` maps a column index to a function turning its typed value into text."""
    formatters = formatters or {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        for index, formatter in formatters.items():
            row[index] = formatter(row[index])
        writer.writerow([_safe_text(value) for value in row])
    return response


def xlsx_response(columns, rows, *, filename, sheet_title, number_formats=None):
    """One sheet with a bold, frozen header row, filter buttons, column widths and typed cells.
    `columns` are (header, width); `number_formats` maps a 1-based column number to its format."""
    # Lazy on purpose: openpyxl takes ~0.3 s to import (python -X importtime) and only this download uses it.
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append([header for header, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                # Control characters (Word's manual line break, \x0b) are not allowed in a worksheet.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                # openpyxl would store text starting with "=" as a formula.
                cell.data_type = "s"
        for column, number_format in number_formats.items():
            sheet.cell(row=row_number, column=column).number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def projects_csv(projects, *, today):
    """The project list as CSV. Dates are ISO (yyyy-mm-dd) and amounts use a decimal comma."""
    return csv_response(
        HEADERS,
        rows(projects),
        filename=_filename(today, "csv"),
        formatters={5: csv_date, 9: csv_amount},
    )


def projects_xlsx(projects, *, today):
    """The project list as an Excel workbook with real dates and amounts."""
    return xlsx_response(
        COLUMNS,
        rows(projects),
        filename=_filename(today, "xlsx"),
        sheet_title="Projekter",
        number_formats={6: "DD-MM-YYYY", 10: "#,##0.00"},
    )
