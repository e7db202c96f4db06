"""Datakvalitet decides each rule in SQL and shows one page of its rows: the first measurement's due date
is Benefit.is_overdue to the day (months_before's clamping to the month's last day included), and the
overview shows each rule's first rows with the count of them all, a rule's own list (?regel=) pages through
the rest."""

import datetime
import itertools

import pytest

from benefits.models import Benefit
from benefits.rules_sql import first_measurement_overdue
from governance.dataquality import selectors
from governance.dataquality.rows import ROWS_PER_PAGE, ROWS_SHOWN
from tests.factories import BenefitFactory, ITSystemFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/data-quality/"

# Baselines on and around the months' last days, in a leap year and a common one.
BASELINES = [
    datetime.date(year, month, day)
    for year, month, day in itertools.product((2023, 2024), (1, 2, 3, 4, 11, 12), (1, 15, 27, 28, 29, 30, 31))
    if day <= (29 if month == 2 and year == 2024 else 28 if month == 2 else 30 if month in (4, 11) else 31)
]
INTERVALS = (1, 2, 3, 6, 12, 13, 25)
TODAYS = [
    datetime.date(2024, 2, 29),
    datetime.date(2024, 3, 28),
    datetime.date(2024, 3, 29),
    datetime.date(2024, 3, 30),
    datetime.date(2024, 3, 31),
    datetime.date(2024, 5, 31),
    datetime.date(2024, 12, 31),
    datetime.date(2025, 1, 15),
    datetime.date(2025, 3, 31),
    datetime.date(2025, 4, 30),
]


def test_it_finds_the_benefits_whose_first_measurement_is_due_as_benefit_is_overdue_does():
    template = BenefitFactory()
    Benefit.objects.bulk_create(
        Benefit(
            project=template.project,
            owner=template.owner,
            title=f"{baseline} hver {months}. måned",
            type=template.type,
            unit=template.unit,
            baseline=template.baseline,
            target=template.target,
            baseline_date=baseline,
            due_date=datetime.date(2030, 1, 1),
            measurement_interval_months=months,
        )
        for baseline, months in itertools.product(BASELINES, INTERVALS)
    )
    benefits = list(Benefit.objects.exclude(pk=template.pk))
    for today in TODAYS:
        queryset, due = first_measurement_overdue(Benefit.objects.exclude(pk=template.pk), today)
        in_sql = set(queryset.filter(due).values_list("pk", flat=True))
        in_python = {benefit.pk for benefit in benefits if benefit.is_overdue(None, today)}
        assert in_sql == in_python, today
        assert 0 < len(in_sql) < len(benefits)  # the dates straddle every today


def test_it_shows_a_rule_s_first_rows_and_links_to_all_of_them(client, programme_member):
    ITSystemFactory.create_batch(ROWS_SHOWN + 5)
    client.force_login(programme_member)
    response = client.get(URL)
    html = response.content.decode()
    systems = response.context["rules"][4]
    assert systems.count == ROWS_SHOWN + 5 and len(systems.rows) == ROWS_SHOWN
    assert f"<strong>{ROWS_SHOWN + 5} systemer.</strong>" in html
    assert f"Her vises de første {ROWS_SHOWN}." in html
    assert f'href="/data-quality/?regel=systemer">Se alle {ROWS_SHOWN + 5} systemer</a>' in html
    assert 'aria-label="Sider"' not in html


def test_it_pages_through_one_rule_s_rows(client, programme_member):
    owner = UserFactory()
    for number in range(ROWS_PER_PAGE + 3):
        ITSystemFactory(name=f"System {number:03}", system_owner=owner)
    client.force_login(programme_member)
    first = client.get(URL, {"regel": "systemer"})
    assert [rule.key for rule in first.context["rules"]] == ["systemer"]
    html = first.content.decode()
    assert "Side 1 af 2" in html and "System 000" in html and f"System {ROWS_PER_PAGE:03}" not in html
    assert "Se alle" not in html and "← Alle regler" in html
    last = client.get(URL, {"regel": "systemer", "page": "2"}).content.decode()
    assert "Side 2 af 2" in last and f"System {ROWS_PER_PAGE + 2:03}" in last and "System 000" not in last
    # Past the end: the last page; malformed: the first; an unknown rule: the overview.
    assert "Side 2 af 2" in client.get(URL, {"regel": "systemer", "page": "99"}).content.decode()
    assert "Side 1 af 2" in client.get(URL, {"regel": "systemer", "page": "x"}).content.decode()
    overview = client.get(URL, {"regel": "ukendt", "page": "2"})
    assert overview.status_code == 200 and len(overview.context["rules"]) == 5


def test_it_counts_every_offending_project_and_shows_the_first_in_number_order():
    for number in range(ROWS_SHOWN + 2):
        ProjectFactory(number=f"DQ-{number:03}", focus_areas=[])
    rows = selectors.projects_without_current_focus_area()
    assert rows.total == ROWS_SHOWN + 2 and len(rows) == ROWS_SHOWN
    assert rows[0].name.startswith("DQ-000") and rows[-1].name.startswith(f"DQ-{ROWS_SHOWN - 1:03}")
