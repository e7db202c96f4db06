"""The system portfolio: KLE validation, contract watch dates, list, page, permissions, bad input."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio import selectors
from portfolio.models import ITSystem, ProjectSystem, add_months, notice_deadline, validate_kle_numbers
from portfolio.systems.forms import parse_kle_numbers
from tests.edit_tokens import token_of
from tests.factories import ITSystemFactory, OrgUnitFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --------------------------------------------------------------------------- KLE numbers


@pytest.mark.parametrize("number", ["27.24.00", "00.00.00", "85.02.12"])
def test_it_accepts_kle_numbers_in_the_format_00_00_00(number):
    validate_kle_numbers([number])
    assert parse_kle_numbers(number) == [number]


@pytest.mark.parametrize("number", ["27.24", "27.24.0", "2724.00", "27-24-00", "aa.bb.cc", "27.24.000", " "])
def test_it_rejects_kle_numbers_in_another_format_with_a_danish_message(number):
    if number.strip():
        with pytest.raises(ValidationError) as error:
            parse_kle_numbers(number)
        assert "er ikke et KLE-nummer i formatet 00.00.00" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_kle_numbers([number])


def test_it_parses_a_typed_list_of_kle_numbers_sorted_without_duplicates():
    assert parse_kle_numbers("32.18.00, 27.24.00;27.24.00\n15.00.00") == ["15.00.00", "27.24.00", "32.18.00"]
    assert parse_kle_numbers("") == []
    with pytest.raises(ValidationError) as error:
        parse_kle_numbers("27.24.00, 1.2.3, xx")
    assert len(error.value.messages) == 2


def test_it_validates_kle_numbers_on_the_model():
    system = ITSystemFactory.build(owner_unit=None, kle_numbers=["27.24.00", "27.24"])
    with pytest.raises(ValidationError) as error:
        system.full_clean()
    assert "kle_numbers" in error.value.message_dict


# --------------------------------------------------------------------------- contract watch dates


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2028, 3, 31), -1, D(2028, 2, 29)),  # leap year
        (D(2024, 2, 29), -12, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 5, 31), -3, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 8, 31), -6, D(2026, 2, 28)),
        (D(2026, 7, 31), -1, D(2026, 6, 30)),
        (D(2026, 6, 30), 0, D(2026, 6, 30)),
    ],
)
def test_it_moves_dates_by_calendar_months_clamped_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_it_computes_the_notice_deadline_when_the_system_is_saved():
    system = ITSystemFactory(contract_end=D(2026, 3, 31), notice_months=1)
    assert system.notice_deadline == D(2026, 2, 28)
    system.contract_end = D(2028, 3, 31)
    system.save(update_fields=["contract_end"])
    system.refresh_from_db()
    assert system.notice_deadline == D(2028, 2, 29)
    system.notice_months = None
    system.save()
    assert system.notice_deadline is None
    assert notice_deadline(None, 3) is None


def test_it_lists_systems_whose_contract_ends_or_notice_falls_within_the_window():
    today = D(2026, 1, 10)
    ITSystemFactory(name="Ends soon", contract_end=D(2026, 5, 1), notice_months=None)
    ITSystemFactory(name="Notice soon", contract_end=D(2027, 1, 31), notice_months=12)
    far = ITSystemFactory(name="Far", contract_end=D(2027, 12, 31), notice_months=3)
    past = ITSystemFactory(name="Ended", contract_end=D(2025, 12, 31), notice_months=1)
    notice_passed = ITSystemFactory(name="Notice passed", contract_end=D(2026, 12, 31), notice_months=12)
    ITSystemFactory(
        name="Common", contract_end=D(2026, 7, 10), notice_months=None, on_common_infrastructure=True
    )
    ITSystemFactory(name="Archived", contract_end=D(2026, 2, 1), archived=True)
    watch = selectors.contract_watch(today=today, months=6)
    names = [system.name for system in watch]
    # Notice soon: 31 January 2027 minus 12 months = 31 January 2026, first; then the contract ends.
    assert names == ["Notice soon", "Ends soon", "Common"]
    by_name = {system.name: system for system in watch}
    assert by_name["Notice soon"].notice_deadline == D(2026, 1, 31)
    assert by_name["Notice soon"].watch_reasons == ["Frist for opsigelse"]
    assert by_name["Ends soon"].watch_reasons == ["Kontraktudløb"]
    assert by_name["Ends soon"].needs_infrastructure_check is True
    assert by_name["Common"].needs_infrastructure_check is False
    # The window's last day (10 July 2026) is included; with a window ending 9 July it is not.
    assert "Common" not in [s.name for s in selectors.contract_watch(today=D(2026, 1, 9), months=6)]
    assert {far.name, past.name, notice_passed.name}.isdisjoint(names)
    assert "Far" in [s.name for s in selectors.contract_watch(today=today, months=24)]


def test_it_handles_a_notice_deadline_on_the_last_day_of_february_in_a_leap_year():
    ITSystemFactory(name="Leap", contract_end=D(2028, 3, 31), notice_months=1)
    assert [s.name for s in selectors.contract_watch(today=D(2028, 2, 29), months=1)] == ["Leap"]
    watch = selectors.contract_watch(today=D(2027, 9, 1), months=6)
    assert watch[0].notice_deadline == D(2028, 2, 29)
    assert watch[0].watch_date == D(2028, 2, 29)
    assert selectors.contract_watch(today=D(2028, 3, 1), months=0 + 1)[0].watch_reasons == ["Kontraktudløb"]


# --------------------------------------------------------------------------- the list


@pytest.fixture
def systems(db):
    unit = OrgUnitFactory(name="Jobcentret")
    fasit = ITSystemFactory(
        name="FASIT",
        vendor="Schultz",
        owner_unit=unit,
        lifecycle=ITSystem.Lifecycle.OPERATING,
        criticality=ITSystem.Criticality.HIGH,
        on_common_infrastructure=True,
        contract_end=datetime.date.today() + datetime.timedelta(days=60),
        notice_months=1,
        kle_numbers=["15.00.00"],
    )
    nexus = ITSystemFactory(
        name="NEXUS",
        vendor="KMD",
        lifecycle=ITSystem.Lifecycle.PHASING_OUT,
        criticality=ITSystem.Criticality.CRITICAL,
        contract_end=datetime.date.today() + datetime.timedelta(days=900),
        notice_months=12,
        kle_numbers=["27.24.00"],
    )
    aula = ITSystemFactory(name="AULA", vendor="Netcompany", lifecycle=ITSystem.Lifecycle.PHASING_IN)
    return {"fasit": fasit, "nexus": nexus, "aula": aula}


def _names(client, query=""):
    response = client.get(f"/systems/{query}")
    assert response.status_code == 200
    return [system.name for system in response.context["systems"]]


def test_it_lists_and_filters_systems(client, reader, systems):
    client.force_login(reader)
    assert _names(client) == ["AULA", "FASIT", "NEXUS"]
    assert _names(client, "?lifecycle=udfases") == ["NEXUS"]
    assert _names(client, "?criticality=high") == ["FASIT"]
    assert _names(client, "?common=ja") == ["FASIT"]
    assert _names(client, "?common=nej") == ["AULA", "NEXUS"]
    assert _names(client, f"?owner_unit={systems['fasit'].owner_unit_id}") == ["FASIT"]
    assert _names(client, "?q=netcomp") == ["AULA"]
    assert _names(client, "?q=27.24") == ["NEXUS"]
    assert _names(client, "?watch=on") == ["FASIT"]
    assert _names(client, "?watch=on&months=36") == ["FASIT", "NEXUS"]


def test_it_sorts_systems_by_the_columns(client, reader, systems):
    client.force_login(reader)
    assert _names(client, "?ordering=-name") == ["NEXUS", "FASIT", "AULA"]
    assert _names(client, "?ordering=lifecycle") == ["AULA", "FASIT", "NEXUS"]
    assert _names(client, "?ordering=-criticality") == ["NEXUS", "FASIT", "AULA"]
    assert _names(client, "?ordering=contract_end") == ["FASIT", "NEXUS", "AULA"]
    assert _names(client, "?ordering=vendor") == ["NEXUS", "AULA", "FASIT"]


def test_it_shows_the_contract_watch_on_the_list_with_the_flag(client, reader, systems):
    client.force_login(reader)
    ITSystemFactory(name="Teams-telefoni", contract_end=datetime.date.today() + datetime.timedelta(days=30))
    response = client.get("/systems/")
    watched = [system.name for system in response.context["watch_systems"]]
    assert watched == ["FASIT", "Teams-telefoni"]
    html = response.content.decode()
    assert "Kontraktovervågning: de næste 6 måneder" in html
    assert "Ikke på fælleskommunal infrastruktur" in html
    response = client.get("/systems/?months=36")
    assert [s.name for s in response.context["watch_systems"]] == ["FASIT", "Teams-telefoni", "NEXUS"]


def test_it_answers_htmx_with_the_results_only(client, reader, systems):
    client.force_login(reader)
    response = client.get("/systems/?lifecycle=drift", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "query",
    [
        "?lifecycle=bogus",
        "?criticality=%00",
        "?common=maybe",
        "?owner_unit=abc",
        "?owner_unit=999999",
        "?months=0",
        "?months=37",
        "?months=-5",
        "?months=abc",
        "?months=1e400",
        "?watch=on&months=99999999999999999999",
        "?ordering=password",
        "?ordering=-",
        "?page=abc",
        "?page=99999",
        "?q=" + "x" * 100_000,
    ],
)
def test_it_never_fails_on_bad_list_input(client, reader, systems, query):
    client.force_login(reader)
    for path in ("/systems/", "/systems/export.csv", "/systems/export.xlsx"):
        response = client.get(path + query)
        assert response.status_code == 200, (path, query)


def test_it_shows_danish_errors_for_a_bad_window(client, reader, systems):
    client.force_login(reader)
    response = client.get("/systems/?months=37")
    html = response.content.decode()
    assert "Filtrene kunne ikke bruges" in html
    assert "mindre end eller lig 36" in html
    assert response.context["systems"] == [] or not list(response.context["systems"])


def test_it_lists_in_a_constant_number_of_queries(client, reader):
    client.force_login(reader)
    project = ProjectFactory()

    def make(n, start):
        for i in range(start, start + n):
            system = ITSystemFactory(
                name=f"S{i:03}",
                system_owner=reader,
                system_responsible=reader,
                contract_end=datetime.date.today() + datetime.timedelta(days=20 + i),
                notice_months=1,
            )
            ProjectSystem.objects.create(project=project, system=system)

    make(3, 0)
    client.get("/systems/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/systems/").status_code == 200
    make(27, 3)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/systems/")
    assert len(response.context["systems"]) == 30
    assert len(large) == len(small)
    # Session, user, count, rows, watch box, the two permission lookups for "Nyt system", the
    # owner-unit choices, the user's roles (the menu): nothing per row.
    assert len(large) == 9


def test_it_exports_the_filtered_list_as_csv_and_excel(client, reader, systems):
    client.force_login(reader)
    response = client.get("/systems/export.csv?criticality=high")
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8-sig")  # streamed
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][:3] == ["System", "Leverandør", "Ejende enhed"]
    assert [row[0] for row in table[1:]] == ["FASIT"]
    assert table[1][9] == "Ja" and table[1][10] == "15.00.00"
    response = client.get("/systems/export.xlsx?ordering=-name")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "It-systemer"
    assert [sheet.cell(row=r, column=1).value for r in range(2, 5)] == ["NEXUS", "FASIT", "AULA"]
    assert isinstance(sheet.cell(row=2, column=12).value, datetime.datetime)


def test_it_neutralises_formulas_in_the_export(client, reader):
    client.force_login(reader)
    ITSystemFactory(name="=HYPERLINK(1)", vendor="@evil")
    text = client.get("/systems/export.csv").getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@evil" in text


# --------------------------------------------------------------------------- the page


def test_it_shows_the_system_page_with_projects_by_relation_and_the_watch_box(client, reader, systems):
    client.force_login(reader)
    fasit = systems["fasit"]
    introducing = ProjectFactory(number="P-1", name="Indfører FASIT")
    changing = ProjectFactory(number="P-2", name="Ændrer FASIT")
    ProjectSystem.objects.create(
        project=introducing, system=fasit, relation=ProjectSystem.Relation.INTRODUCES
    )
    ProjectSystem.objects.create(project=changing, system=fasit)
    response = client.get(f"/systems/{fasit.pk}/")
    assert response.status_code == 200
    groups = {
        value: [p.number for p in projects] for value, _, projects in response.context["project_groups"]
    }
    assert groups == {"indfoerer": ["P-1"], "erstatter": [], "aendrer": ["P-2"]}
    html = response.content.decode()
    assert "Indfører systemet" in html and "Ændrer systemet" in html
    assert "Kræver handling inden for 6 måneder" in html
    assert "Ikke på fælleskommunal infrastruktur" not in html  # FASIT is on it
    nexus = client.get(f"/systems/{systems['nexus'].pk}/?months=36").content.decode()
    assert "Kræver handling inden for 36 måneder" in nexus
    assert "Ikke på fælleskommunal infrastruktur." in nexus


@pytest.mark.parametrize("months", ["0", "37", "abc", "-1", "1e9", "9" * 50, ""])
def test_it_never_fails_on_a_bad_window_on_the_page(client, reader, systems, months):
    client.force_login(reader)
    response = client.get(f"/systems/{systems['fasit'].pk}/?months={months}")
    assert response.status_code == 200
    assert response.context["months"] == 6


def test_it_answers_404_for_unknown_or_archived_systems(client, reader):
    client.force_login(reader)
    archived = ITSystemFactory(archived=True)
    assert client.get(f"/systems/{archived.pk}/").status_code == 404
    assert client.get("/systems/999999/").status_code == 404


def test_it_keeps_the_history_of_a_system_with_its_project_links(client, programme_member, systems):
    client.force_login(programme_member)
    project = ProjectFactory(number="P-9")
    fasit = systems["fasit"]
    data = _form_data(fasit, projects_replacing=[project.pk], notice_months="3")
    response = client.post(f"/systems/{fasit.pk}/edit/", data)
    assert response.status_code == 302
    page = client.get(f"/systems/{fasit.pk}/")
    entry = page.context["history"][0]
    assert entry.who == programme_member
    assert "projekter" in entry.changed and "opsigelsesvarsel (måneder)" in entry.changed
    # Saving again without changes writes nothing a person would see.
    data["version"] = token_of(fasit)
    client.post(f"/systems/{fasit.pk}/edit/", data)
    assert client.get(f"/systems/{fasit.pk}/").context["history"][0].when == entry.when


# --------------------------------------------------------------------------- permissions


def _form_data(system=None, **overrides):
    data = {
        "name": system.name if system else "Nyt system",
        "description": "",
        "vendor": system.vendor if system else "",
        "owner_unit": system.owner_unit_id or "" if system else "",
        "system_owner": "",
        "system_responsible": "",
        "lifecycle": system.lifecycle if system else "drift",
        "criticality": system.criticality if system else "medium",
        "user_count": "",
        "hosting": "",
        "kle_numbers": ", ".join(system.kle_numbers) if system else "",
        "contract_end": system.contract_end.isoformat() if system and system.contract_end else "",
        "notice_months": system.notice_months if system and system.notice_months is not None else "",
        "kitos_uuid": "",
    }
    if system and system.on_common_infrastructure:
        data["on_common_infrastructure"] = "on"
    if system:
        data["version"] = token_of(system)
    data.update(overrides)
    return data


def test_it_lets_the_programme_group_create_and_edit_systems(client, programme_member):
    client.force_login(programme_member)
    assert client.get("/systems/new/").status_code == 200
    project = ProjectFactory(number="P-7")
    response = client.post(
        "/systems/new/",
        _form_data(
            name="OS2faktor",
            kle_numbers="27.24.00, 15.00.00",
            contract_end="2027-03-31",
            notice_months="1",
            projects_introducing=[project.pk],
        ),
    )
    assert response.status_code == 302
    system = ITSystem.objects.get(name="OS2faktor")
    assert system.kle_numbers == ["15.00.00", "27.24.00"]
    assert system.notice_deadline == D(2027, 2, 28)
    assert list(system.project_links.values_list("project__number", "relation")) == [("P-7", "indfoerer")]
    response = client.post(f"/systems/{system.pk}/edit/", _form_data(system, projects_changing=[project.pk]))
    assert response.status_code == 302
    assert list(system.project_links.values_list("relation", flat=True)) == ["aendrer"]
    list_html = client.get("/systems/").content.decode()
    assert "Nyt system" in list_html


def test_it_shows_danish_errors_for_bad_system_input(client, programme_member):
    client.force_login(programme_member)
    project = ProjectFactory(number="P-8")
    response = client.post(
        "/systems/new/",
        _form_data(
            name="x" * 100_000,
            description="y" * 100_000,
            kle_numbers="27.24, 99",
            contract_end="31-02-2026",
            notice_months="61",
            kitos_uuid="not-a-uuid",
            lifecycle="bogus",
            projects_introducing=[project.pk],
            projects_replacing=[project.pk],
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {
        "name",
        "description",
        "kle_numbers",
        "contract_end",
        "notice_months",
        "kitos_uuid",
        "lifecycle",
        "projects_replacing",
    }
    assert "er ikke et KLE-nummer i formatet 00.00.00" in " ".join(errors["kle_numbers"])
    assert ITSystem.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader", "reader"])
def test_it_forbids_others_to_create_or_edit_systems(client, request, persona, project, systems):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    fasit = systems["fasit"]
    before = ITSystem.objects.get(pk=fasit.pk)
    history_count = fasit.history.count()
    assert client.get("/systems/new/").status_code == 403
    assert client.post("/systems/new/", _form_data(name="Sneaky")).status_code == 403
    assert client.get(f"/systems/{fasit.pk}/edit/").status_code == 403
    assert client.post(f"/systems/{fasit.pk}/edit/", _form_data(fasit, name="Changed")).status_code == 403
    after = ITSystem.objects.get(pk=fasit.pk)
    assert after.name == before.name == "FASIT"
    assert not ITSystem.objects.filter(name="Sneaky").exists()
    assert fasit.history.count() == history_count
    page = client.get(f"/systems/{fasit.pk}/").content.decode()
    assert "Redigér systemet" not in page
    assert "Nyt system" not in client.get("/systems/").content.decode()


def test_it_sends_anonymous_visitors_to_login(client, systems):
    pk = systems["fasit"].pk
    for path in (
        "/systems/",
        "/systems/new/",
        f"/systems/{pk}/",
        f"/systems/{pk}/edit/",
        "/systems/export.csv",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post("/systems/new/", _form_data(name="Anon")).status_code == 302
    assert not ITSystem.objects.filter(name="Anon").exists()


def test_it_shows_systemer_in_the_navigation_once_the_url_resolves(client, reader):
    from django.urls import reverse

    assert reverse("systems:list") == "/systems/"
    client.force_login(reader)
    assert client.get("/systems/").status_code == 200


def test_it_renders_the_project_page_systems_section_from_a_prefetch(reader):
    from django.db.models import Prefetch
    from django.template.loader import render_to_string

    project = ProjectFactory(number="P-3")
    system = ITSystemFactory(name="AULA")
    ProjectSystem.objects.create(project=project, system=system, relation=ProjectSystem.Relation.REPLACES)
    links = (
        ProjectSystem.objects.filter(system__archived=False).select_related("system").order_by("system__name")
    )
    project = (
        type(project)
        .objects.prefetch_related(Prefetch("system_links", queryset=links, to_attr="active_system_links"))
        .get(pk=project.pk)
    )
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("portfolio/_project_systems.html", {"project": project})
    assert len(queries) == 0
    assert "AULA" in html and "Erstatter systemet" in html
