"""The closing report (afslutningsrapport): the leader writes it, saves drafts and sends it to the
programme group. Accepting or returning it is the programme group's decision (governance.lifecycle.closing),
which calls the writes at the bottom of this module once it has checked who decides.

A standard-model project is closed from realisering (its last gate); a light-model project, which has no
gates, from any active phase past idé."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portfolio import stale
from portfolio.history import save_with_history
from portfolio.models import ClosingReport, Phase, Project
from portfolio.permissions import user_can
from portfolio.services import project_phase_set, project_require_open

# What the leader writes; the state, the return reason and the dates are the workflow's.
CLOSING_CONTENT_FIELDS = (
    "goals_met",
    "goals_not_met",
    "final_cost",
    "economy_comment",
    "line_takeover",
    "lessons_learned",
)
# What must be written before the report goes to the programme group.
CLOSING_REQUIRED_TO_SUBMIT = ("goals_met", "final_cost", "line_takeover", "lessons_learned")
REQUIRED_MESSAGE = "Udfyld feltet, før rapporten sendes til programgruppen."

LIGHT_CLOSING_PHASES = (Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION)
PHASE_MESSAGE_STANDARD = (
    "Afslutningsrapporten skrives, når projektet er i realisering. Projektet er i fasen {phase}."
)
PHASE_MESSAGE_LIGHT = (
    "Afslutningsrapporten skrives, når projektet er kommet videre end idéfasen. Projektet er i fasen {phase}."
)
LOCKED_MESSAGE = {
    ClosingReport.State.SUBMITTED: "Rapporten er sendt til programgruppen og kan ikke ændres, mens den "
    "behandles. Programgruppen kan sende den tilbage til dig.",
    ClosingReport.State.ACCEPTED: "Rapporten er godkendt af programgruppen og kan ikke ændres.",
}
NOT_SUBMITTED_MESSAGE = "Rapporten er ikke sendt til programgruppen (den er {state})."
EDITABLE_STATES = (ClosingReport.State.DRAFT, ClosingReport.State.RETURNED)


def closing_phase_refusal(project: Project) -> str:
    """Why a closing report cannot be written for `project` in its phase now; "" when it can."""
    phase = Phase(project.phase).label.lower() if project.phase in Phase.values else project.phase
    if project.project_model == Project.ProjectModel.STANDARD:
        return "" if project.phase == Phase.REALISATION else PHASE_MESSAGE_STANDARD.format(phase=phase)
    return "" if project.phase in LIGHT_CLOSING_PHASES else PHASE_MESSAGE_LIGHT.format(phase=phase)


def closing_report_of(project: Project) -> ClosingReport | None:
    return ClosingReport.objects.filter(project=project).first()


def can_write_closing_report(user, project: Project, report: ClosingReport | None = None) -> bool:
    """The leader and deputies (change_project on the project) write it while the project may be closed
    and the report is a draft or was sent back."""
    if not user.is_authenticated or not user_can(user, "portfolio.change_project", project):
        return False
    if project.is_finished or closing_phase_refusal(project):
        return False
    return report is None or report.state in EDITABLE_STATES


def closing_report_scope(report: ClosingReport) -> stale.Scope:
    return stale.of(report, CLOSING_CONTENT_FIELDS)


def _locked_report(project: Project) -> ClosingReport | None:
    return ClosingReport.objects.select_for_update().filter(project=project).first()


def _require_writable(actor, project: Project, report: ClosingReport | None) -> None:
    if actor is None or not user_can(actor, "portfolio.change_project", project):
        raise PermissionDenied
    project_require_open(project)
    current = Project.objects.get(pk=project.pk)
    refusal = closing_phase_refusal(current)
    if refusal:
        raise ValidationError(refusal)
    if report is not None and report.state not in EDITABLE_STATES:
        raise ValidationError(LOCKED_MESSAGE[report.state])


@transaction.atomic
def closing_report_save(*, actor, project: Project, data: dict, version=None) -> ClosingReport:
    """Create or update the leader's draft from `data` (the content fields). An edit of an existing report
    carries the token of the form it came from (portfolio.stale): a stale save is refused."""
    report = _locked_report(project)
    _require_writable(actor, project, report)
    if report is None:
        report = ClosingReport(project=project)
    else:
        stale.check(closing_report_scope(report), version)
    for name in CLOSING_CONTENT_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    return save_with_history(report, actor=actor, clean=True)


@transaction.atomic
def closing_report_submit(*, actor, project: Project, data: dict, version=None) -> ClosingReport:
    """Save and send the report to the programme group ("Send til programgruppen"): all or nothing."""
    report = closing_report_save(actor=actor, project=project, data=data, version=version)
    missing = {name: REQUIRED_MESSAGE for name in CLOSING_REQUIRED_TO_SUBMIT if _blank(getattr(report, name))}
    if missing:
        raise ValidationError(missing)
    report.state = ClosingReport.State.SUBMITTED
    report.submitted_at = timezone.now()
    return save_with_history(report, actor=actor, update_fields=["state", "submitted_at", "updated_at"])


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def closing_report_writers(report: ClosingReport) -> set[int]:
    """Everyone who wrote or sent the report (from its history): nobody of them accepts it."""
    return set(report.history.exclude(history_user=None).values_list("history_user_id", flat=True))


# --- the programme group's answer, written once governance has checked who decides ---------------------


def _require_submitted(report: ClosingReport) -> ClosingReport:
    current = ClosingReport.objects.select_for_update().get(pk=report.pk)
    if current.state != ClosingReport.State.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED_MESSAGE.format(state=current.get_state_display().lower()))
    return current


@transaction.atomic
def closing_report_return(*, actor, report: ClosingReport, reason: str) -> ClosingReport:
    """Send a submitted report back to the leader with `reason`; it is a draft again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Skriv, hvorfor rapporten sendes tilbage."})
    current = _require_submitted(report)
    current.state = ClosingReport.State.RETURNED
    current.return_reason = reason
    return save_with_history(current, actor=actor, update_fields=["state", "return_reason", "updated_at"])


