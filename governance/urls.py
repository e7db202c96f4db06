"""governance's pages, mounted at the site root by portfolio/urls.py."""

from django.urls import include, path

app_name = "governance"

urlpatterns = [
    # The Project Board: its calendar and meeting list, and each meeting's generated report.
    path("board/", include("governance.calendar_urls")),
    path("board/", include("governance.board_urls")),
]
