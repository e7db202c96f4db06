"""Writes of the API app: only its own tokens (the API itself writes nothing)."""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, token_digest

TOKEN_PREFIX = "dp_"  # noqa: S105 (a marker, not a secret: it tells a leaked token apart)
MAX_DAYS = 365


def _clear_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def api_token_create(*, actor, user, name, days) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days` days (1-365). Returns the row and the clear token,
    which is shown once and never stored."""
    if actor is not None and actor != user:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError("Giv nøglen et navn, så du kan kende den igen.")
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"En nøgle kan gælde fra 1 til {MAX_DAYS} dage.")
    clear = _clear_token()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=clear[:10],
        digest=token_digest(clear),
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    return token, clear


@transaction.atomic
def api_token_revoke(*, actor, token) -> ApiToken:
    """Revoke `token` (kept, never deleted). Only its owner revokes it; revoking twice changes nothing."""
    if actor != token.user:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(token) -> None:
    """Note that `token` was used now (one UPDATE, no signal, no history)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
