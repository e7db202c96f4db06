"""Reads shared by the benefit pages, exports, reminders and follow-up: each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear

from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from focusareas.models import FocusArea
from portfolio.history import history_entries
from portfolio.models import Phase, Project, ProjectKind

# Projects on the standard model must have a business case once they are past analyse.
BUSINESS_CASE_REQUIRED_PHASES = (Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED)
# The steering group's follow-up: the large cross-cutting and the joint-municipal (K98) projects.
FOLLOW_UP_KINDS = (ProjectKind.TVAERGAAENDE, ProjectKind.FAELLESKOMMUNAL)


def missing_business_case_q(prefix="") -> Q:
    """Standard-model projects beyond analyse without a business case (`prefix` e.g. "project__")."""
    case = BusinessCase.objects.filter(project=OuterRef(f"{prefix}pk" if prefix else "pk"))
    return Q(
        **{
            f"{prefix}project_model": Project.ProjectModel.STANDARD,
            f"{prefix}phase__in": BUSINESS_CASE_REQUIRED_PHASES,
        }
    ) & ~Q(Exists(case))


def benefits_with_latest(queryset=None):
    """Benefits annotated with their latest and previous measurement (value and date)."""
    queryset = Benefit.objects.all() if queryset is None else queryset
    newest = BenefitMeasurement.objects.filter(benefit=OuterRef("pk")).order_by("-measured_on", "-id")
    return queryset.annotate(
        last_measured_on=Subquery(newest.values("measured_on")[:1]),
        latest_value=Subquery(newest.values("value")[:1]),
        previous_value=Subquery(newest.values("value")[1:2]),
    )


def benefit_list(user):
    """The rows of /benefits/: every benefit of a project in the portfolio, not archived."""
    if not user.is_authenticated:
        return Benefit.objects.none()
    case = BusinessCase.objects.filter(project=OuterRef("project"))
    return (
        benefits_with_latest(Benefit.objects.filter(archived=False, project__archived=False))
        .select_related("project", "owner")
        .annotate(project_has_business_case=Exists(case))
        .prefetch_related(
            Prefetch("project__focus_areas", queryset=FocusArea.objects.select_related("period"))
        )
        .order_by("project__number", "title", "pk")
    )


def trend(benefit, value, previous) -> str | None:
    """ "better", "same" or "worse": the latest value against the one before, towards the target."""
    if value is None or previous is None:
        return None
    now, before = benefit.improvement(value), benefit.improvement(previous)
    if benefit.is_disbenefit:
        now, before = -now, -before  # a dis-benefit that grows is not an improvement for the reader
        return "same" if now == before else ("worse" if now > before else "better")
    return "same" if now == before else ("better" if now > before else "worse")


def decorate(benefit, today: datetime.date):
    """Set the computed attributes a row shows (from the annotations of benefits_with_latest)."""
    benefit.achievement = benefit.achievement_pct(benefit.latest_value)
    benefit.trend = trend(benefit, benefit.latest_value, benefit.previous_value)
    benefit.next_due = benefit.next_measurement_due(benefit.last_measured_on)
    benefit.overdue = benefit.is_overdue(benefit.last_measured_on, today)
    benefit.behind = benefit.is_behind(benefit.latest_value, benefit.last_measured_on)
    benefit.expected_today = benefit.expected_pct(today)
    project = benefit.project
    has_case = getattr(benefit, "project_has_business_case", None)
    benefit.project_missing_business_case = (
        has_case is False
        and project.project_model == Project.ProjectModel.STANDARD
        and project.phase in BUSINESS_CASE_REQUIRED_PHASES
    )
    return benefit


def benefit_rows(queryset, *, today: datetime.date, overdue=False, behind=False) -> list:
    """Materialise and decorate the rows, then apply the filters that depend on today and the plan."""
    rows = [decorate(benefit, today) for benefit in queryset]
    if overdue:
        rows = [row for row in rows if row.overdue]
    if behind:
        rows = [row for row in rows if row.behind]
    return rows


# ------------------------------------------------------------------------------------------------ totals


def realised_by_year(benefit_ids) -> dict:
    """{benefit id: {year: value of the latest measurement dated in that year}} for the financial kr.
    benefits among `benefit_ids` (a queryset of ids). One query."""
    later_same_year = BenefitMeasurement.objects.filter(
        benefit=OuterRef("benefit"), measured_on__year=ExtractYear(OuterRef("measured_on"))
    ).filter(
        Q(measured_on__gt=OuterRef("measured_on"))
        | Q(measured_on=OuterRef("measured_on"), pk__gt=OuterRef("pk"))
    )
    rows = (
        BenefitMeasurement.objects.filter(
            benefit__in=benefit_ids, benefit__is_financial=True, benefit__unit=Benefit.Unit.KR
        )
        .filter(~Exists(later_same_year))
        .values_list("benefit_id", "measured_on", "value")
    )
    result: dict = {}
    for benefit_id, measured_on, value in rows:
        result.setdefault(benefit_id, {})[measured_on.year] = value
    return result


@dataclass
class Totals:
    """Planned vs realised financial benefit (kr.), per year and per focus area. See benefits.models."""

    by_year: list = field(default_factory=list)  # [(year, planned, realised)]
    by_focus_area: list = field(default_factory=list)  # [(area, planned, realised to date)]
    planned: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    count: int = 0


def financial_totals(rows, realised: dict, focus_areas) -> Totals:
    """Sum the financial kr. benefits of `rows` (decorated Benefits) by year and by focus area.

    Per year: planned in the due date's year, realised = the year's latest measured improvement.
    Per focus area: planned, and realised to date (the latest measured improvement); a project in
    several focus areas counts in each of them."""
    planned_year: dict = {}
    realised_year: dict = {}
    area_planned: dict = {}
    area_realised: dict = {}
    totals = Totals()
    for benefit in rows:
        if not benefit.counts_financially:
            continue
        totals.count += 1
        planned = benefit.planned_amount
        planned_year[benefit.due_date.year] = planned_year.get(benefit.due_date.year, 0) + planned
        totals.planned += planned
        for year, value in realised.get(benefit.pk, {}).items():
            realised_year[year] = realised_year.get(year, 0) + benefit.improvement(value)
        to_date = benefit.improvement(benefit.latest_value) or Decimal(0)
        totals.realised += to_date
        for area in benefit.project.focus_areas.all():
            area_planned[area.pk] = area_planned.get(area.pk, 0) + planned
            area_realised[area.pk] = area_realised.get(area.pk, 0) + to_date
    years = sorted(set(planned_year) | set(realised_year))
    totals.by_year = [
        (year, Decimal(planned_year.get(year, 0)), Decimal(realised_year.get(year, 0))) for year in years
    ]
    totals.by_focus_area = [
        (area, Decimal(area_planned.get(area.pk, 0)), Decimal(area_realised.get(area.pk, 0)))
        for area in focus_areas
    ]
    return totals


def projects_missing_business_case(user):
    """Standard-model projects beyond analyse without a business case, for the lists' warning."""
    if not user.is_authenticated:
        return Project.objects.none()
    return (
        Project.objects.not_archived()
        .filter(missing_business_case_q())
        .select_related("leader")
        .order_by("number")
    )


