"""Templates as a reader meets them."""


def test_it_has_no_multi_line_template_comments():
    """Django's {# #} comments end at the line's end: a multi-line one is shown to users as text."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if any("\n" in match for match in re.findall(r"\{#(.*?)#\}", path.read_text(), re.S))
    ]
    assert offenders == []


def _sources_outside_includes():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    for path in sorted(templates.rglob("*.html")):
        relative = path.relative_to(templates)
        if relative.parts[0] != "includes":
            yield str(relative), path.read_text()


def test_it_writes_the_change_history_only_in_its_include():
    """The history section and its Tidspunkt/Hvem/Hvad table live in includes/change_history*.html; a page
    includes them (a page with other columns extends the table), so a change to them is made once."""
    import re

    table_head = re.compile(r"<th[^>]*>\s*Tidspunkt\s*</th>\s*<th[^>]*>\s*(?:Hvem|Af)\s*</th>")
    offenders = [
        name
        for name, source in _sources_outside_includes()
        if table_head.search(source) or "Ændringshistorik" in source or "entry.when" in source
    ]
    assert offenders == []


def test_it_writes_the_non_field_error_alert_only_in_its_include():
    """A form's own errors (a refused stale save among them) are shown by includes/form_errors.html."""
    import re

    alert_with_form_errors = re.compile(
        r'class="alert alert-error"(?:(?!</div>\s*</div>).)*?non_field_errors', re.S
    )
    offenders = [
        name for name, source in _sources_outside_includes() if alert_with_form_errors.search(source)
    ]
    assert offenders == []


# Tables that fit a 375 px phone by their own layout (the heat map shrinks its cells; see portal.css).
TABLES_THAT_FIT = {"portfolio/_risk_heat_map.html"}


def test_it_puts_every_table_of_a_page_in_a_scroll_region():
    """On a phone a table wider than the screen scrolls inside its own region (WCAG 1.4.10 Reflow) instead of
    widening the page (a region without links of its own takes the keyboard focus, tabindex="0", which the
    browser tests' axe run checks). PDFs print on paper and are left out."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    offenders = []
    for path in sorted(templates.rglob("*.html")):
        relative = str(path.relative_to(templates))
        if relative.startswith("pdf/") or relative in TABLES_THAT_FIT:
            continue
        source = path.read_text()
        for match in re.finditer(r"<table\b", source):
            opener = source[max(0, match.start() - 300) : match.start()]
            if re.search(r'<div class="table--responsive-scroll"[^>]*>\s*$', opener) is None:
                offenders.append(f"{relative}:{source.count(chr(10), 0, match.start()) + 1}")
    assert offenders == []
