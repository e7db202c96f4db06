"""Decisions and escalation, phase gates, IOD ideas and the IT-security group's yearly tasks."""

urlpatterns = []
