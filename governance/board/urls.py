"""The Project Board: /board/ … its calendar and meeting list, and each meeting's generated report."""

from django.urls import path

from governance.board import meeting_views, views

urlpatterns = [
    path("", views.board_list, name="board-list"),
    path("calendar/", views.board_calendar, name="board-calendar"),
    path("periods/<int:pk>/move/", views.board_period_move, name="board-period-move"),
    path("periods/<int:pk>/cancel/", views.board_period_cancel, name="board-period-cancel"),
    path("periods/<int:pk>/uncancel/", views.board_period_uncancel, name="board-period-uncancel"),
    path("<int:pk>/", meeting_views.board_detail, name="board-detail"),
    path("<int:pk>/generate/", meeting_views.board_generate, name="board-generate"),
    path("<int:pk>/status/", meeting_views.board_report_status, name="board-report-status"),
    path("<int:pk>/report.pdf", meeting_views.board_report_pdf, name="board-report-pdf"),
    path("<int:pk>/remind/", meeting_views.board_remind_all, name="board-remind-all"),
    path("<int:pk>/remind/<int:project_pk>/", meeting_views.board_remind, name="board-remind"),
]
