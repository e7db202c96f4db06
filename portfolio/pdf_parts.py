"""Long reports laid out in parts (render_pdf_in_parts), for a report too long for WeasyPrint to hold
whole: the board report of 1,000 projects. Each part is rendered by portfolio.pdf like any PDF."""

import gc
import io
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

import pikepdf
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from portfolio.pdf import render_pdf, render_pdf_document

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
