"""What the property tests share: strategies for the adversarial input a browser (or anyone with curl)
can post, the url-encoding that turns it into the bytes Django receives, and the checks of the two
acceptable outcomes: a saved, valid object, or the form again with a Danish message and no change."""

import os
from contextlib import contextmanager
from urllib.parse import quote_plus

from django.contrib.messages import get_messages
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Fixtures (users, the project, the period) are built once per test, outside the examples; each example
# runs in its own savepoint that is rolled back, so nothing it writes is seen by the next.
# PROPERTY_EXAMPLES=1000 searches deeper locally; CI keeps to the default.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "60")),
    deadline=None,
    # Not the explain phase: it reruns a failing example dozens of times for a hint the traceback gives.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Django's own English messages: none of them may reach a Danish user.
ENGLISH_DEFAULTS = (
    "This field",
    "Enter a",
    "Ensure this value",
    "Ensure that",
    "Select a valid",
    "Null characters",
    "is not one of the available choices",
    "already exists",
    "Invalid",
    "valid value",
    "must be",
)

# --- text ------------------------------------------------------------------------------------------------

TRICKY_TEXTS = (
    "",
    " ",
    "   \t\r\n  ",
    "\u00a0",
    "\u200b",
    "\x00",
    "Kladde\x00med NUL",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user }} {% csrf_token %}",
    "%s %(name)s {0}",
    "'; DROP TABLE portfolio_statusreport; --",
    "æøå ÆØÅ é ü",
    "\u202eRTL-tekst",
    "😀👩‍👩‍👧",
    "\ufeffBOM",
    "\ufffd",
    "a\r\nb\rc\nd",
    "∞",
)

# Everything but surrogates: a browser cannot send them, and raw bytes (below) cover what Django makes
# of broken UTF-8 (U+FFFD).
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)

texts = st.one_of(
    any_text,
    st.sampled_from(TRICKY_TEXTS),
    st.builds(
        lambda char, count: char * count,
        st.sampled_from(["x", "æ", "😀", " ", "\x00", "<b>"]),
        st.sampled_from([199, 200, 201, 4999, 5000, 5001, 20_000]),
    ),
    st.tuples(any_text, st.sampled_from(["\x00", "\ufffd", "\u0301"])).map("".join),
)

# Short readable text that a form should accept as it is; `words` is never blank.
plain_texts = st.text(alphabet="abcæøå ÆØÅ-.,!?0123456789\n", max_size=40)
words = st.tuples(st.sampled_from("abcæøåÆØÅ"), plain_texts).map("".join)

# --- numbers as text ------------------------------------------------------------------------------------

NUMBERISH = (
    "",
    " ",
    "0",
    "-0",
    "+5",
    "-1",
    "−3,5",
    "1e400",
    "1e-400",
    "1E5",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1.234,5",
    "1.234.567,89",
    "1,234.56",
    "1 234 567",
    "1\u00a0234",
    "12,345",
    "0,001",
    "1,2,3",
    "12..5",
    ".5",
    "5.",
    ",5",
    "0x1F",
    "1_000",
    "١٢٣",
    "１２",
    "9" * 13,
    "9" * 20,
    "9" * 5000,
    "999999999999,99",
    "1000000000000",
    "125000 kr.",
    "125.000 kr",
    "DKK 100",
    "50 %",
    "\x00",
    "1\x00",
)

number_texts = st.one_of(
    st.sampled_from(NUMBERISH),
    st.integers(min_value=-(10**16), max_value=10**16).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.decimals(min_value=-(10**13), max_value=10**13, places=4).map(lambda d: str(d).replace(".", ",")),
    any_text,
)

# --- dates as text --------------------------------------------------------------------------------------

DATEISH = (
    "",
    "2026-02-30",
    "2025-13-01",
    "2025-00-10",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0000-01-01",
    "31.12.2026",
    "31/12/2026",
    "12/31/2026",
    "2026-1-1",
    "2026/01/01",
    "20260101",
    "1. januar 2026",
    "i morgen",
    "2026-01-01T10:00",
    " 2026-01-01 ",
    "2026-01-01\x00",
    "-2026-01-01",
)

iso_dates = st.dates().map(lambda day: day.isoformat())
date_texts = st.one_of(st.sampled_from(DATEISH), iso_dates, any_text)

# --- choices --------------------------------------------------------------------------------------------


