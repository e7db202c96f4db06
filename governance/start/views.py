"""The start page (/): each person's own work first, then what awaits the bodies they decide in, the
meetings they keep, and for the steering and programme groups (and anyone with no part of their own) the
dashboard. `/` with the dashboard's filters (links from before the start page) shows the dashboard."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from benefits.selectors import my_benefit_work
from governance.dashboard.body import dashboard_body, dashboard_page_context
from governance.decisions.selectors import awaiting_decision
from governance.models import Body
from governance.permissions import can_record_security_review
from governance.start import selectors
from portfolio.roles import portal_roles
from portfolio.selectors import current_period


@require_GET
def start_page(request):
    today = timezone.localdate()
    user = request.user
    roles = actions = None
    in_portfolio = portal_roles(request) if not request.GET else None
    # A reader (most employees) has no part: one cheap question keeps their `/` as quick as the dashboard.
    if in_portfolio is not None and (
        in_portfolio.leads_active or in_portfolio.owns_benefits or selectors.has_work_in_bodies(user, today)
    ):
        roles = selectors.start_roles(user, in_portfolio, today)
        actions = selectors.my_actions(user, today)
    if roles is None or not (roles.has_parts or actions):
        # The dashboard, as before there were start pages: for a reader, and for `/` with its filters.
        context = dashboard_page_context(request.GET, today=today, path_name="overview")
        return render(request, "governance/dashboard.html", context)
    keeps_board = any(body.kind == Body.Kind.PROJECT_BOARD for body in roles.keeping)
    period = current_period(today) if roles.leads or keeps_board else None
    awaiting = awaiting_decision(roles.deciding)
    context = {
        "today": today,
        "roles": roles,
        "actions": actions,
        "leader": selectors.leader_work(user, period, today) if roles.leads else None,
        "my_benefit_work": my_benefit_work(user, today) if roles.owns_benefits else None,
        # A body with something to decide gets its own part; the quiet ones share one line.
        "awaiting": [part for part in awaiting if part.count],
        "quiet_bodies": [part.body for part in awaiting if not part.count],
        "secretary": selectors.secretary_work(roles.keeping, period, today) if roles.keeping else None,
        "ideas": selectors.ideas_to_score(user) if roles.iod else None,
        "reviews": selectors.security_reviews_due(today) if roles.security else None,
        "can_record_review": roles.security and can_record_security_review(user),
        "dashboard": (
            dashboard_body(request.GET, today=today, path_name="dashboard", embedded=True)
            if roles.sees_dashboard
            else None
        ),
    }
    return render(request, "governance/start/start.html", context)
