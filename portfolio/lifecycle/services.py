"""Writes of a project's life that are the project register's own. Who may decide a gate, a change or a
closing is governance's (governance.lifecycle); it calls these once the decision is taken."""

import datetime
import re
import zlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portfolio import stale
from portfolio.history import save_with_history
from portfolio.lifecycle.selectors import PLANNED_PHASES
from portfolio.models import START_CHECKLIST_FIELDS, Milestone, Project, ProjectPhasePlan
from portfolio.services import project_require_open, project_save, project_stale_scope, submit_once

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


# --- Creating a project: the portal gives the number -------------------------------------------------------

# Transaction-scoped PostgreSQL advisory lock under which the next number is read and taken.
NUMBERING_LOCK = zlib.crc32(b"portfolio.project_number") & 0x7FFFFFFF


def project_number_prefix(year: int) -> str:
    return f"{settings.PROJECT_NUMBER_PREFIX}-{year}-"


def project_number_next(*, year: int | None = None) -> str:
    """The next free number of `year`'s series (default: this year), `<prefix>-<year>-NNN` with at least
    three digits: one more than the highest number of the series, 001 for the year's first project.
    Numbers typed outside the series (old projects, an idea's own) are left out of the count. Call it in
    the creating transaction after `_numbering_lock()`, so that two creates cannot take the same number."""
    year = year or timezone.localdate().year
    prefix = project_number_prefix(year)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    taken = Project.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(match[1]) for number in taken if (match := pattern.match(number))), default=0)
    return f"{prefix}{highest + 1:03d}"


def _numbering_lock() -> None:
    """Serialise numbering until the transaction ends. PostgreSQL: an advisory lock (a row lock would
    not stop an insert). SQLite lets one writer at a time anyway; the unique number is the backstop."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NUMBERING_LOCK])


@transaction.atomic
def project_create(*, actor, project: Project, focus_areas, deputies, submit_token: str = "") -> Project:
    """Create `project` (validated form data, no number) with the next free number of this year's series.
    The number is read and taken under a lock in this transaction; should an insert still meet the unique
    number (a number typed elsewhere meanwhile), it is tried once more with the next number."""
    if not actor.has_perm("portfolio.add_project"):
        raise PermissionDenied

    def create():
        _numbering_lock()
        for attempt in (1, 2):
            project.number = project_number_next()
            try:
                with transaction.atomic():
                    created = project_save(
                        actor=actor, project=project, focus_areas=focus_areas, deputies=deputies
                    )
                    # The phase it is created in starts today: the phase table's "Faktisk" has a start.
                    first = ProjectPhasePlan(
                        project=created, phase=created.phase, actual_start=timezone.localdate()
                    )
                    save_with_history(first, actor=actor)
                    return created
            except IntegrityError:
                project.pk, project._state.adding = None, True
                if attempt == 2 or not Project.objects.filter(number=project.number).exists():
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    return submit_once(actor=actor, submit_token=submit_token, model=Project, create=create)


# --- The phase plan: forecast dates per phase -------------------------------------------------------------

PHASE_END_BEFORE_START = "Forventet slut ligger før forventet start. Ret en af datoerne."


def phase_plan_scope(project: Project) -> stale.Scope:
    """What the phase plan form edits: the forecast dates of the project's planned phases."""
    return stale.Scope(
        (
            stale.rows(
                ProjectPhasePlan.objects.filter(project=project, phase__in=PLANNED_PHASES),
                ("planned_start", "planned_end"),
                label=lambda plan: plan.get_phase_display(),
            ),
        )
    )


@transaction.atomic
def phase_plan_save(
    *,
    actor,
    project: Project,
    dates: dict[str, tuple[datetime.date | None, datetime.date | None]],
    version=None,
) -> list[ProjectPhasePlan]:
    """Set the forecast ("Forventet") start and end of each phase in `dates` ({phase: (start, end)}).
    The baseline is not touched: once frozen it stays. Refused for a finished project, for an end before
    its start, and when someone saved the plan after the form was opened (`version`, portfolio.stale).
    Only rows that change are written, each with its history record."""
    project_require_open(project)
    unknown = set(dates) - set(PLANNED_PHASES)
    if unknown:
        raise ValidationError("Ukendt fase.")
    errors = {
        f"{phase}_end": PHASE_END_BEFORE_START
        for phase, (start, end) in dates.items()
        if start and end and end < start
    }
    if errors:
        raise ValidationError(errors)
    stale.check(phase_plan_scope(project), version)
    plans = {plan.phase: plan for plan in ProjectPhasePlan.objects.filter(project=project)}
    saved = []
    for phase, (start, end) in dates.items():
        plan = plans.get(phase)
        if plan is None:
            if start is None and end is None:
                continue
            plan = ProjectPhasePlan(project=project, phase=phase)
        elif (plan.planned_start, plan.planned_end) == (start, end):
            continue
        plan.planned_start, plan.planned_end = start, end
        saved.append(save_with_history(plan, actor=actor))
    return saved
