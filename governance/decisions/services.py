"""Writes of decisions: recording what a body decided at a meeting, escalation, phase gates.

The trail of a project's request: the status report's "decisions needed" (StatusReport) → an agenda
item of the programme group that carries it (AgendaItem.requested_in) → the programme group's decision
on that item (Decision.requested_in, kept from the item). If the programme group cannot decide, it
records a decision of kind "escalation": that escalation waits for the body it escalates to
(Body.escalates_to) until that body records a decision whose `escalated_from` is the escalation. An
escalation with no such decision is "awaiting" (the steering group's Beslutninger page). Recording
an escalation also puts an agenda item on the target body's next planned meeting, if there is one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance.bodies.services import agenda_place_on_next_meeting
from governance.common.dates import danish_date
from governance.decisions.selectors import escalations_awaiting
from governance.models import AgendaItem, Body, Decision, Meeting, ProjectRequest
from governance.permissions import (
    can_decide_for,
    can_open_decision_form,
    can_record_decision,
    is_own_escalation,
)
from portfolio.history import save_with_history
from portfolio.models import PHASE_ORDER, Phase
from portfolio.services import project_phase_set, submit_once

DECISION_TEXT_MAX_CHARS = 10_000
OWN_ESCALATION_MESSAGE = "Du kan ikke selv besvare eller sende en eskalering videre, som du har registreret."
SECRETARY_DECIDES_NOTHING_MESSAGE = (
    "Som sekretær skriver du organets almindelige beslutninger ned. Fasegodkendelser, eskaleringer, "
    "prioriteringer, bevillinger og svar på eskaleringer gives af formanden eller et medlem."
)

# Which body's decision passes each phase gate of a standard-model project. The one place this lives:
# the programme group takes a project into analyse and into gennemførelse, the steering group into
# realisering, and the programme group closes it by accepting its closing report (afsluttet).
# Light-model projects have no gates; only their closing is one (LIGHT_CLOSING_MANDATE, from any active
# phase past idé), so every closed project has the programme group's decision in its gate trail.
PHASE_GATE_MANDATES = {
    (Phase.IDEA, Phase.ANALYSIS): Body.Kind.PROGRAMME_GROUP,
    (Phase.ANALYSIS, Phase.EXECUTION): Body.Kind.PROGRAMME_GROUP,
    (Phase.EXECUTION, Phase.REALISATION): Body.Kind.STEERING_GROUP,
    (Phase.REALISATION, Phase.CLOSED): Body.Kind.PROGRAMME_GROUP,
}
LIGHT_CLOSING_MANDATE = Body.Kind.PROGRAMME_GROUP
# The last gate is passed only by accepting the closing report (governance.lifecycle.closing), so that no
# project is closed without one; a decision recorded at a meeting cannot pass it.
CLOSING_ONLY_BY_REPORT_MESSAGE = (
    "Et projekt afsluttes ved, at programgruppen godkender projektets afslutningsrapport på siden "
    "Afslutningsrapport, ikke ved en beslutning her."
)
LIGHT_CLOSING_FROM = (Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION)


def _phase_label(value) -> str:
    return Phase(value).label.lower() if value in Phase.values else str(value)


def phase_gate_check(*, body: Body, project, from_phase: str, to_phase: str) -> None:
    """Raise a Danish ValidationError unless `body` may pass `project` from `from_phase` to `to_phase`."""
    if project is None:
        raise ValidationError({"project": "En fasegodkendelse skal handle om et projekt."})
    if from_phase not in Phase.values or to_phase not in Phase.values:
        raise ValidationError({"to_phase": "Vælg både fra- og tilfase."})
    if project.project_model != project.ProjectModel.STANDARD:
        _light_closing_check(body=body, project=project, from_phase=from_phase, to_phase=to_phase)
        return
    if project.phase != from_phase:
        raise ValidationError(
            {
                "from_phase": f"Projektet er i fasen {_phase_label(project.phase)}, "
                f"ikke {_phase_label(from_phase)}."
            }
        )
    order = [str(phase) for phase in PHASE_ORDER]
    if (
        from_phase not in order
        or to_phase not in order
        or order.index(to_phase) != order.index(from_phase) + 1
    ):
        raise ValidationError(
            {"to_phase": f"Fra {_phase_label(from_phase)} kan projektet kun godkendes til den næste fase."}
        )
    mandate = PHASE_GATE_MANDATES[(from_phase, to_phase)]
    if body.kind != mandate:
        raise ValidationError(
            f"Overgangen fra {_phase_label(from_phase)} til {_phase_label(to_phase)} godkendes af "
            f"{Body.Kind(mandate).label.lower()}, ikke af {body}."
        )


def _light_closing_check(*, body: Body, project, from_phase: str, to_phase: str) -> None:
    """A light-model project passes no gate but its closing: the programme group's, from its phase."""
    if to_phase != Phase.CLOSED or from_phase not in LIGHT_CLOSING_FROM:
        raise ValidationError({"project": "Projektet følger den lette model og har ingen fasegodkendelser."})
    if project.phase != from_phase:
        raise ValidationError({"from_phase": f"Projektet er i fasen {_phase_label(project.phase)}."})
    if body.kind != LIGHT_CLOSING_MANDATE:
        raise ValidationError(
            f"Afslutningen godkendes af {Body.Kind(LIGHT_CLOSING_MANDATE).label.lower()}, ikke af {body}."
        )


