"""`manage.py backup` / `restore` (make backup / make restore): a round-trip reproduces the same portfolio,
row for row in every model, and the generated files byte for byte; a missing, garbled or newer backup is
refused before anything changes.

Runs on whichever database the suite runs on: SQLite locally, PostgreSQL in CI (DATABASE_URL). The
commands back up the database this process is connected to (the test database), and pg_dump, pg_restore
and psql run in their own processes, so the tests commit their data (transaction=True).
"""

import datetime
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from benefits.models import BenefitMeasurement
from benefits.services import benefit_permissions_sync
from governance.models import BoardReport
from portfolio.backups.manifest import sha256
from portfolio.models import Project, User
from portfolio.services import project_set_people
from tests.factories import (
    BenefitFactory,
    BenefitMeasurementFactory,
    DecisionFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    current_focus_area,
)
from tests.services import skip_or_fail

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAKE_PDF = b"%PDF-1.7\n% statusrapport til Project Board\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def postgres_tools():
    """pg_dump, pg_restore and psql when on PostgreSQL: missing ones skip locally and fail in CI."""
    if connection.vendor == "postgresql":
        missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]
        if missing:
            skip_or_fail(
                f"Backuptest sprunget over: {', '.join(missing)} mangler (installér postgresql-client)"
            )


def canonical_dump() -> dict[str, list]:
    """Every model's rows (incl. many-to-many tables), each row as sorted (field, value) pairs, sorted."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        rows = [tuple(sorted(row.items())) for row in model._base_manager.values()]
        dump[model._meta.label] = sorted(rows, key=repr)
    return dump


def changed_models(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


def build_portfolio():
    """A small but real portfolio: projects in focus areas with people (and so object permissions),
    status reports, a benefit with measurements, a decision and a board report with its PDF."""
    leader = UserFactory(username="projektleder")
    deputy = UserFactory(username="stedfortraeder")
    owner = UserFactory(username="gevinstejer", is_manager=True)
    first = ProjectFactory(name="Digital post", focus_areas=[current_focus_area(1), current_focus_area(2)])
    second = ProjectFactory(name="Robotter i økonomi", focus_areas=[current_focus_area(3)])
    project_set_people(actor=leader, project=first, owner=owner, leader=leader, deputies=[deputy])
    period = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 5))
    for project, light in ((first, "green"), (second, "red")):
        StatusReportFactory(project=project, period=period, author=leader, overall=light)
    benefit = BenefitFactory(project=first, owner=owner, title="Færre timer på journalisering")
    benefit_permissions_sync(benefit=benefit)
    for day, value in (
        (datetime.date(2026, 1, 1), Decimal("90")),
        (datetime.date(2026, 2, 1), Decimal("80")),
    ):
        BenefitMeasurementFactory(benefit=benefit, measured_on=day, value=value, recorded_by=owner)
    DecisionFactory(project=first, text="Projektet går videre til gennemførelse.")
    report = BoardReport.objects.create(period=period, status=BoardReport.Status.DONE, progress=100)
    report.file.save("statusrapport-2026-03-05.pdf", ContentFile(FAKE_PDF))
    return first, leader, report


def take_backup(tmp_path: Path) -> Path:
    out = io.StringIO()
    call_command("backup", directory=str(tmp_path / "backups"), stdout=out)
    [backup] = (tmp_path / "backups").iterdir()
    assert f"Sikkerhedskopien er gemt i {backup}" in out.getvalue()
    return backup


@committed
def test_it_round_trips_the_whole_portfolio_and_its_files(tmp_path, media_root, monkeypatch, postgres_tools):
    project, leader, report = build_portfolio()
    pdf_path = Path(report.file.path)
    before = canonical_dump()
    # The portfolio is what the test claims: history, object permissions and many-to-many rows are there.
    for label in (
        "portfolio.HistoricalProject",
        "portfolio.ProjectUserObjectPermission",
        "benefits.BenefitUserObjectPermission",
        "portfolio.Project_focus_areas",
        "benefits.BenefitMeasurement",
        "governance.Decision",
        "portfolio.StatusReport",
    ):
        assert before[label], label

    backup = take_backup(tmp_path)
    assert re.fullmatch(r"portal-\d{8}-\d{6}", backup.name)
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        [
            "manifest.json",
            "media.tar.gz",
            "database.dump" if connection.vendor == "postgresql" else "database.sqlite3",
        ]
    )
    assert backup.stat().st_mode & 0o777 == 0o700

    # Then it changes: an edit, a deletion, a lost permission, a new project, a lost and a new file.
    project.name = "Omdøbt efter sikkerhedskopien"
    project.save()
    BenefitMeasurement.objects.filter(measured_on=datetime.date(2026, 2, 1)).delete()
    project_set_people(actor=None, project=project, owner=None, leader=None, deputies=[])
    ProjectFactory(name="Oprettet efter sikkerhedskopien")
    pdf_path.unlink()
    (media_root / "plans").mkdir()
    (media_root / "plans" / "ny.pdf").write_bytes(b"%PDF ny")
    assert changed_models(before, canonical_dump())

    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or "ja")
    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    assert "ERSTATTER alle nuværende data" in out.getvalue()
    assert prompts == ["Skriv »ja« for at gendanne: "]
    assert "er gendannet" in out.getvalue()
    after = canonical_dump()
    assert changed_models(before, after) == []
    assert after == before
    assert pdf_path.read_bytes() == FAKE_PDF
    assert sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*")) == [
        "board_reports",
        f"board_reports/{pdf_path.name}",
    ]
    # The restored permission works again through guardian, for a freshly loaded user.
    assert User.objects.get(pk=leader.pk).has_perm(
        "portfolio.change_project", Project.objects.get(pk=project.pk)
    )


def test_it_refuses_without_a_backup():
    with pytest.raises(CommandError, match=r"Angiv hvilken sikkerhedskopi.*make restore BACKUP="):
        call_command("restore", interactive=False)


def test_it_refuses_a_missing_path_or_a_folder_that_is_no_backup(tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("restore", str(tmp_path / "portal-20250101-020000"), interactive=False)
    (tmp_path / "noget.txt").write_text("ikke en sikkerhedskopi")
    with pytest.raises(CommandError, match="er ikke en sikkerhedskopi"):
        call_command("restore", str(tmp_path / "noget.txt"), interactive=False)
    with pytest.raises(CommandError, match="manifest.json mangler"):
        call_command("restore", str(tmp_path), interactive=False)


def corrupt_copy(backup: Path, tmp_path: Path, name: str, damage) -> Path:
    copy = tmp_path / name
    shutil.copytree(backup, copy)
    damage(copy)
    return copy


def flip_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def reseal(copy: Path) -> None:
    """Make manifest.json's checksums match damaged files, as if the damage was there when it was taken."""
    manifest = json.loads((copy / "manifest.json").read_text())
    for part in ("database", "media"):
        manifest[part]["sha256"] = sha256(copy / manifest[part]["file"])
    (copy / "manifest.json").write_text(json.dumps(manifest))


