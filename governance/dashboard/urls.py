"""The dashboard: `/dashboard/` and its PDF (no namespace; portfolio/urls.py includes it directly, after the
start page's `/`, governance/start/urls.py, whose name `overview` stays the front page's)."""

from django.urls import path

from governance.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/pdf", views.dashboard_pdf, name="dashboard-pdf"),
]