def _open_escalation_for(body: Body, agenda_item: AgendaItem | None) -> Decision | None:
    """The escalation an agenda item of `body` brings (same project and request), oldest first."""
    if agenda_item is None or (agenda_item.project_id is None and agenda_item.requested_in_id is None):
        return None
    if ProjectRequest.objects.filter(agenda_item=agenda_item).exists():
        return None  # a project's gate or change request: its answer answers no escalation
    candidates = escalations_awaiting(body).filter(project_id=agenda_item.project_id)
    if agenda_item.requested_in_id is not None:
        candidates = candidates.filter(requested_in_id=agenda_item.requested_in_id)
    return candidates.order_by("decided_on", "pk").first()


def _escalation_place_on_agenda(*, actor, decision: Decision) -> AgendaItem | None:
    """Put an escalation on the next planned meeting of the body it goes to; None if none is planned
    (it then waits on that body's Beslutninger page until a meeting takes it up)."""
    subject = decision.project.name if decision.project_id else decision.text
    return agenda_place_on_next_meeting(
        actor=actor,
        body=decision.body.escalates_to,
        title=f"Eskaleret fra {decision.body}: {subject}"[:200],
        description=decision.text,
        project=decision.project,
        requested_in=decision.requested_in,
    )


def _escalation_locked(escalation: Decision) -> Decision:
    """The escalation's row, locked until the transaction ends. Whoever answers it or passes it on holds
    this lock while checking that it still awaits an answer and writing theirs, so of two concurrent
    attempts (answers, or an answer and an escalation further) the second waits, then sees the first."""
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body__escalates_to")
        .get(pk=escalation.pk)
    )


def _escalation_require_awaiting(escalation: Decision) -> None:
    """Raise a Danish ValidationError if `escalation` has been answered or passed on. Call it with the
    escalation locked (_escalation_locked): the check is then still true when the caller writes."""
    first = escalation.escalations.select_related("body__escalates_to").order_by("pk").first()
    if first is None:
        return
    how = (
        f"sendt videre til {first.body.escalates_to}"
        if first.kind == Decision.Kind.ESCALATION and first.body.escalates_to_id
        else "besluttet"
    )
    raise ValidationError(
        f"Eskalationen er allerede besvaret: {first.body} har {how} den {danish_date(first.decided_on)}. "
        "Din beslutning er ikke registreret."
    )


