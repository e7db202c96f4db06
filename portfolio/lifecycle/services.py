"""Writes of a project's life that are the project register's own. Who may decide a gate, a change or a
closing is governance's (governance.lifecycle); it calls these once the decision is taken."""

from django.db import transaction
from django.utils import timezone

from portfolio.history import save_with_history
from portfolio.models import Milestone, Project, ProjectPhasePlan


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