@committed
def test_it_refuses_a_garbled_backup_and_changes_nothing(tmp_path, media_root, postgres_tools):
    project, _, report = build_portfolio()
    backup = take_backup(tmp_path)
    database_file = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    # Changes after the backup: a refused restore must leave them exactly as they are.
    project.name = "Ændret efter sikkerhedskopien"
    project.save()
    Path(report.file.path).write_bytes(b"%PDF ny udgave")
    before = canonical_dump()

    def truncate_media(copy):
        archive = copy / "media.tar.gz"
        archive.write_bytes(archive.read_bytes()[:-20])

    cases = {
        "flipped database byte": (lambda copy: flip_middle_byte(copy / database_file), "er beskadiget"),
        "missing database": (lambda copy: (copy / database_file).unlink(), "mangler"),
        "garbled manifest": (lambda copy: (copy / "manifest.json").write_text("{ikke json"), "er beskadiget"),
        "truncated media": (truncate_media, "er beskadiget"),
        # Damage that the checksums cannot see, because it was there when they were written.
        "database not a database": (
            lambda copy: ((copy / database_file).write_bytes(b"ikke en database " * 100), reseal(copy)),
            "kan ikke læses",
        ),
        "media not a tar.gz": (
            lambda copy: ((copy / "media.tar.gz").write_bytes(b"ikke et arkiv"), reseal(copy)),
            "kan ikke læses",
        ),
    }
    for name, (damage, message) in cases.items():
        copy = corrupt_copy(backup, tmp_path, name.replace(" ", "-"), damage)
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(copy), interactive=False)
        assert canonical_dump() == before, name
        assert Path(report.file.path).read_bytes() == b"%PDF ny udgave", name
        assert [path.name for path in media_root.iterdir()] == ["board_reports"], name


@committed
def test_it_refuses_a_backup_from_a_newer_version(tmp_path, postgres_tools):
    build_portfolio()
    recorder = MigrationRecorder(connection)
    recorder.record_applied("portfolio", "9999_fra_en_nyere_version")
    try:
        backup = take_backup(tmp_path)
    finally:
        recorder.record_unapplied("portfolio", "9999_fra_en_nyere_version")
    Project.objects.update(name="Efter sikkerhedskopien")
    before = canonical_dump()

    with pytest.raises(CommandError, match=r"nyere version.*portfolio\.9999_fra_en_nyere_version"):
        call_command("restore", str(backup), interactive=False)

    assert canonical_dump() == before


def pending_migrations() -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


@committed
def test_it_migrates_a_backup_from_an_older_version_after_restoring_it(tmp_path, postgres_tools):
    """A backup taken before a migration: restored, then migrated. sessions.0001 stands in for "a
    migration newer than the backup": nothing depends on it and it is reversible. The table the backup
    lacks is dropped with everything else, so the migration can create it again."""
    build_portfolio()
    MigrationExecutor(connection).migrate([("sessions", None)])
    try:
        backup = take_backup(tmp_path)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert pending_migrations() == []
    before = canonical_dump()
    Session.objects.create(session_key="k" * 32, session_data="", expire_date=timezone.now())

    out = io.StringIO()
    call_command("restore", str(backup), interactive=False, stdout=out)

    assert "ældre version af portalen: 1 migration er kørt bagefter" in out.getvalue()
    assert pending_migrations() == []
    assert not Session.objects.exists()
    assert canonical_dump() == before


@committed
def test_it_asks_first_and_changes_nothing_unless_the_operator_says_ja(tmp_path, monkeypatch, postgres_tools):
    project, _, _ = build_portfolio()
    backup = take_backup(tmp_path)
    project.name = "Efter sikkerhedskopien"
    project.save()
    before = canonical_dump()

    for answer in ("nej", ""):
        monkeypatch.setattr("builtins.input", lambda prompt="", answer=answer: answer)
        with pytest.raises(CommandError, match="Gendannelsen er afbrudt; intet er ændret"):
            call_command("restore", str(backup), stdout=io.StringIO())
        assert canonical_dump() == before

    def no_terminal(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    with pytest.raises(CommandError, match="--no-input"):
        call_command("restore", str(backup), stdout=io.StringIO())
    assert canonical_dump() == before
