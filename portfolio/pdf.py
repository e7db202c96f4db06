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

import gc
import io
import mimetypes
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace
from urllib import request
from urllib.parse import unquote, urlsplit

import pikepdf
import weasyprint  # weasyprint.HTML is looked up at each call: tests/security/world.py swaps it
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
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


# --- long reports, laid out in parts -----------------------------------------------------------------------
# WeasyPrint keeps the whole document (DOM, styles, boxes, every laid-out page) until the PDF is written:
# the board report of 1,000 projects peaked at 1.5 GB. A long report is therefore laid out a part at a
# time, each part written to PDF and dropped before the next, and the parts' pages joined at the end.
# What the PDF shows stays as one render made it:
# - a part ends before an item that always begins a page (a section with break-before: page), or at a
#   page that an item opens (nothing of the item before it on that page): the next part starts with that
#   item at the top of its first page, where the single render had it too, and lays the pages from there
#   on out again (a part with no such page is laid out longer instead);
# - the parts carry no "Side n af N": it is drawn over the joined pages from one small document of
#   empty pages (pdf/page_numbers.html, the same @page footer), as it needs the total;
# - the bookmarks (h1-h6) are built from every kept page's, as WeasyPrint nests them in one document.

# Stylesheets of the parts (user origin: !important to win over pdf.css). A continuing part's first page
# is not the report's first, which pdf.css's @page :first spares the running header. The invisible
# elements of base.html that set the running texts are taken out of the flow there: in it they made the
# page look begun, and a section that avoids breaking inside, too long for a page, left it blank.
PART_CSS = "@page { @bottom-right { content: none !important; } }"
CONTINUED_PART_CSS = (
    PART_CSS + " @page :first { @top-left { content: string(running) !important; }"
    " @top-right { content: string(organisation) !important; } }"
    " .running, .organisation-name, .generated-line { position: absolute !important; }"
)
PAGE_NUMBERS_TEMPLATE = "pdf/page_numbers.html"
PDF_POINTS_PER_PX = 0.75  # WeasyPrint's scale at zoom 1: CSS px to PDF points


@dataclass(frozen=True)
class _Part:
    pdf: bytes
    pages: list  # per page: width, height (CSS px) and bookmarks, what the join needs of it


def _part_cut(pages, anchors: list[str]) -> tuple[int, int] | None:
    """(page, item) where the part may end: the last page that item `anchors[item]` opens, i.e. the item
    starts on it and the item before it has nothing on it (a box with an id names its page in
    page.anchors on every page it has a fragment on). None if no page after the first is opened so."""
    first_page = {}
    for number, page in enumerate(pages):
        for name in page.anchors:
            first_page.setdefault(name, number)
    for item in range(len(anchors) - 1, 0, -1):
        number = first_page.get(anchors[item])
        if number and anchors[item - 1] not in pages[number].anchors:
            return number, item
    return None


def _part_end(items: Sequence, start: int, weight: Callable[[object], int], part_weight: int) -> int:
    """The end of the items from `start` that weigh at most `part_weight` together (at least one)."""
    end, load = start, 0
    while end < len(items) and (end == start or load + weight(items[end]) <= part_weight):
        load += weight(items[end])
        end += 1
    return end


_collector_lock = threading.Lock()
_renders_laying_out = 0  # renders inside _collected_between_parts()
_collector_was_enabled = True


@contextmanager
def _collected_between_parts() -> Iterator[None]:
    """Python's cyclic garbage collector run between the parts only, not during their layout.

    A part's document is a large tree with cycles: left on, the collector went through it again and again
    as it grew (16 full collections, a fifth of the board report's time at 150 projects), and it is
    garbage only once the part is written. The objects that were there before (Django, the report's data)
    are frozen out of those collections meanwhile.

    The switch is the process's: renders in several threads at once (the in-process worker of `make
    run`) share it, so the first to start turns the collector off and the last to finish restores it."""
    global _renders_laying_out, _collector_was_enabled
    with _collector_lock:
        if not _renders_laying_out:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
            gc.freeze()
        _renders_laying_out += 1
    try:
        yield
    finally:
        with _collector_lock:
            _renders_laying_out -= 1
            if not _renders_laying_out:
                gc.unfreeze()
                if _collector_was_enabled:
                    gc.enable()


