"""The status report as the status tests reach it: its pages, a Project Board period around today, and
the form's data (test_status_reports.py, test_status_form_help.py; the `period` and `past_period`
fixtures in conftest.py are built here)."""

import datetime

from django.utils import timezone

from portfolio.models import STATUS_DIMENSIONS
from portfolio.status import services
from tests.factories import ReportingPeriodFactory

LIGHTS = STATUS_DIMENSIONS  # the overall light and its five parts


def new_url(project):
    return f"/projects/{project.pk}/status/new/"


def detail_url(report):
    return f"/projects/{report.project_id}/status/{report.pk}/"


def edit_url(report):
    return f"/projects/{report.project_id}/status/{report.pk}/edit/"


def correct_url(report):
    return f"/projects/{report.project_id}/status/{report.pk}/correct/"


def period_in(days: int):
    """A biweekly Project Board period whose meeting is `days` from today (negative: held)."""
    meeting = timezone.localdate() + datetime.timedelta(days=days)
    return ReportingPeriodFactory(
        meeting_date=meeting,
        reporting_deadline=meeting - datetime.timedelta(days=2),
        start_date=meeting - datetime.timedelta(days=13),
    )


def form_data(lights=None, **overrides):
    """A valid new draft: all six lights green unless `lights` says otherwise (a red one gets a comment),
    the texts and amounts filled in as a leader would; `overrides` replace any field."""
    data = dict.fromkeys(LIGHTS, "green")
    data.update(lights or {})
    data.update({f"{name}_comment": "Forklaring" if data[name] == "red" else "" for name in LIGHTS})
    data.update(
        {
            "percent_complete": "40",
            "summary": "Pilotdriften kører",
            "done_since_last": "Pilot startet",
            "next_steps": "Udrulning til hjemmeplejen",
            "risks_issues": "",
            "decisions_needed": "",
            "budget_spent": "125.000",
            "budget_forecast": "400000,50",
            "version": services.STATUS_REPORT_NEW_DRAFT_TOKEN,
            "save": "draft",
        }
    )
    data.update(overrides)
    return data
