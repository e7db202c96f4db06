"""The steering group's dashboard (/): every figure on a hand-built portfolio, every cell's link to
exactly the projects it counts, the filters (and bad values for them), who lands where, the cache that
is never stale, a fixed number of queries, and the PDF."""

import datetime
import re
import socket
from decimal import Decimal

import pytest
from django.utils import timezone

from benefits.models import Benefit
from governance.bodies.services import membership_start
from governance.dashboard.selectors import HEATMAP_PERIODS, dashboard_data
from governance.models import Decision, Membership
from portfolio.models import ACTIVE_PHASES, Light, Phase, Project, StatusReport
from portfolio.services import project_set_people
from portfolio.status.services import status_report_save_draft, status_report_submit
from tests.factories import (
    BenefitFactory,
    BenefitMeasurementFactory,
    DecisionFactory,
    OrgUnitFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
    current_focus_area,
)
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def periods():
    """Nine held Project Board meetings, a fortnight apart, and the coming one (the current period)."""
    held = [
        ReportingPeriodFactory(meeting_date=TODAY - datetime.timedelta(days=14 * k)) for k in range(9, 0, -1)
    ]
    coming = ReportingPeriodFactory(meeting_date=TODAY + datetime.timedelta(days=7))
    return [*held, coming]


@pytest.fixture
def portfolio(periods):
    """Seven projects; five active. Every figure below follows from this docstring:

    P-001 gennemførelse, areas 1+2, K98, unit IT, budget 100.000: green, then red now (spent 40.000)
    P-002 analyse, area 2, lokal, unit Skole, budget 50.000: yellow last period, nothing now
    P-003 realisering, area 3, lokal, unit IT: red, then green now (spent 10.000)
    P-004 idé, area 1: never reported
    P-005 afsluttet, area 1: red (not active)
    P-006 gennemførelse, area 1, archived: red (not in the portfolio)
    P-007 gennemførelse, area 3: yellow four periods ago, a draft now (a draft does not count)
    """
    it, school = OrgUnitFactory(name="IT og Digitalisering"), OrgUnitFactory(name="Skole og Dagtilbud")
    a1, a2, a3 = (current_focus_area(n) for n in (1, 2, 3))
    previous, now = periods[-2], periods[-1]
    p = {
        "P-001": ProjectFactory(
            number="P-001",
            name="Talegenkendelse",
            phase=Phase.EXECUTION,
            kind="faelleskommunal",
            anchoring=it,
            budget=Decimal("100000"),
            focus_areas=[a1, a2],
        ),
        "P-002": ProjectFactory(
            number="P-002",
            name="Monopolbrud",
            phase=Phase.ANALYSIS,
            anchoring=school,
            budget=Decimal("50000"),
            focus_areas=[a2],
        ),
        "P-003": ProjectFactory(
            number="P-003", name="Aula", phase=Phase.REALISATION, anchoring=it, focus_areas=[a3]
        ),
        "P-004": ProjectFactory(
            number="P-004", name="Chatbot", phase=Phase.IDEA, anchoring=school, focus_areas=[a1]
        ),
        "P-005": ProjectFactory(number="P-005", name="Gammel løsning", phase=Phase.CLOSED, focus_areas=[a1]),
        "P-006": ProjectFactory(
            number="P-006", name="Arkiveret", phase=Phase.EXECUTION, archived=True, focus_areas=[a1]
        ),
        "P-007": ProjectFactory(
            number="P-007", name="Sensorer", phase=Phase.EXECUTION, anchoring=school, focus_areas=[a3]
        ),
    }
    StatusReportFactory(project=p["P-001"], period=previous, overall="green")
    StatusReportFactory(
        project=p["P-001"],
        period=now,
        overall="red",
        budget_spent=Decimal("40000"),
        budget_forecast=Decimal("120000"),
    )
    StatusReportFactory(project=p["P-002"], period=previous, overall="yellow")
    StatusReportFactory(project=p["P-003"], period=previous, overall="red")
    StatusReportFactory(project=p["P-003"], period=now, overall="green", budget_spent=Decimal("10000"))
    StatusReportFactory(project=p["P-005"], period=previous, overall="red")
    StatusReportFactory(project=p["P-006"], period=now, overall="red")
    StatusReportFactory(project=p["P-007"], period=periods[-5], overall="yellow")
    StatusReportFactory(
        project=p["P-007"], period=now, overall="green", state=StatusReport.State.DRAFT, submitted_at=None
    )
    p["units"] = {"it": it, "school": school}
    p["areas"] = (a1, a2, a3)
    return p


