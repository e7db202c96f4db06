"""The private feed's token: derived from the row's random nonce with the site's secret key (so the page
can show the address again, and a copy of the database alone gives no address), found by its SHA-256."""

import hashlib

from django.utils.crypto import salted_hmac

KEY_SALT = "governance.calendars.feed"


def feed_token(nonce: str) -> str:
    return salted_hmac(KEY_SALT, nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
