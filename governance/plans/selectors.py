"""Reads of the plans: the annual indsatsplan (its items with their projects' latest light, the snapshot
frozen on approval, coverage and resources against the frames) and the dynamic handleplan's projects."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats

from focusareas.selectors import current_focus_areas
from governance.models import AnnualPlan, AnnualPlanItem
from portfolio.history import HISTORY_ACTIONS
from portfolio.models import ACTIVE_PHASES, Light, Phase
from portfolio.selectors import latest_submitted_reports, project_list


def plan_latest(year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(year=year).order_by("-version").first()


def plan_versions(year: int):
    """The year's versions for the plan page's list of them: without their snapshots, which an approved
    version's page reads only for itself (1,000 frozen items cost milliseconds to decode)."""
    return AnnualPlan.objects.filter(year=year).only("year", "version", "status").order_by("version")


def _items_focus_areas(plan: AnnualPlan) -> dict[int, list[dict]]:
    """Each item's focus areas (id, number, title) in number order: one query over the plan's links."""
    links = (
        AnnualPlanItem.focus_areas.through.objects.filter(annualplanitem__plan=plan)
        .order_by("focusarea__number", "focusarea_id")
        .values_list("annualplanitem_id", "focusarea_id", "focusarea__number", "focusarea__title")
    )
    areas = {}
    for item_id, area_id, number, title in links:
        areas.setdefault(item_id, []).append({"id": area_id, "number": number, "title": title})
    return areas


def plan_snapshot(plan: AnnualPlan) -> dict:
    """What the plan says now, in plain JSON: each item's rank, project number/name, phase and latest
    light, rationale, resources and focus areas. Kept on approval, so later changes do not change it.
    Read as values, not models: a draft's page shows it on every view, and 1,000 items as model
    instances cost ~90 ms. Two queries: the items with their projects and lights, their focus areas."""
    latest = latest_submitted_reports().filter(project=OuterRef("project_id"))
    rows = (
        plan.items.annotate(latest_overall=Subquery(latest.values("overall")[:1]))
        .order_by("rank", "pk")
        .values(
            "pk",
            "rank",
            "project_id",
            "project__number",
            "project__name",
            "project__phase",
            "activity",
            "rationale",
            "hours",
            "amount",
            "latest_overall",
        )
    )
    rows = list(rows)
    areas = _items_focus_areas(plan) if rows else {}
    items = []
    for row in rows:
        project = row["project_id"] is not None
        light = (row["latest_overall"] or Light.NOT_REPORTED) if project else ""
        items.append(
            {
                "item_id": row["pk"],
                "rank": row["rank"],
                "project_id": row["project_id"],
                "project_number": row["project__number"] if project else "",
                "project_name": row["project__name"] if project else "",
                "activity": row["activity"],
                "phase": row["project__phase"] if project else "",
                "phase_label": Phase(row["project__phase"]).label if project else "",
                "light": light,
                "light_label": Light(light).label if light else "",
                "rationale": row["rationale"],
                "hours": row["hours"],
                "amount": str(row["amount"]),
                "focus_areas": areas.get(row["pk"], []),
            }
        )
    return {
        "year": plan.year,
        "version": plan.version,
        "title": plan.title,
        "budget_frame": None if plan.budget_frame is None else str(plan.budget_frame),
        "hours_frame": plan.hours_frame,
        "items": items,
    }