def decision_text_clean(text, field="text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: "Skriv beslutningen."})
    if len(text) > DECISION_TEXT_MAX_CHARS:
        raise ValidationError(
            {field: f"Teksten må højst være {DECISION_TEXT_MAX_CHARS:,} tegn.".replace(",", ".")}
        )
    return text


@transaction.atomic
def decision_record(
    *,
    actor,
    meeting: Meeting,
    agenda_item: AgendaItem | None = None,
    text: str,
    kind: str,
    project=None,
    from_phase: str = "",
    to_phase: str = "",
    escalated_from: Decision | None = None,
    submit_token: str = "",
) -> Decision:
    """Record a decision the meeting's body took at `meeting` (dated the meeting's date).

    - Only someone who may decide for the body records it (governance.permissions.can_decide_for).
    - An agenda item that carries a project's request keeps it on the decision (`requested_in`); one
      that brings an escalation to this body answers it (`escalated_from`), as does an explicit one.
    - kind "phase_gate": the body with the mandate (PHASE_GATE_MANDATES) moves the standard-model project
      to the next phase through portfolio.services.project_phase_set, checklist rule included.
    - kind "escalation": the body passes the matter to the body it escalates to; it waits there.
    - `submit_token` (the form's one-time token): the same form posted again returns the decision it
      recorded (portfolio.services.submit_once) instead of recording it twice.
    Raises PermissionDenied or a Danish ValidationError; nothing is written then."""
    if actor is None or not can_open_decision_form(actor, meeting.body):
        raise PermissionDenied
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=Decision,
        create=lambda: _decision_create(
            actor=actor,
            meeting=meeting,
            agenda_item=agenda_item,
            text=text,
            kind=kind,
            project=project,
            from_phase=from_phase,
            to_phase=to_phase,
            escalated_from=escalated_from,
        ),
    )


def _decision_create(
    *, actor, meeting, agenda_item, text, kind, project, from_phase, to_phase, escalated_from
) -> Decision:
    body = meeting.body
    text = decision_text_clean(text)
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": "Vælg en gyldig type beslutning."})
    if meeting.cancelled:
        raise ValidationError("Mødet er aflyst; der kan ikke registreres beslutninger på det.")
    if meeting.date > timezone.localdate():
        raise ValidationError("Beslutninger registreres på eller efter mødedagen.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Dagsordenspunktet hører ikke til dette møde."})
    if project is None and agenda_item is not None:
        project = agenda_item.project
    requested_in = agenda_item.requested_in if agenda_item is not None else None
    if escalated_from is None:
        escalated_from = _open_escalation_for(body, agenda_item)
        if escalated_from is not None:
            # Answered by someone else since we looked: this decision is then what it would have been a
            # moment later, a decision on the item that answers nothing.
            escalated_from = _escalation_locked(escalated_from)
            if escalated_from.escalations.exists():
                escalated_from = None
    elif escalated_from.kind != Decision.Kind.ESCALATION or escalated_from.body.escalates_to_id != body.pk:
        raise ValidationError({"escalated_from": f"Eskaleringen venter ikke på en beslutning fra {body}."})
    else:
        escalated_from = _escalation_locked(escalated_from)
        _escalation_require_awaiting(escalated_from)
    if escalated_from is not None:
        if is_own_escalation(actor, escalated_from):
            raise PermissionDenied(OWN_ESCALATION_MESSAGE)
        requested_in = requested_in or escalated_from.requested_in
        project = project or escalated_from.project
    if escalated_from is not None and kind == Decision.Kind.ORDINARY:
        # Answering an escalation is a decision of the body, never only a secretary's note.
        if not can_decide_for(actor, body, project=project):
            raise ValidationError(SECRETARY_DECIDES_NOTHING_MESSAGE)
    elif not can_record_decision(actor, body, kind=kind, project=project):
        if can_open_decision_form(actor, body):
            raise ValidationError(SECRETARY_DECIDES_NOTHING_MESSAGE)
        raise PermissionDenied
    if kind == Decision.Kind.ESCALATION and body.escalates_to_id is None:
        raise ValidationError({"kind": f"{body} eskalerer ikke til et andet organ."})
    if kind == Decision.Kind.PHASE_GATE:
        phase_gate_check(body=body, project=project, from_phase=from_phase, to_phase=to_phase)
        if to_phase == Phase.CLOSED:
            raise ValidationError({"to_phase": CLOSING_ONLY_BY_REPORT_MESSAGE})
    else:
        from_phase = to_phase = ""
    decision = Decision(
        body=body,
        meeting=meeting,
        agenda_item=agenda_item,
        project=project,
        decided_on=meeting.date,
        kind=kind,
        text=text,
        from_phase=from_phase,
        to_phase=to_phase,
        requested_in=requested_in,
        escalated_from=escalated_from,
        recorded_by=actor,
    )
    save_with_history(decision, actor=actor, clean=True)
    if kind == Decision.Kind.PHASE_GATE:
        project_phase_set(actor=actor, project=project, phase=to_phase)
    if kind == Decision.Kind.ESCALATION:
        _escalation_place_on_agenda(actor=actor, decision=decision)
    return decision


