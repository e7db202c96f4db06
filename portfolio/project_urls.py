from django.urls import include, path

from portfolio.views import closing, items, plan, projects, resources

app_name = "portfolio"

urlpatterns = [
    path("", include("portfolio.list_urls")),
    path("new/", projects.project_create, name="project-create"),
    path("<int:pk>/", projects.project_detail, name="project-detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("<int:pk>/plan/", plan.project_plan, name="project-plan"),
    path("<int:pk>/resources/", resources.project_resources, name="project-resources"),
    path("<int:pk>/milestones/", projects.milestone_add, name="milestone-add"),
    path("<int:pk>/milestones/<int:milestone_pk>/", projects.milestone_update, name="milestone-update"),
    path("<int:pk>/milestones/<int:milestone_pk>/edit/", items.milestone_edit, name="milestone-edit"),
    path("<int:pk>/risks/", projects.risk_add, name="risk-add"),
    path("<int:pk>/risks/<int:risk_pk>/", projects.risk_update, name="risk-update"),
    path("<int:pk>/risks/<int:risk_pk>/edit/", items.risk_edit, name="risk-edit"),
    path("<int:pk>/closing/", closing.closing_report, name="project-closing"),
    path("", include("portfolio.status.urls")),
]
