"""A benefit's owner must be a manager: responsibility for benefits lies at management level."""

import pytest
from django.core.exceptions import ValidationError

from benefits.models import MANAGER_REQUIRED_MESSAGE, Benefit
from benefits.services import benefit_save
from tests.benefits.conftest import make_benefit
from tests.benefits.test_permissions import benefit_data

pytestmark = pytest.mark.django_db


def test_it_refuses_a_non_manager_as_owner_in_the_form(client, leader, reader, project):
    client.force_login(leader)
    response = client.post(f"/benefits/projects/{project.pk}/new/", benefit_data(reader))
    assert response.status_code == 200
    assert MANAGER_REQUIRED_MESSAGE in response.content.decode()
    assert not Benefit.objects.exists()


def test_it_refuses_a_non_manager_in_the_service_too(project, reader):
    with pytest.raises(ValidationError) as error:
        make_benefit(project, reader)
    assert MANAGER_REQUIRED_MESSAGE in str(error.value)


def test_it_refuses_changing_the_owner_to_a_non_manager(client, leader, reader, benefit, owner):
    client.force_login(leader)
    response = client.post(f"/benefits/{benefit.pk}/edit/", benefit_data(reader))
    assert MANAGER_REQUIRED_MESSAGE in response.content.decode()
    benefit.refresh_from_db()
    assert benefit.owner == owner
    benefit.owner = reader
    with pytest.raises(ValidationError):
        benefit_save(actor=None, benefit=benefit)
