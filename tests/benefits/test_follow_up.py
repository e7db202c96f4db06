"""Gevinstopfølgning pages its projects: the totals, the project count and the count of overdue
measurements still cover every cross-cutting and K98 project; the overdue list shows the first ones."""

import datetime
from decimal import Decimal

import pytest

from benefits import selectors
from benefits.models import Benefit
from tests.factories import BenefitFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/benefits/follow-up/"


def follow_up_projects(count):
    """`count` cross-cutting projects, each with one financial kr. benefit planned at 100 kr. and never
    measured since 2025 (overdue), and one local project the page leaves out."""
    ProjectFactory(number="L-1", kind="lokal")
    for n in range(count):
        project = ProjectFactory(number=f"F-{n:03d}", kind="tvaergaaende")
        BenefitFactory(
            project=project,
            title=f"Besparelse {n:03d}",
            is_financial=True,
            unit=Benefit.Unit.KR,
            baseline=Decimal(200),
            target=Decimal(100),
            baseline_date=datetime.date(2025, 1, 1),
            due_date=datetime.date(2030, 1, 1),
        )


def test_it_pages_the_projects_and_totals_them_all(client, reader):
    per_page = selectors.FOLLOW_UP_PROJECTS_PER_PAGE
    follow_up_projects(per_page + 1)
    client.force_login(reader)
    first = client.get(URL)
    assert [p.number for p in first.context["projects"]] == [f"F-{n:03d}" for n in range(per_page)]
    assert first.context["project_count"] == per_page + 1
    assert first.context["planned"] == Decimal(100 * (per_page + 1))
    html = first.content.decode()
    assert f"Side 1 af 2 · projekt 1–{per_page}" in html and "Næste side" in html
    second = client.get(URL, {"page": 2})
    assert [p.number for p in second.context["projects"]] == [f"F-{per_page:03d}"]
    assert second.context["planned"] == first.context["planned"]
    assert second.context["projects"][0].planned == Decimal(100)


@pytest.mark.parametrize("page", ["0", "abc", "999", ""])
def test_it_turns_any_page_number_into_a_page(client, reader, page):
    follow_up_projects(3)
    client.force_login(reader)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(response.context["projects"]) == 3


def test_it_lists_the_first_overdue_measurements_and_counts_them_all(client, reader, monkeypatch):
    monkeypatch.setattr(selectors, "FOLLOW_UP_OVERDUE_SHOWN", 2)
    follow_up_projects(3)
    client.force_login(reader)
    response = client.get(URL)
    assert [b.title for b in response.context["overdue"]] == ["Besparelse 000", "Besparelse 001"]
    assert response.context["overdue_count"] == 3
    assert "De første 2 af 3 forsinkede målinger" in response.content.decode()


def test_it_sums_and_counts_the_overdue_in_sql_as_the_models_rules_do(reader, owner):
    """The follow-up sums and counts in SQL (benefits.rules_sql); each row's Python rules must give the
    same: month ends, unusual intervals, closed follow-ups, dis-benefits, targets below the baseline."""
    from benefits.models import BenefitMeasurement

    today = datetime.date(2026, 3, 31)
    project = ProjectFactory(number="F-1", kind="tvaergaaende")
    cases = [
        # (interval, baseline date, due date, disbenefit, baseline, target, measurements [(date, value)])
        (1, datetime.date(2026, 2, 28), datetime.date(2030, 1, 1), False, 100, 50, []),  # not yet late
        (1, datetime.date(2026, 2, 27), datetime.date(2030, 1, 1), False, 100, 50, []),  # late by a day
        (7, datetime.date(2025, 8, 31), datetime.date(2030, 1, 1), True, 10, 90, []),  # 31 Aug + 7 = 31 Mar
        (7, datetime.date(2025, 8, 30), datetime.date(2030, 1, 1), False, 10, 90, []),
        (3, datetime.date(2024, 1, 1), datetime.date(2025, 6, 1), False, 100, 50, [("2025-06-01", 70)]),
        (3, datetime.date(2024, 1, 1), datetime.date(2027, 6, 1), True, 100, 150, [("2025-12-30", 120)]),
        (3, datetime.date(2024, 1, 1), datetime.date(2027, 6, 1), False, 500, 100, [("2026-01-01", 300)]),
        (12, datetime.date(2025, 3, 31), datetime.date(2027, 6, 1), False, 5, 9, [("2024-01-01", 7)]),
    ]
    benefits = []
    for n, (interval, baseline_date, due, disbenefit, baseline, target, measurements) in enumerate(cases):
        benefit = BenefitFactory(
            project=project,
            title=f"G{n}",
            owner=owner,
            is_financial=True,
            unit=Benefit.Unit.KR,
            is_disbenefit=disbenefit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            baseline_date=baseline_date,
            due_date=due,
            measurement_interval_months=interval,
        )
        for measured_on, value in measurements:
            BenefitMeasurement.objects.create(
                benefit=benefit,
                measured_on=datetime.date.fromisoformat(measured_on),
                value=Decimal(value),
                recorded_by=owner,
            )
        benefits.append(benefit)
    rows = [selectors.decorate(b, today) for b in selectors.benefits_with_latest().order_by("title")]
    result = selectors.follow_up(reader, today)
    assert result.overdue_count == sum(row.overdue for row in rows) == 4
    assert [b.title for b in result.overdue] == [row.title for row in rows if row.overdue]
    assert result.planned == sum((row.planned_amount for row in rows), Decimal(0))
    assert result.realised == sum(
        (row.improvement(row.latest_value) or Decimal(0) for row in rows), Decimal(0)
    )
