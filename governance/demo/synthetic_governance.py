"""The synthetic benchmark portfolio's governance (`generate_portfolio --meetings-years`, `--plan-items`):
the programme and steering groups' meetings and next year's indsatsplan, bulk-inserted."""

import datetime
from decimal import Decimal

from django.utils import timezone

from governance.demo.common import SyntheticDataError
from governance.demo.data.synthetic import BATCH_SIZE, PREFIX
from governance.demo.periods import PERIOD_DAYS
from governance.models import (
    ActionItem,
    AgendaItem,
    AnnualPlan,
    AnnualPlanItem,
    Body,
    Decision,
    Meeting,
    Membership,
)
from governance.plans.selectors import plan_snapshot

D = datetime.timedelta


def synthetic_plan(rng, today, count: int, projects, focus_ids, *, approved: bool) -> int:
    """Next year's indsatsplan (title GEN-…) with `count` ranked items: the synthetic projects that are
    not archived first, then activities. Approved (with the steering group's decision and a frozen
    snapshot) unless `approved` is False. Bulk inserts."""
    if not count:
        return 0
    year = today.year + 1
    if AnnualPlan.objects.filter(year=year).exists():
        raise SyntheticDataError(f"Der findes allerede en indsatsplan for {year}; --plan-items laver en ny.")
    plan = AnnualPlan.objects.create(
        year=year,
        title=f"{PREFIX}Indsatsplan {year}",
        introduction="Syntetisk indsatsplan til ydelsesmålinger.",
        budget_frame=Decimal(count * 150_000),
        hours_frame=count * 400,
    )
    candidates = [p for p in projects if not p.archived]
    items = [
        AnnualPlanItem(
            plan=plan,
            rank=rank,
            project=candidates[rank - 1] if rank <= len(candidates) else None,
            activity="" if rank <= len(candidates) else f"{PREFIX}aktivitet {rank}",
            rationale=f"Prioriteret som nr. {rank}: understøtter strategien og frigør tid i driften.",
            hours=rng.randint(20, 800),
            amount=Decimal(rng.randint(10, 400) * 1000),
        )
        for rank in range(1, count + 1)
    ]
    items = AnnualPlanItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
    through = AnnualPlanItem.focus_areas.through
    through.objects.bulk_create(
        [
            through(annualplanitem_id=item.pk, focusarea_id=area)
            for item in items
            for area in rng.sample(focus_ids, min(len(focus_ids), rng.randint(1, 2)))
        ],
        batch_size=BATCH_SIZE,
    )
    if approved:
        body = Body.objects.filter(slug="styregruppe").first()
        if body is None:
            raise SyntheticDataError(
                "Der er ingen styregruppe til at godkende indsatsplanen; kør migrate først."
            )
        decision = Decision.objects.create(
            body=body,
            decided_on=today,
            kind=Decision.Kind.PRIORITISATION,
            text=f"Styregruppen godkender den syntetiske indsatsplan for {year} med {count} punkter.",
        )
        AnnualPlan.objects.filter(pk=plan.pk).update(
            status=AnnualPlan.Status.APPROVED,
            approval_decision=decision,
            approved_at=timezone.now(),
            approved_snapshot=plan_snapshot(plan),
        )
    return count


def synthetic_meetings(rng, today, years: int, projects, people) -> int:
    """Meetings every 14 days for `years` years back in the programme and steering groups, each with
    three agenda items (one about a project), a decision, an action and its attendance; the two
    bodies get a chair, a secretary and members from the synthetic people. Bulk inserts."""
    if not years:
        return 0
    bodies = list(Body.objects.filter(slug__in=["programgruppe", "styregruppe"]))
    start = today - D(days=365 * years)
    memberships = [
        Membership(body=body, user=person, role=role, start_date=start)
        for body in bodies
        for person, role in zip(
            people[:8],
            [Membership.Role.CHAIR, Membership.Role.SECRETARY] + [Membership.Role.MEMBER] * 6,
            strict=False,
        )
    ]
    Membership.objects.bulk_create(memberships)
    days = [today - D(days=PERIOD_DAYS * n) for n in range(1, 26 * years + 1)]
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(body=body, date=day, location=f"{PREFIX}mødelokale", minutes="Syntetisk referat.")
            for body in bodies
            for day in days
        ],
        batch_size=500,
    )
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                order=order,
                title=title,
                project=rng.choice(projects) if order == 2 else None,
            )
            for meeting in meetings
            for order, title in (
                (1, "Porteføljeoverblik"),
                (2, "Projekt til drøftelse"),
                (3, "Eventuelt"),
            )
        ],
        batch_size=1000,
    )
    by_meeting = {item.meeting_id: item for item in items if item.order == 2}
    Decision.objects.bulk_create(
        [
            Decision(
                body_id=meeting.body_id,
                meeting=meeting,
                agenda_item=by_meeting[meeting.pk],
                project=by_meeting[meeting.pk].project,
                decided_on=meeting.date,
                text="Drøftet og taget til efterretning (syntetisk).",
            )
            for meeting in meetings
        ],
        batch_size=1000,
    )
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                meeting=meeting,
                agenda_item=by_meeting[meeting.pk],
                description="Følg op til næste møde (syntetisk).",
                owner=rng.choice(people),
                due_date=meeting.date + D(days=PERIOD_DAYS),
                done_on=meeting.date + D(days=7) if meeting.date + D(days=7) < today else None,
            )
            for meeting in meetings
        ],
        batch_size=1000,
    )
    Meeting.attendees.through.objects.bulk_create(
        [
            Meeting.attendees.through(meeting_id=meeting.pk, user_id=person.pk)
            for meeting in meetings
            for person in people[:6]
        ],
        batch_size=2000,
    )
    return len(meetings)
