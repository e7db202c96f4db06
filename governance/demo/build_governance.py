"""The demo's governance: Project Board meetings and calendar, the programme and steering groups' meetings
and decisions, the IOD's ideas, the IT-sikkerhedsgruppe's reviews and the indsatsplan."""

import datetime
from functools import partial

from focusareas.models import FocusArea
from governance.board import calendar as board_calendar
from governance.board.services import board_calendar_extend, board_calendar_save
from governance.demo.common import ensure
from governance.demo.data import governance as texts
from governance.demo.periods import DEADLINE_WORKING_DAYS, PERIOD_ANCHOR, PERIOD_DAYS
from governance.models import (
    AgendaItem,
    AnnualPlan,
    BoardCalendar,
    Body,
    Decision,
    Idea,
    Meeting,
    Membership,
    SecurityReview,
)
from governance.plans.services import (
    annual_plan_approve,
    annual_plan_start,
    annual_plan_submit,
    annual_plan_update,
    plan_item_add,
)
from portfolio.models import Light, Phase, StatusReport

D = datetime.timedelta


def _members_of(body, day):
    return [m.user for m in Membership.objects.active_on(day).filter(body=body).select_related("user")]


def _ensure_meeting(*, actor, body, day, today, location, minutes, reporting_period=None, cancelled=False):
    lookup = {"reporting_period": reporting_period} if reporting_period else {"body": body, "date": day}
    defaults = {"location": location, "minutes": minutes, "cancelled": cancelled}
    defaults.update({"body": body, "date": day} if reporting_period else {})
    meeting, created = ensure(Meeting, actor=actor, defaults=defaults, **lookup)
    if created and day <= today:
        meeting.attendees.set(_members_of(body, day))
    return meeting


def _ensure_items(meeting, actor, items):
    result = []
    for order, (title, description, project) in enumerate(items, start=1):
        item, _ = ensure(
            AgendaItem,
            actor=actor,
            meeting=meeting,
            order=order,
            defaults={"title": title, "description": description, "project": project},
        )
        result.append(item)
    return result


def _ensure_decision(*, actor, body, meeting, text, **fields):
    """The secretary writes down the body's ordinary decisions; any other kind is given by the chair, as
    governance.permissions has it."""
    if fields.get("kind", Decision.Kind.ORDINARY) != Decision.Kind.ORDINARY:
        chair = body.memberships.filter(role=Membership.Role.CHAIR, end_date__isnull=True).first()
        actor = chair.user if chair is not None else actor
    decision, _ = ensure(
        Decision,
        actor=actor,
        body=body,
        meeting=meeting,
        text=text,
        defaults={"decided_on": meeting.date, "recorded_by": actor, **fields},
    )
    return decision


def ensure_board_calendar(*, actor, today) -> None:
    """The demo's Project Board series (every 14 days on Thursdays), set once as the programme group
    would; later runs keep whatever calendar is there, and extending it is idempotent."""
    if not BoardCalendar.objects.exists():
        board_calendar_save(
            actor=actor,
            first_meeting_date=PERIOD_ANCHOR,
            interval_days=PERIOD_DAYS,
            deadline_working_days=DEADLINE_WORKING_DAYS,
            horizon_weeks=12,
        )
    board_calendar_extend(today=today)


def ensure_board_meetings(*, actor, today, periods) -> None:
    """The Project Board meeting of every period; a past one with the red projects on its agenda."""
    board = Body.objects.get(slug="project-board")
    for period in periods:
        if period.meeting_date >= today or period.cancelled:
            # As the board calendar makes them: every period has its meeting (so Styring shows the next
            # one), a coming one without minutes or agenda yet, a cancelled one cancelled.
            _ensure_meeting(
                today=today,
                actor=actor,
                body=board,
                day=period.meeting_date,
                reporting_period=period,
                location="" if period.cancelled else texts.BOARD_LOCATION,
                minutes="",
                cancelled=period.cancelled,
            )
            continue
        meeting = _ensure_meeting(
            today=today,
            actor=actor,
            body=board,
            day=period.meeting_date,
            reporting_period=period,
            location=texts.BOARD_LOCATION,
            minutes=texts.BOARD_MINUTES,
        )
        items = [(*texts.BOARD_FIRST_ITEM, None)]
        red = (
            StatusReport.objects.filter(period=period, state=StatusReport.State.SUBMITTED, overall=Light.RED)
            .select_related("project")
            .order_by("project__number")
        )
        items += [(f"Rød status: {r.project.name}"[:200], r.overall_comment, r.project) for r in red]
        items.append((*texts.BOARD_LAST_ITEM, None))
        _ensure_items(meeting, actor, items)


