"""Every change to benefits, measurements and business case amounts is shown to users as history."""

import datetime
from decimal import Decimal

import pytest

from benefits.detail_selectors import benefit_history, business_case_history
from benefits.services import business_case_save, measurement_record
from tests.benefits.test_permissions import benefit_data
from tests.edit_tokens import business_case_token, token_of

pytestmark = pytest.mark.django_db


def test_it_shows_who_changed_what_on_a_benefit(client, leader, owner, benefit):
    client.force_login(leader)
    client.post(
        f"/benefits/{benefit.pk}/edit/",
        {**benefit_data(owner, title="Ny titel", target="40"), "version": token_of(benefit)},
    )
    measurement_record(actor=owner, benefit=benefit, measured_on=datetime.date(2026, 1, 1), value=Decimal(70))
    entries = benefit_history(benefit)
    assert entries[0].action == "Måling oprettet" and entries[0].who == owner
    change = next(e for e in entries if e.action == "Ændret")
    assert change.who == leader and {"gevinst", "mål"} <= set(change.changed)
    page = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert "Ændringshistorik" in page and "Måling oprettet" in page and "mål" in page


def test_it_shows_each_changed_amount_of_the_business_case(client, leader, programme_member, project):
    client.force_login(leader)
    client.post(
        f"/benefits/projects/{project.pk}/business-case/edit/",
        {
            "investment__hardware__0": "100.000",
            "saving__licences__1": "50.000",
            "notes": "Første udkast",
            "version": business_case_token(project),
        },
    )
    business_case_save(
        actor=programme_member,
        project=project,
        amounts={("investment", "hardware", 0): Decimal(120_000), ("saving", "licences", 1): Decimal(50_000)},
        notes="Første udkast",
    )
    changes = business_case_history(project.business_case)
    newest = changes[0]
    assert newest.who == programme_member and newest.label == "Engangsinvestering, hardware, år 0"
    assert (newest.before, newest.after) == (100_000, 120_000)
    assert {c.label for c in changes} >= {"Besparelse, licenser, år 1", "Business case oprettet"}
    page = client.get(f"/benefits/projects/{project.pk}/business-case/").content.decode()
    assert "Engangsinvestering, hardware, år 0" in page and "120.000" in page


def test_it_archives_instead_of_deleting(client, leader, owner, benefit):
    measurement_record(actor=owner, benefit=benefit, measured_on=datetime.date(2026, 1, 1), value=Decimal(70))
    client.force_login(leader)
    client.post(f"/benefits/{benefit.pk}/archive/")
    benefit.refresh_from_db()
    assert benefit.archived and benefit.measurements.count() == 1
    assert benefit.title not in client.get("/benefits/").content.decode()
    assert client.get(f"/benefits/{benefit.pk}/").status_code == 200
