"""Links the rooms' e-mails share. (Saving with history: portfolio.history.save_with_history.)"""

from django.conf import settings


def portal_url(path: str) -> str:
    """An absolute link for e-mails (settings.PORTAL_BASE_URL)."""
    base = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"
