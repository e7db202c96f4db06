"""The units' capacity on /capacity/units/<year>/: the programme group keeps each unit's hours for
digitalisation work per quarter; stale saves refused, every change in the page's history, Danish numbers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portfolio.capacity import services
from portfolio.capacity.forms import cell_name
from portfolio.capacity.quarters import Quarter
from portfolio.models import OrgUnit, UnitCapacity
from tests.edit_tokens import token_on

pytestmark = pytest.mark.django_db

URL = "/capacity/units/2027/"


@pytest.fixture
def units(db):
    return {
        "social": OrgUnit.objects.create(name="Social og Sundhed", kind=OrgUnit.Kind.FORVALTNING),
        "it": OrgUnit.objects.create(
            name="IT og Digitalisering", kind=OrgUnit.Kind.AFDELING, is_central_it=True
        ),
        "office": OrgUnit.objects.create(name="Borgerservice", kind=OrgUnit.Kind.AFDELING),
    }


def _post(client, cells, version=None):
    data = {"version": version if version is not None else token_on(client, URL)}
    for (unit, quarter), hours in cells.items():
        data[cell_name(unit.pk, Quarter(2027, quarter))] = hours
    return client.post(URL, data)


def _stored():
    return {
        (c.org_unit.name, c.year, c.quarter): c.hours for c in UnitCapacity.objects.select_related("org_unit")
    }


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("programme_member", True), ("programme_chair", True), ("project_leader", False), ("reader", False)],
)
def test_it_lets_the_programme_group_keep_capacities_and_nobody_else(
    client, request, units, persona, allowed
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == (200 if allowed else 403)
    if not allowed:
        response = client.post(URL, {"version": "x", cell_name(units["it"].pk, Quarter(2027, 1)): "500"})
        assert response.status_code == 403
        assert not UnitCapacity.objects.exists()
        return
    assert _post(client, {(units["it"], 1): "1.500", (units["social"], 2): "800"}).status_code == 302
    assert _stored() == {("IT og Digitalisering", 2027, 1): 1500, ("Social og Sundhed", 2027, 2): 800}


def test_it_refuses_through_its_service_someone_without_the_permission(units, reader):
    with pytest.raises(PermissionDenied):
        services.unit_capacity_save(actor=reader, year=2027, cells={(units["it"].pk, 2027, 1): 5})
    assert not UnitCapacity.objects.exists()


def test_it_shows_the_units_that_plan_hours_only(client, programme_member, units):
    client.force_login(programme_member)
    html = client.get(URL).content.decode()
    assert "Social og Sundhed" in html and "IT og Digitalisering" in html
    assert "Borgerservice" not in html
    assert "K1 2027" in html and "K4 2027" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x", "Skriv timerne som et helt tal"),
        ("-10", "Timerne kan ikke være negative"),
        ("1,5", "uden decimaler"),
    ],
)
def test_it_refuses_bad_hours_in_danish_and_saves_nothing(client, programme_member, units, typed, message):
    client.force_login(programme_member)
    response = _post(client, {(units["it"], 1): typed, (units["social"], 1): "10"})
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "Kapaciteten er ikke gemt" in html
    assert not UnitCapacity.objects.exists()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({("it", 2027, 5): 1}, "Kvartalet findes ikke"),
        ({("it", 2028, 1): 1}, "Kvartalet findes ikke"),
        ({("office", 2027, 1): 1}, "Enheden findes ikke"),
        ({(424242, 2027, 1): 1}, "Enheden findes ikke"),
        ({("it", 2027, 1): -3}, "Timerne skal være et helt tal"),
    ],
)
def test_it_refuses_bad_cells_through_its_service(units, programme_member, cells, message):
    cells = {(units[u].pk if isinstance(u, str) else u, y, q): h for (u, y, q), h in cells.items()}
    with pytest.raises(ValidationError, match=message):
        services.unit_capacity_save(actor=programme_member, year=2027, cells=cells)
    assert not UnitCapacity.objects.exists()


@pytest.mark.parametrize("year", ["1999", "2101", "99999999999999999999"])
def test_it_answers_a_year_out_of_range_with_not_found(client, programme_member, year):
    client.force_login(programme_member)
    assert client.get(f"/capacity/units/{year}/").status_code == 404


def test_it_refuses_a_stale_save(client, programme_member, programme_chair, units):
    client.force_login(programme_member)
    opened = token_on(client, URL)
    services.unit_capacity_save(actor=programme_chair, year=2027, cells={(units["it"].pk, 2027, 1): 900})
    response = _post(client, {(units["it"], 1): "100"}, version=opened)
    html = response.content.decode()
    assert "Nogen har gemt ændringer" in html and "IT og Digitalisering, K1 2027" in html
    assert _stored() == {("IT og Digitalisering", 2027, 1): 900}


def test_it_keeps_a_cleared_cell_and_shows_every_change_in_the_history(client, programme_member, units):
    client.force_login(programme_member)
    _post(client, {(units["it"], 1): "500"})
    _post(client, {(units["it"], 1): ""})
    assert _stored() == {("IT og Digitalisering", 2027, 1): 0}
    html = client.get(URL).content.decode()
    assert "Ændringer af kapaciteten" in html
    assert "Timer 0 → 500" in html and "Timer 500 → 0" in html
