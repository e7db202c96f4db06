"""The benefit resources' lists cost a fixed number of queries, whatever the size of the portfolio (3 and 25
projects as tests/perf builds them, each benefit measured twice, each project with a business case)."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from portfolio.models import Project
from tests.api.test_query_counts import queries
from tests.perf.test_query_counts import LARGE, SMALL, add_projects

pytestmark = pytest.mark.django_db

# The token's lookup and its last-used update, the page's count, its rows (with their latest measurement
# as subqueries).
BENEFIT_QUERIES = 4
# With "overdue": the plan's fields of every matching row first (the list page's own rule, in Python).
BENEFIT_OVERDUE_QUERIES = 5
# The token's two, the count, the rows with their benefit, project and recorder.
MEASUREMENT_QUERIES = 4
# The token's two, the count, the rows with their project, the rows' lines (the totals are computed).
BUSINESS_CASE_QUERIES = 5


def add_benefit_records():
    """Two measurements for every benefit without one, a business case for every project without one."""
    for benefit in Benefit.objects.filter(measurements__isnull=True):
        for month, value in ((1, "80"), (4, "70")):
            BenefitMeasurement.objects.create(
                benefit=benefit,
                measured_on=datetime.date(2026, month, 1),
                value=Decimal(value),
                recorded_by=benefit.owner,
            )
    for project in Project.objects.filter(business_case__isnull=True):
        case = BusinessCase.objects.create(project=project)
        for year in range(6):
            BusinessCaseLine.objects.create(
                business_case=case,
                category=BusinessCaseLine.Category.SAVING,
                row=BusinessCaseLine.Row.LICENCES,
                year=year,
                amount=Decimal("1000"),
            )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/benefits/", BENEFIT_QUERIES),
        ("/api/v1/benefits/?format=csv", BENEFIT_QUERIES - 1),
        ("/api/v1/benefits/?overdue=true", BENEFIT_OVERDUE_QUERIES),
        ("/api/v1/measurements/", MEASUREMENT_QUERIES),
        ("/api/v1/business-cases/", BUSINESS_CASE_QUERIES),
        ("/api/v1/business-cases/?format=csv", BUSINESS_CASE_QUERIES - 1),
    ],
)
def test_it_reads_a_list_in_the_same_queries_for_3_and_25_projects(api_as, reader, settings, url, expected):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = api_as(reader)
    add_projects(SMALL)
    add_benefit_records()
    small = queries(client, url)
    add_projects(LARGE - SMALL)
    add_benefit_records()
    assert queries(client, url) == small == expected
