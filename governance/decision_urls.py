"""Decisions and escalation, phase gates, IOD ideas and the IT-security group's yearly tasks."""

from django.urls import path

from governance.views import decisions, ideas, security

urlpatterns = [
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/awaiting/", decisions.decisions_awaiting, name="decisions-awaiting"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/answer/", decisions.decision_answer, name="decision-answer"),
    path("decisions/<int:pk>/escalate/", decisions.decision_escalate, name="decision-escalate"),
    # The meeting page (governance/views/meetings.py) posts its decisions here.
    path("meetings/<int:meeting_pk>/decisions/", decisions.decision_record, name="decision-record"),
    path("ideas/", ideas.idea_list, name="idea-list"),
    path("ideas/new/", ideas.idea_create, name="idea-create"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea-detail"),
    path("ideas/<int:pk>/score/", ideas.idea_score, name="idea-score"),
    path("ideas/<int:pk>/fund/", ideas.idea_fund, name="idea-fund"),
    path("ideas/<int:pk>/project/", ideas.idea_make_project, name="idea-make-project"),
    path("ideas/<int:pk>/reject/", ideas.idea_reject, name="idea-reject"),
    path("security/", security.security_list, name="security-list"),
    path("security/<int:pk>/", security.security_record, name="security-record"),
]
