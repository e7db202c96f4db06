"""/capacity/ Kapacitet: demand (the active projects' hours) against each unit's capacity per quarter,
over-allocation in words, filters, the what-if scenarios, the drill-down and the Excel export."""

import datetime
import io
import re

import openpyxl
import pytest

from governance.capacity import selectors
from portfolio.capacity.quarters import Quarter

pytestmark = pytest.mark.django_db

URL = "/capacity/?start=2027-1"


def _table(projects=None, scenario=selectors.ALL, activities=True):
    return selectors.capacity_table(
        projects if projects is not None else selectors.active_projects(),
        start=Quarter(2027, 1),
        scenario=scenario,
        today=datetime.date(2026, 12, 1),
        activities=activities,
    )


FIRST = Quarter(2027, 1)


def _cell(table, unit, quarter=FIRST):
    for row_unit, cells in table.rows:
        if row_unit.pk == unit.pk:
            return next(cell for cell in cells if cell.quarter == quarter)
    raise AssertionError(unit)


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_sums_the_active_projects_hours_against_capacity(world):
    table = _table()
    social = _cell(table, world["social"])
    assert (social.demand, social.capacity, social.over) == (500, 400, 100)
    assert social.status_text == "⚠ Overbooket med 100 timer"
    school = _cell(table, world["school"])
    assert (school.demand, school.capacity, school.utilisation, school.overbooked) == (0, 1000, 0, False)
    assert [q.label for q in table.quarters] == [f"K{q} {y}" for y in (2027, 2028) for q in (1, 2, 3, 4)]
    assert table.totals[0].demand == 600


def test_it_flags_demand_where_no_capacity_is_recorded(world):
    it = _cell(_table(), world["it"])
    assert (it.demand, it.capacity, it.overbooked) == (100, 0, True)
    assert it.status_text == "⚠ Ingen kapacitet registreret (100 timer efterspurgt)"


def test_it_shows_the_table_to_everyone_logged_in_with_the_flags_in_words(client, reader, world):
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "⚠ Overbooket med 100 timer" in text
    assert "⚠ Ingen kapacitet registreret" in text
    assert "500 / 400" in text and "0 / 1.000" in text
    assert "2 kvartaler med overbooking" in text
    assert "Redigér kapacitet" not in text


def test_it_offers_the_programme_group_the_capacity_form(client, programme_member, world):
    client.force_login(programme_member)
    assert "/capacity/units/2027/" in client.get(URL).content.decode()


def test_it_moves_the_window_a_year_either_way_keeping_the_filters(client, reader, world):
    client.force_login(reader)
    html = client.get(f"{URL}&kind=iod").content.decode()
    assert "start=2026-1" in html and "start=2028-1" in html
    assert "kind=iod" in html.split("Et år senere")[0].rsplit("href=", 1)[1]


def test_it_counts_only_the_projects_the_filters_keep(client, reader, world):
    projects = selectors.active_projects().filter(anchoring=world["school"])
    assert _cell(_table(projects), world["social"]).demand == 200
    client.force_login(reader)
    text = _text(client.get(f"{URL}&kind=iod").content.decode())
    assert "200 / 400" in text
    text = _text(client.get(f"{URL}&q=Digital+pleje").content.decode())
    assert "300 / 400" in text and "100 / –" in text
    text = _text(client.get(f"{URL}&leader={world['leader'].pk}").content.decode())
    assert "300 / 400" in text


def test_it_leaves_out_projects_in_no_approved_plan_when_asked(client, reader, world):
    social = _cell(_table(scenario=selectors.APPROVED), world["social"])
    assert (social.demand, social.overbooked) == (300, False)
    client.force_login(reader)
    text = _text(client.get(f"{URL}&scenario=approved").content.decode())
    assert "300 / 400" in text and "✓ Kun godkendte" in text


def test_it_adds_the_draft_plans_hours_for_projects_without_a_resource_plan(client, reader, world):
    table = _table(scenario=selectors.DRAFT)
    social = _cell(table, world["social"])
    assert (social.demand, social.draft, social.over) == (600, 100, 200)
    assert _cell(table, world["social"], Quarter(2027, 4)).demand == 100
    assert _cell(table, world["it"]).demand == 120
    assert _cell(table, world["social"], Quarter(2028, 1)).demand == 0
    client.force_login(reader)
    text = _text(client.get(f"{URL}&scenario=draft").content.decode())
    assert "600 / 400" in text and "⚠ Overbooket med 200 timer" in text and "heraf udkast 100" in text
    assert "indsatsplanen 2027 (version 2, kladde)" in text


def test_it_leaves_out_the_activities_when_filtered(world):
    table = _table(selectors.active_projects(), scenario=selectors.DRAFT, activities=False)
    assert _cell(table, world["it"]).demand == 100


def test_it_lists_the_projects_behind_a_cell(client, reader, world):
    client.force_login(reader)
    url = f"/capacity/{world['social'].pk}/2027/1/"
    response = client.get(url)
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "P-A Digital pleje 300 Hanne Holm Gennemførelse" in text
    assert "P-B Skoleintra 200" in text
    assert "Lukket" not in text and "Arkiveret" not in text
    assert f"/projects/{world['a'].pk}/resources/" in response.content.decode()
    assert "⚠ Overbooket med 100 timer" in text
    text = _text(client.get(f"{url}?scenario=draft").content.decode())
    assert "P-E Ny borgerapp 100 400" in text
    text = _text(client.get(f"{url}?scenario=approved").content.decode())
    assert "Skoleintra" not in text and "Digital pleje" in text


def test_it_exports_the_table_to_excel(client, reader, world):
    client.force_login(reader)
    response = client.get("/capacity/export.xlsx?start=2027-1&scenario=draft")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kapacitet-2027-1-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Enhed", "Kvartal", "Efterspørgsel (timer)")
    social = next(row for row in rows if row[0] == "Social og Sundhed" and row[1] == "K1 2027")
    assert social[2:8] == (600, 100, 400, 150, 200, "Overbooket med 200 timer")
    assert social[8] == "Med udkastet"
    assert len(rows) == 1 + 3 * 8


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=abc", "Startkvartalet »abc« kan ikke bruges"),
        ("start=2027-9", "Startkvartalet »2027-9« kan ikke bruges"),
        ("start=99999-1", "Startkvartalet »99999-1« kan ikke bruges"),
        ("scenario=x", "Ukendt beregning »x«"),
        ("focus_area=abc", "Filtrene kunne ikke bruges"),
        ("anchoring=99999999999999999999999", "Filtrene kunne ikke bruges"),
        ("leader=x&kind=nope", "Filtrene kunne ikke bruges"),
        ("phase=afsluttet", "Filtrene kunne ikke bruges"),
    ],
)
def test_it_explains_bad_parameters_in_danish_and_never_fails(client, reader, world, query, message):
    client.force_login(reader)
    for url in (
        f"/capacity/?{query}",
        f"/capacity/{world['social'].pk}/2027/1/?{query}",
        f"/capacity/export.xlsx?{query}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert message in client.get(f"/capacity/?{query}").content.decode()


@pytest.mark.parametrize(
    "path", ["999999/2027/1/", "{social}/2027/5/", "{social}/1999/1/", "99999999999999999999999/2027/1/"]
)
def test_it_answers_an_unknown_cell_with_not_found(client, reader, world, path):
    client.force_login(reader)
    assert client.get("/capacity/" + path.format(social=world["social"].pk)).status_code == 404
