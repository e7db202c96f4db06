"""The Project Board: its calendar of meetings and reporting periods, the reminders, and each meeting's
status report PDF."""