# ------------------------------------------------------------------------------------------- single pages


def measurement_rows(benefit) -> list:
    """The benefit's measurements newest first, each with its achievement and trend to the one before."""
    measurements = list(benefit.measurements.select_related("recorded_by").order_by("-measured_on", "-id"))
    for index, measurement in enumerate(measurements):
        previous = measurements[index + 1] if index + 1 < len(measurements) else None
        measurement.benefit = benefit
        measurement.achievement = benefit.achievement_pct(measurement.value)
        measurement.trend = trend(benefit, measurement.value, previous.value if previous else None)
        measurement.improvement = benefit.improvement(measurement.value)
    return measurements


def benefit_detail_queryset():
    case = BusinessCase.objects.filter(project=OuterRef("project"))
    return (
        benefits_with_latest(Benefit.objects.filter(project__archived=False))
        .select_related("project", "owner")
        .annotate(project_has_business_case=Exists(case))
    )


def benefit_history(benefit) -> list:
    """Changes to the benefit itself and the measurements recorded for it, newest first."""
    entries = history_entries(benefit.history.all())
    for entry in history_entries(BenefitMeasurement.history.filter(benefit_id=benefit.pk), limit=20):
        entry.action = f"Måling {entry.action.lower()}"
        entries.append(entry)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:30]


