"""A benefit measurement submitted twice (double click, resubmit of the same form) is stored once.

Two keys: the form's one-time `submit_token` (portfolio.services.submit_once, the general mechanism of the
create forms) and, for a post without one, the measurement itself (same benefit, date, value, recorder)
within a short window. Not the date alone: a typing error is corrected by a new measurement of the same
date. The concurrent tests need PostgreSQL (skipped locally without it, never in CI)."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from benefits.models import BenefitMeasurement
from benefits.services import measurement_record
from portfolio.models import SubmitToken
from portfolio.services import SUBMIT_REFUSED_MESSAGE
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db

MEASUREMENT = {"measured_on": "2026-01-15", "value": "80", "comment": "Målt"}
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _url(benefit):
    return f"/benefits/{benefit.pk}/measurements/"


def _form_token(client, benefit) -> str:
    """The submit token of the measurement form as the benefit's page shows it."""
    page = client.get(f"/benefits/{benefit.pk}/").content.decode()
    match = re.search(r'name="submit_token" value="([^"]+)"', page)
    assert match, "the measurement form carries no submit_token"
    return match.group(1)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_stores_the_same_form_posted_twice_once(owner, benefit):
    client = _logged_in(owner)
    data = {**MEASUREMENT, "submit_token": _form_token(client, benefit)}
    first = client.post(_url(benefit), data)
    second = client.post(_url(benefit), data)
    # Both answers are what the first was: the benefit's page, with the one measurement.
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert benefit.measurements.count() == 1
    assert SubmitToken.objects.get().object_id == benefit.measurements.get().pk


def test_it_each_showing_of_the_form_has_its_own_token(owner, benefit):
    client = _logged_in(owner)
    assert _form_token(client, benefit) != _form_token(client, benefit)


def test_it_stores_two_forms_with_different_values_twice(owner, benefit):
    client = _logged_in(owner)
    client.post(_url(benefit), {**MEASUREMENT, "submit_token": _form_token(client, benefit)})
    # The page's hint: a typing error is corrected by a new measurement with the same date.
    client.post(_url(benefit), {**MEASUREMENT, "value": "75", "submit_token": _form_token(client, benefit)})
    assert sorted(benefit.measurements.values_list("value", flat=True)) == [Decimal(75), Decimal(80)]


def test_it_stores_the_same_measurement_posted_twice_without_a_token_once(owner, benefit):
    client = _logged_in(owner)
    assert client.post(_url(benefit), MEASUREMENT).status_code == 302
    assert client.post(_url(benefit), {**MEASUREMENT, "comment": "Målt igen"}).status_code == 302
    assert benefit.measurements.count() == 1
    assert benefit.measurements.get().comment == "Målt"


def test_it_a_refused_post_spends_no_token(owner, benefit):
    client = _logged_in(owner)
    token = _form_token(client, benefit)
    refused = client.post(_url(benefit), {**MEASUREMENT, "value": "otte", "submit_token": token})
    assert refused.status_code == 400
    # The form shown again carries the same token, and sending it corrected stores the measurement.
    assert f'value="{token}"' in refused.content.decode()
    assert client.post(_url(benefit), {**MEASUREMENT, "submit_token": token}).status_code == 302
    assert benefit.measurements.count() == 1


def test_it_refuses_someone_elses_spent_token_in_danish(owner, programme_member, benefit):
    token = _form_token(_logged_in(owner), benefit)
    measurement_record(
        actor=owner, benefit=benefit, measured_on=benefit.baseline_date, value=Decimal(80), submit_token=token
    )
    with pytest.raises(ValidationError) as refused:
        measurement_record(
            actor=programme_member,
            benefit=benefit,
            measured_on=benefit.baseline_date,
            value=Decimal(70),
            submit_token=token,
        )
    assert refused.value.messages == [SUBMIT_REFUSED_MESSAGE]
    assert benefit.measurements.count() == 1


def test_it_a_malformed_token_is_no_error_just_no_deduplication(owner, benefit):
    client = _logged_in(owner)
    response = client.post(_url(benefit), {**MEASUREMENT, "submit_token": "<script>"})
    assert response.status_code == 302
    assert benefit.measurements.count() == 1
    assert not SubmitToken.objects.exists()


@concurrent
def test_it_three_concurrent_posts_of_the_same_form_store_one_measurement(require_service, owner, benefit):
    require_service("postgresql")
    client = _logged_in(owner)
    data = {**MEASUREMENT, "submit_token": _form_token(client, benefit)}
    clients = [_logged_in(owner) for _ in range(3)]
    outcomes = run_together(*(lambda c=c: c.post(_url(benefit), data) for c in clients))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert [outcome.value.status_code for outcome in outcomes] == [302, 302, 302]
    assert BenefitMeasurement.objects.filter(benefit=benefit).count() == 1


@concurrent
def test_it_three_concurrent_posts_without_a_token_store_one_measurement(require_service, owner, benefit):
    require_service("postgresql")
    clients = [_logged_in(owner) for _ in range(3)]
    outcomes = run_together(*(lambda c=c: c.post(_url(benefit), MEASUREMENT) for c in clients))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert [outcome.value.status_code for outcome in outcomes] == [302, 302, 302]
    assert BenefitMeasurement.objects.filter(benefit=benefit).count() == 1
