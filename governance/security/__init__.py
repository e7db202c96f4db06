"""The IT-security group's yearly tasks."""
