"""E-mail from the portal: the one place that makes text safe for a header, and a send that never stops a
scheduled run.

Every app's mail goes through `send_portal_mail` (portfolio is left of benefits and governance, so all
may import it). A subject built from what users typed (a benefit's title with a line break) would make
Django raise BadHeaderError; `header_safe` folds it to one line first. A failure to send (a refused
recipient, an SMTP server that does not answer) is logged with the recipients and reported as False,
so a reminder job goes on with the next recipient.
"""

import logging
import re
import unicodedata

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)

# Long enough for any subject the portal writes; short enough for every mail client's list.
SUBJECT_LIMIT = 150
ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s+")


def _is_break_or_control(char: str) -> bool:
    # Cc: C0/C1 controls (\r, \n, \x00, \x85 …); Zl, Zp: U+2028, U+2029; Cf: invisible formatting
    # (bidi overrides, zero-width spaces) that would make a subject read differently from what it says.
    return unicodedata.category(char) in {"Cc", "Zl", "Zp", "Cf"}


def header_safe(text, *, limit: int = SUBJECT_LIMIT) -> str:
    """`text` (anything with a str) as one line fit for an e-mail header such as the subject: control
    characters and line breaks become spaces, runs of whitespace one space, and a text over `limit`
    characters is cut at a word where it can and ends in "…" (the result is at most `limit` long)."""
    text = "" if text is None else str(text)
    text = "".join(" " if _is_break_or_control(char) else char for char in text)
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    at_word = cut.rsplit(" ", 1)[0]
    if len(at_word) >= (limit * 2) // 3:  # a word boundary not too far back
        cut = at_word
    return cut.rstrip(" .,;:-–") + ELLIPSIS


def send_portal_mail(subject, body: str, recipients: list[str], *, from_email: str | None = None) -> bool:
    """Send one plain-text e-mail with a safe subject. True when sent; False (logged) when it failed."""
    try:
        send_mail(
            header_safe(subject),
            body,
            from_email or settings.DEFAULT_FROM_EMAIL,
            list(recipients),
            fail_silently=False,
        )
    except Exception:
        logger.exception("E-mail »%s« to %s could not be sent", header_safe(subject), ", ".join(recipients))
        return False
    return True