def outside_choices(valid):
    """Values a select or radio button never offers: other strings, the labels, case and spacing."""
    return st.one_of(
        any_text.filter(lambda value: value not in valid),
        st.sampled_from(["0", "-1", "999999", "None", "null", "true", "GREEN", " green", "rød"]),
    )


def mostly(common, rare, *, one_in=5):
    """`common`, and `rare` about once in `one_in` draws (shrinking towards `common`)."""
    return st.integers(0, one_in - 1).flatmap(lambda pick: rare if pick == one_in - 1 else common)


# --- form bodies ----------------------------------------------------------------------------------------


def occurrences(values):
    """A field sent once (mostly), left out, or repeated (Django reads the last of repeated keys)."""
    return st.sampled_from((1, 1, 1, 1, 1, 0, 2, 3)).flatmap(
        lambda count: st.lists(values, min_size=count, max_size=count)
    )


raw_bytes = st.binary(min_size=1, max_size=12)

unknown_keys = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(["csrfmiddlewaretoken", "id", "pk", "state", "author", "__all__"]), any_text
        ),
        st.one_of(any_text, raw_bytes),
    ),
    max_size=2,
)


@st.composite
def form_bodies(draw, valid: dict, adversarial: dict, *, extra=()):
    """(key, value) pairs for one POST: a few fields (possibly none) get adversarial values, may be left
    out or repeated, or carry raw bytes that are not UTF-8; the rest are plausible. The order is shuffled.

    `valid` and `adversarial` map each field to a strategy of its values (None: left out; a list: sent
    once per element); `extra` are pairs always sent."""
    names = sorted(valid)
    broken = draw(
        st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(names), max_size=min(4, len(names))))
    )
    pairs = list(extra)
    for name in names:
        if name in broken:
            values = draw(occurrences(st.one_of(adversarial[name], raw_bytes)))
        else:
            value = draw(valid[name])
            values = value if isinstance(value, list) else [value]  # a list: a multiple choice
        pairs.extend((name, value) for value in values if value is not None)
    pairs.extend(draw(unknown_keys))
    return draw(st.permutations(pairs))


def encode(pairs) -> bytes:
    """The url-encoded body a browser sends; bytes values are sent as they are, so invalid UTF-8
    arrives as Django decodes it."""
    parts = []
    for key, value in pairs:
        key_bytes = key if isinstance(key, bytes) else key.encode("utf-8")
        value_bytes = value if isinstance(value, bytes) else value.encode("utf-8")
        parts.append(f"{quote_plus(key_bytes)}={quote_plus(value_bytes)}")
    return "&".join(parts).encode("ascii")


def received(pairs) -> QueryDict:
    """The POST data as the view sees it."""
    return QueryDict(encode(pairs), encoding="utf-8")


def post(client, url, pairs, **headers):
    return client.post(url, data=encode(pairs), content_type="application/x-www-form-urlencoded", **headers)


# --- one example, one savepoint ---------------------------------------------------------------------------


@contextmanager
def rolled_back():
    """Everything the example writes is undone when it ends, whatever the outcome."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def logged_in(user) -> Client:
    """A fresh client per example, so no session, cookie or pending message leaks into the next one.
    It raises the view's exceptions: a crash fails the example with its traceback, never hides as a 500."""
    client = Client()
    client.force_login(user)
    return client


# --- outcomes -----------------------------------------------------------------------------------------------


def means_number(text, value, *, empty=None) -> bool:
    """The saved `value` is what a Dane means by `text`, as everywhere in the portal: 1.500 is fifteen
    hundred, 1.234,50 has øre, an empty field is `empty`. Text that the Danish reading does not cover
    ("1_000", "100 DKK") may be read either way."""
    from portfolio.forms import parse_danish_decimal

    try:
        expected = parse_danish_decimal(text)
    except ValueError:
        return True
    return value == (empty if expected is None else expected)


def assert_danish(message: str) -> None:
    for english in ENGLISH_DEFAULTS:
        assert english not in message, f"Engelsk standardtekst til brugeren: {message!r}"


def form_messages(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def assert_shows_danish_errors(response, form, marker="form-error-message") -> list[str]:
    """The form came back with at least one message, each Danish and each on the page."""
    assert response.status_code != 500
    messages = form_messages(form)
    assert messages, "Formularen er afvist uden en fejlbesked"
    html = response.content.decode()
    assert marker in html
    for message in messages:
        assert_danish(message)
        assert escape(message) in html, f"Fejlbeskeden vises ikke: {message!r}"
    return messages


def flash_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]
