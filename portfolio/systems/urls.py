"""The system portfolio: /systems/ (its own namespace, "systems", beside the project register's)."""

from django.urls import path

from portfolio.systems import views as systems

app_name = "systems"

urlpatterns = [
    path("", systems.system_list, name="list"),
    path("export.csv", systems.system_export_csv, name="export-csv"),
    path("export.xlsx", systems.system_export_xlsx, name="export-xlsx"),
    path("new/", systems.system_create, name="create"),
    path("import/", systems.system_import, name="import"),
    path("<int:pk>/", systems.system_detail, name="detail"),
    path("<int:pk>/edit/", systems.system_edit, name="edit"),
]
