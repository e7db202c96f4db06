"""The dashboard: `/` and `/dashboard/` (no namespace, so `{% url 'overview' %}` stays the front page)."""

from django.urls import path

from governance.views import dashboard

urlpatterns = [
    path("", dashboard.overview, name="overview"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dashboard/pdf", dashboard.dashboard_pdf, name="dashboard-pdf"),
]
