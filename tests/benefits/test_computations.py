"""The numbers are computed, never typed: business case totals, net result and payback year;
achievement, improvement, planned and realised financial benefit, overdue and behind target."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from benefits.business_case import BusinessCaseSummary
from benefits.models import Benefit, BusinessCaseLine, months_before
from benefits.selectors import trend
from benefits.totals import financial_totals, realised_by_year
from tests.factories import BenefitFactory, BenefitMeasurementFactory

INV, RUN, SAV = (
    BusinessCaseLine.Category.INVESTMENT,
    BusinessCaseLine.Category.RUNNING_COST,
    BusinessCaseLine.Category.SAVING,
)
Row = BusinessCaseLine.Row


def line(category, row, year, amount):
    return BusinessCaseLine(category=category, row=row, year=year, amount=Decimal(amount))


def test_it_totals_the_business_case_and_finds_the_payback_year():
    summary = BusinessCaseSummary.from_lines(
        [
            line(INV, Row.CONSULTANCY, 0, 300_000),
            line(INV, Row.SOFTWARE, 0, 200_000),
            line(RUN, Row.SOFTWARE, 1, 50_000),
            line(RUN, Row.SOFTWARE, 2, 50_000),
            line(SAV, Row.SALARY_SAVINGS, 1, 250_000),
            line(SAV, Row.SALARY_SAVINGS, 2, 250_000),
            line(SAV, Row.LICENCES, 2, 100_000),
        ]
    )
    assert summary.investment == [500_000, 0, 0, 0, 0, 0]
    assert summary.running == [0, 50_000, 50_000, 0, 0, 0]
    assert summary.savings == [0, 250_000, 350_000, 0, 0, 0]
    assert summary.net == [-500_000, 200_000, 300_000, 0, 0, 0]
    assert summary.cumulative == [-500_000, -300_000, 0, 0, 0, 0]
    assert summary.total_net == 0
    assert summary.payback_year == 2  # cumulative reaches exactly 0 in year 2


def test_it_says_never_when_the_case_does_not_pay_back_within_year_5():
    summary = BusinessCaseSummary.from_lines(
        [line(INV, Row.HARDWARE, 0, 1_000_000)] + [line(SAV, Row.LICENCES, y, 100_000) for y in range(1, 6)]
    )
    assert summary.cumulative[-1] == -500_000
    assert summary.payback_year is None and summary.has_costs


def test_it_has_no_payback_year_without_costs_and_zero_everything():
    empty = BusinessCaseSummary.from_lines([])
    assert empty.total_net == 0 and empty.payback_year is None and not empty.has_costs
    savings_only = BusinessCaseSummary.from_lines([line(SAV, Row.LICENCES, 0, 10)])
    assert savings_only.payback_year is None and savings_only.total_net == 10


def test_it_pays_back_in_year_0_when_savings_cover_costs_at_once():
    summary = BusinessCaseSummary.from_lines([line(INV, Row.TRAINING, 0, 10), line(SAV, Row.LICENCES, 0, 10)])
    assert summary.payback_year == 0


@pytest.mark.django_db
def test_it_refuses_a_negative_amount_and_a_year_outside_0_5(project):
    from benefits.models import BusinessCase

    case = BusinessCase.objects.create(project=project)
    for year, amount in ((6, 1), (0, -1)):
        with pytest.raises(IntegrityError), transaction.atomic():
            BusinessCaseLine.objects.create(
                business_case=case, category=INV, row=Row.HARDWARE, year=year, amount=amount
            )


def benefit(**fields):
    values = {
        "baseline": Decimal(100),
        "target": Decimal(50),
        "baseline_date": datetime.date(2025, 1, 1),
        "due_date": datetime.date(2027, 1, 1),
        "measurement_interval_months": 3,
        "unit": Benefit.Unit.KR,
        "is_financial": True,
    }
    values.update(fields)
    return Benefit(**values)


def test_it_computes_achievement_both_ways_and_beyond_the_range():
    falling = benefit(baseline=Decimal(100), target=Decimal(50))
    assert falling.achievement_pct(Decimal(75)) == 50
    assert falling.achievement_pct(Decimal(100)) == 0
    assert falling.achievement_pct(Decimal(40)) == 120
    assert falling.achievement_pct(Decimal(110)) == -20  # worse than the baseline
    assert falling.achievement_pct(None) is None
    rising = benefit(baseline=Decimal(0), target=Decimal(200))
    assert rising.achievement_pct(Decimal(50)) == 25
    assert rising.achievement_pct(Decimal(-20)) == -10


@pytest.mark.django_db
def test_it_makes_target_equal_to_baseline_impossible(project, owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitFactory(project=project, owner=owner, baseline=Decimal(5), target=Decimal(5))
    assert benefit(baseline=Decimal(5), target=Decimal(5)).achievement_pct(Decimal(5)) is None


def test_it_counts_improvements_towards_the_target_and_dis_benefits_negative():
    saving = benefit(baseline=Decimal(4_200_000), target=Decimal(3_400_000))
    assert saving.direction == -1
    assert saving.improvement(Decimal(3_600_000)) == 600_000
    assert saving.planned_amount == 800_000
    income = benefit(baseline=Decimal(0), target=Decimal(600_000))
    assert income.improvement(Decimal(320_000)) == 320_000
    cost = benefit(baseline=Decimal(0), target=Decimal(100_000), is_disbenefit=True)
    assert cost.improvement(Decimal(40_000)) == -40_000
    assert cost.planned_amount == -100_000


def test_it_tells_the_trend_against_the_previous_measurement():
    falling = benefit(baseline=Decimal(100), target=Decimal(50))
    assert trend(falling, Decimal(70), Decimal(80)) == "better"
    assert trend(falling, Decimal(90), Decimal(80)) == "worse"
    assert trend(falling, Decimal(80), Decimal(80)) == "same"
    assert trend(falling, Decimal(80), None) is None
    disbenefit = benefit(baseline=Decimal(0), target=Decimal(100), is_disbenefit=True)
    assert trend(disbenefit, Decimal(60), Decimal(40)) == "worse"


def test_it_is_overdue_when_the_last_measurement_is_older_than_the_interval():
    plan = benefit(baseline_date=datetime.date(2025, 1, 1), measurement_interval_months=3)
    assert not plan.is_overdue(None, datetime.date(2025, 4, 1))
    assert plan.is_overdue(None, datetime.date(2025, 4, 2))
    assert plan.next_measurement_due(None) == datetime.date(2025, 4, 1)
    assert not plan.is_overdue(datetime.date(2025, 3, 31), datetime.date(2025, 6, 30))
    assert plan.is_overdue(datetime.date(2025, 3, 31), datetime.date(2025, 7, 1))
    # A measurement on or after the due date closes the follow-up.
    assert not plan.is_overdue(datetime.date(2027, 1, 1), datetime.date(2030, 1, 1))
    assert plan.next_measurement_due(datetime.date(2027, 1, 1)) is None
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)


def test_it_is_behind_when_below_the_straight_line_to_the_target():
    plan = benefit(
        baseline=Decimal(100),
        target=Decimal(0),
        baseline_date=datetime.date(2025, 1, 1),
        due_date=datetime.date(2027, 1, 1),
    )
    halfway = datetime.date(2026, 1, 1)
    assert plan.expected_pct(halfway).quantize(Decimal(1)) == 50
    assert plan.is_behind(Decimal(60), halfway)  # 40 % achieved, 50 % expected
    assert not plan.is_behind(Decimal(40), halfway)
    assert not plan.is_behind(None, None)


@pytest.mark.django_db
def test_it_totals_planned_and_realised_by_year_and_focus_area(project, owner):
    from benefits.selectors import benefit_list, benefit_rows
    from tests.factories import UserFactory

    recorder = UserFactory()
    saving = BenefitFactory(
        project=project,
        owner=owner,
        unit="kr",
        is_financial=True,
        baseline=Decimal(1000),
        target=Decimal(600),
        due_date=datetime.date(2027, 6, 1),
    )
    for day, value in (
        (datetime.date(2025, 3, 1), 900),
        (datetime.date(2025, 9, 1), 800),
        (datetime.date(2026, 2, 1), 700),
    ):
        BenefitMeasurementFactory(benefit=saving, measured_on=day, value=Decimal(value), recorded_by=recorder)
    cost = BenefitFactory(
        project=project,
        owner=owner,
        unit="kr",
        is_financial=True,
        is_disbenefit=True,
        baseline=Decimal(0),
        target=Decimal(100),
        due_date=datetime.date(2026, 6, 1),
    )
    BenefitMeasurementFactory(
        benefit=cost, measured_on=datetime.date(2025, 5, 1), value=Decimal(30), recorded_by=recorder
    )
    hours = BenefitFactory(project=project, owner=owner, unit="hours", is_financial=True)  # not kr.: left out
    BenefitMeasurementFactory(benefit=hours, measured_on=datetime.date(2025, 5, 1), recorded_by=recorder)

    class User:
        is_authenticated = True

    queryset = benefit_list(User())
    rows = benefit_rows(queryset, today=datetime.date(2026, 3, 1))
    realised = realised_by_year(queryset.values("pk"))
    assert realised[saving.pk] == {2025: Decimal(800), 2026: Decimal(700)}
    area = project.focus_areas.get()
    totals = financial_totals(rows, realised, [area])
    assert totals.count == 2
    # No business case: each planned amount is spread evenly over the days from baseline to due date.
    # The saving's 400 over 365 + 365 + 151 days, the cost's −100 over 365 + 151 days.
    assert totals.by_year == [
        (2025, Decimal("165.72") - Decimal("70.74"), 200 - 30),
        (2026, Decimal("165.72") - Decimal("29.26"), 300),
        (2027, Decimal("68.56"), 0),
    ]
    assert totals.spread_evenly == 2
    assert totals.planned == 300 and totals.realised == 300 - 30
    assert totals.by_focus_area == [(area, 300, 270)]


def test_it_totals_the_list_from_plain_values_as_from_the_decorated_rows(owner, other_owner):
    """list_totals reads each benefit's latest value from realised_by_year's rows; it must agree with
    the decorated rows, also when two measurements fall on one day (the later one counts)."""
    from benefits import selectors
    from benefits import totals as totals_module
    from tests.benefits.conftest import make_benefit
    from tests.factories import ProjectFactory, current_focus_area

    area = current_focus_area(1)
    project = ProjectFactory(kind="tvaergaaende", focus_areas=[area])
    steady = make_benefit(project, other_owner, title="Uændret", unit="kr", is_financial=True)
    disbenefit = make_benefit(
        project,
        owner,
        title="Ulempe",
        is_disbenefit=True,
        unit="kr",
        is_financial=True,
        baseline=Decimal("-10.50"),
        target=Decimal("1234567.89"),
    )
    for benefit, day, value in [
        (steady, datetime.date(2025, 10, 1), "90"),
        (steady, datetime.date(2026, 11, 1), "120"),
        (disbenefit, datetime.date(2025, 3, 1), "-20.25"),
        (disbenefit, datetime.date(2025, 3, 1), "-30"),
    ]:
        BenefitMeasurementFactory(benefit=benefit, measured_on=day, value=Decimal(value))
    queryset = selectors.benefit_list(owner)
    rows = selectors.benefit_rows(queryset, today=datetime.date(2026, 12, 1))
    realised = realised_by_year(queryset.values("pk"))
    assert totals_module.list_totals(queryset, [area]) == financial_totals(rows, realised, [area])
    keep = {disbenefit.pk}
    kept = financial_totals([row for row in rows if row.pk in keep], realised, [area])
    assert totals_module.list_totals(queryset, [area], keep=keep) == kept
    assert kept.realised  # the later of the day's two measurements: -30
