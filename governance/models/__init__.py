"""Governance's models, one module per room (as governance/ is split): bodies and their members, meetings
and minutes; decisions and the projects' requests; the Project Board; the PDF job design; the annual
indsatsplan; IOD's ideas; the IT-security group's yearly tasks; the dashboard's token; calendar feeds.
Everything is imported here, so `from governance.models import Body` reads as before."""

from governance.models.board import BoardCalendar, BoardReport, StatusReminder
from governance.models.bodies import (
    MINUTES_MAX_CHARS,
    MINUTES_MAX_LINES,
    ActionItem,
    AgendaItem,
    Body,
    Meeting,
    Membership,
    MembershipQuerySet,
    minutes_line_count,
    validate_minutes,
)
from governance.models.calendars import CalendarFeed
from governance.models.dashboard import DashboardVersion
from governance.models.decisions import Decision, ProjectRequest
from governance.models.ideas import SCORE_VALIDATORS, Idea
from governance.models.jobs import PdfJob
from governance.models.plans import AnnualPlan, AnnualPlanItem, PlanPdfJob
from governance.models.security import SecurityReview

__all__ = [
    "MINUTES_MAX_CHARS",
    "MINUTES_MAX_LINES",
    "SCORE_VALIDATORS",
    "ActionItem",
    "AgendaItem",
    "AnnualPlan",
    "AnnualPlanItem",
    "BoardCalendar",
    "BoardReport",
    "Body",
    "CalendarFeed",
    "DashboardVersion",
    "Decision",
    "Idea",
    "Meeting",
    "Membership",
    "MembershipQuerySet",
    "PdfJob",
    "PlanPdfJob",
    "ProjectRequest",
    "SecurityReview",
    "StatusReminder",
    "minutes_line_count",
    "validate_minutes",
]
