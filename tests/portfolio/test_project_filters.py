"""The project list's filters, sorting, htmx partial and resistance to malformed input."""

import datetime

import pytest
from django.utils import timezone

from portfolio.models import StatusReport
from portfolio.services import project_set_people
from tests.factories import (
    OrgUnitFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    current_focus_area,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period():
    """The current Project Board period (its meeting is after today) and one before it."""
    today = timezone.localdate()
    ReportingPeriodFactory(meeting_date=today - datetime.timedelta(days=7))
    return ReportingPeriodFactory(meeting_date=today + datetime.timedelta(days=7))


@pytest.fixture
def portfolio(period):
    """Four projects that differ on every filter."""
    previous = period.__class__.objects.exclude(pk=period.pk).get()
    it_unit = OrgUnitFactory(name="IT og Digitalisering")
    school = OrgUnitFactory(name="Skole og Dagtilbud")
    camilla = UserFactory(username="camilla", first_name="Camilla", last_name="Søndergaard")
    mads = UserFactory(username="mads", first_name="Mads", last_name="Brødsgaard")
    projects = {
        "tale": ProjectFactory(
            number="P-001",
            name="Talegenkendelse",
            kind="lokal",
            phase="gennemfoerelse",
            anchoring=it_unit,
            focus_areas=[current_focus_area(1)],
            purpose="Diktering i journalen",
        ),
        "monopol": ProjectFactory(
            number="P-002",
            name="Monopolbrud",
            kind="faelleskommunal",
            phase="analyse",
            anchoring=it_unit,
            focus_areas=[current_focus_area(2)],
        ),
        "skole": ProjectFactory(
            number="P-003",
            name="Aula til forældre",
            kind="tvaergaaende",
            phase="realisering",
            anchoring=school,
            focus_areas=[current_focus_area(2), current_focus_area(3)],
            description="Digital kommunikation med skolen",
        ),
        "lukket": ProjectFactory(
            number="P-004",
            name="Gammel løsning",
            kind="iod",
            phase="afsluttet",
            anchoring=school,
            focus_areas=[current_focus_area(4)],
        ),
    }
    project_set_people(actor=None, project=projects["tale"], leader=camilla)
    project_set_people(actor=None, project=projects["monopol"], leader=camilla)
    project_set_people(actor=None, project=projects["skole"], leader=mads)
    # tale: red now; monopol: yellow last period, nothing yet now (a draft does not count);
    # skole: green now; lukket: never reported.
    StatusReportFactory(project=projects["tale"], period=previous, overall="green")
    StatusReportFactory(project=projects["tale"], period=period, overall="red")
    StatusReportFactory(project=projects["monopol"], period=previous, overall="yellow")
    StatusReportFactory(
        project=projects["monopol"],
        period=period,
        overall="green",
        state=StatusReport.State.DRAFT,
        submitted_at=None,
    )
    StatusReportFactory(project=projects["skole"], period=period, overall="green")
    projects["camilla"], projects["mads"] = camilla, mads
    projects["it_unit"], projects["school"] = it_unit, school
    return projects


@pytest.fixture
def browse(client, reader):
    client.force_login(reader)

    def get(query="", **headers):
        response = client.get(f"/projects/{query}", **headers)
        assert response.status_code == 200
        return response

    return get


def names(response):
    return [project.name for project in response.context["projects"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Talegenkendelse", "Monopolbrud", "Aula til forældre", "Gammel løsning"]),
        ("?kind=faelleskommunal", ["Monopolbrud"]),
        ("?kind=tvaergaaende", ["Aula til forældre"]),
        ("?phase=gennemfoerelse", ["Talegenkendelse"]),
        ("?phase=afsluttet", ["Gammel løsning"]),
        ("?phase=ide", []),
        ("?light=red", ["Talegenkendelse"]),
        ("?light=yellow", ["Monopolbrud"]),
        ("?light=green", ["Aula til forældre"]),
        ("?light=none", ["Gammel løsning"]),
        ("?missing_status=on", ["Monopolbrud"]),
        ("?q=tale", ["Talegenkendelse"]),
        ("?q=P-003", ["Aula til forældre"]),
        ("?q=journalen", ["Talegenkendelse"]),
        ("?q=KOMMUNIKATION", ["Aula til forældre"]),
        ("?q=%20%20", ["Talegenkendelse", "Monopolbrud", "Aula til forældre", "Gammel løsning"]),
        ("?q=findes-ikke", []),
    ],
)
def test_it_narrows_the_list_to_exactly_the_matching_projects(browse, portfolio, query, expected):
    assert names(browse(query)) == expected


def test_it_filters_by_focus_area_any_of_several_without_duplicates(browse, portfolio):
    one, two, three = (current_focus_area(n).pk for n in (1, 2, 3))
    assert names(browse(f"?focus_area={one}")) == ["Talegenkendelse"]
    assert names(browse(f"?focus_area={two}")) == ["Monopolbrud", "Aula til forældre"]
    assert names(browse(f"?focus_area={two}&focus_area={three}")) == ["Monopolbrud", "Aula til forældre"]
    assert names(browse(f"?focus_area={one}&focus_area={three}")) == ["Talegenkendelse", "Aula til forældre"]


def test_it_keeps_only_active_projects_when_asked(browse, portfolio):
    assert names(browse("?active=on")) == ["Talegenkendelse", "Monopolbrud", "Aula til forældre"]
    assert names(browse("?active=on&light=none")) == []


def test_it_filters_by_strategy_period_and_by_an_earlier_periods_focus_area(browse, portfolio):
    from focusareas.models import FocusArea, StrategyPeriod

    earlier = StrategyPeriod.objects.filter(is_current=False).order_by("start_year").first()
    old_area = FocusArea.objects.filter(period=earlier).order_by("number").first()
    portfolio["lukket"].focus_areas.add(old_area)
    current = StrategyPeriod.objects.get(is_current=True)
    assert names(browse(f"?strategy_period={earlier.pk}")) == ["Gammel løsning"]
    assert len(names(browse(f"?strategy_period={current.pk}"))) == 4
    response = browse(f"?focus_area={old_area.pk}")
    assert names(response) == ["Gammel løsning"]
    # The earlier area is offered (and ticked) beside the current ones, so the form shows the filter.
    assert f'value="{old_area.pk}"' in response.content.decode()


def test_it_filters_by_anchoring_and_leader(browse, portfolio):
    assert names(browse(f"?anchoring={portfolio['school'].pk}")) == ["Aula til forældre", "Gammel løsning"]
    assert names(browse(f"?leader={portfolio['camilla'].pk}")) == ["Talegenkendelse", "Monopolbrud"]
    assert names(browse(f"?leader={portfolio['mads'].pk}")) == ["Aula til forældre"]


def test_it_combines_filters(browse, portfolio):
    camilla, it_unit = portfolio["camilla"].pk, portfolio["it_unit"].pk
    assert names(browse(f"?leader={camilla}&light=red")) == ["Talegenkendelse"]
    assert names(browse(f"?leader={camilla}&missing_status=on")) == ["Monopolbrud"]
    assert names(browse(f"?anchoring={it_unit}&phase=analyse&kind=faelleskommunal")) == ["Monopolbrud"]
    assert names(browse(f"?anchoring={it_unit}&phase=realisering")) == []
    two = current_focus_area(2).pk
    assert names(browse(f"?focus_area={two}&q=aula&light=green")) == ["Aula til forældre"]


def test_it_counts_only_submitted_reports_of_the_current_period_and_not_closed_projects_as_missing(
    browse, portfolio, period
):
    # A corrected (second) version of the current report does not make the project missing.
    StatusReportFactory(project=portfolio["tale"], period=period, version=2, overall="yellow")
    # An active project without any report at all is missing; the closed one is not expected to report.
    ProjectFactory(number="P-005", name="Ny idé", phase="ide")
    assert names(browse("?missing_status=on")) == ["Monopolbrud", "Ny idé"]
    assert names(browse("?light=yellow")) == ["Talegenkendelse", "Monopolbrud"]


def test_it_shows_nothing_as_missing_without_a_reporting_calendar(client, reader):
    ProjectFactory(name="Uden kalender")
    client.force_login(reader)
    response = client.get("/projects/?missing_status=on")
    assert response.status_code == 200
    assert names(response) == []
    assert names(client.get("/projects/")) == ["Uden kalender"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("number", ["P-001", "P-002", "P-003", "P-004"]),
        ("-number", ["P-004", "P-003", "P-002", "P-001"]),
        ("name", ["P-003", "P-004", "P-002", "P-001"]),
        ("-name", ["P-001", "P-002", "P-004", "P-003"]),
        # Phases in the model's order: idé, analyse, gennemførelse, realisering, afsluttet.
        ("phase", ["P-002", "P-001", "P-003", "P-004"]),
        ("-phase", ["P-004", "P-003", "P-001", "P-002"]),
        # Most urgent first: red, yellow, green, not reported.
        ("light", ["P-001", "P-002", "P-003", "P-004"]),
        ("-light", ["P-004", "P-003", "P-002", "P-001"]),
        # Equal values keep the number order.
        ("anchoring", ["P-001", "P-002", "P-003", "P-004"]),
        ("-anchoring", ["P-003", "P-004", "P-001", "P-002"]),
        # Projects without a leader sort last either way.
        ("leader", ["P-001", "P-002", "P-003", "P-004"]),
        ("-leader", ["P-003", "P-001", "P-002", "P-004"]),
    ],
)
def test_it_sorts_by_the_columns(browse, portfolio, ordering, expected):
    response = browse(f"?ordering={ordering}")
    assert [project.number for project in response.context["projects"]] == expected