def plan_overview(plan: AnnualPlan, items: list[dict]) -> dict:
    """Coverage per focus area of the current strategy period and resources against the frames, with
    Danish warnings. `items` are snapshot-shaped dicts (plan_snapshot's or the approved one's)."""
    areas = list(current_focus_areas())
    coverage = {area.pk: {"area": area, "count": 0, "hours": 0, "amount": Decimal(0)} for area in areas}
    total_hours = 0
    total_amount = Decimal(0)
    for item in items:
        amount = Decimal(str(item["amount"]))
        total_hours += item["hours"]
        total_amount += amount
        for area in item["focus_areas"]:
            row = coverage.get(area["id"])
            if row is not None:
                row["count"] += 1
                row["hours"] += item["hours"]
                row["amount"] += amount
    warnings = []
    if plan.budget_frame is not None and total_amount > plan.budget_frame:
        over = formats.number_format(total_amount - plan.budget_frame, 0, use_l10n=True, force_grouping=True)
        warnings.append(f"Budgetrammen er overskredet med {over} kr.")
    if plan.hours_frame is not None and total_hours > plan.hours_frame:
        over = formats.number_format(total_hours - plan.hours_frame, 0, use_l10n=True, force_grouping=True)
        warnings.append(f"Timerammen er overskredet med {over} timer.")
    for row in coverage.values():
        if row["count"] == 0:
            area = row["area"]
            warnings.append(f"Fokusområde {area.number}. {area.title} har ingen indsatser i planen.")
    return {
        "coverage": list(coverage.values()),
        "total_hours": total_hours,
        "total_amount": total_amount,
        "warnings": warnings,
    }


def plan_items_for_display(plan: AnnualPlan) -> list[dict]:
    """The approved plan's frozen items, or a draft's live ones, in the snapshot's shape."""
    if plan.approved_snapshot is not None:
        return plan.approved_snapshot["items"]
    return plan_snapshot(plan)["items"]


ITEM_HISTORY_LIMIT = 30


def plan_item_history(plan: AnnualPlan) -> list[dict]:
    """The newest changes to the plan's items (added, changed, removed), for the plan page."""
    records = (
        AnnualPlanItem.history.filter(plan_id=plan.pk)
        .select_related("history_user", "project")
        .order_by("-history_date", "-history_id")[:ITEM_HISTORY_LIMIT]
    )
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
            "item": f"{record.rank}. {record.project or record.activity}",
        }
        for record in records
    ]


# The plan page shows the ranking 50 items a page, as the other long lists do, so rendering it costs the same
# for a plan of 1,000 items as for one of 150; the overview above it, the PDF and the API keep every item.
PLAN_ITEMS_PER_PAGE = 50


def plan_items_page(items: list[dict], number) -> Page:
    """The `number` page of the ranked items (a missing or malformed number: the first; past the end:
    the last)."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    return Paginator(items, PLAN_ITEMS_PER_PAGE).get_page(number)


def plan_item_page_number(item) -> int:
    """The page of the ranking that shows `item` (an AnnualPlanItem of a plan being edited, whose live
    items the page shows in (rank, pk) order)."""
    before = (
        AnnualPlanItem.objects.filter(plan_id=item.plan_id)
        .filter(Q(rank__lt=item.rank) | Q(rank=item.rank, pk__lt=item.pk))
        .count()
    )
    return before // PLAN_ITEMS_PER_PAGE + 1


@dataclass(frozen=True)
class PlanPdfData:
    """What the plan's PDF prints (governance.plans.pdf): the approved snapshot's items or a draft's live
    ones, in rank order, and the overview per focus area."""

    plan: AnnualPlan
    items: list[dict]
    overview: dict


def plan_pdf_data(plan: AnnualPlan) -> PlanPdfData:
    items = plan_items_for_display(plan)
    return PlanPdfData(plan=plan, items=items, overview=plan_overview(plan, items))


# --- The dynamic handleplan ---------------------------------------------------------------------------


def ongoing_projects(user):
    """Ongoing projects (not archived, idé to realisering) with what a handleplan row shows."""
    return (
        project_list(user)
        .filter(phase__in=ACTIVE_PHASES)
        .select_related("national_initiative")
        .order_by("number")
    )


def group_by_focus_area(projects, areas):
    """[(area, [projects])] for each area of the current period in `areas` (in order), then
    (None, [projects in none of them]) if any: a project in two areas is in both groups."""
    groups = {area.pk: (area, []) for area in areas}
    without = []
    for project in projects:
        placed = False
        for area in project.focus_areas.all():
            if area.pk in groups:
                groups[area.pk][1].append(project)
                placed = True
        if not placed:
            without.append(project)
    result = list(groups.values())
    if without:
        result.append((None, without))
    return result
