"""Reads of a project's life that views share."""

from django.utils.formats import date_format

from portfolio.history import HISTORY_ACTIONS
from portfolio.models import ACTIVE_PHASES, Phase, Project, ProjectPhasePlan

PLANNED_PHASES = ACTIVE_PHASES  # Idé, Analyse, Gennemførelse, Realisering: the phases a plan dates
PLAN_HISTORY_FIELDS = (
    "planned_start",
    "planned_end",
    "baseline_start",
    "baseline_end",
    "actual_start",
    "actual_end",
)


def phase_plans_for_form(project: Project) -> list[tuple[Phase, ProjectPhasePlan | None]]:
    """The planned phases in order, each with its stored plan row (None where there is none yet)."""
    plans = {plan.phase: plan for plan in ProjectPhasePlan.objects.filter(project=project)}
    return [(Phase(phase), plans.get(phase)) for phase in PLANNED_PHASES]


def _date_text(value) -> str:
    return date_format(value, "j. b Y") if value else "–"


def phase_plan_history(project: Project, limit: int = 30) -> list[dict]:
    """The changes to the project's phase plans, newest first, for includes/change_history.html: each
    with when, who, action, the phase as `item`, and `what` changed from what to what. Each record is
    compared with the record before it of the same phase (one query; a plan has few records)."""
    records = list(
        ProjectPhasePlan.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous_of_row, entries = {}, []
    for record in records:
        before = previous_of_row.get(record.id)
        previous_of_row[record.id] = record
        changes = []
        for name in PLAN_HISTORY_FIELDS:
            old, new = (getattr(before, name) if before else None), getattr(record, name)
            if old != new:
                label = ProjectPhasePlan._meta.get_field(name).verbose_name
                changes.append(f"{label} {_date_text(old)} → {_date_text(new)}")
        if not changes:
            continue
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
                "what": "; ".join(changes),
                "item": Phase(record.phase).label,
            }
        )
    return entries[::-1][:limit]
