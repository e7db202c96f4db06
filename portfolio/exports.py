"""The filtered project list as CSV (for Danish Excel) and as an Excel workbook (openpyxl).

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


def projects_csv(projects, *, today):
    """Semicolon-separated UTF-8 with a byte order mark: what Danish Excel opens without asking.
    Dates are ISO (yyyy-mm-dd) and amounts use a decimal comma."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(today, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(projects):
        meeting, budget = row[5], row[9]
        row[5] = meeting.isoformat() if meeting else ""
        row[9] = f"{budget:.2f}".replace(".", ",") if budget is not None else ""
        writer.writerow([_safe_text(value) for value in row])
    return response


def projects_xlsx(projects, *, today):
    """One sheet with a bold, frozen header row, filter buttons, column widths, real dates and amounts."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Projekter"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(rows(projects), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                # openpyxl would store text starting with "=" as a formula.
                cell.data_type = "s"
        sheet.cell(row=row_number, column=6).number_format = "DD-MM-YYYY"
        sheet.cell(row=row_number, column=10).number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(today, "xlsx")}"'
    return response
