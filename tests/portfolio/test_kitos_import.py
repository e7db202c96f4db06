"""manage.py import_kitos: the system portfolio from an OS2 KITOS API v2 export (file or API)."""

import copy
import datetime
import http.server
import io
import json
import threading
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portfolio.models import ITSystem, ProjectSystem
from tests.factories import ITSystemFactory, OrgUnitFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kitos" / "it-system-usages.json"
# The same systems a few weeks later, as KITOS exports them after adding enum values: NEXUS has a
# businessCritical and SkoleIntra a lifecycle and hostedAt the portal does not know; Aula is new, in Pilot.
FIXTURE_LATER = FIXTURE.with_name("it-system-usages-2026-03.json")
FASIT = uuid.UUID("6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e01")
NEXUS = uuid.UUID("6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e02")
SKOLEINTRA = uuid.UUID("6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e03")
AULA = uuid.UUID("6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e04")


def run(*args, **options):
    out = io.StringIO()
    call_command("import_kitos", *args, stdout=out, **options)
    return out.getvalue()


def usages():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def write(tmp_path, data, name="export.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def people(db):
    return {
        "owner": UserFactory(username="hkirk", first_name="Hanne", last_name="Kirk"),
        "responsible": UserFactory(username="plund", first_name="Peter", last_name="Lund"),
        "jobcentret": OrgUnitFactory(name="Jobcentret"),
        "social": OrgUnitFactory(name="Social og Sundhed"),
    }


def snapshot():
    """Everything about the systems, their history and links, to compare before and after."""
    systems = list(ITSystem.objects.order_by("pk").values())
    return systems, ITSystem.history.count(), list(ProjectSystem.objects.order_by("pk").values())


def test_it_imports_new_systems_with_the_mapped_fields(people):
    output = run(str(FIXTURE))
    assert "Nye systemer: 3" in output and "Uændrede systemer: 0" in output
    fasit = ITSystem.objects.get(kitos_uuid=FASIT)
    assert fasit.name == "FASIT"
    assert fasit.description == "Arbejdsmarkedssystem til jobcentrets sagsbehandling."
    assert fasit.lifecycle == ITSystem.Lifecycle.OPERATING
    assert fasit.criticality == ITSystem.Criticality.HIGH  # businessCritical: Yes
    assert fasit.user_count == ITSystem.UserCount.OVER_100
    assert fasit.hosting == ITSystem.Hosting.EXTERNAL
    assert fasit.owner_unit == people["jobcentret"]
    assert fasit.system_owner == people["owner"]
    assert fasit.system_responsible == people["responsible"]
    assert fasit.kle_numbers == ["15.00.00", "32.18.00"]
    skoleintra = ITSystem.objects.get(kitos_uuid=SKOLEINTRA)
    # No local call name: the system context's name.
    assert skoleintra.name == "SkoleIntra"
    assert skoleintra.lifecycle == ITSystem.Lifecycle.PHASING_OUT
    assert skoleintra.user_count == ITSystem.UserCount.FROM_10
    assert skoleintra.criticality == ITSystem.Criticality.MEDIUM  # No: at most medium
    assert skoleintra.hosting == ITSystem.Hosting.ON_PREMISE
    nexus = ITSystem.objects.get(kitos_uuid=NEXUS)
    assert nexus.system_owner is None  # "Ukendt Person" is not an employee: a warning, not a guess
    assert "medarbejderen »Ukendt Person« findes ikke" in output
    assert all(system.history.count() == 1 for system in ITSystem.objects.all())


def test_it_updates_only_changed_fields_and_leaves_unchanged_systems_untouched(people, tmp_path):
    run(str(FIXTURE))
    fasit = ITSystem.objects.get(kitos_uuid=FASIT)
    # What the portal owns: vendor, contract, infrastructure, the description after creation, links.
    project = ProjectFactory()
    ProjectSystem.objects.create(project=project, system=fasit, relation=ProjectSystem.Relation.INTRODUCES)
    fasit.vendor = "Schultz"
    fasit.contract_end = datetime.date(2027, 3, 31)
    fasit.notice_months = 6
    fasit.on_common_infrastructure = True
    fasit.description = "Portalens egen beskrivelse."
    fasit.save()
    nexus_history = ITSystem.objects.get(kitos_uuid=NEXUS).history.count()
    fasit_history = fasit.history.count()
    data = usages()
    data[0]["general"]["validity"]["lifeCycleStatus"] = "PhasingOut"
    data[0]["general"]["notes"] = "Ny note i KITOS."
    data[0]["localKLEDeviations"]["addedKLE"].append({"uuid": str(uuid.uuid4()), "name": "15.02.00"})
    output = run(write(tmp_path, data))
    assert "Ændrede systemer: 1" in output
    assert "Livscyklus: I drift → Udfases" in output
    assert "KLE-numre: 15.00.00, 32.18.00 → 15.00.00, 15.02.00, 32.18.00" in output
    assert "Uændrede systemer: 2" in output
    fasit.refresh_from_db()
    assert fasit.lifecycle == ITSystem.Lifecycle.PHASING_OUT
    assert fasit.vendor == "Schultz" and fasit.notice_months == 6 and fasit.on_common_infrastructure
    assert fasit.description == "Portalens egen beskrivelse."
    assert fasit.project_links.get().relation == ProjectSystem.Relation.INTRODUCES
    assert fasit.history.count() == fasit_history + 1
    assert ITSystem.objects.get(kitos_uuid=NEXUS).history.count() == nexus_history


def test_it_never_deletes_or_archives_what_the_portal_owns(people, tmp_path):
    own = ITSystemFactory(name="Portalens eget system")
    run(str(FIXTURE))
    data = usages()[:1]
    data[0]["general"]["localCallName"] = None  # KITOS empty: the portal keeps its value
    data[0]["general"]["numberOfExpectedUsers"] = None
    data[0]["gdpr"]["hostedAt"] = "Undecided"
    data[0]["roles"] = []
    output = run(write(tmp_path, data))
    assert ITSystem.objects.count() == 4
    assert not ITSystem.objects.filter(archived=True).exists()
    assert ITSystem.objects.filter(pk=own.pk, archived=False).exists()
    fasit = ITSystem.objects.get(kitos_uuid=FASIT)
    assert fasit.name == "FASIT"  # from systemContext.name
    assert fasit.user_count == ITSystem.UserCount.OVER_100
    assert fasit.hosting == ITSystem.Hosting.EXTERNAL
    assert fasit.system_owner == people["owner"]
    assert "Uændrede systemer: 1" in output


def test_it_is_a_no_op_when_run_again(people):
    run(str(FIXTURE))
    before = snapshot()
    output = run(str(FIXTURE))
    assert "Nye systemer: 0" in output and "Ændrede systemer: 0" in output
    assert "Uændrede systemer: 3" in output
    assert snapshot() == before


def test_it_writes_nothing_on_a_dry_run_but_prints_the_changes(people, tmp_path):
    output = run(str(FIXTURE), dry_run=True)
    assert "Tørkørsel: intet er gemt" in output
    assert "+ FASIT" in output and "Nye systemer: 3" in output
    assert ITSystem.objects.count() == 0
    run(str(FIXTURE))
    before = snapshot()
    data = usages()
    data[1]["gdpr"]["hostedAt"] = "Hybrid"
    output = run(write(tmp_path, data), dry_run=True)
    assert "~ NEXUS" in output and "Drift/hosting: Eksternt (cloud/leverandør) → Hybrid" in output
    assert snapshot() == before


def test_it_maps_pilot_and_keeps_fields_with_unknown_values_reporting_each_record(people):
    run(str(FIXTURE))
    output = run(str(FIXTURE_LATER))
    assert "Nye systemer: 1" in output and "Ændrede systemer: 1" in output
    assert "Uændrede systemer: 2" in output
    aula = ITSystem.objects.get(kitos_uuid=AULA)
    # Pilot: in use on trial, on its way in: the portal's "Indfases".
    assert aula.lifecycle == ITSystem.Lifecycle.PHASING_IN
    assert aula.criticality == ITSystem.Criticality.HIGH and aula.kle_numbers == ["17.01.00"]
    skoleintra = ITSystem.objects.get(kitos_uuid=SKOLEINTRA)
    assert skoleintra.lifecycle == ITSystem.Lifecycle.PHASING_OUT  # "Decommissioned": unknown, kept
    assert skoleintra.hosting == ITSystem.Hosting.ON_PREMISE  # "SovereignCloud": unknown, kept
    assert skoleintra.kle_numbers == ["17.01.00"]  # the rest of the record imports
    assert ITSystem.objects.get(kitos_uuid=NEXUS).criticality == ITSystem.Criticality.HIGH
    assert "SkoleIntra: ukendt livscyklusstatus »Decommissioned« – feltet er ikke ændret" in output
    assert "SkoleIntra: ukendt driftsform (hostedAt) »SovereignCloud« – feltet er ikke ændret" in output
    assert (
        "NEXUS: ukendt værdi for forretningskritisk (businessCritical) »Partially« – feltet er ikke ændret"
        in output
    )
    assert "Advarsler: 4" in output  # the three above and NEXUS' unknown system owner, nothing about Aula


def test_it_gives_a_new_system_the_default_where_kitos_has_an_unknown_value(people, tmp_path):
    data = json.loads(FIXTURE_LATER.read_text(encoding="utf-8"))
    data[0]["general"]["numberOfExpectedUsers"]["lowerBound"] = 500  # an interval KITOS may add
    data[0]["general"]["validity"]["lifeCycleStatus"] = 9  # numeric enums: past the known ones
    output = run(write(tmp_path, data))
    assert "Nye systemer: 4" in output
    skoleintra = ITSystem.objects.get(kitos_uuid=SKOLEINTRA)
    assert skoleintra.lifecycle == ITSystem._meta.get_field("lifecycle").default
    assert skoleintra.hosting == ""
    fasit = ITSystem.objects.get(kitos_uuid=FASIT)
    assert fasit.user_count == "" and fasit.lifecycle == ITSystem._meta.get_field("lifecycle").default
    assert fasit.hosting == ITSystem.Hosting.EXTERNAL and fasit.owner_unit == people["jobcentret"]
    assert (
        "SkoleIntra: ukendt livscyklusstatus »Decommissioned« – feltet har portalens standardværdi" in output
    )
    assert "FASIT: ukendt brugerinterval (numberOfExpectedUsers) »500«" in output
    assert "FASIT: ukendt livscyklusstatus »9«" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "er ikke gyldig JSON (linje 1"),
        ("", "er tom; den skal indeholde KITOS' JSON-eksport"),
        ('{"uuid": "x"}', "skal være en JSON-liste af systemanvendelser"),
        ("[1, 2]", "Post 1: skal være et objekt"),
        ('[{"uuid": "not-a-uuid", "systemContext": {"name": "X"}}]', "mangler et gyldigt »uuid«"),
        ('[{"uuid": "6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e09"}]', "mangler et navn"),
        (
            '[{"uuid": "6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e09", "systemContext": {"name": "X"},'
            ' "general": {"validity": {"lifeCycleStatus": {"name": "Retired"}}}}]',
            "»general.validity.lifeCycleStatus« skal være tekst",
        ),
        (
            '[{"uuid": "6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e09", "systemContext": {"name": "X"},'
            ' "general": {"numberOfExpectedUsers": {"lowerBound": "7"}}}]',
            "»general.numberOfExpectedUsers.lowerBound« skal være et heltal",
        ),
        (
            '[{"uuid": "6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e09", "systemContext": "FASIT"}]',
            "»systemContext« skal være et objekt",
        ),
        (
            '[{"uuid": "6c2a6f0e-4f0b-4a8e-9d7e-1a2b3c4d5e09", "systemContext": {"name": "%s"}}]'
            % ("x" * 300),
            "navnet er længere end 200 tegn",
        ),
    ],
)
def test_it_refuses_a_malformed_file_with_a_clear_danish_error_and_changes_nothing(
    people, tmp_path, content, message
):
    run(str(FIXTURE))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, content))
    assert message in str(error.value)
    assert snapshot() == before


