"""The dashboard's lights kept per block of projects (governance.dashboard.kept_lights): the same counts,
sums and worst rows as active_figures() over all the active projects, after every way of writing what
they read, and counted again only in the block where something changed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from focusareas.models import FocusArea, StrategyPeriod
from governance.dashboard.kept_lights import KIND, kept_active_figures
from governance.dashboard.lights import active_figures
from governance.dashboard.selectors import (
    TREND_FIRST,
    WORST_FIRST,
    filtered_projects,
    heatmap_periods_up_to,
)
from portfolio.blocks.models import BLOCK_SIZE, BlockChanges, BlockSums
from portfolio.models import ACTIVE_PHASES, Phase, Project, StatusReport
from portfolio.selectors import current_period
from tests.factories import (
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    StrategyPeriodFactory,
    UserFactory,
    current_focus_area,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ROWS = 4  # fewer worst rows than projects: the merge of the blocks' worst rows decides which are shown


def figures(kept: bool):
    strategy_period = StrategyPeriod.objects.current().first()
    period = current_period(TODAY)
    arguments = {
        "period": period,
        "heatmap_periods": heatmap_periods_up_to(period, TODAY),
        "area_ids": list(FocusArea.objects.filter(period=strategy_period).values_list("pk", flat=True)),
        "worst_first": WORST_FIRST,
        "trend_first": TREND_FIRST,
        "rows": ROWS,
    }
    active = filtered_projects(strategy_period=strategy_period).filter(phase__in=ACTIVE_PHASES)
    if kept:
        groups, top = kept_active_figures(active, strategy_period=strategy_period, **arguments)
    else:
        groups, top = active_figures(active, **arguments)
    merged: dict = {}
    for group in groups:
        key = (group.area, group.phase, group.light, group.reported, group.trend)
        sums = merged.setdefault(key, [0, Decimal(0), Decimal(0), Decimal(0)])
        for index, amount in enumerate((group.count, group.budget, group.spent, group.forecast)):
            sums[index] += amount
    return merged, top


def assert_kept_equal_counted():
    kept = figures(kept=True)
    assert kept == figures(kept=False)
    return kept


def change_counts():
    return dict(BlockChanges.objects.filter(key__startswith=f"{KIND}:").values_list("key", "changes"))


def kept_changes():
    return dict(BlockSums.objects.filter(kind=KIND).values_list("block", "changes"))


@pytest.fixture
def periods():
    held = [
        ReportingPeriodFactory(meeting_date=TODAY - datetime.timedelta(days=14 * k)) for k in range(4, 0, -1)
    ]
    return [*held, ReportingPeriodFactory(meeting_date=TODAY + datetime.timedelta(days=7))]


@pytest.fixture
def portfolio(periods):
    """Active projects in blocks 0, 1 and 3 (counted from the first) with lights turning better and
    worse, one reported for the coming meeting, one never reported, one closed."""
    first = ((Project.objects.aggregate(last=Max("pk"))["last"] or 0) // BLOCK_SIZE + 2) * BLOCK_SIZE
    a1, a2 = current_focus_area(1), current_focus_area(2)
    made = {}
    for offset, number, phase, areas, lights in (
        (1, "B-01", Phase.EXECUTION, [a1], ["green", "red"]),
        (2, "B-02", Phase.ANALYSIS, [a1, a2], ["red", "green"]),
        (BLOCK_SIZE, "B-03", Phase.REALISATION, [a2], ["yellow", "yellow", "red"]),
        (BLOCK_SIZE + 1, "B-04", Phase.IDEA, [a2], []),
        (3 * BLOCK_SIZE + 7, "B-05", Phase.EXECUTION, [a1], ["red", "yellow"]),
        (3 * BLOCK_SIZE + 8, "B-06", Phase.CLOSED, [a1], ["red"]),
    ):
        project = ProjectFactory(
            pk=first + offset, number=number, phase=phase, focus_areas=areas, budget=Decimal(1000 * offset)
        )
        for period, light in zip(periods[-1 - len(lights) : -1] if lights else [], lights, strict=True):
            StatusReportFactory(project=project, period=period, overall=light, budget_spent=Decimal(offset))
        made[number] = project
    StatusReportFactory(project=made["B-05"], period=periods[-1], overall="red")
    return {"first": first, "projects": made, "periods": periods}


def test_it_equals_the_lights_counted_over_all_active_projects(portfolio):
    merged, top = assert_kept_equal_counted()
    assert [row["number"] for row in top] == ["B-01", "B-03", "B-05", "B-04"]
    assert sum(sums[0] for (area, *_), sums in merged.items() if area is None) == 5
    # Read again: from the kept figures, with the same result.
    assert figures(kept=True) == (merged, top)


def test_it_counts_again_only_the_block_whose_project_reported(portfolio):
    figures(kept=True)
    before = kept_changes()
    StatusReportFactory(
        project=portfolio["projects"]["B-03"], period=portfolio["periods"][-1], overall="green"
    )
    assert_kept_equal_counted()
    after = kept_changes()
    block = portfolio["projects"]["B-03"].pk // BLOCK_SIZE
    assert {changed for changed in after if after[changed] != before[changed]} == {block}


def test_it_counts_no_change_for_a_draft(portfolio):
    figures(kept=True)
    before = change_counts()
    report_by_bulk_create(portfolio, "B-01", state=StatusReport.State.DRAFT, submitted_at=None)
    assert change_counts() == before


def report_by_bulk_create(portfolio, number, **fields):
    fields = {
        "overall": "red",
        "state": StatusReport.State.SUBMITTED,
        "submitted_at": timezone.now(),
        **fields,
    }
    project, period = portfolio["projects"][number], portfolio["periods"][-1]
    StatusReport.objects.bulk_create(
        [StatusReport(project=project, period=period, author=UserFactory(), **fields)]
    )


def _submitted_by_bulk_create(portfolio):
    report_by_bulk_create(portfolio, "B-04")


def _light_changed_by_update(portfolio):
    StatusReport.objects.filter(project=portfolio["projects"]["B-02"]).update(overall="red")


def _phase_changed_by_update(portfolio):
    Project.objects.filter(pk=portfolio["projects"]["B-01"].pk).update(phase=Phase.CLOSED)


def _archived_by_raw_sql(portfolio):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portfolio_project SET archived = %s WHERE id = %s",
            [True, portfolio["projects"]["B-05"].pk],
        )


def _renumbered(portfolio):
    Project.objects.filter(pk=portfolio["projects"]["B-05"].pk).update(number="A-99")


def _new_project(portfolio):
    ProjectFactory(pk=portfolio["first"] + 5 * BLOCK_SIZE, number="B-00", phase=Phase.EXECUTION)


def _focus_areas_changed(portfolio):
    portfolio["projects"]["B-03"].focus_areas.set([current_focus_area(1)])


def _focus_area_moved_away(portfolio):
    FocusArea.objects.filter(pk=current_focus_area(2).pk).update(period=StrategyPeriodFactory())


@pytest.mark.parametrize(
    "write",
    [
        _submitted_by_bulk_create,
        _light_changed_by_update,
        _phase_changed_by_update,
        _archived_by_raw_sql,
        _renumbered,
        _new_project,
        _focus_areas_changed,
        _focus_area_moved_away,
    ],
)
def test_it_sees_every_way_of_writing_what_the_lights_read(portfolio, write):
    before = figures(kept=True)
    write(portfolio)
    assert assert_kept_equal_counted() != before
