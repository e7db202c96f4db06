"""The project list and what derives from it (exports, Mine projekter)."""

from django.urls import path

from portfolio.views import lists

urlpatterns = [
    path("", lists.project_list, name="project-list"),
    path("export.csv", lists.project_export_csv, name="project-export-csv"),
    path("export.xlsx", lists.project_export_xlsx, name="project-export-xlsx"),
    path("mine/", lists.my_projects, name="my-projects"),
]
