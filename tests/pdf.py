"""Reading a PDF's text as its reader would, with poppler's pdftotext."""

import html
import re
import shutil
import subprocess
from typing import NamedTuple

from tests.services import skip_or_fail


def pdf_text(pdf: bytes, tmp_path, *, layout: bool = False) -> str:
    """The text of `pdf`; `layout=True` keeps the columns of a table on one line."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("PDF-test sprunget over: pdftotext mangler (apt-get install poppler-utils)")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def flat(text: str) -> str:
    """`text` with every run of white space (line breaks of the PDF's layout included) as one space."""
    return " ".join(text.split())


class Page(NamedTuple):
    width: float
    height: float
    words: list[tuple[str, float, float, float, float]]  # (text, x_min, y_min, x_max, y_max)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def text(self) -> str:
        return " ".join(word for word, *_ in self.words)


def word_boxes(pdf: bytes, tmp_path) -> list[Page]:
    """Every page with its size and every word it prints with the word's box (poppler's `pdftotext -bbox`)."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("PDF-test sprunget over: pdftotext mangler (apt-get install poppler-utils)")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-bbox", str(path), "-"]
    xhtml = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    pages = []
    for page in xhtml.split("<page ")[1:]:
        width, height = re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups()
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
        )
        boxes = [(html.unescape(text), *map(float, box)) for *box, text in words]
        pages.append(Page(float(width), float(height), boxes))
    return pages


def overlapping_words(page: Page, *, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """The pairs of words on `page` (one of word_boxes' pages) printed over each other."""
    pairs = []
    for i, (text, x0, y0, x1, y1) in enumerate(page.words):
        for other, a0, b0, a1, b1 in page.words[i + 1 :]:
            if min(x1, a1) - max(x0, a0) > tolerance and min(y1, b1) - max(y0, b0) > tolerance:
                pairs.append((text, other))
    return pairs
