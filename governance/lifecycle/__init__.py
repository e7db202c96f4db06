"""A project's requests to its bodies (phase gates, changes of course) and the acceptance of its closing."""
