"""Server-side SVG charts: valid SVG, accessible, numbers written out, text escaped."""

import xml.etree.ElementTree as ET

from portfolio.charts import LIGHT_SERIES, bar_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg):
    root = ET.fromstring(str(svg))  # noqa: S314 - our own output
    return root, ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_it_draws_a_bar_chart_with_the_numbers_on_the_bars():
    svg = bar_chart(
        [("Analyse", 3), ("Gennemførelse", 1250), ("Realisering", 0)], title="Projekter efter fase"
    )

    root, labels = texts(svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Projekter efter fase"
    assert root.find(f"{SVG}title").text == "Projekter efter fase"
    assert "Gennemførelse: 1.250" in root.find(f"{SVG}desc").text
    assert {"Analyse", "Gennemførelse", "Realisering", "3", "1.250", "0"} <= set(labels)


def test_it_marks_lights_with_symbols_and_patterns_not_colour_alone():
    svg = bar_chart([(s.label, n, s) for s, n in zip(LIGHT_SERIES, (4, 3, 2, 1), strict=True)], title="Lys")

    root, labels = texts(svg)

    assert {"● Grøn", "▲ Gul", "■ Rød", "○ Ikke rapporteret"} <= set(labels)
    assert len(list(root.iter(f"{SVG}pattern"))) == 2  # yellow dotted, red hatched


def test_it_draws_a_stacked_bar_with_symbols_numbers_totals_and_a_legend():
    rows = [
        ("1. Digital velfærd", {"green": 5, "yellow": 2, "red": 1, "none": 0}),
        ("2. Data", {"green": 0, "yellow": 0, "red": 0, "none": 3}),
    ]

    root, labels = texts(stacked_bar_chart(rows, title="Status pr. fokusområde"))

    assert {"● 5", "▲ 2", "■ 1", "○ 3"} <= set(labels)
    assert {"8", "3"} <= set(labels)  # totals
    assert {"● Grøn", "▲ Gul", "■ Rød", "○ Ikke rapporteret"} <= set(labels)  # legend
    desc = root.find(f"{SVG}desc").text
    assert "1. Digital velfærd: Grøn 5, Gul 2, Rød 1, Ikke rapporteret 0 (i alt 8)" in desc


def test_it_escapes_all_text():
    evil = '<script>alert("x")</script> & "Ø"'
    svg = str(stacked_bar_chart([(evil, {"green": 1})], title=evil, desc=evil))
    svg_bar = str(bar_chart([(evil, 1)], title=evil))

    for markup in (svg, svg_bar):
        assert "<script>" not in markup
        root, labels = texts(markup)  # still well-formed
        assert root.find(f"{SVG}title").text == evil
        assert root.get("aria-label") == evil


def test_it_draws_an_empty_chart():
    root, _ = texts(bar_chart([], title="Tom"))
    assert root.find(f"{SVG}desc").text == "Ingen data."
    root, _ = texts(stacked_bar_chart([], title="Tom"))
    assert root.find(f"{SVG}desc").text == "Ingen data."
