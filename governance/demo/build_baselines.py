"""The demo's baselines: projects in gennemførelse or realisering have passed the gate into gennemførelse,
so their phase plan and milestones are frozen as the "Oprindelig plan"; then some forecasts move, so the
project pages, the status reports and the Project Board report show slip. Deterministic: which project
slips, and by how much, follows from its place in the numbered list."""

import datetime

from portfolio.history import save_with_history
from portfolio.lifecycle.services import project_baseline_freeze
from portfolio.models import PHASE_ORDER, Phase, Project
from portfolio.services import project_item_save

D = datetime.timedelta
BASELINED_PHASES = (Phase.EXECUTION, Phase.REALISATION)
PHASE_SLIP = D(days=21)  # a late project's current phase ends three weeks after its baseline
MILESTONE_SLIP = D(days=14)  # and its open milestones two weeks late
AHEAD = D(days=5)  # an early project's last open milestone is expected five days before its baseline


def _move_phases(actor, project: Project, by: datetime.timedelta) -> None:
    """Move the current phase's forecast end and every later phase's forecast dates by `by`."""
    plans = {plan.phase: plan for plan in project.phase_plans.all()}
    order = list(PHASE_ORDER)
    for phase in order[order.index(project.phase) :]:
        plan = plans.get(phase)
        if plan is None or plan.planned_end is None:
            continue
        if phase != project.phase and plan.planned_start is not None:
            plan.planned_start += by
        plan.planned_end += by
        save_with_history(plan, actor=actor, update_fields=["planned_start", "planned_end"])


def _move_milestone(actor, milestone, by: datetime.timedelta) -> None:
    milestone.due_date += by
    project_item_save(actor=actor, item=milestone)


def ensure_baselines(*, actor, projects: dict[str, Project]) -> None:
    """Freeze the baseline of each project past the gate into gennemførelse that has none yet (a second
    load changes nothing), dated to the day its gennemførelse started; then every third project slips
    (late phase and milestones) and the one after it expects a milestone ahead of time."""
    eligible = [projects[number] for number in sorted(projects) if projects[number].phase in BASELINED_PHASES]
    for index, project in enumerate(eligible):
        if project.baseline_frozen_on is not None:
            continue
        project_baseline_freeze(actor=actor, project=project)
        execution = project.phase_plans.filter(phase=Phase.EXECUTION).first()
        gate_day = execution and (execution.actual_start or execution.planned_start)
        if gate_day:
            project.baseline_frozen_on = gate_day
            save_with_history(project, actor=actor, update_fields=["baseline_frozen_on"])
        open_milestones = list(project.milestones.filter(archived=False, completed_on__isnull=True))
        if index % 3 == 0:
            _move_phases(actor, project, PHASE_SLIP)
            for milestone in open_milestones[:2]:
                _move_milestone(actor, milestone, MILESTONE_SLIP)
        elif index % 3 == 1 and open_milestones:
            _move_milestone(actor, open_milestones[-1], -AHEAD)
