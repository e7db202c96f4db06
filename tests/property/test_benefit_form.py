"""Property: whatever the programme group posts to the benefit form (new or edit), the answer is either a
saved, valid benefit whose owner is a manager holding the measurement permission, or the form again with
a Danish message and nothing changed; never an exception. A saved benefit must also show on every page
and export that lists it. The same for a measurement posted by the benefit's owner."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats
from hypothesis import event, example, given
from hypothesis import strategies as st

from benefits.forms import INTERVAL_CHOICES
from benefits.models import Benefit, BenefitMeasurement
from benefits.services import benefit_save
from governance.bodies.services import membership_start
from portfolio.forms import parse_danish_decimal
from portfolio.permissions import user_can
from portfolio.services import project_set_people
from tests.edit_tokens import token_of
from tests.factories import ProjectFactory, UserFactory, body
from tests.property.support import (
    PROPERTY_SETTINGS,
    assert_shows_danish_errors,
    date_texts,
    form_bodies,
    logged_in,
    mostly,
    number_texts,
    outside_choices,
    plain_texts,
    post,
    received,
    rolled_back,
    texts,
    words,
)

pytestmark = pytest.mark.django_db

TYPES = [choice.value for choice in Benefit.Type]
UNITS = [choice.value for choice in Benefit.Unit]
INTERVALS = [str(months) for months, _ in INTERVAL_CHOICES]
# Stand for the users' primary keys, which exist only once the fixtures have run.
MANAGER, OTHER_MANAGER, NOT_MANAGER, INACTIVE = "<manager>", "<other-manager>", "<not-manager>", "<inactive>"


def _decimal_texts():
    amounts = st.decimals(
        min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2
    )
    return st.one_of(
        st.integers(-1000, 10**6).map(str),
        amounts.map(lambda d: f"{d:f}".replace(".", ",")),
        amounts.map(lambda d: f"{d:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")),
        st.sampled_from(["12,5", "12.5", "1.250", "1 250 000", "-3,25", "1.250 kr.", "0"]),
    )


def _dates(start, end):
    return st.dates(datetime.date(start, 1, 1), datetime.date(end, 12, 31)).map(datetime.date.isoformat)


BENEFIT_VALID = {
    "title": words,
    "description": plain_texts,
    "type": st.sampled_from(TYPES),
    "is_financial": st.sampled_from(["on", None]),
    "is_disbenefit": st.sampled_from(["on", None]),
    "unit": st.sampled_from(UNITS),
    "owner": mostly(st.just(MANAGER), st.just(OTHER_MANAGER)),
    "baseline": _decimal_texts(),
    "target": _decimal_texts(),
    # baseline_date and due_date: drawn together, see _benefit_bodies.
    "measurement_plan": plain_texts,
    "measurement_interval_months": st.sampled_from(INTERVALS),
}
BENEFIT_ADVERSARIAL = {
    "title": texts,
    "description": texts,
    "type": outside_choices(TYPES),
    "is_financial": texts,
    "is_disbenefit": texts,
    "unit": outside_choices(UNITS),
    "owner": st.one_of(st.sampled_from([NOT_MANAGER, INACTIVE, "0", "-1", "999999", "1.0"]), number_texts),
    "baseline": number_texts,
    "baseline_date": date_texts,
    "target": number_texts,
    "due_date": date_texts,
    "measurement_plan": texts,
    "measurement_interval_months": st.one_of(outside_choices(INTERVALS), number_texts),
}


@pytest.fixture
def programme(db):
    person = UserFactory(username="egenskabs-programgruppe")
    membership_start(actor=None, body=body("programgruppe"), user=person)
    return person


@pytest.fixture
def people(db):
    return {
        MANAGER: UserFactory(username="egenskabs-ejer", is_manager=True),
        OTHER_MANAGER: UserFactory(username="egenskabs-anden-ejer", is_manager=True),
        NOT_MANAGER: UserFactory(username="egenskabs-medarbejder", is_manager=False),
        INACTIVE: UserFactory(username="egenskabs-fratraadt", is_manager=True, is_active=False),
    }


@pytest.fixture
def project(db):
    leader = UserFactory(username="egenskabs-leder")
    return project_set_people(actor=None, project=ProjectFactory(name="Gevinsttest"), leader=leader)


def _existing_benefit(project, owner):
    return benefit_save(
        actor=None,
        benefit=Benefit(
            project=project,
            owner=owner,
            title="Tid brugt på journalføring",
            type=Benefit.Type.EFFICIENCY,
            unit=Benefit.Unit.HOURS,
            baseline=Decimal("100"),
            baseline_date=datetime.date(2025, 1, 1),
            target=Decimal("50"),
            due_date=datetime.date(2027, 1, 1),
        ),
    )


def means_date(text, day) -> bool:
    """`text` is a way to write `day` that the Danish date formats read (2026-01-01, 2026-1-1, 1.1.2026)."""
    for pattern in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            if datetime.datetime.strptime(text.strip(), pattern).date() == day:
                return True
        except ValueError:
            continue
    return False


def _with_people(pairs, people):
    return [(key, str(people[value].pk) if value in people else value) for key, value in pairs]


def snapshot():
    return (
        list(Benefit.objects.order_by("pk").values()),
        Benefit.history.count(),
        list(Benefit.objects.values_list("benefituserobjectpermission__user_id", "pk").order_by("pk")),
    )


def _check_saved(benefit, data, *, actor, history_before, former_owner=None):
    benefit.full_clean()
    assert benefit.owner.is_manager and benefit.owner.is_active
    assert benefit.target != benefit.baseline
    assert benefit.due_date >= benefit.baseline_date
    assert benefit.title == data["title"].strip() and 0 < len(benefit.title) <= 200
    assert benefit.type == data["type"] and benefit.unit == data["unit"]
    assert benefit.baseline == parse_danish_decimal(data["baseline"])
    assert benefit.target == parse_danish_decimal(data["target"])
    assert benefit.measurement_interval_months == int(data["measurement_interval_months"])
    assert means_date(data["baseline_date"], benefit.baseline_date)
    assert means_date(data["due_date"], benefit.due_date)
    # The permission follows the owner, and leaves a former one.
    assert user_can(benefit.owner, "benefits.record_measurement", benefit)
    if former_owner is not None and former_owner != benefit.owner:
        former_owner = type(former_owner).objects.get(pk=former_owner.pk)  # no cached permissions
        assert not former_owner.has_perm("benefits.record_measurement", benefit)
    new_history = Benefit.history.filter(id=benefit.pk).order_by("history_id")[history_before:]
    assert new_history and {record.history_user_id for record in new_history} == {actor.pk}


def _every_page_that_lists_it(client, benefit):
    """A benefit that was saved must not break the pages and exports that show it."""
    for url in (
        benefit.get_absolute_url(),
        "/benefits/",
        f"/benefits/projects/{benefit.project_id}/",
        "/benefits/export.xlsx",
    ):
        assert client.get(url).status_code == 200, url


def _benefit_bodies(window):
    """Consistent dates (the due date some days before or after the baseline), now and then anywhere in
    years 1-9999, so that the rare dates near the calendar's ends get tried with a body that passes."""
    baseline, days = window
    due = baseline + datetime.timedelta(days=min(days, (datetime.date.max - baseline).days))
    dates = {"baseline_date": st.just(baseline.isoformat()), "due_date": st.just(due.isoformat())}
    return form_bodies({**BENEFIT_VALID, **dates}, BENEFIT_ADVERSARIAL)