@transaction.atomic
def decision_escalate(*, actor, decision: Decision, text: str = "", submit_token: str = "") -> Decision:
    """The body an escalation waits for passes it on, one step up: a new escalation of that body
    (`escalated_from` the one it answers), dated today, which now waits for the next body. The same form
    posted again (`submit_token`) returns that escalation instead of a refusal."""
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=Decision,
        create=lambda: _decision_escalate(actor=actor, decision=decision, text=text),
    )


def _decision_escalate(*, actor, decision: Decision, text: str) -> Decision:
    decision = _escalation_locked(decision)
    target = decision.body.escalates_to
    if decision.kind != Decision.Kind.ESCALATION or target is None:
        raise ValidationError("Kun en eskalering kan sendes videre.")
    if actor is None or not can_decide_for(actor, target, project=decision.project):
        raise PermissionDenied
    if is_own_escalation(actor, decision):
        raise PermissionDenied(OWN_ESCALATION_MESSAGE)
    _escalation_require_awaiting(decision)
    if target.escalates_to_id is None:
        raise ValidationError(f"{target} eskalerer ikke til et andet organ.")
    text = text.strip() or f"Eskaleret videre til {target.escalates_to}: {decision.text}"
    escalation = Decision(
        body=target,
        project=decision.project,
        decided_on=timezone.localdate(),
        kind=Decision.Kind.ESCALATION,
        text=decision_text_clean(text[:DECISION_TEXT_MAX_CHARS]),
        requested_in=decision.requested_in,
        escalated_from=decision,
        recorded_by=actor,
    )
    save_with_history(escalation, actor=actor, clean=True)
    _escalation_place_on_agenda(actor=actor, decision=escalation)
    return escalation


@transaction.atomic
def decision_note(
    *, actor, body: Body, kind: str, text: str, decided_on, decision: Decision | None = None, field="text"
) -> Decision:
    """A decision `body` took outside a recorded meeting, written down by a service of another room that
    checked the rights already (the steering group's funding of an idea and approval of the indsatsplan,
    the IT-security group's decision on a yearly task). With `decision`, that decision is corrected
    (the history keeps the earlier text). `field` names the form field a too long or empty text is on."""
    decision = decision or Decision(body=body, kind=kind, recorded_by=actor)
    decision.decided_on = decided_on
    decision.text = decision_text_clean(text, field)
    return save_with_history(decision, actor=actor, clean=True)


@transaction.atomic
def decision_project_set(*, actor, decision: Decision, project) -> Decision:
    """Point a decision that had no project at `project` (an idea's funding, once the idea is a project)."""
    if decision.project_id is None:
        decision.project = project
        save_with_history(decision, actor=actor, update_fields=["project"])
    return decision
