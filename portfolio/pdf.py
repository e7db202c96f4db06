"""PDF rendering shared by every print layout (templates/pdf/…): WeasyPrint with a URL fetcher that
only reads the portal's own static files and data: URLs.

Nothing a template (or text a user typed into a report) refers to can make a render reach the
network or read an arbitrary file: http(s), ftp, file:// outside the static directories and any
other scheme raise `RefusedURL`, which WeasyPrint reports and skips.

Static files are named by
- their static URL, e.g. ``{% static 'css/pdf.css' %}`` → ``/static/css/pdf.css``, resolved against
  the default base URL ``file:///`` to ``file:///static/css/pdf.css``;
- the ``portal-static:`` scheme, e.g. ``portal-static:css/pdf.css``;
- a file:// URL of a file inside one of the static directories (what relative URLs inside a
  static stylesheet resolve to).
All are looked up with django.contrib.staticfiles' finders, as collectstatic would.
"""

import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

import weasyprint  # weasyprint.HTML is looked up at each call: tests/security/world.py swaps it
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils import translation
from weasyprint.css.counters import CounterStyle

STATIC_SCHEME = "portal-static"
DEFAULT_BASE_URL = "file:///"


class RefusedURL(ValueError):  # noqa: N818 - reads better at the raise site
    """A PDF asked for something outside the portal's static files."""


def _static_prefix() -> str:
    return "/" + settings.STATIC_URL.strip("/") + "/"


def _find_static(relative: str) -> Path:
    relative = unquote(relative).lstrip("/")
    parts = relative.split("/")
    if (
        not relative
        or any(part in {"", ".", ".."} for part in parts)
        or "\\" in relative
        or "\x00" in relative
    ):
        raise RefusedURL(f"ugyldig sti til statisk fil: {relative!r}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as error:
        raise RefusedURL(f"ugyldig sti til statisk fil: {relative!r}") from error
    if not found:
        raise RefusedURL(f"statisk fil findes ikke: {relative!r}")
    return Path(found)


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def resolve_static_url(url: str) -> Path:
    """The local file a static URL names, or RefusedURL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == STATIC_SCHEME:
        return _find_static(url.split(":", 1)[1].lstrip("/"))
    if scheme == "file" and parts.netloc in {"", "localhost"}:
        path = unquote(parts.path)
        prefix = _static_prefix()
        if path.startswith(prefix):
            return _find_static(path[len(prefix) :])
        resolved = Path(path).resolve()
        for root in _static_roots():
            if resolved.is_relative_to(root) and resolved.is_file():
                return resolved
    raise RefusedURL(f"PDF'en må kun hente portalens egne statiske filer, ikke {url[:200]!r}")


@dataclass(frozen=True)
class Resource:
    url: str
    body: bytes
    mime_type: str


def fetch_resource(url: str) -> Resource:
    """A data: URL's content or one of the portal's static files; anything else is RefusedURL."""
    if url[:5].lower() == "data:":
        # urllib's data: handler decodes in memory; no other handler is installed, so no network.
        opener = request.OpenerDirector()
        opener.add_handler(request.DataHandler())
        with opener.open(url) as response:
            return Resource(url, response.read(), response.headers.get_content_type())
    path = resolve_static_url(url)
    mime_type, _ = mimetypes.guess_type(path.name)
    return Resource(path.as_uri(), path.read_bytes(), mime_type or "application/octet-stream")


try:  # Newer WeasyPrint (70 here): a URLFetcher subclass returning URLFetcherResponse.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        """WeasyPrint's fetcher narrowed to `fetch_resource`: no network, no arbitrary files."""

        def fetch(self, url, headers=None):
            resource = fetch_resource(url)
            return URLFetcherResponse(resource.url, resource.body, {"Content-Type": resource.mime_type})

    def portal_url_fetcher():
        return PortalURLFetcher()

except ImportError:  # pragma: no cover - older WeasyPrint: a function returning a dict.

    def _fetch_dict(url, timeout=10, ssl_context=None, **kwargs):
        resource = fetch_resource(url)
        return {"string": resource.body, "mime_type": resource.mime_type, "redirected_url": resource.url}

    def portal_url_fetcher():
        return _fetch_dict


# WeasyPrint's user-agent stylesheet gives every element six pseudo-elements (::marker, ::footnote-call,
# ::footnote-marker, ::note-call, ::note-marker, ::note-callback), and a style is computed and kept for each:
# 75,000 of the 78,000 computed styles of the board report at 150 projects, a tenth of its time and 50 MB.
# The print layouts have no footnotes or notes (nothing floats to them), and only li is a list item, so the
# same stylesheet with those rules left out, and ::marker on li alone, lays out and prints the same.
_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}$", re.MULTILINE)