def test_it_changes_nothing_when_one_record_of_many_is_wrong(people, tmp_path):
    data = usages()
    data.append(copy.deepcopy(data[0]))  # a duplicate uuid at the end
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, data))
    assert "samme uuid som post 1" in str(error.value) and "intet er ændret" in str(error.value)
    assert ITSystem.objects.count() == 0


def test_it_reports_a_missing_file_and_bad_arguments(tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        run(str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="enten en fil eller --api"):
        run()
    with pytest.raises(CommandError, match="enten en fil eller --api"):
        run(str(FIXTURE), api=True)
    with pytest.raises(CommandError, match="kun bruges sammen med --api"):
        run(str(FIXTURE), since="2026-01-01")


# --------------------------------------------------------------------------- the API, on loopback


class FakeKitos(http.server.BaseHTTPRequestHandler):
    """KITOS' /api/v2/it-system-usages on 127.0.0.1: pages of `page_size`, Bearer token checked."""

    data = []
    requests = []
    token = "hemmelig"

    def do_GET(self):  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        params = {key: values[0] for key, values in parse_qs(parts.query).items()}
        type(self).requests.append((parts.path, params, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            self.send_response(401, "Unauthorized")
            self.end_headers()
            return
        if parts.path != "/api/v2/it-system-usages":
            self.send_response(404)
            self.end_headers()
            return
        page, size = int(params["page"]), int(params["pageSize"])
        body = json.dumps(self.data[page * size : (page + 1) * size]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def kitos_server(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeKitos)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeKitos.data = usages()
    FakeKitos.requests = []
    settings.KITOS_API_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.KITOS_API_TOKEN = FakeKitos.token
    yield FakeKitos
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_it_imports_from_the_api_page_by_page_with_the_delta(people, kitos_server, monkeypatch):
    from portfolio.systems import kitos

    monkeypatch.setattr(kitos, "API_PAGE_SIZE", 2)
    monkeypatch.setattr(
        kitos.fetch_usages, "__kwdefaults__", {**kitos.fetch_usages.__kwdefaults__, "page_size": 2}
    )
    output = run(api=True, since="2026-01-01T00:00:00+01:00")
    assert "Nye systemer: 3" in output
    assert ITSystem.objects.count() == 3
    paths = [(path, params["page"], params["pageSize"]) for path, params, _ in kitos_server.requests]
    assert paths == [("/api/v2/it-system-usages", "0", "2"), ("/api/v2/it-system-usages", "1", "2")]
    assert all(
        params["changedSinceGtEq"] == "2026-01-01T00:00:00+01:00" for _, params, _ in kitos_server.requests
    )
    assert all(auth == "Bearer hemmelig" for _, _, auth in kitos_server.requests)
    before = snapshot()
    assert "Uændrede systemer: 3" in run(api=True)
    assert snapshot() == before


def test_it_reports_api_errors_in_danish_and_changes_nothing(people, kitos_server, settings):
    settings.KITOS_API_TOKEN = "forkert"
    with pytest.raises(CommandError, match="KITOS svarede med HTTP 401"):
        run(api=True)
    settings.KITOS_API_TOKEN = kitos_server.token
    kitos_server.data = [{"uuid": "bad"}]
    with pytest.raises(CommandError, match="intet er ændret"):
        run(api=True)
    with pytest.raises(CommandError, match="ikke et tidspunkt i ISO-format"):
        run(api=True, since="i går")
    assert ITSystem.objects.count() == 0


def test_it_needs_the_api_settings(settings):
    settings.KITOS_API_URL = None
    settings.KITOS_API_TOKEN = None
    with pytest.raises(CommandError, match="KITOS_API_URL og KITOS_API_TOKEN"):
        run(api=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://kitos.example.dk",
        "http://10.0.0.5/",
        "file:///etc/passwd",
        "ftp://kitos.example.dk",
        "https://",
        "kitos.example.dk",
    ],
)
def test_it_sends_the_token_over_tls_only(settings, monkeypatch, url):
    def no_network(*_args, **_kwargs):
        raise AssertionError("a request was sent")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    settings.KITOS_API_URL = url
    settings.KITOS_API_TOKEN = "hemmelig"
    with pytest.raises(CommandError, match="KITOS_API_URL skal begynde med https://"):
        run(api=True)
    assert ITSystem.objects.count() == 0


def test_it_reports_an_unreachable_api(settings):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.KITOS_API_URL = f"http://127.0.0.1:{port}"
    settings.KITOS_API_TOKEN = "x"
    with pytest.raises(CommandError, match="KITOS kunne ikke nås"):
        run(api=True)
