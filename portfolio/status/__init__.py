"""The project leader's biweekly status report (/projects/<pk>/status/…): draft, submit, correct."""
