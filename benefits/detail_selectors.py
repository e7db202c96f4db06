"""Reads for the single pages: one benefit with its measurements and history, one business case's history
of changes, and one project's benefit section. Built on the rows of selectors.py."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from benefits.business_case import business_case_summary
from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from benefits.selectors import BUSINESS_CASE_REQUIRED_PHASES, benefits_with_latest, decorate, trend
from portfolio.history import history_entries
from portfolio.models import Project


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
        "summary": business_case_summary(case),
        "missing_business_case": missing,
    }
