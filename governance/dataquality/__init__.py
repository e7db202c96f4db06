"""Datakvalitet: the gaps in the portfolio's data, each linked to where it is fixed (the programme group's
"fokus på datadisciplin")."""
