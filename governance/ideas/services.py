"""IOD's ideas: proposed by anyone, scored by IOD's members, funded by the steering group (a decision
recorded through governance.decisions.services), made into an IOD project.

Each of the five scores is 1-5 with 5 the best for the municipality (for risk: 5 = lowest risk), so the
total runs from 5 to 25 and a higher total is a higher priority."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone

from governance.bodies.selectors import steering_group
from governance.decisions.services import decision_note, decision_project_set
from governance.models import Decision, Idea
from governance.permissions import (
    can_fund_idea,
    can_make_idea_project,
    can_manage_ideas,
    can_score_idea,
    is_own_idea,
)
from portfolio.history import save_with_history
from portfolio.models import OrgUnit, Phase, Project
from portfolio.services import project_save, submit_once

IDEA_BAND_HIGH = "Høj"
IDEA_BAND_MEDIUM = "Middel"
IDEA_BAND_LOW = "Lav"
IDEA_AMOUNT_MAX = Decimal("999999999999.99")
OWN_IDEA_MESSAGE = "Du kan ikke selv vurdere eller bevilge en idé, du har foreslået."


def idea_priority_band(total: int | None) -> str | None:
    """The priority band of a total score: 20-25 Høj, 14-19 Middel, 5-13 Lav; None when not scored."""
    if total is None:
        return None
    if total >= 20:
        return IDEA_BAND_HIGH
    if total >= 14:
        return IDEA_BAND_MEDIUM
    return IDEA_BAND_LOW


def idea_total(idea: Idea) -> int | None:
    scores = [getattr(idea, name) for name in Idea.SCORE_FIELDS]
    return None if any(score is None for score in scores) else sum(scores)


@transaction.atomic
def idea_propose(*, actor, title: str, description: str = "", focus_areas=(), submit_token: str = "") -> Idea:
    """Anyone logged in proposes an idea; the same form posted again returns the idea it created."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied

    def create() -> Idea:
        idea = Idea(title=(title or "").strip(), description=(description or "").strip(), proposer=actor)
        save_with_history(idea, actor=actor, clean=True)
        idea.focus_areas.set(focus_areas)
        return idea

    return submit_once(actor=actor, submit_token=submit_token, model=Idea, create=create)


@transaction.atomic
def idea_score(*, actor, idea: Idea, scores: dict) -> Idea:
    """IOD's members score an idea (all five scores, 1-5). A funded, rejected or realised idea keeps
    its score."""
    if actor is None or not can_score_idea(actor):
        raise PermissionDenied
    if is_own_idea(actor, idea):
        raise PermissionDenied(OWN_IDEA_MESSAGE)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status not in (Idea.Status.PROPOSED, Idea.Status.SCORED):
        raise ValidationError(f"Idéen er {idea.get_status_display().lower()} og kan ikke vurderes igen.")
    errors = {}
    for name in Idea.SCORE_FIELDS:
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = "Giv en score fra 1 til 5."
        else:
            setattr(idea, name, value)
    if errors:
        raise ValidationError(errors)
    idea.status = Idea.Status.SCORED
    save_with_history(idea, actor=actor, clean=True)
    return idea


@transaction.atomic
def idea_reject(*, actor, idea: Idea) -> Idea:
    if actor is None or not can_manage_ideas(actor):
        raise PermissionDenied
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status not in (Idea.Status.PROPOSED, Idea.Status.SCORED):
        raise ValidationError(f"Idéen er {idea.get_status_display().lower()} og kan ikke afvises.")
    idea.status = Idea.Status.REJECTED
    save_with_history(idea, actor=actor, update_fields=["status"])
    return idea


@transaction.atomic
def idea_fund(
    *, actor, idea: Idea, amount, decided_on: datetime.date | None = None, text: str = ""
) -> Decision:
    """The steering group funds a scored idea from the digitalisation budget: a funding decision of the
    steering group, the amount and the decision kept on the idea."""
    if actor is None or not can_fund_idea(actor):
        raise PermissionDenied
    if is_own_idea(actor, idea):
        raise PermissionDenied(OWN_IDEA_MESSAGE)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status != Idea.Status.SCORED:
        raise ValidationError("Kun en vurderet idé, der ikke er finansieret eller afvist, kan finansieres.")
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": "Angiv beløbet i kroner."}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({"amount": "Beløbet kan ikke være negativt."})
    if amount > IDEA_AMOUNT_MAX:
        raise ValidationError({"amount": "Beløbet er for stort."})
    amount = amount.quantize(Decimal("0.01"))
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "Beslutningsdatoen kan ikke ligge i fremtiden."})
    body = steering_group()
    if body is None:
        raise ValidationError("Der er ingen styregruppe, der kan bevilge.")
    amount_text = formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    text = (text or "").strip() or (
        f"Idéen »{idea.title}« finansieres med {amount_text} kr. fra digitaliseringsbudgettet."
    )
    decision = decision_note(
        actor=actor, body=body, kind=Decision.Kind.FUNDING, text=text, decided_on=decided_on
    )
    idea.status = Idea.Status.FUNDED
    idea.funded_amount = amount
    idea.funding_decision = decision
    save_with_history(
        idea, actor=actor, clean=True, update_fields=["status", "funded_amount", "funding_decision"]
    )
    return decision


def _idea_project_number(idea: Idea) -> str:
    base = f"IOD-{timezone.localdate().year}-{idea.pk:03d}"
    number, suffix = base, 1
    while Project.objects.filter(number=number).exists():
        suffix += 1
        number = f"{base}-{suffix}"
    return number


@transaction.atomic
def idea_make_project(*, actor, idea: Idea, anchoring: OrgUnit | None = None) -> Project:
    """Turn a funded idea into an IOD project (light model, in analyse, led by the proposer, the funded
    amount as budget), anchored in the central IT unit unless another is given. The idea and its
    funding decision point at the project."""
    if actor is None or not can_make_idea_project(actor):
        raise PermissionDenied
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("funding_decision", "proposer")
        .get(pk=idea.pk)
    )
    if idea.status != Idea.Status.FUNDED or idea.project_id:
        raise ValidationError(
            "Kun en finansieret idé, der ikke allerede er et projekt, kan blive et projekt."
        )
    focus_areas = list(idea.focus_areas.filter(period__is_current=True))
    if not focus_areas:
        raise ValidationError(
            "Idéen skal have mindst ét fokusområde fra den nuværende strategi, før den kan blive et projekt."
        )
    anchoring = anchoring or OrgUnit.objects.filter(is_central_it=True, archived=False).order_by("pk").first()
    if anchoring is None:
        raise ValidationError("Der er ingen central IT-enhed at forankre projektet i.")
    project = Project(
        number=_idea_project_number(idea),
        name=idea.title[:200],
        description=idea.description,
        kind=Project.Kind.IOD,
        project_model=Project.ProjectModel.LIGHT,
        phase=Phase.ANALYSIS,
        anchoring=anchoring,
        budget=idea.funded_amount,
        leader=idea.proposer if idea.proposer.is_active else None,
    )
    project.full_clean(exclude=["focus_areas"])
    project = project_save(actor=actor, project=project, focus_areas=focus_areas, deputies=[])
    idea.project = project
    idea.status = Idea.Status.PROJECT
    save_with_history(idea, actor=actor, update_fields=["project", "status"])
    if idea.funding_decision is not None:
        decision_project_set(actor=actor, decision=idea.funding_decision, project=project)
    return project
