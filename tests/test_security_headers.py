"""The Content-Security-Policy: exactly the portal's directives on every page, never 'unsafe-inline' or
'unsafe-eval', and nothing in the served HTML that such a policy would block (inline style, inline
script, event handler attributes, htmx expressions). PDFs go without it: Chromium's viewer breaks
under it (portfolio/security.py)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portfolio.charts import LIGHT_SERIES, Series, bar_chart, paired_bar_chart, stacked_bar_chart
from portfolio.security import ContentSecurityPolicyMiddleware
from tests.factories import (
    UserFactory,
)
from tests.main_pages import MAIN_PAGES

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'")

# What a policy without 'unsafe-inline'/'unsafe-eval' blocks. In served HTML it is found by parsing
# (markup escaped into text or an attribute value is harmless); in templates, whose tags and conditions sit
# inside HTML tags, and in Python sources by patterns.
STYLE_ATTRIBUTE = "style attribute"
STYLE_ELEMENT = "<style> element"
INLINE_SCRIPT = "inline <script>"
EVENT_HANDLER = "on…= event handler"
SCRIPT_URL = "javascript: URL"
HTMX_EVAL = "htmx eval (hx-on, js:)"
TEMPLATE_PATTERNS = {
    STYLE_ATTRIBUTE: re.compile(r"<[^>]*\sstyle\s*=", re.I),
    STYLE_ELEMENT: re.compile(r"<style[\s>]", re.I),
    # A <script> without src runs inline; one holding JSON data (json_script) is not run and is allowed.
    INLINE_SCRIPT: re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    EVENT_HANDLER: re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    SCRIPT_URL: re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
    HTMX_EVAL: re.compile(r"""\shx-on\b|\shx-on:|\shx-(?:vals|vars)\s*=\s*["']\s*(?:js|javascript):""", re.I),
}
DOM_EVENTS = r"(?:click|dblclick|change|input|submit|reset|load|error|focus|blur|key\w+|mouse\w+|pointer\w+)"
# Python: widget attrs ("style": …, "onclick": …) and HTML in string literals (style="…", f'style="{…}"').
PYTHON_PATTERNS = {
    STYLE_ATTRIBUTE: re.compile(r"""["']style["']\s*:|\sstyle=\\?["'{]"""),
    STYLE_ELEMENT: TEMPLATE_PATTERNS[STYLE_ELEMENT],
    INLINE_SCRIPT: TEMPLATE_PATTERNS[INLINE_SCRIPT],
    # The usual DOM events by name: a dictionary key such as "onpremise" is no handler.
    EVENT_HANDLER: re.compile(rf"""["']on{DOM_EVENTS}["']\s*:|\son{DOM_EVENTS}=\\?["']"""),
}
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = {}

    def _add(self, what, tag, attrs):
        shown = " ".join(f'{name}="{value}"' if value is not None else name for name, value in attrs)
        self.found.setdefault(what, []).append(f"<{tag} {shown}>"[:160])

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "style":
            self._add(STYLE_ELEMENT, tag, attrs)
        if tag == "script" and "src" not in values and values.get("type") != "application/json":
            self._add(INLINE_SCRIPT, tag, attrs)
        for name, value in values.items():
            if name == "style":
                self._add(STYLE_ATTRIBUTE, tag, attrs)
            elif name.startswith("on"):
                self._add(EVENT_HANDLER, tag, attrs)
            elif name.startswith("hx-on") or (
                name in {"hx-vals", "hx-vars"} and value.strip().startswith(("js:", "javascript:"))
            ):
                self._add(HTMX_EVAL, tag, attrs)
            elif name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self._add(SCRIPT_URL, tag, attrs)

    handle_startendtag = handle_starttag


def blocked_in(html: str) -> dict[str, list[str]]:
    """What in this served HTML (or SVG) the policy would block, by kind."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def matched_in(source: str, patterns) -> dict[str, list[str]]:
    found = {}
    for what, pattern in patterns.items():
        matches = [match.group(0)[-120:] for match in pattern.finditer(source)]
        if matches:
            found[what] = matches
    return found


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = sources
    return directives


# --- the header ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_sends_exactly_the_portals_policy_on_a_page(client):
    client.force_login(UserFactory())
    response = client.get("/projects/")
    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password-reset/", "/health/", "/admin/login/"]
)
def test_it_sends_the_policy_before_login_too(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY


def test_it_allows_no_unsafe_source_in_any_directive():
    for name, sources in EXPECTED_POLICY.items():
        assert not set(sources) & set(UNSAFE_SOURCES), name
    from django.conf import settings

    configured = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert configured == EXPECTED_POLICY
    assert not any(source in UNSAFE_SOURCES for sources in configured.values() for source in sources)
    assert not hasattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY")


@pytest.mark.django_db
def test_it_sends_the_other_security_headers(client):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_sends_the_policy_on_html_and_json_but_not_on_a_pdf():
    def respond_with(content_type):
        def view(request):
            return HttpResponse(b"x", content_type=content_type)

        return ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/anything/"))

    assert "Content-Security-Policy" in respond_with("text/html; charset=utf-8")
    assert "Content-Security-Policy" in respond_with("application/json")
    assert "Content-Security-Policy" not in respond_with("application/pdf")


# --- nothing in the HTML that the policy would block -------------------------------------------------------


def served_templates():
    """Every template that ends up in a browser: PDF layouts are rendered by WeasyPrint, e-mails by mail
    clients; neither is served as a page."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES)
        if relative.parts[0] not in {"pdf", "emails"}:
            yield relative


