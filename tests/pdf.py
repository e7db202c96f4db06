"""Reading a PDF's text as its reader would, with poppler's pdftotext."""

import shutil
import subprocess

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