def test_it_sorts_within_a_filter_and_links_the_headers_with_the_filters_kept(browse, portfolio):
    camilla = portfolio["camilla"].pk
    response = browse(f"?leader={camilla}&ordering=-name")
    assert names(response) == ["Talegenkendelse", "Monopolbrud"]
    html = response.content.decode()
    # The name column is sorted descending; its header sorts ascending next, keeping the leader filter.
    assert 'aria-sort="descending"' in html
    assert f'href="?leader={camilla}&amp;ordering=name"' in html
    assert f'href="?leader={camilla}&amp;ordering=phase"' in html
    # The current ordering rides along with the filter form.
    assert 'name="ordering" value="-name" form="project-filters"' in html


def test_it_keeps_the_filters_in_the_pagination_links(browse, portfolio):
    unit = OrgUnitFactory(name="Mange projekter")
    for n in range(55):
        ProjectFactory(number=f"M-{n:03d}", name=f"Massivt projekt {n}", anchoring=unit, phase="ide")
    response = browse(f"?anchoring={unit.pk}&ordering=-number")
    assert len(response.context["projects"]) == 50
    assert response.context["page"].paginator.count == 55
    html = response.content.decode()
    assert f'href="?anchoring={unit.pk}&amp;ordering=-number&amp;page=2"' in html
    second = browse(f"?anchoring={unit.pk}&ordering=-number&page=2")
    assert [p.number for p in second.context["projects"]] == ["M-004", "M-003", "M-002", "M-001", "M-000"]


