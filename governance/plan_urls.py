"""The annual indsatsplan: /plans/ …"""

from django.urls import path

from governance.views import plans

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("new/", plans.plan_start, name="plan-start"),
    path("<int:year>/", plans.plan_detail, name="plan-detail"),
    path("<int:year>/pdf", plans.plan_pdf, name="plan-pdf"),
    path("<int:year>/v<int:version>/", plans.plan_version, name="plan-version"),
    path("<int:year>/v<int:version>/pdf", plans.plan_pdf, name="plan-version-pdf"),
    path("<int:year>/v<int:version>/pdf/generate/", plans.plan_pdf_generate, name="plan-pdf-generate"),
    path("<int:year>/v<int:version>/pdf/status/", plans.plan_pdf_status, name="plan-pdf-status"),
    path("<int:year>/v<int:version>/settings/", plans.plan_settings, name="plan-settings"),
    path("<int:year>/v<int:version>/items/", plans.plan_item_add, name="plan-item-add"),
    path("<int:year>/v<int:version>/submit/", plans.plan_submit, name="plan-submit"),
    path("<int:year>/v<int:version>/approve/", plans.plan_approve, name="plan-approve"),
    path("<int:year>/v<int:version>/send-back/", plans.plan_send_back, name="plan-send-back"),
    path("<int:year>/v<int:version>/revise/", plans.plan_revise, name="plan-revise"),
    path("items/<int:pk>/", plans.plan_item_edit, name="plan-item-edit"),
    path("items/<int:pk>/move/", plans.plan_item_move, name="plan-item-move"),
    path("items/<int:pk>/remove/", plans.plan_item_remove, name="plan-item-remove"),
]
