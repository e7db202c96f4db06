"""KITOS import: broken and hostile files give one Danish error and change nothing, from the upload
page, the management command and the API alike; an export with new enum values imports from the page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError

from portfolio.models import ITSystem
from portfolio.systems import kitos_json
from tests.portfolio import test_kitos_import as base
from tests.portfolio.test_kitos_import import FASIT, FIXTURE, FIXTURE_LATER, SKOLEINTRA, run, snapshot, usages

pytestmark = pytest.mark.django_db

# The import tests' fixtures: the people and units the export names, and the KITOS API on loopback.
people = base.people
kitos_server = base.kitos_server

IMPORT_URL = "/systems/import/"
NOTHING_CHANGED = "Intet er ændret"


def _export_with(placeholder_value: str) -> bytes:
    """The realistic export, with NEXUS changed (so a partial import would show) and FASIT's name
    replaced by `placeholder_value`, raw JSON text."""
    data = usages()
    data[1]["gdpr"]["hostedAt"] = "Hybrid"
    data[0]["general"]["localCallName"] = "@@HOSTILE@@"
    return json.dumps(data).replace('"@@HOSTILE@@"', placeholder_value).encode()


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE = {
    "deep nesting past the parser": (_nested(100_000).encode(), "indlejret i mere end 32 niveauer"),
    "deep nesting in a record": (_export_with(f'"FASIT", "extra": {_nested(40)}'), "indlejret i mere end"),
    "a list where a number belongs": (
        json.dumps([{**usages()[0], "general": {"numberOfExpectedUsers": {"lowerBound": [100]}}}]).encode(),
        "»general.numberOfExpectedUsers.lowerBound« skal være et heltal",
    ),
    "a list where an object belongs": (
        json.dumps([{**usages()[0], "gdpr": [["Yes"]]}]).encode(),
        "»gdpr« skal være et objekt",
    ),
    "a 5,000-digit number": (
        json.dumps([{**usages()[0], "general": {"numberOfExpectedUsers": {"lowerBound": "@"}}}])
        .replace('"@"', "1" * 5000)
        .encode(),
        "et tal, der er for langt",
    ),
    "a 5,000-digit float": (_export_with('"FASIT", "x": 1.' + "5" * 5000), "et tal, der er for langt"),
    "NaN": (_export_with('"FASIT", "x": NaN'), "ikke er et endeligt tal"),
    "an escaped NUL in a name": (
        _export_with('"FA\\u0000SIT"'),
        "et NUL-tegn (\\u0000) i en tekst ved post 1, »general.localCallName«",
    ),
    "a raw NUL in a name": (_export_with('"FA\x00SIT"'), "er ikke gyldig JSON"),
    "a NUL in a key": (_export_with('"FASIT", "k\\u0000": 1'), "et NUL-tegn (\\u0000) i et feltnavn"),
    "a lone surrogate in a name": (
        _export_with('"\\ud800"'),
        "en enlig surrogat som \\ud800) i en tekst ved post 1, »general.localCallName«",
    ),
    "an object at the top": (
        json.dumps({"value": usages()}).encode(),
        "skal være en JSON-liste af systemanvendelser",
    ),
    "a string at the top": (b'"FASIT"', "skal være en JSON-liste af systemanvendelser"),
    "an empty file": (b"", "er tom"),
    "only whitespace": (b" \n\t ", "er tom"),
    "not UTF-8": ('[{"navn": "Sø"}]'.encode("latin-1"), "er ikke UTF-8-tekst"),
    "not JSON": (b"<html>502 Bad Gateway</html>", "er ikke gyldig JSON (linje 1, kolonne 1"),
}


@pytest.fixture
def imported(people):
    """The realistic export already imported, so a refused file has rows it could have changed."""
    run(str(FIXTURE))
    return snapshot()


def _upload(client, content, name="kitos.json", dry_run=False):
    data = {"file": SimpleUploadedFile(name, content, content_type="application/json")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT_URL, data)


@pytest.mark.parametrize(("content", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_it_refuses_a_hostile_upload_with_one_danish_error_and_changes_nothing(
    client, programme_member, imported, content, message
):
    client.force_login(programme_member)
    response = _upload(client, content)
    assert response.status_code == 400
    assert message in response.context["error"]
    assert NOTHING_CHANGED.lower() in response.context["error"].lower()
    assert response.context["result"] is None
    assert "Filen er ikke indlæst" in response.content.decode()
    assert snapshot() == imported


@pytest.mark.parametrize(("content", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_it_refuses_a_hostile_file_from_the_command_and_changes_nothing(imported, tmp_path, content, message):
    path = tmp_path / "kitos.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(str(path))
    assert message in str(error.value)
    assert snapshot() == imported


def test_it_refuses_an_oversize_file_from_the_page_and_the_command(
    client, programme_member, imported, monkeypatch, tmp_path
):
    monkeypatch.setattr(kitos_json, "MAX_BYTES", 1024)
    content = FIXTURE.read_bytes()
    assert len(content) > 1024
    client.force_login(programme_member)
    response = _upload(client, content)
    assert response.status_code == 400
    assert "Filen er større end" in response.context["error"]
    path = tmp_path / "big.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="er større end"):
        run(str(path))
    assert snapshot() == imported


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ([{**usages()[0], "extra": json.loads(_nested(40))}], "indlejret i mere end"),
        (
            [{**usages()[0], "general": {"numberOfExpectedUsers": {"lowerBound": [100]}}}],
            "skal være et heltal",
        ),
        ([{**usages()[0], "general": {"localCallName": "FA\x00SIT"}}], "et NUL-tegn"),
        ([{**usages()[0], "general": {"localCallName": "\ud800"}}], "en enlig surrogat"),
    ],
    ids=["deep nesting", "list for number", "NUL", "lone surrogate"],
)
def test_it_refuses_a_hostile_api_answer_and_changes_nothing(imported, kitos_server, page, message):
    kitos_server.data = [*usages()[1:], *page]
    kitos_server.data[0]["gdpr"]["hostedAt"] = "Hybrid"  # a valid change that must not be written
    with pytest.raises(CommandError) as error:
        run(api=True)
    assert message in str(error.value)
    assert snapshot() == imported


def test_it_refuses_an_api_answer_past_the_size_limit(imported, kitos_server, monkeypatch):
    monkeypatch.setattr(kitos_json, "MAX_BYTES", 1024)
    with pytest.raises(CommandError, match="KITOS' svar er større end"):
        run(api=True)
    assert snapshot() == imported


def test_it_imports_an_export_with_pilot_and_unknown_values_from_the_page(client, programme_member, imported):
    client.force_login(programme_member)
    response = _upload(client, FIXTURE_LATER.read_bytes(), dry_run=True)
    assert response.status_code == 200 and response.context["result"].dry_run
    assert snapshot() == imported
    response = _upload(client, FIXTURE_LATER.read_bytes())
    assert response.status_code == 200 and response.context["error"] is None
    result = response.context["result"]
    assert result.created == ["Aula"]
    assert "SkoleIntra: ukendt livscyklusstatus »Decommissioned« – feltet er ikke ændret" in result.warnings
    assert "SkoleIntra: ukendt livscyklusstatus »Decommissioned«" in response.content.decode()
    assert ITSystem.objects.get(name="Aula").lifecycle == ITSystem.Lifecycle.PHASING_IN
    skoleintra = ITSystem.objects.get(kitos_uuid=SKOLEINTRA)
    assert skoleintra.lifecycle == ITSystem.Lifecycle.PHASING_OUT and skoleintra.kle_numbers == ["17.01.00"]
    assert skoleintra.history.latest().history_user == programme_member
    assert ITSystem.objects.get(kitos_uuid=FASIT).history.count() == 1


def test_it_lets_only_who_keeps_the_system_portfolio_import(client, reader, programme_member, imported):
    client.force_login(reader)
    assert client.get(IMPORT_URL).status_code == 403
    assert _upload(client, FIXTURE_LATER.read_bytes()).status_code == 403
    assert snapshot() == imported
    client.force_login(programme_member)
    assert client.get(IMPORT_URL).status_code == 200
    assert IMPORT_URL in client.get("/systems/").content.decode()
