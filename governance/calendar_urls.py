"""The Project Board calendar: the series of meetings and their reporting periods."""

from django.urls import path

from governance.views import calendar

urlpatterns = [
    path("", calendar.board_list, name="board-list"),
    path("calendar/", calendar.board_calendar, name="board-calendar"),
    path("periods/<int:pk>/move/", calendar.board_period_move, name="board-period-move"),
    path("periods/<int:pk>/cancel/", calendar.board_period_cancel, name="board-period-cancel"),
    path("periods/<int:pk>/uncancel/", calendar.board_period_uncancel, name="board-period-uncancel"),
]
