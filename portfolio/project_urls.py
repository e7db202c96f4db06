from django.urls import include, path

from portfolio.views import projects

app_name = "portfolio"

urlpatterns = [
    path("", include("portfolio.list_urls")),
    path("<int:pk>/", projects.project_detail, name="project-detail"),
    path("", include("portfolio.status_urls")),
]
