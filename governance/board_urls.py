"""One Project Board meeting and its generated status report PDF."""

from django.urls import path

from governance.views import board

urlpatterns = [
    path("<int:pk>/", board.board_detail, name="board-detail"),
    path("<int:pk>/generate/", board.board_generate, name="board-generate"),
    path("<int:pk>/status/", board.board_report_status, name="board-report-status"),
    path("<int:pk>/report.pdf", board.board_report_pdf, name="board-report-pdf"),
]