@dataclass
class CellChange:
    when: object
    who: object
    label: str
    before: object
    after: object


def business_case_history(case, limit=40) -> list[CellChange]:
    """Every change of an amount in the business case: which cell, from what to what, who and when."""
    if case is None:
        return []
    records = list(
        BusinessCaseLine.history.filter(business_case_id=case.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous: dict = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record.amount
        if before is not None and before == record.amount:
            continue
        label = (
            f"{BusinessCaseLine.Category(record.category).label}, "
            f"{BusinessCaseLine.Row(record.row).label.lower()}, år {record.year}"
        )
        changes.append(CellChange(record.history_date, record.history_user, label, before, record.amount))
    notes, last_notes = [], None
    for record in case.history.select_related("history_user").order_by("history_date", "history_id"):
        if record.history_type == "+":
            notes.append(
                CellChange(record.history_date, record.history_user, "Business case oprettet", None, None)
            )
        elif record.notes != last_notes:
            notes.append(
                CellChange(record.history_date, record.history_user, "Bemærkninger", last_notes, record.notes)
            )
        last_notes = record.notes
    return sorted(changes + notes, key=lambda change: change.when, reverse=True)[:limit]


def project_benefits(project, today: datetime.date) -> dict:
    """The project's benefits with achievement and plan, and its business case summary."""
    rows = [
        decorate(benefit, today)
        for benefit in benefits_with_latest(project.benefits.filter(archived=False))
        .select_related("owner", "project")
        .order_by("title", "pk")
    ]
    case = BusinessCase.objects.filter(project=project).first()
    missing = (
        case is None
        and project.project_model == Project.ProjectModel.STANDARD
        and project.phase in BUSINESS_CASE_REQUIRED_PHASES
    )
    return {
        "project": project,
        "benefit_rows": rows,
        "business_case": case,
        "summary": case.summary() if case is not None else None,
        "missing_business_case": missing,
    }


def follow_up(user, today: datetime.date) -> list:
    """The steering group's follow-up: cross-cutting and K98 projects, each with its benefits, planned
    vs realised to date (financial kr.), and its overdue measurements. Three queries."""
    selected = Project.objects.not_archived().filter(kind__in=FOLLOW_UP_KINDS)
    projects = list(
        selected.select_related("leader")
        .annotate(has_business_case=Exists(BusinessCase.objects.filter(project=OuterRef("pk"))))
        .order_by("number")
    )
    benefits = benefits_with_latest(
        Benefit.objects.filter(archived=False, project__in=selected.values("pk"))
    ).select_related("owner", "project")
    by_project: dict = {}
    for benefit in benefits.order_by("title", "pk"):
        benefit.project_has_business_case = True  # flagged on the project row instead
        by_project.setdefault(benefit.project_id, []).append(decorate(benefit, today))
    for project in projects:
        project.benefit_rows = by_project.get(project.pk, [])
        financial = [b for b in project.benefit_rows if b.counts_financially]
        project.planned = sum((b.planned_amount for b in financial), Decimal(0))
        project.realised = sum((b.improvement(b.latest_value) or Decimal(0) for b in financial), Decimal(0))
        project.overdue_rows = [b for b in project.benefit_rows if b.overdue]
        project.missing_business_case = (
            not project.has_business_case
            and project.project_model == Project.ProjectModel.STANDARD
            and project.phase in BUSINESS_CASE_REQUIRED_PHASES
        )
    return projects
