"""A standard-model project led by `project_leader`, and meetings of the programme and steering group."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from governance.models import Meeting
from tests.factories import body


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def held_meeting(slug, days_ago=0):
    return Meeting.objects.create(
        body=body(slug), date=timezone.localdate() - datetime.timedelta(days=days_ago)
    )


def upcoming_meeting(slug, days=7):
    return Meeting.objects.create(body=body(slug), date=timezone.localdate() + datetime.timedelta(days=days))


@pytest.fixture
def ready_project(led_project):
    """`led_project` in analyse with the three required start items done."""
    led_project.dpo_involved = led_project.security_coordinator_involved = led_project.it_involved = True
    led_project.save()
    return led_project
