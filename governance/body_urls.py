"""Governance bodies, memberships and meetings."""

from django.urls import path

from governance.views import bodies, meetings

urlpatterns = [
    path("", bodies.body_list, name="index"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/members/add/", bodies.membership_add, name="membership-add"),
    path("memberships/<int:pk>/end/", bodies.membership_end, name="membership-end"),
    path("bodies/<slug:slug>/meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/", meetings.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:pk>/agenda/collect/", meetings.meeting_collect, name="meeting-collect"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/actions/", meetings.meeting_action_add, name="meeting-action-add"),
    path("meetings/<int:pk>/minutes.pdf", meetings.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("agenda/<int:pk>/edit/", meetings.agenda_item_edit, name="agenda-item-edit"),
    path("agenda/<int:pk>/move/", meetings.agenda_item_move, name="agenda-item-move"),
    path("actions/<int:pk>/done/", meetings.action_done, name="action-done"),
]
