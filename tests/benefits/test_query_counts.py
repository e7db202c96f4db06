"""/benefits/ costs a fixed number of queries, whatever the size of the portfolio."""

import datetime
import itertools
from decimal import Decimal

import pytest

from benefits.models import BenefitMeasurement, BusinessCase
from tests.benefits.conftest import make_benefit
from tests.factories import ProjectFactory, current_focus_area

pytestmark = pytest.mark.django_db

# Session, user; the filter form's choices (focus areas, projects, owners); the page of benefit rows in
# two queries (a count and the page's rows with their latest measurements, or, with the overdue/behind
# filters, every row's plan fields and then the page's rows by id); the financial kr. benefits, the
# projects of the focus areas and the realised measurements per year (the totals); the current focus
# areas for the totals; the standard projects without a business case; the business cases' savings per
# year, which spread the planned benefit over the years (issue 19); the user's roles (the menu). 14 since
# the totals read the focus areas' projects in a query of their own rather than by a lookup per benefit
# and area. The project filter's options and, with the list's filters all in SQL, the totals come from the
# dashboard's cache: its token is read once for each (16 when both are computed; 11 once both are cached,
# tests/benefits/test_totals_cache.py). With the filters Python applies (overdue, behind target) the
# totals are summed on every read: 15, or 14 with the options cached.
BENEFIT_LIST_QUERIES = 16
BENEFIT_LIST_CACHED_QUERIES = 11
BENEFIT_LIST_FILTERED_IN_PYTHON_QUERIES = 15
# Session, user, the page's projects (with the count of all), the measurement intervals in use, the totals
# and the count of overdue measurements summed in SQL, the page's and the listed overdue benefits as rows,
# the user's roles (the menu). 7 since issue 22: the intervals query lets the database decide which
# benefits are overdue (by the model's months_before), instead of reading every benefit's plan into Python.
FOLLOW_UP_QUERIES = 7
SMALL, LARGE = 3, 25
KINDS = itertools.cycle(["tvaergaaende", "faelleskommunal", "lokal"])


def add_projects(count, owners):
    for n in range(count):
        project = ProjectFactory(
            phase="gennemfoerelse",
            kind=next(KINDS),
            focus_areas=[current_focus_area(1 + n % 6), current_focus_area(2)],
        )
        if n % 2:
            BusinessCase.objects.create(project=project)
        for k in range(4):
            benefit = make_benefit(
                project,
                owners[k % len(owners)],
                title=f"Gevinst {k}",
                unit="kr" if k < 2 else "hours",
                is_financial=k < 2,
                is_disbenefit=k == 1,
            )
            BenefitMeasurement.objects.bulk_create(
                BenefitMeasurement(
                    benefit=benefit,
                    measured_on=datetime.date(2025, 1 + m, 1),
                    value=Decimal(100 - 3 * m),
                    recorded_by=owners[0],
                )
                for m in range(12)
            )


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/benefits/", BENEFIT_LIST_QUERIES),
        ("/benefits/?overdue=on&financial=yes&type=efficiency", BENEFIT_LIST_FILTERED_IN_PYTHON_QUERIES),
        ("/benefits/follow-up/", FOLLOW_UP_QUERIES),
    ],
)
def test_it_costs_the_same_queries_for_3_and_25_projects(
    client, reader, owner, other_owner, url, expected, django_assert_num_queries
):
    client.force_login(reader)
    add_projects(SMALL, [owner, other_owner])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    add_projects(LARGE - SMALL, [owner, other_owner])
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    if url == "/benefits/":
        assert response.context["page"].paginator.count == LARGE * 4
