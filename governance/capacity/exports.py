"""The capacity table as an Excel workbook: one row per unit and quarter (portfolio.exports writes it,
importing openpyxl only for the download)."""

from portfolio.exports import xlsx_response

COLUMNS = [
    ("Enhed", 34),
    ("Kvartal", 10),
    ("Efterspørgsel (timer)", 20),
    ("Heraf fra indsatsplanens udkast (timer)", 22),
    ("Kapacitet (timer)", 18),
    ("Udnyttelse (%)", 14),
    ("Overbooket (timer)", 18),
    ("Bemærkning", 48),
    ("Beregning", 24),
]


def _rows(table, scenario):
    for unit, cells in table.rows:
        for cell in cells:
            yield [
                unit.name,
                cell.quarter.label,
                cell.demand,
                cell.draft,
                cell.capacity or None,
                cell.utilisation,
                cell.over,
                cell.status_text.removeprefix("⚠ "),
                scenario,
            ]


def capacity_xlsx(table, *, scenario: str, today):
    return xlsx_response(
        COLUMNS,
        _rows(table, scenario),
        filename=f"kapacitet-{table.quarters[0].param}-{today:%Y-%m-%d}.xlsx",
        sheet_title="Kapacitet",
        number_formats={3: "#,##0", 4: "#,##0", 5: "#,##0", 7: "#,##0"},
    )
