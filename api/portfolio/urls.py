from api.portfolio import views
from api.resources import resource_urls

urlpatterns = [
    *resource_urls("projects", views.ProjectViewSet),
    *resource_urls("status-reports", views.StatusReportViewSet),
    *resource_urls("milestones", views.MilestoneViewSet),
    *resource_urls("risks", views.RiskViewSet),
    *resource_urls("systems", views.SystemViewSet),
]
