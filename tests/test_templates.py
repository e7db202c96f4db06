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
