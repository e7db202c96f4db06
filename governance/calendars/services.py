"""Writes of the calendar subscriptions: a person's new private address, a body's public calendar on/off."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from governance.calendars.tokens import feed_token, token_hash
from governance.models import Body, CalendarFeed
from governance.permissions import can_keep_meetings
from portfolio.history import save_with_history
from portfolio.models import User


@transaction.atomic
def feed_new_address(*, user) -> CalendarFeed:
    """A new private address for `user`; the one she had stops working at once (revoked, kept)."""
    # One new address at a time per person: the lock orders two clicks, the constraint backs it.
    User.objects.select_for_update().filter(pk=user.pk).first()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    nonce = secrets.token_hex(32)
    return CalendarFeed.objects.create(user=user, nonce=nonce, token_hash=token_hash(feed_token(nonce)))


@transaction.atomic
def body_public_calendar_set(*, actor, body: Body, public: bool) -> Body:
    """Switch `body`'s public meeting calendar on or off: the body's chair or secretary (who keep its
    meetings) and admins. The change is in the body's history."""
    if not can_keep_meetings(actor, body):
        raise PermissionDenied("Kun organets formand eller sekretær kan slå den offentlige kalender til.")
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.public_calendar == public:
        return body
    body.public_calendar = public
    if public and not body.public_calendar_token:
        body.public_calendar_token = secrets.token_urlsafe(24)
    return save_with_history(body, actor=actor, update_fields=["public_calendar", "public_calendar_token"])
