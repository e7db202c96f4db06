"""The planned financial benefit spread over the years, not put in the due date's year: by the project's
business case savings per year (year 0 = the project's start year), else evenly over the days from the
baseline date to the due date. One function (benefits.spread.planned_by_year) behind every per-year
figure: the benefit list, its workbook, the dashboard and its PDF."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import BusinessCase, BusinessCaseLine
from benefits.services import measurement_record
from benefits.spread import days_per_year, planned_by_year
from benefits.totals import list_totals
from governance.dashboard.selectors import dashboard_data
from tests.benefits.conftest import make_benefit
from tests.factories import ProjectFactory, current_focus_area

D = datetime.date
SAVING = BusinessCaseLine.Category.SAVING


def test_it_spreads_by_the_business_cases_savings_per_year():
    # Savings 250.000 in year 1 and 500.000 in years 2 and 3: shares 1 : 2 : 2 of the planned 1.070.000.
    spread = planned_by_year(
        Decimal(1_070_000),
        baseline_date=D(2025, 3, 1),
        due_date=D(2026, 12, 31),
        year_zero=2025,
        savings={1: Decimal(250_000), 2: Decimal(500_000), 3: Decimal(500_000)},
    )
    assert spread == {2026: Decimal(214_000), 2027: Decimal(428_000), 2028: Decimal(428_000)}


def test_it_spreads_evenly_from_baseline_to_due_date_without_a_business_case():
    # 1 July 2025 to 1 July 2027: 184 days in 2025, 365 in 2026, 181 in 2027 (730 in all).
    assert days_per_year(D(2025, 7, 1), D(2027, 7, 1)) == {2025: 184, 2026: 365, 2027: 181}
    spread = planned_by_year(
        Decimal(730), baseline_date=D(2025, 7, 1), due_date=D(2027, 7, 1), year_zero=2025, savings=None
    )
    assert spread == {2025: Decimal(184), 2026: Decimal(365), 2027: Decimal(181)}


def test_it_keeps_the_sum_exact_to_the_oere_and_the_sign_of_a_disbenefit():
    savings = {0: Decimal(1), 1: Decimal(1), 2: Decimal(1)}
    spread = planned_by_year(
        Decimal(-100), baseline_date=D(2025, 1, 1), due_date=D(2026, 1, 1), year_zero=2025, savings=savings
    )
    assert spread == {2025: Decimal("-33.33"), 2026: Decimal("-33.33"), 2027: Decimal("-33.34")}
    assert sum(spread.values()) == -100


def test_it_puts_a_benefit_due_on_its_baseline_date_in_that_year():
    spread = planned_by_year(
        Decimal(500), baseline_date=D(2026, 5, 1), due_date=D(2026, 5, 1), year_zero=2026, savings={}
    )
    assert spread == {2026: Decimal(500)}


@pytest.fixture
def licences(owner):
    """The issue's example: 1.070.000 kr. planned (due 2027), measured in full in 2026. The project
    started in 2025 and its business case saves 250.000 in year 1 and 500.000 in years 2 and 3."""
    project = ProjectFactory(
        start_date=D(2025, 3, 1), focus_areas=[current_focus_area(1), current_focus_area(2)]
    )
    case = BusinessCase.objects.create(project=project)
    for year, amount in ((1, 250_000), (2, 500_000), (3, 500_000)):
        BusinessCaseLine.objects.create(
            business_case=case, category=SAVING, row=BusinessCaseLine.Row.LICENCES, year=year, amount=amount
        )
    BusinessCaseLine.objects.create(
        business_case=case,
        category=BusinessCaseLine.Category.INVESTMENT,
        row="software",
        year=0,
        amount=900_000,
    )
    benefit = make_benefit(
        project,
        owner,
        title="Licensudgifter",
        unit="kr",
        is_financial=True,
        baseline=Decimal(4_200_000),
        target=Decimal(3_130_000),
        baseline_date=D(2025, 3, 1),
        due_date=D(2027, 3, 1),
    )
    measurement_record(actor=owner, benefit=benefit, measured_on=D(2026, 2, 1), value=Decimal(3_130_000))
    return benefit


@pytest.fixture
def unplanned(owner):
    """A project without a business case: 730 kr. spread evenly over 184 + 365 + 181 days."""
    project = ProjectFactory(start_date=D(2025, 7, 1), focus_areas=[current_focus_area(1)])
    return make_benefit(
        project,
        owner,
        title="Porto",
        unit="kr",
        is_financial=True,
        baseline=Decimal(1000),
        target=Decimal(270),
        baseline_date=D(2025, 7, 1),
        due_date=D(2027, 7, 1),
    )


@pytest.mark.django_db
def test_it_totals_the_years_by_the_spread(licences, unplanned, reader):
    from benefits.selectors import benefit_list

    areas = [current_focus_area(1), current_focus_area(2)]
    totals = list_totals(benefit_list(reader), areas)
    assert totals.by_year == [
        (2025, Decimal(184), Decimal(0)),
        (2026, Decimal(214_000 + 365), Decimal(1_070_000)),  # not "planlagt 0 / realiseret 1.070.000"
        (2027, Decimal(428_000 + 181), Decimal(0)),
        (2028, Decimal(428_000), Decimal(0)),
    ]
    assert totals.planned == 1_070_730 and totals.spread_evenly == 1
    # Both projects are in area 1, the first also in area 2: the areas add up to more than I alt.
    assert totals.by_focus_area == [(areas[0], 1_070_730, 1_070_000), (areas[1], 1_070_000, 1_070_000)]


@pytest.mark.django_db
def test_it_says_on_the_list_how_the_plan_is_spread(client, reader, licences, unplanned):
    client.force_login(reader)
    page = client.get("/benefits/").content.decode()
    assert "fordelt over årene efter projektets business case" in page
    assert "1 af de 2 økonomiske gevinster har ingen business case med besparelser" in page
    assert '<th scope="row">2026</th><td class="number">214.365</td>' in page
    assert "tilsammen kan give mere end I alt" in page


@pytest.mark.django_db
def test_it_shows_this_years_share_of_the_plan_on_the_dashboard(client, reader, licences, unplanned):
    figures = dashboard_data(today=D(2026, 6, 1))
    assert figures.benefit_planned_this_year == Decimal(214_365)
    assert figures.benefit_realised_this_year == Decimal(1_070_000)
    client.force_login(reader)
    html = client.get("/dashboard/").content.decode()
    assert "Planlagt er fordelt over årene som besparelserne i projektets business case" in html
    assert "1 af 2 gevinster har ingen business case med besparelser" in html
    assert "tilsammen kan give mere end I alt" in html


@pytest.mark.django_db
def test_it_shows_a_changed_business_case_on_the_cached_dashboard_at_once(client, reader, licences):
    client.force_login(reader)
    assert (
        '<th scope="row">2026</th><td class="number">214.000</td>'
        in client.get("/dashboard/").content.decode()
    )
    BusinessCaseLine.objects.filter(category=SAVING, year=1).update(amount=500_000)  # now 1 : 1 : 1
    html = client.get("/dashboard/").content.decode()
    assert '<th scope="row">2026</th><td class="number">356.667</td>' in html


@pytest.mark.django_db
def test_it_totals_each_benefits_own_spread_when_benefits_share_one(owner, reader):
    """The totals work out a spread once for the benefits that share it (a project's business case, or
    the same baseline and due date): the years must still be the sums of each benefit's planned_by_year,
    rounding to øre included."""
    from benefits.selectors import benefit_list
    from benefits.spread import savings_by_project

    with_case = ProjectFactory(start_date=D(2024, 5, 1), focus_areas=[current_focus_area(1)])
    case = BusinessCase.objects.create(project=with_case)
    for year, amount in ((0, "333.33"), (1, "1000"), (4, "0.01")):
        BusinessCaseLine.objects.create(
            business_case=case, category=SAVING, row=BusinessCaseLine.Row.LICENCES, year=year, amount=amount
        )
    without_case = ProjectFactory(start_date=None, focus_areas=[current_focus_area(2)])
    benefits = []
    for n, (project, baseline_date, due_date) in enumerate(
        [
            (with_case, D(2024, 5, 1), D(2026, 1, 1)),
            (with_case, D(2023, 2, 1), D(2027, 3, 3)),
            (without_case, D(2024, 2, 29), D(2026, 8, 17)),
            (without_case, D(2024, 2, 29), D(2026, 8, 17)),
            (without_case, D(2025, 1, 1), D(2025, 1, 1)),
            (without_case, D(2023, 6, 30), D(2026, 8, 17)),
        ]
    ):
        benefits.append(
            make_benefit(
                project,
                owner,
                title=f"Gevinst {n}",
                unit="kr",
                is_financial=True,
                is_disbenefit=n == 3,
                baseline=Decimal("1000.07") * (n + 1),
                target=Decimal("1.01") * n,
                baseline_date=baseline_date,
                due_date=due_date,
            )
        )
    savings = savings_by_project([with_case.pk, without_case.pk])
    expected: dict = {}
    for benefit in benefits:
        for year, amount in planned_by_year(
            benefit.planned_amount,
            baseline_date=benefit.baseline_date,
            due_date=benefit.due_date,
            year_zero=benefit.business_case_year_zero,
            savings=savings.get(benefit.project_id),
        ).items():
            expected[year] = expected.get(year, 0) + amount
    totals = list_totals(benefit_list(reader), [current_focus_area(1), current_focus_area(2)])
    assert [(year, planned) for year, planned, _ in totals.by_year] == sorted(expected.items())
    assert totals.spread_evenly == 4


def test_it_weighs_the_days_as_days_per_year_does():
    """The totals' shortcut for the spread by days gives days_per_year()'s years and days, in order."""
    from benefits.spread import days_weights

    starts = [D(2023, 1, 1), D(2023, 12, 31), D(2024, 2, 29), D(2024, 3, 1), D(2024, 12, 31)]
    ends = [*starts, D(2025, 1, 1), D(2025, 1, 2), D(2027, 1, 1), D(2028, 12, 31), D(2029, 7, 15)]
    for start in starts:
        for end in ends:
            days = days_per_year(start, end)
            years = sorted(days)
            expected = ([(year, days[year]) for year in years[:-1]], years[-1], sum(days.values()))
            assert days_weights(start, end) == expected, (start, end)


def test_it_adds_up_the_spreads_by_days_as_each_benefits_own():
    """The totals add a spread by days as runs of whole years; the sums per year must be those of each
    benefit's planned_by_year(), øre for øre: leap years, 1 January, one day and empty spans included."""
    import random

    from benefits.spread import PlannedYears

    rng = random.Random(22)
    days = [D(2023, 1, 1), D(2023, 12, 31), D(2024, 2, 29), D(2024, 12, 31), D(2025, 1, 1), D(2030, 1, 1)]
    days += [D(2020, 1, 1) + datetime.timedelta(days=rng.randrange(4000)) for _ in range(60)]
    spans = [(start, end) for start in days for end in days if end >= start] + [
        (D(2025, 3, 1), D(2025, 3, 1))
    ]
    spans.append((D(2025, 3, 2), D(2025, 3, 1)))  # not allowed by the model; days_per_year gives it a year
    years, expected = PlannedYears(), {}
    for start, end in spans:
        planned = Decimal(rng.randrange(-(10**9), 10**9)) / 100
        years.add_by_days(planned, start, end)
        for year, amount in planned_by_year(
            planned, baseline_date=start, due_date=end, year_zero=start.year, savings=None
        ).items():
            expected[year] = expected.get(year, 0) + amount
    assert years.sums() == expected
