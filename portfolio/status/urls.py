"""The project leader's biweekly status report."""

from django.urls import path

from portfolio.status import views as status

urlpatterns = [
    path("<int:pk>/status/new/", status.status_new, name="status-new"),
    path("<int:pk>/status/<int:report_pk>/", status.status_detail, name="status-detail"),
    path("<int:pk>/status/<int:report_pk>/edit/", status.status_edit, name="status-edit"),
    path("<int:pk>/status/<int:report_pk>/correct/", status.status_correct, name="status-correct"),
]
