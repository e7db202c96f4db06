"""Units as entered: a count names what is counted (sekunder, km, sager), and every place that shows the
unit shows that name: the benefit's page, the lists, Mine gevinster, the measurement form and the
exports. The form refuses a name beside kr., timer or %, in Danish, and saves nothing."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from benefits.models import Benefit
from benefits.services import measurement_record
from tests.benefits.conftest import make_benefit
from tests.benefits.test_permissions import benefit_data
from tests.edit_tokens import token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_time(project, owner):
    benefit = make_benefit(
        project,
        owner,
        title="Ventetid i omstillingen",
        unit=Benefit.Unit.COUNT,
        unit_label="sekunder",
        baseline=Decimal(95),
        target=Decimal(45),
    )
    measurement_record(actor=owner, benefit=benefit, measured_on=datetime.date(2026, 1, 5), value=Decimal(76))
    return benefit


def test_it_writes_the_named_unit_and_antal_when_nothing_is_named(project, owner, waiting_time):
    assert waiting_time.unit_text == "sekunder"
    assert make_benefit(project, owner, title="Sager", unit=Benefit.Unit.COUNT).unit_text == "antal"
    assert make_benefit(project, owner, title="Kroner", unit=Benefit.Unit.KR).unit_text == "kr."


def test_it_shows_the_named_unit_on_every_page(client, owner, project, waiting_time):
    client.force_login(owner)
    detail = client.get(f"/benefits/{waiting_time.pk}/").content.decode()
    assert "95 sekunder" in detail and "45 sekunder" in detail and "76 sekunder" in detail
    assert "Værdi (sekunder)" in detail  # the measurement form's label
    assert "76 sekunder" in client.get("/benefits/").content.decode()
    assert "45 sekunder" in client.get("/benefits/mine/").content.decode()
    assert "95 sekunder" in client.get(f"/benefits/projects/{project.pk}/").content.decode()
    assert "antal" not in detail.split("<h1>")[1].split("Målinger")[0]


def test_it_exports_the_named_unit(client, owner, waiting_time):
    client.force_login(owner)
    text = client.get("/benefits/export.csv").content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["Enhed"] == "sekunder"


def test_it_saves_the_unit_name_from_the_form_and_keeps_it_in_the_history(
    client, leader, owner, waiting_time
):
    client.force_login(leader)
    data = {
        **benefit_data(owner, title="Ventetid", unit="count", unit_label="minutter"),
        "version": token_of(waiting_time),
    }
    assert client.post(f"/benefits/{waiting_time.pk}/edit/", data).status_code == 302
    waiting_time.refresh_from_db()
    assert waiting_time.unit_label == "minutter"
    assert [record.unit_label for record in waiting_time.history.order_by("history_id")] == [
        "sekunder",
        "minutter",
    ]


def test_it_refuses_a_unit_name_beside_kroner_and_saves_nothing(client, leader, owner, waiting_time):
    client.force_login(leader)
    data = {**benefit_data(owner, unit="kr", unit_label="sekunder"), "version": token_of(waiting_time)}
    response = client.post(f"/benefits/{waiting_time.pk}/edit/", data)
    assert response.status_code == 200
    assert "Enhedens navn bruges kun, når enheden er »antal eller anden enhed«" in response.content.decode()
    waiting_time.refresh_from_db()
    assert waiting_time.unit == Benefit.Unit.COUNT and waiting_time.title == "Ventetid i omstillingen"


def test_it_refuses_a_unit_name_longer_than_the_field(client, leader, owner, project):
    client.force_login(leader)
    data = benefit_data(owner, unit="count", unit_label="x" * 41)
    response = client.post(f"/benefits/projects/{project.pk}/new/", data)
    assert response.status_code == 200 and "Denne værdi må højst have 40 tegn" in response.content.decode()
    assert not Benefit.objects.filter(title="Ny titel").exists()