def test_it_finds_the_templates_to_check():
    names = {str(path) for path in served_templates()}
    assert {"base.html", "registration/login.html", "registration/locked_out.html"} <= names
    assert not any(name.startswith(("pdf/", "emails/")) for name in names)


def test_it_has_no_inline_style_script_or_eval_in_any_served_template():
    offenders = {}
    for relative in served_templates():
        # Django's comments never reach the browser (base.html's explains the htmx settings in these words).
        source = TEMPLATE_COMMENT.sub("", (TEMPLATES / relative).read_text(encoding="utf-8"))
        found = {**blocked_in(source), **matched_in(source, TEMPLATE_PATTERNS)}
        if found:
            offenders[str(relative)] = found
    assert offenders == {}


def test_it_catches_what_it_looks_for():
    """The parser and the patterns find each kind of inline code, so an empty result means something."""
    samples = {
        STYLE_ATTRIBUTE: '<p class="x" style="color: red">',
        STYLE_ELEMENT: '<style media="print">a {}</style>',
        INLINE_SCRIPT: "<script>alert(1)</script>",
        EVENT_HANDLER: '<button type="button" onclick="go()">',
        SCRIPT_URL: '<a href="javascript:void(0)">',
        HTMX_EVAL: "<div hx-on:click=\"go()\"> <div hx-vals='js:{a: 1}'>",
    }
    for what, html in samples.items():
        assert what in blocked_in(html), what
        assert what in matched_in(html, TEMPLATE_PATTERNS), what
    assert STYLE_ATTRIBUTE in matched_in('<li{% if x %} style="color: red"{% endif %}>', TEMPLATE_PATTERNS)
    python = {
        STYLE_ATTRIBUTE: 'attrs={"class": "form-input", "style": "width: 56rem"}',
        EVENT_HANDLER: "attrs={'onchange': 'this.form.submit()'}",
    }
    for what, source in python.items():
        assert what in matched_in(source, PYTHON_PATTERNS), what
    assert STYLE_ATTRIBUTE in matched_in("f'<rect style=\"fill: {color}\"/>'", PYTHON_PATTERNS)
    harmless = (
        '<script src="/static/htmx/htmx.min.js" defer></script>'
        '<script id="data" type="application/json">{"a": 1}</script>'
        '<rect fill="#358000" stroke-dasharray="4 2"/><p>Mødet i styregruppen: on=off</p>'
        '<svg aria-label="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"></svg>'
    )
    assert blocked_in(harmless) == {}


def test_it_draws_charts_with_presentation_attributes_only():
    patterned = [
        Series(f"s{n}", f"Serie {n}", "#004993", "●", pattern=p)
        for n, p in enumerate(("solid", "hatch", "dots", "outline"))
    ]
    paired, _note = paired_bar_chart(
        [("2026", 250_000, -50_000)], first=patterned[1], second=patterned[0], title="Par"
    )
    svgs = [
        paired,
        bar_chart([("Et", 3), ("To", 5, LIGHT_SERIES[2])], title="Søjler"),
        stacked_bar_chart([("Fokusområde 1", {"green": 2, "yellow": 1, "red": 1, "none": 1})], title="Lys"),
        stacked_bar_chart([("Række", {s.key: 1 for s in patterned})], series=patterned, title="Mønstre"),
    ]
    for svg in svgs:
        assert "<svg" in svg
        assert blocked_in(svg) == {}


def test_it_escapes_every_text_in_a_chart():
    """The charts are marked safe (bandit's B308/B703 are silenced in portfolio/charts.py for this reason):
    a project or focus area name with markup in it stays text."""
    name = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    light = LIGHT_SERIES[0]
    svgs = [
        bar_chart([(name, 3, light)], title=name, desc=name),
        stacked_bar_chart([(name, {"green": 3})], title=name),
        paired_bar_chart([(name, 1, 2)], first=light, second=LIGHT_SERIES[1], title=name)[0],
    ]
    for svg in svgs:
        assert "<img" not in svg and "<script" not in svg
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in svg
        assert blocked_in(svg) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("path", MAIN_PAGES)
def test_it_serves_main_pages_with_nothing_the_policy_blocks(client, main_pages_portfolio, path):
    client.force_login(main_pages_portfolio["person"])
    response = client.get(path.format(**main_pages_portfolio))
    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    html = response.content.decode()
    assert blocked_in(html) == {}
    if path in ("/", "/benefits/"):
        assert "<svg" in html  # the charts are checked in place too


APPS = ("focusareas", "portfolio", "benefits", "governance")


def test_it_sets_no_style_attribute_from_python():
    """Form widgets and HTML built in Python (charts, template tags) reach the page without a template:
    a `"style": …` or `"onchange": …` in widget attrs, or a style attribute in an HTML string, would be
    blocked too (the meeting minutes and the system form had one each)."""
    root = TEMPLATES.parent
    offenders = {}
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found = matched_in(path.read_text(encoding="utf-8"), PYTHON_PATTERNS)
            if found:
                offenders[str(path.relative_to(root))] = found
    assert offenders == {}
