"""Mine gevinster (/benefits/mine/): a benefit owner's own benefits, the late and soon-due measurements
first, with one click to record a measurement and back; and the start page's part of it
(benefits.selectors.my_benefit_work, templates/benefits/_my_benefits_part.html)."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from benefits.models import BenefitMeasurement
from benefits.selectors import MY_BENEFIT_PART_ROWS, my_benefit_work, my_benefits
from benefits.services import benefit_archive
from portfolio.models import Project
from tests.benefits.conftest import make_benefit
from tests.factories import BenefitMeasurementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)
DAY = datetime.timedelta(days=1)


def plan(project, owner, title, *, baseline_date, months=3, due_date=datetime.date(2028, 1, 1)):
    return make_benefit(
        project,
        owner,
        title=title,
        baseline_date=baseline_date,
        measurement_interval_months=months,
        due_date=due_date,
    )


@pytest.fixture
def owned(project, owner):
    """Four benefits of `owner`, by when they are next to be measured on TODAY (10 March 2026)."""
    late = plan(project, owner, "Forsinket længst", baseline_date=datetime.date(2025, 9, 1))  # due 1 Dec
    later_late = plan(project, owner, "Forsinket", baseline_date=datetime.date(2025, 11, 1))  # due 1 Feb
    soon = plan(project, owner, "Snart", baseline_date=datetime.date(2025, 12, 20))  # due 20 Mar
    calm = plan(project, owner, "Rolig", baseline_date=datetime.date(2026, 3, 1))  # due 1 Jun
    closed = plan(
        project,
        owner,
        "Afsluttet",
        baseline_date=datetime.date(2024, 1, 1),
        due_date=datetime.date(2025, 1, 1),
    )
    BenefitMeasurementFactory(benefit=closed, measured_on=datetime.date(2025, 2, 1), value=Decimal(40))
    return {"late": late, "later_late": later_late, "soon": soon, "calm": calm, "closed": closed}


def test_it_puts_the_owners_late_then_soon_due_measurements_first(owner, owned):
    rows = my_benefits(owner, TODAY)
    assert [row.title for row in rows] == ["Forsinket længst", "Forsinket", "Snart", "Rolig", "Afsluttet"]
    assert [row.overdue for row in rows] == [True, True, False, False, False]
    assert [row.due_soon for row in rows] == [False, False, True, False, False]
    assert rows[2].next_due == datetime.date(2026, 3, 20)
    assert rows[4].next_due is None  # measured after the due date: the follow-up is closed


def test_it_counts_the_work_and_keeps_the_few_most_urgent_rows(owner, owned, project):
    work = my_benefit_work(owner, TODAY)
    assert (work.total, work.overdue, work.due_soon, work.to_measure) == (5, 2, 1, 3)
    assert [row.title for row in work.urgent] == ["Forsinket længst", "Forsinket", "Snart"]
    for n in range(MY_BENEFIT_PART_ROWS):
        plan(project, owner, f"Også forsinket {n}", baseline_date=datetime.date(2025, 1, 1))
    assert len(my_benefit_work(owner, TODAY).urgent) == MY_BENEFIT_PART_ROWS


def test_it_leaves_out_archived_benefits_and_archived_projects(owner, owned, leader):
    benefit_archive(actor=leader, benefit=owned["calm"])
    Project.objects.filter(pk=owned["soon"].project_id).update(archived=True)
    assert my_benefits(owner, TODAY) == []


def test_it_counts_in_one_query(owner, owned, django_assert_num_queries):
    with django_assert_num_queries(1):
        my_benefit_work(owner, TODAY)


# --------------------------------------------------------------------------------------------- the page


@pytest.fixture
def due_now(project, owner):
    """A benefit whose first measurement was due a month ago (by the real today: the page's)."""
    today = timezone.localdate()
    return plan(project, owner, "Ventetid i omstillingen", baseline_date=today - 120 * DAY)


def test_it_shows_the_owner_their_own_benefits(client, owner, due_now, other_benefit):
    client.force_login(owner)
    response = client.get("/benefits/mine/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ventetid i omstillingen" in page and "Licensudgifter" not in page
    assert "1 måling er forsinket" in page and "Forsinket" in page
    assert f"/benefits/{due_now.pk}/?next=/benefits/mine/#record-heading" in page


def test_it_does_not_show_one_owners_benefits_to_another(client, other_owner, due_now, other_benefit):
    client.force_login(other_owner)
    page = client.get("/benefits/mine/").content.decode()
    assert "Licensudgifter" in page and "Ventetid i omstillingen" not in page


def test_it_shows_a_reader_an_empty_page_that_says_why(client, reader, due_now):
    client.force_login(reader)
    response = client.get("/benefits/mine/")
    assert response.status_code == 200 and response.context["rows"] == []
    page = response.content.decode()
    assert "Du er ikke gevinstejer for nogen gevinster" in page and "Ventetid i omstillingen" not in page


def test_it_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get("/benefits/mine/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_records_a_measurement_and_returns_to_mine_gevinster(client, owner, due_now):
    client.force_login(owner)
    form = client.get(f"/benefits/{due_now.pk}/?next=/benefits/mine/").content.decode()
    assert '<input type="hidden" name="next" value="/benefits/mine/">' in form
    assert "kommer du tilbage til" in form
    response = client.post(
        f"/benefits/{due_now.pk}/measurements/",
        {"measured_on": timezone.localdate().isoformat(), "value": "80", "next": "/benefits/mine/"},
    )
    assert response.status_code == 302 and response["Location"] == "/benefits/mine/"
    assert due_now.measurements.get().value == 80
    page = client.get("/benefits/mine/").content.decode()
    assert "Målingen er registreret." in page and "Ingen målinger er forsinkede" in page


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/benefits/mine/"])
def test_it_goes_to_the_benefit_and_not_to_another_site_after_recording(client, owner, due_now, next_url):
    client.force_login(owner)
    assert next_url not in client.get(f"/benefits/{due_now.pk}/?next={next_url}").content.decode()
    response = client.post(
        f"/benefits/{due_now.pk}/measurements/",
        {"measured_on": timezone.localdate().isoformat(), "value": "80", "next": next_url},
    )
    assert response.status_code == 302 and response["Location"] == f"/benefits/{due_now.pk}/"
    assert BenefitMeasurement.objects.count() == 1


def test_it_keeps_the_way_back_when_the_measurement_is_refused(client, owner, due_now):
    client.force_login(owner)
    response = client.post(
        f"/benefits/{due_now.pk}/measurements/",
        {"measured_on": timezone.localdate().isoformat(), "value": "otte", "next": "/benefits/mine/"},
    )
    assert response.status_code == 400 and not BenefitMeasurement.objects.exists()
    assert '<input type="hidden" name="next" value="/benefits/mine/">' in response.content.decode()


# ----------------------------------------------------------------------------------- the start page's part


def part(user, today):
    return render_to_string(
        "benefits/_my_benefits_part.html", {"my_benefit_work": my_benefit_work(user, today)}
    )


def test_it_names_the_urgent_measurements_in_the_start_pages_part(owner, owned):
    html = part(owner, TODAY)
    assert "2 målinger er forsinkede" in html and "1 måling skal foretages inden for 30 dage" in html
    assert "Forsinket længst" in html and "Rolig" not in html
    assert "Se alle dine gevinster (5)" in html


def test_it_says_in_the_start_pages_part_when_nothing_is_due(owner, project, reader):
    plan(project, owner, "Rolig", baseline_date=TODAY - DAY)
    assert "Din gevinst skal ikke måles de næste 30 dage." in part(owner, TODAY)
    assert "Du er ikke gevinstejer for nogen gevinster." in part(reader, TODAY)