@transaction.atomic
def closing_report_accept(*, actor, report: ClosingReport) -> ClosingReport:
    """Mark a submitted report accepted and close its project (phase afsluttet, read-only from now)."""
    current = _require_submitted(report)
    current.state = ClosingReport.State.ACCEPTED
    save_with_history(current, actor=actor, update_fields=["state", "updated_at"])
    project_phase_set(actor=actor, project=current.project, phase=Phase.CLOSED)
    return current


@transaction.atomic
def project_stop_set(*, actor, project: Project, reason: str) -> Project:
    """Stop an active project: the reason on the project (in its history), the phase stoppet."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Skriv, hvorfor projektet stoppes."})
    project_require_open(project)
    current = Project.objects.select_for_update().get(pk=project.pk)
    current.stop_reason = reason
    current.version += 1
    save_with_history(current, actor=actor, update_fields=["stop_reason", "version", "updated_at"])
    project_phase_set(actor=actor, project=current, phase=Phase.STOPPED)
    project.phase, project.stop_reason, project.version = current.phase, current.stop_reason, current.version
    return current


# --- what the project page shows -----------------------------------------------------------------------


def finished_on(project: Project):
    """The day `project` was closed or stopped (the start of that phase); None if it is not finished.
    Reads the prefetched phase plans."""
    if not project.is_finished:
        return None
    return next(
        (plan.actual_start for plan in project.phase_plans.all() if plan.phase == project.phase), None
    )


def closing_offered(project: Project, report: ClosingReport | None, *, can_edit: bool) -> bool:
    """Offer "Skriv afslutningsrapport" on the project page: `can_edit` is the user's change_project,
    already looked up by the page (can_write_closing_report without a query)."""
    if not can_edit or project.is_finished or closing_phase_refusal(project):
        return False
    return report is None or report.state in EDITABLE_STATES
