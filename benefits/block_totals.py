"""The benefit totals of a strategy period's projects, from the sums kept per block of projects
(portfolio.blocks): a change to one project's benefits is summed again for its block alone, not for
the whole portfolio. The sums are whole øre, so the blocks' sums add up exactly to the sums of them all:
period_totals() equals list_totals() of the same benefits (tests/benefits/test_block_totals.py)."""

from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from benefits.totals import OreSums, Totals, ore_sums_by_block
from focusareas.models import FocusArea
from portfolio.blocks.kept import in_blocks, kept_sums
from portfolio.blocks.models import BLOCK_SIZE
from portfolio.blocks.triggers import Source
from portfolio.models import Project
from portfolio.selectors import with_focus_area

KIND = "benefits"


def sources() -> list:
    """The rows the totals read (portfolio.blocks.triggers.register)."""

    def table(model):
        return model._meta.db_table

    return [
        Source(table(Benefit), "{row}.project_id"),
        Source(
            table(BenefitMeasurement),
            f"(SELECT b.project_id FROM {table(Benefit)} b WHERE b.id = {{row}}.benefit_id)",  # noqa: S608 # nosec B608
        ),
        Source(table(BusinessCase), "{row}.project_id"),
        Source(
            table(BusinessCaseLine),
            f"(SELECT c.project_id FROM {table(BusinessCase)} c WHERE c.id = {{row}}.business_case_id)",  # noqa: S608 # nosec B608
        ),
        Source(table(Project.focus_areas.through), "{row}.project_id"),
        # A project's own row: whether it is archived, and its start (a business case's year 0); a new
        # project has no benefits yet.
        Source(table(Project), "{row}.id", columns=("archived", "start_date"), inserts=False),
        # A focus area's period decides which projects a period has.
        Source(table(FocusArea), None, columns=("period_id",), inserts=False),
    ]


def period_benefits(period):
    """The benefits that the totals of `period` sum: not archived, of a project not archived with a
    focus area in `period` (as the dashboard's projects of the period)."""
    projects = with_focus_area(Project.objects.not_archived(), focusarea__period=period)
    return Benefit.objects.filter(archived=False, project__in=projects)


def period_totals(period, focus_areas) -> Totals:
    """list_totals(period_benefits(period), focus_areas) for `focus_areas` among the period's own, from
    the kept block sums (kept_sums()'s queries, and four more to sum changed blocks again)."""

    def sum_blocks(blocks: list) -> dict:
        # By focus area for all of the period's: the sums are kept for any of them.
        areas = list(FocusArea.objects.filter(period=period))
        sums = ore_sums_by_block(period_benefits(period).filter(in_blocks(blocks)), areas, BLOCK_SIZE)
        return {block: sums.get(block, OreSums()).as_json() for block in blocks}

    total = OreSums()
    for sums in kept_sums(KIND, str(period.pk), sum_blocks):
        total.add(OreSums.from_json(sums))
    return total.totals(focus_areas)
