"""Reads of a project's requests to its bodies: which gate is next, what its checklist holds, which body
decides a change, where a request stands (waiting for a meeting, to be decided, answered)."""

from dataclasses import dataclass

from django.utils import timezone

from governance.decisions.services import PHASE_GATE_MANDATES
from governance.models import Body, ProjectRequest
from governance.permissions import can_request_for
from portfolio.models import PHASE_ORDER, START_CHECKLIST_FIELDS, Phase, Project

# The gates a request may ask for. Realisering → afsluttet goes through the closing report instead.
REQUESTABLE_GATES = [
    (Phase.IDEA, Phase.ANALYSIS),
    (Phase.ANALYSIS, Phase.EXECUTION),
    (Phase.EXECUTION, Phase.REALISATION),
]
REQUIRED_START_FIELDS = START_CHECKLIST_FIELDS[:3]
# The documents the project model names, by gate (key, label).
GATE_DOCUMENTS = {
    (Phase.ANALYSIS, Phase.EXECUTION): [
        ("projektgrundlag", "Projektgrundlag"),
        ("business_case", "Business case"),
        ("risikolog", "Risikolog"),
        ("styregruppeaftale", "Styregruppeaftale"),
    ],
    (Phase.EXECUTION, Phase.REALISATION): [
        ("gevinstrealiseringsplan", "Gevinstrealiseringsplan"),
    ],
}
BENEFIT_OWNERS_KEY = "gevinstejere"

LIGHT_MESSAGE = "Projektet følger den lette model og har ingen fasegodkendelser."
FINISHED_MESSAGE = "Projektet er {phase} og kan ikke anmode om mere."
PENDING_GATE_MESSAGE = "Projektet har allerede en anmodning om fasegodkendelse, der venter på svar."
NO_GATE_MESSAGE = "Projektet afsluttes med en afslutningsrapport, ikke med en fasegodkendelse."
NOT_NEXT_MESSAGE = "Projektet kan kun anmode om den næste fasegodkendelse: {from_} → {to}."


def phase_label(value) -> str:
    return Phase(value).label.lower() if value in Phase.values else str(value)


def next_gate(project: Project) -> tuple[str, str] | None:
    """The gate `project` may ask for next, or None (light model, finished, or realisering)."""
    if project.project_model != Project.ProjectModel.STANDARD or project.is_finished:
        return None
    return next(((start, end) for start, end in REQUESTABLE_GATES if start == project.phase), None)


def gate_refusal(project: Project, requests=None) -> str | None:
    """Why `project` cannot ask for a gate now, in Danish; None if it can. `requests`: its requests, when
    the page has them already (otherwise read)."""
    if project.project_model != Project.ProjectModel.STANDARD:
        return LIGHT_MESSAGE
    if project.is_finished:
        return FINISHED_MESSAGE.format(phase=phase_label(project.phase))
    if next_gate(project) is None:
        return NO_GATE_MESSAGE
    if requests is None:
        requests = ProjectRequest.objects.filter(project=project, kind=ProjectRequest.Kind.GATE)
    if any(r.kind == ProjectRequest.Kind.GATE and r.is_pending for r in requests):
        return PENDING_GATE_MESSAGE
    return None


def deciding_body(kind: str) -> Body | None:
    return Body.objects.filter(kind=kind, archived=False).order_by("pk").first()


def gate_body(from_phase: str, to_phase: str) -> Body | None:
    return deciding_body(PHASE_GATE_MANDATES[(from_phase, to_phase)])


def change_body_kind(project: Project) -> str:
    """The body that owns `project`'s current mandate: the one whose gate brought it into its phase; the
    programme group for a project in idé or on the light model."""
    order = [str(phase) for phase in PHASE_ORDER]
    if project.project_model != Project.ProjectModel.STANDARD or project.phase not in order[1:]:
        return Body.Kind.PROGRAMME_GROUP
    previous = order[order.index(project.phase) - 1]
    return PHASE_GATE_MANDATES.get((previous, project.phase), Body.Kind.PROGRAMME_GROUP)


def _start_item(project: Project, name: str) -> dict:
    label = Project._meta.get_field(name).verbose_name
    return {"key": name, "label": label[:1].upper() + label[1:], "done": getattr(project, name), "note": ""}


def benefit_owners_named(project: Project) -> bool:
    """Has the project benefits, and does each of them have an owner?"""
    owners = list(project.benefits.filter(archived=False).values_list("owner_id", flat=True))
    return bool(owners) and all(owner is not None for owner in owners)


def _documents(gate) -> list[dict]:
    return [{"key": key, "label": label, "done": False, "note": ""} for key, label in GATE_DOCUMENTS[gate]]


def gate_checklist(project: Project, from_phase: str, to_phase: str) -> list[dict]:
    """The gate's checklist as the request form starts it: [{key, label, done, note, computed?}]."""
    gate = (from_phase, to_phase)
    items = []
    if gate == (Phase.IDEA, Phase.ANALYSIS):
        items = [_start_item(project, name) for name in START_CHECKLIST_FIELDS]
    elif gate == (Phase.ANALYSIS, Phase.EXECUTION):
        items = _documents(gate)
        items += [_start_item(project, name) for name in REQUIRED_START_FIELDS]
    elif gate == (Phase.EXECUTION, Phase.REALISATION):
        items = [
            {
                "key": BENEFIT_OWNERS_KEY,
                "label": "Gevinstejere udpeget",
                "done": benefit_owners_named(project),
                "note": "",
                "computed": True,
            }
        ]
        items += _documents(gate)
    return items


def request_for_page(pk):
    return (
        ProjectRequest.objects.select_related(
            "project", "body", "agenda_item__meeting", "decision__meeting", "requested_by"
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class Stage:
    """Where a request stands: `code` is waiting (no meeting), upcoming, held, cancelled or answered."""

    code: str
    meeting: object = None


def request_stage(project_request: ProjectRequest, today=None) -> Stage:
    today = today or timezone.localdate()
    meeting = project_request.agenda_item.meeting if project_request.agenda_item_id else None
    if not project_request.is_pending:
        return Stage("answered", meeting)
    if meeting is None:
        return Stage("waiting")
    if meeting.cancelled:
        return Stage("cancelled", meeting)
    return Stage("upcoming" if meeting.date > today else "held", meeting)


@dataclass
class Panel:
    """The project page's requests section: what the user may press, and the requests."""

    may_request: bool
    gate: tuple | None
    gate_refusal: str | None
    may_change: bool
    pending: list
    answered: list


def project_request_panel(user, project: Project, requests, *, may_edit: bool) -> Panel:
    """From the page's prefetched requests (no query): buttons only for those who may, when possible."""
    requests = list(requests)
    today = timezone.localdate()
    for request in requests:
        request.stage = request_stage(request, today)
    may = can_request_for(user, project, may_edit=may_edit) and not project.archived
    refusal = gate_refusal(project, requests)
    return Panel(
        may_request=may,
        gate=next_gate(project) if may and refusal is None else None,
        gate_refusal=refusal,
        may_change=may and not project.is_finished,
        pending=[r for r in requests if r.is_pending],
        answered=[r for r in requests if not r.is_pending],
    )
