"""The dashboard: `/` and `/dashboard/` (no namespace, so `{% url 'overview' %}` stays the front page;
portfolio/urls.py includes it directly)."""

from django.urls import path

from governance.dashboard import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/pdf", views.dashboard_pdf, name="dashboard-pdf"),
]
