"""A project's end, decided by its bodies: the programme group accepts the leader's closing report (or
sends it back with a reason), and the programme group or the steering group stops an active project.

Accepting is a phase-gate decision of the programme group, from the project's phase to afsluttet: the same
kind of decision for a standard-model project (its last gate, from realisering) and for a light-model one
(from the phase it is in), so the project's gate trail, the decision log and the lessons' year of
acceptance read alike for both. It closes the project (read-only from then on) and tells each benefit
owner that the benefits now are theirs to follow up. Stopping is an ordinary decision with its reason."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance.decisions.services import decision_note, decision_text_clean, phase_gate_check
from governance.models import Body, Decision, ProjectRequest
from governance.permissions import can_decide_closing, can_decide_for, can_stop_project
from portfolio.history import save_with_history
from portfolio.lifecycle.closing import (
    closing_report_accept,
    closing_report_return,
    closing_report_writers,
    project_stop_set,
)
from portfolio.mail import send_portal_mail
from portfolio.models import ClosingReport, Phase, Project

OWN_REPORT_MESSAGE = (
    "Du har selv skrevet eller indsendt afslutningsrapporten og kan derfor ikke godkende den."
)


def programme_group() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.PROGRAMME_GROUP, archived=False).order_by("pk").first()


def may_decide_closing(user, report: ClosingReport | None) -> bool:
    """May `user` accept or send back `report` now (the page offers the forms only then)?"""
    if report is None or report.state != ClosingReport.State.SUBMITTED:
        return False
    body = programme_group()
    return can_decide_closing(user, body, report, writers=closing_report_writers(report))


def _require_decider(actor, report: ClosingReport) -> Body:
    body = programme_group()
    if actor is None or not can_decide_closing(actor, body, report):
        raise PermissionDenied
    if actor.pk in closing_report_writers(report):
        raise PermissionDenied(OWN_REPORT_MESSAGE)
    return body


def _withdraw_pending_requests(*, actor, project: Project) -> None:
    """A finished project asks for nothing more: its pending gate and change requests are withdrawn."""
    for request in ProjectRequest.objects.select_for_update().filter(
        project=project, state=ProjectRequest.State.PENDING
    ):
        request.state = ProjectRequest.State.WITHDRAWN
        save_with_history(request, actor=actor, update_fields=["state"])


@transaction.atomic
def closing_accept(*, actor, report: ClosingReport, text: str = "") -> Decision:
    """The programme group accepts `report`: a phase-gate decision to afsluttet, the project closed, its
    pending requests withdrawn, its benefit owners told (after commit). Raises PermissionDenied or a
    Danish ValidationError; nothing is written then."""
    report = ClosingReport.objects.select_related("project").get(pk=report.pk)
    body = _require_decider(actor, report)
    project = Project.objects.select_for_update().get(pk=report.project_id)
    if report.state != ClosingReport.State.SUBMITTED:
        raise ValidationError(
            f"Rapporten er ikke sendt til programgruppen (den er {report.get_state_display().lower()})."
        )
    from_phase = project.phase
    phase_gate_check(body=body, project=project, from_phase=from_phase, to_phase=Phase.CLOSED)
    text = (text or "").strip() or (
        f"Programgruppen godkender afslutningsrapporten for {project.number} {project.name}. "
        "Projektet er afsluttet; gevinsterne følges op af gevinstejerne i linjeorganisationen."
    )
    decision = decision_note(
        actor=actor,
        body=body,
        kind=Decision.Kind.PHASE_GATE,
        text=decision_text_clean(text),
        decided_on=timezone.localdate(),
        decision=Decision(
            body=body,
            kind=Decision.Kind.PHASE_GATE,
            project=project,
            from_phase=from_phase,
            to_phase=Phase.CLOSED,
            recorded_by=actor,
        ),
    )
    closing_report_accept(actor=actor, report=report)
    _withdraw_pending_requests(actor=actor, project=project)
    transaction.on_commit(lambda: closing_benefit_owners_tell(project_pk=project.pk), robust=True)
    return decision


@transaction.atomic
def closing_return(*, actor, report: ClosingReport, reason: str) -> ClosingReport:
    """The programme group sends `report` back to the leader with a required reason."""
    report = ClosingReport.objects.select_related("project").get(pk=report.pk)
    _require_decider(actor, report)
    return closing_report_return(actor=actor, report=report, reason=reason)


def closing_benefit_owners_tell(*, project_pk: int) -> int:
    """E-mail each owner of the closed project's benefits (one mail per owner, listing theirs) that the
    benefits are now theirs to follow up. Returns the number of mails sent."""
    project = Project.objects.get(pk=project_pk)
    by_owner = {}
    for benefit in project.benefits.filter(archived=False, owner__is_active=True).exclude(owner__email=""):
        by_owner.setdefault(benefit.owner, []).append(benefit)
    sent = 0
    base = settings.PORTAL_BASE_URL
    for owner, benefits in by_owner.items():
        lines = "\n".join(f"- {benefit.title}: {base}{benefit.get_absolute_url()}" for benefit in benefits)
        mine = f"{base}{reverse('benefits:list')}?owner={owner.pk}"
        body = (
            f"Kære {owner.get_full_name() or owner.username}\n\n"
            f"Programgruppen har godkendt afslutningsrapporten for projektet {project}, og projektet er "
            "afsluttet. Gevinsterne lever videre: som gevinstejer følger du nu selv op på dem og registrerer "
            "målingerne efter måleplanen.\n\n"
            f"Dine gevinster fra projektet:\n{lines}\n\n"
            f"Alle dine gevinster: {mine}\n\n"
            "Venlig hilsen\nDigitaliseringsportalen"
        )
        subject = f"Projektet {project.name} er afsluttet: gevinsterne er nu dine at følge op på"
        sent += send_portal_mail(subject, body, [owner.email])
    return sent


@transaction.atomic
def project_stop(*, actor, project: Project, reason: str) -> Decision:
    """Stop an active project with a required reason: an ordinary decision of the actor's body (the
    programme group's, else the steering group's) on the project, the reason on the project, the phase
    stoppet, its pending requests withdrawn."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if actor is None or not can_stop_project(actor, project):
        if project.is_finished:
            raise ValidationError(f"Projektet er allerede {project.get_phase_display().lower()}.")
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Skriv, hvorfor projektet stoppes."})
    body = next(
        body
        for kind in (Body.Kind.PROGRAMME_GROUP, Body.Kind.STEERING_GROUP)
        for body in Body.objects.filter(kind=kind, archived=False).order_by("pk")
        if can_decide_for(actor, body, project=project)
    )
    decision = decision_note(
        actor=actor,
        body=body,
        kind=Decision.Kind.ORDINARY,
        text=decision_text_clean(
            f"Projektet {project.number} {project.name} stoppes. Begrundelse: {reason}", "reason"
        ),
        decided_on=timezone.localdate(),
        decision=Decision(body=body, kind=Decision.Kind.ORDINARY, project=project, recorded_by=actor),
        field="reason",
    )
    project_stop_set(actor=actor, project=project, reason=reason)
    _withdraw_pending_requests(actor=actor, project=project)
    return decision
