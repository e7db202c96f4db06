"""The dynamic digitaliseringshandleplan: /plans/handleplan/ (in the governance namespace, beside the
annual indsatsplan; mounted before the plans' own urls so "handleplan" is never read as a year)."""

from django.urls import path

from governance.views import handleplan

urlpatterns = [
    path("", handleplan.handleplan, name="handleplan"),
    path("export.xlsx", handleplan.handleplan_xlsx, name="handleplan-xlsx"),
    path("pdf", handleplan.handleplan_pdf, name="handleplan-pdf"),
]
