"""The steering group's dashboard (/): figures, cache, charts, PDF."""
