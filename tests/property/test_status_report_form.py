"""Property: whatever the project leader posts to the status report form, the answer is either a saved,
valid report or the form again with a Danish message and nothing changed; never an exception. A
submitted report never changes, and a red light is never saved without a comment."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import event, example, given
from hypothesis import strategies as st

from portfolio.models import Light, StatusReport
from portfolio.services import project_set_people
from portfolio.status import services
from portfolio.status.forms import TEXT_MAX_LENGTH
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory
from tests.property.support import (
    PROPERTY_SETTINGS,
    assert_shows_danish_errors,
    date_texts,
    form_bodies,
    logged_in,
    means_number,
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

LIGHTS = [choice.value for choice in Light]
TEXT_FIELDS = ("summary", "done_since_last", "next_steps", "risks_issues", "decisions_needed")
# Stands for the draft's real version token, which exists only once the example has made the draft.
TOKEN = "<token>"


def _amounts():
    whole = st.integers(min_value=0, max_value=10**12 - 1)
    cents = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)
    return st.one_of(
        st.just(""),
        whole.map(str),
        whole.map(lambda n: f"{n:,}".replace(",", ".")),
        cents.map(lambda d: f"{d:f}".replace(".", ",")),
        cents.map(lambda d: f"{d:,.2f}".replace(",", " ").replace(".", ",") + " kr."),
    )


def _valid():
    fields = {
        "percent_complete": st.integers(0, 100).map(str) | st.sampled_from(["0", "100", " 42 ", "007"]),
        "budget_spent": _amounts(),
        "budget_forecast": _amounts(),
        "version": mostly(st.just(TOKEN), st.sampled_from(["new", ""])),
        **dict.fromkeys(TEXT_FIELDS, plain_texts),
    }
    for dimension in StatusReport.DIMENSIONS:
        fields[dimension] = st.sampled_from(LIGHTS)
        # Mostly a comment, so that red lights pass; now and then none, so that they must not.
        fields[f"{dimension}_comment"] = mostly(words, st.sampled_from(["", "  "]), one_in=8)
    return fields


def _adversarial():
    fields = {
        "percent_complete": number_texts,
        "budget_spent": number_texts,
        "budget_forecast": number_texts,
        "version": st.one_of(texts, date_texts, st.just("2020-01-01T00:00:00+00:00")),
        **dict.fromkeys(TEXT_FIELDS, texts),
    }
    for dimension in StatusReport.DIMENSIONS:
        fields[dimension] = outside_choices(LIGHTS)
        fields[f"{dimension}_comment"] = texts
    return fields


buttons = st.sampled_from(
    [[("save", "draft")], [("submit", "submit")], [], [("save", "draft"), ("submit", "")]]
)
bodies = buttons.flatmap(lambda extra: form_bodies(_valid(), _adversarial(), extra=extra))
# Where the example starts: no report for the period yet, a draft, or a submitted report; and whether
# it posts to the period's page or to the existing report's own edit page.
starts = st.sampled_from(["empty", "draft", "submitted"])
targets = st.sampled_from(["new", "edit"])  # "edit" only where there is a report to edit


@pytest.fixture
def leader(db):
    return UserFactory(username="egenskabs-leder")


@pytest.fixture
def project(leader):
    return project_set_people(actor=None, project=ProjectFactory(name="Egenskabstest"), leader=leader)


@pytest.fixture
def period(db):
    meeting = timezone.localdate() + datetime.timedelta(days=7)
    return ReportingPeriodFactory(
        meeting_date=meeting,
        reporting_deadline=meeting - datetime.timedelta(days=2),
        start_date=meeting - datetime.timedelta(days=13),
    )


def snapshot():
    return list(StatusReport.objects.order_by("pk").values()), StatusReport.history.count()


def _existing(start, project, period, leader):
    if start == "draft":
        return StatusReportFactory(
            project=project,
            period=period,
            author=leader,
            state=StatusReport.State.DRAFT,
            submitted_at=None,
            summary="Kladden før",
            schedule="red",
            schedule_comment="Leverandøren er forsinket",
        )
    if start == "submitted":
        return StatusReportFactory(project=project, period=period, author=leader, summary="Indsendt før")
    return None


def _url(project, report, target):
    if target == "edit" and report is not None:
        return f"/projects/{project.pk}/status/{report.pk}/edit/"
    return f"/projects/{project.pk}/status/new/"


def _check_saved(report, data, *, submitted, actor, history_before):
    report.full_clean()
    assert report.project_id and report.period_id
    assert report.is_submitted == submitted
    if submitted:
        assert report.submitted_at is not None
        assert report.overall != Light.NOT_REPORTED
    for dimension in StatusReport.DIMENSIONS:
        light = getattr(report, dimension)
        comment = getattr(report, f"{dimension}_comment")
        assert light in LIGHTS
        assert light != Light.RED or comment.strip(), f"rød {dimension} uden kommentar"
        assert light == data.get(dimension)
        assert comment == data.get(f"{dimension}_comment", "").strip()
    for name in TEXT_FIELDS:
        value = getattr(report, name)
        assert value == data.get(name, "").strip()
        assert len(value) <= TEXT_MAX_LENGTH and "\x00" not in value
    assert 0 <= report.percent_complete <= 100
    assert means_number(data["percent_complete"], report.percent_complete)
    assert means_number(data.get("budget_spent", ""), report.budget_spent)
    assert means_number(data.get("budget_forecast", ""), report.budget_forecast)
    for amount in (report.budget_spent, report.budget_forecast):
        assert amount is None or (
            0 <= amount < Decimal(10) ** 12 and amount == amount.quantize(Decimal("0.01"))
        )
    new_history = StatusReport.history.order_by("history_id")[history_before:]
    assert new_history, "gemt uden historik"
    assert {record.history_user_id for record in new_history} == {actor.pk}


@PROPERTY_SETTINGS
@given(pairs=bodies, start=starts, target=targets)
@example(  # a red light and a blank comment: refused on every path, with the rule's Danish message
    pairs=[("overall", "red"), ("overall_comment", " \u00a0 "), ("percent_complete", "10"), ("submit", "1")],
    start="empty",
    target="new",
)
@example(pairs=[("percent_complete", "1e400"), ("overall", "green")], start="draft", target="edit")
@example(pairs=[("summary", "Ny\x00tekst"), ("percent_complete", "5")], start="submitted", target="new")
@example(
    pairs=[
        ("percent_complete", "50"),
        ("overall", "yellow"),
        ("budget_spent", b"\xff\xfe"),
        ("version", TOKEN),
    ],
    start="draft",
    target="new",
)
def test_it_saves_a_valid_report_or_shows_a_danish_error(leader, project, period, pairs, start, target):
    with rolled_back():
        report = _existing(start, project, period, leader)
        target = target if report is not None else "new"
        token = services.status_report_version_token(report)
        pairs = [(key, token if value == TOKEN else value) for key, value in pairs]
        data = received(pairs)
        before, history_before = snapshot()
        client = logged_in(leader)

        response = post(client, _url(project, report, target), pairs)

        assert response.status_code != 500
        event(f"{start}/{target}: {response.status_code}")
        after, _ = snapshot()
        if start == "submitted":
            # Immutable: the period's page offers a correction, the report's edit page sends to the report.
            assert response.status_code in (302, 409)
            assert after == before
            return
        if response.status_code == 302:
            saved = StatusReport.objects.get(project=project, period=period, version=1)
            _check_saved(saved, data, submitted="submit" in data, actor=leader, history_before=history_before)
            assert client.get(response["Location"]).status_code == 200
            assert client.get(f"/projects/{project.pk}/").status_code == 200
            if saved.is_submitted:
                # From now on it never changes, whatever is posted to it.
                frozen = snapshot()
                again = post(client, _url(project, saved, "edit"), pairs)
                assert again.status_code == 302 and snapshot() == frozen
            return
        assert after == before, "afvist, men databasen er ændret"
        if response.status_code == 409:
            assert "Kladden er ikke gemt: en anden har gemt den" in response.content.decode()
            return
        assert response.status_code == 200
        assert_shows_danish_errors(response, response.context["form"], marker="Rapporten er ikke gemt")