def _held(periods, today):
    """The periods whose meeting is held, and the index of the current one (the first not yet past)."""
    held = [p for p in periods if not p.cancelled]
    return held, next(i for i, p in enumerate(held) if p.meeting_date >= today)


def _meeting_day(held, index, working_days_before):
    """A group's meeting the given working days before the Project Board meeting `index` periods in."""
    meeting_date = held[min(max(index, 0), len(held) - 1)].meeting_date
    return board_calendar.subtract_working_days(meeting_date, working_days_before)


def gate_date_for(today, periods) -> datetime.date:
    """The date of the steering group meeting that noted the phase gate (see ensure_governance_meetings)."""
    held, current_index = _held(periods, today)
    return _meeting_day(held, current_index - 6, 2)


def ensure_governance_meetings(*, today, periods, users, projects) -> None:
    """Programme and steering group meetings with their decisions: the programme group the working day
    before a Project Board meeting, the steering group two working days before."""
    held, current_index = _held(periods, today)
    secretary = users["sekretaer"]
    escalation = _ensure_programme_meetings(
        today=today,
        secretary=secretary,
        projects=projects,
        days={offset: _meeting_day(held, current_index - offset, 1) for offset in (9, 7, 3, 1, -1)},
    )
    _ensure_steering_meetings(
        today=today,
        secretary=secretary,
        users=users,
        projects=projects,
        escalation=escalation,
        days={offset: _meeting_day(held, current_index - offset, 2) for offset in (10, 6, -2)},
    )


def _agenda(projects, items):
    return [
        (title, description, projects[number] if number else None) for title, description, number in items
    ]


def _ensure_programme_meetings(*, today, secretary, projects, days):
    """Returns the escalation to the steering group (the meeting seven periods back)."""
    programme = Body.objects.get(slug="programgruppe")
    standing = _agenda(projects, texts.PROGRAMME_ITEMS)
    escalation = None
    for offset, day in days.items():
        meeting = _ensure_meeting(
            today=today,
            actor=secretary,
            body=programme,
            day=day,
            location=texts.PROGRAMME_LOCATION,
            minutes="" if day >= today else texts.PROGRAMME_MINUTES,
        )
        items = _ensure_items(meeting, secretary, standing)
        if day >= today:
            continue
        decide = partial(_ensure_decision, actor=secretary, body=programme, meeting=meeting)
        if offset == 9:
            gate_item = _ensure_items(meeting, secretary, [*standing, *_agenda(projects, [texts.GATE_ITEM])])[
                -1
            ]
            decide(
                agenda_item=gate_item,
                project=projects[texts.GATE_PROJECT],
                kind=Decision.Kind.PHASE_GATE,
                from_phase=Phase.ANALYSIS,
                to_phase=Phase.EXECUTION,
                text=texts.GATE_DECISION,
            )
        if offset == 7:
            office = projects[texts.ESCALATED_PROJECT]
            requested = (
                StatusReport.objects.filter(project=office, period__meeting_date__lte=day)
                .exclude(decisions_needed="")
                .order_by("-period__meeting_date")
                .first()
            )
            item = _ensure_items(
                meeting, secretary, [*standing, *_agenda(projects, [texts.ESCALATION_ITEM])]
            )[-1]
            escalation = decide(
                agenda_item=item,
                project=office,
                kind=Decision.Kind.ESCALATION,
                requested_in=requested,
                text=texts.ESCALATION_DECISION,
            )
        if offset == 3:
            decide(
                agenda_item=items[1],
                project=projects[texts.PRIORITISED_PROJECT],
                kind=Decision.Kind.PRIORITISATION,
                text=texts.PRIORITISATION_DECISION,
            )
        if offset == 1:
            decide(
                agenda_item=items[0],
                text=texts.PLAN_DRAFT_DECISION,
            )
    return escalation


