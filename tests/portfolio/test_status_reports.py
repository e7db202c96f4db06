"""The project leader's biweekly status report: write, submit, correct, read; and who may do what."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from governance.bodies.services import membership_start
from portfolio.models import StatusReport
from portfolio.status import services
from tests.factories import ReportingPeriodFactory, StatusReportFactory, UserFactory, body
from tests.portfolio.status_forms import correct_url, detail_url, edit_url, form_data, new_url

pytestmark = pytest.mark.django_db

RED_MESSAGE = "Et rødt lys kræver en kommentar."


def snapshot():
    return list(StatusReport.objects.order_by("pk").values())


# --- who may do what ---------------------------------------------------------------------------------


@pytest.fixture
def draft(project, period, leader):
    return StatusReportFactory(
        project=project,
        period=period,
        author=leader,
        state=StatusReport.State.DRAFT,
        submitted_at=None,
        summary="Kladdens tekst",
    )


@pytest.fixture
def submitted(project, past_period, leader):
    return StatusReportFactory(project=project, period=past_period, author=leader, summary="Indsendt tekst")


def write_requests(project, draft, submitted):
    """Every URL that writes, with the request that would write through it."""
    return [
        ("get", new_url(project), None),
        ("post", new_url(project), form_data(version=services.status_report_version_token(draft))),
        (
            "post",
            new_url(project),
            form_data(submit="submit", version=services.status_report_version_token(draft)),
        ),
        ("get", edit_url(draft), None),
        ("post", edit_url(draft), form_data(version=services.status_report_version_token(draft))),
        (
            "post",
            edit_url(draft),
            form_data(submit="submit", version=services.status_report_version_token(draft)),
        ),
        ("post", correct_url(submitted), {}),
    ]


@pytest.mark.parametrize("persona", ["other_leader", "reader"])
def test_it_refuses_every_write_url_to_those_without_report_status(
    client, request, project, other_project, draft, submitted, persona
):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot()
    for method, url, data in write_requests(project, draft, submitted):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert snapshot() == before


def test_it_sends_anonymous_visitors_to_the_login_page(client, project, draft, submitted):
    before = snapshot()
    for method, url, data in [
        *write_requests(project, draft, submitted),
        ("get", detail_url(submitted), None),
    ]:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/")
    assert snapshot() == before


def test_it_lets_the_leader_use_every_write_url(client, leader, project, draft, submitted):
    client.force_login(leader)
    assert client.get(new_url(project)).status_code == 200
    assert client.get(edit_url(draft)).status_code == 200
    response = client.post(edit_url(draft), form_data(version=services.status_report_version_token(draft)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Pilotdriften kører"
    response = client.post(
        new_url(project), form_data(submit="submit", version=services.status_report_version_token(draft))
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_submitted
    response = client.post(correct_url(submitted))
    assert response.status_code == 302
    assert StatusReport.objects.filter(supersedes=submitted, version=2).exists()


def test_it_lets_a_programme_group_member_report_on_any_project(client, project, period):
    member = UserFactory(username="programgruppe-medlem")
    membership_start(actor=None, body=body("programgruppe"), user=member)
    client.force_login(member)
    assert client.get(new_url(project)).status_code == 200
    assert client.post(new_url(project), form_data()).status_code == 302
    assert StatusReport.objects.get(project=project, period=period).author == member


def test_it_lets_every_logged_in_user_read_a_report_but_offers_no_buttons_to_readers(
    client, reader, submitted, draft
):
    client.force_login(reader)
    for report in (submitted, draft):
        html = client.get(detail_url(report)).content.decode()
        assert "Ret rapporten (ny version)" not in html
        assert "Fortsæt kladden" not in html
    assert "Indsendt tekst" in client.get(detail_url(submitted)).content.decode()


def test_it_offers_the_leader_a_correction_and_the_draft(client, leader, submitted, draft):
    client.force_login(leader)
    assert "Ret rapporten (ny version)" in client.get(detail_url(submitted)).content.decode()
    html = client.get(detail_url(draft)).content.decode()
    assert "Fortsæt kladden" in html
    assert "Ret rapporten (ny version)" not in html


# --- writing: prefill, draft, submit, rules -------------------------------------------------------------


def test_it_prefills_a_new_report_from_the_previous_submitted_one(
    client, leader, project, period, past_period
):
    StatusReportFactory(
        project=project,
        period=past_period,
        overall="yellow",
        schedule="red",
        schedule_comment="Leverandøren er forsinket",
        percent_complete=35,
        summary="Gammelt resumé",
        next_steps="Afslut test af talegenkendelse",
        risks_issues="Nøgleperson på barsel",
        decisions_needed="Skal vi forlænge kontrakten?",
        budget_spent=Decimal("90000.00"),
        budget_forecast=Decimal("350000.50"),
    )
    client.force_login(leader)
    response = client.get(new_url(project))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["overall"].value() == "yellow"
    assert form["schedule"].value() == "red"
    assert form["schedule_comment"].value() == "Leverandøren er forsinket"
    assert form["percent_complete"].value() == 35
    assert form["risks_issues"].value() == "Nøgleperson på barsel"
    # What was planned last time is the starting text for what has been done since.
    assert form["done_since_last"].value() == "Afslut test af talegenkendelse"
    assert not form["decisions_needed"].value()
    html = response.content.decode()
    assert "Formularen er udfyldt med projektets seneste indsendte rapport" in html
    assert 'value="90.000"' in html
    assert 'value="350.000,50"' in html
    assert 'id="id_schedule_2" value="red" checked' in html
    assert not StatusReport.objects.filter(period=period).exists()


def test_it_shows_the_form_with_the_six_lights_as_labelled_radio_buttons(client, leader, project, period):
    client.force_login(leader)
    html = client.get(new_url(project)).content.decode()
    for legend in (
        "Samlet status",
        "Tidsplan",
        "Økonomi",
        "Ressourcer",
        "Leverancer og kvalitet",
        "Gevinster",
    ):
        assert f'<legend class="h3 mb-3">{legend}</legend>' in html
    assert html.count('type="radio"') == 24
    assert "Gem kladde" in html and "Indsend" in html


def test_it_saves_a_draft_then_submits_it(client, leader, project, period):
    client.force_login(leader)
    response = client.post(new_url(project), form_data())
    assert response.status_code == 302
    assert response["Location"] == new_url(project)
    report = StatusReport.objects.get(project=project, period=period)
    assert report.state == StatusReport.State.DRAFT
    assert report.budget_spent == Decimal("125000")
    assert report.budget_forecast == Decimal("400000.50")
    assert report.author == leader

    page = client.get(new_url(project))
    assert page.context["form"]["summary"].value() == "Pilotdriften kører"
    assert "Kladde" in page.content.decode()

    response = client.post(
        new_url(project),
        form_data(
            submit="submit",
            summary="Klar til Project Board",
            version=services.status_report_version_token(report),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(report)
    report.refresh_from_db()
    assert report.is_submitted
    assert report.submitted_at is not None
    assert report.summary == "Klar til Project Board"
    assert StatusReport.objects.filter(project=project).count() == 1


def test_it_submits_a_new_report_in_one_step(client, leader, project, period):
    client.force_login(leader)
    response = client.post(
        new_url(project), form_data(submit="submit", overall="red", overall_comment="Stop")
    )
    assert response.status_code == 302
    report = StatusReport.objects.get(project=project, period=period)
    assert report.is_submitted and report.overall == "red"


def test_it_refuses_a_red_light_without_a_comment(client, leader, project, period):
    client.force_login(leader)
    for button in ({}, {"submit": "submit"}):
        response = client.post(new_url(project), form_data(schedule="red", schedule_comment="   ", **button))
        assert response.status_code == 200
        assert response.context["form"].errors["schedule_comment"] == [RED_MESSAGE]
        assert RED_MESSAGE in response.content.decode()
    assert not StatusReport.objects.exists()


def test_it_refuses_to_submit_without_an_overall_light(client, leader, project, period):
    client.force_login(leader)
    response = client.post(new_url(project), form_data(submit="submit", overall="none"))
    assert response.status_code == 200
    assert "Angiv den samlede status, før rapporten indsendes." in response.content.decode()
    assert not StatusReport.objects.filter(state=StatusReport.State.SUBMITTED).exists()


def test_it_tells_the_leader_when_there_is_no_reporting_period(client, leader, project):
    client.force_login(leader)
    response = client.get(new_url(project))
    assert response.status_code == 200
    assert "Der er ingen Project Board-periode" in response.content.decode()
    assert client.post(new_url(project), form_data()).status_code == 200
    assert not StatusReport.objects.exists()


# --- submitted reports are immutable; corrections are new versions ------------------------------------


def test_it_never_changes_a_submitted_report_through_the_services(leader, project, period):
    report = StatusReportFactory(project=project, period=period, author=leader, summary="Indsendt")
    before = snapshot()
    with pytest.raises(ValidationError, match="En indsendt statusrapport kan ikke ændres"):
        services.status_report_save_draft(
            actor=leader, project=project, period=period, data={"summary": "Ny"}
        )
    with pytest.raises(ValidationError, match="En indsendt statusrapport kan ikke ændres"):
        services.status_report_submit(actor=leader, report=report)
    assert snapshot() == before


def test_it_never_edits_a_submitted_report_through_the_views(client, leader, project, period):
    report = StatusReportFactory(project=project, period=period, author=leader, summary="Indsendt")
    before = snapshot()
    client.force_login(leader)
    page = client.get(new_url(project))
    html = page.content.decode()
    assert "allerede indsendt" in html
    assert "Ret rapporten (ny version)" in html
    assert "<textarea" not in html
    assert client.post(new_url(project), form_data(summary="Ændret")).status_code == 409
    response = client.post(edit_url(report), form_data(summary="Ændret"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(report)
    assert client.get(edit_url(report)).status_code == 302
    assert snapshot() == before


def test_it_corrects_a_submitted_report_with_a_new_version_and_shows_both(client, leader, project, period):
    v1 = StatusReportFactory(project=project, period=period, author=leader, overall="green", summary="Første")
    client.force_login(leader)
    response = client.post(correct_url(v1))
    v2 = StatusReport.objects.get(supersedes=v1)
    assert response.status_code == 302
    assert response["Location"] == edit_url(v2)
    assert (v2.version, v2.state, v2.summary, v2.author) == (2, StatusReport.State.DRAFT, "Første", leader)

    response = client.post(
        edit_url(v2),
        form_data(
            submit="submit",
            overall="red",
            overall_comment="Fejl i første udgave",
            summary="Rettet",
            version=services.status_report_version_token(v2),
        ),
    )
    assert response.status_code == 302
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v2.is_submitted and v2.summary == "Rettet"
    assert v1.is_submitted and v1.summary == "Første"

    old = client.get(detail_url(v1)).content.decode()
    assert "Erstattet af" in old and edit_url(v2) not in old and detail_url(v2) in old
    assert "Ret rapporten (ny version)" not in old
    new = client.get(detail_url(v2)).content.decode()
    assert "Erstatter" in new and detail_url(v1) in new
    assert "Ret rapporten (ny version)" in new
    project_page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Rettet" in project_page and "Første" in project_page


def test_it_refuses_to_correct_a_report_twice_or_a_draft(client, leader, project, period, draft):
    client.force_login(leader)
    with pytest.raises(ValidationError):
        services.status_report_correct(actor=leader, report=draft)
    draft.state, draft.submitted_at = StatusReport.State.SUBMITTED, timezone.now()
    draft.save()
    services.status_report_correct(actor=leader, report=draft)
    before = snapshot()
    response = client.post(correct_url(draft), follow=True)
    assert "allerede erstattet" in response.content.decode()
    assert snapshot() == before


def test_it_refuses_service_calls_from_actors_without_the_permission(other_leader, project, period, draft):
    with pytest.raises(PermissionDenied):
        services.status_report_save_draft(actor=other_leader, project=project, period=period, data={})
    with pytest.raises(PermissionDenied):
        services.status_report_submit(actor=other_leader, report=draft)


# --- two people, one draft ---------------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_concurrent_saves_and_shows_what_changed(leader, project, period):
    deputy_client, leader_client = Client(), Client()
    leader_client.force_login(leader)
    deputy_client.force_login(leader)
    token_one = leader_client.get(new_url(project)).context["form"]["version"].value()
    token_two = deputy_client.get(new_url(project)).context["form"]["version"].value()
    assert token_one == token_two == "new"

    first = leader_client.post(new_url(project), form_data(summary="Første version", version=token_one))
    assert first.status_code == 302
    second = deputy_client.post(
        new_url(project), form_data(summary="Anden version", percent_complete="55", version=token_two)
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Kladden er ikke gemt: en anden har gemt den, efter du åbnede den" in html
    assert "Intet er overskrevet" in html
    changes = {change["label"]: change for change in second.context["conflict"]["changes"]}
    assert changes["Resumé"]["theirs"] == "Første version"
    assert changes["Resumé"]["yours"] == "Anden version"
    assert changes["Færdiggjort"]["theirs"] == 40 and changes["Færdiggjort"]["yours"] == 55
    report = StatusReport.objects.get(project=project, period=period)
    assert report.summary == "Første version"
    assert report.percent_complete == 40


def test_it_refuses_a_stale_save_of_an_existing_draft(leader, project, period, draft):
    one, two = Client(), Client()
    one.force_login(leader)
    two.force_login(leader)
    token_one = one.get(edit_url(draft)).context["form"]["version"].value()
    token_two = two.get(edit_url(draft)).context["form"]["version"].value()
    assert (
        one.post(edit_url(draft), form_data(summary="Fra den første", version=token_one)).status_code == 302
    )
    response = two.post(
        edit_url(draft), form_data(summary="Fra den anden", version=token_two, submit="submit")
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.summary == "Fra den første"
    assert draft.state == StatusReport.State.DRAFT
    # Having seen the differences, the second person may save deliberately: the form now carries the
    # stored version.
    new_token = response.context["form"]["version"].value()
    assert new_token == services.status_report_version_token(draft)
    assert two.post(edit_url(draft), form_data(summary="Fra den anden", version=new_token)).status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Fra den anden"


def test_it_refuses_a_stale_save_in_the_service(leader, project, period, draft):
    stale = services.status_report_version_token(draft)
    services.status_report_save_draft(
        actor=leader, project=project, period=period, data={"summary": "Ny"}, expected_version=stale
    )
    with pytest.raises(services.StatusReportConflict) as error:
        services.status_report_save_draft(
            actor=leader, project=project, period=period, data={"summary": "Gammel"}, expected_version=stale
        )
    assert error.value.current.summary == "Ny"
    draft.refresh_from_db()
    assert draft.summary == "Ny"


# --- history -------------------------------------------------------------------------------------------


def test_it_records_who_saved_submitted_and_corrected(client, leader, project, period):
    client.force_login(leader)
    client.post(new_url(project), form_data())
    report = StatusReport.objects.get(project=project, period=period)
    client.post(
        new_url(project), form_data(submit="submit", version=services.status_report_version_token(report))
    )
    client.post(correct_url(report))
    history = list(StatusReport.history.filter(id=report.pk).order_by("history_date"))
    assert [record.state for record in history] == ["draft", "draft", "submitted"]
    assert {record.history_user for record in history} == {leader}
    correction = StatusReport.objects.get(supersedes=report)
    assert correction.history.get().history_user == leader

    other = StatusReportFactory(
        project=project, period=ReportingPeriodFactory(), state="draft", submitted_at=None
    )
    services.status_report_submit(actor=leader, report=other)
    assert other.history.order_by("-history_date").first().history_user == leader


# --- reading: trend and versions --------------------------------------------------------------------------


def test_it_shows_each_light_with_its_trend_against_the_previous_report(
    client, reader, project, period, past_period
):
    StatusReportFactory(
        project=project, period=past_period, overall="yellow", schedule="green", economy="red"
    )
    report = StatusReportFactory(
        project=project,
        period=period,
        overall="green",
        schedule="red",
        economy="red",
        schedule_comment="Sent",
    )
    client.force_login(reader)
    response = client.get(detail_url(report))
    assert response.status_code == 200
    trends = {row["label"]: row["trend"]["text"] for row in response.context["lights"]}
    assert trends["Samlet status"] == "Bedre"
    assert trends["Tidsplan"] == "Dårligere"
    assert trends["Økonomi"] == "Uændret"
    assert trends["Gevinster"] == "Kan ikke sammenlignes"
    html = response.content.decode()
    assert '<span aria-hidden="true">↑</span> Bedre' in html
    assert '<span aria-hidden="true">↓</span> Dårligere' in html
    assert 'class="light light--red"' in html and "Rød" in html


# --- malformed input never 500s --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("percent_complete", "abc", "Skriv et helt tal mellem 0 og 100."),
        ("percent_complete", "-5", "Skriv et helt tal mellem 0 og 100."),
        ("percent_complete", "1000", "Skriv et helt tal mellem 0 og 100."),
        ("percent_complete", "9" * 5000, "Skriv et helt tal mellem 0 og 100."),
        ("percent_complete", "", "Angiv hvor stor en del af projektet der er færdigt (0-100)."),
        ("overall", "purple", "Vælg grøn, gul, rød eller ikke rapporteret."),
        ("summary", "x" * 100_000, "Teksten må højst være 5000 tegn (den er 100000)."),
        ("overall_comment", "æ" * 100_000, "Teksten må højst være 5000 tegn (den er 100000)."),
        ("budget_spent", "mange penge", "Skriv beløbet som et tal i kroner"),
        ("budget_spent", "1,2,3", "Skriv beløbet som et tal i kroner"),
        ("budget_spent", "NaN", "Skriv beløbet som et tal i kroner"),
        ("budget_spent", "Infinity", "Skriv beløbet som et tal i kroner"),
        ("budget_spent", "1e5", "Skriv beløbet som et tal i kroner"),
        ("budget_spent", "-100", "Beløbet kan ikke være negativt."),
        ("budget_forecast", "12,345", "Beløbet kan højst have to decimaler"),
        ("budget_forecast", "9" * 20, "Beløbet er for stort."),
        ("budget_forecast", "9" * 100_000, "Skriv beløbet som et tal i kroner"),
    ],
)
def test_it_answers_malformed_input_with_a_danish_message(
    client, leader, project, period, field, value, message
):
    client.force_login(leader)
    response = client.post(new_url(project), form_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("125.000", "125000"),
        ("125.000,50", "125000.50"),
        ("125000.5", "125000.5"),
        ("1 250 000 kr.", "1250000"),
    ],
)
def test_it_reads_amounts_as_danes_write_them(client, leader, project, period, value, expected):
    client.force_login(leader)
    assert client.post(new_url(project), form_data(budget_spent=value)).status_code == 302
    assert StatusReport.objects.get().budget_spent == Decimal(expected)


def test_it_answers_404_for_unknown_or_foreign_report_ids(client, leader, project, other_project, period):
    foreign = StatusReportFactory(project=other_project, period=period)
    client.force_login(leader)
    for url in (
        f"/projects/{project.pk}/status/999999/",
        f"/projects/{project.pk}/status/{foreign.pk}/",
        f"/projects/{project.pk}/status/{foreign.pk}/edit/",
        "/projects/999999/status/new/",
    ):
        assert client.get(url).status_code == 404, url
    before = snapshot()
    assert client.post(f"/projects/{project.pk}/status/{foreign.pk}/correct/").status_code == 404
    assert client.post(f"/projects/{project.pk}/status/999999/correct/").status_code == 404
    assert snapshot() == before


def test_it_refuses_get_on_the_correction_url(client, leader, project, period):
    report = StatusReportFactory(project=project, period=period)
    client.force_login(leader)
    assert client.get(correct_url(report)).status_code == 405
    assert not StatusReport.objects.filter(supersedes=report).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_locks_only_the_draft_while_saving_it_never_the_period(require_service, leader, project, period):
    """Every draft of a period points at the period's row. Locking that row while a draft is saved made all
    drafts of the period queue on it and deadlock with reports being committed (issue 10's load test)."""
    require_service("postgresql")
    import psycopg2
    from django.db import connection, transaction

    services.status_report_save_draft(actor=leader, project=project, period=period, data={"summary": "Først"})
    params = connection.settings_dict
    other = psycopg2.connect(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    try:
        with transaction.atomic():
            draft = services.status_report_save_draft(
                actor=leader, project=project, period=period, data={"summary": "Så"}
            )
            with other, other.cursor() as cursor:
                # What the foreign-key check of another project's report does when it commits.
                cursor.execute(
                    "SELECT id FROM portfolio_reportingperiod WHERE id = %s FOR KEY SHARE NOWAIT", [period.pk]
                )
                assert cursor.fetchone() == (period.pk,)
            with other, other.cursor() as cursor, pytest.raises(psycopg2.errors.LockNotAvailable):
                # The draft itself stays locked until the save commits: concurrent saves still queue on it.
                cursor.execute(
                    "SELECT id FROM portfolio_statusreport WHERE id = %s FOR UPDATE NOWAIT", [draft.pk]
                )
    finally:
        other.close()
