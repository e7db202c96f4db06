"""The PDFs are laid out with WeasyPrint's user-agent stylesheet less its footnote and note rules, and with
::marker on li alone (portfolio.pdf.PRINT_UA_STYLESHEET): the six pseudo-elements those rules give every
element took a tenth of the board report's time. A print layout comes out as WeasyPrint's own stylesheet
lays it out."""

import re
from importlib.resources import files

import weasyprint

from portfolio import pdf

HTML = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/pdf.css"></head><body>
<h1>Referat</h1><h2>Dagsorden</h2>
<ol><li>Godkendelse</li><li>Status<ul><li>Økonomi</li><li>Tidsplan<ul><li>Milepæle</li></ul></li></ul></li></ol>
<table class="data data--compact"><thead><tr><th>Nr.</th><th>Projekt</th></tr></thead>
<tbody><tr><td>P-001</td><td class="light light--red">■ Rød</td></tr></tbody></table>
<p>Tekst med <q>citat</q>,<br>linjeskift og <sup>1</sup> <strong>fed</strong> <a href="#x">henvisning</a>.</p>
<dl class="fields"><dt>Resumé</dt><dd>Første linje</dd></dl>
</body></html>"""


def weasyprints_own(html: str) -> bytes:
    fetcher = pdf.portal_url_fetcher()
    document = weasyprint.HTML(string=html, base_url=pdf.DEFAULT_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf()


def test_it_prints_a_layout_as_weasyprints_own_stylesheet_does():
    assert pdf.render_pdf(HTML) == weasyprints_own(HTML)


def test_it_leaves_out_just_the_note_rules_and_the_markers_of_other_elements():
    # Written for WeasyPrint's html5_ua.css: if an upgrade changes these rules (or how WeasyPrint asks for
    # its user-agent stylesheets), see that the trim still applies, not only that the PDFs still print.
    text = (files("weasyprint.css") / "html5_ua.css").read_text("utf-8")
    assert len(pdf._NOTE_RULES.findall(text)) == 5  # noqa: SLF001
    assert re.findall(r"^(::[a-z-]+) \{", text, re.MULTILINE) == [
        "::marker",
        "::footnote-call",
        "::footnote-marker",
        "::note-call",
        "::note-marker",
        "::note-callback",
    ]
    document = pdf._weasyprint_html("<p>x</p>", pdf.DEFAULT_BASE_URL)  # noqa: SLF001
    assert document._ua_stylesheets() == [pdf.PRINT_UA_STYLESHEET]  # noqa: SLF001
    assert callable(weasyprint.HTML._ua_stylesheets)  # noqa: SLF001
