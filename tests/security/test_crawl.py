"""No page answers with a server error: a crawl of every link each persona can follow, then every URL
pattern with malformed query strings and malformed ids in its path.

Django's test client with raise_request_exception=False turns a view's exception into the 500 response
a visitor would get, so every failure is counted and all are reported together, each with its URL.
"""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urldefrag, urljoin, urlsplit

import pytest

from tests.security.world import (
    PERSONAS,
    fill,
    fingerprint,
    kwargs_for,
    site_routes,
)

# --- the crawl ---------------------------------------------------------------------------------------------

# Bounds of one persona's crawl.
MAX_PAGES = 400
MAX_DEPTH = 4
# Sorting, filtering and paging links make endless variations of one page. The crawl follows at most
# MAX_PER_SHAPE URLs of one path with one set of query keys (/projects/?ordering=name and ?ordering=-name
# are one shape) and at most MAX_PER_PATH of one path, so its pages go to the breadth of the site.
MAX_PER_SHAPE = 2
MAX_PER_PATH = 6
SITE_HOSTS = {"", "testserver"}
NOT_FOLLOWED = ("/accounts/logout/", "/static/")
REDIRECTS = (301, 302, 303, 307, 308)
# The areas of the site a logged-in crawl must reach through the links, or the crawl proves little.
AREAS = (
    "/projects/",
    "/benefits/",
    "/focus-areas/",
    "/governance/",
    "/board/",
    "/plans/",
    "/systems/",
    "/initiatives/",
)
LOGGED_IN_FLOOR = 60


class _Parser(HTMLParser):
    """The href of every <a>, and the fields of every form that is sent with GET (a filter form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []
        self.get_fields = set()
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form":
            self._form = (attrs.get("method") or "get").lower()
        elif tag in ("input", "select", "textarea") and self._form == "get" and attrs.get("name"):
            self.get_fields.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(response) -> _Parser:
    parser = _Parser()
    is_html = response.get("Content-Type", "").startswith("text/html")
    if response.status_code == 200 and is_html and not response.streaming:
        parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
    return parser


def same_site(base: str, href: str) -> str | None:
    """The site-relative URL `href` points to from `base`, or None for what the crawl leaves alone:
    other sites, mailto:/tel:/javascript:, a fragment of the same page, logout and static files."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS:
        return None
    if not parts.path.startswith("/") or parts.path.startswith(NOT_FOLLOWED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Visit:
    url: str
    status: int
    depth: int
    found_on: str | None


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)

    @property
    def errors(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.status >= 500]

    def paths(self) -> set[str]:
        return {urlsplit(visit.url).path for visit in self.visits}


def crawl(client, start="/") -> Crawl:
    """Follow every same-site link (and redirect) from `start`, breadth first, within the bounds."""
    result = Crawl()
    queue = deque([(start, 0, None)])
    queued = {start}
    per_shape: dict[tuple, int] = {}
    per_path: dict[str, int] = {}

    def enqueue(url, depth, found_on):
        if url is None or url in queued or depth > MAX_DEPTH:
            return
        parts = urlsplit(url)
        shape = (parts.path, frozenset(key for key, _ in parse_qsl(parts.query, keep_blank_values=True)))
        if per_shape.get(shape, 0) >= MAX_PER_SHAPE or per_path.get(parts.path, 0) >= MAX_PER_PATH:
            return
        per_shape[shape] = per_shape.get(shape, 0) + 1
        per_path[parts.path] = per_path.get(parts.path, 0) + 1
        queued.add(url)
        queue.append((url, depth, found_on))

    while queue and len(result.visits) < MAX_PAGES:
        url, depth, found_on = queue.popleft()
        response = client.get(url)
        result.visits.append(Visit(url, response.status_code, depth, found_on))
        if response.status_code in REDIRECTS:
            enqueue(same_site(url, response["Location"]), depth + 1, url)
            continue
        for href in parse(response).hrefs:
            enqueue(same_site(url, href), depth + 1, url)
    return result


def _report(visits) -> str:
    return "\n".join(f"  {v.status} {v.url} (linked from {v.found_on or 'the start'})" for v in visits)


def test_it_keeps_to_the_site_when_following_links():
    assert same_site("/projects/", "1/") == "/projects/1/"
    assert same_site("/projects/?page=2", "?page=3#top") == "/projects/?page=3"
    assert same_site("/", "http://testserver/benefits/") == "/benefits/"
    for outside in (
        "https://www.kl.dk/",
        "//example.org/x",
        "mailto:it@example.org",
        "tel:+4512345678",
        "javascript:void(0)",
        "#indhold",
        "/accounts/logout/",
        "/static/css/portal.css",
    ):
        assert same_site("/", outside) is None, outside


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_crawls_every_link_without_a_server_error(in_world, persona):
    result = crawl(in_world.client(persona))
    print(f"\n{persona}: {len(result.visits)} pages crawled")  # noqa: T201 - the figure for the report
    assert not result.errors, f"{persona} got server errors on {len(result.errors)} pages:\n" + _report(
        result.errors
    )
    if persona == "anonymous":
        # Nobody reads anything without logging in: the crawl sees the login page and the password reset
        # form it links to, and nothing else.
        seen = {urlsplit(v.url).path for v in result.visits if v.status == 200}
        assert seen <= {"/accounts/login/", "/accounts/password-reset/", "/health/"}, seen
        assert "/accounts/login/" in seen
    else:
        assert len(result.visits) >= LOGGED_IN_FLOOR, len(result.visits)
        missing = [area for area in AREAS if not any(path.startswith(area) for path in result.paths())]
        assert not missing, f"{persona}'s crawl never reached {missing}"


