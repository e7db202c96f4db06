"""Who may record, edit and keep the business case: owner, another owner, a reader, the project leader
and the programme group, on every measurement and edit URL. A refusal is a 403 and changes nothing."""

from decimal import Decimal

import pytest

from benefits.models import Benefit, BenefitMeasurement, BusinessCase
from benefits.permissions import can_record_measurement
from benefits.services import benefit_save
from tests.edit_tokens import business_case_token, token_of

pytestmark = pytest.mark.django_db

MEASUREMENT = {"measured_on": "2026-01-15", "value": "80", "comment": "Målt"}


def post_measurement(client, user, benefit):
    client.force_login(user)
    return client.post(f"/benefits/{benefit.pk}/measurements/", MEASUREMENT)


def test_it_lets_the_owner_record_a_measurement_of_their_own_benefit(client, owner, benefit):
    response = post_measurement(client, owner, benefit)
    assert response.status_code == 302
    measurement = benefit.measurements.get()
    assert measurement.value == 80 and measurement.recorded_by == owner


@pytest.mark.parametrize("persona", ["other_owner", "reader", "leader"])
def test_it_refuses_measurements_from_anyone_but_the_owner(client, request, persona, benefit, other_benefit):
    response = post_measurement(client, request.getfixturevalue(persona), benefit)
    assert response.status_code == 403
    assert not BenefitMeasurement.objects.exists()


def test_it_lets_the_programme_group_record_any_measurement(client, programme_member, benefit):
    assert post_measurement(client, programme_member, benefit).status_code == 302
    assert benefit.measurements.count() == 1


def test_it_shows_the_form_only_to_those_who_may_record(client, owner, other_owner, benefit):
    client.force_login(owner)
    assert "Registrér måling" in client.get(f"/benefits/{benefit.pk}/").content.decode()
    client.force_login(other_owner)
    page = client.get(f"/benefits/{benefit.pk}/")
    assert page.status_code == 200 and "Registrér måling" not in page.content.decode()


def benefit_data(owner, **changes):
    data = {
        "title": "Ny titel",
        "type": "quality",
        "unit": "hours",
        "owner": owner.pk,
        "baseline": "100",
        "baseline_date": "2025-01-01",
        "target": "60",
        "due_date": "2027-01-01",
        "measurement_interval_months": "3",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["owner", "other_owner", "reader"])
def test_it_refuses_edits_create_archive_and_business_case_to_non_editors(
    client, request, persona, project, benefit
):
    client.force_login(request.getfixturevalue(persona))
    urls = [
        (f"/benefits/{benefit.pk}/edit/", benefit_data(benefit.owner)),
        (f"/benefits/{benefit.pk}/archive/", {}),
        (f"/benefits/projects/{project.pk}/new/", benefit_data(benefit.owner)),
        (f"/benefits/projects/{project.pk}/business-case/edit/", {"investment__hardware__0": "5"}),
    ]
    for url, data in urls:
        if not url.endswith("archive/"):
            assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    benefit.refresh_from_db()
    assert benefit.title == "Tid brugt på journalføring" and not benefit.archived
    assert Benefit.objects.count() == 1 and not BusinessCase.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "programme_member"])
def test_it_lets_the_project_leader_and_the_programme_group_edit(
    client, request, persona, project, benefit, owner
):
    client.force_login(request.getfixturevalue(persona))
    edited = {**benefit_data(owner), "version": token_of(benefit)}
    assert client.post(f"/benefits/{benefit.pk}/edit/", edited).status_code == 302
    benefit.refresh_from_db()
    assert benefit.title == "Ny titel" and benefit.target == 60
    assert (
        client.post(f"/benefits/projects/{project.pk}/new/", benefit_data(owner, title="Anden")).status_code
        == 302
    )
    response = client.post(
        f"/benefits/projects/{project.pk}/business-case/edit/",
        {"investment__hardware__0": "1.250.000,50", "version": business_case_token(project)},
    )
    assert response.status_code == 302
    assert BusinessCase.objects.get(project=project).lines.get().amount == Decimal("1250000.50")


def test_it_moves_the_record_permission_with_the_owner(owner, other_owner, benefit):
    assert can_record_measurement(owner, benefit) and not can_record_measurement(other_owner, benefit)
    benefit.owner = other_owner
    benefit_save(actor=None, benefit=benefit)
    owner = type(owner).objects.get(pk=owner.pk)  # fresh permission cache
    other_owner = type(other_owner).objects.get(pk=other_owner.pk)
    assert can_record_measurement(other_owner, benefit) and not can_record_measurement(owner, benefit)


def test_it_takes_the_permission_away_when_the_benefit_is_archived(client, leader, owner, benefit):
    client.force_login(leader)
    assert client.post(f"/benefits/{benefit.pk}/archive/").status_code == 302
    benefit.refresh_from_db()
    assert benefit.archived and Benefit.objects.filter(pk=benefit.pk).exists()
    owner = type(owner).objects.get(pk=owner.pk)
    assert not can_record_measurement(owner, benefit)
    assert post_measurement(client, owner, benefit).status_code == 403


def test_it_lets_any_employee_read_the_pages_and_nobody_anonymous(client, reader, project, benefit):
    urls = [
        "/benefits/",
        "/benefits/follow-up/",
        f"/benefits/{benefit.pk}/",
        f"/benefits/projects/{project.pk}/business-case/",
        f"/benefits/projects/{project.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url  # to the login page
    client.force_login(reader)
    for url in urls:
        assert client.get(url).status_code == 200, url
