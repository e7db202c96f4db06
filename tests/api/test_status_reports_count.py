"""/api/v1/status-reports/'s count without a filter: exact for every reader (the drafts each may see
included), though the submitted reports are counted once per change and cached under the dashboard's token;
a submit, a correction, a new draft, an archived or restored project and a bulk write each show at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.portfolio.selectors import status_reports_visible_to
from portfolio.models import Project, StatusReport
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/status-reports/"


@pytest.fixture
def reports(led_project):
    """The led project: a submitted report and a draft for the next period; another project's submitted
    report and draft; an archived project's submitted report and draft."""
    first, second = ReportingPeriodFactory(), ReportingPeriodFactory()
    StatusReportFactory(project=led_project, period=first)
    StatusReportFactory(project=led_project, period=second, state=StatusReport.State.DRAFT, submitted_at=None)
    other = ProjectFactory()
    StatusReportFactory(project=other, period=first)
    StatusReportFactory(project=other, period=second, state=StatusReport.State.DRAFT, submitted_at=None)
    archived = ProjectFactory(archived=True)
    StatusReportFactory(project=archived, period=first)
    StatusReportFactory(project=archived, period=second, state=StatusReport.State.DRAFT, submitted_at=None)
    return led_project, other, archived


def count(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


def expected(user):
    return status_reports_visible_to(user).count()


def test_it_counts_what_each_reader_sees(api_as, reader, project_leader, programme_member, reports):
    assert count(api_as(reader)) == expected(reader) == 2
    assert count(api_as(project_leader)) == expected(project_leader) == 3  # and the own draft
    assert count(api_as(programme_member)) == expected(programme_member) == 4  # every draft not archived
    # Asked twice, the same (the second from the cache).
    assert count(api_as(reader)) == 2 and count(api_as(project_leader)) == 3


def test_it_counts_anew_after_every_change_to_what_is_counted(api_as, reader, project_leader, reports):
    led, other, archived = reports
    reading, leading = api_as(reader), api_as(project_leader)
    assert (count(reading), count(leading)) == (2, 3)
    # A submitted draft: the reader sees it now, the leader still once.
    draft = led.status_reports.get(state=StatusReport.State.DRAFT)
    draft.state, draft.submitted_at = StatusReport.State.SUBMITTED, timezone.now()
    draft.save()
    assert (count(reading), count(leading)) == (3, 3)
    # A correction of it, a new version.
    StatusReportFactory(project=led, period=draft.period, version=2, supersedes=draft)
    assert (count(reading), count(leading)) == (4, 4)
    # A new draft: only the leader of its project sees it, counted live (no token is replaced).
    StatusReportFactory(
        project=led, period=ReportingPeriodFactory(), state=StatusReport.State.DRAFT, submitted_at=None
    )
    assert (count(reading), count(leading)) == (4, 5)
    # A project archived and restored, through QuerySet.update().
    Project.objects.filter(pk=other.pk).update(archived=True)
    assert (count(reading), count(leading)) == (3, 4)
    Project.objects.filter(pk__in=[other.pk, archived.pk]).update(archived=False)
    assert (count(reading), count(leading)) == (5, 6)
    # Reports written in bulk.
    period = ReportingPeriodFactory()
    StatusReport.objects.bulk_create(
        StatusReport(
            project=project,
            period=period,
            state=StatusReport.State.SUBMITTED,
            submitted_at=timezone.now(),
            author=project_leader,
        )
        for project in (other, archived)
    )
    assert (count(reading), count(leading)) == (7, 8)
    assert count(reading) == expected(reader) and count(leading) == expected(project_leader)


def test_it_counts_a_filtered_list_as_it_is(api_as, reader, project_leader, reports):
    led, other, _archived = reports
    leading = api_as(project_leader)
    assert count(leading, state="draft") == 1
    assert count(leading, project=other.pk) == 1
    assert count(api_as(reader), project=led.pk) == 1
    # A page of the unfiltered list still counts them all.
    assert count(leading, page=1, page_size=1) == 3


def test_it_reads_no_report_but_the_drafts_to_count_them_from_the_cache(api_as, reader, reports):
    client = api_as(reader)
    count(client)
    with CaptureQueriesContext(connection) as captured:
        assert count(client) == 2
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "draft" in counts[0]  # the drafts' count; the submitted ones cached
