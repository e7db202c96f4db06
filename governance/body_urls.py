"""Governance bodies, memberships and meetings."""

urlpatterns = []