# --- malformed input -----------------------------------------------------------------------------------

# Query strings no form of the site sends: each against every URL pattern (already encoded, so a
# malformed escape such as %ff reaches the view as it would from a browser's address bar).
LONG = "x" * 5000
HOSTILE_QUERIES = [
    "page=-1&side=-5",
    "page=abc&side=abc",
    "page=99999999&side=99999999",
    "q=%00",
    "q=" + quote("<script>alert(1)</script>"),
    "q=" + LONG,
    "ordering=nonsense",
    "ordering=-__class__,password",
    "focus_area=abc",
    "focus_area=99999999999999999999",
    "focus_area=%C2%B2",
    "kind=%ff",
    "phase=%00&light=%ff&anchoring=-1&leader=abc",
    "strategy_period=abc&project=abc&owner=abc&body=%00&type=x&financial=2",
    "date_from=2026-02-30&date_to=abc&months=abc",
    "months=-1&watch=maybe&active=maybe&missing_status=%ff",
    "page=1&page=2&q=a&q=b&focus_area=1&focus_area=abc&ordering=name&ordering=-name",
    "zzz=1&__proto__=x&page%5B%5D=1&%00=%00",
    "next=https://example.org/&agenda_item=abc",
]
# What each field of a page's own GET form (a filter) is sent, one field at a time: not a number, a
# number no id reaches, a digit int() refuses, a NUL, a broken UTF-8 escape, a very long value.
HOSTILE_VALUES = ["abc", "-1", "99999999999999999999", "%C2%B2", "%00", "%ff", LONG]
# Ids no object has, for every <int:…> in a path: zero, a free id, and numbers beyond what a 32-bit
# and a 64-bit integer column hold.
HOSTILE_IDS = [0, 99_999_999, 2**31, 2**63, 10**30]

ROUTES = site_routes()


def _route_id(route):
    return route.name


def _server_errors(responses) -> str:
    return "\n".join(f"  {status} {method} {url}" for method, url, status in responses if status >= 500)


@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_it_answers_malformed_query_strings_without_a_server_error(in_world, route):
    """As the admin, who passes every permission check, so each view gets as far as it can."""
    client = in_world.client("admin")
    base = fill(route, kwargs_for(in_world, route.name, route))
    first = client.get(base)
    tried = [("GET", base, first.status_code)]
    if first.status_code != 405:  # an action: its query string is never read
        queries = list(HOSTILE_QUERIES)
        for name in sorted(parse(first).get_fields):
            queries += [f"{quote(name)}={value}" for value in HOSTILE_VALUES]
        for query in queries:
            url = f"{base}?{query}"
            tried.append(("GET", url, client.get(url).status_code))
        # The htmx request of a page asks for its fragment only: the same input, another template.
        url = f"{base}?{HOSTILE_QUERIES[1]}"
        tried.append(("GET htmx", url, client.get(url, headers={"HX-Request": "true"}).status_code))
    print(f"\n{route.name}: {len(tried)} requests")  # noqa: T201 - the figure for the report
    assert not any(status >= 500 for *_, status in tried), "Server errors:\n" + _server_errors(tried)


INT_ROUTES = [route for route in ROUTES if route.int_params]


@pytest.mark.parametrize("route", INT_ROUTES, ids=_route_id)
def test_it_answers_malformed_ids_in_the_path_with_not_found(in_world, route):
    """Each <int:…> of the path in turn gets an id no object has; the others stay valid. An action is
    POSTed (its GET is refused before any lookup), as the admin, who may: nothing exists to change."""
    client = in_world.client("admin")
    valid = kwargs_for(in_world, route.name, route)
    is_action = client.get(fill(route, valid)).status_code == 405
    tried = []
    for param in route.int_params:
        for value in HOSTILE_IDS:
            url = fill(route, {**valid, param: value})
            response = client.post(url) if is_action else client.get(url)
            tried.append(("POST" if is_action else "GET", url, response.status_code))
    print(f"\n{route.name}: {len(tried)} requests")  # noqa: T201 - the figure for the report
    assert not any(status >= 500 for *_, status in tried), "Server errors:\n" + _server_errors(tried)
    assert all(status == 404 for *_, status in tried), "Not 404:\n" + "\n".join(
        f"  {status} {method} {url}" for method, url, status in tried if status != 404
    )


# Forms that take a list of objects by id (Django's ModelMultipleChoiceField): the field a visitor could
# fill with any number. Django checks the ids with an `__in` query, which SQLite cannot bind for a
# number beyond 64 bits (portfolio.forms.IdRangeMixin refuses such ids first).
ID_LIST_FIELDS = {
    "portfolio:project-create": "focus_areas",
    "portfolio:project-edit": "deputies",
    "systems:edit": "projects_introducing",
    "governance:idea-create": "focus_areas",
    "governance:meeting-attendance": "attendees",
    "governance:plan-item-edit": "focus_areas",
}
HOSTILE_ID_VALUES = ["99999999999999999999", "-99999999999999999999", "²", "1e3"]


@pytest.mark.parametrize("key, field", ID_LIST_FIELDS.items())
def test_it_refuses_impossible_ids_in_a_list_field_of_a_form(in_world, key, field):
    route = next(route for route in ROUTES if route.name == key)
    url = fill(route, kwargs_for(in_world, key, route))
    client = in_world.client("admin")
    before = fingerprint()
    statuses = {value: client.post(url, {field: value}).status_code for value in HOSTILE_ID_VALUES}
    assert all(status in (200, 400) for status in statuses.values()), statuses
    assert fingerprint() == before
