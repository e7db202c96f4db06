"""Small write helpers the services share."""

from django.conf import settings

from portfolio.history import save_with_history


def saved(obj, actor, **save_kwargs):
    """Validate and save `obj`, its history entry recording `actor`."""
    save_with_history(obj, actor=actor, clean=True, **save_kwargs)
    return obj


def portal_url(path: str) -> str:
    """An absolute link for e-mails (settings.PORTAL_BASE_URL)."""
    base = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"
