"""Decisions across bodies, escalation and phase gates: /governance/decisions/ …"""

from django.urls import path

from governance.decisions import views

urlpatterns = [
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/awaiting/", views.decisions_awaiting, name="decisions-awaiting"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/answer/", views.decision_answer, name="decision-answer"),
    path("decisions/<int:pk>/escalate/", views.decision_escalate, name="decision-escalate"),
    # The meeting page (governance/bodies/meeting_views.py) posts its decisions here.
    path("meetings/<int:meeting_pk>/decisions/", views.decision_record, name="decision-record"),
]