def test_it_renders_the_filter_form_in_danish_with_the_chosen_values(browse, portfolio):
    html = browse(f"?phase=analyse&q=monopol&focus_area={current_focus_area(2).pk}").content.decode()
    for label in (
        "Fokusområde",
        "Projekttype",
        "Fase",
        "Samlet status",
        "Forankring",
        "Projektleder",
        "Mangler status",
        "Søg",
    ):
        assert label in html
    assert '<option value="analyse" selected>Analyse</option>' in html
    assert 'value="monopol"' in html
    assert "Ikke rapporteret" in html
    assert f'value="{current_focus_area(2).pk}" class="form-checkbox"' in html
    assert "checked" in html
    assert 'class="button button-primary' in html
    # Only leaders of projects and units anchoring projects are offered.
    assert "Camilla Søndergaard" in html
    assert "Skole og Dagtilbud" in html
    assert 'hx-get="/projects/"' in html
    assert 'hx-push-url="true"' in html


def test_it_returns_only_the_table_to_htmx(browse, portfolio):
    response = browse("?phase=analyse", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Monopolbrud" in html
    assert "Talegenkendelse" not in html
    assert "<table" in html
    assert "Eksportér til Excel" in html
    assert "HX-Request" in response["Vary"]
    full = browse("?phase=analyse").content.decode()
    assert "<html" in full
    assert 'id="project-results"' in full


def test_it_returns_the_whole_page_when_htmx_restores_history(browse, portfolio):
    html = browse("?phase=analyse", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in html.content.decode()


def test_it_links_the_exports_with_the_current_filters(browse, portfolio):
    html = browse("?phase=analyse&ordering=name&page=1").content.decode()
    assert 'href="/projects/export.xlsx?phase=analyse&amp;ordering=name"' in html
    assert 'href="/projects/export.csv?phase=analyse&amp;ordering=name"' in html
    assert "Eksportér til CSV" in html


MALFORMED = [
    "?kind=k98",
    "?phase=%3Cscript%3E",
    "?light=blue",
    "?focus_area=abc",
    "?focus_area=999999",
    "?focus_area=1&focus_area=x",
    "?anchoring=abc",
    "?anchoring=999999",
    "?anchoring=-1",
    "?leader=1.5",
    "?leader=99999999999999999999999",
    "?missing_status=maybe",
    "?ordering=bogus",
    "?ordering=-",
    "?ordering=name,bogus",
    "?ordering=password",
    "?q=" + "x" * 5000,
    "?q=%00",
    "?page=abc",
    "?page=-1",
    "?page=99999",
    "?page=1e10",
    "?kind=&phase=&light=&anchoring=&leader=&q=&ordering=",
    "?kind=lokal&kind=iod",
    "?%ZZ=1",
]


@pytest.mark.parametrize("query", MALFORMED)
def test_it_never_fails_on_malformed_input(browse, portfolio, query):
    response = browse(query)
    html = response.content.decode()
    if response.context["form"].errors:
        assert "Filtrene kunne ikke bruges" in html
        assert names(response) == []
    htmx = browse(query, HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=k98", "Marker en gyldig valgmulighed"),
        ("?light=blue", "Marker en gyldig valgmulighed"),
        ("?anchoring=abc", "Marker en gyldig valgmulighed"),
        ("?focus_area=abc", "er ikke en gyldig værdi"),
        ("?ordering=bogus", "Marker en gyldig valgmulighed"),
        ("?q=" + "x" * 201, "må højst have 200 tegn"),
    ],
)
def test_it_explains_invalid_filters_in_danish_and_shows_no_rows(browse, portfolio, query, message):
    response = browse(query)
    assert names(response) == []
    html = response.content.decode()
    assert "Filtrene kunne ikke bruges" in html
    assert message in html
    assert "Ingen projekter vises, før filtrene er rettet." in html


def test_it_shows_an_unknown_page_number_as_the_first_or_last_page(browse, portfolio):
    assert names(browse("?page=abc")) == names(browse(""))
    assert names(browse("?phase=analyse&page=999")) == ["Monopolbrud"]


def test_it_hides_archived_projects_from_the_filters_too(browse, portfolio):
    portfolio["tale"].archived = True
    portfolio["tale"].save()
    assert names(browse("?light=red")) == []
    assert names(browse("?q=Talegenkendelse")) == []
