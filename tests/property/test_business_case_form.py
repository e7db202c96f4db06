"""Property: whatever the programme group posts to a project's business case grid, the answer is either
the saved grid (every cell as typed, empty as 0, only changed cells written, each change in the history)
or the grid again with a Danish message and nothing changed; never an exception."""

from decimal import Decimal

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from benefits.business_case import CATEGORY_ROWS, business_case_summary
from benefits.forms import cell_name
from benefits.models import BUSINESS_CASE_YEARS, BusinessCase, BusinessCaseLine
from benefits.services import business_case_save
from governance.bodies.services import membership_start
from portfolio.forms import parse_danish_decimal
from tests.edit_tokens import business_case_token
from tests.factories import ProjectFactory, UserFactory, body
from tests.property.support import (
    PROPERTY_SETTINGS,
    any_text,
    assert_shows_danish_errors,
    logged_in,
    number_texts,
    occurrences,
    plain_texts,
    post,
    raw_bytes,
    received,
    rolled_back,
    texts,
)

pytestmark = pytest.mark.django_db

CELLS = [
    (category, row, year)
    for category, rows in CATEGORY_ROWS.items()
    for row in rows
    for year in BUSINESS_CASE_YEARS
]
CELL_NAMES = [cell_name(*cell) for cell in CELLS]
# Names that look like cells but are none of the grid's: never written.
NOT_CELLS = [
    "investment__hardware__6",
    "investment__hardware__-1",
    "saving__hardware__0",
    "investment__salary_savings__0",
    "unknown__hardware__0",
    "investment__hardware__1.0",
    "investment__hardware",
    "investment____0",
]

amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)
valid_amounts = st.one_of(
    st.just(""),
    st.integers(0, 10**7).map(str),
    amounts.map(lambda d: f"{d:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")),
    amounts.map(lambda d: f"{d:f}"),
    st.sampled_from(["1.250", "1 250 000", "500.000 kr.", "0", "0,00"]),
)


@st.composite
def grids(draw):
    """A sparse grid, like a real business case: a handful of cells typed, the rest left empty (sent
    empty or not at all); sometimes broken values, repeated cells or cells that do not exist."""
    typed = draw(st.dictionaries(st.sampled_from(CELL_NAMES), valid_amounts, max_size=8))
    pairs = list(typed.items())
    if draw(st.booleans()):
        broken = draw(st.lists(st.sampled_from(CELL_NAMES), max_size=3, unique=True))
        for name in broken:
            pairs = [pair for pair in pairs if pair[0] != name]
            pairs.extend((name, value) for value in draw(occurrences(st.one_of(number_texts, raw_bytes))))
        for name in draw(st.lists(st.sampled_from(NOT_CELLS), max_size=2)):
            pairs.append((name, draw(valid_amounts)))
    notes = draw(st.one_of(st.none(), plain_texts, texts))
    if notes is not None:
        pairs.append(("notes", notes))
    if draw(st.booleans()):
        pairs.append((draw(any_text), draw(any_text)))
    return draw(st.permutations(pairs))


earlier_grids = st.dictionaries(
    st.sampled_from(CELLS),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2),
    max_size=4,
)


@pytest.fixture
def programme(db):
    person = UserFactory(username="egenskabs-programgruppe")
    membership_start(actor=None, body=body("programgruppe"), user=person)
    return person


@pytest.fixture
def project(db):
    return ProjectFactory(name="Business case-test")


def stored(project) -> dict:
    case = BusinessCase.objects.filter(project=project).first()
    if case is None:
        return {}
    return {(line.category, line.row, line.year): line.amount for line in case.lines.all()}


def snapshot():
    return (
        list(BusinessCase.objects.order_by("pk").values()),
        list(BusinessCaseLine.objects.order_by("pk").values()),
        BusinessCase.history.count(),
        BusinessCaseLine.history.count(),
    )


def _check_saved(project, data, *, before_cells, actor, line_history_before):
    case = BusinessCase.objects.get(project=project)
    case.full_clean()
    assert case.notes == data.get("notes", "").strip()
    after_cells = stored(project)
    for cell in CELLS:
        typed = data.get(cell_name(*cell), "")
        expected = parse_danish_decimal(typed) or Decimal(0)
        assert after_cells.get(cell, Decimal(0)) == expected, cell
    # Nothing outside the grid was written, and every stored cell is a valid line.
    assert set(after_cells) <= set(CELLS) | set(before_cells)
    for line in case.lines.all():
        line.full_clean()
        assert line.amount >= 0 and 0 <= line.year <= 5
    changed = {
        cell
        for cell in set(after_cells) | set(before_cells)
        if after_cells.get(cell) != before_cells.get(cell)
    }
    new_history = list(BusinessCaseLine.history.order_by("history_id")[line_history_before:])
    assert len(new_history) == len(changed), "en historikpost pr. ændret celle, ingen for de uændrede"
    assert {record.history_user_id for record in new_history} <= {actor.pk}
    summary = business_case_summary(case)
    assert summary.total_net == summary.total_savings - summary.total_investment - summary.total_running


@PROPERTY_SETTINGS
@given(pairs=grids(), earlier=earlier_grids)
@example(pairs=[], earlier={})  # found a bug: a POST without fields was taken for a GET, 400 with no message
@example(pairs=[("investment__hardware__0", "1e400")], earlier={})
@example(pairs=[("investment__hardware__0", "-5"), ("saving__licences__2", "NaN")], earlier={})
@example(
    pairs=[("investment__hardware__0", "999.999.999.999,99"), ("running_cost__licences__5", "1")], earlier={}
)
@example(pairs=[("saving__hardware__0", "100"), ("notes", "Kun felter, der ikke findes")], earlier={})
def test_it_saves_the_grid_or_shows_a_danish_error(programme, project, pairs, earlier):
    with rolled_back():
        if earlier:
            business_case_save(actor=programme, project=project, amounts=earlier, notes="Før")
        data = received(pairs)
        before = snapshot()
        before_cells = stored(project)
        client = logged_in(programme)

        # The grid's edit token (portfolio.stale) as the page gives it; what is examined is the grid.
        token = [("version", business_case_token(project))]
        response = post(client, f"/benefits/projects/{project.pk}/business-case/edit/", pairs + token)

        assert response.status_code != 500
        event(f"business case: {response.status_code}")
        if response.status_code == 302:
            _check_saved(
                project, data, before_cells=before_cells, actor=programme, line_history_before=before[3]
            )
            assert client.get(response["Location"]).status_code == 200
            return
        assert response.status_code == 400
        assert snapshot() == before, "afvist, men databasen er ændret"
        assert_shows_danish_errors(response, response.context["form"])
