"""The annual indsatsplan (/plans/ …) and the dynamic digitaliseringshandleplan (/plans/handleplan/ …,
before the plans' own paths so "handleplan" is never read as a year)."""

from django.urls import path

from governance.plans import handleplan, pdf_views, views

urlpatterns = [
    # The handleplan first.
    path("handleplan/", handleplan.handleplan, name="handleplan"),
    path("handleplan/export.xlsx", handleplan.handleplan_xlsx, name="handleplan-xlsx"),
    path("handleplan/pdf", handleplan.handleplan_pdf, name="handleplan-pdf"),
    # The annual indsatsplan.
    path("", views.plan_list, name="plan-list"),
    path("new/", views.plan_start, name="plan-start"),
    path("<int:year>/", views.plan_detail, name="plan-detail"),
    path("<int:year>/pdf", pdf_views.plan_pdf, name="plan-pdf"),
    path("<int:year>/v<int:version>/", views.plan_version, name="plan-version"),
    path("<int:year>/v<int:version>/pdf", pdf_views.plan_pdf, name="plan-version-pdf"),
    path("<int:year>/v<int:version>/pdf/generate/", pdf_views.plan_pdf_generate, name="plan-pdf-generate"),
    path("<int:year>/v<int:version>/pdf/status/", pdf_views.plan_pdf_status, name="plan-pdf-status"),
    path("<int:year>/v<int:version>/settings/", views.plan_settings, name="plan-settings"),
    path("<int:year>/v<int:version>/items/", views.plan_item_add, name="plan-item-add"),
    path("<int:year>/v<int:version>/submit/", views.plan_submit, name="plan-submit"),
    path("<int:year>/v<int:version>/approve/", views.plan_approve, name="plan-approve"),
    path("<int:year>/v<int:version>/send-back/", views.plan_send_back, name="plan-send-back"),
    path("<int:year>/v<int:version>/revise/", views.plan_revise, name="plan-revise"),
    path("items/<int:pk>/", views.plan_item_edit, name="plan-item-edit"),
    path("items/<int:pk>/move/", views.plan_item_move, name="plan-item-move"),
    path("items/<int:pk>/remove/", views.plan_item_remove, name="plan-item-remove"),
]
