"""The filtered system list as CSV and as an Excel workbook, with the writers of portfolio.exports."""

from portfolio.exports import CHUNK_SIZE, csv_date, csv_response, xlsx_response

SYSTEM_COLUMNS = [
    # (header, width in characters for Excel)
    ("System", 36),
    ("Leverandør", 28),
    ("Ejende enhed", 28),
    ("Systemejer", 24),
    ("Systemansvarlig", 24),
    ("Livscyklus", 16),
    ("Kritikalitet", 12),
    ("Antal brugere", 12),
    ("Drift/hosting", 22),
    ("Fælleskommunal infrastruktur", 14),
    ("KLE-numre", 24),
    ("Kontraktudløb", 14),
    ("Opsigelsesvarsel (måneder)", 12),
    ("Frist for opsigelse", 14),
    ("Projekter", 10),
    ("KITOS-UUID", 38),
]
HEADERS = [header for header, _ in SYSTEM_COLUMNS]
CONTRACT_END_COLUMN = 12  # 1-based, as Excel counts
NOTICE_DEADLINE_COLUMN = 14


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def rows(systems):
    """One list of typed values per system, in the order of SYSTEM_COLUMNS (dates kept typed)."""
    for system in systems.iterator(chunk_size=CHUNK_SIZE):
        yield [
            system.name,
            system.vendor,
            system.owner_unit.name if system.owner_unit else "",
            _person(system.system_owner),
            _person(system.system_responsible),
            system.get_lifecycle_display(),
            system.get_criticality_display(),
            system.get_user_count_display() if system.user_count else "",
            system.get_hosting_display() if system.hosting else "",
            "Ja" if system.on_common_infrastructure else "Nej",
            ", ".join(system.kle_numbers or []),
            system.contract_end,
            system.notice_months,
            system.notice_deadline,
            system.project_count,
            str(system.kitos_uuid) if system.kitos_uuid else "",
        ]


def _filename(today, extension):
    return f"it-systemer-{today:%Y-%m-%d}.{extension}"


def systems_csv(systems, *, today):
    return csv_response(
        HEADERS,
        rows(systems),
        filename=_filename(today, "csv"),
        formatters={
            CONTRACT_END_COLUMN - 1: csv_date,
            NOTICE_DEADLINE_COLUMN - 1: csv_date,
            12: lambda value: "" if value is None else value,
        },
    )


def systems_xlsx(systems, *, today):
    return xlsx_response(
        SYSTEM_COLUMNS,
        rows(systems),
        filename=_filename(today, "xlsx"),
        sheet_title="It-systemer",
        number_formats={CONTRACT_END_COLUMN: "DD-MM-YYYY", NOTICE_DEADLINE_COLUMN: "DD-MM-YYYY"},
    )
