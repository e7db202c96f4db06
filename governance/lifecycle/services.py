"""Writes of a project's requests to its bodies: asking for the next phase gate or a change of course,
answering at a held meeting, withdrawing.

A request goes on the agenda of the deciding body's next meeting (governance.bodies.services, the same
placement escalations use) or waits until a meeting is created. The body's chair or a member answers it
at a held meeting (governance.permissions.can_answer_request); the answer is a Decision recorded through
governance.decisions.services, linked to the request. Only a passed gate moves the phase (through
phase_gate_check and portfolio.services.project_phase_set, the start-checklist rule included); passing
into gennemførelse freezes the baseline. Only an approved change updates the forecast, the budget and the
business case."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from benefits.services import business_case_investment_add
from governance.bodies.services import project_request_place
from governance.decisions.services import DECISION_TEXT_MAX_CHARS, decision_record
from governance.lifecycle import selectors
from governance.models import Decision, ProjectRequest
from governance.permissions import can_answer_request, can_request_for, is_own_request
from portfolio.dates import danish_date
from portfolio.history import save_with_history
from portfolio.lifecycle.services import (
    budget_after,
    project_baseline_freeze,
    project_course_change,
    project_start_checklist_set,
)
from portfolio.models import START_CHECKLIST_FIELDS, Phase, Project
from portfolio.services import project_require_open, submit_once

OWN_REQUEST_MESSAGE = "Du kan ikke selv besvare en anmodning, du har sendt."
NOT_PENDING_MESSAGE = "Anmodningen er allerede {state}. Dit svar er ikke registreret."
NO_MEETING_MESSAGE = "Anmodningen er ikke sat på et møde endnu; den besvares på organets næste møde."
CANCELLED_MESSAGE = "Mødet er aflyst. Anmodningen besvares på et andet møde."
UPCOMING_MESSAGE = "Anmodningen besvares på mødet den {date}, ikke før."
NO_BODY_MESSAGE = "Der er intet {kind}, der kan tage stilling til anmodningen."
TEXT_REQUIRED = {
    ProjectRequest.State.PASSED_WITH_CONDITIONS: "Skriv betingelserne for godkendelsen.",
    ProjectRequest.State.RETURNED: "Skriv, hvorfor anmodningen sendes tilbage.",
}
GATE_OUTCOMES = (
    ProjectRequest.State.PASSED,
    ProjectRequest.State.PASSED_WITH_CONDITIONS,
    ProjectRequest.State.RETURNED,
)
CHANGE_OUTCOMES = (ProjectRequest.State.PASSED, ProjectRequest.State.RETURNED)


def _require_requester(actor, project: Project) -> None:
    if actor is None or not can_request_for(actor, project):
        raise PermissionDenied


def _locked_project(project: Project) -> Project:
    project_require_open(project)
    return Project.objects.select_for_update().get(pk=project.pk)


# --- asking ---------------------------------------------------------------------------------------------


@transaction.atomic
def gate_request_create(
    *, actor, project: Project, to_phase: str, answers: dict, version=None, submit_token: str = ""
) -> ProjectRequest:
    """Ask for `project`'s next gate (into `to_phase`). `answers`: {item key: (done, note)} for the gate's
    checklist (selectors.gate_checklist); start-checklist items are written back to the project (with its
    history; `version` is the project's token the form was opened with), computed items are read again.
    Refused in Danish for a light-model or finished project, a second pending gate, or another gate than
    the next one. The same form posted twice asks once (`submit_token`)."""
    _require_requester(actor, project)
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=ProjectRequest,
        create=lambda: _gate_request_create(
            actor=actor, project=project, to_phase=to_phase, answers=answers, version=version
        ),
    )


def _gate_request_create(*, actor, project, to_phase, answers, version) -> ProjectRequest:
    current = _locked_project(project)
    refusal = selectors.gate_refusal(current)
    if refusal:
        raise ValidationError(refusal)
    from_phase, next_phase = selectors.next_gate(current)
    if to_phase != next_phase:
        raise ValidationError(
            selectors.NOT_NEXT_MESSAGE.format(
                from_=selectors.phase_label(from_phase), to=selectors.phase_label(next_phase)
            )
        )
    body = selectors.gate_body(from_phase, to_phase)
    if body is None:
        raise ValidationError(NO_BODY_MESSAGE.format(kind="organ med mandatet"))
    items = selectors.gate_checklist(current, from_phase, to_phase)
    start_values = {}
    for item in items:
        done, note = answers.get(item["key"], (item["done"], ""))
        if not item.get("computed"):
            item["done"] = bool(done)
        item["note"] = (note or "").strip()[:1000]
        item.pop("computed", None)
        if item["key"] in START_CHECKLIST_FIELDS:
            start_values[item["key"]] = item["done"]
    if start_values:
        project_start_checklist_set(actor=actor, project=project, values=start_values, version=version)
    request = ProjectRequest(
        kind=ProjectRequest.Kind.GATE,
        project=current,
        body=body,
        from_phase=from_phase,
        to_phase=to_phase,
        checklist=items,
        requested_by=actor,
    )
    save_with_history(request, actor=actor, clean=True)
    project_request_place(actor=actor, project_request=request)
    request.refresh_from_db()
    return request


@transaction.atomic
def change_request_create(
    *,
    actor,
    project: Project,
    reason: str,
    scope_change: str = "",
    new_end_date=None,
    budget_change=None,
    submit_token: str = "",
) -> ProjectRequest:
    """Ask the body that owns the project's current mandate (selectors.change_body_kind) to change
    course: scope, expected end date, budget (kr., may be negative but never take the budget below 0)."""
    _require_requester(actor, project)
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=ProjectRequest,
        create=lambda: _change_request_create(
            actor=actor,
            project=project,
            reason=reason,
            scope_change=scope_change,
            new_end_date=new_end_date,
            budget_change=budget_change,
        ),
    )


def _change_request_create(*, actor, project, reason, scope_change, new_end_date, budget_change):
    current = _locked_project(project)
    reason, scope_change = (reason or "").strip(), (scope_change or "").strip()
    if not reason:
        raise ValidationError({"reason": "Skriv begrundelsen for ændringen."})
    if not (scope_change or new_end_date or budget_change):
        raise ValidationError("Angiv mindst én ændring: omfang, ny forventet slutdato eller budget.")
    if budget_change:
        budget_after(current, budget_change)
    kind = selectors.change_body_kind(current)
    body = selectors.deciding_body(kind)
    if body is None:
        raise ValidationError(NO_BODY_MESSAGE.format(kind=kind))
    request = ProjectRequest(
        kind=ProjectRequest.Kind.CHANGE,
        project=current,
        body=body,
        reason=reason,
        scope_change=scope_change,
        new_end_date=new_end_date,
        budget_change=budget_change or None,
        requested_by=actor,
    )
    save_with_history(request, actor=actor, clean=True)
    project_request_place(actor=actor, project_request=request)
    request.refresh_from_db()
    return request


# --- answering ------------------------------------------------------------------------------------------


def _locked_request(project_request: ProjectRequest) -> ProjectRequest:
    return (
        ProjectRequest.objects.select_for_update(of=("self",))
        .select_related("project", "body", "agenda_item__meeting__body")
        .get(pk=project_request.pk)
    )


def answer_refusal(project_request: ProjectRequest, today=None) -> str | None:
    """Why the request cannot be answered now (state, meeting), in Danish; None if it can."""
    stage = selectors.request_stage(project_request, today)
    if stage.code == "answered":
        return NOT_PENDING_MESSAGE.format(state=project_request.get_state_display().lower())
    if stage.code == "waiting":
        return NO_MEETING_MESSAGE
    if stage.code == "cancelled":
        return CANCELLED_MESSAGE
    if stage.code == "upcoming":
        return UPCOMING_MESSAGE.format(date=danish_date(stage.meeting.date))
    return None


@transaction.atomic
def request_answer(
    *, actor, project_request: ProjectRequest, outcome: str, text: str = "", submit_token: str = ""
) -> Decision:
    """The deciding body answers `project_request` at the held meeting whose agenda carries it: passed,
    passed with conditions (gates; `text` the conditions) or returned (`text` the reason). Returns the
    Decision. The same form posted twice answers once (`submit_token`)."""
    if actor is None or is_own_request(actor, project_request):
        raise PermissionDenied(OWN_REQUEST_MESSAGE)
    if not can_answer_request(actor, project_request):
        raise PermissionDenied
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=Decision,
        create=lambda: _request_answer(
            actor=actor, project_request=project_request, outcome=outcome, text=text
        ),
    )


def _decision_text(request: ProjectRequest, outcome: str, text: str) -> str:
    if request.is_gate:
        gate = f"{request.get_from_phase_display()} → {request.get_to_phase_display()}"
        lead = {
            ProjectRequest.State.PASSED: f"Fasegodkendelse {gate} godkendt.",
            ProjectRequest.State.PASSED_WITH_CONDITIONS: f"Fasegodkendelse {gate} godkendt med betingelser:",
            ProjectRequest.State.RETURNED: f"Anmodning om fasegodkendelse {gate} sendt tilbage:",
        }[outcome]
    else:
        lead = {
            ProjectRequest.State.PASSED: "Ændringsanmodningen godkendt.",
            ProjectRequest.State.RETURNED: "Ændringsanmodningen sendt tilbage:",
        }[outcome]
    return f"{lead} {text}".strip()[:DECISION_TEXT_MAX_CHARS]


def _request_answer(*, actor, project_request, outcome, text) -> Decision:
    request = _locked_request(project_request)
    outcomes = GATE_OUTCOMES if request.is_gate else CHANGE_OUTCOMES
    if outcome not in outcomes:
        raise ValidationError({"outcome": "Vælg et af svarene."})
    refusal = answer_refusal(request)
    if refusal:
        raise ValidationError(refusal)
    text = (text or "").strip()
    if outcome in TEXT_REQUIRED and not text:
        raise ValidationError({"text": TEXT_REQUIRED[outcome]})
    passed = outcome != ProjectRequest.State.RETURNED
    meeting = request.agenda_item.meeting
    gate_pass = request.is_gate and passed
    decision = decision_record(
        actor=actor,
        meeting=meeting,
        agenda_item=request.agenda_item,
        text=_decision_text(request, outcome, text),
        kind=Decision.Kind.PHASE_GATE if gate_pass else Decision.Kind.ORDINARY,
        project=request.project,
        from_phase=request.from_phase if gate_pass else "",
        to_phase=request.to_phase if gate_pass else "",
    )
    if gate_pass and request.to_phase == Phase.EXECUTION:
        project_baseline_freeze(actor=actor, project=request.project)
    if passed and not request.is_gate:
        project_course_change(
            actor=actor,
            project=request.project,
            end_date=request.new_end_date,
            budget_change=request.budget_change,
        )
        if request.budget_change:
            business_case_investment_add(
                actor=actor, project=request.project, amount=request.budget_change, today=timezone.localdate()
            )
    request.state, request.conditions, request.decision = outcome, text, decision
    save_with_history(request, actor=actor, update_fields=["state", "conditions", "decision"])
    return decision


@transaction.atomic
def request_withdraw(*, actor, project_request: ProjectRequest) -> ProjectRequest:
    """The requester takes a pending request back. Its agenda item stays (the meeting's record)."""
    if actor is None or not is_own_request(actor, project_request):
        raise PermissionDenied
    request = _locked_request(project_request)
    if not request.is_pending:
        raise ValidationError(NOT_PENDING_MESSAGE.format(state=request.get_state_display().lower()))
    request.state = ProjectRequest.State.WITHDRAWN
    save_with_history(request, actor=actor, update_fields=["state"])
    return request
