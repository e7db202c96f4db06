"""Reads of decisions: the decision log and its filters, the escalations awaiting an answer, what awaits a
body's decision, and an escalation's trail."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from governance.models import AnnualPlan, Body, Decision, Idea, ProjectRequest
from portfolio.models import ClosingReport

DECISION_LOG_RELATED = (
    "body",
    "meeting",
    "project",
    "recorded_by",
    "escalated_from__body",
    "body__escalates_to",
)


def decision_log():
    """Every decision (anyone signed in reads them all) with what the log shows: its body, meeting, project,
    who recorded it, and `answered` (an escalation some decision has answered)."""
    answered = Exists(Decision.objects.filter(escalated_from=OuterRef("pk")))
    return Decision.objects.select_related(*DECISION_LOG_RELATED).annotate(answered=answered)


def decisions_filtered(decisions, *, q="", body=None, kind="", project=None, date_from=None, date_to=None):
    """The decision log's filters (its page's DecisionFilterForm, the API's DecisionFilter): the body, the
    kind, the project, the dates, and a search in the text and the project's name and number."""
    if body:
        decisions = decisions.filter(body=body)
    if kind:
        decisions = decisions.filter(kind=kind)
    if project:
        decisions = decisions.filter(project=project)
    if date_from:
        decisions = decisions.filter(decided_on__gte=date_from)
    if date_to:
        decisions = decisions.filter(decided_on__lte=date_to)
    if query := (q or "").strip():
        decisions = decisions.filter(
            Q(text__icontains=query) | Q(project__name__icontains=query) | Q(project__number__icontains=query)
        )
    return decisions


def escalations_awaiting(body: Body | None = None):
    """Escalations no decision of the body they went to has answered yet (optionally: those to `body`)."""
    escalations = Decision.objects.filter(
        kind=Decision.Kind.ESCALATION, body__escalates_to__isnull=False, escalations__isnull=True
    )
    if body is not None:
        escalations = escalations.filter(body__escalates_to=body)
    return escalations


@dataclass
class Awaiting:
    """What awaits one body's decision: escalations to it, the projects' gate and change requests to it,
    and by its mandate the indsatsplan submitted for approval and the ideas asking for funding (the
    steering group) or the closing reports submitted (the programme group)."""

    body: Body
    escalations: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    ideas: list = field(default_factory=list)
    closings: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(map(len, (self.escalations, self.requests, self.plans, self.ideas, self.closings)))


def awaiting_decision(bodies, *, with_meetings: bool = True) -> list[Awaiting]:
    """What awaits each of `bodies`, in their order: 2 queries, plus one each for the plans and the
    ideas when the steering group is among them, and one for the closing reports when the programme
    group is. `with_meetings`: read the meeting each request is set for (the dashboard does not show it,
    so its cache need not follow the meetings)."""
    bodies = list(bodies)
    awaiting = {body.pk: Awaiting(body=body) for body in bodies}
    if not bodies:
        return []
    escalations = (
        escalations_awaiting()
        .filter(body__escalates_to__in=bodies)
        .select_related("body", "project")
        .order_by("decided_on", "pk")
    )
    for escalation in escalations:
        awaiting[escalation.body.escalates_to_id].escalations.append(escalation)
    requests = (
        ProjectRequest.objects.filter(
            body__in=bodies, state=ProjectRequest.State.PENDING, project__archived=False
        )
        .select_related("project", *(["agenda_item__meeting"] if with_meetings else []))
        .order_by("requested_at", "pk")
    )
    for project_request in requests:
        awaiting[project_request.body_id].requests.append(project_request)
    by_kind = {}
    for body in bodies:
        by_kind.setdefault(body.kind, awaiting[body.pk])
    steering = by_kind.get(Body.Kind.STEERING_GROUP)
    if steering is not None:
        steering.plans = list(
            AnnualPlan.objects.filter(status=AnnualPlan.Status.SUBMITTED).order_by("year", "version")
        )
        steering.ideas = list(Idea.objects.filter(status=Idea.Status.SCORED).order_by("created_at", "pk"))
    programme = by_kind.get(Body.Kind.PROGRAMME_GROUP)
    if programme is not None:
        programme.closings = list(
            ClosingReport.objects.filter(state=ClosingReport.State.SUBMITTED, project__archived=False)
            .select_related("project")
            .order_by("submitted_at", "pk")
        )
    return [awaiting[body.pk] for body in bodies]


def decision_trail(decision: Decision) -> list[Decision]:
    """The escalation chain `decision` belongs to, first to last: the decisions it was escalated from,
    itself, and the decisions that answered it (following the first answer at each step)."""
    related = ("body", "meeting", "agenda_item", "project", "requested_in__period", "recorded_by")
    earlier = []
    current = decision
    seen = {decision.pk}
    while current.escalated_from_id and current.escalated_from_id not in seen and len(earlier) < 20:
        current = Decision.objects.select_related(*related).get(pk=current.escalated_from_id)
        seen.add(current.pk)
        earlier.append(current)
    later = []
    current = decision
    while len(later) < 20:
        following = current.escalations.select_related(*related).order_by("decided_on", "pk").first()
        if following is None or following.pk in seen:
            break
        seen.add(following.pk)
        later.append(following)
        current = following
    return [*reversed(earlier), decision, *later]
