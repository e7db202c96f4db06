"""A project's resource plan on /projects/<pk>/resources/: hours per unit and quarter, kept by the leader,
deputies and the programme group, Danish whole numbers, prefilled from the indsatsplan, stale saves refused,
every change in the page's history, and a short summary on the project page."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.models import AnnualPlan
from governance.plans import services as plan_services
from portfolio.capacity import selectors, services
from portfolio.capacity.forms import cell_name
from portfolio.models import OrgUnit, Phase, Project, ResourceNeed
from tests.edit_tokens import token_on
from tests.factories import OrgUnitFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    """A forvaltning with an afdeling under it, another forvaltning, and the central IT unit."""
    social = OrgUnit.objects.create(name="Social og Sundhed", kind=OrgUnit.Kind.FORVALTNING)
    care = OrgUnit.objects.create(name="Hjemmeplejen", kind=OrgUnit.Kind.AFDELING, parent=social)
    school = OrgUnit.objects.create(name="Børn og Skole", kind=OrgUnit.Kind.FORVALTNING)
    it = OrgUnit.objects.create(name="IT og Digitalisering", kind=OrgUnit.Kind.AFDELING, is_central_it=True)
    return {"social": social, "care": care, "school": school, "it": it}


@pytest.fixture
def anchored(project, units):
    """`project` (led by `leader`) anchored in an afdeling of Social og Sundhed."""
    Project.objects.filter(pk=project.pk).update(anchoring=units["care"])
    project.refresh_from_db()
    return project


def _url(project):
    return f"/projects/{project.pk}/resources/"


def _now():
    return selectors.current_quarter(timezone.localdate())


def _post(client, project, cells, version=None, **extra):
    data = {"version": version if version is not None else token_on(client, _url(project)), **extra}
    for (unit, quarter), hours in cells.items():
        data[cell_name(unit.pk, quarter)] = hours
    return client.post(_url(project), data)


def _hours(project):
    return {
        (need.org_unit.name, need.year, need.quarter): need.hours
        for need in ResourceNeed.objects.filter(project=project).select_related("org_unit")
    }


# --- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("leader", True), ("programme_member", True), ("other_leader", False), ("reader", False)],
)
def test_it_lets_the_leader_and_the_programme_group_plan_hours_and_nobody_else(
    client, request, anchored, units, other_project, persona, allowed
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(anchored)).status_code == (200 if allowed else 403)
    response = (
        _post(client, anchored, {(units["social"], _now()): "120"}, version="x") if not allowed else None
    )
    if not allowed:
        assert response.status_code == 403
        assert not ResourceNeed.objects.exists()
        return
    response = _post(client, anchored, {(units["social"], _now()): "120"})
    assert response.status_code == 302
    assert _hours(anchored) == {("Social og Sundhed", _now().year, _now().quarter): 120}


def test_it_refuses_a_plan_from_someone_the_service_does_not_know_may(anchored, units, other_leader):
    with pytest.raises(PermissionDenied):
        services.resource_plan_save(
            actor=other_leader, project=anchored, cells={(units["it"].pk, 2027, 1): 5}
        )
    assert not ResourceNeed.objects.exists()


def test_it_refuses_a_closed_or_stopped_project(client, leader, anchored, units):
    Project.objects.filter(pk=anchored.pk).update(phase=Phase.CLOSED)
    client.force_login(leader)
    response = client.get(_url(anchored))
    assert response.status_code == 302
    assert client.post(_url(anchored), {"version": "x"}).status_code == 302
    with pytest.raises(ValidationError, match="afsluttet"):
        services.resource_plan_save(actor=leader, project=anchored, cells={(units["it"].pk, 2027, 1): 5})
    assert not ResourceNeed.objects.exists()


# --- the grid -------------------------------------------------------------------------------------------


def test_it_shows_the_anchoring_forvaltning_and_central_it_over_eight_quarters(
    client, leader, anchored, units
):
    client.force_login(leader)
    html = client.get(_url(anchored)).content.decode()
    grid = selectors.resource_grid(anchored, timezone.localdate())
    assert [unit.name for unit in grid.units] == ["IT og Digitalisering", "Social og Sundhed"]
    assert len(grid.quarters) == 8 and grid.quarters[0] == _now()
    assert [unit.name for unit in grid.addable] == ["Børn og Skole"]
    assert f"{_now().label}" in html and "Tilføj enhed" in html
    assert 'aria-label="Ressourceplanen, timer pr. enhed og kvartal"' in html


def test_it_covers_the_planned_phases_up_to_twelve_quarters(anchored):
    today = timezone.localdate()
    anchored.phase_plans.create(
        phase=Phase.REALISATION, planned_start=today, planned_end=today.replace(year=today.year + 10)
    )
    assert len(selectors.grid_quarters(anchored, today)) == 12
    anchored.phase_plans.update(planned_end=today.replace(year=today.year + 2, month=12, day=31))
    expected = (today.year + 2) * 4 + 4 - _now().index
    assert len(selectors.grid_quarters(anchored, today)) == max(8, expected)


def test_it_adds_a_unit_through_the_new_row(client, leader, anchored, units):
    client.force_login(leader)
    q = _now()
    data = {
        "version": token_on(client, _url(anchored)),
        "new_unit": units["school"].pk,
        cell_name("ny", q): "40",
    }
    assert client.post(_url(anchored), data).status_code == 302
    assert _hours(anchored) == {("Børn og Skole", q.year, q.quarter): 40}
    grid = selectors.resource_grid(anchored, timezone.localdate())
    assert "Børn og Skole" in [unit.name for unit in grid.units]


def test_it_asks_for_the_unit_of_a_new_row_with_hours(client, leader, anchored):
    client.force_login(leader)
    data = {"version": token_on(client, _url(anchored)), cell_name("ny", _now()): "40"}
    html = client.post(_url(anchored), data).content.decode()
    assert "Vælg enheden til den nye række" in html
    assert not ResourceNeed.objects.exists()


# --- Danish numbers and bad input ------------------------------------------------------------------------


def test_it_reads_danish_whole_numbers_and_empty_as_nothing(client, leader, anchored, units):
    client.force_login(leader)
    q = _now()
    _post(
        client,
        anchored,
        {(units["social"], q): "1.200", (units["it"], q): " 80 ", (units["it"], q.plus(1)): ""},
    )
    assert _hours(anchored) == {
        ("Social og Sundhed", q.year, q.quarter): 1200,
        ("IT og Digitalisering", q.year, q.quarter): 80,
    }
    html = client.get(_url(anchored)).content.decode()
    assert 'value="1.200"' in html


def test_it_keeps_a_cleared_cell_as_zero_hours(client, leader, anchored, units):
    client.force_login(leader)
    q = _now()
    _post(client, anchored, {(units["social"], q): "100"})
    _post(client, anchored, {(units["social"], q): ""})
    assert _hours(anchored) == {("Social og Sundhed", q.year, q.quarter): 0}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("mange", "Skriv timerne som et helt tal"),
        ("-5", "Timerne kan ikke være negative"),
        ("12,5", "Skriv timerne som et helt tal uden decimaler"),
        ("99999999999", "Højst 1.000.000 timer i et kvartal"),
        ("1" * 40, "Skriv timerne som et helt tal"),
    ],
)
def test_it_refuses_bad_hours_in_danish_and_saves_nothing(client, leader, anchored, units, typed, message):
    client.force_login(leader)
    q = _now()
    response = _post(client, anchored, {(units["social"], q): typed, (units["it"], q): "10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Ressourceplanen er ikke gemt" in html
    assert not ResourceNeed.objects.exists()


@pytest.mark.parametrize("unit", ["999999", "abc", "99999999999999999999999", "-1"])
def test_it_refuses_an_unknown_unit_in_the_new_row(client, leader, anchored, unit):
    client.force_login(leader)
    data = {"version": token_on(client, _url(anchored)), "new_unit": unit, cell_name("ny", _now()): "5"}
    response = client.post(_url(anchored), data)
    assert response.status_code == 200
    assert "Vælg en af enhederne på listen" in response.content.decode()
    assert not ResourceNeed.objects.exists()


def test_it_ignores_cells_the_grid_does_not_have_like_quarter_five(client, leader, anchored, units):
    client.force_login(leader)
    data = {
        "version": token_on(client, _url(anchored)),
        f"h_{units['social'].pk}_2027_5": "5",
        "h_999_2027_1": "5",
    }
    assert client.post(_url(anchored), data).status_code == 302
    assert not ResourceNeed.objects.exists()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({("unit", 2027, 5): 10}, "Kvartalet findes ikke"),
        ({("unit", 1999, 1): 10}, "Kvartalet findes ikke"),
        ({("afdeling", 2027, 1): 10}, "Enheden findes ikke"),
        ({(999999, 2027, 1): 10}, "Enheden findes ikke"),
        ({("unit", 2027, 1): -1}, "Timerne skal være et helt tal"),
        ({("unit", 2027, 1): 2.5}, "Timerne skal være et helt tal"),
        ({("unit", 2027, 1): 10**9}, "Timerne skal være et helt tal"),
    ],
)
def test_it_refuses_through_its_service_bad_cells_in_danish(anchored, units, leader, cells, message):
    ids = {"unit": units["social"].pk, "afdeling": units["care"].pk}
    cells = {(ids.get(unit, unit), year, quarter): hours for (unit, year, quarter), hours in cells.items()}
    with pytest.raises(ValidationError, match=message):
        services.resource_plan_save(actor=leader, project=anchored, cells=cells)
    assert not ResourceNeed.objects.exists()


# --- stale saves and history ---------------------------------------------------------------------------


def test_it_refuses_a_stale_save_and_says_what_changed(client, leader, programme_member, anchored, units):
    client.force_login(leader)
    q = _now()
    opened = token_on(client, _url(anchored))
    services.resource_plan_save(
        actor=programme_member, project=anchored, cells={(units["social"].pk, q.year, q.quarter): 300}
    )
    response = _post(client, anchored, {(units["social"], q): "100"}, version=opened)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nogen har gemt ændringer" in html
    assert f"Social og Sundhed, {q.label}" in html
    assert _hours(anchored) == {("Social og Sundhed", q.year, q.quarter): 300}
    # Saving again from the refused form is a deliberate choice, and goes through.
    fresh = html.split('name="version" value="')[1].split('"')[0]
    assert _post(client, anchored, {(units["social"], q): "100"}, version=fresh).status_code == 302
    assert _hours(anchored) == {("Social og Sundhed", q.year, q.quarter): 100}


def test_it_refuses_a_save_without_a_token(client, leader, anchored, units):
    client.force_login(leader)
    response = _post(client, anchored, {(units["social"], _now()): "100"}, version="")
    assert "Formularen mangler oplysningen" in response.content.decode()
    assert not ResourceNeed.objects.exists()


def test_it_keeps_every_change_in_a_history_shown_on_the_page(
    client, leader, programme_member, anchored, units
):
    q = _now()
    services.resource_plan_save(
        actor=leader, project=anchored, cells={(units["it"].pk, q.year, q.quarter): 40}
    )
    services.resource_plan_save(
        actor=programme_member, project=anchored, cells={(units["it"].pk, q.year, q.quarter): 60}
    )
    services.resource_plan_save(
        actor=leader, project=anchored, cells={(units["it"].pk, q.year, q.quarter): 60}
    )
    assert ResourceNeed.history.count() == 2
    client.force_login(leader)
    html = client.get(_url(anchored)).content.decode()
    assert "Ændringer af ressourceplanen" in html
    assert "Timer 0 → 40" in html and "Timer 40 → 60" in html
    assert f"IT og Digitalisering, {q.label}" in html


# --- prefilled from the indsatsplan --------------------------------------------------------------------


def test_it_prefills_a_year_without_hours_from_the_latest_plan_version(
    client, leader, programme_member, anchored, units
):
    year = _now().year + 1
    first = plan_services.annual_plan_start(actor=programme_member, year=year)
    plan_services.plan_item_add(actor=programme_member, plan=first, project=anchored, hours=999)
    # The latest version containing the project wins: a version 2 with 410 hours.
    second = AnnualPlan.objects.create(year=year, version=2)
    second.items.create(rank=1, project=anchored, hours=410)
    client.force_login(leader)
    html = client.get(_url(anchored)).content.decode()
    assert f"Forslag fra indsatsplanen {year} — gem for at bruge det" in html
    grid = selectors.resource_grid(anchored, timezone.localdate())
    social = units["social"].pk
    assert [grid.suggested[(social, year, quarter)] for quarter in (1, 2, 3, 4)] == [103, 103, 102, 102]
    # Saving the form as it is stores the suggestion; then the year has hours and nothing is suggested.
    data = {"version": token_on(client, _url(anchored))}
    for name, field in _form_fields(html).items():
        data[name] = field
    assert client.post(_url(anchored), data).status_code == 302
    assert _hours(anchored)[("Social og Sundhed", year, 1)] == 103
    assert selectors.resource_grid(anchored, timezone.localdate()).suggested == {}


def _form_fields(html):
    return dict(re.findall(r'name="(h_[^"]+)"[^>]*value="([^"]*)"', html))


def test_it_suggests_nothing_for_a_year_that_has_hours(anchored, units, leader):
    year = _now().year + 1
    AnnualPlan.objects.create(year=year, version=1).items.create(rank=1, project=anchored, hours=400)
    services.resource_plan_save(actor=leader, project=anchored, cells={(units["it"].pk, year, 3): 5})
    assert selectors.resource_grid(anchored, timezone.localdate()).suggested == {}


# --- the project page ----------------------------------------------------------------------------------


def test_it_sums_on_the_project_page_the_hours_per_quarter_with_a_link_for_editors(
    client, leader, reader, anchored, units
):
    q = _now()
    services.resource_plan_save(
        actor=leader,
        project=anchored,
        cells={
            (units["social"].pk, q.year, q.quarter): 1000,
            (units["it"].pk, q.year, q.quarter): 200,
            (units["it"].pk, q.plus(1).year, q.plus(1).quarter): 50,
        },
    )
    client.force_login(leader)
    html = client.get(f"/projects/{anchored.pk}/").content.decode()
    assert 'id="ressourcer"' in html
    assert "1.200" in html and "1.250" in html
    assert _url(anchored) in html
    client.force_login(reader)
    html = client.get(f"/projects/{anchored.pk}/").content.decode()
    assert "1.250" in html and _url(anchored) not in html


def test_it_says_on_the_project_page_when_no_hours_are_planned(client, reader):
    project = ProjectFactory(anchoring=OrgUnitFactory())
    client.force_login(reader)
    assert (
        "Der er ikke planlagt timer for projektet endnu."
        in client.get(f"/projects/{project.pk}/").content.decode()
    )
