"""`?format=csv` on every list: the whole filtered list in one table, streamed, not one page of it."""

import csv
import io

import pytest

from api import renderers, resources
from api.pagination import PageNumberPagination
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects/"


def table(response):
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    columns, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    return columns, [dict(zip(columns, row, strict=True)) for row in rows]


@pytest.fixture
def seven_projects(monkeypatch):
    """Seven projects, a page of three and chunks of two rows: the CSV crosses every boundary."""
    monkeypatch.setattr(PageNumberPagination, "page_size", 3)
    monkeypatch.setattr(resources, "CSV_CHUNK_SIZE", 2)
    monkeypatch.setattr(renderers, "ROWS_PER_CHUNK", 2)
    return [ProjectFactory(name=f"Projekt {n}") for n in range(7)]


def test_it_gives_every_row_in_a_csv_and_a_page_in_json(api_as, reader, seven_projects):
    client = api_as(reader)
    page = client.get(URL).json()
    assert page["count"] == 7 and len(page["results"]) == 3 and page["next"]
    _columns, rows = table(client.get(URL, {"format": "csv", "ordering": "name"}))
    assert [row["name"] for row in rows] == [f"Projekt {n}" for n in range(7)]
    # Paging parameters do not cut a CSV short either.
    _columns, rows = table(client.get(URL, {"format": "csv", "page_size": 2, "page": 2}))
    assert len(rows) == 7


def test_it_filters_a_csv_as_the_list(api_as, reader, seven_projects):
    ProjectFactory(name="Ydelsesrefusion", kind="faelleskommunal")
    _columns, rows = table(api_as(reader).get(URL, {"format": "csv", "kind": "faelleskommunal"}))
    assert [row["name"] for row in rows] == ["Ydelsesrefusion"]


def test_it_gives_the_same_columns_whether_a_nested_object_is_there_or_not(api_as, reader, seven_projects):
    seven_projects[1].leader = UserFactory()
    seven_projects[1].save()
    columns, rows = table(api_as(reader).get(URL, {"format": "csv", "ordering": "name"}))
    assert {"leader.id", "leader.name", "latest_status.overall"} <= set(columns)
    assert "leader" not in columns
    assert rows[0]["leader.name"] == "" and rows[1]["leader.name"] == str(seven_projects[1].leader)


def test_it_neutralises_formulas_in_a_streamed_csv(api_as, reader, seven_projects):
    ProjectFactory(name='=HYPERLINK("http://x")')
    _columns, rows = table(api_as(reader).get(URL, {"format": "csv", "q": "HYPERLINK"}))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'


def test_it_answers_a_bad_filter_in_a_csv_with_a_400(api_as, reader, seven_projects):
    response = api_as(reader).get(URL, {"format": "csv", "phase": "ukendt"})
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed." in response.content.decode("utf-8")


def test_it_gives_an_empty_list_as_its_header_alone(api_as, reader, seven_projects):
    columns, rows = table(api_as(reader).get(URL, {"format": "csv", "q": "findes ikke"}))
    assert rows == [] and columns[:3] == ["id", "number", "name"]
