"""The Project Board: /board/ … its calendar and meeting list, and each meeting's generated report."""

from django.urls import path

from governance.board import views

urlpatterns = [
    path("", views.board_list, name="board-list"),
    path("calendar/", views.board_calendar, name="board-calendar"),
    path("periods/<int:pk>/move/", views.board_period_move, name="board-period-move"),
    path("periods/<int:pk>/cancel/", views.board_period_cancel, name="board-period-cancel"),
    path("periods/<int:pk>/uncancel/", views.board_period_uncancel, name="board-period-uncancel"),
    path("<int:pk>/", views.board_detail, name="board-detail"),
    path("<int:pk>/generate/", views.board_generate, name="board-generate"),
    path("<int:pk>/status/", views.board_report_status, name="board-report-status"),
    path("<int:pk>/report.pdf", views.board_report_pdf, name="board-report-pdf"),
]
