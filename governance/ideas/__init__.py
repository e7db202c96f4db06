"""IOD, the innovation group: its pipeline of ideas."""
