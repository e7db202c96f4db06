"""The benefit totals kept per block of projects (benefits.block_totals, portfolio.blocks): always equal
to the totals summed from the rows (list_totals), after every way of writing those rows (the database's
triggers count the change, not Django), and summed again only in the block where the rows changed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Max

from benefits.block_totals import KIND, period_benefits, period_totals
from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from benefits.services import measurement_record
from benefits.totals import list_totals
from focusareas.models import FocusArea
from portfolio.blocks.models import BLOCK_SIZE, WHOLE, BlockChanges, BlockSums, changes_key
from portfolio.blocks.triggers import install_triggers, installed_triggers
from portfolio.models import Project
from tests.benefits.conftest import make_benefit, make_financial_benefit
from tests.factories import ProjectFactory, StrategyPeriodFactory, current_focus_area

pytestmark = pytest.mark.django_db

D = datetime.date


def areas_of(period):
    return list(FocusArea.objects.filter(period=period).order_by("number"))


def summed_from_rows(period):
    return list_totals(period_benefits(period), areas_of(period))


def kept(period):
    return period_totals(period, areas_of(period))


def changes():
    return dict(BlockChanges.objects.filter(key__startswith=f"{KIND}:").values_list("key", "changes"))


@pytest.fixture
def portfolio(owner):
    """Projects of the current period in three blocks (0, 1 and 3 counted from the first), each with
    financial benefits measured in two years, one with a business case's savings; an archived project;
    and a project of another period."""
    first = ((Project.objects.aggregate(last=Max("pk"))["last"] or 0) // BLOCK_SIZE + 2) * BLOCK_SIZE
    period_areas = [current_focus_area(1), current_focus_area(2)]
    projects = {}
    for offset, areas in (
        (1, period_areas[:1]),
        (BLOCK_SIZE + 5, period_areas),
        (3 * BLOCK_SIZE, period_areas[1:]),
    ):
        projects[offset] = ProjectFactory(pk=first + offset, focus_areas=areas, start_date=D(2025, 3, 1))
    for number, project in enumerate(projects.values()):
        benefit = make_financial_benefit(
            project,
            owner,
            title=f"Porto {number}",
            baseline=Decimal(1000 + number),
            target=Decimal(270),
            baseline_date=D(2025, 7, 1),
            due_date=D(2028, 7, 1),
        )
        measurement_record(actor=owner, benefit=benefit, measured_on=D(2025, 11, 1), value=Decimal(950))
        measurement_record(
            actor=owner, benefit=benefit, measured_on=D(2026, 2, 1), value=Decimal(900 - number)
        )
        make_benefit(project, owner, title=f"Timer {number}")  # not financial: not summed
    case = BusinessCase.objects.create(project=projects[BLOCK_SIZE + 5])
    BusinessCaseLine.objects.bulk_create(
        BusinessCaseLine(
            business_case=case, category="saving", row="salary_savings", year=year, amount=amount
        )
        for year, amount in ((1, Decimal("100000")), (2, Decimal("250000.50")))
    )
    archived = ProjectFactory(pk=first + 2, focus_areas=period_areas[:1], archived=True)
    make_financial_benefit(archived, owner, title="Arkiveret", baseline=Decimal(10), target=Decimal(20))
    elsewhere = FocusArea.objects.create(period=StrategyPeriodFactory(), number=1, title="Andet")
    other = ProjectFactory(pk=first + 3, focus_areas=[elsewhere])
    make_financial_benefit(other, owner, title="Anden periode", baseline=Decimal(10), target=Decimal(20))
    return {"first": first, "projects": projects, "period": period_areas[0].period, "elsewhere": elsewhere}


def test_it_equals_the_totals_summed_from_the_rows(portfolio):
    period = portfolio["period"]
    totals = kept(period)
    assert totals == summed_from_rows(period)
    assert totals.count == 3 and totals.planned > 0 and totals.realised > 0
    assert [year for year, *_ in totals.by_year] == [2025, 2026, 2027, 2028]
    # Read again: from the kept sums, with the same figures.
    assert kept(period) == totals


def test_it_sums_again_only_the_block_whose_rows_changed(portfolio, owner):
    period, first = portfolio["period"], portfolio["first"]
    kept(period)
    blocks = dict(BlockSums.objects.filter(kind=KIND, key=str(period.pk)).values_list("block", "changes"))
    changed = (first + BLOCK_SIZE) // BLOCK_SIZE
    benefit = portfolio["projects"][BLOCK_SIZE + 5].benefits.get(is_financial=True)
    measurement_record(actor=owner, benefit=benefit, measured_on=D(2026, 6, 1), value=Decimal(500))
    assert kept(period) == summed_from_rows(period)
    after = dict(BlockSums.objects.filter(kind=KIND, key=str(period.pk)).values_list("block", "changes"))
    assert {block for block in after if after[block] != blocks[block]} == {changed}


def _update_benefit(portfolio):
    Benefit.objects.filter(project_id=portfolio["first"] + 1).update(target=F("target") - 100)


def _update_measurements(portfolio):
    BenefitMeasurement.objects.filter(benefit__project_id=portfolio["first"] + 1).update(value=F("value") - 7)


def _raw_sql(portfolio):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE benefits_benefit SET baseline = baseline + 33 WHERE project_id = %s",
            [portfolio["first"] + 1],
        )


def _bulk_create_benefits(portfolio):
    model = Benefit.objects.filter(project_id=portfolio["first"] + 1, is_financial=True).get()
    model.pk, model.title = None, "Kopi"
    Benefit.objects.bulk_create([model])


def _savings_changed(portfolio):
    BusinessCaseLine.objects.filter(year=2).update(amount=Decimal("1.00"))


def _savings_deleted(portfolio):
    BusinessCaseLine.objects.filter(year=1).delete()


def _project_archived(portfolio):
    Project.objects.filter(pk=portfolio["first"] + 1).update(archived=True)


def _project_started_later(portfolio):
    Project.objects.filter(pk=portfolio["first"] + BLOCK_SIZE + 5).update(start_date=D(2026, 9, 1))


def _project_leaves_the_period(portfolio):
    Project.objects.get(pk=portfolio["first"] + 1).focus_areas.set([portfolio["elsewhere"]])


def _focus_area_moved(portfolio):
    FocusArea.objects.filter(pk=portfolio["elsewhere"].pk).update(period=portfolio["period"], number=99)


def _benefit_moved_between_blocks(portfolio):
    Benefit.objects.filter(project_id=portfolio["first"] + 1).update(
        project_id=portfolio["first"] + 3 * BLOCK_SIZE
    )


@pytest.mark.parametrize(
    "write",
    [
        _update_benefit,
        _update_measurements,
        _raw_sql,
        _bulk_create_benefits,
        _savings_changed,
        _savings_deleted,
        _project_archived,
        _project_started_later,
        _project_leaves_the_period,
        _focus_area_moved,
        _benefit_moved_between_blocks,
    ],
)
def test_it_sees_every_way_of_writing_the_rows(portfolio, write):
    period = portfolio["period"]
    before = kept(period)
    write(portfolio)
    after = kept(period)
    assert after == summed_from_rows(period)
    assert after != before


def test_it_counts_no_change_for_a_project_row_the_totals_do_not_read(portfolio):
    kept(portfolio["period"])
    before = changes()
    project = portfolio["projects"][1]
    project.name, project.phase = "Nyt navn", "realisering"
    project.save()
    assert changes() == before


def test_it_keeps_each_period_apart(portfolio):
    other = portfolio["elsewhere"].period
    assert kept(other) == summed_from_rows(other)
    assert kept(other).count == 1
    assert kept(portfolio["period"]).count == 3


def test_it_installs_a_missing_trigger_again_and_sums_every_block_again(portfolio):
    period = portfolio["period"]
    kept(period)
    name = "block_benefits_benefits_benefit_update"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER {name}" + ("" if connection.vendor == "sqlite" else " ON benefits_benefit")
        )
    whole = changes().get(changes_key(KIND, WHOLE), 0)
    assert install_triggers() == [name]
    assert name in installed_triggers(connection)
    assert changes()[changes_key(KIND, WHOLE)] == whole + 1
    assert install_triggers() == []  # all there: nothing to do
    _update_benefit(portfolio)
    assert kept(period) == summed_from_rows(period)
