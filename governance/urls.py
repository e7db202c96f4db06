"""governance's pages, mounted at the site root by portfolio/urls.py; each room's urls in its sub-package.
(The dashboard, with no namespace, is included by portfolio/urls.py itself: governance/dashboard/urls.py.)"""

from django.urls import include, path

app_name = "governance"

urlpatterns = [
    # Bodies, their members and meetings (minutes, actions): /governance/ …
    path("governance/", include("governance.bodies.urls")),
    # Decisions across bodies, escalation and phase gates; IOD's ideas; the IT-security group's tasks.
    path("governance/", include("governance.decisions.urls")),
    path("governance/", include("governance.ideas.urls")),
    path("governance/", include("governance.security.urls")),
    # The Project Board: its calendar and meeting list, and each meeting's generated report.
    path("board/", include("governance.board.urls")),
    # The indsatsplan and the handleplan.
    path("plans/", include("governance.plans.urls")),
    # Capacity: the units' hours against the projects' resource plans, and what the plan under way adds.
    path("capacity/", include("governance.capacity.urls")),
    # Datakvalitet: the programme group's list of gaps in the portfolio's data.
    path("data-quality/", include("governance.dataquality.urls")),
    # Calendar subscriptions (iCal): a person's private feed, a body's public one.
    path("calendar/", include("governance.calendars.urls")),
    # A project's requests to its bodies: the next phase gate, a change of course.
    path("", include("governance.lifecycle.urls")),
    # A project's end: the programme group accepts or returns its closing report; stopping a project.
    path("projects/", include("governance.lifecycle.closing_urls")),
]