far_dates = st.one_of(
    st.dates(),
    st.dates(min_value=datetime.date(9990, 1, 1)),
    st.dates(max_value=datetime.date(10, 12, 31)),
    st.sampled_from([datetime.date(1899, 12, 31), datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)]),
)
benefit_windows = st.tuples(
    mostly(st.dates(datetime.date(2015, 1, 1), datetime.date(2026, 12, 31)), far_dates),
    st.integers(-31, 4000),
)


@PROPERTY_SETTINGS
@given(pairs=benefit_windows.flatmap(_benefit_bodies), editing=st.booleans())
@example(pairs=[], editing=False)  # found a bug: a POST without fields was taken for a GET, with no message
@example(pairs=[], editing=True)
@example(  # the same number as baseline and target, written two ways
    pairs=[
        ("title", "Færre opkald"),
        ("type", "service"),
        ("unit", "count"),
        ("owner", MANAGER),
        ("baseline", "1.250"),
        ("target", "1250,00"),
        ("baseline_date", "2025-01-01"),
        ("due_date", "2026-01-01"),
        ("measurement_interval_months", "3"),
    ],
    editing=False,
)
@example(
    pairs=[
        ("title", "Hurtigere sagsbehandling"),
        ("type", "efficiency"),
        ("unit", "hours"),
        ("owner", NOT_MANAGER),
        ("baseline", "10"),
        ("target", "1e400"),
        ("baseline_date", "2026-02-30"),
        ("due_date", "9999-12-31"),
        ("measurement_interval_months", "5"),
    ],
    editing=True,
)
@example(  # found a bug: a baseline in year 9999 was saved, then the benefit's page crashed (500)
    pairs=[
        ("title", "Langt ude i fremtiden"),
        ("type", "quality"),
        ("unit", "percent"),
        ("owner", MANAGER),
        ("baseline", "10"),
        ("target", "90"),
        ("baseline_date", "9999-11-01"),
        ("due_date", "9999-12-31"),
        ("measurement_interval_months", "24"),
    ],
    editing=False,
)
@example(  # found a bug: Word's manual line break (vertical tab) in a title broke the Excel export (500)
    pairs=[
        ("title", "Færre\x0bgenbesøg"),
        ("type", "service"),
        ("unit", "count"),
        ("owner", MANAGER),
        ("baseline", "40"),
        ("target", "10"),
        ("baseline_date", "2025-01-01"),
        ("due_date", "2026-06-30"),
        ("measurement_interval_months", "6"),
    ],
    editing=False,
)
def test_it_saves_a_valid_benefit_or_shows_a_danish_error(programme, people, project, pairs, editing):
    with rolled_back():
        existing = _existing_benefit(project, people[MANAGER]) if editing else None
        pairs = _with_people(pairs, people)
        data = received(pairs)
        before = snapshot()
        client = logged_in(programme)
        url = f"/benefits/{existing.pk}/edit/" if editing else f"/benefits/projects/{project.pk}/new/"

        # An edit carries the benefit's token (portfolio.stale) as its page gives it.
        token = [("version", token_of(existing))] if editing else []
        response = post(client, url, pairs + token)

        assert response.status_code != 500
        event(f"{'edit' if editing else 'new'}: {response.status_code}")
        if response.status_code == 302:
            if editing:
                saved = Benefit.objects.get(pk=existing.pk)
            else:
                assert Benefit.objects.count() == len(before[0]) + 1
                saved = Benefit.objects.latest("pk")
            history_before = 1 if editing else 0
            _check_saved(
                saved,
                data,
                actor=programme,
                history_before=history_before,
                former_owner=people[MANAGER] if editing else None,
            )
            assert response["Location"] == saved.get_absolute_url()
            _every_page_that_lists_it(client, saved)
            return
        assert response.status_code == 200
        assert snapshot() == before, "afvist, men databasen er ændret"
        assert_shows_danish_errors(response, response.context["form"])


