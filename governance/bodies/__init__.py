"""The governance bodies: memberships (rights follow them), meetings, agendas, attendance, minutes."""
