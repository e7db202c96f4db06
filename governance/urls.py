"""governance's pages, mounted at the site root by portfolio/urls.py."""

from django.urls import include, path

app_name = "governance"

urlpatterns = [
    # Bodies, their members and meetings (minutes, actions): /governance/ …
    path("governance/", include("governance.body_urls")),
    # Decisions across bodies, escalation and phase gates; IOD's ideas; the IT-security group's tasks.
    path("governance/", include("governance.decision_urls")),
    # The Project Board: its calendar and meeting list, and each meeting's generated report.
    path("board/", include("governance.calendar_urls")),
    path("board/", include("governance.board_urls")),
    path("plans/handleplan/", include("governance.handleplan_urls")),
    path("plans/", include("governance.plan_urls")),
]
