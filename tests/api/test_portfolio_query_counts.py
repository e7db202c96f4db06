"""Milestones, risks, systems and focus areas cost a fixed number of queries, whatever the size of the
portfolio (3 and 25 projects, each with two milestones and two risks, and a system per project)."""

import pytest

from portfolio.models import ProjectSystem
from tests.api.test_query_counts import queries
from tests.factories import ITSystemFactory
from tests.perf.test_query_counts import LARGE, SMALL, add_projects

pytestmark = pytest.mark.django_db

# The token's lookup and its last-used update, the page's count and its rows (project and owner joined).
MILESTONES_QUERIES = RISKS_QUERIES = 4
# The same, and the rows' links to their (not archived) projects.
SYSTEMS_QUERIES = FOCUS_AREAS_QUERIES = 5


def with_systems(projects):
    for project in projects:
        ProjectSystem.objects.create(project=project, system=ITSystemFactory(), relation="indfoerer")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/milestones/", MILESTONES_QUERIES),
        ("/api/v1/milestones/?format=csv", MILESTONES_QUERIES - 1),
        ("/api/v1/risks/", RISKS_QUERIES),
        ("/api/v1/risks/?format=csv", RISKS_QUERIES - 1),
        ("/api/v1/systems/", SYSTEMS_QUERIES),
        ("/api/v1/systems/?format=csv", SYSTEMS_QUERIES - 1),
        ("/api/v1/focus-areas/", FOCUS_AREAS_QUERIES),
        ("/api/v1/focus-areas/?format=csv", FOCUS_AREAS_QUERIES - 1),
    ],
)
def test_it_reads_a_list_in_the_same_queries_for_3_and_25_projects(api_as, reader, url, expected):
    # A CSV has no page, so no count: one query fewer.
    client = api_as(reader)
    with_systems(add_projects(SMALL))
    small = queries(client, url)
    with_systems(add_projects(LARGE - SMALL))
    assert queries(client, url) == small == expected
