"""The project list and what derives from it (exports, Mine projekter)."""

from django.urls import path

from portfolio.views import lists

urlpatterns = [
    path("", lists.project_list, name="project-list"),
]
