"""The benefit list's totals come from the dashboard's cache (benefits.totals.cached_list_totals): never
stale, since every write to a table they read replaces the dashboard's token, and keyed by the list's
filters."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits.models import Benefit, BenefitMeasurement
from benefits.selectors import benefit_list
from benefits.services import measurement_record
from benefits.totals import list_totals
from governance.dashboard.cache import shown_models
from tests.benefits.conftest import make_benefit, make_financial_benefit
from tests.benefits.test_query_counts import (
    BENEFIT_LIST_CACHED_QUERIES,
    BENEFIT_LIST_FILTERED_IN_PYTHON_QUERIES,
    BENEFIT_LIST_QUERIES,
)
from tests.factories import ProjectFactory, current_focus_area

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def postage(owner):
    project = ProjectFactory(focus_areas=[current_focus_area(1)])
    benefit = make_financial_benefit(
        project,
        owner,
        title="Porto",
        baseline=Decimal(1000),
        target=Decimal(270),
        baseline_date=D(2025, 7, 1),
        due_date=D(2027, 7, 1),
    )
    measurement_record(actor=owner, benefit=benefit, measured_on=D(2026, 2, 1), value=Decimal(900))
    return benefit


def realised(client, url="/benefits/"):
    return client.get(url).context["totals"].realised


def test_it_sums_once_and_reads_the_totals_from_the_cache(client, reader, postage, django_assert_num_queries):
    client.force_login(reader)
    with django_assert_num_queries(BENEFIT_LIST_QUERIES):
        assert realised(client) == Decimal(100)
    with django_assert_num_queries(BENEFIT_LIST_CACHED_QUERIES):
        assert realised(client) == Decimal(100)


def test_it_shows_a_new_measurement_at_once(client, reader, owner, postage):
    client.force_login(reader)
    assert realised(client) == Decimal(100)
    measurement_record(actor=owner, benefit=postage, measured_on=D(2026, 5, 1), value=Decimal(700))
    assert realised(client) == Decimal(300)
    # A bulk write, past save() and every signal, replaces the token as well.
    BenefitMeasurement.objects.filter(benefit=postage).update(value=Decimal(500))
    Benefit.objects.filter(pk=postage.pk).update(latest_measured_value=Decimal(500))
    assert realised(client) == Decimal(500)


def test_it_keys_the_totals_by_the_filters(client, reader, owner, postage):
    other = make_financial_benefit(
        ProjectFactory(focus_areas=[current_focus_area(2)]),
        owner,
        title="Licenser",
        baseline=Decimal(500),
        target=Decimal(100),
    )
    measurement_record(actor=owner, benefit=other, measured_on=D(2026, 2, 1), value=Decimal(300))
    client.force_login(reader)
    assert realised(client) == Decimal(300)
    assert realised(client, f"/benefits/?project={postage.project_id}") == Decimal(100)
    assert realised(client, f"/benefits/?project={other.project_id}") == Decimal(200)
    assert realised(client) == Decimal(300)


def test_it_sums_anew_when_python_applies_a_filter(client, reader, postage, django_assert_num_queries):
    client.force_login(reader)
    with django_assert_num_queries(BENEFIT_LIST_FILTERED_IN_PYTHON_QUERIES):
        client.get("/benefits/?overdue=on")
    # The filter's options from the cache now (the token's query alone, not the projects' too); the totals
    # summed again, in the same four queries.
    with django_assert_num_queries(BENEFIT_LIST_FILTERED_IN_PYTHON_QUERIES - 1):
        client.get("/benefits/?overdue=on&type=efficiency")


def test_it_shows_a_new_project_among_the_options_at_once(client, reader, owner, postage):
    client.force_login(reader)
    assert "Porto-projektet" not in client.get("/benefits/").content.decode()
    project = ProjectFactory(name="Porto-projektet")
    make_benefit(project, owner, title="Færre breve")
    assert f'<option value="{project.pk}">{project.number} Porto-projektet</option>' in (
        client.get("/benefits/").content.decode()
    )


def test_it_reads_only_tables_whose_writes_replace_the_token(reader, postage):
    with CaptureQueriesContext(connection) as queries:
        list_totals(benefit_list(reader), [current_focus_area(1), current_focus_area(2)])
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    assert read
    assert read <= {model._meta.db_table for model in shown_models()}
