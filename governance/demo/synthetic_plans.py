"""The synthetic portfolio's plans (governance.demo.synthetic calls it after the projects exist): each GEN-
project's phase plan from its start to its expected end, with actual dates for the phases behind it and a
baseline for projects past analyse (their current and later phases have slipped a little since), and 2-6
milestones, reached, due or overdue. bulk_create only: thousands of projects in a second or two."""

import datetime
import random

from django.utils import timezone

from governance.demo.data.synthetic import BATCH_SIZE, PAST_ANALYSIS, PREFIX
from portfolio.models import ACTIVE_PHASES, Milestone, Phase, Project, ProjectPhasePlan

D = datetime.timedelta
# Each phase's share of a project's span from start to expected end.
SHARES = {Phase.IDEA: 0.1, Phase.ANALYSIS: 0.2, Phase.EXECUTION: 0.45, Phase.REALISATION: 0.25}
MILESTONE_TITLES = (
    "Kravspecifikation godkendt",
    "Kontrakt underskrevet",
    "Pilot startet",
    "Test gennemført",
    "Uddannelse af medarbejdere",
    "Go-live",
    "Gevinstmåling",
    "Evaluering",
)


def _spans(start: datetime.date, end: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    days = max((end - start).days, len(SHARES))
    spans, day = {}, start
    for phase, share in SHARES.items():  # back to back, in the phases' order
        length = max(int(days * share), 1)
        last = day + D(days=length - 1)
        spans[phase] = (day, last)
        day = last + D(days=1)
    return spans


def _plans(rng, project, today) -> list[ProjectPhasePlan]:
    spans = _spans(project.start_date, project.end_date)
    order = list(ACTIVE_PHASES)
    current = order.index(project.phase) if project.phase in order else len(order)
    baselined = project.phase in PAST_ANALYSIS
    slip = D(days=rng.choice([0, 0, 7, 14, 21, 45, -5])) if baselined else D(0)
    plans = []
    for index, phase in enumerate(order):
        start, end = spans[phase]
        plan = ProjectPhasePlan(project_id=project.pk, phase=phase)
        if baselined:
            plan.baseline_start, plan.baseline_end = start, end
        moved = slip if index >= current else D(0)
        plan.planned_start = start + (moved if index > current else D(0))
        plan.planned_end = max(end + moved, plan.planned_start)
        if index < current:
            plan.actual_start, plan.actual_end = start, end
        elif index == current:
            plan.actual_start = min(start, today)
        plans.append(plan)
    return plans


def _milestones(rng, project, today) -> list[Milestone]:
    span = max((project.end_date - project.start_date).days, 1)
    baselined = project.phase in PAST_ANALYSIS
    rows = []
    for title in rng.sample(MILESTONE_TITLES, rng.randint(2, 6)):
        due = project.start_date + D(days=rng.randint(0, span))
        reached = due <= today and rng.random() < 0.8  # noqa: PLR2004 - most past milestones were reached
        rows.append(
            Milestone(
                project_id=project.pk,
                title=title,
                due_date=due,
                baseline_date=due - D(days=rng.choice([0, 0, 7, 14])) if baselined else None,
                completed_on=due if reached else None,
            )
        )
    return rows


def synthetic_plans(*, seed: int) -> dict[str, int]:
    """Phase plans and milestones for every GEN- project (which has none yet); returns what was made."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    today = timezone.localdate()
    projects = Project.objects.filter(number__startswith=PREFIX).only("pk", "phase", "start_date", "end_date")
    plans, milestones = [], []
    for project in projects.order_by("pk"):
        if project.start_date is None or project.end_date is None:
            continue
        plans += _plans(rng, project, today)
        milestones += _milestones(rng, project, today)
    ProjectPhasePlan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH_SIZE)
    return {"Faseplaner": len(plans), "Milepæle": len(milestones)}