# --- a measurement, posted by the benefit's owner ----------------------------------------------------------

MEASUREMENT_VALID = {
    "measured_on": _dates(2025, 2025) | st.just(datetime.date.today().isoformat()),
    "value": _decimal_texts(),
    "comment": plain_texts,
}
MEASUREMENT_ADVERSARIAL = {"measured_on": date_texts, "value": number_texts, "comment": texts}


@PROPERTY_SETTINGS
@given(pairs=form_bodies(MEASUREMENT_VALID, MEASUREMENT_ADVERSARIAL))
@example(pairs=[("measured_on", "2025-06-01"), ("value", "NaN")])
@example(pairs=[("measured_on", "0001-01-01"), ("value", "12,5")])
def test_it_records_a_valid_measurement_or_shows_a_danish_error(people, project, pairs):
    owner = people[MANAGER]
    with rolled_back():
        benefit = _existing_benefit(project, owner)
        data = received(pairs)
        before = list(BenefitMeasurement.objects.values()), BenefitMeasurement.history.count()
        client = logged_in(owner)

        response = post(client, f"/benefits/{benefit.pk}/measurements/", pairs)

        assert response.status_code != 500
        event(f"measurement: {response.status_code}")
        if response.status_code == 302:
            measurement = BenefitMeasurement.objects.get(benefit=benefit)
            measurement.full_clean()
            assert means_date(data["measured_on"], measurement.measured_on)
            assert (
                benefit.baseline_date
                <= measurement.measured_on
                <= datetime.date.today() + datetime.timedelta(1)
            )
            assert measurement.value == parse_danish_decimal(data["value"])
            assert measurement.comment == data.get("comment", "").strip()
            assert measurement.recorded_by == owner
            assert measurement.history.get().history_user == owner
            _every_page_that_lists_it(client, benefit)
            return
        assert response.status_code == 400
        assert (list(BenefitMeasurement.objects.values()), BenefitMeasurement.history.count()) == before
        assert_shows_danish_errors(response, response.context["measurement_form"])
