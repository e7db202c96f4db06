"""Decisions of the bodies: the decision log, escalation and phase gates."""
