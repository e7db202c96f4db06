"""The plans: the annual indsatsplan (ranked, approved, frozen, printed) and the dynamic handleplan."""
