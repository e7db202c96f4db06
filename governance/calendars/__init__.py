"""Calendar subscriptions (iCal): a person's private feed and a body's public one (issue 21)."""
