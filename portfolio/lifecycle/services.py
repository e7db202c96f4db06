"""Writes of a project's life that are the project register's own. Who may decide a gate, a change or a
closing is governance's (governance.lifecycle); it calls these once the decision is taken."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portfolio import stale
from portfolio.history import save_with_history
from portfolio.models import START_CHECKLIST_FIELDS, Milestone, Project, ProjectPhasePlan
from portfolio.services import project_require_open, project_stale_scope

NEGATIVE_BUDGET_MESSAGE = (
    "Budgettet kan ikke blive negativt: det er {budget} kr., og ændringen er {change} kr."
)


@transaction.atomic
def project_baseline_freeze(*, actor, project: Project) -> Project:
    """Freeze today's forecast as the project's baseline ("Oprindelig plan"): every phase's planned dates
    and every open milestone's date. Called when the gate into gennemførelse is passed; a second call
    changes nothing, so a baseline is set once in a project's life."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.baseline_frozen_on is not None:
        return current
    for plan in ProjectPhasePlan.objects.filter(project=current):
        plan.baseline_start, plan.baseline_end = plan.planned_start, plan.planned_end
        save_with_history(plan, actor=actor, update_fields=["baseline_start", "baseline_end"])
    for milestone in Milestone.objects.filter(project=current, archived=False, baseline_date__isnull=True):
        milestone.baseline_date = milestone.due_date
        save_with_history(milestone, actor=actor, update_fields=["baseline_date"])
    current.baseline_frozen_on = timezone.localdate()
    current.version += 1
    save_with_history(current, actor=actor, update_fields=["baseline_frozen_on", "version", "updated_at"])
    project.baseline_frozen_on, project.version = current.baseline_frozen_on, current.version
    return current


@transaction.atomic
def project_start_checklist_set(*, actor, project: Project, values: dict, version=None) -> Project:
    """Tick or untick start-phase checklist items (START_CHECKLIST_FIELDS) as a gate request reports
    them. `version` is the project's token the request form was opened with (portfolio.stale): a project
    changed meanwhile is refused. Unchanged items write nothing."""
    project_require_open(project)
    stale.check(project_stale_scope(project), version)
    current = Project.objects.select_for_update().get(pk=project.pk)
    changed = [
        name
        for name, done in values.items()
        if name in START_CHECKLIST_FIELDS and getattr(current, name) != bool(done)
    ]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, bool(values[name]))
        setattr(project, name, bool(values[name]))
    current.version += 1
    save_with_history(current, actor=actor, update_fields=[*changed, "version", "updated_at"])
    project.version = current.version
    return current


def budget_after(project: Project, change) -> Decimal:
    """The budget once `change` (kr., may be negative) is added; a Danish ValidationError below 0."""
    budget = project.budget or Decimal(0)
    result = budget + Decimal(change or 0)
    if result < 0:
        raise ValidationError(
            {
                "budget_change": NEGATIVE_BUDGET_MESSAGE.format(
                    budget=f"{budget:,.0f}", change=f"{change:,.0f}"
                ).replace(",", ".")
            }
        )
    return result


@transaction.atomic
def project_course_change(*, actor, project: Project, end_date=None, budget_change=None) -> Project:
    """An approved change of course: the forecast end date (and the current phase's forecast end, when
    the new date is later) and the budget (+= `budget_change`, never below 0). Saved with history and a
    new project version, so an edit form opened before is refused as stale."""
    project_require_open(project)
    current = Project.objects.select_for_update().get(pk=project.pk)
    fields = []
    if end_date is not None and current.end_date != end_date:
        current.end_date = end_date
        fields.append("end_date")
        plan = ProjectPhasePlan.objects.filter(project=current, phase=current.phase).first()
        if plan is not None and (plan.planned_end is None or end_date > plan.planned_end):
            plan.planned_end = end_date
            save_with_history(plan, actor=actor, update_fields=["planned_end"])
    if budget_change:
        current.budget = budget_after(current, budget_change)
        fields.append("budget")
    if not fields:
        return current
    current.version += 1
    save_with_history(current, actor=actor, update_fields=[*fields, "version", "updated_at"])
    project.end_date, project.budget, project.version = current.end_date, current.budget, current.version
    return current
