"""The roadmap's SVG (portfolio.roadmap.chart.timeline_chart) for known dates: a pure function of plain
data."""

import datetime
import re
import xml.etree.ElementTree as ET

from portfolio.roadmap.chart import timeline_chart
from portfolio.roadmap.rows import DUE, OVERDUE, REACHED, Bar, Mark, Row

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
START = D(2026, 1, 1)  # a 12-month window: 1 Jan 2026 to 31 Dec 2026, 365 days
TODAY = D(2026, 4, 15)
WIDTH, LABEL = 1000, 250
PLOT_X, PLOT_W = LABEL + 8, WIDTH - LABEL - 16  # 258 and 734 px


def x_of(day):
    return PLOT_X + PLOT_W * (day - START).days / 365


def chart(rows, **kwargs):
    options = {"start": START, "months": 12, "today": TODAY, "title": "Køreplan", "width": WIDTH}
    return str(timeline_chart(rows, **{**options, **kwargs}))


def parsed(svg):
    return ET.fromstring(svg)  # noqa: S314 - our own output


def links(svg, cls):
    return [a for a in parsed(svg).iter(f"{SVG}a") if cls in a.get("class", "").split()]


def project(*bars, marks=(), **kwargs):
    return Row(label="ND-1 Talegenkendelse", url="/projects/1/", bars=bars, marks=marks, **kwargs)


def test_it_draws_a_bar_from_its_dates_and_links_it_to_the_project():
    bar = Bar("gennemfoerelse", "Gennemførelse", D(2026, 3, 1), D(2026, 6, 30))
    svg = chart([project(bar)])

    (link,) = links(svg, "roadmap-bar")
    rect = link.find(f"{SVG}rect")
    assert link.get("href") == "/projects/1/"
    assert float(rect.get("x")) == round(x_of(D(2026, 3, 1)), 1)
    assert float(rect.get("width")) == round(x_of(D(2026, 7, 1)) - x_of(D(2026, 3, 1)), 1)
    assert link.find(f"{SVG}title").text == "ND-1 Talegenkendelse: Gennemførelse 1. mar. 2026 – 30. jun. 2026"
    assert link.find(f"{SVG}text").text == "G"  # the phase's letter: readable without colour
    assert parsed(svg).get("role") == "group"  # links inside an image would be hidden from assistive tech
    assert parsed(svg).find(f"{SVG}title").text == "Køreplan"


def test_it_draws_the_baseline_only_where_it_differs():
    same = Bar("analyse", "Analyse", D(2026, 2, 1), D(2026, 3, 31), D(2026, 2, 1), D(2026, 3, 31))
    moved = Bar(
        "gennemfoerelse", "Gennemførelse", D(2026, 4, 1), D(2026, 9, 30), D(2026, 4, 1), D(2026, 8, 31)
    )
    svg = chart([project(same, moved)])

    baselines = [g for g in parsed(svg).iter(f"{SVG}g") if g.get("class") == "roadmap-baseline"]
    assert len(baselines) == 1
    assert (
        "Gennemførelse, oprindelig plan 1. apr. 2026 – 31. aug. 2026" in baselines[0].find(f"{SVG}title").text
    )
    line = baselines[0].find(f"{SVG}line")
    assert float(line.get("x2")) == round(x_of(D(2026, 9, 1)), 1)


def test_it_marks_milestones_by_state_with_different_shapes():
    marks = (
        Mark("Kontrakt", D(2026, 2, 10), REACHED),
        Mark("Pilot", D(2026, 3, 20), OVERDUE),
        Mark("Udrulning", D(2026, 9, 1), DUE),
    )
    svg = chart([project(marks=marks)])

    found = {a.get("class").split("--")[1]: a for a in links(svg, "roadmap-mark")}
    assert set(found) == {"reached", "due", "overdue"}
    shapes = {state: a.find(f"{SVG}polygon") for state, a in found.items()}
    # Reached: a filled diamond; due: a hollow diamond; overdue: a triangle (three points).
    assert len(shapes["reached"].get("points").split()) == 4 and shapes["reached"].get("fill") != "#ffffff"
    assert len(shapes["due"].get("points").split()) == 4 and shapes["due"].get("fill") == "#ffffff"
    assert len(shapes["overdue"].get("points").split()) == 3
    assert found["overdue"].find(f"{SVG}title").text.endswith("»Pilot« 20. mar. 2026 (overskredet)")
    for text in ("Milepæl nået", "Milepæl kommende", "Milepæl overskredet"):
        assert text in svg  # the legend names each shape


