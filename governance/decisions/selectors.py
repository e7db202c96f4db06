"""Reads of decisions: the escalations awaiting an answer and an escalation's trail."""

from governance.models import Body, Decision


def escalations_awaiting(body: Body | None = None):
    """Escalations no decision of the body they went to has answered yet (optionally: those to `body`)."""
    escalations = Decision.objects.filter(
        kind=Decision.Kind.ESCALATION, body__escalates_to__isnull=False, escalations__isnull=True
    )
    if body is not None:
        escalations = escalations.filter(body__escalates_to=body)
    return escalations


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
