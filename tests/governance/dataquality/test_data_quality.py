"""Datakvalitet (/data-quality/): each rule finds the row that offends and not its near misses, the counts go
down as rows are fixed through the services, and only the programme group and the Project Board's
secretaries see the page."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from benefits.models import BusinessCase
from benefits.services import business_case_save, measurement_record
from focusareas.models import FocusArea
from governance.bodies.services import membership_start
from governance.dataquality import selectors
from portfolio.models import ITSystem, Light, Phase, Project
from portfolio.services import project_save, project_set_people
from portfolio.status.services import status_report_save_and_submit
from portfolio.systems.services import system_save
from tests.factories import (
    BenefitFactory,
    BenefitMeasurementFactory,
    ITSystemFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
    current_focus_area,
)

pytestmark = pytest.mark.django_db

URL = "/data-quality/"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


def names(rows):
    return [row.name for row in rows]


def project(name, **values):
    return ProjectFactory(name=name, number=f"DQ-{name}", **values)


def periods(today, *, deadline_passed=True):
    """The current Project Board period (meeting tomorrow) and the three before it, oldest first."""
    meeting = today + DAY
    current = ReportingPeriodFactory(
        meeting_date=meeting,
        reporting_deadline=today - DAY if deadline_passed else meeting,
        start_date=meeting - 14 * DAY,
    )
    earlier = [ReportingPeriodFactory(meeting_date=meeting - 14 * n * DAY) for n in (3, 2, 1)]
    return [*earlier, current]


# --- the rules -------------------------------------------------------------------------------------------


def test_it_lists_active_projects_without_a_focus_area_of_the_current_period():
    old_area = FocusArea.objects.filter(period__is_current=False).first()
    project("Gammel", focus_areas=[old_area])
    project("Ingen", phase=Phase.REALISATION, focus_areas=[])
    project("Aktuel", focus_areas=[old_area, current_focus_area(2)])  # near miss: one current area is enough
    project("Arkiveret", focus_areas=[], archived=True)
    project("Afsluttet", focus_areas=[], phase=Phase.CLOSED)
    rows = selectors.projects_without_current_focus_area()
    assert names(rows) == ["DQ-Gammel Gammel", "DQ-Ingen Ingen"]
    assert rows[0].url == f"/projects/{Project.objects.get(name='Gammel').pk}/edit/"


def test_it_lists_standard_projects_past_analyse_without_a_business_case_with_amounts(programme_member):
    project("Uden", phase=Phase.EXECUTION)
    empty = project("Tom", phase=Phase.REALISATION)
    business_case_save(actor=programme_member, project=empty, amounts={("investment", "hardware", 0): 0})
    assert BusinessCase.objects.filter(project=empty).exists()
    full = project("Fuld", phase=Phase.EXECUTION)
    business_case_save(actor=programme_member, project=full, amounts={("investment", "hardware", 0): 1000})
    project("Let", phase=Phase.EXECUTION, project_model=Project.ProjectModel.LIGHT)
    project("Analyse", phase=Phase.ANALYSIS)
    project("Afsluttet", phase=Phase.CLOSED)
    rows = selectors.projects_without_business_case()
    assert [(row.name, row.problems) for row in rows] == [
        ("DQ-Tom Tom", ("Business casen har ingen beløb",)),
        ("DQ-Uden Uden", ("Ingen business case",)),
    ]
    assert rows[1].url == f"/benefits/projects/{Project.objects.get(name='Uden').pk}/business-case/"


def test_it_lists_missing_and_stale_status_once_the_deadline_has_passed(today):
    oldest, two_back, last, current = periods(today)
    StatusReportFactory(project=project("Sidste", phase=Phase.ANALYSIS), period=last)
    StatusReportFactory(project=project("Gammel", phase=Phase.EXECUTION), period=oldest)
    project("Aldrig", phase=Phase.REALISATION)
    StatusReportFactory(project=project("Nu", phase=Phase.EXECUTION), period=current)
    project("Ide", phase=Phase.IDEA)
    project("Afsluttet", phase=Phase.CLOSED)
    StatusReportFactory(
        project=project("Kladde", phase=Phase.ANALYSIS), period=current, state="draft", submitted_at=None
    )
    rows = {row.name: row for row in selectors.projects_with_missing_status(today)}
    assert set(rows) == {"DQ-Sidste Sidste", "DQ-Gammel Gammel", "DQ-Aldrig Aldrig", "DQ-Kladde Kladde"}
    assert len(rows["DQ-Sidste Sidste"].problems) == 1
    assert rows["DQ-Sidste Sidste"].problems[0].startswith("Ingen status til Project Board")
    assert rows["DQ-Gammel Gammel"].problems[1].startswith("Seneste indsendte status er til mødet")
    assert rows["DQ-Aldrig Aldrig"].problems[1] == "Har aldrig indsendt en statusrapport"
    assert rows["DQ-Aldrig Aldrig"].url == f"/projects/{Project.objects.get(name='Aldrig').pk}/status/new/"


def test_it_waits_for_the_deadline_before_calling_a_report_missing(today):
    oldest, two_back, last, current = periods(today, deadline_passed=False)
    StatusReportFactory(project=project("Sidste", phase=Phase.ANALYSIS), period=last)
    StatusReportFactory(project=project("ToTilbage", phase=Phase.ANALYSIS), period=two_back)
    StatusReportFactory(project=project("Gammel", phase=Phase.EXECUTION), period=oldest)
    rows = selectors.projects_with_missing_status(today)
    assert [(row.name, len(row.problems)) for row in rows] == [("DQ-Gammel Gammel", 1)]


def test_it_finds_no_missing_status_without_a_board_calendar(today):
    project("Aldrig", phase=Phase.EXECUTION)
    assert selectors.projects_with_missing_status(today) == []


def test_it_lists_benefits_without_a_valid_owner_or_a_due_first_measurement(today):
    active = project("Aktiv", phase=Phase.EXECUTION)
    BenefitFactory(project=active, title="Ikke leder", owner=UserFactory(is_manager=False))
    BenefitFactory(project=active, title="Stoppet ejer", owner=UserFactory(is_manager=True, is_active=False))
    BenefitFactory(project=active, title="Aldrig målt", baseline_date=today - 200 * DAY)
    BenefitMeasurementFactory(
        benefit=BenefitFactory(project=active, title="Målt", baseline_date=today - 200 * DAY)
    )
    BenefitFactory(
        project=active, title="Ny", baseline_date=today - 30 * DAY, due_date=today + 365 * DAY
    )  # the first measurement is not due yet
    BenefitFactory(project=active, title="Arkiveret", baseline_date=today - 200 * DAY, archived=True)
    closed = project("Lukket", phase=Phase.CLOSED)
    BenefitFactory(project=closed, title="Lukket projekt", baseline_date=today - 200 * DAY)
    rows = {row.name: row for row in selectors.benefits_without_owner_or_measurement(today)}
    assert set(rows) == {"Ikke leder", "Stoppet ejer", "Aldrig målt"}
    assert rows["Ikke leder"].url.endswith("/edit/") and rows["Ikke leder"].fix_label == "Skift gevinstejer"
    assert rows["Aldrig målt"].problems[0].startswith("Ingen måling, selv om den første skulle foreligge")
    assert rows["Aldrig målt"].fix_label == "Registrér måling" and not rows["Aldrig målt"].url.endswith(
        "/edit/"
    )


def test_it_lists_systems_in_use_without_an_owner_or_contract_dates():
    owner = UserFactory()
    ITSystemFactory(name="Uden ejer", contract_end=datetime.date(2028, 1, 1), notice_months=6)
    ITSystemFactory(name="Uden kontrakt", system_owner=owner)
    ITSystemFactory(
        name="Fratrådt ejer",
        system_owner=UserFactory(is_active=False),
        contract_end=datetime.date(2028, 1, 1),
        notice_months=3,
    )
    ITSystemFactory(
        name="Komplet", system_owner=owner, contract_end=datetime.date(2028, 1, 1), notice_months=6
    )
    ITSystemFactory(name="Arkiveret", archived=True)
    ITSystemFactory(name="Udfaset", lifecycle=ITSystem.Lifecycle.NOT_IN_USE)
    rows = {row.name: row for row in selectors.systems_without_owner_or_contract()}
    assert set(rows) == {"Uden ejer", "Uden kontrakt", "Fratrådt ejer"}
    assert rows["Uden ejer"].problems == ("Ingen systemejer",)
    assert rows["Uden kontrakt"].problems == ("Intet kontraktudløb", "Intet opsigelsesvarsel")
    assert rows["Uden kontrakt"].url == f"/systems/{ITSystem.objects.get(name='Uden kontrakt').pk}/edit/"


# --- the page: counts that go down as people fix things ---------------------------------------------------


def counts(client):
    html = client.get(URL).content.decode()
    return html, [rule.count_text for rule in selectors.data_quality_rules(timezone.localdate())]


def test_it_counts_down_as_each_rule_s_rows_are_fixed_through_the_services(client, programme_member, today):
    leader = UserFactory(username="dq-leder")
    old_area = FocusArea.objects.filter(period__is_current=False).first()
    unfocused = project_set_people(
        actor=None, project=project("Fokus", focus_areas=[old_area]), leader=leader
    )
    project_set_people(actor=None, project=project("Fokus2", focus_areas=[]), leader=leader)
    no_case = project("Case", phase=Phase.EXECUTION)
    project("Case2", phase=Phase.REALISATION)
    current = periods(today)[-1]
    benefit = BenefitFactory(project=no_case, title="Aldrig målt", baseline_date=today - 200 * DAY)
    BenefitFactory(project=no_case, title="Heller ikke målt", baseline_date=today - 200 * DAY)
    system = ITSystemFactory(name="Uden kontrakt", system_owner=leader)
    ITSystemFactory(name="Uden ejer", contract_end=datetime.date(2028, 1, 1), notice_months=6)
    client.force_login(programme_member)

    html, before = counts(client)
    # Fokus, Fokus2 (focus area, and both in analyse without status); Case, Case2 (business case, status).
    assert before == ["2 projekter", "2 projekter", "4 projekter", "2 gevinster", "2 systemer"]
    for text in before:
        assert f"<strong>{text}.</strong>" in html
    assert f'href="/projects/{unfocused.pk}/edit/"' in html
    assert f'href="/benefits/projects/{no_case.pk}/business-case/"' in html
    assert f'href="/projects/{no_case.pk}/status/new/"' in html
    assert f'href="/benefits/{benefit.pk}/"' in html
    assert f'href="/systems/{system.pk}/edit/"' in html

    project_save(actor=programme_member, project=unfocused, focus_areas=[current_focus_area(3)], deputies=[])
    business_case_save(actor=programme_member, project=no_case, amounts={("investment", "hardware", 0): 5000})
    status_report_save_and_submit(
        actor=programme_member,
        project=no_case,
        period=current,
        data={"overall": Light.GREEN, "summary": "Godt."},
    )
    measurement_record(actor=programme_member, benefit=benefit, measured_on=today, value=Decimal(90))
    system.contract_end, system.notice_months = datetime.date(2029, 6, 30), 6
    system_save(actor=programme_member, system=system)

    html, after = counts(client)
    assert after == ["1 projekt", "1 projekt", "3 projekter", "1 gevinst", "1 system"]
    for text in after:
        assert f"<strong>{text}.</strong>" in html
    assert f'href="/projects/{unfocused.pk}/edit/"' not in html
    assert f'href="/systems/{system.pk}/edit/"' not in html


def test_it_says_so_when_nothing_is_missing(client, programme_member):
    client.force_login(programme_member)
    html = client.get(URL, {"junk": "x", "side": "-1"}).content.decode()
    assert "Ingen mangler" in html and html.count("Intet at rette her.") == 5


# --- who -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["programme_member", "programme_chair", "programme_secretary", "board_secretary", "admin_user"]
)
def test_it_shows_the_page_to_the_programme_group_its_secretary_and_admins(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert "<h1>Datakvalitet</h1>" in response.content.decode()
    assert 'href="/data-quality/"' in client.get("/governance/").content.decode()


@pytest.mark.parametrize("persona", ["reader", "project_leader", "steering_member", "benefit_owner"])
def test_it_refuses_everyone_else_with_the_danish_403_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har ikke adgang til denne side" in html and "Datakvalitet er for programgruppen" in html
    assert 'href="/data-quality/"' not in client.get("/governance/").content.decode()


def test_it_refuses_a_programme_group_member_for_one_project_s_lifetime(client, led_project):
    member = UserFactory(username="pg-projektmedlem")
    membership_start(actor=None, body=body("programgruppe"), user=member, project=led_project)
    client.force_login(member)
    assert client.get(URL).status_code == 403


def test_it_sends_a_visitor_who_is_not_logged_in_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_it_only_reads(client, programme_member):
    client.force_login(programme_member)
    assert client.post(URL).status_code == 405
