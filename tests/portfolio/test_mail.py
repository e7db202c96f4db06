"""portfolio.mail: any text made safe for an e-mail subject, and a send that logs a failure instead of
stopping the caller."""

import logging

import pytest
from django.core import mail

from portfolio.mail import ELLIPSIS, SUBJECT_LIMIT, header_safe, send_portal_mail
from tests.mail import REFUSING_BACKEND


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Linje 1\nLinje 2", "Linje 1 Linje 2"),
        ("Linje 1\r\n\r\nLinje 2\r", "Linje 1 Linje 2"),
        ("  tab\tog\x0bvtab\x0cff  ", "tab og vtab ff"),
        ("nul\x00byte og \x1bescape", "nul byte og escape"),
        ("NEL\x85LS\u2028PS\u2029slut", "NEL LS PS slut"),
        ("skjult\u202eretning\u200b", "skjult retning"),
        ("Æbler, øl og ål", "Æbler, øl og ål"),
        ("", ""),
        (None, ""),
        (2026, "2026"),
    ],
)
def test_it_folds_line_breaks_and_control_characters(text, expected):
    assert header_safe(text) == expected


def test_it_caps_the_length_with_an_ellipsis():
    words = " ".join(["gevinstrealisering"] * 40)
    capped = header_safe(words)
    assert len(capped) <= SUBJECT_LIMIT and capped.endswith("gevinstrealisering" + ELLIPSIS)
    unbroken = header_safe("x" * 10_000)
    assert unbroken == "x" * (SUBJECT_LIMIT - 1) + ELLIPSIS
    assert header_safe("a" * SUBJECT_LIMIT) == "a" * SUBJECT_LIMIT
    assert header_safe("kort emne", limit=5) == "kort" + ELLIPSIS
    assert "\n" not in header_safe("\n".join(["linje"] * 10_000))


def test_it_sends_with_a_safe_subject(mailoutbox):
    assert send_portal_mail("Påmindelse: »Linje 1\nLinje 2«", "Tekst", ["ejer@example.org"])
    assert mailoutbox[0].subject == "Påmindelse: »Linje 1 Linje 2«"
    assert mailoutbox[0].to == ["ejer@example.org"]


def test_it_logs_a_refused_recipient_and_returns_false(settings, caplog):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    with caplog.at_level(logging.ERROR, logger="portfolio.mail"):
        assert send_portal_mail("Emne", "Tekst", ["afvist@example.org"]) is False
    assert "afvist@example.org" in caplog.text and mail.outbox == []
