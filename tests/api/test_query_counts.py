"""The API's lists cost a fixed number of queries, whatever the size of the portfolio (3 and 25 projects,
each with its people, focus areas and a status report per period)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.perf.test_query_counts import LARGE, SMALL, add_projects

pytestmark = pytest.mark.django_db

# The token's lookup and its last-used update, the page's count, its rows, the rows' focus areas.
PROJECTS_QUERIES = 5
# A CSV is the whole list, not a page: no count; its rows and their focus areas per 1,000 rows streamed.
PROJECTS_CSV_QUERIES = 4
# The token's two; the reader's global permissions (user's and groups'); the count: the dashboard's token,
# under which the submitted reports' count is cached (api.portfolio.selectors.status_reports_count), and the
# drafts the reader sees; the rows, whose draft condition is a subquery on the object permissions.
STATUS_REPORT_QUERIES = 7


def queries(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        # A CSV streams: its rows are read while the answer is sent.
        content = response.getvalue()
    assert response.status_code == 200, content
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/projects/", PROJECTS_QUERIES),
        ("/api/v1/projects/?format=csv", PROJECTS_CSV_QUERIES),
        ("/api/v1/status-reports/", STATUS_REPORT_QUERIES),
    ],
)
def test_it_reads_a_list_in_the_same_queries_for_3_and_25_projects(api_as, reader, settings, url, expected):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = api_as(reader)
    add_projects(SMALL)
    small = queries(client, url)
    add_projects(LARGE - SMALL)
    assert queries(client, url) == small == expected
