"""The filtered project list as CSV (for Danish Excel) and as an Excel workbook (openpyxl); the
CSV/Excel writers themselves are generic and serve the system list too.

Both take the queryset of the list (selectors.project_list, filtered) and export every matching row,
not just one page, in a fixed number of queries, in memory that does not grow with the rows: the CSV is
streamed as the rows are read (in chunks of CHUNK_SIZE); the workbook is written in openpyxl's write-only
mode, which writes each row out as it is appended, and only the compressed file is held.
"""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse

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
# Rows are read in chunks of this size (one prefetch query per chunk): the export's memory is that of
# one chunk, whatever the number of rows (about 8 MB at 500 project rows, measured by the bench).
CHUNK_SIZE = 500
# CSV lines are sent in batches of this many (one write to the client each, not one per row).
CSV_LINES_PER_WRITE = 500
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


class _Line:
    """A file for csv.writer whose write() returns the line instead of storing it."""

    def write(self, value):
        return value


def csv_response(headers, rows, *, filename, formatters=None):
    """Semicolon-separated UTF-8 with a byte order mark: what Danish Excel opens without asking. Streamed:
    the rows are read while the response is sent. `formatters` maps a column index to a function turning
    its typed value into text."""
    formatters = formatters or {}
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        batch = []
        for row in rows:
            for index, formatter in formatters.items():
                row[index] = formatter(row[index])
            batch.append(writer.writerow([_safe_text(value) for value in row]))
            if len(batch) == CSV_LINES_PER_WRITE:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(columns, rows, *, filename, sheet_title, number_formats=None):
    """One sheet with a bold, frozen header row, filter buttons, column widths and typed cells.
    `columns` are (header, width); `number_formats` maps a 1-based column number to its format."""
    # Lazy on purpose: openpyxl takes ~0.3 s to import (python -X importtime) and only this download uses it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    # Write-only: the sheet's columns and panes are written before its first row.
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [WriteOnlyCell(sheet, value=title) for title, _ in columns]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    last_row = 1
    for row in rows:
        cells = []
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                # Control characters (Word's manual line break, \x0b) are not allowed in a worksheet.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            number_format = number_formats.get(column)
            formula_like = isinstance(value, str) and value.startswith("=")
            if number_format or formula_like:
                cell = WriteOnlyCell(sheet, value=value)
                if formula_like:
                    # openpyxl would store text starting with "=" as a formula.
                    cell.data_type = "s"
                if number_format:
                    cell.number_format = number_format
                value = cell
            cells.append(value)
        sheet.append(cells)
        last_row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
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