def _write_part(document, kept: int) -> _Part:
    pages = document.pages[:kept]
    return _Part(
        pdf=document.copy(pages).write_pdf(),
        pages=[SimpleNamespace(width=p.width, height=p.height, bookmarks=p.bookmarks) for p in pages],
    )


def _outline_items(pdf: pikepdf.Pdf, tree) -> list:
    items = []
    for label, (number, x, y), children, state in tree:
        page = pdf.pages[number].obj
        item = pikepdf.OutlineItem(label, pikepdf.Array([page, pikepdf.Name.XYZ, x, y, 0]))
        item.children.extend(_outline_items(pdf, children))
        item.is_closed = state == "closed"
        items.append(item)
    return items


def _page_numbers_pdf(pages) -> bytes:
    """One empty page per page of the report, of its size, with pdf.css's footer "Side n af N"."""
    sizes = list(dict.fromkeys((page.width, page.height) for page in pages))
    slots = [sizes.index((page.width, page.height)) for page in pages]
    css_sizes = [(f"{width:.6f}", f"{height:.6f}") for width, height in sizes]  # not the locale's 793,7
    return render_pdf(render_to_string(PAGE_NUMBERS_TEMPLATE, {"sizes": css_sizes, "slots": slots}))


def _join_parts(parts: list[_Part], report: Callable[[int], None]) -> bytes:
    pages = [page for part in parts for page in part.pages]
    numbers = pikepdf.open(io.BytesIO(_page_numbers_pdf(pages)))
    report(95)
    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    joined = pikepdf.new()
    for source in sources:
        joined.pages.extend(source.pages)
    for page, number in zip(joined.pages, numbers.pages, strict=True):
        page.add_overlay(number)
    # The title, author and dates of the report are the first part's.
    joined.trailer.Info = joined.copy_foreign(sources[0].trailer.Info)
    for key in ("/Lang", "/ViewerPreferences", "/PageMode"):
        if key in sources[0].Root:
            value = sources[0].Root[key]
            joined.Root[key] = joined.copy_foreign(value) if value.is_indirect else value
    tree = weasyprint.Document.make_bookmark_tree(
        SimpleNamespace(pages=pages), scale=PDF_POINTS_PER_PX, transform_pages=True
    )
    with joined.open_outline() as outline:
        outline.root.extend(_outline_items(joined, tree))
    output = io.BytesIO()
    joined.save(output)
    return output.getvalue()


def render_pdf_in_parts(
    build_html: Callable[[Sequence, bool], str],
    items: Sequence,
    *,
    anchor: Callable[[object], str],
    weight: Callable[[object], int],
    part_weight: int,
    starts_page: Callable[[object], bool],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """A long report as PDF bytes, laid out in parts of about `part_weight` (the sum of its items'
    `weight(item)`, at least one item), in the site's language (see above). `items` is the report in
    order, its sections one page flow; `build_html(items, continued)` is the HTML of a part of them
    (`continued`: not the report's first); each item's outermost element has the id `anchor(item)`;
    `starts_page(item)` says the item always begins a page (break-before: page), so a part may end
    before it without laying anything out again.

    `progress(percent)` is called after each part (10 to 90, by items done), at 95 when the page numbers
    are laid out and at 100 when the PDF is written."""

    def report(percent: int) -> None:
        if progress is not None:
            progress(percent)

    parts, start = [], 0
    with translation.override(settings.LANGUAGE_CODE), _collected_between_parts():
        while start < len(items) or not parts:
            end = _part_end(items, start, weight, part_weight)
            while True:
                chunk = items[start:end]
                continued = bool(parts)
                document = render_pdf_document(
                    build_html(chunk, continued),
                    stylesheets=[weasyprint.CSS(string=CONTINUED_PART_CSS if continued else PART_CSS)],
                )
                if end == len(items) or starts_page(items[end]):
                    kept = len(document.pages)
                    break
                cut = _part_cut(document.pages, [anchor(item) for item in chunk])
                if cut:
                    kept, end = cut[0], start + cut[1]
                    break
                # No page of the part is opened by an item after its first: lay out a longer part.
                end = _part_end(items, end, weight, part_weight)
                del document
                gc.collect()
            parts.append(_write_part(document, kept))
            del document  # the part's tree goes before the next is built
            gc.collect()
            report(10 + 80 * end // max(len(items), 1))
            start = end
        pdf = _join_parts(parts, report)
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