def test_it_says_ingen_faseplan_for_a_project_without_plans_and_links_to_planning():
    planned = chart([project(note="Ingen faseplan – planlæg faserne", note_url="/projects/1/plan/")])
    unplannable = chart([project(note="Ingen faseplan")])

    assert "Ingen faseplan – planlæg faserne" in planned
    assert [a.get("href") for a in links(planned, "roadmap-note")] == ["/projects/1/plan/"]
    assert "Ingen faseplan" in unplannable and not links(unplannable, "roadmap-note")
    assert not links(planned, "roadmap-bar")


def test_it_leaves_out_a_phase_entirely_outside_the_window():
    before = Bar("ide", "Idé", D(2025, 1, 1), D(2025, 12, 31))
    after = Bar("realisering", "Realisering", D(2027, 1, 1), D(2027, 6, 30))
    inside = Bar("analyse", "Analyse", D(2026, 5, 1), D(2026, 5, 31))
    svg = chart([project(before, inside, after)])

    assert [a.get("class") for a in links(svg, "roadmap-bar")] == ["roadmap-bar roadmap-bar--analyse"]


def test_it_clips_a_phase_crossing_an_edge_and_marks_it_as_continuing():
    crossing = Bar("gennemfoerelse", "Gennemførelse", D(2025, 10, 1), D(2027, 3, 31))
    svg = chart([project(crossing)])

    (link,) = links(svg, "roadmap-bar")
    rect = link.find(f"{SVG}rect")
    assert float(rect.get("x")) == PLOT_X
    assert float(rect.get("width")) == round(PLOT_W, 1)
    clips = [p.get("class") for p in link.iter(f"{SVG}polygon")]
    assert clips == ["roadmap-clip roadmap-clip--start", "roadmap-clip roadmap-clip--end"]
    assert "(fortsætter før og efter vinduet)" in link.find(f"{SVG}title").text


def test_it_draws_board_meetings_and_today_as_labelled_lines():
    svg = chart([project()], meetings=[D(2026, 5, 7), D(2027, 2, 1)])

    groups = {g.get("class"): g for g in parsed(svg).iter(f"{SVG}g") if "roadmap-line" in g.get("class", "")}
    meeting = groups["roadmap-line roadmap-line--meeting"]  # the one inside the window; the other is left out
    today = groups["roadmap-line roadmap-line--today"]
    assert meeting.find(f"{SVG}title").text == "Project Board-møde 7. maj 2026"
    assert meeting.find(f"{SVG}text").text == "PB"
    assert today.find(f"{SVG}text").text == "I dag"
    half_day = PLOT_W / 365 / 2
    assert float(today.find(f"{SVG}line").get("x1")) == round(x_of(TODAY) + half_day, 1)
    assert len([g for g in groups if "meeting" in g]) == 1


def test_it_labels_months_in_danish_and_quarters_for_a_long_window():
    twelve = chart([project()])
    thirty_six = chart([project()], months=36)

    assert all(f">{month}</text>" in twelve for month in ("jan", "maj", "okt", "dec"))
    assert ">2026</text>" in twelve
    assert ">K1</text>" in thirty_six and ">K4</text>" in thirty_six and ">2028</text>" in thirty_six


def test_it_draws_a_heading_row_for_a_group():
    svg = chart([Row(label="1. Borger, teknologi og lokaldemokrati", heading=True), project()])

    assert "1. Borger, teknologi og lokaldemokrati" in svg


def test_it_escapes_a_project_name_with_markup():
    evil = Row(
        label='ND-1 <script>alert("x")</script>',
        url='/projects/1/"><script>',
        bars=(Bar("analyse", "Analyse", D(2026, 2, 1), D(2026, 3, 1)),),
        marks=(Mark("<b>pilot</b>", D(2026, 2, 15), DUE),),
    )
    svg = chart([evil])

    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;pilot&lt;/b&gt;" in svg
    parsed(svg)  # still well-formed XML
    assert not re.search(r'href="[^"]*"><script', svg)
