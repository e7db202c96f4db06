"""The start page: `/` (url name "overview", the front page). portfolio/urls.py includes it before the
dashboard's urls."""

from django.urls import path

from governance.start import views

urlpatterns = [
    path("", views.start_page, name="overview"),
]
