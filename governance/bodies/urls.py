"""Governance bodies, memberships and meetings: /governance/ …"""

from django.urls import path

from governance.bodies import meeting_views, views

urlpatterns = [
    path("", views.body_list, name="index"),
    path("bodies/<slug:slug>/", views.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/members/add/", views.membership_add, name="membership-add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("bodies/<slug:slug>/meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/", meeting_views.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:pk>/agenda/collect/", meeting_views.meeting_collect, name="meeting-collect"),
    path("meetings/<int:pk>/attendance/", meeting_views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", meeting_views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/actions/", meeting_views.meeting_action_add, name="meeting-action-add"),
    path("meetings/<int:pk>/minutes.pdf", meeting_views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("agenda/<int:pk>/edit/", meeting_views.agenda_item_edit, name="agenda-item-edit"),
    path("agenda/<int:pk>/move/", meeting_views.agenda_item_move, name="agenda-item-move"),
    path("actions/<int:pk>/done/", meeting_views.action_done, name="action-done"),
]