def _print_ua_stylesheet():
    text = (files("weasyprint.css") / "html5_ua.css").read_text("utf-8")
    text = _NOTE_RULES.sub("", text).replace("\n::marker {", "\nli::marker {")
    # Its own counter styles: WeasyPrint's (which the document uses) hold the same already.
    return weasyprint.CSS(string=text, counter_style=CounterStyle())


PRINT_UA_STYLESHEET = _print_ua_stylesheet()


def _weasyprint_html(html: str, base_url: str):
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=portal_url_fetcher())
    # WeasyPrint asks the document for its user-agent stylesheets (no option takes them): the first is
    # html5_ua.css, a second the forms' (pdf_forms), kept.
    default = document._ua_stylesheets  # noqa: SLF001
    document._ua_stylesheets = lambda forms=False: [PRINT_UA_STYLESHEET, *default(forms)[1:]]  # noqa: SLF001
    return document


def render_pdf(html: str, *, base_url: str = DEFAULT_BASE_URL, stylesheets=None) -> bytes:
    """`html` as PDF bytes. Resources are fetched only through `portal_url_fetcher`."""
    return _weasyprint_html(html, base_url).write_pdf(stylesheets=stylesheets)


def render_pdf_document(html: str, *, base_url: str = DEFAULT_BASE_URL, stylesheets=None):
    """The laid-out WeasyPrint document (for callers that need the page count before writing)."""
    return _weasyprint_html(html, base_url).render(stylesheets=stylesheets)


def render_pdf_with_progress(
    build_html: Callable[[], str], *, progress: Callable[[int], None] | None = None
) -> bytes:
    """The HTML `build_html()` returns, built and laid out in the site's language, as PDF bytes: the render
    of a PDF made by a job in one piece (the indsatsplan; the Project Board report: render_pdf_in_parts).

    `progress(percent)` is called as the work proceeds: 40 when the HTML is rendered, 90 when the pages are
    laid out, 100 when the PDF is written. Layout is the long step.
    """

    def report(percent: int) -> None:
        if progress is not None:
            progress(percent)

    with translation.override(settings.LANGUAGE_CODE):
        html = build_html()
        report(40)
        document = render_pdf_document(html)
        report(90)
        pdf = document.write_pdf()
        report(100)
    return pdf


# --- long tables ------------------------------------------------------------------------------------------


def table_chunks(rows, size: int) -> list:
    """`rows` in as few tables of at most `size` rows as they need, evenly filled (41 rows at 40: 21 and 20,
    not 40 and 1). WeasyPrint lays out many short tables much faster than one long one; even parts keep a
    last table of one row from standing alone on a page."""
    rows = list(rows)
    if not rows:
        return []
    parts = -(-len(rows) // size)
    part_size = -(-len(rows) // parts)
    return [rows[i : i + part_size] for i in range(0, len(rows), part_size)]


# --- text a user typed, made cheap to lay out --------------------------------------------------------------
# WeasyPrint lays out one very long unbroken word in quadratic time and every line and page in linear time:
# a print layout shows user text through `printable` (and `shorten` where a cell must stay small).

LONG_WORD = 40
ZERO_WIDTH_SPACE = "\u200b"
ELLIPSIS = "…"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACE_RUN = re.compile(r"[ \t]{9,}")
_LONG_RUN = re.compile(rf"[^\s{ZERO_WIDTH_SPACE}]{{{LONG_WORD + 1},}}")


def _break_long_run(match: re.Match) -> str:
    run = match.group()
    return ZERO_WIDTH_SPACE.join(run[i : i + LONG_WORD] for i in range(0, len(run), LONG_WORD))


def printable(text) -> str:
    """`text` as a PDF prints it: line breaks kept, at most one blank line in a row, no control
    characters, no trailing spaces, long runs of spaces shortened, long words breakable (a zero-width
    space every LONG_WORD characters)."""
    text = ("" if text is None else str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text).replace("\t", "    ")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    text = _BLANK_RUN.sub("\n\n", text)
    text = _SPACE_RUN.sub(" " * 8, text)
    return _LONG_RUN.sub(_break_long_run, text)


def shorten(text, limit: int) -> str:
    """`text` on one line, at most `limit` characters (ending in "…" when cut), then printable."""
    text = " ".join(("" if text is None else str(text)).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + ELLIPSIS
    return printable(text)


def printed_lines(text: str, chars_per_line: int) -> int:
    """About how many printed lines `text` (already printable) takes at `chars_per_line`."""
    return sum(max(1, -(-len(line) // chars_per_line)) for line in text.split("\n"))