def _ensure_steering_meetings(*, today, secretary, users, projects, escalation, days):
    steering = Body.objects.get(slug="styregruppe")
    for offset, day in days.items():
        meeting = _ensure_meeting(
            today=today,
            actor=secretary,
            body=steering,
            day=day,
            location=texts.STEERING_LOCATION,
            minutes="" if day >= today else texts.STEERING_MINUTES,
        )
        decide = partial(_ensure_decision, actor=secretary, body=steering, meeting=meeting)
        if offset == 10:
            items = _ensure_items(meeting, secretary, _agenda(projects, texts.STEERING_BENEFITS_ITEMS))
            decide(
                agenda_item=items[0],
                project=items[0].project,
                text=texts.BENEFITS_NOTED_DECISION,
            )
            funding = decide(
                agenda_item=items[1],
                project=projects[texts.FUNDED_PROJECT],
                kind=Decision.Kind.FUNDING,
                text=texts.FUNDING_DECISION,
            )
            _ensure_ideas(users=users, projects=projects, funding=funding)
        elif offset == 6:
            items = _ensure_items(meeting, secretary, _agenda(projects, texts.STEERING_GATE_ITEMS))
            decide(
                agenda_item=items[0],
                project=projects[texts.GATE_PROJECT],
                kind=Decision.Kind.ORDINARY,
                text=texts.GATE_SUPPORTED_DECISION,
            )
            decide(
                agenda_item=items[1],
                project=projects[texts.ESCALATED_PROJECT],
                kind=Decision.Kind.FUNDING,
                escalated_from=escalation,
                text=texts.ESCALATION_ANSWER,
            )
        else:
            _ensure_items(meeting, secretary, _agenda(projects, texts.STEERING_PLAN_ITEMS))


def _ensure_ideas(*, users, projects, funding) -> None:
    focus = {fa.number: fa for fa in FocusArea.objects.filter(period__is_current=True)}
    for title, description, proposer, numbers, scores, status, amount, project_number in texts.IDEAS:
        idea, created = ensure(
            Idea,
            actor=users[proposer],
            title=title,
            defaults={
                "description": description,
                "proposer": users[proposer],
                "status": status,
                "funded_amount": amount,
                "funding_decision": funding if project_number else None,
                "project": projects[project_number] if project_number else None,
                **dict(zip(Idea.SCORE_FIELDS, scores, strict=True)),
            },
        )
        if created:
            idea.focus_areas.set([focus[n] for n in numbers])


def ensure_security_reviews(*, today) -> None:
    year = today.year
    policy_due = datetime.date(year, 6, 30)
    ensure(
        SecurityReview,
        year=year,
        kind=SecurityReview.Kind.POLICY_REVIEW,
        defaults={
            "due_date": policy_due,
            "completed_on": policy_due - D(days=10) if today > policy_due else None,
            "outcome": texts.POLICY_REVIEW_OUTCOME if today > policy_due else "",
        },
    )
    ensure(
        SecurityReview,
        year=year,
        kind=SecurityReview.Kind.RISK_ASSESSMENT_NEED,
        defaults={"due_date": datetime.date(year, 12, 15)},
    )


def ensure_annual_plans(*, today, users, projects) -> None:
    """Through the services, as the programme group and the steering group would: plan, rank, approve."""
    if AnnualPlan.objects.filter(year=today.year).exists():
        return
    editor, approver = users["programgruppe"], users["styregruppe"]
    focus = {fa.number: fa for fa in FocusArea.objects.filter(period__is_current=True)}
    plan = annual_plan_start(actor=editor, year=today.year)
    plan = annual_plan_update(
        actor=editor,
        plan=plan,
        title=f"Indsatsplan {today.year}",
        introduction=texts.PLAN_INTRODUCTION,
        budget_frame=texts.PLAN_FRAME_KR,
        hours_frame=texts.PLAN_FRAME_HOURS,
    )
    # The projects in the programme group's order, then the activities.
    rows = [({"project": projects[number]}, *rest) for number, *rest in texts.PLAN_ITEMS]
    rows += [({"activity": activity}, *rest) for activity, *rest in texts.PLAN_ACTIVITIES]
    add = partial(plan_item_add, actor=editor, plan=plan)
    for subject, rationale, hours, amount, numbers in rows:
        add(
            rationale=rationale,
            hours=hours,
            amount=amount,
            focus_areas=[focus[n] for n in numbers],
            **subject,
        )
    plan = annual_plan_submit(actor=editor, plan=plan)
    plan = annual_plan_approve(actor=approver, plan=plan)
    if not AnnualPlan.objects.filter(year=today.year + 1).exists():
        annual_plan_start(actor=editor, year=today.year + 1, copy_from=plan)
