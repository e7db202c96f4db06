"""The edit token (portfolio.stale) a test's POST must carry, as the edit page would give it."""

import re

from portfolio import stale

_VERSION_INPUT = re.compile(
    r'<input[^>]*name="([^"]*version)"[^>]*value="([^"]*)"'
    r'|<input[^>]*value="([^"]*)"[^>]*name="([^"]*version)"'
)


def token_of(obj, *fields) -> str:
    """The token of a form editing `obj` (all its editable fields, or just `fields`)."""
    return stale.token(stale.of(obj, fields or None))


def tokens_on(client, url) -> dict:
    """Every hidden token on the page at `url`: {input name: token}."""
    html = client.get(url).content.decode()
    found = {}
    for match in _VERSION_INPUT.finditer(html):
        name, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        found[name] = value.replace("&quot;", '"')
    return found


def token_on(client, url, name="version") -> str:
    return tokens_on(client, url)[name]


def scope_token(scope) -> str:
    """The token of a form editing `scope` (a service's *_scope(...), fx business_case_scope(project))."""
    return stale.token(scope)


def business_case_token(project) -> str:
    from benefits.services import business_case_scope

    return scope_token(business_case_scope(project))
