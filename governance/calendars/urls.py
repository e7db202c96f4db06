"""Calendar subscriptions: /calendar/ … the page, and the private and public iCal feeds."""

from django.urls import path

from governance.calendars import views

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("new-address/", views.new_address, name="calendar-new-address"),
    path("bodies/<slug:slug>/public/", views.body_switch, name="calendar-body-switch"),
    path("bodies/<slug:slug>/<str:token>.ics", views.body_feed, name="calendar-body"),
    path("<str:token>.ics", views.feed, name="calendar-feed"),
]