@pytest.fixture
def escalation(portfolio):
    return DecisionFactory(
        body=body("programgruppe"),
        kind=Decision.Kind.ESCALATION,
        project=portfolio["P-001"],
        text="Rammen rækker ikke.",
    )


@pytest.fixture
def financial_benefit(portfolio):
    benefit = BenefitFactory(
        project=portfolio["P-001"],
        is_financial=True,
        unit=Benefit.Unit.KR,
        baseline=Decimal("0"),
        target=Decimal("100000"),
        # Within this year: the planned amount, spread from baseline to due date, is all this year's.
        baseline_date=TODAY.replace(month=1, day=1),
        due_date=TODAY.replace(month=12, day=31),
    )
    BenefitMeasurementFactory(
        benefit=benefit, measured_on=TODAY.replace(month=1, day=2), value=Decimal("30000")
    )
    return benefit


@pytest.fixture
def reader_client(client, reader):
    """The test client, logged in as the shared `reader`."""
    client.force_login(reader)
    return client


def data(**filters):
    return dashboard_data(today=TODAY, **filters)


def listed(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return sorted(project.number for project in response.context["projects"])


def test_it_counts_the_headline_figures(portfolio, escalation, financial_benefit):
    figures = data()
    assert figures.active.count == 5
    assert {value: cell.count for value, _label, cell in figures.by_light} == {
        Light.RED: 1,
        Light.YELLOW: 2,
        Light.GREEN: 1,
        Light.NOT_REPORTED: 1,
    }
    assert figures.missing.count == 3  # P-002, P-004, P-007
    assert figures.turning_worse == 1  # P-001
    assert figures.awaiting.count == 1
    assert figures.benefit_planned_this_year == Decimal("100000")
    assert figures.benefit_realised_this_year == Decimal("30000")
    assert figures.budget_total == Decimal("150000")
    assert figures.spent_total == Decimal("50000")
    assert figures.forecast_total == Decimal("120000")


def test_it_counts_the_focus_area_matrices(portfolio):
    figures = data()
    lights = {
        area.number: [cell.count for cell in cells] + [total.count]
        for area, cells, total in figures.light_matrix
    }
    # Columns: red, yellow, green, not reported, total.
    assert lights == {
        1: [1, 0, 0, 1, 2],
        2: [1, 1, 0, 0, 2],
        3: [0, 1, 1, 0, 2],
        4: [0, 0, 0, 0, 0],
        5: [0, 0, 0, 0, 0],
        6: [0, 0, 0, 0, 0],
    }
    phases = {area.number: [cell.count for cell in cells] for area, cells, _ in figures.phase_matrix}
    # Columns: idé, analyse, gennemførelse, realisering.
    assert phases[1] == [1, 0, 1, 0]
    assert phases[2] == [0, 1, 1, 0]
    assert phases[3] == [0, 0, 1, 1]
    assert [cell.count for cell in figures.phase_totals] == [1, 1, 2, 1]


def test_it_links_every_cell_to_exactly_the_projects_it_counts(reader_client, portfolio):
    figures = data()
    cells = [
        figures.active,
        figures.missing,
        *(cell for _v, _l, cell in figures.by_light),
        *figures.phase_totals,
    ]
    for _area, row, total in [*figures.light_matrix, *figures.phase_matrix]:
        cells += [*row, total]
    for cell in cells:
        assert len(listed(reader_client, cell.url)) == cell.count, cell.url
    red_in_area_1 = figures.light_matrix[0][1][0]
    assert listed(reader_client, red_in_area_1.url) == ["P-001"]
    assert listed(reader_client, figures.missing.url) == ["P-002", "P-004", "P-007"]
    assert listed(reader_client, figures.active.url) == ["P-001", "P-002", "P-003", "P-004", "P-007"]


def test_it_sorts_the_heatmap_worst_first_with_trends(portfolio, periods):
    figures = data()
    assert [row.project["number"] for row in figures.heatmap] == ["P-001", "P-002", "P-007", "P-004", "P-003"]
    assert len(figures.heatmap_periods) == HEATMAP_PERIODS
    assert figures.heatmap_periods[-1] == periods[-1]
    first = figures.heatmap[0]
    assert first.cells[-2:] == ["green", "red"]
    assert first.trend == "worse"
    assert figures.heatmap[-1].trend == "better"
    assert figures.heatmap[2].cells == [None, None, None, "yellow", None, None, None, None]


def test_it_filters_by_kind_anchoring_and_focus_area_and_keeps_the_links_exact(reader_client, portfolio):
    it = portfolio["units"]["it"]
    by_unit = data(anchoring=it)
    assert by_unit.active.count == 2
    assert len(listed(reader_client, by_unit.active.url)) == 2
    assert data(kind="faelleskommunal").active.count == 1
    area2 = portfolio["areas"][1]
    by_area = data(focus_area=area2)
    assert [area.number for area, _cells, _total in by_area.light_matrix] == [2]
    assert by_area.active.count == 2
    for cell in by_area.light_matrix[0][1]:
        assert len(listed(reader_client, cell.url)) == cell.count, cell.url


def test_it_looks_at_an_earlier_strategy_period(reader_client, portfolio):
    from focusareas.models import FocusArea, StrategyPeriod

    earlier = StrategyPeriod.objects.filter(is_current=False).order_by("start_year").first()
    old_area = FocusArea.objects.filter(period=earlier).order_by("number").first()
    portfolio["P-004"].focus_areas.add(old_area)
    figures = data(strategy_period=earlier)
    assert figures.active.count == 1
    assert [area.number for area, _c, _t in figures.light_matrix] == list(
        FocusArea.objects.filter(period=earlier).order_by("number").values_list("number", flat=True)
    )
    row = figures.light_matrix[0]
    assert row[2].count == 1
    assert listed(reader_client, row[2].url) == ["P-004"]


def test_it_shows_the_figures_on_the_page_with_links(reader_client, portfolio, escalation):
    html = reader_client.get("/").content.decode()
    assert "Overblik over digitaliseringsporteføljen" in html
    assert "Seneste status pr. fokusområde" in html
    assert "Statuskort" in html
    assert 'href="/projects/?active=on&amp;strategy_period=' in html
    assert "P-001 Talegenkendelse" in html
    assert "sag afventer" in html
    assert "<svg" in html and "<table" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?strategy_period=abc", "Vælg en af mulighederne"),
        ("?strategy_period=999999", "Vælg en af mulighederne"),
        ("?focus_area=-1", "Vælg en af mulighederne"),
        ("?kind=ukendt", "Vælg en af mulighederne"),
        ("?anchoring=%00", "Null-tegn er ikke tilladte"),
        ("?anchoring=1e9999", "Vælg en af mulighederne"),
    ],
)
def test_it_answers_bad_filter_values_in_danish_without_figures(reader_client, portfolio, query, message):
    response = reader_client.get(f"/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Ret filtrene" in html
    assert "Statuskort" not in html
    assert reader_client.get(f"/dashboard/pdf{query}").status_code == 200


def test_it_refuses_a_focus_area_of_another_period(reader_client, portfolio):
    from focusareas.models import FocusArea

    old_area = FocusArea.objects.filter(period__is_current=False).first()
    html = reader_client.get(f"/?focus_area={old_area.pk}").content.decode()
    assert "Fokusområdet hører ikke til strategiperioden" in html


def test_it_keeps_anonymous_visitors_out(client, portfolio):
    for url in ("/", "/dashboard/", "/dashboard/pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_it_shows_a_project_leader_outside_the_bodies_her_start_page(client, portfolio):
    leader = UserFactory(username="leder")
    project_set_people(actor=None, project=portfolio["P-001"], leader=leader)
    client.force_login(leader)
    html = client.get("/").content.decode()
    assert "Dit arbejde i portalen" in html
    assert "Se overblikket over hele porteføljen" in html
    assert "Statuskort" not in html
    assert "Statuskort" in client.get("/dashboard/").content.decode()
    assert "Statuskort" in client.get("/?kind=lokal").content.decode()


def test_it_shows_the_dashboard_under_the_start_page_of_a_steering_member_who_leads(client, portfolio):
    leader = UserFactory(username="leder")
    project_set_people(actor=None, project=portfolio["P-001"], leader=leader)
    membership_start(actor=None, body=body("styregruppe"), user=leader, role=Membership.Role.MEMBER)
    client.force_login(leader)
    html = client.get("/").content.decode()
    assert (
        html.index("Dine projekter")
        < html.index("Intet venter på en beslutning i")
        < html.index("Statuskort")
    )


def test_it_is_never_stale_after_a_change(reader_client, portfolio, periods):
    assert "P-004 Chatbot" in reader_client.get("/").content.decode()
    before = data().by_light
    StatusReportFactory(project=portfolio["P-004"], period=periods[-1], overall="red")
    html = reader_client.get("/").content.decode()
    after = {value: cell.count for value, _l, cell in data().by_light}
    assert after[Light.RED] == 2 and after[Light.NOT_REPORTED] == 0
    assert {v: c.count for v, _l, c in before}[Light.RED] == 1
    # The page says the same as the data: the red key figure is now 2.
    assert '<span class="key-figure">2</span> <span class="light light--red">' in html
    Project.objects.filter(pk=portfolio["P-004"].pk).get().focus_areas.clear()
    # In no focus area of the current period, so not in the period's portfolio (nor in its list link).
    assert "P-004 Chatbot" not in reader_client.get("/").content.decode()
    portfolio["P-004"].focus_areas.add(current_focus_area(4))
    assert "P-004 Chatbot" in reader_client.get("/").content.decode()
    project = portfolio["P-004"]
    project.phase = Phase.CLOSED
    project.save()
    assert "P-004 Chatbot" not in reader_client.get("/").content.decode()


def test_it_keeps_the_cached_page_while_a_leader_saves_drafts(
    reader_client, portfolio, periods, django_assert_num_queries
):
    leader = UserFactory(username="leder")
    project = portfolio["P-004"]
    project_set_people(actor=None, project=project, leader=leader)
    assert reader_client.get("/").status_code == 200
    draft = status_report_save_draft(
        actor=leader,
        project=project,
        period=periods[-1],
        data={"overall": Light.RED, "overall_comment": "Forsinket.", "summary": "Kladde"},
    )
    status_report_save_draft(actor=leader, project=project, period=periods[-1], data={"summary": "Igen"})
    # A draft is not on the dashboard: the page is still the cached one, and still says 1 red.
    with django_assert_num_queries(DASHBOARD_HIT_QUERIES):
        html = reader_client.get("/").content.decode()
    assert '<span class="key-figure">1</span> <span class="light light--red">' in html
    status_report_submit(actor=leader, report=draft)
    html = reader_client.get("/").content.decode()
    assert '<span class="key-figure">2</span> <span class="light light--red">' in html


RED_FIGURE = '<span class="key-figure">{}</span> <span class="light light--red">'


def test_it_shows_a_phase_changed_by_queryset_update(reader_client, portfolio, django_assert_num_queries):
    assert "P-004 Chatbot" in reader_client.get("/").content.decode()
    Project.objects.filter(pk=portfolio["P-004"].pk).update(phase=Phase.CLOSED)  # no signal, no save()
    with django_assert_num_queries(DASHBOARD_MISS_QUERIES + LIGHTS_COUNTED_AGAIN):
        html = reader_client.get("/").content.decode()
    assert "P-004 Chatbot" not in html


def test_it_shows_status_reports_made_by_bulk_create(
    reader_client, portfolio, periods, django_assert_num_queries
):
    assert RED_FIGURE.format(1) in reader_client.get("/").content.decode()
    author = UserFactory(username="forfatter")
    StatusReport.objects.bulk_create(
        [
            StatusReport(
                project=portfolio["P-004"],
                period=periods[-1],
                author=author,
                overall=Light.RED,
                state=StatusReport.State.SUBMITTED,
                submitted_at=timezone.now(),
            )
        ]
    )
    with django_assert_num_queries(DASHBOARD_MISS_QUERIES + LIGHTS_COUNTED_AGAIN):
        html = reader_client.get("/").content.decode()
    assert RED_FIGURE.format(2) in html


def test_it_keeps_the_cached_page_when_drafts_are_bulk_created(
    reader_client, portfolio, periods, django_assert_num_queries
):
    assert RED_FIGURE.format(1) in reader_client.get("/").content.decode()
    StatusReport.objects.bulk_create(
        [
            StatusReport(
                project=portfolio[number],
                period=periods[-1],
                author=UserFactory(),
                overall=Light.RED,
                state=StatusReport.State.DRAFT,
            )
            for number in ("P-002", "P-004")
        ]
    )
    with django_assert_num_queries(DASHBOARD_HIT_QUERIES):
        html = reader_client.get("/").content.decode()
    assert RED_FIGURE.format(1) in html


def test_it_shows_benefit_values_changed_by_bulk_update(
    reader_client, portfolio, financial_benefit, django_assert_num_queries
):
    html = reader_client.get("/").content.decode()
    assert '<span class="key-figure">30.000 kr.</span>' in html
    assert f"planlagt for {TODAY.year}: 100.000 kr." in html
    financial_benefit.target = Decimal("150000")
    Benefit.objects.bulk_update([financial_benefit], ["target"])
    measurement = financial_benefit.measurements.get()
    measurement.value = Decimal("45000")
    type(measurement).objects.bulk_update([measurement], ["value"])
    # Rendered anew, the benefit totals summed again in the changed block (the lights are as kept).
    with django_assert_num_queries(DASHBOARD_MISS_QUERIES + FINANCIAL_BENEFITS_SUMMED_AGAIN):
        html = reader_client.get("/").content.decode()
    assert '<span class="key-figure">45.000 kr.</span>' in html
    assert ": 150.000 kr." in html


def test_it_shows_focus_areas_changed_through_the_m2m(reader_client, portfolio, django_assert_num_queries):
    project = portfolio["P-004"]
    assert "P-004 Chatbot" in reader_client.get("/").content.decode()
    project.focus_areas.remove(*portfolio["areas"])
    both_again = DASHBOARD_MISS_QUERIES + LIGHTS_COUNTED_AGAIN + BENEFITS_SUMMED_AGAIN
    with django_assert_num_queries(both_again):
        assert "P-004 Chatbot" not in reader_client.get("/").content.decode()
    # The through table written directly, as the synthetic generator does.
    Project.focus_areas.through.objects.bulk_create(
        [Project.focus_areas.through(project=project, focusarea=current_focus_area(5))]
    )
    with django_assert_num_queries(both_again):
        assert "P-004 Chatbot" in reader_client.get("/").content.decode()


def test_it_watches_every_table_the_dashboard_reads(portfolio, escalation, financial_benefit):
    """The cache is keyed by writes to shown_models(): a table the rendered page reads and the list
    lacks would be a way to a stale page. Users are read only as contract-watch joins, never shown; the
    figures kept per block of projects change only with the shown rows they are kept from (their change
    counts are written by triggers on those rows)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from governance.dashboard.body import dashboard_context
    from governance.dashboard.cache import shown_models
    from governance.dashboard.forms import DashboardFilterForm
    from portfolio.blocks.models import BlockChanges, BlockSums

    with CaptureQueriesContext(connection) as queries:
        context = {**dashboard_context(DashboardFilterForm(None), TODAY), "path_name": "overview"}
        render_to_string("governance/_dashboard.html", context)
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    shown = {model._meta.db_table for model in shown_models()}
    kept = {BlockChanges._meta.db_table, BlockSums._meta.db_table}
    assert read - shown == {get_user_model()._meta.db_table, *kept}


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE "portfolio_project" SET "phase" = %s',
        'DELETE FROM "focusareas_focusarea" WHERE "id" = %s',
        'INSERT OR IGNORE INTO "portfolio_project_focus_areas" ("project_id", "focusarea_id") '
        "VALUES (%s, %s)",
        'TRUNCATE "portfolio_statusreport", "auth_group"',
        "update portfolio_itsystem set name = 'x'",
        'WITH "gone" AS (DELETE FROM "portfolio_risk" RETURNING "project_id") '
        'UPDATE "portfolio_project" SET "priority" = 1',
    ],
)
def test_it_counts_any_write_to_a_shown_table(sql):
    from governance.dashboard.cache import writes_shown_data

    assert writes_shown_data(sql, [1, 2])


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "id" FROM "portfolio_project" FOR UPDATE',
        'WITH "latest" AS (SELECT "id" FROM "portfolio_statusreport") SELECT * FROM "latest"',
        'UPDATE "portfolio_milestone" SET "title" = %s '
        'WHERE "project_id" IN (SELECT "id" FROM "portfolio_project")',
        'INSERT INTO "portfolio_historicalproject" ("id") VALUES (%s)',
        'UPDATE "governance_dashboardversion" SET "value" = %s WHERE "id" = %s',
    ],
)
def test_it_ignores_statements_that_write_nothing_shown(sql):
    from governance.dashboard.cache import writes_shown_data

    assert not writes_shown_data(sql, [1, 2])


def test_it_shows_the_dashboard_when_its_cache_cannot_be_reached(reader_client, portfolio, settings, caplog):
    with socket.socket() as probe:  # a loopback port nobody listens on: Redis "down"
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "dashboard": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    for _ in range(2):
        response = reader_client.get("/")
        assert response.status_code == 200
        assert (
            '<span class="key-figure">1</span> <span class="light light--red">' in response.content.decode()
        )
    assert "Dashboard cache unreadable" in caplog.text


# A reader's / from the cache: session, user, the user's roles in projects and benefits (the menu's and the
# start page's one query), whether they sit in a body or have an open action (whose start page? one query),
# the version; a miss adds the figures' reads (what awaits the steering group: escalations, requests, plans,
# ideas asking for funding). Issue 22: the lights and the benefit totals of a strategy period are read from
# the figures kept per block of projects (portfolio.blocks): three reads each (the change counts, the kept
# figures, the highest project id) when no block has changed; a changed block adds its counting or summing
# again and the write of the new figures.
DASHBOARD_HIT_QUERIES = 5
DASHBOARD_MISS_QUERIES = 25
LIGHTS_COUNTED_AGAIN = 2  # the grouped query over the changed blocks' projects, and the write
# The period's focus areas and the benefit rows, and the write; with a financial benefit, also its
# projects' focus areas, the realised amounts per year and the business cases' savings per year.
BENEFITS_SUMMED_AGAIN = 3
FINANCIAL_BENEFITS_SUMMED_AGAIN = BENEFITS_SUMMED_AGAIN + 3


def test_it_reads_the_dashboard_in_a_fixed_number_of_queries(
    reader_client, portfolio, django_assert_num_queries
):
    # The first read counts and sums every block; new projects change their blocks again.
    first_read = DASHBOARD_MISS_QUERIES + LIGHTS_COUNTED_AGAIN + BENEFITS_SUMMED_AGAIN
    with django_assert_num_queries(first_read):
        assert reader_client.get("/").status_code == 200
    with django_assert_num_queries(DASHBOARD_HIT_QUERIES):
        assert reader_client.get("/").status_code == 200
    for n in range(30):
        ProjectFactory(
            number=f"X-{n:03d}", phase=ACTIVE_PHASES[n % 4], focus_areas=[current_focus_area(1 + n % 6)]
        )
    with django_assert_num_queries(first_read):
        assert reader_client.get("/").status_code == 200


def test_it_exports_the_dashboard_as_pdf_with_the_same_figures(
    reader_client, portfolio, tmp_path, escalation
):
    response = reader_client.get("/dashboard/pdf?kind=faelleskommunal")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path, layout=True)
    assert "Overblik over digitaliseringsporteføljen" in text
    assert "Projekttype: Fælleskommunal" in text
    assert "1 aktive projekter" in text
    assert "P-001 Talegenkendelse" in text
    assert "P-002" not in text
    assert "Statuskort" in text


def test_it_shows_the_first_ten_contracts_to_watch_and_links_to_all(reader_client, portfolio):
    from tests.factories import ITSystemFactory

    for n in range(12):
        ITSystemFactory(name=f"System {n:02d}", contract_end=TODAY + datetime.timedelta(days=30 + n))
    figures = data()
    assert figures.watch_total == 12
    assert [system.name for system in figures.watch_systems] == [f"System {n:02d}" for n in range(10)]
    html = reader_client.get("/").content.decode()
    assert "Viser de 10 første af 12" in html
    assert 'href="/systems/?watch=on"' in html
