"""Benefit realisation, mounted at /benefits/ by portfolio.urls (namespace "benefits")."""

from django.urls import path

from benefits import views

app_name = "benefits"

urlpatterns = [
    path("", views.benefit_list, name="list"),
    path("export.csv", views.benefit_export_csv, name="export-csv"),
    path("export.xlsx", views.benefit_export_xlsx, name="export-xlsx"),
    path("follow-up/", views.follow_up, name="follow-up"),
    path("mine/", views.my_benefits, name="mine"),
    path("<int:pk>/", views.benefit_detail, name="detail"),
    path("<int:pk>/edit/", views.benefit_edit, name="edit"),
    path("<int:pk>/archive/", views.benefit_archive, name="archive"),
    path("<int:pk>/measurements/", views.measurement_add, name="measurement-add"),
    path("projects/<int:project_pk>/", views.project_section, name="project-section"),
    path("projects/<int:project_pk>/new/", views.benefit_create, name="create"),
    path("projects/<int:project_pk>/business-case/", views.business_case, name="business-case"),
    path(
        "projects/<int:project_pk>/business-case/edit/", views.business_case_edit, name="business-case-edit"
    ),
]
